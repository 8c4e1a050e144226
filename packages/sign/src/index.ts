export {
  type KeyServiceName,
  KeyServiceError,
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
// Keys held by a service: the types and the URI check only; the signers are @custody/sign/kms, imported on use.
export type {
  CreatedKey,
  KeyServiceContext,
  KeySigner as RemoteKeySigner,
  RemoteKeyAlgorithm,
  RemoteSigningKey,
} from './kms/signer.js';
export { isKeyUri, KEY_URI_SCHEMES } from './kms/uri.js';
