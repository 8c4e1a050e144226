import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import {
  LimitError,
  addSecret,
  describeCause,
  digestBytes,
  limits,
  parseJsonBounded,
  silentLogger,
  type LimitName,
  type Logger,
} from '@custody/core';
import { findCredentials, type Credential, type CredentialLookup, type GitHubRegistryToken } from './credentials.js';
import { assertDigest, assertReference, isValidDigest, parseManifest } from './digest.js';
import { OciAuthError, OciError, OciHttpError, OciNotFoundError } from './errors.js';
import { type BoundedResponse, HttpTimeout, exchangeFollowing, timeoutError } from './http.js';
import { ACCEPT_MANIFESTS, MEDIA_OCI_INDEX, type Descriptor, type ImageIndex, type Manifest } from './media.js';
import { isLoopbackHost, isValidTag } from './reference.js';
import { DEFAULT_RETRY, backoffDelay, isRetryableNetworkError, isRetryableStatus, retryAfterMs, sleep, type RetryPolicy } from './retry.js';

export interface RegistryClientOptions {
  env?: NodeJS.ProcessEnv;
  /** docker config.json path (default $DOCKER_CONFIG/config.json, ~/.docker/config.json). */
  dockerConfig?: string;
  /** Credentials given directly (tests, `attest --push` callers); skips the lookup. */
  credential?: Credential;
  /** A GitHub token for GitHub's container registry (an action's github-token input); see findCredentials. */
  githubToken?: GitHubRegistryToken;
  /** Allow plain http for this registry although it is not loopback ("insecure": the user asked for it). */
  insecure?: boolean;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Blobs above this size are uploaded in chunks (PATCH) of `chunkSize` bytes. Default 16 MiB / 8 MiB. */
  monolithicLimit?: number;
  chunkSize?: number;
  /** Called after every HTTP round trip (benchmarks count them). */
  onRequest?: (method: string, url: string, status: number | 'error') => void;
  userAgent?: string;
  /** 'push': ask for pull,push tokens from the first request (a push will follow; saves a second token round trip). */
  intent?: 'pull' | 'push';
}

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  manifest: Manifest;
}

export interface PutManifestResult {
  digest: string;
  /** The OCI-Subject header: set by registries that implement the referrers API. */
  subject?: string;
}

export interface ReferrersResult {
  /** False when the registry does not implement the referrers API (404 or not an index). */
  supported: boolean;
  manifests: Descriptor[];
  /** OCI-Filters-Applied contained artifactType: the list is already filtered. */
  filtered: boolean;
}

interface RequestInit2 {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** 'push' asks for pull,push tokens; default pull. */
  access?: 'pull' | 'push';
  /** Statuses that are not errors (others throw). Default 2xx. */
  accept?: number[];
  /** Absolute URL (upload locations); default built from path. */
  url?: string;
  /** Epoch ms by which this request (retries and body included) must be done; default now + the deadline limit. */
  deadline?: number;
}

/** What `send` needs for one exchange. */
interface SendInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  deadline: number;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2] ?? ''))) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  return { scheme: m[1]!.toLowerCase(), params };
}

function parseNextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return m?.[1];
}

async function errorDetail(res: BoundedResponse): Promise<string> {
  try {
    const text = await res.text();
    try {
      const json = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> };
      if (json.errors?.length) return json.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      /* not JSON */
    }
    return text.trim().slice(0, 200);
  } catch {
    return '';
  }
}

/** A client for one registry host (OCI distribution API). One per registry; tokens are cached per scope. */
export class RegistryClient {
  readonly host: string;
  /** The name credentials are looked up under (docker.io for Docker Hub). */
  readonly registry: string;
  readonly baseUrl: string;
  /** HTTP round trips made so far. */
  requests = 0;
  private readonly options: RegistryClientOptions;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private credentialLookup: Promise<CredentialLookup> | undefined;
  private basic: string | undefined;
  private readonly tokens = new Map<string, { token: string; expires: number }>();

