// The Sigstore service client's network bounds, against hostile HTTP servers on loopback (real sockets): an endless
// body, a body that declares gigabytes, a body that stalls, a body that drips forever, retries capped by the limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureLimits } from '@custody/core';
import { callService, type RetryPolicy } from '../http.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('callService bounds (hostile loopback servers)', () => {
  let server: Server;
  let url = '';
  let handler: Handler = (_req, res) => res.end('{}');
  let requests = 0;
  const sockets = new Set<Socket>();
  const policy: RetryPolicy = { retries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1000, timeoutMs: 5_000 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      res.setHeader('connection', 'close');
      handler(req, res);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/timestamp`;
  });
  afterEach(() => {
    configureLimits({});
    requests = 0;
    for (const s of sockets) s.destroy();
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const call = (p: Partial<RetryPolicy> = {}) =>
    callService({ service: 'TSA', url, body: '{}' }, { ...policy, ...p }).catch((e: unknown) => e);

  it('an endless body is cut off at the limit (LIMIT_BUNDLE_BYTES), not buffered', async () => {
    configureLimits({ CUSTODY_MAX_BUNDLE_BYTES: '1M' });
    let sent = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'A');
      const pump = () => {
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('error', () => undefined);
      pump();
    };
    const err = await call();
    expect(err).toMatchObject({ code: 'LIMIT_BUNDLE_BYTES', exitCode: 2 });
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(requests).toBe(1);
  });

  it('a declared Content-Length over the limit is refused before reading', async () => {
    configureLimits({ CUSTODY_MAX_BUNDLE_BYTES: '1M' });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': String(8 * 1024 ** 3) });
      res.write('x');
    };
    const err = (await call()) as Error;
    expect(err).toMatchObject({ code: 'LIMIT_BUNDLE_BYTES' });
    expect(err.message).toContain('declares 8589934592 bytes');
  });

  it('a body that stalls half way ends in the idle timeout, retried a bounded number of times', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"x":');
    };
    const started = Date.now();
    const err = (await call({ retries: 2, timeoutMs: 200 })) as Error & { code: string };
    expect(err.code).toBe('SIGN_SERVICE_UNAVAILABLE');
    expect(err.message).toMatch(/3 attempts: no answer within 200 ms \(timeout\)/);
    expect(requests).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body that drips forever (never idle) ends at the deadline (LIMIT_HTTP_DEADLINE_MS)', async () => {
    configureLimits({ CUSTODY_HTTP_DEADLINE_MS: '600' });
    const timers: NodeJS.Timeout[] = [];
    handler = (_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 20);
      timers.push(t);
    };
    const started = Date.now();
    const err = await call();
    for (const t of timers) clearInterval(t);
    expect(err).toMatchObject({ code: 'LIMIT_HTTP_DEADLINE_MS', exitCode: 2 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('CUSTODY_HTTP_RETRIES caps the retries below the policy', async () => {
    configureLimits({ CUSTODY_HTTP_RETRIES: '1' });
    handler = (_req, res) => {
      res.writeHead(503);
      res.end('down');
    };
    const err = (await call({ retries: 3 })) as Error & { code: string };
    expect(err.code).toBe('SIGN_SERVICE_UNAVAILABLE');
    expect(err.message).toMatch(/2 attempts: HTTP 503/);
    expect(requests).toBe(2);
  });
});
