// The online trusted-root refresh is bounded: each TUF request within the connect + idle limits, at most
// CUSTODY_HTTP_RETRIES retries, the whole refresh within the deadline. Against a hostile TUF mirror on loopback (a
// real HTTP server that accepts requests and never answers), seeded with the public-good root that @sigstore/tuf ships.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureLimits } from '@custody/core';
import { refreshTrustedRoot } from '../tuf.js';

const require = createRequire(import.meta.url);

describe('refreshTrustedRoot against a TUF mirror that never answers', () => {
  let server: Server;
  let mirror = '';
  let cacheDir = '';
  let requests: string[] = [];
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((req) => {
      requests.push(req.url ?? '');
      req.resume(); // and never answer
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cacheDir = await mkdtemp(join(tmpdir(), 'custody-tuf-'));
    // The public-good root as the trust anchor of the cache for this mirror (what a first refresh starts from).
    const seeds = require('@sigstore/tuf/seeds.json') as Record<string, { 'root.json': string }>;
    const repo = join(cacheDir, encodeURIComponent(new URL(mirror).host));
    await mkdir(join(repo, 'targets'), { recursive: true });
    await writeFile(join(repo, 'root.json'), Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']!['root.json'], 'base64'));
  });
  afterEach(() => {
    configureLimits({});
    requests = [];
    for (const s of sockets) s.destroy();
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('each request times out (connect + idle), retries are bounded, exit 2', async () => {
    configureLimits({ CUSTODY_HTTP_CONNECT_TIMEOUT_MS: '100', CUSTODY_HTTP_IDLE_TIMEOUT_MS: '200', CUSTODY_HTTP_RETRIES: '1' });
    const started = Date.now();
    const err = (await refreshTrustedRoot({ cacheDir, mirrorURL: mirror }).catch((e: unknown) => e)) as Error & {
      code: string;
      exitCode: number;
    };
    expect(err.code).toBe('VERIFY_TUF_REFRESH_FAILED');
    expect(err.exitCode).toBe(2);
    // The next root version after the seeded one, asked twice (1 retry), nothing after.
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatch(/^\/\d+\.root\.json$/);
    expect(requests[1]).toBe(requests[0]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the whole refresh ends at the deadline (LIMIT_HTTP_DEADLINE_MS)', async () => {
    configureLimits({ CUSTODY_HTTP_IDLE_TIMEOUT_MS: '60000', CUSTODY_HTTP_DEADLINE_MS: '400' });
    const started = Date.now();
    const err = await refreshTrustedRoot({ cacheDir, mirrorURL: mirror }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LIMIT_HTTP_DEADLINE_MS', exitCode: 2 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
