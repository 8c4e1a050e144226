/**
 * TEST DOUBLE of GitHub's artifact attestations REST API. GitHub cannot be reached from the test machines, so the
 * upload and list endpoints are served by this in-process double, shaped as GitHub's REST documentation, @actions/attest
 * (writeAttestation) and gh (pkg/cmd/attestation/api) describe them. It CHECKS every request as GitHub would and
 * records what it saw:
 * - POST /repos/{owner}/{repo}/attestations: Authorization Bearer <a known token>, Accept application/vnd.github+json,
 *   X-GitHub-Api-Version 2022-11-28, Content-Type application/json, body exactly {"bundle": <a Sigstore bundle with
 *   mediaType, verificationMaterial and a DSSE envelope whose payload is an in-toto statement>}; answers 201 {"id": N}.
 *   A token without write access gets 403 "Resource not accessible by integration"; an unknown one 401 "Bad
 *   credentials"; an unknown repository 404 "Not Found".
 * - GET /repos/{owner}/{repo}/attestations/{digest} and /orgs/{org}/attestations/{digest}: per_page (at most
 *   `maxPerPage`, GitHub's is 100), an opaque `after` cursor in the Link header's rel="next"; entries
 *   {"bundle": {...}, "repository_id": N} or, with `bundleUrl: true`, {"bundle": null, "bundle_url": URL} served
 *   snappy-compressed from /blobs/{id} on a second server (another origin, as GitHub's blob storage is: the GitHub
 *   token must not be sent there).
 * - POST /repos/{owner}/{repo}/dependency-graph/snapshots (the dependency submission API): the same headers, a body
 *   shaped as GitHub's REST documentation gives it (version, job {correlator, id}, sha of 40 hex, ref refs/…,
 *   detector {name, version, url}, scanned as a date-time, manifests {name: {name, file?: {source_location},
 *   resolved: {key: {package_url, relationship?: direct|indirect, scope?: runtime|development, dependencies?:
 *   [string]}}}}); answers 201 {"id", "created_at", "result": "SUCCESS", "message"} and keeps it in `snapshots`.
 *   The read-only token gets 403 (a job without contents: write).
 * - `rateLimitNext(n)`: the next n API requests are answered 429 with Retry-After: 1 (or 403 with x-ratelimit-*).
 * Requests that break a rule are answered 400 with the rule, and listed in `violations`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GitHubApiDoubleOptions {
  /** Repositories that exist, OWNER/REPO -> repository id. */
  repos: Record<string, number>;
  /** A token with read and write access. */
  token: string;
  /** A token that can read but not write (a job without attestations: write). */
  readOnlyToken?: string;
  /** Largest page served (GitHub: 100). */
  maxPerPage?: number;
  /** Serve bundles through bundle_url (snappy-compressed) instead of inline. */
  bundleUrl?: boolean;
}

/** 429 + Retry-After: 1; 403 + x-ratelimit-remaining: 0 and a reset 1 s away; the same with the reset an hour away. */
export type RateLimitKind = '429' | '403-reset' | '403-hour';

export interface StoredAttestation {
  id: number;
  repo: string;
  repositoryId: number;
  bundle: unknown;
  /** sha256:HEX of each subject of the statement. */
  digests: string[];
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Whether an Authorization header was sent (never its value). */
  authorized: boolean;
  apiVersion?: string;
  accept?: string;
  at: number;
}

export interface GitHubApiDouble {
  url: string;
  /** Dependency snapshots accepted, with the repository they were submitted to. */
  snapshots: Array<{ repo: string; snapshot: Record<string, unknown> }>;
  /** The blob storage's origin (bundle_url). */
  blobUrl: string;
  attestations: StoredAttestation[];
  requests: SeenRequest[];
  violations: string[];
  /** Answer the next n requests to API paths with this status instead (e.g. 502), before any check. */
  failNext(n: number, status: number): void;
  /** Rewrites the next-page link the list endpoints send (e.g. to another origin, as a hostile proxy would). */
  rewriteNextLink?: ((href: string) => string) | undefined;
  /** Answer the next n requests to API paths with a rate limit (429 + Retry-After: 1 by default). */
  rateLimitNext(n: number, kind?: RateLimitKind): void;
  /**
   * Stores a bundle as if uploaded (e.g. a foreign attestation). `listUnder` lists it under that digest too, whatever
   * its statement says: a lying or compromised API, which verification must not believe.
   */
  seed(repo: string, bundle: unknown, listUnder?: string): StoredAttestation;
  stop(): Promise<void>;
}

