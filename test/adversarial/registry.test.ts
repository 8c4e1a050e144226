// Hostile registries and hostile OCI layouts, against the built CLI (bin/custody.js, run as a real process and
// measured: peak RSS and wall time; `npm run build` first).
//
// Registries: the real Debian docker-registry 2.8.2 started for this file on loopback, with a fault-injecting proxy
// (packages/testing startFaultProxy) in front of it that answers chosen requests itself: 404 (one that lies while the
// tags list shows the tag), 500, connection resets, stalls, dripping and endless bodies, declared-huge bodies,
// deep-nested JSON, wrong content and hostile digests. A connect timeout is provoked with a real listening socket whose
// accept queue is full (python3: the kernel drops further SYNs, so connecting hangs).
// Layouts: real directories with hostile contents (digests like sha256:../../etc, blobs symlinked to /dev/zero,
// index.json huge, deep, or a FIFO).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@custody/core';
import {
  pushTestImage,
  registryToolsAvailable,
  startFaultProxy,
  startRegistry,
  writeTestImageLayout,
  type FaultProxy,
  type RegistryFault,
  type StartedRegistry,
} from '@custody/testing';
import { LayoutStore, RegistryClient, RemoteStore, attachBundle, fallbackTag, readFallbackIndex } from '@custody/oci';
import { pushBundle } from '../../src/commands/push.js';
import { makeBundle } from '../../packages/oci/src/__tests__/bundles.js';
import { CLI_BIN, runCliMeasured, type MeasuredRun } from '../support/measure.js';

const MAX_RSS_MIB = 300;
const MAX_WALL_MS = 30_000;

if (!registryToolsAvailable()) throw new Error('docker-registry, skopeo and htpasswd are needed (scripts/test-setup.sh installs them)');
if (!existsSync(join(CLI_BIN, '..', '..', 'build', 'src', 'cli.js'))) {
  throw new Error('the built CLI is missing: run `npm run build` first');
}

/** Figures of every measured run, printed at the end (the report quotes them). */
const figures: Array<{ name: string; code: number | null; rss: number | undefined; ms: number }> = [];

async function hostile(name: string, args: string[], env: Record<string, string>, cwd?: string): Promise<MeasuredRun> {
  const run = await runCliMeasured(args, { env: { ...process.env, ...env }, timeoutMs: 60_000, ...(cwd ? { cwd } : {}) });
  figures.push({ name, code: run.code, rss: run.maxRssMiB, ms: Math.round(run.wallMs) });
  expect(run.signal, `${name}: killed (${run.stderr.slice(0, 500)})`).toBeNull();
  expect(run.code, `${name}: ${run.stderr.slice(0, 2000)}`).toBe(2);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.maxRssMiB, `${name}: peak RSS`).toBeDefined();
  expect(run.maxRssMiB!, `${name}: peak RSS (MiB)`).toBeLessThan(MAX_RSS_MIB);
  expect(run.wallMs, `${name}: wall time (ms)`).toBeLessThan(MAX_WALL_MS);
  return run;
}

afterAll(() => {
  process.stdout.write(
    `\nhostile cases (exit, peak RSS MiB, wall ms):\n${figures.map((f) => `  ${f.name}: exit ${f.code}, ${f.rss?.toFixed(1)} MiB, ${f.ms} ms`).join('\n')}\n`,
  );
});

