/**
 * Fault injection for the local Sigstore stack: the next N requests to a service fail in a chosen way.
 */
export type SigstoreService = 'fulcio' | 'rekor' | 'tsa';

export type Fault =
  /** Answer with this HTTP status (500, 502, 503, 504, 408...). */
  | { kind: 'status'; status: number }
  /** 429 Too Many Requests with `Retry-After: <seconds>`. */
  | { kind: 'rate-limit'; retryAfter: number }
  /** Never answer: the client has to time out. The socket is released when the stack closes. */
  | { kind: 'hang' }
  /** Destroy the connection without an answer (ECONNRESET / "socket hang up" on the client). */
  | { kind: 'reset' }
  /**
   * Rekor only: log the entry, then answer 409 "entry already exists" with its Location, as Rekor does when a
   * retried request finds the entry a lost earlier attempt created.
   */
  | { kind: 'conflict' };

export interface RequestRecord {
  service: SigstoreService;
  method: string;
  path: string;
  /** The status sent, or the fault kind when no status was sent. */
  outcome: number | 'hang' | 'reset';
}

export class FaultController {
  private readonly queues: Record<SigstoreService, Fault[]> = { fulcio: [], rekor: [], tsa: [] };
  readonly requests: RequestRecord[] = [];

  /** The next `count` requests to `service` fail with `fault` (queued after faults already injected). */
  inject(service: SigstoreService, fault: Fault, count = 1): this {
    for (let i = 0; i < count; i++) this.queues[service].push(fault);
    return this;
  }

  /** Takes the fault for the next request to `service`, if any. */
  take(service: SigstoreService): Fault | undefined {
    return this.queues[service].shift();
  }

  pending(service: SigstoreService): number {
    return this.queues[service].length;
  }

  /** Drops queued faults and forgets recorded requests. */
  reset(): void {
    for (const q of Object.values(this.queues)) q.length = 0;
    this.requests.length = 0;
  }

  /** Requests seen by `service` (optionally only one method). */
  count(service: SigstoreService, method?: string): number {
    return this.requests.filter((r) => r.service === service && (!method || r.method === method)).length;
  }
}
