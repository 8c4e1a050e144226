/**
 * One bounded HTTP exchange (node:http/https, no fetch), shared by the clients of Sigstore's services
 * (packages/sign) and of GitHub's API (packages/github): a connect timeout, an idle timeout (no byte either way), the
 * call's deadline, and a cap on the response body (Content-Length checked first, then bytes counted as they arrive).
 * The callers choose the bounds from ./limits.ts and add their own retries, errors and wording. Keep-alive agents
 * (idle sockets never hold the process open); proxies from HTTP(S)_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { LimitError, formatLimit, limits } from './limits.js';

const proxyOption = process.env.NODE_USE_ENV_PROXY ? ({ proxyEnv: process.env } as Record<string, unknown>) : {};
const agents = { http: new HttpAgent({ keepAlive: true, ...proxyOption }), https: new HttpsAgent({ keepAlive: true, ...proxyOption }) };

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
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
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
      new LimitError('bundleBytes', `the answer of ${what} ${detail}, over the limit of ${formatLimit('bundleBytes', bounds.maxBytes)}.`, {
        location,
      });
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
      () => abort(new HttpTimeout('httpDeadlineMs', `${what} was not done within ${formatLimit('httpDeadlineMs', bound.httpDeadlineMs)}`)),
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
