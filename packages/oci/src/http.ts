/**
 * The HTTP transport of the registry client: node:http/https with every exchange bounded.
 *
 * - connect timeout (`limits().httpConnectMs`): from socket assignment (DNS included) to the TCP/TLS connection;
 * - idle timeout (`httpIdleMs`): the socket sends and receives nothing for that long (before or during the body);
 * - deadline (`httpDeadlineMs`): one request, its retries and its body together; the timer keeps running while the
 *   caller reads the body and is cleared when the body ends or is discarded;
 * - bodies are never buffered without a cap: `bytes(limit)` refuses a Content-Length over the limit before reading
 *   and counts bytes as they arrive, destroying the socket as soon as the count passes the limit.
 *
 * (fetch has no connect or idle timeout and buffers `arrayBuffer()` without a bound, hence node:http.)
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { LimitError, formatLimit, limits, parseJsonBounded, type LimitName } from '@custody/core';
import { OciError } from './errors.js';

// Node's fetch and global agents use HTTP_PROXY/HTTPS_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set; these agents
// do the same (Node 24's `proxyEnv` agent option), so that moving off fetch keeps proxied networks working.
const proxyOption = process.env.NODE_USE_ENV_PROXY ? ({ proxyEnv: process.env } as Record<string, unknown>) : {};
const agents = { http: new HttpAgent({ keepAlive: true, ...proxyOption }), https: new HttpsAgent({ keepAlive: true, ...proxyOption }) };

/** Why an exchange was cut short by one of the time bounds. */
export class HttpTimeout extends Error {
  override name = 'HttpTimeout';
  constructor(
    readonly limit: 'httpConnectMs' | 'httpIdleMs' | 'httpDeadlineMs',
    message: string,
  ) {
    super(message);
  }
}

export interface ExchangeInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Epoch ms when the whole request (retries and body included) must be done. */
  deadline: number;
}

/** Turns a timeout into the LimitError that names it (exit 2). */
export function timeoutError(err: HttpTimeout, what: string, location?: string): LimitError {
  return new LimitError(err.limit, `${what}: ${err.message}.`, location === undefined ? {} : { location });
}

const MAX_ERROR_BODY = 64 * 1024;

/** Set when a timer cut the exchange short, so that a broken body reports the limit rather than the reset. */
interface AbortState {
  reason?: HttpTimeout;
}

/** A response whose body has not been read yet. Read it with one of the bounded readers, or discard it. */
export class BoundedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly url: string;
  private readonly res: IncomingMessage;
  private readonly done: () => void;
  private readonly state: AbortState;
  private consumed = false;

  private readonly head: boolean;

  constructor(url: string, res: IncomingMessage, done: () => void, state: AbortState, head = false) {
    this.head = head;
    this.url = url;
    this.res = res;
    this.done = done;
    this.state = state;
    this.status = res.statusCode ?? 0;
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      try {
        h.set(k, Array.isArray(v) ? v.join(', ') : v);
      } catch {
        /* a header value Headers refuses: ignored */
      }
    }
    this.headers = h;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /**
   * Drops the body: a small declared one (at most 64 KiB, e.g. an error answer) is drained so the connection can be
   * reused; anything else destroys the socket. The timers stay armed while draining.
   */
  discard(): void {
    if (this.consumed) return;
    this.consumed = true;
    const declared = this.declaredLength();
    if (this.res.complete) {
      this.res.resume();
      this.done();
    } else if (this.head || (declared !== undefined && declared <= MAX_ERROR_BODY)) {
      // (A HEAD answer has no body whatever its Content-Length says.)
      this.res.once('end', this.done);
      this.res.once('close', this.done);
      this.res.resume();
    } else {
      this.res.destroy();
      this.done();
    }
  }

  private declaredLength(): number | undefined {
    const raw = this.headers.get('content-length');
    if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
    return Number(raw.trim());
  }

  /**
   * The whole body, at most `limits()[limit]` bytes: a larger Content-Length is refused before reading, and the
   * stream is cut as soon as more bytes arrive than the limit allows.
   */
  async bytes(limit: LimitName, what: string, location?: string): Promise<Buffer> {
    return this.read(
      limits()[limit],
      what,
      location,
      (size) =>
        new LimitError(
          limit,
          `${what} is ${size} bytes or more, over the limit of ${formatLimit(limit, limits()[limit])}.`,
          location === undefined ? {} : { location },
        ),
    );
  }

  /** The body parsed as JSON within the size limit `limit` and the nesting-depth limit. */
  async json(limit: LimitName, what: string, location?: string): Promise<unknown> {
    const bytes = await this.bytes(limit, what, location);
    const text = bytes.toString('utf8');
    try {
      return parseJsonBounded(text, { what, maxBytes: limit, ...(location === undefined ? {} : { location }) });
    } catch (err) {
      if (err instanceof LimitError) throw err;
      throw new OciError('OCI_REGISTRY_ERROR', `${what} is not JSON.`, {
        ...(location === undefined ? {} : { location }),
        hint: 'The registry answered something that is not an OCI document; check the address and the registry.',
        cause: err,
      });
    }
  }

  /** At most 64 KiB of the body as text (error details); never fails. */
  async text(): Promise<string> {
    try {
      return (await this.read(MAX_ERROR_BODY, 'error body', undefined, undefined)).toString('utf8');
    } catch {
      return '';
    }
  }

  /** The body as a stream (for large blobs); idle timeout and deadline stay in force while it is read. */
  stream(): Readable {
    this.consumed = true;
    this.res.once('end', this.done);
    this.res.once('close', this.done);
    return this.res;
  }

  private read(max: number, what: string, location: string | undefined, over: ((size: number) => Error) | undefined): Promise<Buffer> {
    if (this.consumed) return Promise.resolve(Buffer.alloc(0));
    this.consumed = true;
    const declared = this.declaredLength();
    if (declared !== undefined && declared > max) {
      this.res.destroy();
      this.done();
      return Promise.reject(over ? over(declared) : new Error('too large'));
    }
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (err: Error | undefined, value?: Buffer) => {
        if (settled) return;
        settled = true;
        this.done();
        if (err) reject(err);
        else resolve(value!);
      };
      this.res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          if (!over) {
            // Error details: keep what fits.
            chunks.push(c.subarray(0, Math.max(0, c.length - (size - max))));
            this.res.destroy();
            finish(undefined, Buffer.concat(chunks));
            return;
          }
          this.res.destroy();
          finish(over(size));
          return;
        }
        chunks.push(c);
      });
      this.res.on('end', () => finish(undefined, Buffer.concat(chunks)));
      const broken = (err?: Error) => {
        if (this.state.reason) return finish(timeoutError(this.state.reason, what, location));
        const e = new OciError(
          'OCI_NETWORK_ERROR',
          `${what}${location ? ` from ${location}` : ''}: the connection broke before the body ended${err ? ` (${err.message})` : ''}.`,
          {
            ...(location === undefined ? {} : { location }),
            hint: 'Retry; if it keeps happening, check the registry and the network path.',
            cause: err,
          },
        );
        finish(e);
      };
      this.res.on('error', broken);
      this.res.on('close', () => {
        if (!this.res.complete) broken();
      });
    });
  }
}

