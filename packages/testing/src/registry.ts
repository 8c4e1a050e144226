/**
 * A real OCI registry for tests: Debian's docker-registry (distribution 2.8.2) started per run on loopback with a
 * config of its own (filesystem storage in a temp dir, delete enabled, htpasswd Basic auth when asked), stopped by
 * its pid. Plus a test image pusher (an OCI layout written here, copied with skopeo) and a loopback fault proxy that
 * injects 4xx/5xx, resets, stalls, endless or dripping bodies and rewritten (wrong, lying, hostile) answers in front
 * of any registry.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RegistryAuth {
  username: string;
  password: string;
}

export interface StartedRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  url: string;
  pid: number;
  dir: string;
  auth?: RegistryAuth;
  stop(): Promise<void>;
}

/**
 * True when docker-registry, skopeo and htpasswd are installed (scripts/test-setup.sh installs them; npm test runs it).
 * When one is missing it throws a message that says what to install: the registry tests never skip silently.
 */
export function registryToolsAvailable(): boolean {
  requireRegistryTools();
  return true;
}

function registryToolsInstalled(): boolean {
  return ['docker-registry', 'skopeo', 'htpasswd'].every((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0);
}

/** Throws a message that says what to install when the registry tools are missing (never a silent skip). */
export function requireRegistryTools(): void {
  if (!registryToolsInstalled()) {
    throw new Error(
      'docker-registry, skopeo or htpasswd is missing: run `bash scripts/test-setup.sh` as root (npm test does), or apt-get install docker-registry skopeo apache2-utils.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitUp(url: string, child: ChildProcess, log: () => string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}): ${log()}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`docker-registry did not answer on ${url} within ${timeoutMs} ms: ${log()}`);
}

/** Starts Debian's docker-registry on 127.0.0.1:<free port>; `auth` turns on htpasswd Basic auth. */
export async function startRegistry(opts: { auth?: RegistryAuth } = {}): Promise<StartedRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-registry-'));
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (opts.auth) {
    const out = spawnSync('htpasswd', ['-Bbn', opts.auth.username, opts.auth.password], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`htpasswd failed: ${out.stderr}`);
    await writeFile(join(dir, 'htpasswd'), out.stdout);
    lines.push('auth:', '  htpasswd:', '    realm: custody-test', `    path: ${join(dir, 'htpasswd')}`);
  }
  await writeFile(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  let log = '';
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    if (log.length < 4000) log += d.toString();
  });
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running() && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (running()) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUp(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host, url, pid: child.pid!, dir, ...(opts.auth ? { auth: opts.auth } : {}), stop };
}

// ---- a small test image ----

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A one-file ustar archive. */
export function tarOneFile(name: string, content: Uint8Array): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(
    `${Math.floor(Date.UTC(2024, 0, 1) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, Buffer.from(content), pad, Buffer.alloc(1024)]);
}

export interface TestImage {
  /** The digest of the manifest (single platform) or index (several platforms). */
  digest: string;
  mediaType: string;
  size: number;
  platforms: Array<{ platform: string; digest: string }>;
  /** The OCI layout it was written to (tag `test`); empty after pushTestImage, which removes it. */
  layoutDir: string;
}

/**
 * Writes a small OCI image (one layer with /hello.txt) to a new layout, one manifest per platform and an index when
 * there are several. `seed` makes distinct images.
 */
export async function writeTestImageLayout(
  dir: string,
  opts: { platforms?: string[]; seed?: string; tag?: string } = {},
): Promise<TestImage> {
  const platforms = opts.platforms?.length ? opts.platforms : ['linux/amd64'];
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = async (bytes: Uint8Array) => {
    const hex = sha256(bytes);
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const manifests: Array<{ platform: string; digest: string; size: number }> = [];
  for (const p of platforms) {
    const [os, architecture, variant] = p.split('/');
    const tar = tarOneFile('hello.txt', Buffer.from(`hello from ${p} ${opts.seed ?? ''}\n`));
    const layer = await put(gzipSync(tar, { level: 9 }));
    const config = await put(
      Buffer.from(
        JSON.stringify({
          architecture,
          os,
          ...(variant ? { variant } : {}),
          rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
          config: {},
        }),
      ),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    );
    manifests.push({ platform: p, ...(await put(manifest)) });
  }
  let top: { digest: string; size: number; mediaType: string };
  if (manifests.length === 1) {
    top = { ...manifests[0]!, mediaType: 'application/vnd.oci.image.manifest.v1+json' };
  } else {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: manifests.map((m) => {
          const [os, architecture, variant] = m.platform.split('/');
          return {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: m.digest,
            size: m.size,
            platform: { architecture, os, ...(variant ? { variant } : {}) },
          };
        }),
      }),
    );
    top = { ...(await put(index)), mediaType: 'application/vnd.oci.image.index.v1+json' };
  }
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: top.mediaType,
          digest: top.digest,
          size: top.size,
          annotations: { 'org.opencontainers.image.ref.name': opts.tag ?? 'test' },
        },
      ],
    }),
  );
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    size: top.size,
    platforms: manifests.map((m) => ({ platform: m.platform, digest: m.digest })),
    layoutDir: dir,
  };
}

export function runSkopeo(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    execFile('skopeo', args, { maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`skopeo ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolveRun({ stdout, stderr });
    });
  });
}

