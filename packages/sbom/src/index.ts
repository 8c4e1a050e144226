export {
  addEdge,
  type BomInput,
  type Component,
  type ComponentHash,
  type ComponentScope,
  type HashAlgorithm,
  type LockfileReader,
  newGraph,
  type PackageGraph,
  type RootComponent,
} from './model.js';
export { formatPurl } from './purl.js';
export { readers } from './readers/index.js';
export {
  checkJsonDepth,
  checkYamlFlowDepth,
  findJsonError,
  lineColumn,
  LockfileParseError,
  LockfileVersionError,
  NoLockfileError,
  NoPackagesError,
  parseJsonLockfile,
  SBOM_ERROR_CODES,
  type SbomErrorCode,
  SbomInputError,
} from './errors.js';
export { discoverLockfiles, type DiscoverOptions, readerFor, readLockfiles, type ReadLockfilesOptions } from './discover.js';
export { rootComponent } from './root.js';
export { type MergedBom, mergeGraphs } from './merge.js';
export { cycloneDxChunks, writeMergedCycloneDx } from './cyclonedx.js';
export { classifyLicense, writeMergedSpdx } from './spdx.js';
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
export { npmReader, readNpmLockfile } from './readers/npm.js';
