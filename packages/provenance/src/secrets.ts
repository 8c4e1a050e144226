/**
 * What a secret looks like: by name (environment variables, option and header names, NAME=VALUE arguments) and by
 * value (provider token formats, PEM keys, JWTs, credentials in URLs, Basic/Bearer credentials, high-entropy strings).
 */
export const REDACTED = '[REDACTED]';

/** Variable names that are never captured, whatever the allow-list says. */
const SECRET_NAME = new RegExp(
  [
    'TOKEN',
    'SECRET',
    'PASSWORD',
    'PASSWD',
    'PASSPHRASE',
    'CREDENTIAL',
    'PRIVATE',
    'APIKEY',
    'API_KEY',
    'ACCESSKEY',
    // AUTH but not AUTHOR (GIT_AUTHOR_NAME, CI_COMMIT_AUTHOR); AUTHORIZATION stays secret.
    'AUTH(?!OR(?!IZ))',
    'COOKIE',
    'SESSION',
    'SIGNATURE',
    'CONNECTION_STRING',
    'CONNECTIONSTRING',
    'WEBHOOK',
    'DSN',
    '(^|_)KEY(_|$)',
    '(^|_)PASS(_|$)',
    '(^|_)PAT(_|$)',
    '(^|_)PWD(_|$)',
    '(^|_)PW(_|$)',
    '(^|_)JWT(_|$)',
    '(^|_)CERT',
    '(^|_)SAS(_|$)',
    '(^|_)CREDS?(_|$)',
    // git -c key=value passed through the environment: may carry http.extraheader with a token.
    '^GIT_CONFIG_(VALUE|PARAMETERS)',
  ].join('|'),
  'i',
);

/**
 * Names that match the secret-name pattern but hold ordinary values: Buildkite's step and group keys (e.g.
 * "build-and-test"), cache and sort keys, the working directory.
 */
const ORDINARY_NAME = /^(PWD|OLDPWD)$|(^|_)(STEP|GROUP|CACHE|SORT|PARTITION|PRIMARY|ROUTING|IDEMPOTENCY|MATRIX)_KEY$/i;

export function isSecretName(name: string): boolean {
  return !ORDINARY_NAME.test(name) && SECRET_NAME.test(name);
}

/**
 * The name of an option (--db-password, -Dsigning.key, signingKey), a NAME=VALUE argument or a header, as an
 * environment-style name (DB_PASSWORD, SIGNING_KEY), tested like a variable name.
 */
export function isSecretArgName(name: string): boolean {
  const env = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
  return env.length > 0 && isSecretName(env);
}

