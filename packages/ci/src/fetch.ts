/**
 * Bounded JSON fetches for the OIDC endpoints (GitHub's token endpoint, an issuer's discovery document and JWKS):
 * the answer's headers must come within the connect + idle limits, the body may not stall longer than the idle
 * limit, the whole exchange ends by the request timeout (at most the deadline limit), and the body is capped
 * (Content-Length checked first, then bytes counted as they arrive). These documents are a few KiB; 1 MiB is plenty.
 */
import { LimitError, limits, parseJsonBounded } from '@custody/core';

/** The most any OIDC answer (token, discovery document, JWKS) may be. */
export const OIDC_MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export interface BoundedJsonResult {
  status: number;
  ok: boolean;
  /** Parsed body; undefined when the body is not JSON (or not read: a non-2xx answer). */
  body: unknown;
}

/**
 * fetch(url) within the time and size bounds; returns the status and the parsed JSON body of a 2xx answer.
 * Rejects on network errors, timeouts (AbortError/TimeoutError), an over-large body (BodyTooLargeError) and
 * LimitError (JSON nesting).
 */
export async function fetchJsonBounded(
  fetcher: typeof fetch,
  url: string | URL,
  init: { headers: Record<string, string>; redirect?: 'error' | 'follow' | 'manual'; timeoutMs: number },
): Promise<BoundedJsonResult> {
  const bound = limits();
  const total = Math.min(init.timeoutMs, bound.httpDeadlineMs);
  const controller = new AbortController();
  const abort = (why: string) => controller.abort(Object.assign(new Error(why), { name: 'TimeoutError' }));
  const overall = setTimeout(() => abort(`no complete answer within ${total} ms`), total);
  let idle = setTimeout(
    () => abort(`no answer within ${bound.httpConnectMs + bound.httpIdleMs} ms`),
    bound.httpConnectMs + bound.httpIdleMs,
  );
  try {
    const res = await fetcher(url, {
      headers: init.headers,
      ...(init.redirect ? { redirect: init.redirect } : {}),
      signal: controller.signal,
    });
    clearTimeout(idle);
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, ok: false, body: undefined };
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > OIDC_MAX_BODY_BYTES) {
      await res.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`the answer declares ${declared} bytes (more than ${OIDC_MAX_BODY_BYTES})`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        idle = setTimeout(() => abort(`the answer stalled for ${bound.httpIdleMs} ms`), bound.httpIdleMs);
        const { done, value } = await reader.read();
        clearTimeout(idle);
        if (done) break;
        size += value.byteLength;
        if (size > OIDC_MAX_BODY_BYTES) {
          await reader.cancel().catch(() => undefined);
          throw new BodyTooLargeError(`the answer runs past ${OIDC_MAX_BODY_BYTES} bytes`);
        }
        chunks.push(value);
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = parseJsonBounded(text, { what: `the answer of ${typeof url === 'string' ? url : url.href}`, maxBytes: 'ociJsonBytes' });
    } catch (err) {
      if (err instanceof LimitError) throw err;
      body = undefined;
    }
    return { status: res.status, ok: true, body };
  } catch (err) {
    // An abort surfaces as the reason we gave it (or a generic AbortError): report the reason.
    if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(overall);
    clearTimeout(idle);
  }
}
