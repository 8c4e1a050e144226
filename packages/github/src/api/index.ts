/**
 * GitHub's artifact attestations REST API: store a Sigstore bundle with a repository, and list the attestations
 * of a subject digest from a repository or an organization; and the dependency submission API (the sbom action's
 * dependency-snapshot). `@custody/github/api` imports nothing from @actions/*
 * (unlike `@custody/github`), so the CLI can use it: src/commands composes it with signing and verification.
 *
 * Shapes, as GitHub documents them and as @actions/attest (writeAttestation) and gh (pkg/cmd/attestation/api) use them:
 * - POST {api}/repos/{owner}/{repo}/attestations, body {"bundle": <bundle>}, 201 {"id": N}; the page of an
 *   attestation is {server}/{owner}/{repo}/attestations/{id} (actions/attest's attestation-url).
 * - GET {api}/repos/{owner}/{repo}/attestations/{digest}?per_page=N and {api}/orgs/{org}/attestations/{digest},
 *   200 {"attestations": [{"bundle": {...} | null, "bundle_url"?: URL, "repository_id": N}]}, the next page in the
 *   Link header (rel="next", an `after` cursor). A `bundle_url` serves the bundle snappy-compressed (gh decodes it
 *   with snappy's block format); plain JSON is accepted too.
 * - POST {api}/repos/{owner}/{repo}/dependency-graph/snapshots, body a snapshot (version, job, sha, ref, detector,
 *   scanned, manifests), 201 {"id": N, "result": "SUCCESS" | "ACCEPTED" | "INVALID", "message"}.
 * Headers: Accept application/vnd.github+json, X-GitHub-Api-Version 2022-11-28, Authorization Bearer.
 *
 * Every call is bounded (packages/core limits) and retried on network errors and 5xx; rate limits (429, or 403 with
 * Retry-After / x-ratelimit-remaining: 0) are waited out when the wait is short, else reported with the reset time.
 * The token is never printed: it is registered with the logger's masking and appears in no message.
 */
import {
  CustodyError,
  CUSTODY_VERSION,
  HttpTimeout,
  addSecret,
  boundedExchange,
  describeCause,
  limits,
  parseJsonBounded,
  LimitError,
  type HttpAnswer,
  type Logger,
} from '@custody/core';
import { SnappyError, snappyDecode } from './snappy.js';
import type { CoreErrorCode } from '@custody/core';
import type { GitHubErrorCode } from './errors.js';

export { snappyDecode, SnappyError } from './snappy.js';

export const GITHUB_API_VERSION = '2022-11-28';
/** gh's default and maximum number of attestations read for one digest (gh attestation verify --limit). */
export const DEFAULT_ATTESTATION_LIMIT = 30;
export const MAX_ATTESTATION_LIMIT = 1000;
/** The most GitHub returns on one page. */
export const MAX_PER_PAGE = 100;

