export * from './errors.js';
export * from './digest.js';
export * from './intoto.js';
export * from './json.js';
export * from './clock.js';
export * from './log.js';
export * from './version.js';
export * from './limits.js';