describe('hostile registries (real docker-registry behind a fault-injecting proxy)', () => {
  let reg: StartedRegistry;
  let dir: string;
  const proxies: FaultProxy[] = [];
  const baseEnv = () => ({ DOCKER_CONFIG: dir, CUSTODY_HTTP_RETRIES: '2' });
  const proxy = async (decide: (method: string, path: string, n: number) => RegistryFault) => {
    const p = await startFaultProxy(reg.host, decide);
    proxies.push(p);
    return p;
  };
  const writes = (p: FaultProxy) => p.log.filter((l) => /^(PUT|POST|PATCH|DELETE) /.test(l));

  /** An image with one attestation attached (through the referrers-tag fallback), pushed straight to the registry. */
  async function attested(repo: string, platforms?: string[]) {
    const image = await pushTestImage(reg, repo, 'v1', platforms ? { platforms } : {});
    const file = join(dir, `${repo.replace(/\//g, '-')}.json`);
    await writeFile(file, makeBundle(image.digest));
    const pushed = await pushBundle({
      bundleFile: file,
      image: `${reg.host}/${repo}:v1`,
      cwd: dir,
      env: { ...process.env, DOCKER_CONFIG: dir },
      logger: silentLogger,
    });
    const manifest = pushed.attestations[0]!.manifestDigest;
    const m = await new RemoteStore(new RegistryClient(reg.host), repo).getManifest(manifest);
    const layer = (m.manifest as { layers: Array<{ digest: string }> }).layers[0]!.digest;
    return { image, manifest, layer, file };
  }

  beforeAll(async () => {
    reg = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'custody-adversarial-'));
  });
  afterAll(async () => {
    for (const p of proxies) await p.stop();
    await reg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a 404 on the referrers index while the tags list shows the tag: exit 2, nothing written, the index keeps its entries', async () => {
    const { image, manifest } = await attested('adv/lie');
    const indexPath = `/v2/adv/lie/manifests/${fallbackTag(image.digest)}`;
    const p = await proxy((m, path) =>
      m === 'GET' && path === indexPath
        ? {
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
          }
        : undefined,
    );
    const second = join(dir, 'lie-2.json');
    await writeFile(second, makeBundle(image.digest, 'https://example.com/second/v1'));
    const run = await hostile('index 404 that lies (push)', ['push', '--bundle', second, '--image', `${p.host}/adv/lie:v1`], baseEnv());
    expect(run.stderr).toMatch(/answered 404 3 times while the tags list shows that tag.*nothing was written.*\[OCI_INDEX_UNCONFIRMED\]/s);
    expect(writes(p)).toEqual([]);
    const store = new RemoteStore(new RegistryClient(reg.host), 'adv/lie');
    expect((await readFallbackIndex(store, image.digest)).index?.manifests.map((d) => d.digest)).toEqual([manifest]);
    expect((await store.listTags()).filter((t) => t.endsWith('.sigstore'))).toHaveLength(1);
  });

  it('500 on every manifest GET: retried a bounded number of times (CUSTODY_HTTP_RETRIES), then exit 2', async () => {
    await pushTestImage(reg, 'adv/err', 'v1');
    const p = await proxy((_m, path) => (path.startsWith('/v2/adv/err/manifests/') ? { status: 500, body: 'boom' } : undefined));
    const run = await hostile('500 forever', ['attestations', 'list', `${p.host}/adv/err:v1`], baseEnv());
    expect(run.stderr).toMatch(/HTTP 500.*after 3 attempts.*\[OCI_REGISTRY_ERROR\]/s);
    expect(p.log.filter((l) => l.includes('/manifests/'))).toHaveLength(3);
  });

  it('connection resets on every request: bounded retries, then exit 2', async () => {
    const p = await proxy(() => 'reset');
    const run = await hostile('reset forever', ['attestations', 'list', `${p.host}/adv/err:v1`], baseEnv());
    expect(run.stderr).toMatch(/\[OCI_NETWORK_ERROR\]/);
    expect(p.log.length).toBe(3);
  });

  it('a registry that never answers: the idle timeout ends each attempt (LIMIT_HTTP_IDLE_MS)', async () => {
    const p = await proxy(() => 'stall');
    const run = await hostile('stall before the answer', ['attestations', 'list', `${p.host}/adv/err:v1`], {
      ...baseEnv(),
      CUSTODY_HTTP_IDLE_TIMEOUT_MS: '400',
      CUSTODY_HTTP_RETRIES: '1',
    });
    expect(run.stderr).toMatch(/sent nothing for 400 ms.*\[LIMIT_HTTP_IDLE_MS\]/s);
    expect(run.stderr).toContain('CUSTODY_HTTP_IDLE_TIMEOUT_MS');
    expect(p.log.length).toBe(2);
  });

  it('an attestation blob that stalls half way: LIMIT_HTTP_IDLE_MS, no file written', async () => {
    const { layer } = await attested('adv/stallblob');
    const p = await proxy((m, path) =>
      m === 'GET' && path.endsWith(`/blobs/${layer}`)
        ? { stallBody: { status: 200, headers: { 'content-length': '5000' }, prefix: '{"mediaType":' } }
        : undefined,
    );
    const out = join(dir, 'stall-out');
    const run = await hostile('stall in the body', ['attestations', 'download', `${p.host}/adv/stallblob:v1`, '--output', out], {
      ...baseEnv(),
      CUSTODY_HTTP_IDLE_TIMEOUT_MS: '400',
    });
    expect(run.stderr).toMatch(/\[LIMIT_HTTP_IDLE_MS\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('a body that drips forever (never idle): the deadline ends it (LIMIT_HTTP_DEADLINE_MS)', async () => {
    await pushTestImage(reg, 'adv/drip', 'v1');
    const p = await proxy((m, path) =>
      m === 'GET' && path === '/v2/adv/drip/manifests/v1'
        ? { drip: { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, chunk: ' ', everyMs: 50 } }
        : undefined,
    );
    const run = await hostile('dripping body', ['attestations', 'list', `${p.host}/adv/drip:v1`], {
      ...baseEnv(),
      CUSTODY_HTTP_IDLE_TIMEOUT_MS: '1000',
      CUSTODY_HTTP_DEADLINE_MS: '1500',
    });
    expect(run.stderr).toMatch(/deadline of 1500 ms.*\[LIMIT_HTTP_DEADLINE_MS\]/s);
  });

  it('a manifest that declares 10 GiB: refused from its Content-Length, before reading (LIMIT_OCI_JSON_BYTES)', async () => {
    const p = await proxy((m, path) =>
      m === 'GET' && path === '/v2/adv/err/manifests/v1'
        ? {
            endless: {
              status: 200,
              headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(10 * 1024 ** 3) },
            },
          }
        : undefined,
    );
    const run = await hostile('manifest declaring 10 GiB', ['attestations', 'list', `${p.host}/adv/err:v1`], baseEnv());
    expect(run.stderr).toMatch(/10737418240 bytes.*over the limit of 4 MiB.*\[LIMIT_OCI_JSON_BYTES\]/s);
  });

  it('a manifest body that never ends (chunked, no length): cut off at the limit (LIMIT_OCI_JSON_BYTES)', async () => {
    const p = await proxy((m, path) =>
      m === 'GET' && path === '/v2/adv/err/manifests/v1'
        ? { endless: { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } } }
        : undefined,
    );
    const run = await hostile('endless manifest', ['attestations', 'list', `${p.host}/adv/err:v1`], baseEnv());
    expect(run.stderr).toMatch(/over the limit of 4 MiB.*\[LIMIT_OCI_JSON_BYTES\]/s);
  });

  it('an endless attestation blob with the default limits: cut off at 64 MiB (LIMIT_BUNDLE_BYTES), memory stays bounded', async () => {
    const { layer } = await attested('adv/endless');
    const p = await proxy((m, path) =>
      m === 'GET' && path.endsWith(`/blobs/${layer}`)
        ? { endless: { status: 200, headers: { 'content-type': 'application/octet-stream' } } }
        : undefined,
    );
    const out = join(dir, 'endless-out');
    const run = await hostile(
      'endless attestation blob (64 MiB limit)',
      ['attestations', 'download', `${p.host}/adv/endless:v1`, '--output', out],
      { DOCKER_CONFIG: dir },
    );
    expect(run.stderr).toMatch(/over the limit of 64 MiB.*\[LIMIT_BUNDLE_BYTES\]/s);
    expect(p.bytesSent).toBeLessThan(200 * 1024 * 1024);
    expect(existsSync(out)).toBe(false);
  });

  it('a deep-nested manifest: LIMIT_JSON_DEPTH before any parser recurses', async () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    const p = await proxy((m, path) =>
      m === 'GET' && path === '/v2/adv/err/manifests/v1'
        ? { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: deep }
        : undefined,
    );
    const run = await hostile('deep-nested manifest', ['attestations', 'list', `${p.host}/adv/err:v1`], baseEnv());
    expect(run.stderr).toMatch(/nests deeper than 256 levels.*\[LIMIT_JSON_DEPTH\]/s);
  });

  it('wrong content for a blob and for a manifest asked by digest: OCI_DIGEST_MISMATCH, nothing written', async () => {
    const { manifest, layer } = await attested('adv/wrong');
    const out = join(dir, 'wrong-out');
    const blob = await proxy((m, path) =>
      m === 'GET' && path.endsWith(`/blobs/${layer}`)
        ? { rewrite: (b) => Buffer.from(b.toString('utf8').replace('"mediaType"', '"mediaType" ')) }
        : undefined,
    );
    const run = await hostile('wrong blob content', ['attestations', 'download', `${blob.host}/adv/wrong:v1`, '--output', out], baseEnv());
    expect(run.stderr).toMatch(/hashes to sha256:.*\[OCI_DIGEST_MISMATCH\]/s);
    const man = await proxy((m, path) =>
      m === 'GET' && path.endsWith(`/manifests/${manifest}`)
        ? { rewrite: (b) => Buffer.from(b.toString('utf8').replace('"schemaVersion":2', '"schemaVersion": 2')) }
        : undefined,
    );
    const run2 = await hostile(
      'wrong manifest content',
      ['attestations', 'download', `${man.host}/adv/wrong:v1`, '--output', out],
      baseEnv(),
    );
    expect(run2.stderr).toMatch(/\[OCI_DIGEST_MISMATCH\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('an index naming sha256:../../etc/passwd as a platform manifest: OCI_DIGEST_INVALID, never used in a URL or file name', async () => {
    await pushTestImage(reg, 'adv/evil', 'v1', { platforms: ['linux/amd64', 'linux/arm64'] });
    const p = await proxy((m, path) =>
      m === 'GET' && path === '/v2/adv/evil/manifests/v1'
        ? {
            rewrite: (b) => {
              const index = JSON.parse(b.toString('utf8')) as { manifests: Array<{ digest: string }> };
              index.manifests[0]!.digest = 'sha256:../../../../etc/passwd';
              return JSON.stringify(index);
            },
          }
        : undefined,
    );
    const out = join(dir, 'evil-out');
    const run = await hostile(
      'hostile digest in an index',
      ['attestations', 'download', `${p.host}/adv/evil:v1`, '--output', out],
      baseEnv(),
    );
    expect(run.stderr).toMatch(/sha256:\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd.*\[OCI_DIGEST_INVALID\]/s);
    expect(p.log.filter((l) => l.includes('..'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('a tags list that never ends: LIMIT_OCI_JSON_BYTES', async () => {
    await pushTestImage(reg, 'adv/tags', 'v1');
    const p = await proxy((m, path) =>
      m === 'GET' && path.startsWith('/v2/adv/tags/tags/list')
        ? { endless: { status: 200, headers: { 'content-type': 'application/json' } } }
        : undefined,
    );
    const run = await hostile('endless tags list', ['attestations', 'list', `${p.host}/adv/tags:v1`], baseEnv());
    expect(run.stderr).toMatch(/tags list.*\[LIMIT_OCI_JSON_BYTES\]/s);
  });

  it('an attestation blob that is gone (404): exit 2, OCI_NOT_FOUND', async () => {
    const { layer } = await attested('adv/gone');
    const p = await proxy((m, path) =>
      m === 'GET' && path.endsWith(`/blobs/${layer}`)
        ? { status: 404, body: '{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}' }
        : undefined,
    );
    const run = await hostile(
      'attestation blob 404',
      ['attestations', 'download', `${p.host}/adv/gone:v1`, '--output', join(dir, 'gone-out')],
      baseEnv(),
    );
    expect(run.stderr).toMatch(/BLOB_UNKNOWN.*\[OCI_NOT_FOUND\]/s);
  });
});

describe('a registry that never accepts the connection (full accept queue, real socket)', () => {
  let child: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    // Listening, backlog 0, the queue filled, nothing accepted: further connects hang in SYN-SENT.
    const script = [
      'import socket, time',
      's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
      'print(s.getsockname()[1], flush=True)',
      'fill = []',
      'for i in range(3):',
      '    c = socket.socket(); c.setblocking(False)',
      '    try: c.connect(s.getsockname())',
      '    except BlockingIOError: pass',
      '    fill.append(c)',
      'time.sleep(300)',
    ].join('\n');
    child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      child!.on('error', (err) => reject(new Error(`python3 is needed for the connect-timeout case: ${err.message}`)));
      child!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    });
  });
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  });

  it('the connect timeout ends each attempt (LIMIT_HTTP_CONNECT_MS)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'custody-adv-connect-'));
    const run = await hostile('connection never accepted', ['attestations', 'list', `127.0.0.1:${port}/adv/x:v1`], {
      DOCKER_CONFIG: home,
      CUSTODY_HTTP_CONNECT_TIMEOUT_MS: '300',
      CUSTODY_HTTP_RETRIES: '1',
    });
    expect(run.stderr).toMatch(/no connection to 127\.0\.0\.1:\d+ within 300 ms.*\[LIMIT_HTTP_CONNECT_MS\]/s);
  });
});

describe('hostile OCI layouts (real directories)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'custody-adv-layout-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A layout with an image and one attestation attached by Custody's LayoutStore. */
  async function layoutWithAttestation(name: string) {
    const dir = join(root, name);
    const image = await writeTestImageLayout(dir);
    const store = await LayoutStore.open(dir);
    const r = await attachBundle(store, { mediaType: image.mediaType, digest: image.digest, size: image.size }, makeBundle(image.digest));
    const m = await store.getManifest(r.manifestDigest);
    const layer = (m.manifest as { layers: Array<{ digest: string }> }).layers[0]!.digest;
    return { dir, image, layer };
  }

  async function editIndex(dir: string, edit: (index: { manifests: Array<Record<string, unknown>> }) => void) {
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: Array<Record<string, unknown>> };
    edit(index);
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  }

  it('index.json naming sha256:../../etc/passwd: OCI_DIGEST_INVALID, no file outside the layout is opened', async () => {
    const { dir } = await layoutWithAttestation('traversal');
    await editIndex(dir, (index) =>
      index.manifests.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:../../../../../../etc/passwd',
        size: 1,
      }),
    );
    const run = await hostile('layout digest sha256:../../etc', ['attestations', 'list', `oci-layout:${dir}`], {});
    expect(run.stderr).toMatch(/sha256:\.\.\/.*\[OCI_DIGEST_INVALID\]/s);
  });

  it('an attestation blob symlinked to /dev/zero: refused as not a regular file, nothing read', async () => {
    const { dir, layer } = await layoutWithAttestation('devzero');
    const path = join(dir, 'blobs', 'sha256', layer.slice(7));
    await unlink(path);
    await symlink('/dev/zero', path);
    const out = join(root, 'devzero-out');
    const run = await hostile('blob symlinked to /dev/zero', ['attestations', 'download', `oci-layout:${dir}`, '--output', out], {});
    expect(run.stderr).toMatch(/is not a regular file \(a character device\).*\[OCI_LAYOUT_INVALID\]/s);
    expect(existsSync(out)).toBe(false);
  });

  it('a manifest blob symlinked to /dev/zero (verify reads it too): refused', async () => {
    const { dir, image } = await layoutWithAttestation('devzero-manifest');
    const path = join(dir, 'blobs', 'sha256', image.digest.slice(7));
    await unlink(path);
    await symlink('/dev/zero', path);
    const run = await hostile('image manifest symlinked to /dev/zero', ['attestations', 'list', `oci-layout:${dir}`], {});
    expect(run.stderr).toMatch(/\[OCI_LAYOUT_INVALID\]/);
  });

  it('index.json of 10 GiB (sparse): refused from its size, before reading (LIMIT_OCI_JSON_BYTES)', async () => {
    const { dir } = await layoutWithAttestation('huge');
    await truncate(join(dir, 'index.json'), 10 * 1024 ** 3);
    const run = await hostile('index.json 10 GiB', ['attestations', 'list', `oci-layout:${dir}`], {});
    expect(run.stderr).toMatch(/10737418240 bytes.*\[LIMIT_OCI_JSON_BYTES\]/s);
  });

  it('index.json nested 1,000,000 deep: LIMIT_JSON_DEPTH', async () => {
    const dir = join(root, 'deep');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(join(dir, 'index.json'), `{"schemaVersion":2,"manifests":[],"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    const run = await hostile('index.json 1e6 deep', ['attestations', 'list', `oci-layout:${dir}`], { CUSTODY_MAX_OCI_JSON_BYTES: '8M' });
    expect(run.stderr).toMatch(/\[LIMIT_JSON_DEPTH\]/);
  });

  it('index.json that is a FIFO: refused, no hang', async () => {
    const dir = join(root, 'fifo');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    const mk = spawn('mkfifo', [join(dir, 'index.json')]);
    await new Promise((r) => mk.on('exit', r));
    const run = await hostile('index.json is a FIFO', ['attestations', 'list', `oci-layout:${dir}`], {});
    expect(run.stderr).toMatch(/not a regular file \(a FIFO\).*\[OCI_LAYOUT_INVALID\]/s);
  });

  it('custody push --bundle /dev/zero or a 100 GiB (sparse) bundle file: refused before reading, nothing pushed', async () => {
    const { dir } = await layoutWithAttestation('push-target');
    const before = await readFile(join(dir, 'index.json'), 'utf8');
    const zero = await hostile('push --bundle /dev/zero', ['push', '--bundle', '/dev/zero', '--image', `oci-layout:${dir}`], {});
    expect(zero.stderr).toMatch(/\/dev\/zero is not a regular file.*\[PUSH_BUNDLE_UNREADABLE\]/s);
    const big = join(root, 'big.sigstore.json');
    await writeFile(big, '');
    await truncate(big, 100 * 1024 ** 3);
    const run = await hostile('push --bundle 100 GiB file', ['push', '--bundle', big, '--image', `oci-layout:${dir}`], {});
    expect(run.stderr).toMatch(/107374182400 bytes, over the limit of 64 MiB.*\[LIMIT_BUNDLE_BYTES\]/s);
    expect(await readFile(join(dir, 'index.json'), 'utf8')).toBe(before);
  });

  it('attestations download writes only inside --output: a hostile platform digest writes nothing anywhere', async () => {
    const dir = join(root, 'escape');
    const image = await writeTestImageLayout(dir, { platforms: ['linux/amd64', 'linux/arm64'] });
    // Rewrite the index blob so one platform digest climbs out, and point index.json at the rewritten blob.
    const { createHash } = await import('node:crypto');
    const indexBlob = JSON.parse(await readFile(join(dir, 'blobs', 'sha256', image.digest.slice(7)), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    indexBlob.manifests[1]!.digest = `sha256:../../../../${'a'.repeat(10)}`;
    const bytes = Buffer.from(JSON.stringify(indexBlob));
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
    await editIndex(dir, (index) => {
      index.manifests[0]!.digest = `sha256:${hex}`;
      index.manifests[0]!.size = bytes.length;
    });
    const out = join(root, 'escape-out', 'inner');
    const run = await hostile('platform digest escaping --output', ['attestations', 'download', `oci-layout:${dir}`, '--output', out], {});
    expect(run.stderr).toMatch(/\[OCI_DIGEST_INVALID\]/);
    expect(existsSync(join(root, 'escape-out'))).toBe(false);
    expect((await readdir(root)).filter((n) => n.startsWith('sha256-'))).toEqual([]);
  });
});
