/**
 * A local Sigstore stack for tests: Fulcio, Rekor (v1) and an RFC 3161 TSA on loopback HTTP, built on
 * @sigstore/mock's CA / CT log / transparency log / TSA and their request handlers, plus a verifying OIDC issuer,
 * the matching trusted_root.json and signing_config.json (v0.2), and fault injection.
 *
 * Fixes over the bare mocks (../shared/docs/TESTING.md):
 * - Fulcio checks the OIDC token's signature against the issuer's JWKS (fetched over HTTP at start, through
 *   discovery), its issuer, expiry and audience (the mock only decodes it), and the proof of possession; a forged,
 *   expired or foreign token gets 401.
 * - Rekor: the proposed `dsse` entry is rewritten into the stored form ({envelopeHash, payloadHash, signatures})
 *   real Rekor logs; the DSSE signature is checked against the verifier; a repeated entry gets 409 with Location
 *   and stays retrievable at GET /api/v1/log/entries/{uuid}.
 * - One fixed clock for every service, with milliseconds that have no trailing zero (the TSA writes times that
 *   @sigstore/core only accepts with exactly three fraction digits).
 * - trusted_root.json: SPKI DER keys, logId.keyId = SHA-256 of that DER, validFor.start an hour in the past.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  verify as cryptoVerify,
  X509Certificate,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, tsaHandler } from '@sigstore/mock';
import { startOidcIssuer, decodeJwt, type OidcIssuer } from '../oidc-issuer.js';
import { FaultController, type SigstoreService } from './faults.js';

export interface SigstoreStackOptions {
  /** The fixed time every service signs with. Default: one second after start-up, at .123 ms. */
  clock?: Date;
  /** Use this OIDC issuer instead of starting one (it is then not closed by `close()`). */
  issuer?: OidcIssuer;
  /** Directory for trusted_root.json / signing_config.json (default: a fresh temp dir, removed on close). */
  dir?: string;
  /** Leave the TSA out of signing_config.json (it still runs). */
  signingConfigWithoutTsa?: boolean;
  /** Leave Rekor out of signing_config.json (it still runs). */
  signingConfigWithoutTlog?: boolean;
  /**
   * CI issuers this Fulcio accepts besides the local issuer's own URL, as public-good Fulcio's
   * config/identity/config.yaml lists them (`oidc-issuers` exact, `meta-issuers` with `*` for one path segment or
   * host label), each with its `ci-provider` type. Tokens claiming such an `iss` must still be signed by the local
   * issuer's key (the real issuers' keys cannot be had offline: that is the one shortcut), and get the SAN that
   * Fulcio's template for that type derives from their claims (`ciSan`).
   */
  ciIssuers?: CiIssuer[];
}

export type CiProviderType = 'github-workflow' | 'gitlab-pipeline' | 'buildkite-job' | 'circleci-job';

export interface CiIssuer {
  /** `https://gitlab.com`, or a meta-issuer pattern such as `https://oidc.circleci.com/org/*`. */
  issuer: string;
  type: CiProviderType;
}

/** The issuers public-good Fulcio accepts for these CI platforms (config/identity/config.yaml). */
export const PUBLIC_GOOD_CI_ISSUERS: CiIssuer[] = [
  { issuer: 'https://token.actions.githubusercontent.com', type: 'github-workflow' },
  { issuer: 'https://gitlab.com', type: 'gitlab-pipeline' },
  { issuer: 'https://agent.buildkite.com', type: 'buildkite-job' },
  { issuer: 'https://oidc.circleci.com', type: 'circleci-job' },
  { issuer: 'https://oidc.circleci.com/org/*', type: 'circleci-job' },
];

/** Fulcio's meta-issuer match: `*` stands for one URL path segment or host label, never `/` or `.`. */
export function issuerMatches(pattern: string, iss: string): boolean {
  if (!pattern.includes('*')) return pattern === iss;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/.]+')}$`,
  );
  return re.test(iss);
}

/**
 * The SAN public-good Fulcio writes for a CI provider's token: its `subject-alternative-name-template` for that
 * `ci-provider` type. A claim the template needs but the token lacks is an error (Fulcio refuses such tokens).
 */
