export * from './oidc.js';
export * from './context.js';
export * from './detect.js';
export * from './errors.js';
export * from './claims.js';
export * from './identity.js';
export { workflowPathFromRef } from './platforms/github.js';
