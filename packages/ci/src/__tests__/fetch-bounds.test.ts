// The OIDC fetches (an issuer's discovery document and JWKS, GitHub's token endpoint) are bounded in time and size,
// against hostile HTTP servers on loopback (real sockets): endless and declared-huge bodies, stalls, deep JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureLimits } from '@custody/core';
import { acquireIdentityToken, verifyIdTokenClaims } from '../index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('OIDC fetch bounds (hostile loopback servers)', () => {
  let server: Server;
  let base = '';
  let jwks: Handler = (_req, res) => res.end('{"keys":[]}');
  let token: Handler = (_req, res) => res.end('{"value":"t"}');
  let requests = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      // No keep-alive: each test's hostile answers end with their sockets destroyed.
      res.setHeader('connection', 'close');
      if (req.url === '/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
      } else if (req.url === '/jwks') jwks(req, res);
      else token(req, res);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    configureLimits({});
    requests = 0;
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const endless: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const pump = () => {
      while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
    };
    res.on('error', () => undefined);
    pump();
  };
  const unsignedToken = () =>
    `${b64({ alg: 'ES256', kid: 'k' })}.${b64({ iss: base, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 600 })}.${Buffer.from('sig').toString('base64url')}`;
  const verify = () =>
    verifyIdTokenClaims(unsignedToken(), { issuer: base, audience: 'sigstore' }).catch((e: unknown) => e as Error & { code: string });

  it('an endless JWKS is cut off at 1 MiB: OIDC_DISCOVERY_FAILED, not buffered', async () => {
    jwks = endless;
    const err = await verify();
    expect(err.code).toBe('OIDC_DISCOVERY_FAILED');
    expect(err.message).toMatch(/runs past 1048576 bytes/);
  });

  it('a JWKS that declares 8 GiB is refused before reading', async () => {
    jwks = (_req, res) => {
      res.writeHead(200, { 'content-length': String(8 * 1024 ** 3) });
      res.write('{');
    };
    const err = await verify();
    expect(err.code).toBe('OIDC_DISCOVERY_FAILED');
    expect(err.message).toMatch(/declares 8589934592 bytes/);
  });

  it('a JWKS that stalls half way ends in the idle timeout', async () => {
    configureLimits({ CUSTODY_HTTP_IDLE_TIMEOUT_MS: '200' });
    jwks = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"keys":');
    };
    const started = Date.now();
    const err = await verify();
    expect(err.code).toBe('OIDC_DISCOVERY_FAILED');
    expect(err.message).toMatch(/stalled for 200 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a JWKS nested 100,000 deep: LIMIT_JSON_DEPTH', async () => {
    jwks = (_req, res) => res.end(`{"keys":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect((await verify()).code).toBe('LIMIT_JSON_DEPTH');
  });

  it('the GitHub token endpoint: an endless answer is cut off, and CUSTODY_HTTP_RETRIES bounds the attempts', async () => {
    configureLimits({ CUSTODY_HTTP_RETRIES: '1' });
    token = endless;
    const err = (await acquireIdentityToken({
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token?x=1`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token' },
    }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('OIDC_TOKEN_REQUEST_FAILED');
    expect(err.message).toMatch(/runs past 1048576 bytes/);
    expect(requests).toBe(2);
  });

  it('the GitHub token endpoint: a drip that never ends stops at the request timeout', async () => {
    token = (_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 20);
      timers.add(t);
    };
    configureLimits({ CUSTODY_HTTP_RETRIES: '1' });
    const started = Date.now();
    const err = (await acquireIdentityToken({
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token' },
      timeoutMs: 500,
    }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('OIDC_TOKEN_REQUEST_FAILED');
    expect(err.message).toMatch(/no complete answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
