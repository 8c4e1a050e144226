// `custody attestations list|download` on the real cosign layout (../shared), on layouts Custody writes, and on a
// real registry (Debian's docker-registry 2.8.2 on loopback).
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pushTestImage,
  registryToolsAvailable,
  sharedDir,
  sharedNotice,
  startRegistry,
  writeTestImageLayout,
  type StartedRegistry,
} from '@custody/testing';
import { makeBundle } from '../packages/oci/src/__tests__/bundles.js';
import { runCli } from './support/cli.js';

const COSIGN_IMAGE = 'sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122';

describe('custody attestations on the real cosign layout', () => {
  const shared = sharedDir();
  if (!shared) sharedNotice('custody attestations on the cosign layout');
  it.skipIf(!shared)('lists and downloads the legacy .att attestation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-cosign-cli-'));
    await cp(join(shared!, 'fixtures', 'real-attestations', 'cosign-oci-layout'), join(dir, 'layout'), { recursive: true });
    const list = await runCli(['attestations', 'list', `oci-layout:${join(dir, 'layout')}`, '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const parsed = JSON.parse(list.stdout) as {
      digest: string;
      attestations: Array<{ predicateType: string; format: string; subject: string }>;
    };
    expect(parsed.digest).toBe(COSIGN_IMAGE);
    expect(parsed.attestations.map((a) => [a.subject, a.format, a.predicateType])).toEqual([
      [COSIGN_IMAGE, 'cosign-dsse', 'https://slsa.dev/provenance/v0.2'],
    ]);

    // A bare directory path is taken as a layout too; the table names the source.
    const table = await runCli(['attestations', 'list', 'layout'], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^SUBJECT\s+PREDICATE TYPE\s+CREATED\s+ARTIFACT\s+FOUND VIA\n/);
    expect(table.stdout).toContain('https://slsa.dev/provenance/v0.2');
    expect(table.stdout).toContain('cosign-legacy');

    const out = join(dir, 'out');
    const dl = await runCli(['attestations', 'download', 'oci-layout:layout', '--output', out], { cwd: dir });
    expect(dl.code, dl.stderr).toBe(0);
    const files = await readdir(out);
    expect(files).toEqual([`sha256-${COSIGN_IMAGE.slice(7)}.21454caf3a160dfb.0.cosign.sigstore.json`]);
    // Written as a Sigstore bundle v0.1 (certificate + Rekor entry + envelope): what `custody verify --bundle` reads.
    const doc = JSON.parse(await readFile(join(out, files[0]!), 'utf8')) as {
      mediaType: string;
      dsseEnvelope: { payloadType: string };
      verificationMaterial: { tlogEntries: Array<{ inclusionPromise: { signedEntryTimestamp: string } }> };
    };
    expect(doc.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.1');
    expect(doc.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(doc.verificationMaterial.tlogEntries[0]!.inclusionPromise.signedEntryTimestamp).toMatch(/^MEY/);
  });
});

