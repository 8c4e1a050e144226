/**
 * The Prometheus metrics of `custody admission` (text exposition format 0.0.4, served at /metrics): decisions by
 * result and reason, a review latency histogram, image checks by result, verified-digest cache hits and misses, and
 * policy file reloads. Counters only grow; label values come from fixed sets (never an image name or a namespace),
 * so a hostile workload cannot inflate the series.
 */

/** Review latency buckets, in seconds: a warm cache answers in about a millisecond, a cold check in tens to hundreds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What a review decided: allowed, denied, or allowed with warnings in dry-run (or under --failure-policy ignore). */
export type DecisionResult = 'allowed' | 'denied' | 'warned';
/** Why, one reason per review. */
export type DecisionReason =
  | 'verified'
  | 'unverified'
  | 'image_invalid'
  | 'error'
  | 'timeout'
  | 'malformed'
  | 'not_a_workload'
  | 'no_images'
  | 'operation_ignored';
export type ImageResult = 'verified' | 'unverified' | 'error';

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export class AdmissionMetrics {
  readonly decisions = new Map<string, number>();
  readonly images = new Map<ImageResult, number>();
  readonly reloads = new Map<'ok' | 'error', number>();
  cacheHits = 0;
  cacheMisses = 0;
  cacheEntries = 0;
  bodyRefused = 0;
  private readonly buckets = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;
  configLoadedAt = 0;

  decision(result: DecisionResult, reason: DecisionReason, seconds: number): void {
    const k = `${result}\0${reason}`;
    this.decisions.set(k, (this.decisions.get(k) ?? 0) + 1);
    this.latencyCount++;
    this.latencySum += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) this.buckets[i]!++;
  }

  image(result: ImageResult): void {
    this.images.set(result, (this.images.get(result) ?? 0) + 1);
  }

  reload(result: 'ok' | 'error'): void {
    this.reloads.set(result, (this.reloads.get(result) ?? 0) + 1);
  }

  /** The text exposition. */
  render(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('custody_admission_reviews_total', 'counter', 'Admission reviews answered, by decision and reason.');
    for (const [k, v] of [...this.decisions].sort()) {
      const [result, reason] = k.split('\0') as [string, string];
      out.push(`custody_admission_reviews_total{decision="${labelValue(result)}",reason="${labelValue(reason)}"} ${v}`);
    }
    family('custody_admission_review_duration_seconds', 'histogram', 'Time to answer an admission review.');
    LATENCY_BUCKETS.forEach((b, i) => out.push(`custody_admission_review_duration_seconds_bucket{le="${b}"} ${this.buckets[i]}`));
    out.push(`custody_admission_review_duration_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`custody_admission_review_duration_seconds_sum ${this.latencySum}`);
    out.push(`custody_admission_review_duration_seconds_count ${this.latencyCount}`);
    family('custody_admission_images_total', 'counter', 'Images checked (cache hits included), by result.');
    for (const [k, v] of [...this.images].sort()) out.push(`custody_admission_images_total{result="${k}"} ${v}`);
    family('custody_admission_cache_hits_total', 'counter', 'Image checks answered from the cache of verified digests.');
    out.push(`custody_admission_cache_hits_total ${this.cacheHits}`);
    family('custody_admission_cache_misses_total', 'counter', 'Image checks that ran the verification.');
    out.push(`custody_admission_cache_misses_total ${this.cacheMisses}`);
    family('custody_admission_cache_entries', 'gauge', 'Verified (digest, policy) pairs in the cache.');
    out.push(`custody_admission_cache_entries ${this.cacheEntries}`);
    family('custody_admission_requests_refused_total', 'counter', 'Requests refused before review: body too large (413).');
    out.push(`custody_admission_requests_refused_total ${this.bodyRefused}`);
    family(
      'custody_admission_config_reloads_total',
      'counter',
      'Policy file loads, by result (a failed reload keeps the last good policies).',
    );
    for (const [k, v] of [...this.reloads].sort()) out.push(`custody_admission_config_reloads_total{result="${k}"} ${v}`);
    family('custody_admission_config_loaded_timestamp_seconds', 'gauge', 'When the policies in force were loaded.');
    out.push(`custody_admission_config_loaded_timestamp_seconds ${this.configLoadedAt}`);
    return `${out.join('\n')}\n`;
  }
}
