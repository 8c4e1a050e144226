// Test-only helpers. Each area keeps its own module; this file only re-exports them.
export * from './fixtures.js';
export * from './action-runner.js';
export * from './sigstore/index.js';
export * from './oidc-issuer.js';
export * from './registry.js';
export * from './registry-double.js';
export * from './image-builder.js';
export * from './github-api-double.js';
