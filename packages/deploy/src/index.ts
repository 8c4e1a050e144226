/**
 * @custody/deploy: what is deployed, as image references with their locations. Kubernetes manifests (plain,
 * `helm template`, `kustomize build`, JSON, List kinds) and image lists in; pinning tags to digests in place out.
 * Pure: text in, models out; the caller reads the files (bounded by LIMIT_MANIFEST_BYTES).
 */
export { DEPLOY_ERROR_CODES, DeployInputError, type DeployErrorCode } from './errors.js';
export {
  checkImageReference,
  MAX_YAML_ALIASES,
  parseImageList,
  parseManifests,
  pinText,
  WORKLOAD_KINDS,
  type ImageUse,
  type ParsedManifests,
  type PinEdit,
} from './manifests.js';
