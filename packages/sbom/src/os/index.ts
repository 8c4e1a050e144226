export * from './os-release.js';
export * from './control.js';
export * from './dpkg.js';
export * from './apk.js';
export * from './rpm.js';
export * from './rpmdb-files.js';
