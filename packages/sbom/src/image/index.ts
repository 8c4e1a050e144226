export * from './errors.js';
export * from './tar.js';
export * from './layer.js';
export * from './scan.js';
export * from './lang.js';
export * from './zip.js';
export { GoBuildInfoSink, parseBuildInfoHeader, GO_BUILDINFO_MAGIC } from './gobuildinfo.js';
export { readJar } from './jar.js';
