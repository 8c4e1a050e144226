/**
 * One bounded HTTP exchange (node:http/https, no fetch), shared by the clients of Sigstore's services
 * (packages/sign) and of GitHub's API (packages/github): a connect timeout, an idle timeout (no byte either way), the
 * call's deadline, and a cap on the response body (Content-Length checked first, then bytes counted as they arrive).
 * The callers choose the bounds from ./limits.ts and add their own retries, errors and wording. Keep-alive agents
 * (idle sockets never hold the process open); proxies from HTTP(S)_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set.
 */
import type { Agent, IncomingMessage, request } from 'node:http';
import { LimitError, formatLimit, limits } from './limits.js';

interface Transport {
  request: typeof request;
  agent: Agent;
}

/**
 * node:http and node:https with their keep-alive agents, loaded at the first exchange: loading node:https takes about
 * 25 ms, which a command that never goes on the network (and every module importing core) should not pay.
 */
let transports: Promise<{ http: Transport; https: Transport }> | undefined;
function loadTransports(): Promise<{ http: Transport; https: Transport }> {
  transports ??= Promise.all([import('node:http'), import('node:https')]).then(([http, https]) => {
    const proxyOption = process.env.NODE_USE_ENV_PROXY ? ({ proxyEnv: process.env } as Record<string, unknown>) : {};
    return {
      http: { request: http.request, agent: new http.Agent({ keepAlive: true, ...proxyOption }) },
      https: { request: https.request, agent: new https.Agent({ keepAlive: true, ...proxyOption }) },
    };
  });
  return transports;
}

/** A connect, idle or deadline timeout of one exchange; `limit` says which. */
export class HttpTimeout extends Error {
  override name = 'HttpTimeout';
  constructor(
    readonly limit: 'httpConnectMs' | 'httpIdleMs' | 'httpDeadlineMs',
    message: string,
  ) {
    super(message);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface HttpBounds {
  /** Connect timeout (default: the connect limit). */
  connectMs?: number;
  /** Idle timeout (default: the idle limit). */
  idleMs?: number;
  /** Epoch ms by which the whole call (its retries included) must be done. */
  deadline: number;
  /** The largest response body accepted (LIMIT_BUNDLE_BYTES when passed). */
  maxBytes: number;
}

/**
 * One exchange. Resolves with any status; rejects on a network error, an HttpTimeout, or a LimitError (bundleBytes)
 * for a body over `maxBytes`. `what` names the call in messages ("Fulcio at https://…").
 */
export function boundedExchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  bounds: HttpBounds,
  what: string,
): Promise<HttpAnswer> {
  const bound = limits();
  const connectMs = bounds.connectMs ?? bound.httpConnectMs;
  const idleMs = bounds.idleMs ?? bound.httpIdleMs;
  const location = url.origin + url.pathname;
  return loadTransports().then((transport) => exchange(transport[url.protocol === 'https:' ? 'https' : 'http']));
  function exchange(transport: Transport): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      let abortReason: Error | undefined;
      const done = (err: unknown, value?: HttpAnswer) => {
        clearTimeout(connectTimer);
        clearTimeout(deadlineTimer);
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve(value!);
      };
      const tooBig = (detail: string) =>
        new LimitError(
          'bundleBytes',
          `the answer of ${what} ${detail}, over the limit of ${formatLimit('bundleBytes', bounds.maxBytes)}.`,
          {
            location,
          },
        );
      const req = transport.request(
        url,
        {
          method,
          agent: transport.agent,
          headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res: IncomingMessage) => {
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (Number.isFinite(declared) && declared > bounds.maxBytes) {
            res.destroy();
            done(tooBig(`declares ${declared} bytes`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > bounds.maxBytes) {
              res.destroy();
              done(tooBig(`runs past ${bounds.maxBytes} bytes`));
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
        () =>
          abort(new HttpTimeout('httpDeadlineMs', `${what} was not done within ${formatLimit('httpDeadlineMs', bound.httpDeadlineMs)}`)),
        Math.max(0, bounds.deadline - Date.now()),
      );
      deadlineTimer.unref();
      req.on('socket', (socket) => {
        if ((socket as { connecting?: boolean }).connecting) {
          connectTimer = setTimeout(
            () => abort(new HttpTimeout('httpConnectMs', `no connection within ${formatLimit('httpConnectMs', connectMs)}`)),
            connectMs,
          );
          connectTimer.unref();
          socket.once('connect', () => clearTimeout(connectTimer));
        }
      });
      req.setTimeout(idleMs, () => abort(new HttpTimeout('httpIdleMs', `no answer within ${formatLimit('httpIdleMs', idleMs)}`)));
      req.on('error', (err) => done(abortReason ?? err));
      req.end(body);
    });
  }
}
