/**
 * @custody/deploy: what is deployed, as image references with their locations. Kubernetes manifests (plain,
 * `helm template`, `kustomize build`, JSON, List kinds) and image lists in; pinning tags to digests in place out.
 * The pure parts of the admission webhook (reviews, responses, its policy file). Pure: text in, models out; the caller reads the files (bounded by LIMIT_MANIFEST_BYTES).
 */
export { DEPLOY_ERROR_CODES, DeployInputError, type DeployErrorCode } from './errors.js';
export {
  checkImageReference,
  MAX_YAML_ALIASES,
  objectImages,
  parseImageList,
  parseManifests,
  pinText,
  WORKLOAD_KINDS,
  type ImageUse,
  type ParsedManifests,
  type PinEdit,
} from './manifests.js';
export {
  ADMISSION_API_VERSION,
  admissionResponse,
  MAX_WARNING_CHARS,
  MAX_WARNINGS,
  parseAdmissionConfig,
  parseAdmissionReview,
  reviewImages,
  reviewUid,
  type AdmissionConfig,
  type AdmissionDecision,
  type AdmissionPolicyEntry,
  type AdmissionRequest,
  type ReviewedImage,
} from './admission.js';
