/**
 * Fake secrets of many kinds, made at test time from random bytes in each provider's documented shape. Nothing
 * secret-looking is committed as a literal: every value is different on every run.
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

export function pick(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Random base62 that has upper, lower and digits (like real keys do). */
function mixed(n: number): string {
  for (;;) {
    const s = pick(ALNUM, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
}

const b64 = (n: number) => randomBytes(n).toString('base64');
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface FakeSecret {
  kind: string;
  /** The full value placed in the environment / git config / argv. */
  value: string;
  /** Substrings that must never appear in any output (the sensitive parts; no newlines or quotes). */
  needles: string[];
}

const whole = (kind: string, value: string): FakeSecret => ({ kind, value, needles: [value] });

/** Secrets recognised by their value, whatever variable holds them. */
export function valueSecrets(): FakeSecret[] {
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  const pemBody = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const ecBody = ecPem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const saKeyId = pick(HEX, 40);
  const sa = JSON.stringify({
    type: 'service_account',
    project_id: `proj-${pick(HEX, 6)}`,
    private_key_id: saKeyId,
    private_key: ecPem,
    client_email: `builder@proj-${pick(HEX, 6)}.iam.gserviceaccount.com`,
  });
  const urlPassword = mixed(18);
  const sasSig = encodeURIComponent(b64(32));
  const storageKey = b64(64);
  const busKey = b64(32);
  const jwt = `${b64url({ alg: 'RS256', typ: 'JWT', kid: pick(HEX, 8) })}.${b64url({ sub: pick(HEX, 12), iat: randomInt(1e9) })}.${randomBytes(64).toString('base64url')}`;
  const slackHook = `https://hooks.slack.com/services/T${pick(UPPER_DIGITS, 8)}/B${pick(UPPER_DIGITS, 10)}/${mixed(24)}`;
  const awsSecret = (() => {
    for (;;) {
      const s = randomBytes(30).toString('base64');
      if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
    }
  })();
  return [
    whole('github-pat', `ghp_${mixed(36)}`),
    whole('github-app-installation', `ghs_${mixed(36)}`),
    whole('github-oauth', `gho_${mixed(36)}`),
    whole('github-user-to-server', `ghu_${mixed(36)}`),
    whole('github-refresh', `ghr_${mixed(36)}`),
    whole('github-fine-grained-pat', `github_pat_${mixed(22)}_${mixed(59)}`),
    whole('gitlab-pat', `glpat-${mixed(20)}`),
    whole('gitlab-runner-token', `glrt-${mixed(24)}`),
    whole('aws-access-key-id', `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`),
    whole('aws-session-key-id', `ASIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`),
    whole('aws-secret-access-key', awsSecret),
    { kind: 'gcp-service-account-json', value: sa, needles: [saKeyId, ...ecBody] },
    whole('gcp-api-key', `AIza${pick(`${ALNUM}_-`, 35)}`),
    {
      kind: 'azure-storage-connection-string',
      value: `DefaultEndpointsProtocol=https;AccountName=acme${pick(HEX, 6)};AccountKey=${storageKey};EndpointSuffix=core.windows.net`,
      needles: [storageKey],
    },
    {
      kind: 'azure-service-bus-connection-string',
      value: `Endpoint=sb://acme${pick(HEX, 4)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${busKey}`,
      needles: [busKey],
    },
    {
      kind: 'azure-sas-url',
      value: `https://acme${pick(HEX, 4)}.blob.core.windows.net/builds/app.tgz?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=${sasSig}`,
      needles: [sasSig, decodeURIComponent(sasSig)],
    },
    whole('slack-bot-token', `xoxb-${pick('0123456789', 12)}-${pick('0123456789', 13)}-${mixed(24)}`),
    whole('slack-user-token', `xoxp-${pick('0123456789', 12)}-${pick('0123456789', 12)}-${pick('0123456789', 13)}-${pick(HEX, 32)}`),
    whole('slack-webhook', slackHook),
    whole('npm-token', `npm_${mixed(36)}`),
    { kind: 'pem-rsa-private-key', value: pem, needles: pemBody },
    { kind: 'pem-ec-private-key', value: ecPem, needles: ecBody },
    whole('jwt', jwt),
    { kind: 'password-in-url', value: `https://deploy:${urlPassword}@registry.acme.example/v2/`, needles: [urlPassword] },
    whole('stripe-live-key', `sk_live_${mixed(24)}`),
    whole('sendgrid-key', `SG.${mixed(22)}.${mixed(43)}`),
    whole('twilio-api-key', `SK${pick(HEX, 32)}`),
    whole('dockerhub-pat', `dckr_pat_${mixed(27)}`),
    whole('vault-token', `hvs.${mixed(24)}`),
    whole('pypi-token', `pypi-AgEIcHlwaS5vcmc${randomBytes(60).toString('base64url')}`),
    whole('huggingface-token', `hf_${mixed(34)}`),
    whole('openai-key', `sk-proj-${mixed(48)}`),
    whole('databricks-token', `dapi${pick(HEX, 32)}`),
    whole('atlassian-api-token', `ATATT3xFfGF0${mixed(40)}`),
    whole('high-entropy', `${randomBytes(24).toString('base64url').replace(/^(.)/, 'Q').replace(/(.)$/, '7')}aZ9`),
  ];
}

/** Secrets whose values look harmless: only their variable names say they are secret. */
export function namedSecrets(): Array<{ name: string; secret: FakeSecret }> {
  const word = () => `${pick('abcdefghijklmnopqrstuvwxyz', 7)}-${pick('0123456789', 4)}`;
  return [
    { name: 'DEPLOY_TOKEN', secret: whole('name:*_TOKEN', word()) },
    { name: 'DATABASE_PASSWORD', secret: whole('name:*_PASSWORD', word()) },
    { name: 'WEBHOOK_SECRET', secret: whole('name:*_SECRET', word()) },
    { name: 'SIGNING_KEY', secret: whole('name:*_KEY', word()) },
    { name: 'CI_JOB_TOKEN', secret: whole('name:CI_JOB_TOKEN', word()) },
    { name: 'GITHUB_TOKEN', secret: whole('name:GITHUB_TOKEN', `ghs_${mixed(36)}`) },
    { name: 'ACTIONS_RUNTIME_TOKEN', secret: whole('name:ACTIONS_RUNTIME_TOKEN', word()) },
    { name: 'SYSTEM_ACCESSTOKEN', secret: whole('name:SYSTEM_ACCESSTOKEN', word()) },
    { name: 'BUILDKITE_AGENT_ACCESS_TOKEN', secret: whole('name:BUILDKITE_AGENT_ACCESS_TOKEN', word()) },
    { name: 'CI_REGISTRY_PASSWORD', secret: whole('name:CI_REGISTRY_PASSWORD', word()) },
    { name: 'GITHUB_API_KEY', secret: whole('name:*_API_KEY', word()) },
    { name: 'GOOGLE_APPLICATION_CREDENTIALS_JSON', secret: whole('name:*CREDENTIALS*', word()) },
  ];
}

/**
 * An environment seeded with every value secret under allow-listed names (so only value detection protects
 * them) and the named secrets under their names. Returns the env additions and every secret.
 */
export function seededEnvironment(): { env: Record<string, string>; secrets: FakeSecret[] } {
  const env: Record<string, string> = {};
  const secrets: FakeSecret[] = [];
  valueSecrets().forEach((s, i) => {
    // Neutral, allow-listed names: only detection by value can keep these out.
    env[`CI_SEEDED_VALUE_${String(i).padStart(2, '0')}`] = s.value;
    secrets.push(s);
  });
  for (const { name, secret } of namedSecrets()) {
    env[name] = secret.value;
    secrets.push(secret);
  }
  return { env, secrets };
}

/** Every needle of every secret found in `text` (empty when none leaked). */
export function leaks(text: string, secrets: readonly FakeSecret[]): string[] {
  const found: string[] = [];
  for (const s of secrets) for (const n of s.needles) if (n.length >= 8 && text.includes(n)) found.push(`${s.kind}: …${n.slice(0, 6)}…`);
  return found;
}
