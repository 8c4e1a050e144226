/**
 * Captured build data never carries secrets (ARCHITECTURE.md, trust model):
 *  1. environment capture is allow-listed by name (CI platform variables and a few generic ones);
 *  2. names that say "secret" (*_TOKEN, *_SECRET, *_PASSWORD, *_KEY, credentials, …) are never captured, allow-listed or not;
 *  3. every captured value is scanned for secret shapes (provider token formats, PEM keys, JWTs, passwords in URLs,
 *     high-entropy strings) and replaced by "[REDACTED]" when one matches.
 * Redacted values are also registered with the logger, so they are masked in every log line.
 */
import { addSecret, compareStrings } from '@custody/core';

export const REDACTED = '[REDACTED]';

/** Prefixes of CI platform variables that are captured (after the name and value checks). */
export const ENV_ALLOW_PREFIXES = [
  'GITHUB_', 'RUNNER_', 'CI_', 'GITLAB_', 'BUILDKITE_', 'CIRCLE_', 'BUILD_', 'SYSTEM_', 'AGENT_', 'BITBUCKET_',
  'CHANGE_', 'JOB_', 'GIT_', 'TF_BUILD',
] as const;

/** Exact names captured besides the prefixes. */
export const ENV_ALLOW_NAMES = [
  'CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'TF_BUILD', 'JENKINS_URL', 'BUILD_NUMBER', 'BUILD_ID',
  'BUILD_URL', 'BUILD_TAG', 'NODE_NAME', 'EXECUTOR_NUMBER', 'BRANCH_NAME', 'TAG_NAME', 'STAGE_NAME', 'WORKSPACE',
  'ImageOS', 'ImageVersion', 'NODE_ENV', 'SOURCE_DATE_EPOCH', 'LANG', 'LC_ALL', 'TZ', 'SHELL',
] as const;

/** Variable names that are never captured, whatever the allow-list says. */
const SECRET_NAME = new RegExp(
  [
    'TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'PRIVATE', 'APIKEY', 'API_KEY', 'ACCESSKEY',
    'AUTH', 'COOKIE', 'SESSION', 'SIGNATURE', 'CONNECTION_STRING', 'CONNECTIONSTRING', 'WEBHOOK', 'DSN',
    '(^|_)KEY(_|$)', '(^|_)PASS(_|$)', '(^|_)PAT(_|$)', '(^|_)PWD(_|$)', '(^|_)PW(_|$)', '(^|_)JWT(_|$)', '(^|_)CERT',
    '(^|_)SAS(_|$)', '(^|_)CREDS?(_|$)',
    // git -c key=value passed through the environment: may carry http.extraheader with a token.
    '^GIT_CONFIG_(VALUE|PARAMETERS)',
  ].join('|'),
  'i',
);

export function isSecretName(name: string): boolean {
  return name !== 'PWD' && SECRET_NAME.test(name);
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
  ['authorization-header', /\b(Basic|Bearer|token)\s+[A-Za-z0-9+/=._-]{16,}/i],
  ['password-assignment', /(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)["']?\s*[=:]\s*["']?[^\s"',;]{6,}/i],
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

export function looksSecret(value: string): boolean {
  return secretKinds(value).length > 0;
}

export interface RedactedEnvironment {
  /** Allow-listed variables, name -> value or "[REDACTED]". */
  variables: Record<string, string>;
  /** Names whose values were redacted, with the kinds of secret found. */
  redacted: Array<{ name: string; kinds: string[] }>;
  /** How many variables were left out (not allow-listed, or secret by name). Names are not listed. */
  omitted: number;
}

export interface RedactOptions {
  /** Extra variable names to capture (still subject to the name and value checks). */
  allow?: string[];
}

export function isAllowedName(name: string, extra: readonly string[] = []): boolean {
  if (isSecretName(name)) return false;
  if ((ENV_ALLOW_NAMES as readonly string[]).includes(name) || extra.includes(name)) return true;
  return ENV_ALLOW_PREFIXES.some((p) => name.startsWith(p));
}

/** Allow-lists and redacts an environment. Values that look secret are registered with the log masker. */
export function redactEnvironment(env: Record<string, string | undefined>, options: RedactOptions = {}): RedactedEnvironment {
  const variables: Record<string, string> = {};
  const redacted: RedactedEnvironment['redacted'] = [];
  let omitted = 0;
  for (const name of Object.keys(env).sort(compareStrings)) {
    const value = env[name];
    if (value === undefined) continue;
    if (isSecretName(name)) {
      addSecret(value);
      omitted++;
      continue;
    }
    if (!isAllowedName(name, options.allow)) {
      omitted++;
      continue;
    }
    const kinds = secretKinds(value);
    if (kinds.length) {
      addSecret(value);
      variables[name] = REDACTED;
      redacted.push({ name, kinds });
    } else {
      variables[name] = value;
    }
  }
  return { variables, redacted, omitted };
}

/** Programs whose `-p` is a password (mysql -pPW, docker login -p PW, sshpass -p PW). */
const PASSWORD_P_PROGRAMS = /^(mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|sshpass)$/;

/**
 * Redacts a command line: secret-looking arguments, the values of --token/--password-like flags, `user:password`
 * given to -u/--user (curl), and `-p` passwords of login commands and database clients.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let hideNext = false;
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  const passwordP = PASSWORD_P_PROGRAMS.test(program) || argv.includes('login');
  for (const [i, arg] of argv.entries()) {
    if (hideNext) {
      hideNext = false;
      addSecret(arg);
      out.push(REDACTED);
      continue;
    }
    const prev = i > 0 ? argv[i - 1] : undefined;
    // user:password (curl -u); a numeric uid:gid (docker run -u 1000:1000) is not one.
    if ((prev === '-u' || prev === '--user') && /:(?!\d+$)./s.test(arg)) {
      addSecret(arg);
      out.push(REDACTED);
      continue;
    }
    const gluedUser = /^(-u)(.+:(?!\d+$).+)$/s.exec(arg);
    if (gluedUser) {
      addSecret(gluedUser[2]);
      out.push(`-u${REDACTED}`);
      continue;
    }
    if (passwordP && (arg === '-p' || arg === '-P' || arg === '--password')) {
      out.push(arg);
      hideNext = true;
      continue;
    }
    if (passwordP && /^-p.+/s.test(arg)) {
      addSecret(arg.slice(2));
      out.push(`-p${REDACTED}`);
      continue;
    }
    const flag = /^(--?[A-Za-z0-9_.-]+)(=(.*))?$/s.exec(arg);
    if (flag && isSecretName(flag[1]!.replace(/^-+/, '').replace(/[-.]/g, '_'))) {
      if (flag[2] !== undefined) {
        addSecret(flag[3]);
        out.push(`${flag[1]}=${REDACTED}`);
      } else {
        out.push(arg);
        hideNext = true;
      }
      continue;
    }
    if (looksSecret(arg)) {
      addSecret(arg);
      out.push(REDACTED);
    } else out.push(arg);
  }
  return out;
}

/** Redacts a free-text value entirely when it looks secret. */
export function redactValue(value: string): string {
  if (!looksSecret(value)) return value;
  addSecret(value);
  return REDACTED;
}
