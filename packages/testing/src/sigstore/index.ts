// The local Sigstore stack (Fulcio, Rekor, TSA, OIDC issuer on loopback). Filled in by the signing work.
export {};