/** An error talking to GitHub's API. Exit 2: the run cannot tell whether the artifact is attested. */
export class GitHubApiError extends CustodyError<GitHubErrorCode | CoreErrorCode> {
  readonly status: number | undefined;
  constructor(
    code: GitHubErrorCode | CoreErrorCode,
    message: string,
    options: { hint?: string; location?: string; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.status = options.status;
  }
}

export interface GitHubApi {
  /** REST API base, no trailing slash: https://api.github.com, https://HOST/api/v3, https://api.TENANT.ghe.com. */
  apiUrl: string;
  /** Web base for attestation pages: https://github.com, GITHUB_SERVER_URL. */
  serverUrl: string;
  /** Where apiUrl came from (for messages). */
  apiUrlSource: string;
  token?: string;
  /** Where the token came from, e.g. "GITHUB_TOKEN" (never the token itself). */
  tokenSource?: string;
  /** The sources tried when there is no token. */
  tokenSourcesTried: string[];
  logger?: Logger;
  /** The longest rate-limit wait accepted (default 60 s); longer ones end the call with GITHUB_RATE_LIMITED. */
  maxWaitMs?: number;
  /** How to wait (tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

function checkBase(raw: string, source: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new GitHubApiError('GITHUB_API_URL_INVALID', `${source} is "${raw}", not a URL.`, {
      hint: 'Give the REST API base, e.g. https://api.github.com or https://HOST/api/v3 (GitHub Enterprise Server).',
    });
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    throw new GitHubApiError('GITHUB_API_URL_INVALID', `${source} is ${u.origin}: the token would be sent in clear text.`, {
      hint: 'Use an https:// URL (plain http is accepted on loopback only).',
    });
  }
  return u;
}

/**
 * Where GitHub's API is and which token to use. The API base: GITHUB_API_URL (set on every GitHub Actions runner, so
 * GHES and GHE.com work), else derived from `hostname` as gh does (github.com -> api.github.com, *.ghe.com ->
 * api.HOST, another host -> HOST/api/v3). The token: `token` (an action input), else GITHUB_TOKEN, else GH_TOKEN.
 */
export function githubApi(
  env: NodeJS.ProcessEnv,
  options: { hostname?: string; token?: string; tokenSource?: string; logger?: Logger } = {},
): GitHubApi {
  const host = (options.hostname || 'github.com').toLowerCase();
  let apiUrl: string;
  let apiUrlSource: string;
  if (env.GITHUB_API_URL) {
    apiUrl = env.GITHUB_API_URL;
    apiUrlSource = 'GITHUB_API_URL';
  } else {
    apiUrl =
      host === 'github.com' ? 'https://api.github.com' : host.endsWith('.ghe.com') ? `https://api.${host}` : `https://${host}/api/v3`;
    apiUrlSource = `the API of ${host}`;
  }
  const base = checkBase(apiUrl, apiUrlSource);
  const serverUrl = (env.GITHUB_SERVER_URL || `https://${host}`).replace(/\/+$/, '');
  const tried: string[] = [];
  let token: string | undefined;
  let tokenSource: string | undefined;
  const candidates: Array<[string, string | undefined]> = [
    ...(options.tokenSource ? ([[options.tokenSource, options.token]] as Array<[string, string | undefined]>) : []),
    ['GITHUB_TOKEN', env.GITHUB_TOKEN],
    ['GH_TOKEN', env.GH_TOKEN],
  ];
  for (const [name, value] of candidates) {
    tried.push(name);
    if (value?.trim()) {
      token = value.trim();
      tokenSource = name;
      break;
    }
  }
  if (token) addSecret(token);
  return {
    apiUrl: base.href.replace(/\/+$/, ''),
    serverUrl,
    apiUrlSource,
    ...(token ? { token, tokenSource: tokenSource! } : {}),
    tokenSourcesTried: tried,
    ...(options.logger ? { logger: options.logger } : {}),
  };
}

/** The token, or GITHUB_TOKEN_MISSING (exit 2) naming the variables tried and the permission needed. */
export function requireToken(api: GitHubApi, purpose: string, permission: string, alternative?: string): string {
  if (api.token) return api.token;
  throw new GitHubApiError(
    'GITHUB_TOKEN_MISSING',
    `${purpose} needs a GitHub token, and none is set (tried ${api.tokenSourcesTried.join(', ')}).`,
    {
      hint: `Set GITHUB_TOKEN or GH_TOKEN to a token with ${permission} (in a workflow: env: GITHUB_TOKEN: \${{ github.token }} and permissions: ${permission})${alternative ? `, or ${alternative}` : ''}.`,
    },
  );
}

const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

/** owner/repo, checked (no path tricks reach the URL). */
export function parseRepo(text: string, source = '--repo'): { owner: string; repo: string } {
  const m = /^([^/]+)\/([^/]+)$/.exec(text.trim());
  if (!m || !OWNER_RE.test(m[1]!) || !OWNER_RE.test(m[2]!) || m[2] === '.' || m[2] === '..') {
    throw new GitHubApiError('GITHUB_REPO_INVALID', `${source} is "${text.slice(0, 200)}", not OWNER/REPO.`, {
      hint: 'Name the repository as OWNER/REPO, e.g. octo-org/app.',
    });
  }
  return { owner: m[1]!, repo: m[2]!.replace(/\.git$/, '') };
}

export function checkOwner(text: string, source = '--owner'): string {
  if (!OWNER_RE.test(text.trim()))
    throw new GitHubApiError('GITHUB_REPO_INVALID', `${source} is "${text.slice(0, 200)}", not an organization name.`, {
      hint: 'Give the organization, e.g. octo-org.',
    });
  return text.trim();
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface CallContext {
  /** What is being done, for messages: "uploading the attestation to octo-org/app". */
  what: string;
  /** The repository or organization, for 403/404 messages: "repository octo-org/app". */
  scope: string;
  /** The permission the token needs: "attestations: write". */
  permission: string;
  /** Send the token (only to the API's own origin). */
  auth: boolean;
  maxBytes?: number;
}

function messageOf(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 200).replace(/\s+/g, ' ');
}

/** How long a rate-limited answer asks to wait, or undefined when it is not a rate limit. */
export function rateLimitWait(status: number, headers: Headers, body: Buffer, now = Date.now()): number | undefined {
  if (status !== 429 && status !== 403) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000;
  if (retryAfter) {
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - now);
    return 60_000;
  }
  // GitHub's secondary rate limits: 403/429 with a message and no header; its docs say to wait at least a minute.
  if (status === 429 || /rate limit/i.test(messageOf(body))) return 60_000;
  return undefined;
}

function headersFor(api: GitHubApi, ctx: CallContext, json: boolean): Record<string, string> {
  return {
    accept: 'application/vnd.github+json',
    'x-github-api-version': GITHUB_API_VERSION,
    'user-agent': `custody/${CUSTODY_VERSION}`,
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(ctx.auth && api.token ? { authorization: `Bearer ${api.token}` } : {}),
  };
}

function statusError(api: GitHubApi, ctx: CallContext, url: URL, res: HttpAnswer): GitHubApiError {
  const msg = messageOf(res.body);
  const detail = `HTTP ${res.status}${msg ? ` ${msg}` : ''}`;
  const location = `${url.origin}${url.pathname}`;
  const token = ctx.auth && api.token ? `the token from ${api.tokenSource}` : 'no token';
  if (res.status === 401) {
    return new GitHubApiError('GITHUB_AUTH_FAILED', `GitHub refused ${token} while ${ctx.what} (${detail}).`, {
      location,
      status: 401,
      hint: `Check that ${api.tokenSource ?? 'GITHUB_TOKEN / GH_TOKEN'} holds a valid, unexpired token for ${api.apiUrl}.`,
    });
  }
  if (res.status === 403) {
    return new GitHubApiError(
      'GITHUB_FORBIDDEN',
      `GitHub did not allow ${ctx.what}: ${token} lacks access to the ${ctx.scope} (${detail}).`,
      {
        location,
        status: 403,
        hint: `Give the token ${ctx.permission} on the ${ctx.scope} (in a workflow: permissions: ${ctx.permission}). Attestations in private repositories need GitHub Enterprise Cloud.`,
      },
    );
  }
  if (res.status === 404) {
    return new GitHubApiError(
      'GITHUB_NOT_FOUND',
      `GitHub answered 404 while ${ctx.what}: the ${ctx.scope} does not exist at ${api.apiUrl}, or ${token} cannot see it (${detail}).`,
      {
        location,
        status: 404,
        hint: `Check the name, the API (${api.apiUrlSource}: ${api.apiUrl}) and that the token can read the ${ctx.scope} (${ctx.permission}).${/attestation/.test(ctx.what) ? ' GitHub Enterprise Server has no attestations API.' : ''}`,
      },
    );
  }
  return new GitHubApiError('GITHUB_API_REJECTED', `GitHub rejected ${ctx.what}: ${detail}.`, {
    location,
    status: res.status,
    hint:
      res.status === 422
        ? 'GitHub did not accept the request body; for an upload, the bundle must be a Sigstore bundle GitHub can store.'
        : 'Check the request; run again with --verbose for details.',
  });
}

/** One API call with bounded retries (network errors, 5xx) and rate limits honoured. 2xx answers are returned. */
async function call(api: GitHubApi, method: 'GET' | 'POST', url: URL, body: Buffer | undefined, ctx: CallContext): Promise<HttpAnswer> {
  const bound = limits();
  const sleep = api.sleep ?? sleepFor;
  const maxWait = api.maxWaitMs ?? 60_000;
  const deadline = Date.now() + bound.httpDeadlineMs;
  const location = `${url.origin}${url.pathname}`;
  let last = '';
  let rateLimited = false;
  for (let attempt = 1; ; attempt++) {
    let delay: number;
    rateLimited = false;
    try {
      const res = await boundedExchange(
        url,
        method,
        headersFor(api, ctx, body !== undefined),
        body,
        { deadline, maxBytes: ctx.maxBytes ?? bound.bundleBytes },
        ctx.what,
      );
      if (res.status >= 200 && res.status < 300) return res;
      const wait = rateLimitWait(res.status, res.headers, res.body);
      if (wait !== undefined) {
        const reset = res.headers.get('x-ratelimit-reset');
        const when = reset && /^\d+$/.test(reset) ? ` (the limit resets at ${new Date(Number(reset) * 1000).toISOString()})` : '';
        last = `HTTP ${res.status} rate limited${when}`;
        rateLimited = true;
        if (wait > maxWait) {
          throw new GitHubApiError(
            'GITHUB_RATE_LIMITED',
            `GitHub's rate limit stopped ${ctx.what}: it asks to wait ${Math.ceil(wait / 1000)} s${when}, longer than Custody waits (${maxWait / 1000} s).`,
            {
              location,
              status: res.status,
              hint: 'Run again after the reset; an authenticated token (GITHUB_TOKEN / GH_TOKEN) has a higher limit than none.',
            },
          );
        }
        delay = wait;
      } else if (res.status >= 500 || res.status === 408) {
        last = `HTTP ${res.status} ${messageOf(res.body)}`.trim();
        delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
      } else throw statusError(api, ctx, url, res);
    } catch (err) {
      if (err instanceof GitHubApiError || err instanceof LimitError) throw err;
      if (err instanceof HttpTimeout && err.limit === 'httpDeadlineMs')
        throw new LimitError('httpDeadlineMs', `${ctx.what}: ${err.message}.`, { location });
      last = describeCause(err);
      delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
    }
    if (attempt > bound.httpRetries || Date.now() + delay >= deadline) break;
    api.logger?.warn(
      `GitHub API: ${method} ${location} failed (${last}); retry ${attempt} of ${bound.httpRetries} in ${Math.ceil(delay / 1000)} s`,
    );
    await sleep(delay);
  }
  if (rateLimited) {
    throw new GitHubApiError(
      'GITHUB_RATE_LIMITED',
      `GitHub's rate limit stopped ${ctx.what}: still limited after ${bound.httpRetries + 1} attempts (${last}).`,
      {
        location,
        hint: 'Run again after the reset; an authenticated token (GITHUB_TOKEN / GH_TOKEN) has a higher limit than none.',
      },
    );
  }
  throw new GitHubApiError(
    'GITHUB_API_UNAVAILABLE',
    `GitHub's API did not answer ${ctx.what} after ${bound.httpRetries + 1} attempts: ${last}.`,
    {
      location,
      hint: `Check that ${api.apiUrl} (${api.apiUrlSource}) is reachable from here, then run again.`,
    },
  );
}

function parseJson(res: HttpAnswer, what: string, location: string): unknown {
  try {
    return parseJsonBounded(res.body.toString('utf8'), { what, location, maxBytes: 'bundleBytes' });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `${what} is not JSON.`, {
      location,
      hint: `Check that ${location} is GitHub's REST API.`,
    });
  }
}