/** Pushes a small test image to `host/repo:tag` with skopeo (digests preserved). */
export async function pushTestImage(
  registry: { host: string; auth?: RegistryAuth },
  repo: string,
  tag = 'v1',
  opts: { platforms?: string[]; seed?: string } = {},
): Promise<TestImage> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-image-'));
  const image = await writeTestImageLayout(dir, { ...opts, tag: 'test' });
  const args = ['copy', '--all', '--preserve-digests', '--dest-tls-verify=false'];
  if (registry.auth) args.push('--dest-creds', `${registry.auth.username}:${registry.auth.password}`);
  args.push(`oci:${dir}:test`, `docker://${registry.host}/${repo}:${tag}`);
  try {
    await runSkopeo(args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { ...image, layoutDir: '' };
}

// ---- fault injection ----

/**
 * What the fault proxy does with one request (undefined: pass it through unchanged).
 * - `{status, headers?, body?}`: answer it here (404, 500, 429 with Retry-After, wrong or deep-nested content, ...);
 * - `'reset'`: destroy the socket before any answer;
 * - `'stall'`: accept the request and never answer;
 * - `{stallBody}`: send the status, headers and a first part of the body, then fall silent (socket kept open);
 * - `{drip}`: send the body one chunk every `everyMs`, forever (never idle, never done: only a deadline ends it);
 * - `{endless}`: send the status and headers, then bytes as fast as the client reads them, forever;
 * - `{rewrite}`: forward it, and replace the registry's answer body with `rewrite(body)` (wrong content, lies).
 */
export type RegistryFault =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer }
  | 'reset'
  | 'stall'
  | { stallBody: { status: number; headers?: Record<string, string>; prefix: string | Buffer } }
  | { drip: { status: number; headers?: Record<string, string>; chunk: string | Buffer; everyMs: number } }
  | { endless: { status: number; headers?: Record<string, string>; chunk?: string | Buffer } }
  | { rewrite: (body: Buffer, status: number) => Buffer | string }
  | undefined;

export interface FaultProxy {
  host: string;
  url: string;
  /** Requests seen, as "METHOD /path". */
  log: string[];
  /** Faults injected so far. */
  injected: number;
  /** Bytes sent by `endless` and `drip` faults (to show the client stopped reading). */
  bytesSent: number;
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of `target` (host:port), for hostile-registry tests against a real registry.
 * `decide(method, path, n)` returns a fault for the n-th request (see RegistryFault) or undefined to pass the request
 * through unchanged.
 */
export async function startFaultProxy(
  target: string,
  decide: (method: string, path: string, n: number) => RegistryFault,
): Promise<FaultProxy> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const proxy: FaultProxy = { host: '', url: '', log, injected: 0, bytesSent: 0, stop: async () => undefined };
  const [hostname, port] = target.split(':');
  const forward = (req: IncomingMessage, onAnswer: (up: IncomingMessage) => void) => {
    const upstream = httpRequest(
      { hostname, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: target } },
      onAnswer,
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };
  const fixHeaders = (up: IncomingMessage) => {
    const headers = { ...up.headers };
    if (typeof headers.location === 'string') headers.location = headers.location.replace(`http://${target}`, `http://${proxy.host}`);
    return headers;
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const n = log.length;
    log.push(`${req.method} ${req.url}`);
    const fault = decide(req.method ?? 'GET', req.url ?? '/', n);
    if (fault === undefined) {
      forward(req, (up) => {
        res.writeHead(up.statusCode ?? 502, fixHeaders(up));
        up.pipe(res);
      });
      return;
    }
    proxy.injected++;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      req.resume();
      return;
    }
    if ('rewrite' in fault) {
      forward(req, (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.from(fault.rewrite(Buffer.concat(chunks), up.statusCode ?? 502));
          const headers = fixHeaders(up);
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          headers['content-length'] = String(body.length);
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(req.method === 'HEAD' ? undefined : body);
        });
      });
      return;
    }
    req.resume();
    req.on('end', () => {
      if ('stallBody' in fault) {
        res.writeHead(fault.stallBody.status, fault.stallBody.headers ?? {});
        res.write(fault.stallBody.prefix);
        return;
      }
      if ('drip' in fault) {
        res.writeHead(fault.drip.status, fault.drip.headers ?? {});
        const chunk = Buffer.from(fault.drip.chunk);
        const timer = setInterval(() => {
          if (res.destroyed || res.writableEnded) {
            clearInterval(timer);
            timers.delete(timer);
            return;
          }
          proxy.bytesSent += chunk.length;
          res.write(chunk);
        }, fault.drip.everyMs);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      if ('endless' in fault) {
        res.writeHead(fault.endless.status, fault.endless.headers ?? {});
        const chunk = Buffer.alloc(64 * 1024, fault.endless.chunk ?? 'A');
        const pump = () => {
          while (!res.destroyed && !res.writableEnded) {
            proxy.bytesSent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      res.writeHead(fault.status, fault.headers ?? {});
      res.end(fault.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.url = `http://${proxy.host}`;
  proxy.stop = () =>
    new Promise((r) => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return proxy;
}