/** Secret shapes by kind. Each pattern matches a part of a value; a match redacts the whole value. */
const PATTERNS: Array<[kind: string, re: RegExp]> = [
  ['github-token', /\bgh[pousr]_[A-Za-z0-9]{30,255}/],
  ['github-fine-grained-pat', /\bgithub_pat_[A-Za-z0-9_]{22,255}/],
  ['gitlab-token', /\bgl(pat|ptt|dt|rt|cbt|ft|imt|soat|oas|agent)-[A-Za-z0-9_-]{20,}/],
  ['aws-access-key-id', /\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/],
  ['gcp-service-account', /"type"\s*:\s*"service_account"|"private_key_id"\s*:/],
  ['gcp-api-key', /\bAIza[0-9A-Za-z_-]{35}/],
  ['azure-storage-key', /AccountKey=[A-Za-z0-9+/=]{20,}/i],
  ['azure-shared-access-key', /SharedAccessKey=[A-Za-z0-9+/=]{20,}/i],
  ['azure-sas-signature', /[?&]sig=[A-Za-z0-9%+/=]{20,}/i],
  ['slack-token', /\bxox[abposre]-[A-Za-z0-9-]{10,}/],
  ['slack-app-token', /\bxapp-\d-[A-Za-z0-9-]{10,}/],
  ['slack-webhook', /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/],
  ['npm-token', /\bnpm_[A-Za-z0-9]{36}/],
  ['pypi-token', /\bpypi-AgE[A-Za-z0-9_-]{40,}/],
  ['pem-private-key', /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
  // user:password@ in a URL, or a bare token as the user (https://<token>@host), as CI systems often write remotes.
  ['url-credentials', /[a-z][a-z0-9+.-]*:\/\/([^/\s:@]*:[^/\s@]+|[^/\s:@]{16,})@/i],
  ['stripe-key', /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/],
  ['sendgrid-key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/],
  ['twilio-key', /\bSK[0-9a-fA-F]{32}\b/],
  ['dockerhub-token', /\bdckr_pat_[A-Za-z0-9_-]{20,}/],
  ['vault-token', /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/],
  ['digitalocean-token', /\bdo[opr]_v1_[a-f0-9]{64}/],
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{20,}/],
  ['openai-key', /\bsk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/],
  ['huggingface-token', /\bhf_[A-Za-z0-9]{30,}/],
  ['shopify-token', /\bshp(at|ca|pa|ss)_[a-fA-F0-9]{32}/],
  ['atlassian-token', /\bATATT[A-Za-z0-9_=-]{20,}/],
  ['buildkite-token', /\bbk(ua|ut)_[A-Za-z0-9]{30,}/],
  ['sentry-token', /\bsntr[ysu]_[A-Za-z0-9_=+/-]{20,}/],
  ['databricks-token', /\bdapi[a-f0-9]{32}/],
  ['mailgun-key', /\bkey-[a-f0-9]{32}\b/],
  ['circleci-token', /\bCCIPAT_[A-Za-z0-9_]{20,}/],
  // Basic and Bearer credentials of any length that look like one (a digit or symbol, or mixed case as base64 has:
  // "Basic dXNlcjpwYXNz"); prose after the word ("Basic setup", "Bearer token support") is not. In a header
  // (Authorization: …) everything after the name goes whatever it looks like (argv.ts). "token X" (GitHub's
  // scheme) only when X is long enough to be one.
  [
    'authorization-header',
    /\b(?:Basic|BASIC|basic|Bearer|BEARER|bearer)\s+(?=[A-Za-z]*[0-9+/=._~-]|[A-Za-z]*[a-z][A-Za-z]*[A-Z])[A-Za-z0-9+/=._~-]+|\b[Tt]oken\s+[A-Za-z0-9+/=._-]{16,}/,
  ],
  ['password-assignment', /(password|passwd|secret|token|api[_-]?key|access[_-]?key)["']?\s*[=:]\s*["']?[^\s"',;]{6,}/i],
];

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Random-looking tokens: AWS secret keys (40 chars base64 alphabet, mixed case and digits) and other high-entropy strings. */
function highEntropyKind(value: string): string | undefined {
  for (const token of value.split(/[\s"'`,;:@=?&()<>[\]{}|\\]+/)) {
    if (token.length < 20) continue;
    const upper = /[A-Z]/.test(token);
    const lower = /[a-z]/.test(token);
    const digit = /[0-9]/.test(token);
    if (/^[A-Za-z0-9/+]{40}$/.test(token) && upper && lower && digit) return 'aws-secret-access-key';
    if (!(upper && lower && digit)) continue; // hex digests, ids, words, paths without mixed classes
    const segments = token.split('/');
    if (segments.length > 2 && segments.every((s) => s.length <= 24)) continue; // a file path
    if (/^[A-Za-z0-9+/_=.-]+$/.test(token) && entropy(token) >= 3.8) return 'high-entropy';
  }
  return undefined;
}

/** The secret kinds found in a value (empty when none). */
export function secretKinds(value: string): string[] {
  const kinds = PATTERNS.filter(([, re]) => re.test(value)).map(([kind]) => kind);
  const he = highEntropyKind(value);
  if (he && !kinds.length) kinds.push(he);
  return kinds;
}

/** Kinds found by structure (a credential in a URL, a header, an assignment) that can be redacted in part. */
export const STRUCTURAL_KINDS: ReadonlySet<string> = new Set(['url-credentials', 'authorization-header', 'password-assignment']);

/** Secret kinds that identify the value itself as a token (everything but the structural kinds). */
export function tokenKinds(value: string): string[] {
  return secretKinds(value).filter((k) => !STRUCTURAL_KINDS.has(k));
}

export function looksSecret(value: string): boolean {
  return secretKinds(value).length > 0;
}
