/**
 * HTTP calls to Sigstore services with bounded retries: network errors, connect and idle timeouts, 408, 429 and 5xx
 * are retried with exponential backoff (capped), honouring Retry-After (seconds or HTTP date, capped). Anything
 * else is final. A final failure is a SigningServiceError naming the service and the URL.
 *
 * Every exchange is bounded (packages/core limits): a connect timeout (CUSTODY_HTTP_CONNECT_TIMEOUT_MS), an idle
 * timeout (the policy's `timeoutMs`, at most CUSTODY_HTTP_IDLE_TIMEOUT_MS), one deadline for the call with all its
 * retries (CUSTODY_HTTP_DEADLINE_MS -> LIMIT_HTTP_DEADLINE_MS), at most CUSTODY_HTTP_RETRIES retries, and a response
 * body cap (Content-Length checked first, bytes counted as they arrive; CUSTODY_MAX_BUNDLE_BYTES -> LIMIT_BUNDLE_BYTES).
 *
 * (@sigstore/sign retries too, but does not honour Retry-After, does not bound the wait, and its errors name
 * neither the service URL nor the cause of a timeout; so Custody talks to the services itself.)
 */
import { HttpTimeout, LimitError, boundedExchange, describeCause, limits, type HttpBounds, type Logger } from '@custody/core';
import { SigningServiceError, type ServiceName, type SignErrorCode } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  retries: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  baseDelayMs: number;
  /** Cap for one backoff delay (default 8 s). */
  maxDelayMs: number;
  /** The longest Retry-After Custody waits; a longer one ends the retries (default 60 s). */
  maxRetryAfterMs: number;
  /** Idle timeout of one attempt: no byte sent or received for this long (default 20 s; at most the idle limit). */
  timeoutMs: number;
  /** Connect timeout (default: the connect limit). */
  connectTimeoutMs?: number;
  /** Deadline of one call, retries included (default: the deadline limit). */
  deadlineMs?: number;
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
  explain?: (status: number, message: string) => { code: SignErrorCode; message: string; hint: string } | undefined;
}

export interface ServiceResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  attempts: number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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
  if (e?.name === 'HttpTimeout') return `${e.message ?? `no answer within ${timeoutMs} ms`} (timeout)`;
  if (e?.name === 'AbortError') return `no answer within ${timeoutMs} ms (timeout)`;
  if (e?.code === 'ECONNRESET' && /socket hang up/.test(e.message ?? '')) return 'ECONNRESET: the connection was closed without an answer';
  return describeCause(err);
}

export async function callService(
  req: ServiceRequest,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  logger?: Logger,
): Promise<ServiceResponse> {
  const sleep = policy.sleep ?? sleepFor;
  const method = req.method ?? 'POST';
  const bound = limits();
  const retries = Math.min(policy.retries, bound.httpRetries);
  const bounds: Required<HttpBounds> = {
    connectMs: policy.connectTimeoutMs ?? bound.httpConnectMs,
    idleMs: Math.min(policy.timeoutMs, bound.httpIdleMs),
    deadline: Date.now() + (policy.deadlineMs ?? bound.httpDeadlineMs),
    maxBytes: bound.bundleBytes,
  };
  let last = '';
  let lastStatus: number | undefined;
  let attempt = 0;
  for (;;) {
    attempt++;
    let delay: number | undefined;
    try {
      const startMs = performance.now();
      const res = await boundedExchange(
        new URL(req.url),
        method,
        { 'user-agent': 'custody', ...req.headers },
        req.body === undefined ? undefined : Buffer.from(req.body, 'utf8'),
        bounds,
        `${req.service} at ${req.url}`,
      ).catch((err: unknown) => {
        policy.onExchange?.({ service: req.service, method, url: req.url, error: describeCause(err), startMs, endMs: performance.now() });
        throw err;
      });
      policy.onExchange?.({ service: req.service, method, url: req.url, status: res.status, startMs, endMs: performance.now() });
      const body = res.body;
      if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status))
        return { status: res.status, headers: res.headers, body, attempts: attempt };
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
            hint:
              explained?.hint ??
              `Check that ${req.url} is a ${req.service} endpoint of the Sigstore instance you mean (--signing-config or the --*-url flags).`,
          },
        );
      }
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (retryAfter !== undefined) {
        if (retryAfter > policy.maxRetryAfterMs) {
          throw new SigningServiceError(
            req.service,
            req.url,
            'SIGN_SERVICE_UNAVAILABLE',
            `${req.service} at ${req.url} asked to retry after ${Math.ceil(retryAfter / 1000)} s (${last}), longer than Custody waits (${policy.maxRetryAfterMs / 1000} s).`,
            {
              status: res.status,
              hint: 'The service is rate-limiting or down; run the step again later.',
            },
          );
        }
        delay = retryAfter;
      }
    } catch (err) {
      if (err instanceof SigningServiceError || err instanceof LimitError) throw err;
      if (err instanceof HttpTimeout && err.limit === 'httpDeadlineMs') {
        throw new LimitError(
          'httpDeadlineMs',
          `${err.message} (${attempt} attempt${attempt > 1 ? 's' : ''}${last ? `; before: ${last}` : ''}).`,
          { location: req.url },
        );
      }
      lastStatus = undefined;
      last = networkCause(err, bounds.idleMs);
    }
    if (attempt > retries) break;
    delay ??= Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    // A retry that could not start before the deadline is not made.
    if (Date.now() + delay >= bounds.deadline) break;
    logger?.warn(`${req.service} ${method} ${req.url} failed (${last}); retry ${attempt} of ${retries} in ${delay} ms`);
    await sleep(delay);
  }
  throw new SigningServiceError(
    req.service,
    req.url,
    'SIGN_SERVICE_UNAVAILABLE',
    `${req.service} at ${req.url} failed after ${attempt} attempt${attempt > 1 ? 's' : ''}: ${last}.`,
    {
      ...(lastStatus !== undefined ? { status: lastStatus } : {}),
      hint: `The service is down, overloaded or unreachable from here. Run the step again later, or check the ${req.service} URL (--signing-config / --${req.service.toLowerCase()}-url).`,
    },
  );
}