export interface UploadedAttestation {
  id: string;
  /** The attestation's page: {server}/{owner}/{repo}/attestations/{id}. */
  url: string;
  repository: string;
}

/** Stores one Sigstore bundle (its JSON text) with the repository: POST /repos/{owner}/{repo}/attestations. */
export async function uploadAttestation(api: GitHubApi, repository: string, bundleJson: string): Promise<UploadedAttestation> {
  const { owner, repo } = parseRepo(repository, 'the repository');
  requireToken(api, `uploading the attestation to ${owner}/${repo}`, 'attestations: write');
  const url = new URL(`${api.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/attestations`);
  // The bundle exactly as signed and written: {"bundle": <its JSON>}.
  const body = Buffer.from(`{"bundle":${bundleJson.trim()}}`);
  const res = await call(api, 'POST', url, body, {
    what: `uploading the attestation to ${owner}/${repo}`,
    scope: `repository ${owner}/${repo}`,
    permission: 'attestations: write',
    auth: true,
    maxBytes: 1024 * 1024,
  });
  const parsed = parseJson(res, 'the answer to the attestation upload', url.href) as { id?: unknown } | null;
  const id = parsed && typeof parsed === 'object' ? parsed.id : undefined;
  if (!(typeof id === 'number' && Number.isSafeInteger(id)) && !(typeof id === 'string' && /^\d+$/.test(id))) {
    throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `GitHub accepted the attestation but its answer has no id.`, {
      location: url.href,
      hint: `Check that ${api.apiUrl} is GitHub's REST API.`,
    });
  }
  return { id: String(id), url: `${api.serverUrl}/${owner}/${repo}/attestations/${id}`, repository: `${owner}/${repo}` };
}

