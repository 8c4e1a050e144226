/**
 * TEST DOUBLE: an in-process OCI registry that implements the OCI 1.1 referrers API. No registry that implements
 * referrers can run on the test machines (Debian's docker-registry 2.8.2 lacks it), so the referrers path is tested
 * against this double. Every test that uses it says so. It keeps everything in memory, implements the distribution
 * endpoints Custody uses (blobs, monolithic and chunked uploads, manifests, tags with pagination, referrers with the
 * artifactType filter and OCI-Filters-Applied), optional Basic or Bearer auth, and a hook to inject faults.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RegistryDoubleOptions {
  /** Serve GET /v2/<name>/referrers/<digest> (default true). False behaves like a registry without it. */
  referrers?: boolean;
  /** Apply the artifactType filter server-side (default true). */
  filterArtifactType?: boolean;
  /** Require credentials: Basic, or Bearer with a token endpoint at /token (which takes Basic credentials). */
  auth?: { username: string; password: string; scheme: 'basic' | 'bearer'; denyPush?: boolean };
  /** Page size of the tags list when the client does not ask for one. */
  tagsPageSize?: number;
  /** Return a fault instead of serving: a status (with headers) or 'reset' (socket destroyed). */
  fault?: (method: string, path: string, n: number) => { status: number; headers?: Record<string, string> } | 'reset' | undefined;
}

export interface RegistryDouble {
  host: string;
  url: string;
  /** Every request as "METHOD /path?query". */
  log: string[];
  /** Token requests seen (scope strings). */
  tokenScopes: string[];
  stop(): Promise<void>;
}

