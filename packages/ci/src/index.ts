export * from './oidc.js';
export * from './context.js';
export * from './detect.js';
export * from './errors.js';
export * from './claims.js';
export * from './identity.js';
export { workflowPathFromRef, githubSigningFacts, githubOidcIssuer, isGheComServer, type GitHubSigningFacts, type RepositoryVisibility } from './platforms/github.js';
