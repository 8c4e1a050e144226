/** Bounded exponential backoff with jitter, honouring Retry-After. */
export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  attempts: number;
  /** First delay in ms (default 200); doubles each time. */
  baseDelayMs: number;
  /** Upper bound of any single delay, Retry-After included (default 5000). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** attempt;
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.min(policy.maxDelayMs, Math.round(jittered));
}

/** Retry-After: seconds or an HTTP date; capped by the policy. Undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, policy: RetryPolicy, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  let ms: number | undefined;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const t = Date.parse(trimmed);
    if (!Number.isNaN(t)) ms = Math.max(0, t - now);
  }
  return ms === undefined ? undefined : Math.min(policy.maxDelayMs, ms);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'EAI_AGAIN']);

/** Connection resets and similar transport failures (undici wraps them in TypeError("fetch failed")). */
export function isRetryableNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: string }).code;
    if (code && RETRYABLE_CODES.has(code)) return true;
    if (e instanceof Error && /socket hang up|other side closed|ECONNRESET/i.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
