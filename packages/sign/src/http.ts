/**
 * HTTP calls to Sigstore services with bounded retries: network errors, per-attempt timeouts, 408, 429 and 5xx
 * are retried with exponential backoff (capped), honouring Retry-After (seconds or HTTP date, capped). Anything
 * else is final. A final failure is a SigningServiceError naming the service and the URL.
 *
 * (@sigstore/sign retries too, but does not honour Retry-After, does not bound the wait, and its errors name
 * neither the service URL nor the cause of a timeout; so Custody talks to the services itself.)
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { describeCause, type Logger } from '@custody/core';
import { SigningServiceError, type ServiceName } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  retries: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  baseDelayMs: number;
  /** Cap for one backoff delay (default 8 s). */
  maxDelayMs: number;
  /** The longest Retry-After Custody waits; a longer one ends the retries (default 60 s). */
  maxRetryAfterMs: number;
  /** Per-attempt timeout (default 20 s). */
  timeoutMs: number;
  /** How to wait (tests record the delays instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  /** Told about every HTTP exchange (benchmarks, debugging); performance.now() times. */
  onExchange?: (e: HttpExchange) => void;
}

export interface HttpExchange {
  service: ServiceName;
  method: string;
  url: string;
  status?: number;
  error?: string;
  startMs: number;
  endMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 20_000,
};

export interface ServiceRequest {
  service: ServiceName;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Statuses handed back to the caller instead of failing (e.g. Rekor's 409). */
  accept?: number[];
  /** Error code and hint for a final non-retryable answer, by status. */
  explain?: (status: number, message: string) => { code: string; message: string; hint: string } | undefined;
}

export interface ServiceResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  attempts: number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Keep-alive agents: a signing run talks to the same two or three hosts; idle sockets are unref'd by Node, so they
// never hold the process open. (node:http rather than fetch: measurably less overhead per call, see bench/sign.js.)
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** One HTTP exchange with a whole-exchange timeout. Rejects on network errors and timeouts. */
function send(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const isHttps = u.protocol === 'https:';
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const req = (isHttps ? httpsRequest : httpRequest)(
      u,
      {
        method,
        agent: isHttps ? agents.https : agents.http,
        headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
      },
    );
    function fail(err: unknown) {
      clearTimeout(timer);
      reject(err);
    }
    const timer = setTimeout(() => {
      req.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', fail);
    req.end(payload);
  });
}

/** Parses Retry-After: delta seconds or an HTTP date. Returns milliseconds, or undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

function messageOf(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}

function networkCause(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms (timeout)`;
  if (e?.code === 'ECONNRESET' && /socket hang up/.test(e.message ?? '')) return 'ECONNRESET: the connection was closed without an answer';
  return describeCause(err);
}

export async function callService(req: ServiceRequest, policy: RetryPolicy = DEFAULT_RETRY_POLICY, logger?: Logger): Promise<ServiceResponse> {
  const sleep = policy.sleep ?? sleepFor;
  const method = req.method ?? 'POST';
  let last = '';
  let lastStatus: number | undefined;
  for (let attempt = 1; ; attempt++) {
    let delay: number | undefined;
    try {
      const startMs = performance.now();
      const res = await send(req.url, method, { 'user-agent': 'custody', ...req.headers }, req.body, policy.timeoutMs).catch((err: unknown) => {
        policy.onExchange?.({ service: req.service, method, url: req.url, error: describeCause(err), startMs, endMs: performance.now() });
        throw err;
      });
      policy.onExchange?.({ service: req.service, method, url: req.url, status: res.status, startMs, endMs: performance.now() });
      const body = res.body;
      if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return { status: res.status, headers: res.headers, body, attempts: attempt };
      const msg = messageOf(body);
      lastStatus = res.status;
      last = `HTTP ${res.status}${msg ? ` ${msg}` : ''}`;
      if (!retryableStatus(res.status)) {
        const explained = req.explain?.(res.status, msg);
        throw new SigningServiceError(
          req.service,
          req.url,
          explained?.code ?? 'SIGN_SERVICE_REJECTED',
          explained?.message ?? `${req.service} at ${req.url} rejected the request: ${last}.`,
          {
            status: res.status,
            hint: explained?.hint ?? `Check that ${req.url} is a ${req.service} endpoint of the Sigstore instance you mean (--signing-config or the --*-url flags).`,
          },
        );
      }
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (retryAfter !== undefined) {
        if (retryAfter > policy.maxRetryAfterMs) {
          throw new SigningServiceError(req.service, req.url, 'SIGN_SERVICE_UNAVAILABLE', `${req.service} at ${req.url} asked to retry after ${Math.ceil(retryAfter / 1000)} s (${last}), longer than Custody waits (${policy.maxRetryAfterMs / 1000} s).`, {
            status: res.status,
            hint: 'The service is rate-limiting or down; run the step again later.',
          });
        }
        delay = retryAfter;
      }
    } catch (err) {
      if (err instanceof SigningServiceError) throw err;
      lastStatus = undefined;
      last = networkCause(err, policy.timeoutMs);
    }
    if (attempt > policy.retries) break;
    delay ??= Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    logger?.warn(`${req.service} ${method} ${req.url} failed (${last}); retry ${attempt} of ${policy.retries} in ${delay} ms`);
    await sleep(delay);
  }
  throw new SigningServiceError(
    req.service,
    req.url,
    'SIGN_SERVICE_UNAVAILABLE',
    `${req.service} at ${req.url} failed after ${policy.retries + 1} attempts: ${last}.`,
    {
      ...(lastStatus !== undefined ? { status: lastStatus } : {}),
      hint: `The service is down, overloaded or unreachable from here. Run the step again later, or check the ${req.service} URL (--signing-config / --${req.service.toLowerCase()}-url).`,
    },
  );
}
