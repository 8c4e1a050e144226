export { MAX_SMALL_FILE_BYTES, PolicyFileError, VERIFY_ERROR_CODES, type VerifyErrorCode, VerifyInputError } from './errors.js';
export {
  type AttestationReport,
  type Check,
  type CheckStatus,
  failedChecks,
  formatMarkdown,
  formatTable,
  type IgnoredAttestation,
  REPORT_SCHEMA,
  type SbomCounts,
  type SignerInfo,
  type VerifyReport,
} from './report.js';
export {
  buildTrust,
  embeddedNpmKeys,
  embeddedPublicGoodRootJson,
  parsePublicKeyPem,
  parseTrustedRoot,
  PREDICATE_NPM_PUBLISH_V01,
  PUBLIC_GOOD_TUF_URL,
  publicGoodRoot,
  type Trust,
  type TrustedKey,
  type TrustOptions,
} from './trust.js';
export { type AttestationInput, parseAttestationDocument, readAttestationBlob } from './documents.js';
export { type CertificateIdentity, type IdentityPolicy, validateIdentityPolicy } from './identity.js';
export type { CompiledPolicy } from './policy-eval.js';
/** The policy file parser, loaded on demand (it brings the YAML parser and the CEL compiler). */
export async function loadPolicyParser(): Promise<typeof import('./policy.js')> {
  return import('./policy.js');
}
export {
  type InsecureOptions,
  startVerification,
  type Verification,
  type VerifyOptions,
  verifyTarget,
  type VerifyTarget,
} from './verify.js';
export type { ParsedStatement } from './statement.js';
export { buildVsa, type VsaOptions, type VsaPredicate } from './vsa.js';
export { verifyPrehashed } from './prehash.js';
export { refreshTrustedRoot, fetchTrustedRootTarget, GITHUB_TUF_URL, type TufRefreshOptions } from './tuf.js';
export { cosignLegacyToBundle } from './cosign.js';
export {
  buildCosignVulnPredicate,
  buildVulnsPredicate,
  cvssSeverity,
  detectReportFormat,
  type Finding,
  findingSeverity,
  PREDICATE_COSIGN_VULN_V1,
  PREDICATE_VULNS_V01,
  readScanReport,
  type ReportFormat,
  scanFromPredicate,
  type ScanReport,
  type Severity,
  SEVERITIES,
  VULN_PREDICATE_TYPES,
  type VulnsPredicate,
} from './scan-reports.js';
export {
  addStatement,
  createOpenVex,
  detectVexFormat,
  isVexPredicateType,
  makeStatement,
  mergeOpenVex,
  OPENVEX_CONTEXT,
  type OpenVexDocument,
  PREDICATE_CYCLONEDX_VEX,
  PREDICATE_OPENVEX,
  readCycloneDxVex,
  readOpenVex,
  vexFromPredicate,
  VEX_JUSTIFICATIONS,
  VEX_STATUSES,
  type VexStatement,
} from './scan-reports.js';
export type { ReportedFinding, VulnRules } from './vuln-gate.js';
export {
  compareSemver,
  componentFromPurl,
  inRange,
  matchOsv,
  NO_RELEASE,
  type OsvComponent,
  type OsvMatchResult,
  parseSemver,
} from './osv.js';
export { cvss3BaseScore, cvssRoundup, osvCvss } from './cvss.js';
export {
  type ApkVersion,
  compareApk,
  compareDpkg,
  compareGem,
  compareMaven,
  comparePep440,
  type DpkgVersion,
  dpkgPartCompare,
  type GemVersion,
  type MavenVersion,
  ecosystemOrder,
  parseApk,
  parseDpkg,
  parseGem,
  parseMaven,
  parsePep440,
  type Pep440,
} from './versions.js';