/** One entry of a listing: the bundle inline, or where to fetch it. */
export interface ListedApiAttestation {
  /** Where it was listed, with its position: …/attestations/sha256:…#3. */
  source: string;
  /** The inline bundle's JSON text (re-serialized from the page). */
  bundle?: string;
  bundleUrl?: string;
  repositoryId?: number;
  /** The entry has neither a bundle nor a bundle_url, or they are malformed. */
  invalid?: string;
}

export interface ListOptions {
  /** OWNER/REPO: the repository's endpoint. */
  repo?: string;
  /** ORG: the organization's endpoint (when no repo). */
  owner?: string;
  /** sha256:HEX (or sha512:HEX). */
  digest: string;
  /** At most this many attestations (default 30, at most 1000), as gh's --limit. */
  limit?: number;
}

export interface ListResult {
  attestations: ListedApiAttestation[];
  pages: number;
  /** The listing stopped at the limit with more pages left. */
  truncated: boolean;
  scope: string;
}

/**
 * The attestations of a subject digest (GET …/attestations/{digest}?per_page=N), following the Link header's
 * rel="next" (on the API's own origin only: the token goes nowhere else) until the limit.
 */
export async function listAttestations(api: GitHubApi, o: ListOptions): Promise<ListResult> {
  if (!/^sha(256|512):[0-9a-f]+$/.test(o.digest))
    throw new GitHubApiError('GITHUB_DIGEST_INVALID', `"${o.digest.slice(0, 100)}" is not a sha256:HEX digest.`, {
      hint: 'Give the artifact or its sha256:HEX digest.',
    });
  const limit = o.limit ?? DEFAULT_ATTESTATION_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ATTESTATION_LIMIT) {
    throw new GitHubApiError('GITHUB_LIMIT_INVALID', `the limit ${limit} is not a whole number from 1 to ${MAX_ATTESTATION_LIMIT}.`, {
      hint: `Pass --limit 1..${MAX_ATTESTATION_LIMIT} (default ${DEFAULT_ATTESTATION_LIMIT}).`,
    });
  }
  let path: string;
  let scope: string;
  if (o.repo) {
    const { owner, repo } = parseRepo(o.repo);
    path = `repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    scope = `repository ${owner}/${repo}`;
  } else if (o.owner) {
    const org = checkOwner(o.owner);
    path = `orgs/${encodeURIComponent(org)}`;
    scope = `organization ${org}`;
  } else
    throw new GitHubApiError('GITHUB_REPO_INVALID', 'reading attestations from GitHub needs --repo OWNER/REPO or --owner ORG.', {
      hint: 'Say whose attestations to read: --repo octo-org/app or --owner octo-org.',
    });
  requireToken(
    api,
    `reading attestations from the ${scope}`,
    'attestations: read (or contents: read)',
    'pass the attestations with --bundle FILE',
  );
  const origin = new URL(api.apiUrl).origin;
  let next: URL | undefined = new URL(`${api.apiUrl}/${path}/attestations/${o.digest}?per_page=${Math.min(limit, MAX_PER_PAGE)}`);
  const seen = new Set<string>();
  const out: ListedApiAttestation[] = [];
  let pages = 0;
  while (next && out.length < limit) {
    seen.add(next.href);
    const res = await call(api, 'GET', next, undefined, {
      what: `listing the attestations of ${o.digest} in the ${scope}`,
      scope,
      permission: 'attestations: read (or contents: read)',
      auth: true,
    });
    pages++;
    const where = `${next.origin}${next.pathname}`;
    const page = parseJson(res, `a page of attestations from ${where}`, where) as { attestations?: unknown } | null;
    if (!page || typeof page !== 'object' || !Array.isArray(page.attestations)) {
      throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `the answer from ${where} has no "attestations" list.`, {
        location: where,
        hint: `Check that ${api.apiUrl} is GitHub's REST API.`,
      });
    }
    for (const entry of page.attestations as unknown[]) {
      if (out.length >= limit) break;
      const source = `${api.apiUrl}/${path}/attestations/${o.digest}#${out.length + 1}`;
      const e = entry as { bundle?: unknown; bundle_url?: unknown; repository_id?: unknown } | null;
      const item: ListedApiAttestation = { source };
      if (e && typeof e === 'object') {
        if (typeof e.repository_id === 'number') item.repositoryId = e.repository_id;
        if (e.bundle && typeof e.bundle === 'object') item.bundle = JSON.stringify(e.bundle);
        else if (typeof e.bundle_url === 'string' && e.bundle_url) item.bundleUrl = e.bundle_url;
        else item.invalid = 'the entry has neither a bundle nor a bundle_url';
      } else item.invalid = 'the entry is not an object';
      out.push(item);
    }
    const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '');
    next = undefined;
    if (link && (page.attestations as unknown[]).length > 0) {
      let u: URL;
      try {
        u = new URL(link[1]!, api.apiUrl);
      } catch {
        throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `the next-page link from ${where} is not a URL.`, { location: where });
      }
      if (u.origin !== origin) {
        throw new GitHubApiError(
          'GITHUB_API_INVALID_RESPONSE',
          `the next-page link from ${where} points to ${u.origin}, not the API (${origin}); the token is not sent there.`,
          { location: where, hint: 'The API or a proxy in between is misbehaving.' },
        );
      }
      if (!seen.has(u.href)) next = u;
    }
  }
  return { attestations: out, pages, truncated: Boolean(next), scope };
}