interface StoredManifest {
  bytes: Buffer;
  mediaType: string;
}

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startRegistryDouble(options: RegistryDoubleOptions = {}): Promise<RegistryDouble> {
  const blobs = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer>();
  const manifests = new Map<string, StoredManifest>();
  const tags = new Map<string, Map<string, string>>();
  const subjects = new Map<string, Set<string>>(); // repo@subject -> manifest digests
  const log: string[] = [];
  const tokenScopes: string[] = [];
  const tokens = new Map<string, string>(); // token -> scope
  const sockets = new Set<Socket>();
  let host = '';

  const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };

  const authorized = (req: IncomingMessage, res: ServerResponse, repo: string | undefined, push: boolean): boolean => {
    const a = options.auth;
    if (!a) return true;
    const header = req.headers.authorization ?? '';
    const basicOk = header === `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
    if (a.scheme === 'basic') {
      if (basicOk) {
        if (push && a.denyPush) {
          error(res, 403, 'DENIED', 'requested access to the resource is denied');
          return false;
        }
        return true;
      }
      error(res, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': 'Basic realm="double"' });
      return false;
    }
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const scope = tokens.get(token);
    const needed = repo ? `repository:${repo}:${push ? 'pull,push' : 'pull'}` : undefined;
    const ok = scope !== undefined && (!needed || scope === needed || (!push && scope === `repository:${repo}:pull,push`));
    if (ok) {
      if (push && a.denyPush) {
        error(res, 403, 'DENIED', 'requested access to the resource is denied');
        return false;
      }
      return true;
    }
    const challenge = `Bearer realm="http://${host}/token",service="double"${needed ? `,scope="${needed}"` : ''}`;
    error(res, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': challenge });
    return false;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const method = req.method ?? 'GET';
    const n = log.length;
    log.push(`${method} ${url.pathname}${url.search}`);
    const fault = options.fault?.(method, url.pathname, n);
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault) {
      await readBody(req);
      res.writeHead(fault.status, fault.headers ?? {});
      res.end();
      return;
    }
    if (url.pathname === '/token') {
      const a = options.auth;
      const scope = url.searchParams.get('scope') ?? '';
      tokenScopes.push(scope);
      if (!a || req.headers.authorization !== `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`) {
        return error(res, 401, 'UNAUTHORIZED', 'bad credentials');
      }
      const token = randomUUID();
      tokens.set(token, scope);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token, expires_in: 300 }));
    }
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      if (!authorized(req, res, undefined, false)) return;
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' });
      return res.end('{}');
    }
    const m = /^\/v2\/(.+?)\/(manifests|blobs\/uploads|blobs|tags\/list|referrers)(?:\/(.*))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'NOT_FOUND', 'unknown endpoint');
    const [, repo, kind, rest] = m as unknown as [string, string, string, string | undefined];
    const push = !(method === 'GET' || method === 'HEAD');
    if (!authorized(req, res, repo, push)) return;
    const repoTags = tags.get(repo) ?? new Map<string, string>();
    tags.set(repo, repoTags);

    if (kind === 'blobs') {
      const blob = blobs.get(rest ?? '');
      if (!blob) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown');
      res.writeHead(200, {
        'content-length': String(blob.length),
        'docker-content-digest': rest!,
        'content-type': 'application/octet-stream',
      });
      return res.end(method === 'HEAD' ? undefined : blob);
    }
    if (kind === 'blobs/uploads') {
      const body = await readBody(req);
      if (method === 'POST') {
        const digest = url.searchParams.get('digest');
        if (digest) {
          if (sha(body) !== digest) return error(res, 400, 'DIGEST_INVALID', 'digest mismatch');
          blobs.set(digest, body);
          res.writeHead(201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest });
          return res.end();
        }
        const id = randomUUID();
        uploads.set(id, Buffer.alloc(0));
        res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}?_state=x`, range: '0-0', 'docker-upload-uuid': id });
        return res.end();
      }
      const id = rest ?? '';
      const current = uploads.get(id);
      if (!current) return error(res, 404, 'BLOB_UPLOAD_UNKNOWN', 'upload unknown');
      const next = Buffer.concat([current, body]);
      if (method === 'PATCH') {
        const range = req.headers['content-range'];
        if (range && !String(range).startsWith(`${current.length}-`)) return error(res, 416, 'BLOB_UPLOAD_INVALID', 'bad range');
        uploads.set(id, next);
        res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}`, range: `0-${next.length - 1}` });
        return res.end();
      }
      if (method === 'PUT') {
        const digest = url.searchParams.get('digest') ?? '';
        if (sha(next) !== digest) return error(res, 400, 'DIGEST_INVALID', 'digest mismatch');
        uploads.delete(id);
        blobs.set(digest, next);
        res.writeHead(201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest });
        return res.end();
      }
      return error(res, 405, 'UNSUPPORTED', 'method');
    }
    if (kind === 'manifests') {
      const ref = rest ?? '';
      if (method === 'PUT') {
        const body = await readBody(req);
        const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!;
        const digest = sha(body);
        if (ref.startsWith('sha256:') && ref !== digest) return error(res, 400, 'DIGEST_INVALID', 'digest mismatch');
        const parsed = JSON.parse(body.toString('utf8')) as {
          config?: { digest: string };
          layers?: Array<{ digest: string }>;
          manifests?: Array<{ digest: string }>;
          subject?: { digest: string };
        };
        for (const d of [parsed.config, ...(parsed.layers ?? [])]) {
          if (d && !blobs.has(d.digest)) return error(res, 400, 'MANIFEST_BLOB_UNKNOWN', `blob unknown ${d.digest}`);
        }
        manifests.set(digest, { bytes: body, mediaType });
        if (!ref.startsWith('sha256:')) repoTags.set(ref, digest);
        const headers: Record<string, string> = { location: `/v2/${repo}/manifests/${digest}`, 'docker-content-digest': digest };
        if (parsed.subject && options.referrers !== false) {
          const key = `${repo}@${parsed.subject.digest}`;
          const set = subjects.get(key) ?? new Set<string>();
          set.add(digest);
          subjects.set(key, set);
          headers['oci-subject'] = parsed.subject.digest;
        }
        res.writeHead(201, headers);
        return res.end();
      }
      const digest = ref.startsWith('sha256:') ? ref : repoTags.get(ref);
      const stored = digest ? manifests.get(digest) : undefined;
      if (!digest || !stored) return error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      if (method === 'DELETE') {
        manifests.delete(digest);
        res.writeHead(202);
        return res.end();
      }
      res.writeHead(200, {
        'content-type': stored.mediaType,
        'content-length': String(stored.bytes.length),
        'docker-content-digest': digest,
      });
      return res.end(method === 'HEAD' ? undefined : stored.bytes);
    }
    if (kind === 'tags/list') {
      const all = [...repoTags.keys()].sort();
      const nParam = url.searchParams.get('n');
      const size = nParam ? Number(nParam) : (options.tagsPageSize ?? all.length);
      const last = url.searchParams.get('last');
      const startAt = last ? all.findIndex((t) => t > last) : 0;
      const page = startAt === -1 ? [] : all.slice(startAt, startAt + size);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (startAt !== -1 && startAt + size < all.length)
        headers.link = `</v2/${repo}/tags/list?n=${size}&last=${encodeURIComponent(page[page.length - 1]!)}>; rel="next"`;
      res.writeHead(200, headers);
      return res.end(JSON.stringify({ name: repo, tags: page }));
    }
    if (kind === 'referrers') {
      if (options.referrers === false) return error(res, 404, 'NOT_FOUND', 'page not found');
      const subject = rest ?? '';
      const artifactType = url.searchParams.get('artifactType');
      const filter = Boolean(artifactType) && options.filterArtifactType !== false;
      const descriptors = [...(subjects.get(`${repo}@${subject}`) ?? [])]
        .map((d) => {
          const s = manifests.get(d);
          if (!s) return undefined;
          const parsed = JSON.parse(s.bytes.toString('utf8')) as {
            artifactType?: string;
            config?: { mediaType: string };
            annotations?: Record<string, string>;
          };
          return {
            mediaType: s.mediaType,
            digest: d,
            size: s.bytes.length,
            artifactType: parsed.artifactType ?? parsed.config?.mediaType,
            ...(parsed.annotations ? { annotations: parsed.annotations } : {}),
          };
        })
        .filter((d): d is NonNullable<typeof d> => Boolean(d))
        .filter((d) => !filter || d.artifactType === artifactType);
      const headers: Record<string, string> = { 'content-type': 'application/vnd.oci.image.index.v1+json' };
      if (filter) headers['oci-filters-applied'] = 'artifactType';
      res.writeHead(200, headers);
      return res.end(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: descriptors }));
    }
    return error(res, 404, 'NOT_FOUND', 'unknown');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) error(res, 500, 'INTERNAL', String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    log,
    tokenScopes,
    stop: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