/** What is wrong with a dependency snapshot, by GitHub's documented schema; undefined when nothing is. */
export function snapshotProblem(body: unknown): string | undefined {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(body)) return 'the body is not an object';
  const allowed = ['version', 'job', 'sha', 'ref', 'detector', 'scanned', 'metadata', 'manifests'];
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length) return `unknown fields ${extra.join(', ')}`;
  if (!Number.isInteger(body.version)) return 'version is not an integer';
  const job = body.job;
  if (!isObj(job) || typeof job.correlator !== 'string' || !job.correlator || typeof job.id !== 'string' || !job.id)
    return 'job is not {correlator, id} strings';
  if (typeof body.sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.sha)) return 'sha is not 40 hex characters';
  if (typeof body.ref !== 'string' || !/^refs\//.test(body.ref)) return 'ref does not start with refs/';
  const d = body.detector;
  if (!isObj(d) || typeof d.name !== 'string' || typeof d.version !== 'string' || typeof d.url !== 'string')
    return 'detector is not {name, version, url} strings';
  if (typeof body.scanned !== 'string' || Number.isNaN(Date.parse(body.scanned))) return 'scanned is not a date-time';
  if (!isObj(body.manifests)) return 'manifests is not an object';
  for (const [key, m] of Object.entries(body.manifests)) {
    if (!isObj(m) || typeof m.name !== 'string') return `manifest ${key} has no name`;
    if (m.file !== undefined && (!isObj(m.file) || typeof m.file.source_location !== 'string'))
      return `manifest ${key}: file is not {source_location}`;
    if (m.resolved !== undefined && !isObj(m.resolved)) return `manifest ${key}: resolved is not an object`;
    for (const [dep, r] of Object.entries((m.resolved as Record<string, unknown>) ?? {})) {
      if (!isObj(r)) return `manifest ${key}: ${dep} is not an object`;
      if (typeof r.package_url !== 'string' || !r.package_url.startsWith('pkg:')) return `manifest ${key}: ${dep} has no package_url`;
      if (r.relationship !== undefined && r.relationship !== 'direct' && r.relationship !== 'indirect')
        return `manifest ${key}: ${dep} relationship is not direct or indirect`;
      if (r.scope !== undefined && r.scope !== 'runtime' && r.scope !== 'development')
        return `manifest ${key}: ${dep} scope is not runtime or development`;
      if (r.dependencies !== undefined && !(Array.isArray(r.dependencies) && r.dependencies.every((x) => typeof x === 'string')))
        return `manifest ${key}: ${dep} dependencies is not a list of strings`;
    }
  }
  return undefined;
}

