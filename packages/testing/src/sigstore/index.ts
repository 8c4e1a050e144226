// The local Sigstore stack (Fulcio, Rekor, TSA, OIDC issuer on loopback) and a reference verifier for its bundles.
export * from './stack.js';
export * from './faults.js';
export * from './verify.js';
