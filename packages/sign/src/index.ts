export {
  type ServiceName,
  SIGN_ERROR_CODES,
  type SignErrorCode,
  SigningServiceError,
  SignInputError,
} from './errors.js';
export { parseRetryAfter, type RetryPolicy } from './http.js';
export { inspectIdentityToken, type TokenClaims } from './token.js';
export { type GeneratedKeyPair, generateSigningKey, KEY_ALGORITHMS, type KeyAlgorithm, loadSigningKey, type SigningKey } from './keys.js';
export { type IdentityTokenSupply, type KeylessSignerOptions, noCredentialsError } from './signers.js';
export { type LoggedEntry, tsaEndpoint } from './witnesses.js';
export {
  chooseGitHubInstance,
  githubInstance,
  instanceFromSigningConfig,
  type InstancePreset,
  PRESETS,
  resolveInstance,
  type SigningInstance,
} from './instance.js';
export { createStatementSigner, type SignOptions, type SignResult, signStatement, type StatementSigner } from './sign.js';
// Keys named by URI: the interface, its types and the one prefix test only; the scheme names, the scheme table,
// openKeyUri and redactKeyUri are @custody/sign/kms, imported on use.
export { isKeyUri, type KeySigner, type KeySignerAlgorithm, type KeyUriContext, type KeyUriOpener } from './key-uri.js';
export type { CreatedKey, KeyServiceContext, RemoteKeyAlgorithm } from './kms/signer.js';
