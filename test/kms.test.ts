// Signing with keys held by a service: Vault Transit and AWS KMS. Neither service can run here, so each is a
// local HTTP DOUBLE of the service's documented API (written below, in this file): it checks every request as the
// service documents it (Vault: POST /v1/transit/sign/KEY with prehashed, hash_algorithm sha2-256,
// marshaling_algorithm asn1 and X-Vault-Token; AWS: a well-formed SigV4 Authorization header, X-Amz-Target
// TrentService.Sign, MessageType DIGEST, SigningAlgorithm ECDSA_SHA_256, KeyId) and signs with a real P-256 key it
// holds; besides, P-384 keys (the SHA-256 padded to the 48-byte digest AWS, Google and Azure take) and PSS-only RSA
// keys (test/support/ecdsa-prehash.ts signs the digest as the services do). Custody and the AWS SDK run unmodified, pointed at the double through their endpoint settings with fake
// credentials. Bundles are verified with @sigstore/verify; errors must exit 2 with their code, and no credential
// may appear in any output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, createSign, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundleWithRoot } from '@custody/testing';
import { runCli } from './support/cli.js';
import { signDigestP256, signDigestP384, signDigestPss } from './support/ecdsa-prehash.js';
import { runCustody } from './provenance.support.js';

const VAULT_TOKEN = 'hvs.vault-double-token-5d1e0c9a7b';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(
  handler: (req: Seen) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      const out = handler(s);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A statement to attest: a file subject. */
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-kms-'));
  await writeFile(join(dir, 'app.bin'), 'the artifact\n');
  await writeFile(join(dir, 'pred.json'), '{"ok":true}\n');
  return dir;
}

function verifyKeyBundle(bundleText: string, publicKeyPem: string) {
  const bundle = JSON.parse(bundleText);
  const hint = bundle.verificationMaterial.publicKey.hint as string;
  const pub = createPublicKey(publicKeyPem);
  expect(hint).toBe(
    createHash('sha256')
      .update(pub.export({ format: 'der', type: 'spki' }))
      .digest('hex'),
  );
  const emptyRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
  verifyBundleWithRoot(bundle, emptyRoot, { keys: { [hint]: publicKeyPem }, timestampThreshold: 0 });
}

/**
 * A key made by keys generate --kms --algorithm ecdsa-p384: custody attest signs a bundle with it (through the
 * double), which @sigstore/verify verifies with the public key keys generate printed, and refuses with another P-384
 * key. `run` is runCli or runCustody (the built process), as the service's test needs.
 */