/**
 * The bundle behind a `bundle_url`: fetched (the token is sent only to the API's own origin; blob storage URLs are
 * signed), then snappy-decoded as gh does; a body that already is JSON is taken as is. Returns the bundle's JSON text.
 * A body that cannot be decoded is GITHUB_BUNDLE_INVALID (that one attestation is ignored by the caller).
 */
export async function fetchBundleUrl(api: GitHubApi, raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GitHubApiError('GITHUB_BUNDLE_INVALID', `the bundle_url "${raw.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new GitHubApiError('GITHUB_BUNDLE_INVALID', `the bundle_url ${url.origin} is not https.`);
  }
  const sameOrigin = url.origin === new URL(api.apiUrl).origin;
  const res = await call(api, 'GET', url, undefined, {
    what: `fetching a bundle from ${url.origin}${url.pathname}`,
    scope: 'attestation bundle',
    permission: 'attestations: read',
    auth: sameOrigin,
  });
  const body = res.body;
  const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b) return body.toString('utf8');
  try {
    return snappyDecode(body, limits().bundleBytes).toString('utf8');
  } catch (err) {
    if (err instanceof SnappyError)
      throw new GitHubApiError(
        'GITHUB_BUNDLE_INVALID',
        `the bundle at ${url.origin}${url.pathname} is neither JSON nor snappy-compressed JSON (${err.message}).`,
        { location: `${url.origin}${url.pathname}` },
      );
    throw err;
  }
}

/**
 * A dependency snapshot for GitHub's dependency submission API, in the shape GitHub's REST documentation gives
 * (and anchore/sbom-action sends): who detected it, for which commit and job, and the resolved packages of each
 * manifest keyed by package URL.
 */
export interface DependencySnapshot {
  version: number;
  job: { correlator: string; id: string; html_url?: string };
  /** The commit (40 hex) and ref (refs/…) the snapshot describes. */
  sha: string;
  ref: string;
  detector: { name: string; version: string; url: string };
  /** ISO 8601 time of the scan. */
  scanned: string;
  manifests: Record<string, DependencyManifest>;
}

export interface DependencyManifest {
  name: string;
  file?: { source_location: string };
  metadata?: Record<string, string | number | boolean>;
  resolved: Record<string, ResolvedDependency>;
}

export interface ResolvedDependency {
  package_url: string;
  relationship?: 'direct' | 'indirect';
  scope?: 'runtime' | 'development';
  dependencies?: string[];
}

export interface SubmittedSnapshot {
  id: string;
  /** GitHub's verdict: SUCCESS, ACCEPTED (processed later) or INVALID. */
  result?: string;
  message?: string;
  repository: string;
}

/**
 * Submits a dependency snapshot: POST {api}/repos/{owner}/{repo}/dependency-graph/snapshots, 201
 * {"id", "created_at", "result", "message"}. Needs `contents: write`. Bounded and retried as every call here.
 */
export async function submitDependencySnapshot(
  api: GitHubApi,
  repository: string,
  snapshot: DependencySnapshot,
): Promise<SubmittedSnapshot> {
  const { owner, repo } = parseRepo(repository, 'the repository');
  const what = `submitting the dependency snapshot to ${owner}/${repo}`;
  requireToken(api, what, 'contents: write');
  const url = new URL(`${api.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/dependency-graph/snapshots`);
  const body = Buffer.from(JSON.stringify(snapshot));
  const res = await call(api, 'POST', url, body, {
    what,
    scope: `repository ${owner}/${repo}`,
    permission: 'contents: write',
    auth: true,
    maxBytes: 1024 * 1024,
  });
  const parsed = parseJson(res, 'the answer to the dependency snapshot', url.href) as {
    id?: unknown;
    result?: unknown;
    message?: unknown;
  } | null;
  const id = parsed && typeof parsed === 'object' ? parsed.id : undefined;
  if (!(typeof id === 'number' && Number.isSafeInteger(id)) && !(typeof id === 'string' && /^\d+$/.test(id))) {
    throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', 'GitHub accepted the dependency snapshot but its answer has no id.', {
      location: url.href,
      hint: `Check that ${api.apiUrl} is GitHub's REST API.`,
    });
  }
  return {
    id: String(id),
    ...(typeof parsed!.result === 'string' ? { result: parsed!.result } : {}),
    ...(typeof parsed!.message === 'string' ? { message: parsed!.message.slice(0, 300) } : {}),
    repository: `${owner}/${repo}`,
  };
}
