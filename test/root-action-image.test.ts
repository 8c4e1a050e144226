/**
 * The root action given a multi-platform image (issue 13, must-show 4): a two-platform index built here with real,
 * distinct layers per platform (Debian's dpkg database on linux/amd64, Alpine's apk database on linux/arm64, and a
 * buildx-style unknown/unknown attestation manifest that must be skipped), copied into Debian's docker-registry
 * with skopeo (digests preserved). The chain (attestBuild) and the root action run from source under
 * @github/local-action sign with a key; then `custody verify oci://REG/REPO@DIGEST --key` checks each platform
 * (its own SBOM and the provenance) and the index (the provenance), and a wrong key fails. Hostile registries: an
 * index naming a platform manifest the registry lacks stops with exit 2 before anything is signed or stored; an index
 * listing more manifests than LIMIT_INDEX_MANIFESTS stops before any of them is fetched.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodyError, silentLogger } from '@custody/core';
import { fetchAttestation, listAttestations, openImage } from '@custody/oci';
import {
  registryToolsAvailable,
  runSkopeo,
  startRegistry,
  writeOciLayout,
  type LayoutResult,
  type StartedRegistry,
} from '@custody/testing';
import { attestBuild } from '../src/commands/chain.js';
import { runCli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const SLSA = 'https://slsa.dev/provenance/v1';
const CDX = 'https://cyclonedx.org/bom';
// Plain directory names: the build capture masks values that look random (as mkdtemp's suffixes do), and the
// runner drops an output that contains a masked value.
const base = join(tmpdir(), `custody-root-image-${process.pid}`);

const dpkg = (pkgs: Array<[string, string]>) =>
  pkgs
    .map(([n, v]) => `Package: ${n}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${v}\nDescription: ${n}\n test package\n`)
    .join('\n');

interface Statement {
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: string;
  predicate: { components?: Array<{ purl?: string }>; metadata?: { component?: { name?: string } } };
}

describe.runIf(registryToolsAvailable())(
  'root action on a two-platform image: one image SBOM per platform, provenance on all',
  {
    timeout: 180_000,
  },
  () => {
    let registry: StartedRegistry;
    let layout: LayoutResult;
    const ws = join(base, 'ws');
    const layoutDir = join(base, 'layout');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? base };

    const copy = (repo: string) =>
      runSkopeo([
        'copy',
        '--all',
        '--preserve-digests',
        '--dest-tls-verify=false',
        `oci:${layoutDir}`,
        `docker://${registry.host}/${repo}:v1`,
      ]);
    const verify = (ref: string, ...args: string[]) => runCli(['verify', `oci://${registry.host}/${ref}`, ...args], { cwd: ws, env });
    /** The statements attached to one digest in the registry, decoded from their bundles. */
    const statementsAt = async (repo: string, digest: string): Promise<Statement[]> => {
      const { store } = await openImage(`${registry.host}/${repo}@${digest}`);
      const out: Statement[] = [];
      for (const ref of await listAttestations(store, digest)) {
        const { bytes } = await fetchAttestation(store, ref);
        const bundle = JSON.parse(Buffer.from(bytes).toString('utf8')) as { dsseEnvelope: { payload: string } };
        out.push(JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement);
      }
      return out;
    };
    const purls = (s: Statement | undefined) => (s?.predicate.components ?? []).map((c) => c.purl ?? '').sort();

    beforeAll(async () => {
      rmSync(base, { recursive: true, force: true });
      mkdirSync(ws, { recursive: true });
      registry = await startRegistry();
      layout = await writeOciLayout(layoutDir, [
        {
          os: 'linux',
          architecture: 'amd64',
          layers: [
            {
              files: [
                { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
                {
                  path: 'var/lib/dpkg/status',
                  content: dpkg([
                    ['base-files', '12.4+deb12u5'],
                    ['libc6', '2.36-9+deb12u4'],
                  ]),
                },
              ],
            },
          ],
        },
        {
          os: 'linux',
          architecture: 'arm64',
          layers: [
            {
              files: [
                { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
                { path: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\nA:aarch64\nL:MIT\n\nP:busybox\nV:1.36.1-r15\nA:aarch64\n\n' },
              ],
            },
          ],
        },
        // What buildx writes beside the platforms (its in-toto attestation manifest): never an image to describe.
        {
          os: 'unknown',
          architecture: 'unknown',
          layers: [{ files: [{ path: 'usr/lib/node_modules/decoy/package.json', content: '{"name":"decoy","version":"6.6.6"}' }] }],
        },
      ]);
      await copy('acme/multi');
      writeFileSync(
        join(ws, 'package-lock.json'),
        JSON.stringify({
          name: 'app',
          version: '1.0.0',
          lockfileVersion: 3,
          packages: { '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } }, 'node_modules/ms': { version: '2.1.3' } },
        }),
      );
      writeFileSync(join(ws, 'app.tgz'), 'the build output\n');
      for (const name of ['signing', 'other']) {
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        writeFileSync(join(ws, `${name}.key`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
        writeFileSync(join(ws, `${name}.pub`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
      }
    });
    afterAll(async () => {
      await registry?.stop();
      rmSync(base, { recursive: true, force: true });
    });

    it('the chain: an SBOM of each platform on its digest, provenance on the index and both platforms, all verified', async () => {
      const [amd64, arm64, attestationManifest] = layout.images;
      const index = layout.indexDigest!;
      const r = await attestBuild({
        subjects: ['app.tgz'],
        image: `${registry.host}/acme/multi:v1`,
        signing: { keyFile: 'signing.key' },
        outDir: join(ws, 'out'),
        sbomExclude: ['out'],
        cwd: ws,
        env,
        logger: silentLogger,
      });
      expect(r.image).toEqual({ reference: `${registry.host}/acme/multi:v1`, digest: index });
      expect(r.imageSboms.map((s) => [s.platform, s.digest])).toEqual([
        ['linux/amd64', amd64!.manifestDigest],
        ['linux/arm64', arm64!.manifestDigest],
      ]);
      // The provenance names the file, the index and both platforms (not buildx's attestation manifest).
      const provSubjects = r.provenance.subjects.map((s) => `${s.name}@sha256:${s.digest.sha256}`).sort();
      expect(provSubjects).toEqual(
        [
          `app.tgz@sha256:${r.provenance.subjects.find((s) => s.name === 'app.tgz')!.digest.sha256}`,
          ...[index, amd64!.manifestDigest, arm64!.manifestDigest].map((d) => `${registry.host}/acme/multi@${d}`),
        ].sort(),
      );
      expect(provSubjects.join()).not.toContain(attestationManifest!.manifestDigest.slice(7));
      // The project SBOM is about the file only; it is not stored next to the image.
      expect(r.sbom!.subjects.map((s) => s.name)).toEqual(['app.tgz']);
      expect(r.sbomComponents).toBe(1);

      // In the registry: each platform holds its own SBOM (different packages) and the provenance; the index the provenance.
      const amdStatements = await statementsAt('acme/multi', amd64!.manifestDigest);
      const armStatements = await statementsAt('acme/multi', arm64!.manifestDigest);
      const indexStatements = await statementsAt('acme/multi', index);
      expect(amdStatements.map((s) => s.predicateType).sort()).toEqual([CDX, SLSA]);
      expect(armStatements.map((s) => s.predicateType).sort()).toEqual([CDX, SLSA]);
      expect(indexStatements.map((s) => s.predicateType)).toEqual([SLSA]);
      const amdSbom = amdStatements.find((s) => s.predicateType === CDX);
      const armSbom = armStatements.find((s) => s.predicateType === CDX);
      expect(amdSbom!.subject.map((s) => `sha256:${s.digest.sha256}`)).toEqual([amd64!.manifestDigest]);
      expect(armSbom!.subject.map((s) => `sha256:${s.digest.sha256}`)).toEqual([arm64!.manifestDigest]);
      expect(purls(amdSbom)).toEqual([
        'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12',
        'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
      ]);
      expect(purls(armSbom)).toEqual([
        'pkg:apk/alpine/busybox@1.36.1-r15?arch=aarch64&distro=alpine-3.19.1',
        'pkg:apk/alpine/musl@1.2.4-r2?arch=aarch64&distro=alpine-3.19.1',
      ]);
      // The files the chain wrote are the documents it signed.
      expect(JSON.parse(readFileSync(r.imageSboms[1]!.sbomPath, 'utf8')).components).toEqual(armSbom!.predicate.components);

      for (const d of [amd64!.manifestDigest, arm64!.manifestDigest]) {
        const ok = await verify(`acme/multi@${d}`, '--key', 'signing.pub', '--predicate-type', CDX, '--predicate-type', SLSA);
        expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      }
      const idx = await verify(`acme/multi@${index}`, '--key', 'signing.pub', '--predicate-type', SLSA);
      expect(idx.code, idx.stdout + idx.stderr).toBe(0);
      // No SBOM was attached to the index: the project's lockfile SBOM does not pose as the image's.
      const idxSbom = await verify(`acme/multi@${index}`, '--key', 'signing.pub', '--predicate-type', CDX);
      expect(idxSbom.code).toBe(1);
      const wrong = await verify(`acme/multi@${arm64!.manifestDigest}`, '--key', 'other.pub', '--predicate-type', CDX);
      expect(wrong.code).toBe(1);
    });

    it('an image-only repository with no lockfile: the image SBOMs and provenance, and a warning instead of a failure', async () => {
      const bare = join(base, 'dockerfile-only');
      mkdirSync(bare, { recursive: true });
      writeFileSync(join(bare, 'Dockerfile'), 'FROM scratch\n');
      const warnings: string[] = [];
      const r = await attestBuild({
        subjects: [],
        image: `${registry.host}/acme/multi:v1`,
        signing: { keyFile: join(ws, 'signing.key') },
        outDir: join(bare, 'out'),
        push: false,
        cwd: bare,
        env,
        logger: { ...silentLogger, warn: (m: string) => void warnings.push(m) },
      });
      expect(r.sbomPath).toBeUndefined();
      expect(r.sbom).toBeUndefined();
      expect(r.imageSboms).toHaveLength(2);
      expect(warnings.join('\n')).toMatch(/no lockfile in the workspace/);
      // Named explicitly, a target without a lockfile is still an error: the user asked for that SBOM.
      const err = await attestBuild({
        subjects: [],
        image: `${registry.host}/acme/multi:v1`,
        sbomTarget: '.',
        signing: { keyFile: join(ws, 'signing.key') },
        outDir: join(bare, 'out2'),
        push: false,
        cwd: bare,
        env,
        logger: silentLogger,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CustodyError);
      expect((err as CustodyError).code).toBe('LOCKFILE_NOT_FOUND');
    });

    it('the root action from source (@github/local-action): image only, outputs per platform, verified in the registry', async () => {
      await copy('acme/action');
      const [amd64, arm64] = layout.images;
      const run = join(base, 'action-run');
      mkdirSync(run, { recursive: true });
      const summary = join(run, 'summary.md');
      writeFileSync(summary, '');
      const inputs: Record<string, string> = {
        image: `${registry.host}/acme/action:v1`,
        key: 'signing.key',
        'sbom-exclude': 'out\naction-out',
        'output-dir': 'action-out',
      };
      const dotenv = join(run, '.env');
      writeFileSync(
        dotenv,
        Object.entries({
          GITHUB_WORKSPACE: ws,
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: run,
          ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
        })
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join('\n'),
      );
      const child = spawn('npx', ['local-action', 'run', '.', 'actions/custody/src/main.ts', dotenv], {
        cwd: root,
        env: { PATH: [join(root, 'node_modules', '.bin'), env.PATH].join(delimiter), HOME: env.HOME, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
      await new Promise((resolve) => child.on('close', resolve));
      expect(stdout, stdout).not.toMatch(/::error::/);
      const outputs = Object.fromEntries([...stdout.matchAll(/^::set-output name=([a-z-]+)::(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
      expect(outputs['image-digest'], stdout).toBe(layout.indexDigest);
      const sboms = JSON.parse(outputs['image-sboms']!) as Array<{ platform: string; digest: string; 'bundle-path': string }>;
      expect(sboms.map((s) => [s.platform, s.digest])).toEqual([
        ['linux/amd64', amd64!.manifestDigest],
        ['linux/arm64', arm64!.manifestDigest],
      ]);
      // The image is the only subject: the project SBOM is written, not signed; three bundles (provenance + 2 SBOMs).
      expect(outputs['sbom-bundle-path']).toBe('');
      expect(outputs['component-count']).toBe('1');
      expect(readFileSync(summary, 'utf8')).toContain('Image SBOM (linux/arm64)');

      for (const d of [amd64!.manifestDigest, arm64!.manifestDigest]) {
        const ok = await verify(`acme/action@${d}`, '--key', 'signing.pub', '--predicate-type', CDX, '--predicate-type', SLSA);
        expect(ok.code, ok.stdout + ok.stderr).toBe(0);
        const statements = await statementsAt('acme/action', d);
        expect(statements.map((s) => s.predicateType).sort()).toEqual([CDX, SLSA]);
      }
      const idx = await verify(`acme/action@${layout.indexDigest}`, '--key', 'signing.pub', '--predicate-type', SLSA);
      expect(idx.code, idx.stdout + idx.stderr).toBe(0);
      const wrong = await verify(`acme/action@${layout.indexDigest}`, '--key', 'other.pub', '--predicate-type', SLSA);
      expect(wrong.code).toBe(1);
    });

    it('an index naming a platform manifest the registry lacks: exit 2 naming it, nothing signed or stored', async () => {
      await copy('acme/broken');
      const missing = layout.images[1]!.manifestDigest;
      const del = await fetch(`${registry.url}/v2/acme/broken/manifests/${missing}`, { method: 'DELETE' });
      expect(del.status).toBe(202);
      const err = await attestBuild({
        subjects: [],
        image: `${registry.host}/acme/broken:v1`,
        signing: { keyFile: 'signing.key' },
        outDir: join(ws, 'broken-out'),
        sbomExclude: ['out', 'action-out'],
        cwd: ws,
        env,
        logger: silentLogger,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CustodyError);
      expect((err as CustodyError).exitCode).toBe(2);
      expect((err as CustodyError).describe()).toContain(missing);
      expect((err as CustodyError).hint).toMatch(/push the image again with all its platforms/);
      expect(await statementsAt('acme/broken', layout.indexDigest!)).toEqual([]);
    });

    it('an index listing more manifests than CUSTODY_MAX_INDEX_MANIFESTS: exit 2 before any is fetched', async () => {
      await copy('acme/huge');
      const m = layout.images[0]!;
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: Array.from({ length: 300 }, (_, i) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: m.manifestDigest,
          size: m.manifest.length,
          platform: { os: 'linux', architecture: `arch${i}` },
        })),
      });
      const put = await fetch(`${registry.url}/v2/acme/huge/manifests/hostile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
        body: index,
      });
      expect(put.status).toBe(201);
      const err = await attestBuild({
        subjects: [],
        image: `${registry.host}/acme/huge:hostile`,
        signing: { keyFile: 'signing.key' },
        outDir: join(ws, 'huge-out'),
        cwd: ws,
        env,
        logger: silentLogger,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CustodyError);
      expect((err as CustodyError).code).toBe('LIMIT_INDEX_MANIFESTS');
      expect((err as CustodyError).exitCode).toBe(2);
      expect((err as CustodyError).describe()).toMatch(/300 manifests.*CUSTODY_MAX_INDEX_MANIFESTS/s);
      // The image SBOM verb walks the index through the same bound.
      const cli = await runCli(['sbom', `oci://${registry.host}/acme/huge:hostile`], { cwd: ws, env });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('LIMIT_INDEX_MANIFESTS');
      const raised = await runCli(['sbom', `oci://${registry.host}/acme/huge:hostile`], {
        cwd: ws,
        env: { ...env, CUSTODY_MAX_INDEX_MANIFESTS: '400' },
      });
      expect(raised.stderr).not.toContain('LIMIT_INDEX_MANIFESTS');
    });
  },
);
