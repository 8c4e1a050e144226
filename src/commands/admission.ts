/**
 * `custody admission`: a Kubernetes validating admission webhook. It answers AdmissionReview (admission.k8s.io/v1)
 * requests over HTTPS (node:https; plain HTTP only when asked for explicitly) by running the verify command's own
 * core, verifyArtifact, on every image of the reviewed Pod or workload (containers, init and ephemeral containers),
 * with the identity and policy of the object's namespace from a mounted policy file (reloaded when it changes or on
 * SIGHUP). Tags are resolved to digests first; verified (digest, policy) pairs are cached for a TTL. Fail-closed:
 * an error or a review past its deadline denies, unless --failure-policy ignore. Dry-run answers allowed with
 * warnings. Also serves /healthz, /readyz and /metrics (admission-metrics.ts). The pure parts (review parsing, the
 * response, the policy file) are @custody/deploy's.
 */
import { createHash } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { CustodyError, describeCause, limits, parseJsonBounded, printable, silentLogger, stableJson, type Logger } from '@custody/core';
import {
  admissionResponse,
  checkImageReference,
  parseAdmissionConfig,
  parseAdmissionReview,
  reviewImages,
  reviewUid,
  type AdmissionConfig,
  type AdmissionDecision,
  type AdmissionPolicyEntry,
  type AdmissionRequest,
} from '@custody/deploy';
import { failedChecks, type VerifyReport } from '@custody/verify';
import { AppInputError } from '../errors.js';
import { AdmissionMetrics, type DecisionReason, type DecisionResult } from './admission-metrics.js';
import { withoutTag } from './coverage.js';
import { loadPolicy, loadTrust, verifyArtifact, type VerifyArtifactOptions } from './verify.js';
import { VerifyRunCache } from './verify-cache.js';

/** The verify options of one namespace (as custody verify takes them, for an image target), and its mode. */
export interface NamespacePolicy {
  verify: Omit<VerifyArtifactOptions, 'target' | 'cwd' | 'env' | 'logger' | 'bundles' | 'vsa' | 'vsaSigning' | 'cache'>;
  /** Answer allowed with warnings instead of denying. */
  dryRun: boolean;
}

export type FailurePolicy = 'fail' | 'ignore';

export interface AdmissionServerOptions {
  /** The policy file (YAML or JSON): namespace -> verify options, with a default. Absent: the flags for every namespace. */
  config?: string;
  /** The option names a policy file entry may set (the verb's table decides). */
  configKeys: readonly string[];
  /**
   * One entry of the policy file (undefined: none applies) -> that namespace's policy: the entry laid over the flags,
   * its paths relative to `baseDir` (the policy file's directory). Throws on a bad entry (named by `where`).
   */
  policyFor(entry: AdmissionPolicyEntry | undefined, where: string, baseDir: string): NamespacePolicy;
  /** TLS certificate and key files (PEM); reloaded when they change (cert-manager renews them in place). */
  tls?: { cert: string; key: string };
  /** Serve plain HTTP (tests, or behind a mesh that terminates TLS). Without tls it is required. */
  insecureHttp?: boolean;
  host?: string;
  port: number;
  failurePolicy: FailurePolicy;
  /** Every namespace in dry-run (warn) mode. */
  dryRun: boolean;
  /** How long a verified (digest, policy) pair is trusted without verifying again. */
  cacheTtlMs: number;
  cacheEntries: number;
  /** The deadline of one review (keep it below the webhook's timeoutSeconds). */
  timeoutMs: number;
  /** How often the policy file and TLS files are checked for changes. */
  watchIntervalMs?: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** A clock for the cache (tests). */
  now?: () => number;
}

interface LoadedPolicy {
  policy: NamespacePolicy;
  /** sha256 of the options and of the bytes of the files they name: the cache's policy half of the key. */
  id: string;
}

interface LoadedConfig {
  default: LoadedPolicy;
  namespaces: Map<string, LoadedPolicy>;
  /** Trust roots, keys and policies parsed once per distinct bytes, for this configuration. */
  runCache: VerifyRunCache;
}

