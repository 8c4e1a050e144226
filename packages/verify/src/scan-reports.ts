/**
 * `@custody/verify/scan-reports`: the scanner reports and VEX documents as attest reads and signs them (vuln.ts,
 * vex.ts), without the verifier, its trust material and TUF, so that `custody attest --vuln/--vex` and the attest
 * actions do not carry the verifier in their bundles. The package root re-exports the same names.
 */
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
} from './vuln.js';
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
} from './vex.js';
