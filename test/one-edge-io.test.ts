// Issue 14: the one-step chain (attestBuild) and `custody demo` compose their commands in memory and touch the disk
// at one edge. This test counts the file-system reads and writes of a real run, by wrapping the functions of the
// node:fs and node:fs/promises module objects (module.syncBuiltinESMExports() makes the named ESM imports of the
// commands and packages see the wrappers), and asserts:
//   - every file written during the run is written once, and only the expected outputs are written;
//   - no file written during the run is read back during the run.
// What counts as the edge:
//   - the chain's inputs (the project, the artifact, the key, the image layout) exist before the run; its outputs
//     are the SBOM and the two bundles in outDir;
//   - the demo's input edge is its project (written in step 1, before any command runs, then read as a checkout
//     is); the build's product (written by the build's own process, not counted here) is the subject, and the
//     tamper step appends to it and verifies it again: that is the point of the demo;
//   - the OCI image layout is a store the layout code manages (blobs, index.json and its lock are written and read
//     by it, index.json more than once as attestations are attached): writes there are checked to stay inside
//     the layout's own files, and reads there are allowed.
// Writes made by child processes (the demo's build) are not seen: only this process's file access is counted.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, silentLogger } from '@custody/core';
import { LayoutStore, MEDIA_OCI_MANIFEST } from '@custody/oci';
import { attestBuild } from '../src/commands/chain.js';
import { runDemo } from '../src/commands/demo.js';
import { demoProjectFiles } from '../src/commands/demo/project.js';
import { tarFiles } from '../src/commands/demo/tar.js';
import { attestInMemory } from '../src/commands/attest.js';
import { generateKeyPair, keysGenerate } from '../src/commands/keys.js';

type Event = { op: 'read' | 'write'; path: string } | { op: 'rename'; from: string; path: string } | { op: 'mark'; label: string };

const { O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_TRUNC } = fs.constants;

function pathOf(p: unknown): string | undefined {
  if (typeof p === 'string') return resolve(p);
  if (p instanceof URL) return fileURLToPath(p);
  if (Buffer.isBuffer(p)) return resolve(p.toString());
  return undefined; // a file descriptor or a FileHandle: its open was counted
}

function writes(flags: unknown): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (O_WRONLY | O_RDWR | O_APPEND | O_CREAT | O_TRUNC)) !== 0;
  return /[wa+]/.test(String(flags));
}

/**
 * Wraps the path-taking read and write functions of node:fs and node:fs/promises. A call made by Node's own fs code
 * (fs.writeFile opening through fs.open, a stream opening its file) is not counted twice: only calls from outside
 * node: internals are.
 */
