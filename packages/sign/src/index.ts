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
export {
  createRemoteKey,
  type CreatedKey,
  isKeyUri,
  KEY_SCHEMES,
  type KeyServiceContext,
  type KeySigner as RemoteKeySigner,
  keySignerFor,
  openRemoteKey,
  type RemoteKeyAlgorithm,
  type RemoteSigningKey,
} from './kms/signer.js';