  constructor(host: string, options: RegistryClientOptions = {}, registry = host) {
    this.host = host;
    this.registry = registry;
    this.options = options;
    this.retry = { ...DEFAULT_RETRY, attempts: limits().httpRetries + 1, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    const secure = !(isLoopbackHost(host) || options.insecure);
    this.baseUrl = `${secure ? 'https' : 'http'}://${host}`;
    if (options.credential) {
      addSecret(options.credential.password);
      this.credentialLookup = Promise.resolve({ credential: options.credential, tried: [options.credential.source] });
    }
  }

  private credentials(): Promise<CredentialLookup> {
    this.credentialLookup ??= findCredentials(this.registry, {
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.dockerConfig ? { dockerConfig: this.options.dockerConfig } : {}),
      ...(this.options.githubToken ? { githubToken: this.options.githubToken } : {}),
    });
    return this.credentialLookup;
  }

  private scopeKey(repository: string, access: 'pull' | 'push'): string {
    return `repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
  }

  private authHeader(repository: string, access: 'pull' | 'push'): string | undefined {
    if (this.basic) return this.basic;
    const now = Date.now();
    const exact = this.tokens.get(this.scopeKey(repository, access));
    if (exact && exact.expires > now) return `Bearer ${exact.token}`;
    if (access === 'pull') {
      const wider = this.tokens.get(this.scopeKey(repository, 'push'));
      if (wider && wider.expires > now) return `Bearer ${wider.token}`;
    }
    return undefined;
  }

  /**
   * One HTTP exchange with retries on 5xx, 429, connection resets and connect/idle timeouts, bounded by the retry
   * count and by the request's deadline (a retry that would end after the deadline is not made).
   */
  private async send(url: string, init: SendInit, authOrigin = new URL(this.baseUrl).origin): Promise<BoundedResponse> {
    const method = init.method;
    for (let attempt = 0; ; attempt++) {
      let res: BoundedResponse;
      try {
        this.requests++;
        res = await exchangeFollowing(url, init, authOrigin);
      } catch (err) {
        this.options.onRequest?.(method, url, 'error');
        const timeout = err instanceof HttpTimeout ? err : undefined;
        const retryable = timeout ? timeout.limit !== 'httpDeadlineMs' : isRetryableNetworkError(err);
        const delay = backoffDelay(this.retry, attempt);
        if (attempt + 1 < this.retry.attempts && retryable && Date.now() + delay < init.deadline) {
          this.logger.debug(`${method} ${url}: ${describeCause(err)}; retrying in ${delay} ms`);
          await sleep(delay);
          continue;
        }
        const tries = `${attempt + 1} attempt${attempt ? 's' : ''}`;
        if (timeout) throw timeoutError(timeout, `${method} ${url} (${this.host}, ${tries})`, url);
        throw new OciError(
          'OCI_NETWORK_ERROR',
          `cannot reach ${this.host}: ${describeCause((err as Error).cause ?? err)} (${method} ${url}, ${tries}).`,
          {
            location: url,
            hint: isLoopbackHost(this.host)
              ? 'Check that the registry is running.'
              : 'Check the registry address and your network; plain-http registries need the insecure option. Retries: CUSTODY_HTTP_RETRIES.',
            cause: err,
          },
        );
      }
      this.options.onRequest?.(method, url, res.status);
      if (isRetryableStatus(res.status) && attempt + 1 < this.retry.attempts) {
        const delay =
          (res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), this.retry) : undefined) ??
          backoffDelay(this.retry, attempt);
        if (Date.now() + delay < init.deadline) {
          res.discard();
          this.logger.debug(`${method} ${url}: HTTP ${res.status}; retrying in ${delay} ms`);
          await sleep(delay);
          continue;
        }
      }
      return res;
    }
  }

  /** An authenticated request: answers a 401 challenge once (Basic or Bearer token), then returns the response. */
  async request(repository: string, path: string, init: RequestInit2 = {}): Promise<BoundedResponse> {
    const method = init.method ?? 'GET';
    const access = this.options.intent === 'push' ? 'push' : (init.access ?? (method === 'GET' || method === 'HEAD' ? 'pull' : 'push'));
    const url = init.url ?? `${this.baseUrl}${path}`;
    const deadline = init.deadline ?? Date.now() + limits().httpDeadlineMs;
    const build = (): SendInit => {
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'custody', ...init.headers };
      const auth = new URL(url).origin === new URL(this.baseUrl).origin ? this.authHeader(repository, access) : undefined;
      if (auth) headers.authorization = auth;
      return { method, headers, ...(init.body ? { body: init.body } : {}), deadline };
    };
    const first = build();
    let res = await this.send(url, first);
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      res.discard();
      const sent = first.headers.authorization;
      const now = this.authHeader(repository, access);
      // Concurrent requests share one authentication; one that raced ahead of it just retries with its result.
      const lookup = now && now !== sent ? await this.credentials() : await this.authenticateOnce(repository, access, challenge);
      res = await this.send(url, build());
      if (res.status === 401 || res.status === 403) {
        throw new OciAuthError(res.status, this.registry, repository, lookup.tried, await errorDetail(res));
      }
    } else if (res.status === 403) {
      const lookup = await this.credentials();
      throw new OciAuthError(403, this.registry, repository, lookup.tried, await errorDetail(res));
    }
    const ok = init.accept ? init.accept.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) {
      const detail = await errorDetail(res);
      if (res.status === 404) {
        throw new OciNotFoundError(`${method} ${url}: not found (404)${detail ? `: ${detail}` : ''}.`, {
          location: `${this.registry}/${repository}`,
        });
      }
      const codes = [...detail.matchAll(/\b([A-Z][A-Z_]+[A-Z])\b:/g)].map((m) => m[1]!);
      throw new OciHttpError(res.status, codes, `${method} ${url} failed: HTTP ${res.status}${detail ? ` (${detail})` : ''}.`, {
        location: `${this.registry}/${repository}`,
        hint: isRetryableStatus(res.status)
          ? `The registry kept failing after ${this.retry.attempts} attempts; try again later (retries: CUSTODY_HTTP_RETRIES).`
          : 'Check the reference and the registry logs.',
      });
    }
    return res;
  }

  private readonly authInFlight = new Map<string, Promise<CredentialLookup>>();

  private authenticateOnce(repository: string, access: 'pull' | 'push', challenge: Challenge | undefined): Promise<CredentialLookup> {
    const key = this.scopeKey(repository, access);
    let pending = this.authInFlight.get(key);
    if (!pending) {
      pending = this.authenticate(repository, access, challenge).finally(() => this.authInFlight.delete(key));
      this.authInFlight.set(key, pending);
    }
    return pending;
  }

  private async authenticate(repository: string, access: 'pull' | 'push', challenge: Challenge | undefined): Promise<CredentialLookup> {
    const lookup = await this.credentials();
    const cred = lookup.credential;
    if (!challenge || challenge.scheme === 'basic') {
      if (!cred)
        throw new OciAuthError(401, this.registry, repository, lookup.tried, 'the registry asks for Basic credentials and none were found');
      this.basic = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      addSecret(this.basic.slice(6));
      return lookup;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw new OciAuthError(401, this.registry, repository, lookup.tried, `unsupported authentication challenge "${challenge.scheme}"`);
    }
    const tokenUrl = new URL(challenge.params.realm);
    if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
    tokenUrl.searchParams.set('scope', this.scopeKey(repository, access));
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'custody' };
    if (cred) headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
    // The token service is another origin: exchangeFollowing keeps Authorization only for the registry's origin,
    // so the Basic credentials are sent explicitly here, to the realm the registry named.
    const res = await this.send(tokenUrl.href, { method: 'GET', headers, deadline: Date.now() + limits().httpDeadlineMs }, tokenUrl.origin);
    if (!res.ok) {
      res.discard();
      throw new OciAuthError(
        res.status === 403 ? 403 : 401,
        this.registry,
        repository,
        lookup.tried,
        `token service ${tokenUrl.origin} answered HTTP ${res.status}${cred ? '' : ' to an anonymous request'}`,
      );
    }
    const parsed = await res.json('ociJsonBytes', `the token response of ${tokenUrl.origin}`, tokenUrl.origin);
    const body = (parsed && typeof parsed === 'object' ? parsed : {}) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new OciAuthError(401, this.registry, repository, lookup.tried, `token service ${tokenUrl.origin} returned no token`);
    addSecret(token);
    const ttl = Math.max(30, (body.expires_in ?? 300) - 10) * 1000;
    this.tokens.set(this.scopeKey(repository, access), { token, expires: Date.now() + ttl });
    return lookup;
  }

  /** GET /v2/: the registry answers (authenticating when it asks). Returns the API version header. */
  async ping(repository = 'library/ping'): Promise<string> {
    const res = await this.request(repository, '/v2/', { accept: [200] });
    res.discard();
    return res.headers.get('docker-distribution-api-version') ?? '';
  }

  // ---- manifests ----

  async headManifest(repository: string, reference: string): Promise<Descriptor | undefined> {
    assertReference(reference, `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: ACCEPT_MANIFESTS },
      accept: [200, 404],
    });
    res.discard();
    if (res.status === 404) return undefined;
    const digest = res.headers.get('docker-content-digest');
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const size = Number(res.headers.get('content-length') ?? 0);
    // A header from the registry: used only when it is a valid digest (else the manifest is fetched and hashed).
    if (!digest || !isValidDigest(digest) || !Number.isSafeInteger(size) || !size) {
      // Some registries omit headers on HEAD: fall back to GET.
      const m = await this.getManifest(repository, reference);
      return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
    }
    return { mediaType, digest, size };
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const where = `${this.registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
    assertReference(reference, `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT_MANIFESTS } });
    const bytes = await res.bytes('ociJsonBytes', `manifest ${where}`, where);
    // Fetched by digest: checked with that digest's algorithm (fail closed on one we cannot compute).
    const digest = isDigestReference(reference)
      ? contentDigest(bytes, reference, `${this.registry}/${repository}`)
      : `sha256:${digestBytes(bytes)}`;
    if (isDigestReference(reference) && reference !== digest) {
      throw new OciError('OCI_DIGEST_MISMATCH', `manifest ${reference} from ${this.registry}/${repository} hashes to ${digest}.`, {
        location: `${this.registry}/${repository}@${reference}`,
        hint: 'The registry returned different content than requested; do not trust it.',
      });
    }
    const manifest: Manifest = parseManifest(bytes, where);
    const mediaType = manifest.mediaType ?? (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    return { bytes, mediaType, digest, manifest };
  }

  async putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<PutManifestResult> {
    assertReference(reference, `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: bytes,
      accept: [200, 201, 202],
    });
    res.discard();
    const digest = `sha256:${digestBytes(bytes)}`;
    const subject = res.headers.get('oci-subject') ?? undefined;
    return { digest, ...(subject ? { subject } : {}) };
  }

  async deleteManifest(repository: string, digest: string): Promise<void> {
    assertDigest(digest, 'the manifest to delete', `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/manifests/${digest}`, { method: 'DELETE', accept: [200, 202, 404] });
    res.discard();
  }

  // ---- blobs ----

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`, { method: 'HEAD', accept: [200, 404] });
    res.discard();
    return res.status === 200;
  }

  /**
   * The whole blob, checked against its digest, at most `limit` bytes (default the attestation-blob limit,
   * CUSTODY_MAX_BUNDLE_BYTES): a larger Content-Length is refused unread, a longer body is cut off.
   */
  async getBlob(repository: string, digest: string, limit: LimitName = 'bundleBytes'): Promise<Buffer> {
    assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`);
    const bytes = await res.bytes(limit, `blob ${digest}`, `${this.registry}/${repository}@${digest}`);
    const got = contentDigest(bytes, digest, `${this.registry}/${repository}`);
    if (got !== digest) {
      throw new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} from ${this.registry}/${repository} hashes to ${got}.`, {
        location: `${this.registry}/${repository}@${digest}`,
        hint: 'The registry returned different content than requested; do not trust it.',
      });
    }
    return bytes;
  }

  /** The blob as a stream (constant memory); the stream errors with OCI_DIGEST_MISMATCH at the end if it does not match. */
  async openBlob(repository: string, digest: string): Promise<Readable> {
    assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
    const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`);
    const body = res.stream();
    const verify = verifyingStream(digest, `${this.registry}/${repository}`);
    // A body that breaks (reset, idle timeout, deadline) errors the returned stream instead of ending it early.
    body.on('error', (err) => verify.destroy(err));
    return body.pipe(verify);
  }

  /** Uploads a blob unless the registry has it (`skipExisting`). Monolithic PUT, or chunked PATCHes above the limit. */
  async putBlob(repository: string, bytes: Uint8Array, opts: { skipExisting?: boolean } = {}): Promise<string> {
    const digest = `sha256:${digestBytes(bytes)}`;
    if (opts.skipExisting !== false && (await this.hasBlob(repository, digest))) return digest;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.uploadOnce(repository, bytes, digest);
        return digest;
      } catch (err) {
        // An upload session that broke half way (reset, registry restart) is started again once.
        if (
          attempt === 0 &&
          err instanceof OciError &&
          (err.code === 'OCI_NOT_FOUND' || err.code === 'OCI_NETWORK_ERROR' || err.code === 'OCI_REGISTRY_ERROR')
        ) {
          this.logger.debug(`upload of ${digest} failed (${err.message}); starting a new upload session`);
          continue;
        }
        throw err;
      }
    }
  }

  private async uploadOnce(repository: string, bytes: Uint8Array, digest: string): Promise<void> {
    const start = await this.request(repository, `/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      accept: [202],
      headers: { 'content-length': '0' },
    });
    start.discard();
    let location = this.uploadLocation(start, repository);
    const limit = this.options.monolithicLimit ?? 16 * 1024 * 1024;
    if (bytes.length > limit) {
      const chunk = this.options.chunkSize ?? 8 * 1024 * 1024;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        const part = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
        const res = await this.request(repository, '', {
          url: location,
          method: 'PATCH',
          access: 'push',
          headers: {
            'content-type': 'application/octet-stream',
            'content-range': `${offset}-${offset + part.length - 1}`,
            'content-length': String(part.length),
          },
          body: part,
          accept: [202],
        });
        res.discard();
        location = this.uploadLocation(res, repository, location);
      }
      const url = new URL(location);
      url.searchParams.set('digest', digest);
      const done = await this.request(repository, '', { url: url.href, method: 'PUT', access: 'push', accept: [201, 204] });
      done.discard();
      return;
    }
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const res = await this.request(repository, '', {
      url: url.href,
      method: 'PUT',
      access: 'push',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
      body: bytes,
      accept: [201, 204],
    });
    res.discard();
  }

  private uploadLocation(res: BoundedResponse, repository: string, previous?: string): string {
    const loc = res.headers.get('location');
    if (!loc) {
      if (previous) return previous;
      throw new OciError('OCI_REGISTRY_ERROR', `${this.registry}/${repository}: upload started without a Location header.`, {
        hint: 'The registry does not follow the distribution spec.',
      });
    }
    return new URL(loc, this.baseUrl).href;
  }

  // ---- tags and referrers ----

  /** Every tag of the repository, following Link pagination. A repository with no tags gives []. */
  async listTags(repository: string, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    const pages = new PagedTotal(`the tags list of ${this.registry}/${repository}`);
    for (let page = 0; path && page < 10_000; page++) {
      const res = await this.request(repository, path, { accept: [200, 404] });
      if (res.status === 404) {
        res.discard();
        return tags;
      }
      const bytes = await res.bytes('ociJsonBytes', `the tags list of ${this.registry}/${repository}`, `${this.registry}/${repository}`);
      pages.add(bytes.length);
      const body = parseListJson(bytes, `the tags list of ${this.registry}/${repository}`) as { tags?: unknown } | null;
      const pageTags = body && typeof body === 'object' ? body.tags : undefined;
      if (pageTags !== undefined && pageTags !== null && !Array.isArray(pageTags)) {
        throw new OciError('OCI_REGISTRY_ERROR', `the tags list of ${this.registry}/${repository} is not {"tags": [...]}.`, {
          location: `${this.registry}/${repository}`,
          hint: 'The registry does not follow the distribution spec.',
        });
      }
      // Tags are names from the registry: only valid ones are kept (they are used in URLs later).
      for (const t of pageTags ?? []) if (typeof t === 'string' && isValidTag(t)) tags.push(t);
      const next = parseNextLink(res.headers.get('link'));
      path = next ? (next.startsWith('http') ? new URL(next).pathname + new URL(next).search : next) : undefined;
    }
    return tags;
  }

  /** GET /v2/<name>/referrers/<digest>: `supported: false` when the registry lacks the API. */
  async referrers(repository: string, digest: string, artifactType?: string): Promise<ReferrersResult> {
    assertDigest(digest, 'the subject', `${this.registry}/${repository}`);
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    let path: string | undefined = `/v2/${repository}/referrers/${digest}${query}`;
    const manifests: Descriptor[] = [];
    let filtered = false;
    const pages = new PagedTotal(`the referrers list of ${digest} in ${this.registry}/${repository}`);
    for (let page = 0; path && page < 1000; page++) {
      const res = await this.request(repository, path, { accept: [200, 404, 400, 405] });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (res.status !== 200 || type !== MEDIA_OCI_INDEX) {
        res.discard();
        if (page === 0) return { supported: false, manifests: [], filtered: false };
        break;
      }
      const applied = (res.headers.get('oci-filters-applied') ?? '').split(',').map((s) => s.trim());
      if (applied.includes('artifactType')) filtered = true;
      const where = `${this.registry}/${repository} referrers of ${digest}`;
      const pageBytes = await res.bytes('ociJsonBytes', `the referrers list of ${digest}`, where);
      pages.add(pageBytes.length);
      const index = parseManifest(pageBytes, where) as ImageIndex;
      if (!Array.isArray(index.manifests))
        throw new OciError('OCI_MANIFEST_INVALID', `the referrers list of ${digest} in ${this.registry}/${repository} is not an index.`, {
          location: where,
          hint: 'The registry does not follow the distribution spec.',
        });
      manifests.push(...index.manifests);
      const next = parseNextLink(res.headers.get('link'));
      path = next ? (next.startsWith('http') ? new URL(next).pathname + new URL(next).search : next) : undefined;
    }
    // A registry that ignored the filter: apply it here.
    const result = artifactType && !filtered ? manifests.filter((m) => m.artifactType === artifactType) : manifests;
    return { supported: true, manifests: result, filtered };
  }
}