function recordFs(): { events: Event[]; stop: () => void } {
  const events: Event[] = [];
  const undo: Array<() => void> = [];
  const wrap = (obj: Record<string, unknown>, name: string, classify: (args: unknown[]) => Event | undefined) => {
    const orig = obj[name] as (...a: unknown[]) => unknown;
    obj[name] = function (this: unknown, ...args: unknown[]) {
      const caller = new Error().stack?.split('\n')[2] ?? '';
      if (!/\(node:|at node:/.test(caller)) {
        const e = classify(args);
        if (e) events.push(e);
      }
      return orig.apply(this, args);
    };
    undo.push(() => {
      obj[name] = orig;
    });
  };
  const read = (args: unknown[]): Event | undefined => {
    const path = pathOf(args[0]);
    return path ? { op: 'read', path } : undefined;
  };
  const write = (args: unknown[]): Event | undefined => {
    const path = pathOf(args[0]);
    return path ? { op: 'write', path } : undefined;
  };
  const open = (args: unknown[]): Event | undefined => {
    const path = pathOf(args[0]);
    return path ? { op: writes(args[1]) ? 'write' : 'read', path } : undefined;
  };
  const rename = (args: unknown[]): Event | undefined => {
    const from = pathOf(args[0]);
    const path = pathOf(args[1]);
    return from && path ? { op: 'rename', from, path } : undefined;
  };
  const p = fsp as unknown as Record<string, unknown>;
  const f = fs as unknown as Record<string, unknown>;
  for (const [obj, name, how] of [
    [p, 'open', open],
    [p, 'readFile', read],
    [p, 'writeFile', write],
    [p, 'appendFile', write],
    [p, 'copyFile', (a: unknown[]) => write([a[1]])],
    [p, 'rename', rename],
    [f, 'open', open],
    [f, 'openSync', open],
    [f, 'readFile', read],
    [f, 'readFileSync', read],
    [f, 'writeFile', write],
    [f, 'writeFileSync', write],
    [f, 'appendFile', write],
    [f, 'appendFileSync', write],
    [f, 'copyFileSync', (a: unknown[]) => write([a[1]])],
    [f, 'rename', rename],
    [f, 'renameSync', rename],
    [f, 'createReadStream', read],
    [f, 'createWriteStream', write],
  ] as const) {
    wrap(obj, name, how);
  }
  syncBuiltinESMExports();
  return {
    events,
    stop: () => {
      for (const u of undo.reverse()) u();
      syncBuiltinESMExports();
    },
  };
}

/** The writes by final name (a temporary file renamed into place counts as a write of its target) and the reads. */
function analyse(events: Event[], from = 0) {
  const renamed = new Set(events.flatMap((e) => (e.op === 'rename' ? [e.from] : [])));
  const writeCount = new Map<string, number>();
  const readsAfterWrite: string[] = [];
  const written = new Set<string>();
  for (const e of events.slice(from)) {
    if (e.op === 'mark') continue;
    if (e.op === 'rename' || (e.op === 'write' && !renamed.has(e.path))) {
      writeCount.set(e.path, (writeCount.get(e.path) ?? 0) + 1);
      written.add(e.path);
    } else if (e.op === 'read' && written.has(e.path)) readsAfterWrite.push(e.path);
  }
  return { writeCount, readsAfterWrite };
}

const inside = (dir: string, p: string) => p.startsWith(dir + sep);
const LAYOUT_FILES = /^(oci-layout|index\.json|index\.json\.lock|blobs\/sha256\/[0-9a-f]{64})$/;

let recorder: ReturnType<typeof recordFs> | undefined;
afterEach(() => {
  recorder?.stop();
  recorder = undefined;
});

describe('one edge: the chain and the demo read and write no intermediate file', () => {
  it('attestBuild writes the SBOM and the two bundles once each, and reads none of them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-one-edge-chain-'));
    const ws = join(dir, 'ws');
    for (const [path, text] of Object.entries(demoProjectFiles())) {
      await fsp.mkdir(join(ws, path, '..'), { recursive: true });
      await writeFile(join(ws, path), text);
    }
    await writeFile(join(ws, 'app.tgz'), 'the build output\n');
    await keysGenerate({ outputKey: join(dir, 'signing.key'), outputPub: join(dir, 'signing.pub'), cwd: dir, logger: silentLogger });
    // A small image in an OCI layout, made before the run: an input.
    const layout = join(dir, 'layout');
    const store = await LayoutStore.open(layout, { create: true });
    const layer = gzipSync(tarFiles([['app/app.tgz', Buffer.from('the build output\n')]]));
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const configDigest = await store.putBlob(config);
    const layerDigest = await store.putBlob(layer);
    await store.putManifest(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA_OCI_MANIFEST,
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
        }),
      ),
      MEDIA_OCI_MANIFEST,
      'v1',
    );
    const out = join(dir, 'out');

    recorder = recordFs();
    const r = await attestBuild({
      subjects: ['app.tgz'],
      image: `oci-layout:${layout}`,
      sbomExclude: ['out'],
      signing: { keyFile: join(dir, 'signing.key') },
      outDir: out,
      cwd: ws,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      logger: silentLogger,
      clock: fixedClock(new Date('2026-01-02T03:04:05Z')),
    });
    const { events } = recorder;
    recorder.stop();
    recorder = undefined;

    expect(r.sbomPath).toBe(join(out, 'sbom.cdx.json'));
    expect(r.provenance.bundlePath).toBe(join(out, 'provenance.sigstore.json'));
    expect(r.sbom?.bundlePath).toBe(join(out, 'sbom.sigstore.json'));
    // Next to the image: the provenance and the image's own SBOM (the project SBOM describes the files, not the image).
    expect(r.pushed.flatMap((p) => p.attestations)).toHaveLength(2);
    // The recorder sees this run's file access (it would see nothing if the wrapping did not reach the commands).
    expect(events.some((e) => e.op === 'read' && e.path === join(ws, 'package-lock.json'))).toBe(true);

    const { writeCount, readsAfterWrite } = analyse(events);
    const outside = [...writeCount].filter(([p]) => !inside(layout, p));
    expect(Object.fromEntries(outside)).toEqual({
      [join(out, 'sbom.cdx.json')]: 1,
      [join(out, 'provenance.sigstore.json')]: 1,
      [join(out, 'sbom.sigstore.json')]: 1,
      // The image's own SBOM (one platform here) and its bundle.
      [join(out, 'image-sbom.linux-amd64.cdx.json')]: 1,
      [join(out, 'image-sbom.linux-amd64.sigstore.json')]: 1,
    });
    expect([...writeCount.keys()].filter((p) => inside(layout, p) && !LAYOUT_FILES.test(relative(layout, p)))).toEqual([]);
    expect(readsAfterWrite.filter((p) => !inside(layout, p))).toEqual([]);
  });

  it('the demo writes its outputs once each and reads none of them back; only the artifact is read again, to be tampered with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-one-edge-demo-'));
    recorder = recordFs();
    const events = recorder.events;
    let project = -1;
    let tamper = -1;
    const r = await runDemo({
      dir,
      cwd: dir,
      env: { PATH: process.env.PATH },
      print: (line) => {
        // The steps' headings, as markers in the event stream: before step 1 is printed the project is written.
        if (line.startsWith('\n1. ')) project = events.push({ op: 'mark', label: 'project' });
        if (line.startsWith('\n8. ')) tamper = events.push({ op: 'mark', label: 'tamper' });
      },
    });
    recorder.stop();
    recorder = undefined;
    expect(r.ok).toBe(true);
    expect(project).toBeGreaterThan(0);
    expect(tamper).toBeGreaterThan(project);

    const layout = join(dir, 'image-layout');
    const projectDir = join(dir, 'project');
    const artifact = r.artifact;
    const out = join(dir, 'attestations');
    // The input edge: the project's files, written once each before the first step.
    const before = analyse(events.slice(0, project));
    expect([...before.writeCount.keys()].sort()).toEqual(
      Object.keys(demoProjectFiles())
        .map((p) => join(projectDir, p))
        .sort(),
    );
    expect([...before.writeCount.values()].every((n) => n === 1)).toBe(true);

    // The run: the outputs, once each, and the layout's own files.
    const run = analyse(events.slice(project));
    const outside = [...run.writeCount].filter(([p]) => !inside(layout, p));
    expect(Object.fromEntries(outside)).toEqual({
      [join(out, 'capture.json')]: 1,
      [join(out, 'sbom.cdx.json')]: 1,
      [join(out, 'demo.pub')]: 1,
      [join(out, 'provenance.sigstore.json')]: 1,
      [join(out, 'sbom.sigstore.json')]: 1,
      [artifact]: 1, // the tamper step's appended byte
    });
    expect([...run.writeCount.keys()].filter((p) => inside(layout, p) && !LAYOUT_FILES.test(relative(layout, p)))).toEqual([]);
    // Nothing written in the run is read back, but the artifact after it was tampered with.
    expect(run.readsAfterWrite.filter((p) => !inside(layout, p) && p !== artifact)).toEqual([]);
    // And the artifact is written (appended to) only in the tamper step.
    const tamperWrites = analyse(events.slice(tamper)).writeCount;
    expect(tamperWrites.get(artifact)).toBe(1);
    // The in-memory bundles are named in the report by the files the user sees.
    const sources = r.tampered.attestations.map((a) => a.source).sort();
    expect(sources).toEqual(['attestations/provenance.sigstore.json', 'attestations/sbom.sigstore.json']);
    // No private key is written anywhere: the demo's signing key lives in memory only.
    expect([...run.writeCount.keys()].filter((p) => p.endsWith('.key'))).toEqual([]);
  });
});

describe('the in-memory inputs of attest', () => {
  it('refuse a value given twice, in memory and as a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-one-edge-twice-'));
    await writeFile(join(dir, 'a.txt'), 'a\n');
    const base = {
      subjects: ['a.txt'],
      keyPem: generateKeyPair().privateKeyPem,
      cwd: dir,
      env: { PATH: process.env.PATH },
      logger: silentLogger,
    };
    const sbom = { bomFormat: 'CycloneDX', specVersion: '1.6', components: [] };
    await expect(attestInMemory({ ...base, sbomFile: 'sbom.json', sbomDocument: sbom })).rejects.toThrow(/give the SBOM once/);
    await expect(
      attestInMemory({ ...base, predicateType: 'https://example.com/p/v1', predicateJson: '{}', predicate: {} }),
    ).rejects.toThrow(/give the predicate once/);
    // The document in memory is attested as --sbom would attest it: its type detected, nothing written.
    const signed = await attestInMemory({ ...base, sbomDocument: sbom });
    expect(signed.predicateType).toBe('https://cyclonedx.org/bom');
    expect(JSON.parse(signed.bundleJson)).toHaveProperty('dsseEnvelope');
    expect((await fsp.readdir(dir)).sort()).toEqual(['a.txt']);
  });
});