export function ciSan(type: CiProviderType, claims: Record<string, unknown>): string {
  const need = (name: string): string => {
    const v = claims[name];
    if (typeof v !== 'string' || v === '') throw new Error(`the ${type} token has no ${name} claim`);
    return v;
  };
  switch (type) {
    case 'github-workflow':
      return `https://github.com/${need('job_workflow_ref')}`;
    case 'gitlab-pipeline':
      return `https://${need('ci_config_ref_uri')}`;
    case 'buildkite-job':
      return `https://buildkite.com/${need('organization_slug')}/${need('pipeline_slug')}`;
    case 'circleci-job':
      return `https://circleci.com/api/v2/projects/${need('oidc.circleci.com/project-id')}/pipeline-definitions/${need('oidc.circleci.com/pipeline-definition-id')}`;
  }
}

export interface TrustedRootJson {
  mediaType: string;
  tlogs: unknown[];
  certificateAuthorities: unknown[];
  ctlogs: unknown[];
  timestampAuthorities: unknown[];
}

export interface SigningConfigJson {
  mediaType: string;
  caUrls: ServiceJson[];
  oidcUrls: ServiceJson[];
  rekorTlogUrls: ServiceJson[];
  tsaUrls: ServiceJson[];
  rekorTlogConfig: { selector: string };
  tsaConfig: { selector: string };
}

export interface ServiceJson {
  url: string;
  majorApiVersion: number;
  validFor: { start: string; end?: string };
  operator: string;
}

export interface SigstoreStack {
  fulcioUrl: string;
  rekorUrl: string;
  /** Base URL of the TSA; the timestamp endpoint is `${tsaUrl}/api/v1/timestamp`. */
  tsaUrl: string;
  issuer: OidcIssuer;
  clock: Date;
  trustedRoot: TrustedRootJson;
  trustedRootPath: string;
  signingConfig: SigningConfigJson;
  signingConfigPath: string;
  /** Writes a signing_config.json variant (e.g. without TSA) next to the default one and returns its path. */
  writeSigningConfig(name: string, config: SigningConfigJson): Promise<string>;
  faults: FaultController;
  /** Entries Rekor has logged, by UUID (the stored form). */
  rekorEntries: Map<string, unknown>;
  close(): Promise<void>;
}

type Result = { statusCode: number; response: string | ArrayBufferView; contentType?: string; headers?: Record<string, string> };

const b64 = (v: ArrayBufferView | Buffer): string => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const sha256 = (d: string | Buffer): Buffer => createHash('sha256').update(d).digest();