/** Paginated lists (tags, referrers): all pages together stay within 16 times the OCI JSON limit. */
class PagedTotal {
  private total = 0;
  constructor(private readonly what: string) {}
  add(bytes: number): void {
    this.total += bytes;
    const max = limits().ociJsonBytes * 16;
    if (this.total > max) {
      throw new LimitError('ociJsonBytes', `${this.what} runs to more than ${max} bytes over its pages (16 times the OCI JSON limit).`);
    }
  }
}

function parseListJson(bytes: Buffer, what: string): unknown {
  try {
    return parseJsonBounded(bytes.toString('utf8'), { what, maxBytes: 'ociJsonBytes' });
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw new OciError('OCI_REGISTRY_ERROR', `${what} is not JSON.`, {
      hint: 'The registry does not follow the distribution spec.',
      cause: err,
    });
  }
}

/** A pass-through stream that fails at the end when the content does not hash to `digest`. */
const DIGEST_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);

/** `alg:hex` as OCI references write digests (any algorithm name; checked separately). */
function isDigestReference(reference: string): boolean {
  return /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}

/** The digest of `bytes` in the algorithm `expected` names; an algorithm Custody cannot compute fails closed. */
function contentDigest(bytes: Uint8Array, expected: string, where: string): string {
  const alg = expected.slice(0, expected.indexOf(':'));
  if (!DIGEST_ALGORITHMS.has(alg)) {
    throw new OciError('OCI_DIGEST_UNSUPPORTED', `${expected} uses the digest algorithm "${alg}", which Custody cannot check.`, {
      location: where,
      hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
    });
  }
  return `${alg}:${createHash(alg).update(bytes).digest('hex')}`;
}

export function verifyingStream(digest: string, where: string): Transform {
  const [alg, hex] = digest.split(':');
  if (!alg || !DIGEST_ALGORITHMS.has(alg)) {
    throw new OciError('OCI_DIGEST_UNSUPPORTED', `${digest} uses the digest algorithm "${alg ?? ''}", which Custody cannot check.`, {
      location: where,
      hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
    });
  }
  const hash = createHash(alg);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      const got = hash.digest('hex');
      if (got !== hex) {
        cb(
          new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} from ${where} hashes to ${alg}:${got}.`, {
            location: where,
            hint: 'The content was altered; do not trust it.',
          }),
        );
      } else cb();
    },
  });
}
