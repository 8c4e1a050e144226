/**
 * One bounded HTTP exchange with GitHub (node:http/https, no fetch): a connect timeout, an idle timeout, the call's
 * deadline, and a cap on the response body (Content-Length checked first, then bytes counted as they arrive), all
 * from packages/core's limits (CUSTODY_HTTP_* and CUSTODY_MAX_BUNDLE_BYTES). The same bounds as the registry and
 * Sigstore clients; this copy exists because packages never import each other.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { LimitError, formatLimit, limits } from '@custody/core';

// As the registry client: proxies from HTTP(S)_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set (Node 24).
const proxyOption = process.env.NODE_USE_ENV_PROXY ? ({ proxyEnv: process.env } as Record<string, unknown>) : {};
const agents = { http: new HttpAgent({ keepAlive: true, ...proxyOption }), https: new HttpsAgent({ keepAlive: true, ...proxyOption }) };

export class HttpTimeout extends Error {
  override name = 'HttpTimeout';
  constructor(
    readonly limit: 'httpConnectMs' | 'httpIdleMs' | 'httpDeadlineMs',
    message: string,
  ) {
    super(message);
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface SendBounds {
  /** Epoch ms by which the whole call (retries included) must be done. */
  deadline: number;
  maxBytes: number;
}

export function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  bounds: SendBounds,
  what: string,
): Promise<RawResponse> {
  const bound = limits();
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let abortReason: Error | undefined;
    const done = (err: unknown, value?: RawResponse) => {
      clearTimeout(connectTimer);
      clearTimeout(deadlineTimer);
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(value!);
    };
    const req = (isHttps ? httpsRequest : httpRequest)(
      url,
      {
        method,
        agent: isHttps ? agents.https : agents.http,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res: IncomingMessage) => {
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > bounds.maxBytes) {
          res.destroy();
          done(
            new LimitError(
              'bundleBytes',
              `the answer of ${what} declares ${declared} bytes, over the limit of ${formatLimit('bundleBytes', bounds.maxBytes)}.`,
              { location: url.origin + url.pathname },
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > bounds.maxBytes) {
            res.destroy();
            done(
              new LimitError(
                'bundleBytes',
                `the answer of ${what} runs past the limit of ${formatLimit('bundleBytes', bounds.maxBytes)}.`,
                { location: url.origin + url.pathname },
              ),
            );
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err) => done(abortReason ?? err));
        res.on('close', () => {
          if (!res.complete) done(abortReason ?? new Error('the connection closed before the answer ended'));
        });
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          done(undefined, { status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
      },
    );
    const abort = (err: Error) => {
      abortReason = err;
      req.destroy(err);
      done(err);
    };
    const deadlineTimer = setTimeout(
      () => abort(new HttpTimeout('httpDeadlineMs', `${what} was not done within ${formatLimit('httpDeadlineMs', bound.httpDeadlineMs)}`)),
      Math.max(0, bounds.deadline - Date.now()),
    );
    deadlineTimer.unref();
    req.on('socket', (socket) => {
      if ((socket as { connecting?: boolean }).connecting) {
        connectTimer = setTimeout(
          () => abort(new HttpTimeout('httpConnectMs', `no connection within ${formatLimit('httpConnectMs', bound.httpConnectMs)}`)),
          bound.httpConnectMs,
        );
        connectTimer.unref();
        socket.once('connect', () => clearTimeout(connectTimer));
      }
    });
    req.setTimeout(bound.httpIdleMs, () =>
      abort(new HttpTimeout('httpIdleMs', `no byte for ${formatLimit('httpIdleMs', bound.httpIdleMs)}`)),
    );
    req.on('error', (err) => done(abortReason ?? err));
    req.end(body);
  });
}