describe('resolveOciTarget (for custody verify oci://...)', () => {
  const shared = sharedDir();
  it.skipIf(!shared)('returns the digest and the attestations as bundle bytes', async () => {
    const { resolveOciTarget } = await import('../src/commands/attestations.js');
    const r = await resolveOciTarget(`oci-layout:${join(shared!, 'fixtures', 'real-attestations', 'cosign-oci-layout')}`, process.cwd());
    expect(r.target.digests).toEqual({ sha256: COSIGN_IMAGE.slice(7) });
    expect(r.attestations).toHaveLength(1);
    expect(r.attestations[0]!.uri).toMatch(/@sha256:21454caf.*#0$/);
    expect(JSON.parse(Buffer.from(r.attestations[0]!.bytes).toString('utf8')).mediaType).toBe(
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
    );
  });
});

describe('custody push + attestations on a layout', () => {
  it('attesting an index can attach to the index and every platform manifest (allPlatforms)', async () => {
    const { pushBundle } = await import('../src/commands/push.js');
    const { silentLogger } = await import('@custody/core');
    const dir = await mkdtemp(join(tmpdir(), 'custody-allplat-'));
    const image = await writeTestImageLayout(dir, { platforms: ['linux/amd64', 'linux/arm64/v8'] });
    const r = await pushBundle({
      bundles: [makeBundle(image.digest)],
      image: `oci-layout:${dir}`,
      allPlatforms: true,
      cwd: dir,
      env: {},
      logger: silentLogger,
    });
    expect(r.attestations.map((a) => [a.subject, a.platform ?? 'index'])).toEqual([
      [image.digest, 'index'],
      [image.platforms[0]!.digest, 'linux/amd64'],
      [image.platforms[1]!.digest, 'linux/arm64/v8'],
    ]);
    const list = await runCli(['attestations', 'list', `oci-layout:${dir}`, '--platform', 'linux/arm64', '--format', 'json']);
    expect((JSON.parse(list.stdout) as { attestations: Array<{ subject: string }> }).attestations.map((a) => a.subject)).toEqual([
      image.platforms[1]!.digest,
    ]);
  });

  it('pushes two bundles (JSON Lines) into a layout, filters by predicate type, downloads byte-identical bundles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-cli-layout-'));
    const image = await writeTestImageLayout(join(dir, 'img'));
    const a = makeBundle(image.digest, 'https://slsa.dev/provenance/v1');
    const b = makeBundle(image.digest, 'https://cyclonedx.org/bom');
    await writeFile(join(dir, 'atts.jsonl'), `${a}\n${b}\n`);
    const push = await runCli(['push', '--bundle', 'atts.jsonl', '--image', 'oci-layout:img', '--format', 'json'], { cwd: dir });
    expect(push.code, push.stderr).toBe(0);
    expect((JSON.parse(push.stdout) as { attestations: unknown[] }).attestations).toHaveLength(2);

    const sbom = await runCli(
      ['attestations', 'list', 'oci-layout:img', '--predicate-type', 'https://cyclonedx.org/bom', '--format', 'json'],
      { cwd: dir },
    );
    const listed = (JSON.parse(sbom.stdout) as { attestations: Array<{ predicateType: string }> }).attestations;
    expect(listed.map((x) => x.predicateType)).toEqual(['https://cyclonedx.org/bom']);

    const jsonl = await runCli(['attestations', 'download', `oci-layout:img@${image.digest}`], { cwd: dir });
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = jsonl.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.stringify(JSON.parse(l))).sort()).toEqual([a.toString(), b.toString()].sort());

    const out = await runCli(['attestations', 'download', 'oci-layout:img', '--output', 'dl', '--format', 'json'], { cwd: dir });
    const files = (JSON.parse(out.stdout) as { files: string[] }).files;
    expect(files).toHaveLength(2);
    const contents = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    expect(contents.map((c) => c.trim()).sort()).toEqual([a.toString(), b.toString()].sort());
  });

  it('usage errors exit 2 with a hint', async () => {
    const r = await runCli(['attestations', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing REF/);
    const p = await runCli(['push', '--image', 'localhost:1/x:y']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/missing --bundle/);
    const bad = await runCli(['attestations', 'list', 'Not A Ref!']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/OCI_REFERENCE_INVALID/);
  });
});

const available = registryToolsAvailable();
describe.skipIf(!available)('custody attestations on a real registry (docker-registry)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('lists what custody push attached, by tag and by digest, and an image without attestations lists none', async () => {
    const image = await pushTestImage(reg, 'cli/app', 'v1');
    const dir = await mkdtemp(join(tmpdir(), 'custody-cli-reg-'));
    await writeFile(join(dir, 'b.json'), makeBundle(image.digest, 'https://spdx.dev/Document/v2.3'));
    const env = { ...process.env, DOCKER_CONFIG: dir };
    expect((await runCli(['push', '--bundle', 'b.json', '--image', `oci://${reg.host}/cli/app:v1`], { cwd: dir, env })).code).toBe(0);
    for (const ref of [`${reg.host}/cli/app:v1`, `${reg.host}/cli/app@${image.digest}`]) {
      const r = await runCli(['attestations', 'list', ref, '--format', 'json'], { env });
      const listed = (JSON.parse(r.stdout) as { attestations: Array<{ predicateType: string; sources: string[] }> }).attestations;
      expect(listed.map((x) => [x.predicateType, x.sources])).toEqual([['https://spdx.dev/Document/v2.3', ['fallback-index', 'tag']]]);
    }
    const other = await pushTestImage(reg, 'cli/empty', 'v1', { seed: 'empty' });
    const none = await runCli(['attestations', 'list', `${reg.host}/cli/empty:v1`], { env });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no attestations found\n');
    expect(other.digest).toMatch(/^sha256:/);
  });
});
