// Test-only helpers. Each area keeps its own module; this file only re-exports them.
export { repoRoot, requireSharedFile, sharedDir, sharedNotice } from './fixtures.js';
export { parseCommandFile, runActionDist } from './action-runner.js';
export {
  ciSan,
  issuerMatches,
  PUBLIC_GOOD_CI_ISSUERS,
  sanForClaims,
  type SigstoreStack,
  startSigstoreStack,
  verifyBundleWithRoot,
} from './sigstore/index.js';
export { githubWorkflowClaims, type JwtClaims, type OidcIssuer, startOidcIssuer } from './oidc-issuer.js';
export {
  type FaultProxy,
  freePort,
  pushTestImage,
  type RegistryFault,
  registryToolsAvailable,
  requireRegistryTools,
  runSkopeo,
  type StartedRegistry,
  startFaultProxy,
  startRegistry,
  type TestImage,
  writeTestImageLayout,
} from './registry.js';
export { type RegistryDouble, startRegistryDouble } from './registry-double.js';
export {
  buildImage,
  buildLayer,
  type BuiltLayer,
  fakeGoBinary,
  type ImageSpec,
  type LayoutResult,
  rpmHeaderBlob,
  tarArchive,
  tarHeader,
  type TestFile,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  writeRpmDb,
  zipArchive,
} from './image-builder.js';
export { type GitHubApiDouble, snappyEncode, startGitHubApiDouble } from './github-api-double.js';
