// OIDC identity-token acquisition per CI platform. Filled in by the signing work.
export {};