async function signAndVerifyP384(
  dir: string,
  uri: string,
  publicKeyPem: string,
  env: Record<string, string>,
  run: (args: string[], o: { cwd: string; env: Record<string, string> }) => Promise<{ code: number; stderr: string }> = runCli,
) {
  expect(createPublicKey(publicKeyPem).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  const attested = await run(
    [
      'attest',
      '--subject',
      'app.bin',
      '--predicate-type',
      'https://example.com/t/v1',
      '--predicate',
      'pred.json',
      '--key',
      uri,
      '--bundle',
      'made384.json',
    ],
    { cwd: dir, env },
  );
  expect(attested.code, attested.stderr).toBe(0);
  const bundle = await readFile(join(dir, 'made384.json'), 'utf8');
  verifyKeyBundle(bundle, publicKeyPem);
  const other = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
  expect(() => verifyKeyBundle(bundle, other)).toThrow();
}

describe('hashivault:// (Vault Transit, against a double of its HTTP API)', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  let vault: Awaited<ReturnType<typeof listen>>;
  const keys = new Map<string, string>([
    ['release', 'ecdsa-p256'],
    ['p384', 'ecdsa-p384'],
    ['aes', 'aes256-gcm96'],
  ]);
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const p384Pem = p384.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  /** P-384 keys made through POST /v1/transit/keys/NAME (type ecdsa-p384): each its own key pair, as Vault makes. */
  const made384 = new Map<string, ReturnType<typeof generateKeyPairSync>>();
  const pairOf384 = (name: string) => made384.get(name) ?? p384;
  beforeAll(async () => {
    vault = await listen((r) => {
      if (r.headers['x-vault-token'] !== VAULT_TOKEN) return { status: 403, body: { errors: ['permission denied'] } };
      const m = /^\/v1\/transit\/(keys|sign)\/([^/]+)$/.exec(r.url);
      if (!m) return { status: 404, body: { errors: [] } };
      const name = m[2]!;
      if (m[1] === 'keys' && r.method === 'POST') {
        const type = JSON.parse(r.body).type;
        keys.set(name, type);
        if (type === 'ecdsa-p384') made384.set(name, generateKeyPairSync('ec', { namedCurve: 'P-384' }));
        return { status: 204, body: undefined };
      }
      const type = keys.get(name);
      if (!type) return { status: r.method === 'GET' ? 404 : 400, body: { errors: [r.method === 'GET' ? '' : 'signing key not found'] } };
      if (m[1] === 'keys') {
        const signing = type.startsWith('ecdsa');
        return {
          status: 200,
          body: {
            data: {
              type,
              latest_version: 1,
              supports_signing: signing,
              keys: {
                1: signing
                  ? {
                      public_key:
                        type === 'ecdsa-p384' ? pairOf384(name).publicKey.export({ format: 'pem', type: 'spki' }).toString() : pem,
                    }
                  : 1,
              },
            },
          },
        };
      }
      if (!type.startsWith('ecdsa')) return { status: 400, body: { errors: [`key type ${type} does not support signing`] } };
      const b = JSON.parse(r.body);
      // As Vault documents POST /transit/sign/:name for a prehashed ECDSA signature with a DER encoding.
      if (b.prehashed !== true || b.hash_algorithm !== 'sha2-256' || b.marshaling_algorithm !== 'asn1')
        return { status: 400, body: { errors: ['bad request'] } };
      const digest = Buffer.from(b.input, 'base64');
      if (digest.length !== 32) return { status: 400, body: { errors: ['digest is not SHA-256'] } };
      // A P-384 key signs the SHA-256 digest it is given as it is (Vault lets the digest be chosen).
      const sig = type === 'ecdsa-p384' ? signDigestP384(digest, pairOf384(name).privateKey) : signDigestP256(digest, key.privateKey);
      return { status: 200, body: { data: { signature: `vault:v1:${sig.toString('base64')}`, key_version: 1 } } };
    });
  });
  afterAll(() => vault.server.close());
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH, VAULT_ADDR: vault.url, VAULT_TOKEN, ...extra });

  it('signs a bundle through Transit (prehashed SHA-256, asn1) that @sigstore/verify verifies; verify --key URI fetches the key', async () => {
    const dir = await project();
    const run = await runCli(
      [
        'attest',
        '--subject',
        'app.bin',
        '--predicate-type',
        'https://example.com/t/v1',
        '--predicate',
        'pred.json',
        '--key',
        'hashivault://release',
        '--bundle',
        'app.sigstore.json',
      ],
      {
        cwd: dir,
        env: env(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const signs = vault.seen.filter((s) => s.url === '/v1/transit/sign/release');
    expect(signs.length).toBe(1);
    expect(signs[0]!.method).toBe('POST');
    const bundle = await readFile(join(dir, 'app.sigstore.json'), 'utf8');
    verifyKeyBundle(bundle, pem);
    // The DSSE signature is over the PAE: the digest Vault was sent is its SHA-256.
    const env2 = JSON.parse(bundle).dsseEnvelope;
    const payload = Buffer.from(env2.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${env2.payloadType.length} ${env2.payloadType} ${payload.length} `), payload]);
    expect(JSON.parse(signs[0]!.body).input).toBe(createHash('sha256').update(pae).digest('base64'));

    const pub = await runCli(['keys', 'public-key', '--key', 'hashivault://release'], { cwd: dir, env: env() });
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout.trim()).toBe(pem.trim());
    const verified = await runCli(
      [
        'verify',
        'app.bin',
        '--bundle',
        'app.sigstore.json',
        '--key',
        'hashivault://release',
        '--predicate-type',
        'https://example.com/t/v1',
      ],
      { cwd: dir, env: env() },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    for (const r of [run, pub, verified]) expect(r.stdout + r.stderr).not.toContain(VAULT_TOKEN);
  });

  it('a P-384 Transit key signs the prehashed SHA-256 (ECDSA P-384 with SHA-256): @sigstore/verify and verify --key accept it', async () => {
    const dir = await project();
    const run = await runCli(
      [
        'attest',
        '--subject',
        'app.bin',
        '--predicate-type',
        'https://example.com/t/v1',
        '--predicate',
        'pred.json',
        '--key',
        'hashivault://p384',
        '--bundle',
        'p384.json',
      ],
      { cwd: dir, env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const bundle = await readFile(join(dir, 'p384.json'), 'utf8');
    verifyKeyBundle(bundle, p384Pem);
    expect(() =>
      verifyKeyBundle(
        bundle,
        generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      ),
    ).toThrow();
    const verified = await runCli(
      ['verify', 'app.bin', '--bundle', 'p384.json', '--key', 'hashivault://p384', '--predicate-type', 'https://example.com/t/v1'],
      { cwd: dir, env: env() },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
  });

  it('keys generate --kms creates a Transit key (POST /v1/transit/keys/NAME, type ecdsa-p256)', async () => {
    const dir = await project();
    const run = await runCli(['keys', 'generate', '--kms', 'hashivault://made', '--format', 'json'], { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(keys.get('made')).toBe('ecdsa-p256');
    expect(JSON.parse(run.stdout)).toMatchObject({ uri: 'hashivault://made', algorithm: 'ecdsa-p256-sha256', publicKeyPem: pem });
  });

  it('keys generate --kms --algorithm ecdsa-p384 creates a Transit ecdsa-p384 key; a bundle signed with it verifies', async () => {
    const dir = await project();
    const run = await runCli(['keys', 'generate', '--kms', 'hashivault://made384', '--algorithm', 'ecdsa-p384', '--format', 'json'], {
      cwd: dir,
      env: env(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(keys.get('made384')).toBe('ecdsa-p384');
    const made = JSON.parse(run.stdout);
    const madePem = made384.get('made384')!.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(made).toMatchObject({ uri: 'hashivault://made384', algorithm: 'ecdsa-p384-sha256', publicKeyPem: madePem });
    await signAndVerifyP384(dir, 'hashivault://made384', made.publicKeyPem, env() as Record<string, string>);
  });

  it.each([
    [
      'a refused token',
      'release',
      { VAULT_TOKEN: 'hvs.wrong-token-abcdef' },
      'SIGN_KMS_PERMISSION_DENIED',
      /refused.*hashivault:\/\/release.*HTTP 403/,
    ],
    ['a missing key', 'nothere', {}, 'SIGN_KMS_KEY_NOT_FOUND', /no Transit key "nothere"/],
    ['a key that does not sign', 'aes', {}, 'SIGN_KMS_KEY_USAGE', /aes256-gcm96, which does not sign/],
    [
      'an unreachable server',
      'release',
      { VAULT_ADDR: 'http://127.0.0.1:9' },
      'SIGN_KMS_UNREACHABLE',
      /cannot be reached.*(ECONNREFUSED|port)/,
    ],
    ['no VAULT_TOKEN', 'release', { VAULT_TOKEN: '' }, 'SIGN_KMS_CREDENTIALS_MISSING', /needs VAULT_TOKEN/],
  ])('%s: exit 2, the code, the service and the key named, no token printed', async (_what, name, extra, code, message) => {
    const dir = await project();
    const run = await runCli(
      [
        'attest',
        '--subject',
        'app.bin',
        '--predicate-type',
        'https://example.com/t/v1',
        '--predicate',
        'pred.json',
        '--key',
        `hashivault://${name}`,
        '--bundle',
        'x.json',
      ],
      {
        cwd: dir,
        env: env(extra as Record<string, string>),
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Vault/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain(VAULT_TOKEN);
  });
});

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYdoubleSECRET';
const AWS_ACCESS = 'AKIADOUBLE0EXAMPLE01';

describe('awskms:// (AWS KMS through the unmodified @aws-sdk/client-kms, against a double of the KMS JSON API)', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const der = key.publicKey.export({ format: 'der', type: 'spki' });
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
  let kms: Awaited<ReturnType<typeof listen>>;
  const aliases = new Map<string, string>([['alias/release', KEY_ID]]);
  // Keys beside the P-256 one: a P-384 key (ECDSA_SHA_384 over a 48-byte digest) and an RSA key offering PSS alone.
  const OTHER_KEYS: Record<string, { key: ReturnType<typeof generateKeyPairSync>; spec: string; algorithm: string }> = {
    'alias/p384': { key: generateKeyPairSync('ec', { namedCurve: 'P-384' }), spec: 'ECC_NIST_P384', algorithm: 'ECDSA_SHA_384' },
    'alias/pss': { key: generateKeyPairSync('rsa', { modulusLength: 2048 }), spec: 'RSA_2048', algorithm: 'RSASSA_PSS_SHA_256' },
  };
  const problems: string[] = [];
  const fail = (type: string, message: string) => ({
    status: 400,
    body: { __type: type, message },
    headers: { 'x-amzn-errortype': type },
  });
  beforeAll(async () => {
    kms = await listen((r) => {
      // What the SDK must send (the JSON 1.1 protocol, SigV4); a request that breaks the rules is recorded and refused.
      const auth = String(r.headers.authorization ?? '');
      const sigv4 =
        /^AWS4-HMAC-SHA256 Credential=AKIADOUBLE0EXAMPLE01\/\d{8}\/us-east-1\/kms\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/;
      if (!sigv4.test(auth) || !r.headers['x-amz-date'] || r.method !== 'POST' || r.url !== '/') {
        problems.push(`unsigned or malformed: ${r.method} ${r.url} ${auth}`);
        return fail('InvalidSignatureException', 'The request signature we calculated does not match');
      }
      if (r.headers['content-type'] !== 'application/x-amz-json-1.1') problems.push(`content-type ${r.headers['content-type']}`);
      const target = String(r.headers['x-amz-target']);
      const b = JSON.parse(r.body);
      const id = aliases.get(b.KeyId) ?? b.KeyId;
      if (target === 'TrentService.CreateKey') {
        if (!['ECC_NIST_P256', 'ECC_NIST_P384'].includes(b.KeySpec) || b.KeyUsage !== 'SIGN_VERIFY') problems.push(`CreateKey ${r.body}`);
        if (b.KeySpec === 'ECC_NIST_P384') {
          // A new P-384 key of its own, found by its new id (the alias CreateAlias gives it maps to that id).
          const newId = `p384-${Object.keys(OTHER_KEYS).length}-5678-90ab-cdef12345678`;
          OTHER_KEYS[newId] = {
            key: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
            spec: 'ECC_NIST_P384',
            algorithm: 'ECDSA_SHA_384',
          };
          return { status: 200, body: { KeyMetadata: { KeyId: newId, KeySpec: b.KeySpec, KeyUsage: b.KeyUsage } } };
        }
        return { status: 200, body: { KeyMetadata: { KeyId: KEY_ID, Arn: ARN, KeySpec: b.KeySpec, KeyUsage: b.KeyUsage } } };
      }
      if (target === 'TrentService.CreateAlias') {
        aliases.set(b.AliasName, b.TargetKeyId);
        return { status: 200, body: {} };
      }
      if (id === 'alias/denied')
        return fail(
          'AccessDeniedException',
          `User: arn:aws:iam::111122223333:user/ci is not authorized to perform: kms:${target.split('.')[1]}`,
        );
      if (id === 'alias/deleting') return fail('KMSInvalidStateException', `${ARN} is pending deletion.`);
      if (id === 'alias/encrypt' && target === 'TrentService.GetPublicKey')
        return { status: 200, body: { KeyId: ARN, KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT', PublicKey: der.toString('base64') } };
      const other = OTHER_KEYS[id];
      if (other && target === 'TrentService.GetPublicKey') {
        const spki = other.key.publicKey.export({ format: 'der', type: 'spki' });
        return {
          status: 200,
          body: {
            KeyId: id,
            KeySpec: other.spec,
            KeyUsage: 'SIGN_VERIFY',
            PublicKey: spki.toString('base64'),
            SigningAlgorithms: [other.algorithm],
          },
        };
      }
      if (other && target === 'TrentService.Sign') {
        // As KMS documents Sign with MessageType DIGEST: the digest's length is the algorithm's hash length.
        const digest = Buffer.from(b.Message, 'base64');
        const length = other.algorithm === 'ECDSA_SHA_384' ? 48 : 32;
        if (b.MessageType !== 'DIGEST' || b.SigningAlgorithm !== other.algorithm || digest.length !== length) {
          problems.push(`Sign ${r.body}`);
          return fail('ValidationException', `Digest is invalid length for algorithm ${b.SigningAlgorithm}.`);
        }
        const sig =
          other.algorithm === 'ECDSA_SHA_384' ? signDigestP384(digest, other.key.privateKey) : signDigestPss(digest, other.key.privateKey);
        return { status: 200, body: { KeyId: id, Signature: sig.toString('base64'), SigningAlgorithm: b.SigningAlgorithm } };
      }
      if (id !== KEY_ID && id !== ARN) return fail('NotFoundException', `Key '${b.KeyId}' does not exist`);
      if (target === 'TrentService.GetPublicKey') {
        return {
          status: 200,
          body: {
            KeyId: ARN,
            KeySpec: 'ECC_NIST_P256',
            KeyUsage: 'SIGN_VERIFY',
            PublicKey: der.toString('base64'),
            SigningAlgorithms: ['ECDSA_SHA_256'],
          },
        };
      }
      if (target === 'TrentService.Sign') {
        if (b.MessageType !== 'DIGEST' || b.SigningAlgorithm !== 'ECDSA_SHA_256') {
          problems.push(`Sign ${r.body}`);
          return fail('ValidationException', 'bad Sign request');
        }
        const digest = Buffer.from(b.Message, 'base64');
        if (digest.length !== 32) return fail('ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
        return {
          status: 200,
          body: { KeyId: ARN, Signature: signDigestP256(digest, key.privateKey).toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' },
        };
      }
      problems.push(`unexpected target ${target}`);
      return fail('UnsupportedOperationException', target);
    });
  });
  afterAll(() => kms.server.close());
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    PATH: process.env.PATH!,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: AWS_ACCESS,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_MAX_ATTEMPTS: '1',
    AWS_CONFIG_FILE: join(tmpdir(), 'custody-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'custody-no-aws-credentials'),
    ...extra,
  });
  const attest = (uri: string) => [
    'attest',
    '--subject',
    'app.bin',
    '--predicate-type',
    'https://example.com/t/v1',
    '--predicate',
    'pred.json',
    '--key',
    uri,
    '--bundle',
    'app.sigstore.json',
  ];

  it('signs through GetPublicKey + Sign (SigV4, DIGEST, ECDSA_SHA_256): @sigstore/verify and verify --key awskms:// accept the bundle', async () => {
    const dir = await project();
    const before = kms.seen.length;
    const run = await runCli(attest('awskms:///alias/release'), { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    const mine = kms.seen.slice(before);
    expect(mine.map((s) => s.headers['x-amz-target'])).toEqual(['TrentService.GetPublicKey', 'TrentService.Sign']);
    const sign = JSON.parse(mine[1]!.body);
    expect(sign).toMatchObject({ KeyId: 'alias/release', MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    const bundle = await readFile(join(dir, 'app.sigstore.json'), 'utf8');
    verifyKeyBundle(bundle, pem);
    const dsse = JSON.parse(bundle).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    expect(sign.Message).toBe(createHash('sha256').update(pae).digest('base64'));

    const verified = await runCli(
      ['verify', 'app.bin', '--bundle', 'app.sigstore.json', '--key', `awskms:///${ARN}`, '--predicate-type', 'https://example.com/t/v1'],
      { cwd: dir, env: env() },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    const pub = await runCli(['keys', 'public-key', '--key', `awskms:///${KEY_ID}`], { cwd: dir, env: env() });
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout.trim()).toBe(pem.trim());
    expect(problems).toEqual([]);
    for (const r of [run, verified, pub]) expect(r.stdout + r.stderr).not.toContain(AWS_SECRET);
  });

  it.each([
    ['a P-384 key: ECDSA_SHA_384 over SHA-256 padded to 48 bytes', 'alias/p384', 'ecdsa-p384', 'ec'],
    ['an RSA key offering only RSASSA_PSS_SHA_256: PSS, its public key an RSASSA-PSS SPKI', 'alias/pss', 'rsa-pss-sha256', 'rsa-pss'],
  ])('%s; @sigstore/verify and verify --key awskms:// accept the bundle', async (_what, alias, algorithm, keyType) => {
    const dir = await project();
    const before = kms.seen.length;
    const run = await runCli(attest(`awskms:///${alias}`), { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    const sign = JSON.parse(kms.seen.slice(before).find((s) => s.headers['x-amz-target'] === 'TrentService.Sign')!.body);
    const bundleText = await readFile(join(dir, 'app.sigstore.json'), 'utf8');
    const dsse = JSON.parse(bundleText).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    const sha256 = createHash('sha256').update(pae).digest();
    expect(Buffer.from(sign.Message, 'base64').toString('hex')).toBe(
      (keyType === 'ec' ? Buffer.concat([Buffer.alloc(16), sha256]) : sha256).toString('hex'),
    );
    const pub = await runCli(['keys', 'public-key', '--key', `awskms:///${alias}`, '--format', 'json'], { cwd: dir, env: env() });
    expect(pub.code, pub.stderr).toBe(0);
    const exported = JSON.parse(pub.stdout) as { publicKeyPem: string; algorithm: string };
    expect(exported.algorithm).toBe(algorithm);
    expect(createPublicKey(exported.publicKeyPem).asymmetricKeyType).toBe(keyType);
    verifyKeyBundle(bundleText, exported.publicKeyPem);
    // The signature as the verifier checks it (crypto.verify with no digest name).
    const sig = Buffer.from(dsse.signatures[0].sig, 'base64');
    expect(verify(undefined, pae, exported.publicKeyPem, sig)).toBe(true);
    const verified = await runCli(
      ['verify', 'app.bin', '--bundle', 'app.sigstore.json', '--key', `awskms:///${alias}`, '--predicate-type', 'https://example.com/t/v1'],
      { cwd: dir, env: env() },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    if (keyType === 'rsa-pss') {
      // Attack: a PKCS#1 v1.5 signature by the same RSA key over the same PAE, presented against the PSS key.
      const forged = JSON.parse(bundleText);
      forged.dsseEnvelope.signatures[0].sig = createSign('sha256').update(pae).sign(OTHER_KEYS[alias]!.key.privateKey).toString('base64');
      expect(() => verifyKeyBundle(JSON.stringify(forged), exported.publicKeyPem)).toThrow();
      await writeFile(join(dir, 'forged.sigstore.json'), JSON.stringify(forged));
      const refused = await runCli(
        [
          'verify',
          'app.bin',
          '--bundle',
          'forged.sigstore.json',
          '--key',
          `awskms:///${alias}`,
          '--predicate-type',
          'https://example.com/t/v1',
        ],
        { cwd: dir, env: env() },
      );
      expect(refused.code).not.toBe(0);
    }
    expect(problems).toEqual([]);
  });

  it('keys generate --kms awskms:///alias/NAME: CreateKey (ECC_NIST_P256, SIGN_VERIFY) then CreateAlias', async () => {
    const dir = await project();
    const run = await runCli(['keys', 'generate', '--kms', 'awskms:///alias/made', '--format', 'json'], { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(aliases.get('alias/made')).toBe(KEY_ID);
    expect(JSON.parse(run.stdout)).toMatchObject({ uri: 'awskms:///alias/made', algorithm: 'ecdsa-p256-sha256', publicKeyPem: pem });
    expect(problems).toEqual([]);
  });

  it('keys generate --kms awskms:///alias/NAME --algorithm ecdsa-p384: CreateKey ECC_NIST_P384; a bundle signed with it verifies', async () => {
    const dir = await project();
    const run = await runCli(['keys', 'generate', '--kms', 'awskms:///alias/made384', '--algorithm', 'ecdsa-p384', '--format', 'json'], {
      cwd: dir,
      env: env(),
    });
    expect(run.code, run.stderr).toBe(0);
    const id = aliases.get('alias/made384')!;
    expect(OTHER_KEYS[id]?.spec).toBe('ECC_NIST_P384');
    const made = JSON.parse(run.stdout);
    expect(made).toMatchObject({
      uri: 'awskms:///alias/made384',
      algorithm: 'ecdsa-p384-sha256',
      publicKeyPem: OTHER_KEYS[id]!.key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    });
    await signAndVerifyP384(dir, 'awskms:///alias/made384', made.publicKeyPem, env());
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'AccessDeniedException',
      'alias/denied',
      {},
      'SIGN_KMS_PERMISSION_DENIED',
      /refused GetPublicKey.*alias\/denied.*AccessDeniedException/,
    ],
    ['NotFoundException', 'alias/nothere', {}, 'SIGN_KMS_KEY_NOT_FOUND', /no key awskms:\/\/\/alias\/nothere/],
    ['KMSInvalidStateException', 'alias/deleting', {}, 'SIGN_KMS_KEY_USAGE', /cannot sign.*pending deletion/],
    ['a key for encryption', 'alias/encrypt', {}, 'SIGN_KMS_KEY_USAGE', /ENCRYPT_DECRYPT, not SIGN_VERIFY/],
    [
      'an access key the service does not know (the double refuses the signature)',
      'alias/release',
      { AWS_ACCESS_KEY_ID: 'AKIAWRONG0000000000X' },
      'SIGN_KMS_PERMISSION_DENIED',
      /InvalidSignatureException/,
    ],
    [
      'an unreachable endpoint',
      'alias/release',
      { AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:9' },
      'SIGN_KMS_UNREACHABLE',
      /cannot be reached/,
    ],
  ])('%s: exit 2, the code, the service and the key named, no secret printed', async (_what, id, extra, code, message) => {
    const dir = await project();
    const run = await runCli(attest(`awskms:///${id}`), {
      cwd: dir,
      env: env({ CUSTODY_DEBUG: '1', ...(extra as Record<string, string>) }),
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/AWS KMS/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain(AWS_SECRET);
  });

  it('a real process with CUSTODY_DEBUG=1 (bin/custody.js, built) never prints the secret access key, signing or failing', async () => {
    const dir = await project();
    const ok = await runCustody(attest('awskms:///alias/release'), { cwd: dir, env: env({ CUSTODY_DEBUG: '1' }) });
    expect(ok.code, ok.stderr).toBe(0);
    const denied = await runCustody(attest('awskms:///alias/denied'), { cwd: dir, env: env({ CUSTODY_DEBUG: '1' }) });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('SIGN_KMS_PERMISSION_DENIED');
    for (const r of [ok, denied]) expect(r.stdout + r.stderr).not.toContain(AWS_SECRET);
  });
});

/** CRC32C written bit by bit (independent of gcp.ts's table), for the Cloud KMS double's checks. */
function crc32cBitwise(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('gcpkms:// (Google Cloud KMS through the unmodified @google-cloud/kms in REST mode, against a double of the Cloud KMS REST API)', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  // A service account the double trusts: the SDK signs its own JWT with the account's key (self-signed JWT access).
  const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const SA_EMAIL = 'custody-signer@proj.iam.gserviceaccount.com';
  const KEY = 'projects/proj/locations/global/keyRings/ring/cryptoKeys/release';
  const VERSION = `${KEY}/cryptoKeyVersions/1`;
  const RING = 'projects/proj/locations/global/keyRings/ring';
  // Keys beside the P-256 one: EC_SIGN_P384_SHA384 (13) and RSA_SIGN_PSS_2048_SHA256 (2).
  const GCP_OTHER: Record<string, { key: ReturnType<typeof generateKeyPairSync>; algorithm: string; number: number }> = {
    p384: { key: generateKeyPairSync('ec', { namedCurve: 'P-384' }), algorithm: 'EC_SIGN_P384_SHA384', number: 13 },
    pss: { key: generateKeyPairSync('rsa', { modulusLength: 2048 }), algorithm: 'RSA_SIGN_PSS_2048_SHA256', number: 2 },
  };
  const created: Array<{ method: string; id: string | null; body: Record<string, unknown> }> = [];
  const madeKeys = new Map<string, { pem: string; asked: number; algorithm: string; number: number }>();
  let gcp: Awaited<ReturnType<typeof listen>>;
  let credentials: string;
  let untrusted: string;
  const problems: string[] = [];
  const fail = (code: number, status: string, message: string) => ({ status: code, body: { error: { code, message, status } } });
  beforeAll(async () => {
    expect(crc32cBitwise(Buffer.from('123456789'))).toBe(0xe3069283);
    const dir = await mkdtemp(join(tmpdir(), 'custody-gcp-'));
    credentials = join(dir, 'sa.json');
    untrusted = join(dir, 'other-sa.json');
    const saFile = (k: typeof sa.privateKey) =>
      JSON.stringify({
        type: 'service_account',
        project_id: 'proj',
        private_key_id: 'k1',
        private_key: k.export({ format: 'pem', type: 'pkcs8' }).toString(),
        client_email: SA_EMAIL,
        client_id: '1',
        token_uri: 'http://127.0.0.1:9/token',
      });
    await writeFile(credentials, saFile(sa.privateKey));
    await writeFile(untrusted, saFile(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    gcp = await listen((r) => {
      const auth = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(String(r.headers.authorization ?? ''));
      const claims = auth ? JSON.parse(Buffer.from(auth[2]!, 'base64url').toString()) : {};
      const signedBySa =
        auth &&
        verify('sha256', Buffer.from(`${auth[1]}.${auth[2]}`), sa.publicKey, Buffer.from(auth[3]!, 'base64url')) &&
        claims.iss === SA_EMAIL &&
        claims.exp > Date.now() / 1000;
      if (!signedBySa) {
        problems.push(`unauthenticated ${r.method} ${r.url}`);
        return fail(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
      }
      const [path, query] = r.url.split('?');
      // The REST client asks for enums as numbers (enum-encoding=int), as the service then answers.
      const ints = /enum-encoding=int/.test(decodeURIComponent(query ?? ''));
      if (path === `/v1/${RING}/cryptoKeys`) {
        // CreateCryptoKey: the key id in the query, the key (purpose, version template) in the body.
        const id = new URLSearchParams(query ?? '').get('cryptoKeyId');
        const b = JSON.parse(r.body);
        created.push({ method: r.method, id, body: b });
        if (r.method !== 'POST' || !id) return fail(400, 'INVALID_ARGUMENT', 'crypto_key_id is required');
        if (![5, 'ASYMMETRIC_SIGN'].includes(b.purpose)) return fail(400, 'INVALID_ARGUMENT', `purpose ${b.purpose}`);
        const algorithm = b.versionTemplate?.algorithm;
        const p384 = [13, 'EC_SIGN_P384_SHA384'].includes(algorithm);
        if (![12, 'EC_SIGN_P256_SHA256'].includes(algorithm) && !p384) return fail(400, 'INVALID_ARGUMENT', `algorithm ${algorithm}`);
        if (madeKeys.has(id)) return fail(409, 'ALREADY_EXISTS', `CryptoKey ${RING}/cryptoKeys/${id} already exists.`);
        const pair = generateKeyPairSync('ec', { namedCurve: p384 ? 'P-384' : 'P-256' });
        madeKeys.set(id, {
          pem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
          asked: 0,
          algorithm: p384 ? 'EC_SIGN_P384_SHA384' : 'EC_SIGN_P256_SHA256',
          number: p384 ? 13 : 12,
        });
        // A made P-384 key signs as the other P-384 key does (digest.sha384), by the name of its version 1.
        if (p384) GCP_OTHER[id] = { key: pair, algorithm: 'EC_SIGN_P384_SHA384', number: 13 };
        return { status: 200, body: { name: `${RING}/cryptoKeys/${id}`, purpose: b.purpose, versionTemplate: b.versionTemplate } };
      }
      const m = /^\/v1\/(projects\/[^:]+?)(\/publicKey|:asymmetricSign)$/.exec(path!);
      if (!m) return fail(404, 'NOT_FOUND', `no route ${r.url}`);
      const name = m[1]!;
      const made = /\/cryptoKeys\/([\w-]+)\/cryptoKeyVersions\/1$/.exec(name);
      const madeKey = made ? madeKeys.get(made[1]!) : undefined;
      if (madeKey && m[2] === '/publicKey') {
        // A new asymmetric key's first version is generated a moment after CreateCryptoKey, as in Cloud KMS.
        if (madeKey.asked++ === 0) return fail(400, 'FAILED_PRECONDITION', `${name} is not enabled, current state is: PENDING_GENERATION.`);
        return {
          status: 200,
          body: {
            pem: madeKey.pem,
            algorithm: ints ? madeKey.number : madeKey.algorithm,
            pemCrc32c: String(crc32cBitwise(Buffer.from(madeKey.pem))),
            name,
          },
        };
      }
      if (name.includes('/cryptoKeys/denied/'))
        return fail(403, 'PERMISSION_DENIED', `Permission 'cloudkms.cryptoKeyVersions.viewPublicKey' denied on resource '${name}'.`);
      if (name.includes('/cryptoKeys/disabled/'))
        return fail(400, 'FAILED_PRECONDITION', `${name} is not enabled, current state is: DISABLED.`);
      if (name.includes('/cryptoKeys/pss512/') && m[2] === '/publicKey') {
        const rsa = GCP_OTHER.pss.key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
        return {
          status: 200,
          body: { pem: rsa, algorithm: ints ? 15 : 'RSA_SIGN_PSS_4096_SHA512', pemCrc32c: String(crc32cBitwise(Buffer.from(rsa))), name },
        };
      }
      const other = Object.entries(GCP_OTHER).find(([k]) => name === `${KEY.replace('release', k)}/cryptoKeyVersions/1`)?.[1];
      if (other && m[2] === '/publicKey') {
        const otherPem = other.key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
        return {
          status: 200,
          body: {
            pem: otherPem,
            algorithm: ints ? other.number : other.algorithm,
            pemCrc32c: String(crc32cBitwise(Buffer.from(otherPem))),
            name,
          },
        };
      }
      if (other) {
        // AsymmetricSign as documented: digest.sha384 for a P-384/SHA-384 key, digest.sha256 for RSA_SIGN_PSS_*_SHA256.
        const b = JSON.parse(r.body);
        const p384 = other.algorithm === 'EC_SIGN_P384_SHA384';
        const field = p384 ? 'sha384' : 'sha256';
        const digest = Buffer.from(b.digest?.[field] ?? '', 'base64');
        if (digest.length !== (p384 ? 48 : 32) || Object.keys(b.digest ?? {}).length !== 1) {
          problems.push(`asymmetricSign ${r.body}`);
          return fail(400, 'INVALID_ARGUMENT', `The digest must be ${field}.`);
        }
        if (String(b.digestCrc32c) !== String(crc32cBitwise(digest)))
          return fail(400, 'INVALID_ARGUMENT', 'The checksum in field digest_crc32c did not match the data in field digest.');
        const signature = p384 ? signDigestP384(digest, other.key.privateKey) : signDigestPss(digest, other.key.privateKey);
        return {
          status: 200,
          body: {
            signature: signature.toString('base64'),
            signatureCrc32c: String(crc32cBitwise(signature)),
            verifiedDigestCrc32c: true,
            name,
          },
        };
      }
      if (name !== VERSION) return fail(404, 'NOT_FOUND', `CryptoKeyVersion ${name} not found.`);
      if (m[2] === '/publicKey') {
        if (r.method !== 'GET') problems.push(`publicKey with ${r.method}`);
        return {
          status: 200,
          body: { pem, algorithm: ints ? 12 : 'EC_SIGN_P256_SHA256', pemCrc32c: String(crc32cBitwise(Buffer.from(pem))), name },
        };
      }
      const b = JSON.parse(r.body);
      if (r.method !== 'POST' || !b.digest?.sha256) {
        problems.push(`asymmetricSign ${r.method} ${r.body}`);
        return fail(400, 'INVALID_ARGUMENT', 'digest is required');
      }
      const digest = Buffer.from(b.digest.sha256, 'base64');
      if (digest.length !== 32) return fail(400, 'INVALID_ARGUMENT', 'The digest must be SHA-256.');
      if (b.digestCrc32c !== undefined && String(b.digestCrc32c) !== String(crc32cBitwise(digest)))
        return fail(400, 'INVALID_ARGUMENT', 'The checksum in field digest_crc32c did not match the data in field digest.');
      const signature = signDigestP256(digest, key.privateKey);
      return {
        status: 200,
        body: {
          signature: signature.toString('base64'),
          signatureCrc32c: String(crc32cBitwise(signature)),
          verifiedDigestCrc32c: b.digestCrc32c !== undefined,
          name,
          protectionLevel: 'HSM',
        },
      };
    });
  });
  afterAll(() => {
    gcp.server.close();
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  });
  /**
   * The SDK reads Application Default Credentials from process.env (this test file's worker): the credentials file
   * is set there for the run, as a CI step would set it, and Custody's env says the same.
   */
  async function runWithAdc(args: string[], cwd: string, extra: Record<string, string> = {}) {
    const e = env(extra);
    if (e.GOOGLE_APPLICATION_CREDENTIALS === 'UNTRUSTED') e.GOOGLE_APPLICATION_CREDENTIALS = untrusted;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = e.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      return await runCli(args, { cwd, env: e });
    } finally {
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    }
  }
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    PATH: process.env.PATH!,
    HOME: tmpdir(),
    GOOGLE_APPLICATION_CREDENTIALS: credentials,
    CUSTODY_GCPKMS_ENDPOINT: gcp.url,
    ...extra,
  });
  const attest = (uri: string) => [
    'attest',
    '--subject',
    'app.bin',
    '--predicate-type',
    'https://example.com/t/v1',
    '--predicate',
    'pred.json',
    '--key',
    uri,
    '--bundle',
    'app.sigstore.json',
  ];

  it('signs through GET …/publicKey and POST …:asymmetricSign (digest.sha256 + CRC32C): @sigstore/verify and verify --key gcpkms:// accept it', async () => {
    const dir = await project();
    const before = gcp.seen.length;
    const run = await runWithAdc(attest(`gcpkms://${VERSION}`), dir);
    expect(run.code, run.stderr).toBe(0);
    const mine = gcp.seen.slice(before);
    expect(mine.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
      `GET /v1/${VERSION}/publicKey`,
      `POST /v1/${VERSION}:asymmetricSign`,
    ]);
    const sign = JSON.parse(mine[1]!.body);
    const bundle = await readFile(join(dir, 'app.sigstore.json'), 'utf8');
    verifyKeyBundle(bundle, pem);
    const dsse = JSON.parse(bundle).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    const digest = createHash('sha256').update(pae).digest();
    expect(sign.digest.sha256).toBe(digest.toString('base64'));
    expect(String(sign.digestCrc32c)).toBe(String(crc32cBitwise(digest)));

    const verified = await runWithAdc(
      [
        'verify',
        'app.bin',
        '--bundle',
        'app.sigstore.json',
        '--key',
        `gcpkms://${VERSION}`,
        '--predicate-type',
        'https://example.com/t/v1',
      ],
      dir,
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    const pub = await runWithAdc(['keys', 'public-key', '--key', `gcpkms://${VERSION}`], dir);
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout.trim()).toBe(pem.trim());
    expect(problems).toEqual([]);
    const saKey = sa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().split('\n')[1]!;
    for (const r of [run, verified, pub]) expect(r.stdout + r.stderr).not.toContain(saKey);
  });

  it.each([
    ['EC_SIGN_P384_SHA384: digest.sha384 = SHA-256 padded to 48 bytes', 'p384', 'ecdsa-p384', 'ec'],
    ['RSA_SIGN_PSS_2048_SHA256: digest.sha256, the public key an RSASSA-PSS SPKI', 'pss', 'rsa-pss-sha256', 'rsa-pss'],
  ])('%s; @sigstore/verify and verify --key gcpkms:// accept the bundle', async (_what, name, algorithm, keyType) => {
    const dir = await project();
    const uri = `gcpkms://${KEY.replace('release', name)}/cryptoKeyVersions/1`;
    const before = gcp.seen.length;
    const run = await runWithAdc(attest(uri), dir);
    expect(run.code, run.stderr).toBe(0);
    const sign = JSON.parse(gcp.seen.slice(before).find((s) => s.url.includes(':asymmetricSign'))!.body);
    const bundleText = await readFile(join(dir, 'app.sigstore.json'), 'utf8');
    const dsse = JSON.parse(bundleText).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    const sha256 = createHash('sha256').update(pae).digest();
    if (keyType === 'ec') expect(sign.digest.sha384).toBe(Buffer.concat([Buffer.alloc(16), sha256]).toString('base64'));
    else expect(sign.digest.sha256).toBe(sha256.toString('base64'));
    const pub = await runWithAdc(['keys', 'public-key', '--key', uri, '--format', 'json'], dir);
    expect(pub.code, pub.stderr).toBe(0);
    const exported = JSON.parse(pub.stdout) as { publicKeyPem: string; algorithm: string };
    expect(exported.algorithm).toBe(algorithm);
    expect(createPublicKey(exported.publicKeyPem).asymmetricKeyType).toBe(keyType);
    verifyKeyBundle(bundleText, exported.publicKeyPem);
    const verified = await runWithAdc(
      ['verify', 'app.bin', '--bundle', 'app.sigstore.json', '--key', uri, '--predicate-type', 'https://example.com/t/v1'],
      dir,
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    // Another key of the same kind does not verify it: the check can fail.
    const wrongKey = generateKeyPairSync(
      keyType === 'ec' ? 'ec' : 'rsa-pss',
      keyType === 'ec'
        ? { namedCurve: 'P-384' }
        : ({ modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 } as never),
    );
    expect(() =>
      verifyKeyBundle(bundleText, (wrongKey.publicKey as KeyObject).export({ format: 'pem', type: 'spki' }).toString()),
    ).toThrow();
    expect(problems).toEqual([]);
  });

  it('keys generate --kms gcpkms://…/cryptoKeys/NAME: CreateCryptoKey (ASYMMETRIC_SIGN, EC_SIGN_P256_SHA256), then version 1 once generated', async () => {
    const dir = await project();
    const run = await runWithAdc(['keys', 'generate', '--kms', `gcpkms://${RING}/cryptoKeys/made`, '--format', 'json'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ method: 'POST', id: 'made' });
    expect([5, 'ASYMMETRIC_SIGN']).toContain(created[0]!.body.purpose);
    expect([12, 'EC_SIGN_P256_SHA256']).toContain((created[0]!.body.versionTemplate as { algorithm: unknown }).algorithm);
    // The first GetPublicKey met PENDING_GENERATION; Custody asked again.
    expect(madeKeys.get('made')!.asked).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      uri: `gcpkms://${RING}/cryptoKeys/made/cryptoKeyVersions/1`,
      algorithm: 'ecdsa-p256-sha256',
      publicKeyPem: madeKeys.get('made')!.pem,
    });
    expect(out.keyId).toBe(
      createHash('sha256')
        .update(createPublicKey(out.publicKeyPem).export({ format: 'der', type: 'spki' }))
        .digest('hex'),
    );
    // A key that exists already: the service's ALREADY_EXISTS, exit 2, the key named.
    const again = await runWithAdc(['keys', 'generate', '--kms', `gcpkms://${RING}/cryptoKeys/made`], dir);
    expect(again.code, again.stderr).toBe(2);
    expect(again.stderr).toMatch(/Google Cloud KMS.*CreateCryptoKey.*already exists/);
    expect(again.stderr).not.toMatch(/\n\s+at /);
    // Cloud KMS makes version 1: a URI naming another version is refused before any request.
    const before = gcp.seen.length;
    const v2 = await runWithAdc(['keys', 'generate', '--kms', `gcpkms://${RING}/cryptoKeys/other/cryptoKeyVersions/2`], dir);
    expect(v2.code).toBe(2);
    expect(v2.stderr).toContain('SIGN_KMS_URI_INVALID');
    expect(gcp.seen.length).toBe(before);
    expect(problems).toEqual([]);
  });

  it('keys generate --kms gcpkms://… --algorithm ecdsa-p384: CreateCryptoKey EC_SIGN_P384_SHA384; a bundle signed with it verifies', async () => {
    const dir = await project();
    const run = await runWithAdc(
      ['keys', 'generate', '--kms', `gcpkms://${RING}/cryptoKeys/made384`, '--algorithm', 'ecdsa-p384', '--format', 'json'],
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    const asked = created.find((c) => c.id === 'made384')!;
    expect([13, 'EC_SIGN_P384_SHA384']).toContain((asked.body.versionTemplate as { algorithm: unknown }).algorithm);
    const made = JSON.parse(run.stdout);
    expect(made).toMatchObject({
      uri: `gcpkms://${RING}/cryptoKeys/made384/cryptoKeyVersions/1`,
      algorithm: 'ecdsa-p384-sha256',
      publicKeyPem: madeKeys.get('made384')!.pem,
    });
    const e = env();
    process.env.GOOGLE_APPLICATION_CREDENTIALS = e.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      await signAndVerifyP384(dir, made.uri, made.publicKeyPem, e);
    } finally {
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['a key without a version', KEY, {}, 'SIGN_KMS_URI_INVALID', /no key version.*cryptoKeyVersions\/1/],
    [
      'PERMISSION_DENIED',
      `${KEY.replace('release', 'denied')}/cryptoKeyVersions/1`,
      {},
      'SIGN_KMS_PERMISSION_DENIED',
      /refused GetPublicKey.*viewPublicKey/,
    ],
    ['NOT_FOUND', `${KEY}/cryptoKeyVersions/7`, {}, 'SIGN_KMS_KEY_NOT_FOUND', /no key version gcpkms:\/\/.*\/cryptoKeyVersions\/7/],
    ['a disabled version', `${KEY.replace('release', 'disabled')}/cryptoKeyVersions/1`, {}, 'SIGN_KMS_KEY_USAGE', /cannot sign.*DISABLED/],
    [
      'an RSA-PSS / SHA-512 key',
      `${KEY.replace('release', 'pss512')}/cryptoKeyVersions/1`,
      {},
      'SIGN_KMS_KEY_ALGORITHM',
      /RSA_SIGN_PSS_4096_SHA512/,
    ],
    [
      'a service account the service does not trust',
      VERSION,
      { GOOGLE_APPLICATION_CREDENTIALS: 'UNTRUSTED' },
      'SIGN_KMS_PERMISSION_DENIED',
      /UNAUTHENTICATED|invalid authentication/,
    ],
    [
      'a credentials file that is missing',
      VERSION,
      { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/sa.json' },
      'SIGN_KMS_CREDENTIALS_MISSING',
      /credential file/,
    ],
    [
      'a plain-http remote endpoint',
      VERSION,
      { CUSTODY_GCPKMS_ENDPOINT: 'http://kms.example.com' },
      'SIGN_KMS_URI_INVALID',
      /http:\/\/ only for localhost/,
    ],
  ])('%s: exit 2, the code, the service and the key named', async (_what, name, extra, code, message) => {
    const dir = await project();
    const run = await runWithAdc(attest(`gcpkms://${name}`), dir, { CUSTODY_DEBUG: '1', ...(extra as Record<string, string>) });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Google Cloud KMS/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A DER ECDSA signature as r||s (`size` bytes each), the form Key Vault answers ES256 (32) and ES384 (48) with. */
function derToJose(der: Buffer, size = 32): Buffer {
  const rLen = der[3]!;
  const r = der.subarray(4, 4 + rLen);
  const s = der.subarray(6 + rLen);
  const fixed = (v: Buffer) => Buffer.concat([Buffer.alloc(size), v]).subarray(-size);
  return Buffer.concat([fixed(r), fixed(s)]);
}

describe('azurekms:// (Azure Key Vault through the unmodified @azure/keyvault-keys + @azure/identity, against a TLS double of the Key Vault REST API)', () => {
  // The SDK sends bearer tokens over https only and checks that the vault's authentication challenge names a Key
  // Vault resource of the vault's own domain. So the double is an HTTPS server with a certificate for
  // custody-test.vault.azure.net made at test time with openssl (trusted through NODE_EXTRA_CA_CERTS), reached through
  // an HTTP CONNECT proxy (HTTPS_PROXY, which the Azure SDK honours) that tunnels that host only. The token comes from
  // DefaultAzureCredential narrowed to the Azure CLI (AZURE_TOKEN_CREDENTIALS=AzureCliCredential) and a fake `az` on
  // PATH that prints a fixed token. Custody runs as a real process (bin/custody.js, built) with that environment.
  const HOST = 'custody-test.vault.azure.net';
  const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.azure-double-token.x';
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const jwk = key.publicKey.export({ format: 'jwk' });
  const p384Key = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const p384 = p384Key.publicKey.export({ format: 'jwk' });
  const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'jwk' });
  const seen: Seen[] = [];
  const problems: string[] = [];
  let dir: string;
  let env: Record<string, string>;
  const servers: Server[] = [];
  const kid = (name: string) => `https://${HOST}/keys/${name}/0f1e2d3c4b5a69788796a5b4c3d2e1f0`;
  const createdKeys: Array<{ method: string; name: string; body: Record<string, unknown> }> = [];
  const madeKeys = new Map<string, Record<string, unknown>>();
  /** The private keys of keys made through createEcKey (P-256 or P-384), which sign as Key Vault's would. */
  const madePrivate = new Map<string, KeyObject>();

  function handle(r: Seen): { status: number; body: unknown; headers?: Record<string, string> } {
    if (!r.headers.authorization) {
      return {
        status: 401,
        body: { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
        headers: {
          'www-authenticate':
            'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a", resource="https://vault.azure.net"',
        },
      };
    }
    if (r.headers.authorization !== `Bearer ${TOKEN}`) {
      problems.push(`authorization ${r.headers.authorization}`);
      return { status: 401, body: { error: { code: 'Unauthorized', message: 'AKV10032: Invalid issuer.' } } };
    }
    const [path, query] = r.url.split('?');
    if (!/api-version=[\d.-]+/.test(decodeURIComponent(query ?? ''))) problems.push(`no api-version: ${r.url}`);
    const create = /^\/keys\/([A-Za-z0-9-]+)\/create$/.exec(path!);
    if (create) {
      // createEcKey: POST /keys/NAME/create with the key type, curve and permitted operations.
      const b = JSON.parse(r.body);
      createdKeys.push({ method: r.method, name: create[1]!, body: b });
      if (r.method !== 'POST' || b.kty !== 'EC' || !['P-256', 'P-384'].includes(b.crv))
        return { status: 400, body: { error: { code: 'BadParameter', message: `bad create request ${r.body}` } } };
      const pair = generateKeyPairSync('ec', { namedCurve: b.crv });
      const made = pair.publicKey.export({ format: 'jwk' });
      madeKeys.set(create[1]!, { kty: 'EC', crv: b.crv, x: made.x, y: made.y, key_ops: b.key_ops });
      madePrivate.set(create[1]!, pair.privateKey);
      return { status: 200, body: { key: { kid: kid(create[1]!), ...madeKeys.get(create[1]!) }, attributes: { enabled: true } } };
    }
    const m = /^\/keys\/([A-Za-z0-9-]+)(?:\/([A-Za-z0-9]*))?(\/sign)?$/.exec(path!);
    if (!m) return { status: 404, body: { error: { code: 'NotFound', message: r.url } } };
    const [, name, , sign] = m;
    if (name === 'denied')
      return {
        status: 403,
        body: {
          error: {
            code: 'Forbidden',
            message: "The user, group or application does not have keys get permission on key vault 'custody-test'.",
          },
        },
      };
    const material: Record<string, unknown> | undefined =
      name === 'release'
        ? { kty: 'EC-HSM', crv: 'P-256', x: jwk.x, y: jwk.y, key_ops: ['sign', 'verify'] }
        : name === 'encrypt'
          ? { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, key_ops: ['encrypt', 'decrypt'] }
          : name === 'p384'
            ? { kty: 'EC', crv: 'P-384', x: p384.x, y: p384.y, key_ops: ['sign', 'verify'] }
            : name === 'p521'
              ? { kty: 'EC', crv: 'P-521', x: p521.x, y: p521.y, key_ops: ['sign', 'verify'] }
              : madeKeys.get(name!);
    if (!material)
      return {
        status: 404,
        body: { error: { code: 'KeyNotFound', message: `A key with (name/id) ${name} was not found in this key vault.` } },
      };
    if (!sign) {
      if (r.method !== 'GET') problems.push(`get key with ${r.method}`);
      return { status: 200, body: { key: { kid: kid(name!), ...material }, attributes: { enabled: true, recoveryLevel: 'Recoverable' } } };
    }
    const b = JSON.parse(r.body);
    // As Key Vault documents sign: ES256 for a P-256 key with a 32-byte digest, ES384 for P-384 with 48 bytes.
    const es384 = material.crv === 'P-384';
    if (r.method !== 'POST' || b.alg !== (es384 ? 'ES384' : 'ES256') || path !== `${new URL(kid(name!)).pathname}/sign`) {
      problems.push(`sign ${r.method} ${path} ${r.body}`);
      return { status: 400, body: { error: { code: 'BadParameter', message: 'bad sign request' } } };
    }
    const digest = Buffer.from(b.value, 'base64url');
    if (digest.length !== (es384 ? 48 : 32)) return { status: 400, body: { error: { code: 'BadParameter', message: 'digest length' } } };
    const made = madePrivate.get(name!);
    const signature = es384
      ? derToJose(signDigestP384(digest, made ?? p384Key.privateKey), 48)
      : derToJose(signDigestP256(digest, made ?? key.privateKey));
    return { status: 200, body: { kid: kid(name!), value: signature.toString('base64url') } };
  }

  beforeAll(async () => {
    const { execFileSync } = await import('node:child_process');
    const { createServer: createHttpsServer } = await import('node:https');
    const { connect } = await import('node:net');
    const { chmod, mkdir } = await import('node:fs/promises');
    dir = await mkdtemp(join(tmpdir(), 'custody-azure-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        `/CN=${HOST}`,
        '-addext',
        `subjectAltName=DNS:${HOST}`,
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    const tls = createHttpsServer(
      { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
          seen.push(s);
          const out = handle(s);
          res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...out.headers });
          res.end(JSON.stringify(out.body));
        });
      },
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    const tlsPort = (tls.address() as AddressInfo).port;
    const proxy = createServer((_req, res) => res.writeHead(403).end('CONNECT only'));
    proxy.on('connect', (req, socket) => {
      if (req.url !== `${HOST}:443`) {
        problems.push(`proxy asked for ${req.url}`);
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = connect(tlsPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    servers.push(tls, proxy);
    // The fake Azure CLI: `az account get-access-token --output json --resource R` prints a fixed token (and logs
    // its arguments, which the test checks).
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    await writeFile(
      join(bin, 'az'),
      `#!/bin/sh\necho "$@" >> "${join(dir, 'az.log')}"\necho '${JSON.stringify({ accessToken: TOKEN, expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').slice(0, 19), expires_on: expires, tokenType: 'Bearer', tenant: '00000000-0000-0000-0000-00000000000a' })}'\n`,
    );
    await chmod(join(bin, 'az'), 0o755);
    env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: dir,
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
    };
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });
  const attest = (uri: string) => [
    'attest',
    '--subject',
    'app.bin',
    '--predicate-type',
    'https://example.com/t/v1',
    '--predicate',
    'pred.json',
    '--key',
    uri,
    '--bundle',
    'app.sigstore.json',
  ];

  it('signs through getKey + CryptographyClient.sign (ES256 over the SHA-256 digest, r||s made DER): @sigstore/verify and verify --key azurekms:// accept it', async () => {
    const work = await project();
    const before = seen.length;
    const run = await runCustody(attest(`azurekms://${HOST}/release`), { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    const signs = seen.slice(before).filter((s) => s.url.split('?')[0]!.endsWith('/sign') && s.headers.authorization);
    expect(signs.length).toBe(1);
    const bundle = await readFile(join(work, 'app.sigstore.json'), 'utf8');
    verifyKeyBundle(bundle, pem);
    const dsse = JSON.parse(bundle).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    expect(JSON.parse(signs[0]!.body)).toEqual({ alg: 'ES256', value: createHash('sha256').update(pae).digest('base64url') });
    expect(await readFile(join(dir, 'az.log'), 'utf8')).toMatch(
      /account get-access-token --output json --resource https:\/\/vault\.azure\.net/,
    );

    const verified = await runCustody(
      [
        'verify',
        'app.bin',
        '--bundle',
        'app.sigstore.json',
        '--key',
        `azurekms://${HOST}/release`,
        '--predicate-type',
        'https://example.com/t/v1',
      ],
      { cwd: work, env },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    const pub = await runCustody(['keys', 'public-key', '--key', `azurekms://${HOST}/release/0f1e2d3c4b5a69788796a5b4c3d2e1f0`], {
      cwd: work,
      env,
    });
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout.trim()).toBe(pem.trim());
    expect(problems).toEqual([]);
    for (const r of [run, verified, pub]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('a P-384 key signs with ES384 over SHA-256 padded to 48 bytes (r||s made DER): @sigstore/verify and verify --key azurekms:// accept it', async () => {
    const work = await project();
    const before = seen.length;
    const run = await runCustody(attest(`azurekms://${HOST}/p384`), { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    const signs = seen.slice(before).filter((s) => s.url.split('?')[0]!.endsWith('/sign') && s.headers.authorization);
    expect(signs.length).toBe(1);
    const bundle = await readFile(join(work, 'app.sigstore.json'), 'utf8');
    const p384Pem = p384Key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    verifyKeyBundle(bundle, p384Pem);
    expect(() => verifyKeyBundle(bundle, pem)).toThrow();
    const dsse = JSON.parse(bundle).dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    const padded = Buffer.concat([Buffer.alloc(16), createHash('sha256').update(pae).digest()]);
    expect(JSON.parse(signs[0]!.body)).toEqual({ alg: 'ES384', value: padded.toString('base64url') });
    const sig = Buffer.from(dsse.signatures[0].sig, 'base64');
    expect(sig[0]).toBe(0x30);
    const verified = await runCustody(
      [
        'verify',
        'app.bin',
        '--bundle',
        'app.sigstore.json',
        '--key',
        `azurekms://${HOST}/p384`,
        '--predicate-type',
        'https://example.com/t/v1',
      ],
      { cwd: work, env },
    );
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(problems).toEqual([]);
  });

  it('keys generate --kms azurekms://VAULT/NAME: createEcKey (EC P-256, key_ops sign and verify); a version or ed25519 refused', async () => {
    const work = await project();
    const run = await runCustody(['keys', 'generate', '--kms', `azurekms://${HOST}/made`, '--format', 'json'], { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    expect(createdKeys).toHaveLength(1);
    expect(createdKeys[0]).toMatchObject({ method: 'POST', name: 'made', body: { kty: 'EC', crv: 'P-256', key_ops: ['sign', 'verify'] } });
    const made = madeKeys.get('made')!;
    const madePem = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: made.x, y: made.y } as JsonWebKey, format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    expect(JSON.parse(run.stdout)).toMatchObject({ uri: `azurekms://${HOST}/made`, algorithm: 'ecdsa-p256-sha256', publicKeyPem: madePem });
    const before = seen.length;
    const versioned = await runCustody(['keys', 'generate', '--kms', `azurekms://${HOST}/other/0f1e2d3c4b5a69788796a5b4c3d2e1f0`], {
      cwd: work,
      env,
    });
    expect(versioned.code).toBe(2);
    expect(versioned.stderr).toContain('SIGN_KMS_URI_INVALID');
    const ed = await runCustody(['keys', 'generate', '--kms', `azurekms://${HOST}/other`, '--algorithm', 'ed25519'], { cwd: work, env });
    expect(ed.code).toBe(2);
    expect(ed.stderr).toContain('SIGN_KMS_KEY_ALGORITHM');
    expect(ed.stderr).toMatch(/Azure Key Vault does not make ed25519 signing keys/);
    expect(ed.stderr).toMatch(/--algorithm ecdsa-p256 or ecdsa-p384/);
    expect(ed.stderr).not.toMatch(/\n\s+at /);
    expect(seen.length).toBe(before);
    expect(problems).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('keys generate --kms azurekms://VAULT/NAME --algorithm ecdsa-p384: createEcKey EC P-384; a bundle signed with it (ES384) verifies', async () => {
    const work = await project();
    const run = await runCustody(
      ['keys', 'generate', '--kms', `azurekms://${HOST}/made384`, '--algorithm', 'ecdsa-p384', '--format', 'json'],
      {
        cwd: work,
        env,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(createdKeys.find((c) => c.name === 'made384')).toMatchObject({
      method: 'POST',
      body: { kty: 'EC', crv: 'P-384', key_ops: ['sign', 'verify'] },
    });
    const made = JSON.parse(run.stdout);
    const m = madeKeys.get('made384')!;
    const madePem = createPublicKey({ key: { kty: 'EC', crv: 'P-384', x: m.x, y: m.y } as JsonWebKey, format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    expect(made).toMatchObject({ uri: `azurekms://${HOST}/made384`, algorithm: 'ecdsa-p384-sha256', publicKeyPem: madePem });
    const before = seen.length;
    await signAndVerifyP384(work, made.uri, made.publicKeyPem, env, runCustody);
    expect(seen.slice(before).some((s) => s.url.split('?')[0] === `/keys/made384/0f1e2d3c4b5a69788796a5b4c3d2e1f0/sign`)).toBe(true);
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'Forbidden',
      'denied',
      {},
      'SIGN_KMS_PERMISSION_DENIED',
      /refused get key.*Forbidden|refused get key.*does not have keys get permission/,
    ],
    ['KeyNotFound', 'nothere', {}, 'SIGN_KMS_KEY_NOT_FOUND', /no key azurekms:\/\/.*\/nothere/],
    ['a key that may not sign', 'encrypt', {}, 'SIGN_KMS_KEY_USAGE', /cannot sign \(operations: encrypt, decrypt\)/],
    ['an EC P-521 key', 'p521', {}, 'SIGN_KMS_KEY_ALGORITHM', /P-521/],
    ['no Azure CLI login', 'release', { PATH: process.env.PATH! }, 'SIGN_KMS_CREDENTIALS_MISSING', /Azure CLI/],
  ])('%s: exit 2, the code, the service and the key named', async (_what, name, extra, code, message) => {
    const work = await project();
    const run = await runCustody(attest(`azurekms://${HOST}/${name}`), {
      cwd: work,
      env: { ...env, CUSTODY_DEBUG: '1', ...(extra as Record<string, string>) },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Azure Key Vault/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