export interface AdmissionServer {
  /** http(s)://host:port */
  url: string;
  port: number;
  metrics: AdmissionMetrics;
  /** Reads the policy file again (SIGHUP); a bad file keeps the policies in force and returns the error. */
  reload(): Promise<Error | undefined>;
  /** Stops accepting reviews (readiness fails), waits for those in flight, closes. */
  close(): Promise<void>;
  /** Resolves when the server has closed. */
  closed: Promise<void>;
}

/** One image's outcome. */
interface ImageOutcome {
  image: string;
  result: 'verified' | 'unverified' | 'invalid' | 'error';
  reason?: string;
  warning?: string;
}

class DeadlineError extends Error {}

/** Every file a policy names, read now: a change to a key, policy or trusted root makes a new policy id. */
async function policyId(p: NamespacePolicy, cwd: string): Promise<string> {
  const h = createHash('sha256').update(stableJson(p.verify as unknown as Record<string, unknown>));
  for (const f of [...(p.verify.keys ?? []), p.verify.policy, p.verify.trustedRoot]) {
    if (!f) continue;
    const path = resolve(cwd, f);
    try {
      h.update(path)
        .update('\0')
        .update(await readFile(path));
    } catch (err) {
      throw new AppInputError('ADMISSION_CONFIG_INVALID', `cannot read ${printable(f)}, which a policy names: ${describeCause(err)}.`, {
        location: path,
        hint: 'Mount the keys, policies and trusted root the policy file names (paths are relative to the policy file).',
        cause: err,
      });
    }
  }
  return h.digest('hex');
}

/** Reads the policy file (if any) and makes each namespace's policy. Throws on anything wrong. */
async function loadConfig(o: AdmissionServerOptions): Promise<LoadedConfig> {
  let config: AdmissionConfig = { namespaces: {} };
  let baseDir = o.cwd;
  let source = 'the command line';
  if (o.config) {
    const path = resolve(o.cwd, o.config);
    const { readBoundedFile } = await import('@custody/core');
    let text: string;
    try {
      text = (await readBoundedFile(path, 'the admission policy file', 'manifestBytes', o.config)).toString('utf8');
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      throw new AppInputError('ADMISSION_CONFIG_INVALID', `cannot read the policy file: ${describeCause(err)}.`, {
        location: o.config,
        hint: 'Mount the policy file (a ConfigMap) at the path given to --config.',
        cause: err,
      });
    }
    config = parseAdmissionConfig(text, o.config, o.configKeys);
    baseDir = dirname(path);
    source = o.config;
  }
  const runCache = new VerifyRunCache();
  const make = async (entry: AdmissionPolicyEntry | undefined, where: string): Promise<LoadedPolicy> => {
    const policy = o.policyFor(entry, where, baseDir);
    const id = await policyId(policy, o.cwd);
    // The keys, trusted root and policy file each namespace names are parsed now: a bad one fails the load (exit 2 at
    // start, the policies in force kept on a reload), not every review.
    if (policy.verify.policy) await loadPolicy(resolve(o.cwd, policy.verify.policy), runCache);
    await loadTrust({ ...policy.verify, cwd: o.cwd, cache: runCache });
    return { policy, id };
  };
  const namespaces = new Map<string, LoadedPolicy>();
  for (const [ns, entry] of Object.entries(config.namespaces)) namespaces.set(ns, await make(entry, `${source}: namespaces.${ns}`));
  return { default: await make(config.default, `${source}: default`), namespaces, runCache };
}

/**
 * Why an image did not verify, from its report, briefly: what failed in its attestations (the signer's key or
 * identity, the policy), else the failed checks over the whole set (a required type missing).
 */
function unverifiedReason(report: VerifyReport): string {
  if (report.attestations.length === 0) return 'no attestation is stored next to the image';
  const failed = failedChecks(report);
  const own = [...new Set(failed.filter((c) => c.source).map((c) => `${c.id}: ${c.reason}`))];
  const overall = failed.filter((c) => !c.source).map((c) => c.reason);
  return (own.length ? own.slice(0, 2) : overall.slice(0, 2)).join('; ') || 'its attestations do not verify';
}

