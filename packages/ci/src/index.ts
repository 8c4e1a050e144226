export {
  type AcquiredIdentityToken,
  acquireIdentityToken,
  type AcquireIdentityTokenOptions,
  identityTokenHint,
  type IdentityTokenSource,
  requestGitHubIdToken,
} from './oidc.js';
export type { CiContext, CiEvent, Platform, PullRequestInfo, RunnerKind } from './context.js';
export { detectCi, detectPlatform } from './detect.js';
export { CI_ERROR_CODES, type CiErrorCode, IdTokenError } from './errors.js';
export { decodeJwtParts, type JwtClaims, verifyIdTokenClaims, type VerifyIdTokenOptions } from './claims.js';
export { applyTokenClaims, defaultIssuer } from './identity.js';
export {
  workflowPathFromRef,
  githubSigningFacts,
  githubOidcIssuer,
  isGheComServer,
  type GitHubSigningFacts,
  type RepositoryVisibility,
} from './platforms/github.js';