/**
 * One HTTP exchange, no retries and no redirects: resolves when the response headers arrive. Rejects with
 * HttpTimeout (connect, idle, deadline) or the socket error. The timers stay armed until the body is read or discarded.
 */
export function exchange(url: string, init: ExchangeInit): Promise<BoundedResponse> {
  const { httpConnectMs, httpIdleMs } = limits();
  return new Promise<BoundedResponse>((resolve, reject) => {
    const u = new URL(url);
    const isHttps = u.protocol === 'https:';
    const headers: Record<string, string> = { ...init.headers };
    if (init.body) headers['content-length'] = String(init.body.length);
    let connectTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const state: AbortState = {};
    let response: IncomingMessage | undefined;
    const abort = (reason: HttpTimeout) => {
      state.reason = reason;
      // After the headers: the body stream errors with the LimitError itself (stream readers see it as is).
      if (response) response.destroy(timeoutError(reason, `${init.method} ${url}`));
      req.destroy(reason);
    };
    const remaining = init.deadline - Date.now();
    const clear = () => {
      clearTimeout(connectTimer);
      clearTimeout(deadlineTimer);
    };
    const req: ClientRequest = (isHttps ? httpsRequest : httpRequest)(
      u,
      { method: init.method, headers, agent: isHttps ? agents.https : agents.http },
      (res) => {
        clearTimeout(connectTimer);
        settled = true;
        response = res;
        res.on('error', () => undefined);
        resolve(new BoundedResponse(url, res, clear, state, init.method === 'HEAD'));
      },
    );
    const fail = (err: Error) => {
      clear();
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    const deadlineTimer = setTimeout(
      () => {
        abort(
          new HttpTimeout('httpDeadlineMs', `not done within the deadline of ${formatLimit('httpDeadlineMs', limits().httpDeadlineMs)}`),
        );
      },
      Math.max(0, remaining),
    );
    deadlineTimer.unref();
    req.on('socket', (socket) => {
      if ((socket as { connecting?: boolean }).connecting) {
        connectTimer = setTimeout(() => {
          abort(new HttpTimeout('httpConnectMs', `no connection to ${u.host} within ${formatLimit('httpConnectMs', httpConnectMs)}`));
        }, httpConnectMs);
        connectTimer.unref();
        socket.once('connect', () => clearTimeout(connectTimer));
      }
    });
    req.setTimeout(httpIdleMs, () => {
      abort(new HttpTimeout('httpIdleMs', `${u.host} sent nothing for ${formatLimit('httpIdleMs', httpIdleMs)}`));
    });
    req.on('error', fail);
    if (remaining <= 0) {
      abort(new HttpTimeout('httpDeadlineMs', `not done within the deadline of ${formatLimit('httpDeadlineMs', limits().httpDeadlineMs)}`));
      return;
    }
    req.end(init.body ? Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength) : undefined);
  });
}

/** Follows redirects (at most 5); the Authorization header goes only to the origin it was meant for. */
export async function exchangeFollowing(url: string, init: ExchangeInit, authOrigin: string): Promise<BoundedResponse> {
  let current = url;
  let method = init.method;
  let body = init.body;
  for (let hop = 0; ; hop++) {
    const headers = { ...init.headers };
    if (new URL(current).origin !== authOrigin) delete headers.authorization;
    const res = await exchange(current, { method, headers, ...(body ? { body } : {}), deadline: init.deadline });
    const location = res.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(res.status) || !location || hop >= 5) return res;
    res.discard();
    current = new URL(location, current).href;
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      body = undefined;
    }
  }
}