function statementDigests(bundle: unknown): string[] | string {
  const b = bundle as {
    mediaType?: unknown;
    verificationMaterial?: unknown;
    dsseEnvelope?: { payload?: unknown; payloadType?: unknown; signatures?: unknown };
  } | null;
  if (!b || typeof b !== 'object') return 'bundle is not an object';
  if (typeof b.mediaType !== 'string' || !b.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
    return 'bundle.mediaType is not a Sigstore bundle media type';
  if (!b.verificationMaterial || typeof b.verificationMaterial !== 'object') return 'bundle.verificationMaterial is missing';
  const env = b.dsseEnvelope;
  if (
    !env ||
    typeof env.payload !== 'string' ||
    env.payloadType !== 'application/vnd.in-toto+json' ||
    !Array.isArray(env.signatures) ||
    env.signatures.length === 0
  ) {
    return 'bundle.dsseEnvelope is not a signed in-toto DSSE envelope';
  }
  let st: { _type?: unknown; subject?: Array<{ digest?: Record<string, string> }> };
  try {
    st = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
  } catch {
    return 'the DSSE payload is not JSON';
  }
  if (st._type !== 'https://in-toto.io/Statement/v1' || !Array.isArray(st.subject))
    return 'the DSSE payload is not an in-toto Statement v1';
  return st.subject.flatMap((s) => (s.digest?.sha256 ? [`sha256:${s.digest.sha256}`] : []));
}

export async function startGitHubApiDouble(options: GitHubApiDoubleOptions): Promise<GitHubApiDouble> {
  const attestations: StoredAttestation[] = [];
  const snapshots: GitHubApiDouble['snapshots'] = [];
  const requests: SeenRequest[] = [];
  const violations: string[] = [];
  let limited = 0;
  let failing = 0;
  let failStatus = 502;
  let limitKind: RateLimitKind = '429';
  let nextId = 1000;
  const maxPerPage = options.maxPerPage ?? 100;
  const sockets = new Set<Socket>();

  const seed = (repo: string, bundle: unknown, listUnder?: string): StoredAttestation => {
    const digests = statementDigests(bundle);
    if (typeof digests === 'string') throw new Error(`seed: ${digests}`);
    const a = {
      id: nextId++,
      repo,
      repositoryId: options.repos[repo] ?? 0,
      bundle,
      digests: listUnder ? [...digests, listUnder] : digests,
    };
    attestations.push(a);
    return a;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: decodeURIComponent(u.pathname),
        query: Object.fromEntries(u.searchParams),
        status: 0,
        authorized: Boolean(req.headers.authorization),
        ...(req.headers['x-github-api-version'] ? { apiVersion: String(req.headers['x-github-api-version']) } : {}),
        ...(req.headers.accept ? { accept: String(req.headers.accept) } : {}),
        at: Date.now(),
      };
      requests.push(seen);
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        seen.status = status;
        const text = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
        res.writeHead(status, {
          'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json; charset=utf-8',
          'content-length': String(text.length),
          ...headers,
        });
        res.end(text);
      };
      const bad = (rule: string) => {
        violations.push(`${req.method} ${u.pathname}: ${rule}`);
        reply(400, { message: `test double: ${rule}` });
      };

      if (failing > 0) {
        failing--;
        return reply(failStatus, { message: 'test double: injected failure' });
      }
      if (limited > 0) {
        limited--;
        if (limitKind === '429') return reply(429, { message: 'API rate limit exceeded' }, { 'retry-after': '1' });
        const reset = Math.ceil(Date.now() / 1000) + (limitKind === '403-hour' ? 3600 : 1);
        return reply(
          403,
          { message: 'API rate limit exceeded for installation.' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        );
      }
      if (req.headers.accept !== 'application/vnd.github+json')
        return bad(`Accept is "${req.headers.accept ?? ''}", not application/vnd.github+json`);
      if (req.headers['x-github-api-version'] !== '2022-11-28')
        return bad(`X-GitHub-Api-Version is "${req.headers['x-github-api-version'] ?? ''}", not 2022-11-28`);
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (!token || (token !== options.token && token !== options.readOnlyToken))
        return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });

      const post = /^\/repos\/([^/]+)\/([^/]+)\/attestations$/.exec(u.pathname);
      if (post && req.method === 'POST') {
        const repo = `${post[1]}/${post[2]}`;
        if (!(repo in options.repos)) return reply(404, { message: 'Not Found' });
        if (token !== options.token) return reply(403, { message: 'Resource not accessible by integration' });
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return bad('Content-Type is not application/json');
        let body: { bundle?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return bad('the body is not JSON');
        }
        if (!body || typeof body !== 'object' || Object.keys(body).join(',') !== 'bundle')
          return bad('the body is not exactly {"bundle": ...}');
        const digests = statementDigests(body.bundle);
        if (typeof digests === 'string') return reply(422, { message: `Validation Failed: ${digests}` });
        const a = { id: nextId++, repo, repositoryId: options.repos[repo]!, bundle: body.bundle, digests };
        attestations.push(a);
        return reply(201, { id: a.id });
      }

      const snap = /^\/repos\/([^/]+)\/([^/]+)\/dependency-graph\/snapshots$/.exec(u.pathname);
      if (snap && req.method === 'POST') {
        const repo = `${snap[1]}/${snap[2]}`;
        if (!(repo in options.repos)) return reply(404, { message: 'Not Found' });
        if (token !== options.token) return reply(403, { message: 'Resource not accessible by integration' });
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return bad('Content-Type is not application/json');
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return bad('the body is not JSON');
        }
        const problem = snapshotProblem(body);
        if (problem) return reply(422, { message: `Invalid request: ${problem}` });
        snapshots.push({ repo, snapshot: body as Record<string, unknown> });
        return reply(201, {
          id: nextId++,
          created_at: new Date().toISOString(),
          result: 'SUCCESS',
          message: 'Dependency results for the repo have been successfully updated.',
        });
      }

      const list = /^\/(repos\/([^/]+)\/([^/]+)|orgs\/([^/]+))\/attestations\/([^/]+)$/.exec(decodeURIComponent(u.pathname));
      if (list && req.method === 'GET') {
        const digest = list[5]!;
        if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return reply(422, { message: 'Validation Failed: subject_digest' });
        let match: StoredAttestation[];
        if (list[2]) {
          const repo = `${list[2]}/${list[3]}`;
          if (!(repo in options.repos)) return reply(404, { message: 'Not Found' });
          match = attestations.filter((a) => a.repo === repo && a.digests.includes(digest));
        } else {
          const org = list[4]!;
          if (!Object.keys(options.repos).some((r) => r.startsWith(`${org}/`))) return reply(404, { message: 'Not Found' });
          match = attestations.filter((a) => a.repo.startsWith(`${org}/`) && a.digests.includes(digest));
        }
        const perPage = Math.min(Number(u.searchParams.get('per_page') ?? 30) || 30, maxPerPage);
        const after = u.searchParams.get('after');
        const start = after
          ? Number(
              Buffer.from(after, 'base64url')
                .toString('utf8')
                .replace(/^cursor:/, ''),
            )
          : 0;
        if (!Number.isInteger(start) || start < 0) return reply(400, { message: 'bad cursor' });
        const page = match.slice(start, start + perPage);
        const headers: Record<string, string> = {};
        if (start + perPage < match.length) {
          const next = new URL(`http://${req.headers.host}${u.pathname}`);
          next.searchParams.set('per_page', String(perPage));
          next.searchParams.set('after', Buffer.from(`cursor:${start + perPage}`).toString('base64url'));
          headers.link = `<${double.rewriteNextLink ? double.rewriteNextLink(next.href) : next.href}>; rel="next"`;
        }
        return reply(
          200,
          {
            attestations: page.map((a) =>
              options.bundleUrl
                ? { bundle: null, repository_id: a.repositoryId, bundle_url: `${blobUrl}/blobs/${a.id}` }
                : { bundle: a.bundle, repository_id: a.repositoryId },
            ),
          },
          headers,
        );
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  // Blob storage (bundle_url): signed URLs on another origin; no GitHub token expected.
  const blobs = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: u.pathname,
      query: {},
      status: 0,
      authorized: Boolean(req.headers.authorization),
      at: Date.now(),
    };
    requests.push(seen);
    const reply = (status: number, body: Buffer) => {
      seen.status = status;
      res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
      res.end(body);
    };
    const blob = /^\/blobs\/(\d+)$/.exec(u.pathname);
    if (req.headers.authorization) {
      violations.push(`${req.method} ${u.pathname}: a GitHub token was sent to blob storage`);
      return reply(400, Buffer.from('token sent to blob storage'));
    }
    const a = blob && req.method === 'GET' ? attestations.find((x) => x.id === Number(blob[1])) : undefined;
    if (!a) return reply(404, Buffer.from('not found'));
    return reply(200, snappyEncode(Buffer.from(JSON.stringify(a.bundle))));
  });
  for (const srv of [server, blobs]) {
    srv.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  }
  await new Promise<void>((r) => blobs.listen(0, '127.0.0.1', r));
  const blobUrl = `http://127.0.0.1:${(blobs.address() as AddressInfo).port}`;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const double: GitHubApiDouble = {
    url: `http://127.0.0.1:${port}`,
    snapshots,
    blobUrl,
    attestations,
    requests,
    violations,
    failNext(n, status) {
      failing = n;
      failStatus = status;
    },
    rateLimitNext(n, kind = '429') {
      limited = n;
      limitKind = kind;
    },
    seed,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        blobs.close(() => server.close(() => r()));
      }),
  };
  return double;
}

