/**
 * The lockfile half of @custody/sbom (`@custody/sbom/lockfiles`): discovery, the lockfile readers, merging and the
 * CycloneDX and SPDX writers, without the image scanner and the OS package databases. `custody sbom` on a
 * directory imports this entry point so that it does not load the modules only images need (issue 16: an npm-only
 * run loaded every module of the package). The package root re-exports all of it.
 */
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
export { cycloneDxChunks, cycloneDxDocument, writeMergedCycloneDx } from './cyclonedx.js';
export { classifyLicense, spdxDocument, writeMergedSpdx } from './spdx.js';
export { contentUuid, contentUuidOf, PLACEHOLDER_UUID, type SealedDocument, sealedText } from './sealed.js';
export { npmReader, readNpmLockfile } from './readers/npm.js';
