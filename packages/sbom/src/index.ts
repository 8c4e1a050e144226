export * from './model.js';
export * from './purl.js';
export * from './hashes.js';
export * from './readers/index.js';