/** A small LRU of verified (digest, policy id) pairs, each with its expiry. */
class VerifiedCache {
  private readonly map = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}
  has(key: string): boolean {
    const exp = this.map.get(key);
    if (exp === undefined) return false;
    this.map.delete(key);
    if (exp <= this.now()) return false;
    this.map.set(key, exp);
    return true;
  }
  add(key: string): void {
    if (this.ttlMs <= 0 || this.max <= 0) return;
    this.map.delete(key);
    this.map.set(key, this.now() + this.ttlMs);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

/** The review logic, without the HTTP server: AdmissionReview bytes in, HTTP status and response body out. */
export class AdmissionReviewer {
  readonly metrics = new AdmissionMetrics();
  private config: LoadedConfig | undefined;
  private readonly cache: VerifiedCache;
  private readonly logger: Logger;
  private readonly env: NodeJS.ProcessEnv;
  /** Checks of the same (digest, policy) in flight: joined, not repeated (a rollout sends many Pods at once). */
  private readonly inflight = new Map<string, Promise<ImageOutcome>>();

  constructor(private readonly o: AdmissionServerOptions) {
    this.cache = new VerifiedCache(o.cacheTtlMs, o.cacheEntries, o.now ?? Date.now);
    this.logger = o.logger ?? silentLogger;
    this.env = o.env ?? process.env;
  }

  get ready(): boolean {
    return this.config !== undefined;
  }

  /** Loads (or reloads) the policies; a failure keeps those in force. */
  async load(): Promise<void> {
    try {
      this.config = await loadConfig(this.o);
      this.metrics.reload('ok');
      this.metrics.configLoadedAt = Math.floor((this.o.now ?? Date.now)() / 1000);
      this.logger.info(
        `custody admission: policies loaded from ${this.o.config ?? 'the command line'} (${this.config.namespaces.size} namespace(s) and a default)`,
      );
    } catch (err) {
      this.metrics.reload('error');
      throw err;
    }
  }

  private policyFor(namespace: string | undefined): LoadedPolicy {
    const c = this.config!;
    return (namespace !== undefined ? c.namespaces.get(namespace) : undefined) ?? c.default;
  }

  /** Verifies one image (by digest; a tag resolved first) under a policy, through the cache. */
  private async checkImage(image: string, loaded: LoadedPolicy, config: LoadedConfig): Promise<ImageOutcome> {
    try {
      checkImageReference(image, 'the reviewed object');
    } catch (err) {
      return { image, result: 'invalid', reason: err instanceof CustodyError ? err.message : String(err) };
    }
    const pinned = /@sha256:[0-9a-f]{64}$/.exec(image);
    let digest = pinned?.[0].slice(1);
    let warning: string | undefined;
    if (!digest) {
      const oci = await import('@custody/oci');
      const resolved = await oci.openAndResolve(`oci://${image}`, { cwd: this.o.cwd, env: this.env, logger: silentLogger });
      digest = resolved.digest;
      warning = `${image} is named by tag: custody verified ${digest}, what the tag names now; pin the digest (${withoutTag(image)}@${digest}) so that the node runs what was verified`;
    }
    const key = `${digest}\0${loaded.id}`;
    if (this.cache.has(key)) {
      this.metrics.cacheHits++;
      this.metrics.image('verified');
      return { image, result: 'verified', ...(warning ? { warning } : {}) };
    }
    let running = this.inflight.get(key);
    if (!running) {
      this.metrics.cacheMisses++;
      running = this.verify(image, digest, key, loaded, config).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    } else this.metrics.cacheHits++;
    const out = await running;
    this.metrics.image(out.result === 'verified' ? 'verified' : out.result === 'unverified' ? 'unverified' : 'error');
    return { ...out, image, ...(warning ? { warning } : {}) };
  }

  private async verify(image: string, digest: string, key: string, loaded: LoadedPolicy, config: LoadedConfig): Promise<ImageOutcome> {
    const { report } = await verifyArtifact({
      ...loaded.policy.verify,
      predicateTypes: loaded.policy.verify.predicateTypes ?? [],
      bundles: [],
      target: `oci://${withoutTag(image)}@${digest}`,
      cwd: this.o.cwd,
      env: this.env,
      logger: silentLogger,
      cache: config.runCache,
    });
    if (report.passed) {
      // Only verified pairs are kept: an image attested a moment later is admitted at once.
      if (this.config === config) this.cache.add(key);
      this.metrics.cacheEntries = this.cache.size;
      return { image, result: 'verified' };
    }
    return { image, result: 'unverified', reason: unverifiedReason(report) };
  }

  /** Checks every image of a request under its namespace's policy, within the review's deadline. */
  private async decide(
    request: AdmissionRequest,
  ): Promise<{ decision: AdmissionDecision; result: DecisionResult; reason: DecisionReason }> {
    const allow = (reason: DecisionReason, warnings?: string[]) => ({
      decision: { allowed: true, ...(warnings?.length ? { warnings } : {}) },
      result: (warnings?.length ? 'warned' : 'allowed') as DecisionResult,
      reason,
    });
    if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return allow('operation_ignored');
    // Subresources carry no new images (status, scale, binding), except a Pod's ephemeral containers.
    if (request.subResource && request.subResource !== 'ephemeralcontainers') return allow('operation_ignored');
    const { workload, images } = reviewImages(request);
    if (!workload) return allow('not_a_workload');
    if (images.length === 0) return allow('no_images');
    const meta = (request.object as { metadata?: { namespace?: unknown; name?: unknown; generateName?: unknown } }).metadata ?? {};
    const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const namespace = request.namespace ?? text(meta.namespace);
    // A Pod made by a controller has no name yet at CREATE: its generateName stands in.
    const name = request.name ?? text(meta.name) ?? (text(meta.generateName) ? `${text(meta.generateName)}*` : undefined);
    const config = this.config!;
    const loaded = this.policyFor(namespace);
    const dryRun = this.o.dryRun || loaded.policy.dryRun;
    const what = printable(`${request.kind} ${namespace ? `${namespace}/` : ''}${name ?? ''}`.trim());

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError()), this.o.timeoutMs);
    });
    let outcomes: ImageOutcome[];
    try {
      outcomes = await Promise.race([
        Promise.all(
          images.map((i) =>
            this.checkImage(i.image, loaded, config).catch(
              (err: unknown): ImageOutcome => ({
                image: i.image,
                result: 'error',
                reason: err instanceof CustodyError ? `${err.code}: ${err.message}` : describeCause(err),
              }),
            ),
          ),
        ),
        deadline,
      ]);
    } catch (err) {
      if (!(err instanceof DeadlineError)) throw err;
      const message = `custody admission: the images of ${what} could not be verified within ${this.o.timeoutMs} ms`;
      return this.failure(message, 'timeout', dryRun);
    } finally {
      clearTimeout(timer);
    }
    const warnings = outcomes.flatMap((x) => (x.warning ? [x.warning] : []));
    const bad = outcomes.filter((x) => x.result === 'unverified' || x.result === 'invalid');
    const errors = outcomes.filter((x) => x.result === 'error');
    if (bad.length) {
      const reasons = bad.map((x) => `${x.image}: ${x.reason ?? 'does not verify'}`);
      const reason: DecisionReason = bad.some((x) => x.result === 'unverified') ? 'unverified' : 'image_invalid';
      const message = `custody admission denied ${what}: ${reasons.join('; ')}`;
      if (dryRun)
        return {
          decision: { allowed: true, warnings: [`dry run: would deny: ${reasons.join('; ')}`, ...warnings] },
          result: 'warned',
          reason,
        };
      return { decision: { allowed: false, code: 403, reason: 'Forbidden', message, warnings }, result: 'denied', reason };
    }
    if (errors.length) {
      const message = `custody admission: cannot verify ${what}: ${errors.map((x) => `${x.image}: ${x.reason}`).join('; ')}`;
      const f = this.failure(message, 'error', dryRun);
      f.decision.warnings = [...(f.decision.warnings ?? []), ...warnings];
      return f;
    }
    return allow('verified', warnings);
  }

  /** An error or timeout: denied (fail closed), or allowed with a warning under --failure-policy ignore or dry-run. */
  private failure(
    message: string,
    reason: DecisionReason,
    dryRun: boolean,
  ): { decision: AdmissionDecision; result: DecisionResult; reason: DecisionReason } {
    this.logger.warn(message);
    if (this.o.failurePolicy === 'ignore' || dryRun) {
      const why = dryRun ? 'dry run' : '--failure-policy ignore';
      return { decision: { allowed: true, warnings: [`${why}: admitted unverified: ${message}`] }, result: 'warned', reason };
    }
    return {
      decision: { allowed: false, code: 500, reason: 'InternalError', message: `${message} (fail closed)` },
      result: 'denied',
      reason,
    };
  }

  /** One review: the body's bytes -> the HTTP status and the JSON to answer. */
  async review(body: Buffer): Promise<{ status: number; body: unknown }> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let doc: unknown;
    try {
      doc = parseJsonBounded(body.toString('utf8'), { what: 'the AdmissionReview', maxBytes: 'admissionReviewBytes' });
    } catch (err) {
      this.metrics.decision('denied', 'malformed', seconds());
      const message = err instanceof CustodyError ? `${err.code}: ${err.message}` : `the body is not JSON: ${describeCause(err)}`;
      return { status: 400, body: { error: 'malformed AdmissionReview', message: printable(message) } };
    }
    const uid = reviewUid(doc);
    let request: AdmissionRequest;
    try {
      request = parseAdmissionReview(doc);
    } catch (err) {
      this.metrics.decision('denied', 'malformed', seconds());
      const message = err instanceof CustodyError ? `${err.code}: ${err.message}` : describeCause(err);
      // A review whose uid can be read gets a review back (the API server shows its message); otherwise a 400.
      if (!uid) return { status: 400, body: { error: 'malformed AdmissionReview', message: printable(message) } };
      return {
        status: 200,
        body: admissionResponse(uid, { allowed: false, code: 400, reason: 'BadRequest', message: `custody admission: ${message}` }),
      };
    }
    let out: Awaited<ReturnType<AdmissionReviewer['decide']>>;
    try {
      out = await this.decide(request);
    } catch (err) {
      // A malformed object (a container list that is not a list, an image that is not a string).
      const message = err instanceof CustodyError ? `${err.code}: ${err.message}` : describeCause(err);
      this.metrics.decision('denied', 'malformed', seconds());
      return {
        status: 200,
        body: admissionResponse(request.uid, { allowed: false, code: 400, reason: 'BadRequest', message: `custody admission: ${message}` }),
      };
    }
    this.metrics.decision(out.result, out.reason, seconds());
    if (out.result === 'denied') this.logger.info(out.decision.message ?? 'denied');
    else if (out.result === 'warned')
      this.logger.info(`custody admission: ${request.uid}: allowed with warnings: ${out.decision.warnings?.[0] ?? ''}`);
    return { status: 200, body: admissionResponse(request.uid, out.decision) };
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Reads a request body up to the limit; undefined (and a 413 sent) when it is larger: at once when its content-length
 * says so, else as soon as the bytes received pass the limit. The connection is closed once the 413 is written, so the
 * rest of the body is never read.
 */
