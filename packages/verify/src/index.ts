export * from './errors.js';
export * from './report.js';
export * from './trust.js';
export * from './documents.js';
export * from './identity.js';
export * from './statement.js';
export * from './policy-eval.js';
/** The policy file parser, loaded on demand (it brings the YAML parser and the CEL compiler). */
export async function loadPolicyParser(): Promise<typeof import('./policy.js')> {
  return import('./policy.js');
}
export * from './sbom.js';
export * from './verify.js';
export * from './vsa.js';
export { verifyPrehashed } from './prehash.js';
export { refreshTrustedRoot, fetchTrustedRootTarget, GITHUB_TUF_URL, type TufRefreshOptions } from './tuf.js';
export * from './cosign.js';