/**
 * A valid snappy block for `data` (literals plus copies of repeated 4-byte runs). Custody never needs to write
 * snappy; this exists so the tests' double of GitHub's blob storage can serve what GitHub serves.
 */
export function snappyEncode(data: Uint8Array): Buffer {
  const parts: number[] = [];
  let n = data.length;
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    parts.push(b);
  } while (n);
  const literal = (from: number, to: number) => {
    let start = from;
    while (start < to) {
      const len = Math.min(to - start, 65536);
      if (len <= 60) parts.push((len - 1) << 2);
      else if (len <= 256) parts.push(60 << 2, len - 1);
      else parts.push(61 << 2, (len - 1) & 0xff, (len - 1) >> 8);
      for (let k = start; k < start + len; k++) parts.push(data[k]!);
      start += len;
    }
  };
  const seen = new Map<number, number>();
  let lit = 0;
  let i = 0;
  while (i + 4 <= data.length) {
    const key = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    const prev = seen.get(key);
    seen.set(key, i);
    if (prev !== undefined && i - prev <= 65535) {
      let len = 4;
      while (i + len < data.length && len < 64 && data[prev + len] === data[i + len]) len++;
      literal(lit, i);
      const offset = i - prev;
      parts.push(((len - 1) << 2) | 2, offset & 0xff, offset >> 8);
      i += len;
      lit = i;
    } else i++;
  }
  literal(lit, data.length);
  return Buffer.from(parts);
}