function json(statusCode: number, body: unknown, headers?: Record<string, string>): Result {
  return { statusCode, response: JSON.stringify(body), contentType: 'application/json', ...(headers ? { headers } : {}) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface ServiceServer {
  url: string;
  close(): Promise<void>;
}

/** A node:http server for one service, with fault injection in front of its routes. */
async function serve(
  service: SigstoreService,
  faults: FaultController,
  route: (method: string, path: string, body: string, base: string) => Promise<Result>,
): Promise<ServiceServer> {
  const sockets = new Set<Socket>();
  let base = '';
  const server: Server = createServer((req, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record = (outcome: number | 'hang' | 'reset') => faults.requests.push({ service, method, path, outcome });
    void readBody(req).then(async (body) => {
      const fault = faults.take(service);
      if (fault?.kind === 'hang') return record('hang');
      if (fault?.kind === 'reset') {
        record('reset');
        req.socket.destroy();
        return;
      }
      let result: Result;
      if (fault?.kind === 'status') result = json(fault.status, { code: fault.status, message: `injected fault: HTTP ${fault.status}` });
      else if (fault?.kind === 'rate-limit')
        result = json(429, { code: 429, message: 'injected fault: rate limited' }, { 'retry-after': String(fault.retryAfter) });
      else {
        try {
          result = await route(method, path, body, base);
          if (fault?.kind === 'conflict' && result.statusCode === 201) {
            // The entry is logged, but the client sees the 409 a retry would get after a lost response.
            const uuid = Object.keys(JSON.parse(String(result.response)) as object)[0] ?? '';
            result = json(
              409,
              { code: 409, message: `an equivalent entry already exists in the transparency log with UUID ${uuid}` },
              {
                location: `/api/v1/log/entries/${uuid}`,
              },
            );
          }
        } catch (err) {
          result = json(500, { code: 500, message: `stack error: ${(err as Error).message}` });
        }
      }
      record(result.statusCode);
      const payload =
        typeof result.response === 'string'
          ? Buffer.from(result.response)
          : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength);
      res.writeHead(result.statusCode, {
        'content-type': result.contentType ?? 'text/plain',
        'content-length': payload.length,
        ...result.headers,
      });
      res.end(payload);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The SAN Fulcio puts in the certificate for a token, following Fulcio's per-issuer-type rules (simplified). */
export function sanForClaims(claims: Record<string, unknown>): string {
  if (typeof claims.job_workflow_ref === 'string') return `https://github.com/${claims.job_workflow_ref}`;
  if (typeof claims.ci_config_ref_uri === 'string') return `https://${claims.ci_config_ref_uri}`;
  if (typeof claims.organization_slug === 'string' && typeof claims.pipeline_slug === 'string')
    return `https://buildkite.com/${claims.organization_slug}/${claims.pipeline_slug}`;
  if (typeof claims['oidc.circleci.com/project-id'] === 'string')
    return `https://circleci.com/api/v2/projects/${claims['oidc.circleci.com/project-id'] as string}`;
  if (typeof claims.email === 'string') return claims.email;
  return String(claims.sub ?? '');
}

/** Verifies an ES256 JWT against JWKS keys: signature (kid match), issuer, expiry, audience "sigstore". */
function verifyWithJwks(token: string, keys: JsonWebKey[], issuerUrl: string, ciIssuers: CiIssuer[] = []): Record<string, unknown> {
  const { header, claims, signingInput, signature } = decodeJwt(token);
  if (header.alg !== 'ES256') throw new Error(`unsupported JWT algorithm ${String(header.alg)}`);
  const jwk = keys.find((k) => (k as { kid?: string }).kid === header.kid);
  if (!jwk) throw new Error(`no JWKS key with kid ${String(header.kid)}`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  if (!cryptoVerify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new Error('JWT signature does not verify against the issuer JWKS');
  }
  if (claims.iss !== issuerUrl && !ciIssuers.some((c) => issuerMatches(c.issuer, String(claims.iss)))) {
    throw new Error(
      `JWT issuer ${String(claims.iss)} is not trusted (expected ${[issuerUrl, ...ciIssuers.map((c) => c.issuer)].join(' or ')})`,
    );
  }
  if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) throw new Error('JWT is expired');
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!auds.includes('sigstore')) throw new Error(`JWT audience ${JSON.stringify(claims.aud)} is not sigstore`);
  return claims;
}

function keyFromVerifier(verifierB64: string): KeyObject {
  const pem = Buffer.from(verifierB64, 'base64').toString('utf8');
  if (pem.includes('BEGIN CERTIFICATE')) return new X509Certificate(pem).publicKey;
  return createPublicKey(pem);
}

function pae(type: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
}

export async function startSigstoreStack(options: SigstoreStackOptions = {}): Promise<SigstoreStack> {
  const ownIssuer = !options.issuer;
  const issuer = options.issuer ?? (await startOidcIssuer());
  const faults = new FaultController();
  // One Date shared by every service; set after the CA/TSA roots exist so signed times are never before them.
  const clock = new Date(0);
  const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const [caKeys, ctKeys, tlogKeys, tsaKeys] = [p256(), p256(), p256(), p256()];

  const ctlog = await initializeCTLog(ctKeys, clock);
  const ca = await initializeCA(caKeys, ctlog, clock);
  const tsa = await initializeTSA(tsaKeys, clock);
  const fulcio = fulcioHandler(ca, { strict: true });
  const tsaH = tsaHandler(tsa, { strict: true });
  clock.setTime(options.clock ? options.clock.getTime() : Math.floor(Date.now() / 1000) * 1000 + 1123);

  // Fulcio trusts the issuer through its published keys, as real Fulcio does: discovery, then the JWKS over HTTP.
  const discovery = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const jwks = ((await (await fetch(discovery.jwks_uri)).json()) as { keys: JsonWebKey[] }).keys;

  // Fulcio: verify the token and the proof of possession, then let the mock issue the certificate.
  const fulcioServer = await serve('fulcio', faults, async (method, path, body) => {
    if (method !== 'POST' || path !== fulcio.path) return json(404, { code: 404, message: `no route ${method} ${path}` });
    let req: {
      credentials?: { oidcIdentityToken?: string };
      publicKeyRequest?: { publicKey?: { content?: string }; proofOfPossession?: string };
    };
    try {
      req = JSON.parse(body) as typeof req;
    } catch {
      return json(400, { code: 400, message: 'request body is not JSON' });
    }
    const token = req.credentials?.oidcIdentityToken ?? '';
    let claims: Record<string, unknown>;
    try {
      claims = verifyWithJwks(token, jwks, issuer.url, options.ciIssuers);
    } catch (err) {
      return json(401, { code: 401, message: `There was an error processing the identity token: ${(err as Error).message}` });
    }
    const pem = req.publicKeyRequest?.publicKey?.content;
    const pop = req.publicKeyRequest?.proofOfPossession;
    if (!pem || !pop) return json(400, { code: 400, message: 'publicKeyRequest with publicKey and proofOfPossession is required' });
    const subject = typeof claims.email === 'string' ? claims.email : String(claims.sub ?? '');
    let popOk = false;
    try {
      popOk = cryptoVerify('sha256', Buffer.from(subject), createPublicKey(pem), Buffer.from(pop, 'base64'));
    } catch {
      popOk = false;
    }
    if (!popOk)
      return json(400, { code: 400, message: 'The signature supplied in the request could not be verified (proof of possession)' });
    // The mock only decodes the JWT and takes the SAN from `sub`: hand it the verified claims with Fulcio's SAN.
    // A CI issuer's token: the issuer and the SAN of that provider's template only (the mock's other extensions
    // are GitHub's and would misread another platform's `ref` or `sha`).
    const { header } = decodeJwt(token);
    const ci = claims.iss === issuer.url ? undefined : options.ciIssuers?.find((c) => issuerMatches(c.issuer, String(claims.iss)));
    let minted: Record<string, unknown>;
    try {
      minted = ci ? { iss: claims.iss, sub: ciSan(ci.type, claims) } : { ...claims, sub: sanForClaims(claims) };
    } catch (err) {
      return json(401, { code: 401, message: `There was an error processing the identity token: ${(err as Error).message}` });
    }
    const rewritten = `${[header, minted].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.')}.x`;
    return fulcio.fn(JSON.stringify({ ...req, credentials: { oidcIdentityToken: rewritten } }));
  });

  // Rekor v1: dsse entries in the stored form, 409 on repeats, GET by UUID.
  const entries = new Map<string, unknown>();
  const byBody = new Map<string, string>();
  let rekor: ReturnType<typeof rekorHandler> | undefined;
  const rekorServer = await serve('rekor', faults, async (method, path, body) => {
    const get = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(path);
    if (method === 'GET' && get) {
      const entry = entries.get(get[1]!);
      return entry ? json(200, entry) : json(404, { code: 404, message: `no entry with UUID ${get[1]}` });
    }
    if (method !== 'POST' || path !== '/api/v1/log/entries' || !rekor)
      return json(404, { code: 404, message: `no route ${method} ${path}` });
    let proposed: { kind?: string; apiVersion?: string; spec?: { proposedContent?: { envelope?: string; verifiers?: string[] } } };
    try {
      proposed = JSON.parse(body) as typeof proposed;
    } catch {
      return json(400, { code: 400, message: 'request body is not JSON' });
    }
    if (proposed.kind !== 'dsse' || proposed.apiVersion !== '0.0.1')
      return json(400, { code: 400, message: `this local Rekor accepts dsse 0.0.1 entries, not ${proposed.kind}/${proposed.apiVersion}` });
    const content = proposed.spec?.proposedContent;
    const verifier = content?.verifiers?.[0];
    if (!content?.envelope || !verifier)
      return json(400, { code: 400, message: 'dsse entry needs proposedContent.envelope and verifiers' });
    let payload: Buffer;
    let signatures: Array<{ signature: string; verifier: string }>;
    try {
      const env = JSON.parse(content.envelope) as {
        payloadType: string;
        payload: string;
        signatures: Array<{ sig: string; keyid?: string }>;
      };
      payload = Buffer.from(env.payload, 'base64');
      const key = keyFromVerifier(verifier);
      const data = pae(env.payloadType, payload);
      signatures = env.signatures.map((s) => {
        const sig = Buffer.from(s.sig, 'base64');
        const ok = key.asymmetricKeyType === 'ed25519' ? cryptoVerify(null, data, key, sig) : cryptoVerify('sha256', data, key, sig);
        if (!ok) throw new Error('the DSSE signature does not verify with the given verifier');
        return { signature: s.sig, verifier };
      });
    } catch (err) {
      // Real Rekor answers 400 to an entry it cannot validate.
      return json(400, { code: 400, message: `invalid dsse entry: ${(err as Error).message}` });
    }
    const stored = {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(content.envelope).toString('hex') },
        payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
        signatures,
      },
    };
    const dedupKey = JSON.stringify(stored);
    const existing = byBody.get(dedupKey);
    if (existing) {
      return json(
        409,
        { code: 409, message: `an equivalent entry already exists in the transparency log with UUID ${existing}` },
        {
          location: `/api/v1/log/entries/${existing}`,
        },
      );
    }
    const result = await rekor.fn(JSON.stringify(stored));
    if (result.statusCode === 201) {
      const parsed = JSON.parse(String(result.response)) as Record<string, unknown>;
      const uuid = Object.keys(parsed)[0]!;
      entries.set(uuid, parsed);
      byBody.set(dedupKey, uuid);
    }
    return result as Result;
  });
  const tlog = await initializeTLog(rekorServer.url, tlogKeys, clock);
  rekor = rekorHandler(tlog, { strict: true });

  const tsaServer = await serve('tsa', faults, async (method, path, body) => {
    if (method !== 'POST' || path !== tsaH.path) return json(404, { code: 404, message: `no route ${method} ${path}` });
    return tsaH.fn(body);
  });

  const start = new Date(clock.getTime() - 3600_000).toISOString();
  const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' });
  const tlogDer = spki(tlogKeys.publicKey);
  const ctDer = spki(ctKeys.publicKey);
  const trustedRoot: TrustedRootJson = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekorServer.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: tlogDer.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: sha256(tlogDer).toString('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: fulcioServer.url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.local.invalid',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: ctDer.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: sha256(ctDer).toString('base64') },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: tsaServer.url,
        certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
        validFor: { start },
      },
    ],
  };
  const svc = (url: string): ServiceJson => ({ url, majorApiVersion: 1, validFor: { start }, operator: 'custody-local-stack' });
  const signingConfig: SigningConfigJson = {
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [svc(fulcioServer.url)],
    oidcUrls: [svc(issuer.url)],
    rekorTlogUrls: options.signingConfigWithoutTlog ? [] : [svc(rekorServer.url)],
    tsaUrls: options.signingConfigWithoutTsa ? [] : [svc(`${tsaServer.url}/api/v1/timestamp`)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };
  const ownDir = !options.dir;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'custody-sigstore-')));
  const trustedRootPath = join(dir, 'trusted_root.json');
  const signingConfigPath = join(dir, 'signing_config.json');
  await writeFile(trustedRootPath, JSON.stringify(trustedRoot, null, 2));
  await writeFile(signingConfigPath, JSON.stringify(signingConfig, null, 2));

  return {
    fulcioUrl: fulcioServer.url,
    rekorUrl: rekorServer.url,
    tsaUrl: tsaServer.url,
    issuer,
    clock,
    trustedRoot,
    trustedRootPath,
    signingConfig,
    signingConfigPath,
    async writeSigningConfig(name, config) {
      const p = join(dir, `${name.replace(/[^\w.-]/g, '_')}.json`);
      await writeFile(p, JSON.stringify(config, null, 2));
      return p;
    },
    faults,
    rekorEntries: entries,
    async close() {
      await Promise.all([fulcioServer.close(), rekorServer.close(), tsaServer.close(), ownIssuer ? issuer.close() : Promise.resolve()]);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
