/**
 * @custody/sbom: lockfiles and container images to a component graph, written as CycloneDX 1.6 or SPDX 2.3 JSON.
 * The lockfile part is also its own entry point, `@custody/sbom/lockfiles` (lockfiles.ts), for callers that read no
 * image.
 */
export * from './lockfiles.js';
export {
  bdbHeaderBlobs,
  distroQualifier,
  parseOsRelease,
  readApkInstalled,
  readDpkgStatus,
  readRpmDbFile,
  readRpmHeaders,
  readRpmSqlite,
  sniffRpmDb,
} from './os/index.js';
export {
  bufferAccess,
  type GoBuildInfo,
  GoBuildInfoSink,
  goComponents,
  ImageError,
  type ImageScanResult,
  listZip,
  parseGemspec,
  parseGoModInfo,
  parsePythonMetadata,
  readJar,
  scanImage,
  type ScanProgress,
  type TarEntry,
  TarParser,
} from './image/index.js';