function readBody(req: IncomingMessage, res: ServerResponse, metrics: AdmissionMetrics): Promise<Buffer | undefined> {
  const max = limits().admissionReviewBytes;
  return new Promise((resolvePromise, reject) => {
    const refuse = () => {
      metrics.bodyRefused++;
      req.removeAllListeners('data');
      req.pause();
      res.setHeader('connection', 'close');
      res.on('finish', () => req.socket.destroy());
      send(res, 413, {
        error: 'request body too large',
        message: `the AdmissionReview is over the limit of ${max} bytes [LIMIT_ADMISSION_REVIEW_BYTES]`,
      });
      resolvePromise(undefined);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) return refuse();
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (chunk: Buffer) => {
      n += chunk.byteLength;
      if (n > max) refuse();
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the webhook server; resolves once it listens and its policies are loaded. */
export async function startAdmissionServer(o: AdmissionServerOptions): Promise<AdmissionServer> {
  if (!o.tls && !o.insecureHttp) {
    throw new AppInputError('ADMISSION_TLS_REQUIRED', 'the API server calls webhooks over HTTPS, and no certificate was given.', {
      hint: 'Pass --tls-cert and --tls-key (cert-manager or a CA of your own: docs/admission.md); --insecure-http only for tests or behind a mesh that terminates TLS.',
    });
  }
  const logger = o.logger ?? silentLogger;
  const reviewer = new AdmissionReviewer(o);
  await reviewer.load();
  let draining = false;
  let inFlight = 0;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n', 'text/plain');
    if (req.method === 'GET' && path === '/readyz') {
      const ok = reviewer.ready && !draining;
      return send(res, ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n', 'text/plain');
    }
    if (req.method === 'GET' && path === '/metrics') return send(res, 200, reviewer.metrics.render(), 'text/plain; version=0.0.4');
    if (path !== '/validate' && path !== '/') return send(res, 404, { error: 'not found', message: 'POST AdmissionReviews to /validate' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, { error: 'method not allowed', message: 'POST an AdmissionReview' });
    }
    inFlight++;
    void (async () => {
      try {
        const body = await readBody(req, res, reviewer.metrics);
        if (!body) return;
        const out = await reviewer.review(body);
        send(res, out.status, out.body);
      } catch (err) {
        logger.error(`custody admission: ${describeCause(err)}`);
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      } finally {
        inFlight--;
      }
    })();
  };

  let server: Server | HttpsServer;
  const readTls = async () => ({ cert: await readFile(resolve(o.cwd, o.tls!.cert)), key: await readFile(resolve(o.cwd, o.tls!.key)) });
  if (o.tls) {
    let material;
    try {
      material = await readTls();
    } catch (err) {
      throw new AppInputError('ADMISSION_TLS_UNREADABLE', `cannot read the TLS certificate or key: ${describeCause(err)}.`, {
        location: `${o.tls.cert}, ${o.tls.key}`,
        hint: 'Mount the Secret cert-manager writes (tls.crt, tls.key) and pass their paths to --tls-cert and --tls-key.',
        cause: err,
      });
    }
    server = createHttpsServer({ ...material, minVersion: 'TLSv1.2' }, handler);
  } else server = createHttpServer(handler);
  server.headersTimeout = 10_000;
  server.requestTimeout = o.timeoutMs + 15_000;

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (err) =>
      reject(
        new AppInputError('ADMISSION_LISTEN_FAILED', `cannot listen on ${o.host ?? '0.0.0.0'}:${o.port}: ${describeCause(err)}.`, {
          hint: 'Choose a free --port (the Service targets it).',
          cause: err,
        }),
      ),
    );
    server.listen(o.port, o.host ?? '0.0.0.0', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;

  // The policy file and the TLS files are watched by polling their stat: a ConfigMap or Secret volume swaps a
  // symlink, which a file watcher on the old inode would miss.
  const interval = o.watchIntervalMs ?? 5000;
  const watched: string[] = [];
  const reload = async (): Promise<Error | undefined> => {
    try {
      await reviewer.load();
      return undefined;
    } catch (err) {
      logger.error(`custody admission: the policy file was not reloaded (the policies in force stay): ${describeCause(err)}`);
      return err as Error;
    }
  };
  if (o.config) {
    const p = resolve(o.cwd, o.config);
    watchFile(p, { interval, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.ino !== prev.ino) void reload();
    });
    watched.push(p);
  }
  if (o.tls && 'setSecureContext' in server) {
    const https = server;
    for (const f of [o.tls.cert, o.tls.key]) {
      const p = resolve(o.cwd, f);
      watchFile(p, { interval, persistent: false }, (cur, prev) => {
        if (cur.mtimeMs === prev.mtimeMs && cur.ino === prev.ino) return;
        readTls()
          .then((m) => {
            https.setSecureContext({ ...m, minVersion: 'TLSv1.2' });
            logger.info('custody admission: the TLS certificate was reloaded');
          })
          .catch((err: unknown) => logger.error(`custody admission: the TLS certificate was not reloaded: ${describeCause(err)}`));
      });
      watched.push(p);
    }
  }

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      for (const p of watched) unwatchFile(p);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeIdleConnections();
      });
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
      resolveClosed();
    })();
    return closing;
  };
  const scheme = o.tls ? 'https' : 'http';
  const host = o.host && o.host !== '0.0.0.0' && o.host !== '::' ? o.host : '127.0.0.1';
  logger.info(
    `custody admission: serving ${scheme}://${host}:${port}/validate (failure policy ${o.failurePolicy}${o.dryRun ? ', dry run' : ''})`,
  );
  return { url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`, port, metrics: reviewer.metrics, reload, close, closed };
}
