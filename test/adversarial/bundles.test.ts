// The adversarial suite for attestation inputs to `custody verify`: hostile bundles and SBOM attestations (deep
// nesting, huge documents, garbage JSON, forged statements, device files). Every case runs the built CLI as a real
// process (test/support/measure.ts: `npm run build` first) and, for the resource-limit cases, measures its peak RSS
// and wall time: under 300 MB and 30 s each. Bundles are signed for real by packages/sign (key-based, so no service
// is needed); the hostile ones are written next to a valid provenance, which must still pass the gate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, type Statement } from '@custody/core';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import type { VerifyReport } from '@custody/verify';
import { attachBundle, attestationTag, buildBundleArtifact, EMPTY_BLOB, MEDIA_OCI_MANIFEST, openImage, type OciStore } from '@custody/oci';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry, type TestImage } from '@custody/testing';
import { digestBytes } from '@custody/core';
import { CLI_BIN, runCliMeasured, type MeasuredRun } from '../support/measure.js';

const ARTIFACT = createHash('sha256').update('the artifact').digest('hex');
const MAX_RSS_MIB = 300;
const MAX_WALL_MS = 30_000;
type Json = Record<string, any>;

/** The figures of every measured case, printed at the end (they go into the report of the change). */
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const figures: Array<{ name: string; code: number | null; rssMiB: number | undefined; wallMs: number }> = [];

afterAll(() => {
  console.log(
    `adversarial figures (limit ${MAX_RSS_MIB} MiB, ${MAX_WALL_MS / 1000} s):\n${figures.map((f) => `  ${f.name}: exit ${f.code}, peak RSS ${f.rssMiB?.toFixed(1)} MiB, ${(f.wallMs / 1000).toFixed(2)} s`).join('\n')}`,
  );
});

describe('adversarial attestation inputs (built CLI, measured)', () => {
  let dir: string;
  let valid: string; // a key-signed provenance for ARTIFACT
  let signed: (st: Statement | string) => Promise<Json>;
  const path = (n: string) => join(dir, n);

  beforeAll(async () => {
    if (!existsSync(join(CLI_BIN, '..', '..', 'build', 'src', 'cli.js')))
      throw new Error('the CLI is not built: run `npm run build` before this suite');
    dir = await mkdtemp(join(tmpdir(), 'custody-adversarial-'));
    const kp = generateSigningKey();
    await writeFile(path('k.pub'), kp.publicKeyPem);
    const key = loadSigningKey(kp.privateKeyPem);
    signed = async (st) =>
      JSON.parse((await signStatement(st as Statement, { key, instance: resolveInstance({ keyBased: true }) })).bundleJson) as Json;
    valid = JSON.stringify(
      await signed(
        makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_SLSA_PROVENANCE_V1, {
          buildDefinition: { buildType: 'x' },
        }),
      ),
    );
    await writeFile(path('valid.json'), valid);
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** `custody verify sha256:ARTIFACT --key k.pub --format json ...`, measured and held to the bounds. */
  const measured = async (name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<MeasuredRun & { report?: VerifyReport }> => {
    const r = await runCliMeasured(['verify', `sha256:${ARTIFACT}`, '--key', 'k.pub', '--format', 'json', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      timeoutMs: 60_000,
    });
    figures.push({ name, code: r.code, rssMiB: r.maxRssMiB, wallMs: r.wallMs });
    expect(r.signal, `${name} was killed: ${r.stderr}`).toBeNull();
    expect(r.stderr).not.toMatch(/internal error|RangeError|Maximum call stack| {4}at /);
    expect(r.maxRssMiB, `${name}: peak RSS`).toBeDefined();
    expect(r.maxRssMiB!, `${name}: peak RSS ${r.maxRssMiB} MiB`).toBeLessThan(MAX_RSS_MIB);
    expect(r.wallMs, `${name}: wall time`).toBeLessThan(MAX_WALL_MS);
    return { ...r, ...(r.code !== 2 && r.stdout ? { report: JSON.parse(r.stdout) as VerifyReport } : {}) };
  };

  it('deep nesting: a bundle file of a million nested arrays cannot run (exit 2, LIMIT_JSON_DEPTH), no stack overflow', async () => {
    await writeFile(path('deep.json'), deepArray(1_000_000));
    const r = await measured('deep nesting (1,000,000 levels, --bundle)', ['--bundle', 'valid.json', '--bundle', 'deep.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[LIMIT_JSON_DEPTH]');
    expect(r.stderr).toContain('deep.json');
  });

  it('deep nesting in one line of JSON Lines: the line is named', async () => {
    await writeFile(path('deep.jsonl'), `${valid}\n{"mediaType":${deepArray(100_000)}}\n`);
    const r = await measured('deep nesting (JSON Lines, line 2)', ['--bundle', 'deep.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[LIMIT_JSON_DEPTH]');
    expect(r.stderr).toContain('deep.jsonl:2');
  });

  it('deep nesting inside a validly signed statement: that attestation is ignored (LIMIT_JSON_DEPTH), the valid one passes', async () => {
    // Signed for real by the trusted key: the statement verifies but nests past the limit (256), so it is never
    // handed to the policy; a CEL rule is given to prove it does not run on it.
    let predicate: unknown = { leaf: true };
    for (let i = 0; i < DEFAULT_LIMITS.jsonDepth + 20; i++) predicate = { p: predicate };
    await writeFile(
      path('deep-statement.json'),
      JSON.stringify(await signed(makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_SLSA_PROVENANCE_V1, predicate))),
    );
    await writeFile(path('policy.yaml'), 'expressions:\n  - name: build type\n    expr: predicate.buildDefinition.buildType == "x"\n');
    const r = await measured('deep statement (signed, 276 levels)', [
      '--bundle',
      'valid.json',
      '--bundle',
      'deep-statement.json',
      '--policy',
      'policy.yaml',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.report!.ignored).toEqual([
      expect.objectContaining({ source: 'deep-statement.json', reason: expect.stringContaining('statement: LIMIT_JSON_DEPTH') }),
    ]);
    const ignored = r.report!.attestations.find((a) => a.source === 'deep-statement.json')!;
    expect(ignored.checks.find((c) => c.id === 'policy')).toMatchObject({ status: 'skip' });
    expect(ignored.checks.some((c) => c.id.startsWith('policy.cel'))).toBe(false);
  });

  it('a file over the size limit is refused before it is read (exit 2, LIMIT_BUNDLE_BYTES), however large', async () => {
    // A sparse 1 GiB file: if it were read, RSS would show it.
    const fh = await open(path('huge.json'), 'w');
    await fh.truncate(1024 ** 3);
    await fh.close();
    const r = await measured('oversized file (1 GiB sparse, --bundle)', ['--bundle', 'valid.json', '--bundle', 'huge.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[LIMIT_BUNDLE_BYTES]');
    expect(r.stderr).toContain('CUSTODY_MAX_BUNDLE_BYTES');
    expect(r.maxRssMiB!).toBeLessThan(150);
  });

  it('a huge forged SBOM attestation (a 60 MiB payload) beside the valid provenance: ignored, never parsed, the run passes', async () => {
    const sbom = await signed(
      makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', components: [] }),
    );
    const components = Array.from({ length: 1 }, () => ({
      type: 'library',
      name: 'x'.repeat(45 * 1024 * 1024),
      purl: 'pkg:npm/evil@1.0.0',
    }));
    sbom.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(
        makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', components }),
      ),
    ).toString('base64');
    await writeFile(path('huge-sbom.json'), JSON.stringify(sbom));
    await writeFile(path('sbom-policy.yaml'), 'sbom:\n  deniedPurls: ["pkg:npm/evil@*"]\n');
    const r = await measured('huge forged SBOM (60 MiB bundle)', [
      '--bundle',
      'valid.json',
      '--bundle',
      'huge-sbom.json',
      '--policy',
      'sbom-policy.yaml',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report!.ignored).toEqual([
      expect.objectContaining({ source: 'huge-sbom.json', reason: expect.stringContaining('signature.value') }),
    ]);
    expect(r.report!.attestations.find((a) => a.source === 'huge-sbom.json')!.checks.find((c) => c.id === 'statement')).toMatchObject({
      status: 'skip',
      reason: expect.stringContaining('not read'),
    });
  });

  it('a huge structure (millions of JSON values under the size limit) cannot run (exit 2, VERIFY_BUNDLE_TOO_COMPLEX)', async () => {
    // 60 MiB of `0,`: thirty million array elements, which JSON.parse would turn into gigabytes of heap.
    const n = 30 * 1024 * 1024;
    const body = Buffer.alloc(2 * n + 64, '0,');
    const head = Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","x":[');
    const text = Buffer.concat([head, body.subarray(0, 2 * n - 1), Buffer.from(']}')]);
    await writeFile(path('values.json'), text);
    const r = await measured('30 million JSON values (60 MiB, --bundle)', ['--bundle', 'valid.json', '--bundle', 'values.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[VERIFY_BUNDLE_TOO_COMPLEX]');
  });

  it('garbage JSON: not JSON at all (exit 2, VERIFY_BUNDLE_MALFORMED, file named), or JSON that is no bundle (ignored)', async () => {
    const garbage = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    await writeFile(path('garbage.bin'), garbage);
    const r = await measured('garbage bytes (8 MiB, --bundle)', ['--bundle', 'valid.json', '--bundle', 'garbage.bin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[VERIFY_BUNDLE_MALFORMED]');
    expect(r.stderr).toContain('garbage.bin');
    // JSON, but no bundle: 10,000 JSON Lines of wrong objects next to the valid one.
    await writeFile(
      path('notbundles.jsonl'),
      `${valid}\n${Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ mediaType: `nope/${i}`, dsseEnvelope: { payload: 'AAAA' } })).join('\n')}\n`,
    );
    const lines = await measured('10,000 non-bundle JSON Lines', ['--bundle', 'notbundles.jsonl']);
    expect(lines.code).toBe(0);
    expect(lines.report!.ignored).toHaveLength(10_000);
    expect(lines.report!.ignored[0]!.reason).toMatch(/^bundle: unsupported bundle media type/);
  });

  it('forged statements: a payload swapped under a valid signature is ignored; alone, the run FAILS naming why', async () => {
    const forged = JSON.parse(valid) as Json;
    forged.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(
        makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_SLSA_PROVENANCE_V1, {
          buildDefinition: { buildType: 'forged' },
        }),
      ),
    ).toString('base64');
    await writeFile(path('forged.json'), JSON.stringify(forged));
    const beside = await measured('forged statement beside the valid one', ['--bundle', 'forged.json', '--bundle', 'valid.json']);
    expect(beside.code).toBe(0);
    expect(beside.report!.ignored.map((i) => i.source)).toEqual(['forged.json']);
    const alone = await measured('forged statement alone', ['--bundle', 'forged.json']);
    expect(alone.code).toBe(1);
    expect(alone.report!.checks.find((c) => c.id === `required:${PREDICATE_SLSA_PROVENANCE_V1}`)!.reason).toMatch(
      /^no attestation of type https:\/\/slsa\.dev\/provenance\/v1 verified: 1 ignored \(forged\.json: signature\.value: the signature does not verify with --key k\.pub \(key id [0-9a-f]{64}\), the key the bundle names/,
    );
  });

  it('device files and FIFOs are never read as bundles (exit 2, no hang)', async () => {
    const r = await measured('/dev/zero as --bundle', ['--bundle', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[VERIFY_FILE_UNREADABLE]');
    expect(r.stderr).toContain('not a regular file');
    if (spawnSync('mkfifo', [path('fifo')]).status === 0) {
      const f = await measured('a FIFO as --bundle', ['--bundle', 'fifo']);
      expect(f.code).toBe(2);
      expect(f.stderr).toContain('not a regular file');
    }
  });
});

// The same hostile content stored next to an image in Debian's real docker-registry (packages/testing startRegistry):
// pushed by whoever can write to the repository, it must neither stop the gate nor blow its memory. Each blob is
// fetched (bounded by the size its manifest declares), read and verified one at a time; the ones over a limit are
// ignored with the limit's code.
describe.runIf(registryToolsAvailable())('adversarial attestations in a real registry (built CLI, measured)', () => {
  let registry: StartedRegistry;
  let image: TestImage;
  let store: OciStore;
  let dir: string;

  /** Stores `bytes` as a bundle artifact for the image the way Custody's fallback writes one, without validation. */
  const attachRaw = async (bytes: Buffer) => {
    const info = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      content: 'dsse-envelope' as const,
      subjectDigests: [],
      digest: `sha256:${digestBytes(bytes)}`,
      size: bytes.length,
    };
    const artifact = buildBundleArtifact(info, { mediaType: image.mediaType, digest: image.digest, size: image.size }, new Date());
    await store.putBlob(EMPTY_BLOB);
    await store.putBlob(bytes);
    await store.putManifest(artifact.bytes, MEDIA_OCI_MANIFEST, attestationTag(image.digest, info.digest, artifact.digest));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-adversarial-registry-'));
    registry = await startRegistry();
    image = await pushTestImage(registry, 'demo/app', 'v1');
    store = (await openImage(`oci://${registry.host}/demo/app:v1`)).store;
    const kp = generateSigningKey();
    await writeFile(join(dir, 'k.pub'), kp.publicKeyPem);
    const key = loadSigningKey(kp.privateKeyPem);
    const sign = async (st: Statement) => (await signStatement(st, { key, instance: resolveInstance({ keyBased: true }) })).bundleJson;
    const subject = [{ name: 'demo/app', digest: { sha256: image.digest.slice(7) } }];
    await attachBundle(
      store,
      { mediaType: image.mediaType, digest: image.digest, size: image.size },
      Buffer.from(await sign(makeStatement(subject, PREDICATE_SLSA_PROVENANCE_V1, { buildDefinition: { buildType: 'x' } }))),
      { mode: 'fallback' },
    );
    // Deep nesting, garbage, tens of millions of values, a 60 MiB forged SBOM, and a blob over the size limit.
    await attachRaw(Buffer.from(`{"mediaType":${deepArray(1_000_000)}}`));
    await attachRaw(Buffer.from('\u0000\u0001 not json at all {{{'));
    const n = 30 * 1024 * 1024;
    await attachRaw(
      Buffer.concat([
        Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","x":['),
        Buffer.alloc(2 * n - 1, '0,'),
        Buffer.from(']}'),
      ]),
    );
    const sbom = JSON.parse(await sign(makeStatement(subject, PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', components: [] }))) as Json;
    sbom.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(
        makeStatement(subject, PREDICATE_CYCLONEDX, {
          bomFormat: 'CycloneDX',
          components: [{ type: 'library', name: 'x'.repeat(45 * 1024 * 1024) }],
        }),
      ),
    ).toString('base64');
    await attachRaw(Buffer.from(JSON.stringify(sbom)));
    await attachRaw(Buffer.alloc(DEFAULT_LIMITS.bundleBytes + 1, 0x20));
  }, 180_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the valid provenance passes (exit 0); the five hostile blobs are ignored, each with its reason, within the bounds', async () => {
    const r = await runCliMeasured(['verify', `oci://${registry.host}/demo/app@${image.digest}`, '--key', 'k.pub', '--format', 'json'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
      timeoutMs: 60_000,
    });
    figures.push({
      name: 'registry: valid provenance + 5 hostile blobs (deep, garbage, 30M values, 60 MiB forged SBOM, 64 MiB+1)',
      code: r.code,
      rssMiB: r.maxRssMiB,
      wallMs: r.wallMs,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.maxRssMiB!).toBeLessThan(MAX_RSS_MIB);
    expect(r.wallMs).toBeLessThan(MAX_WALL_MS);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations.filter((a) => a.outcome === 'used').map((a) => a.predicateType)).toEqual([PREDICATE_SLSA_PROVENANCE_V1]);
    const reasons = report.ignored.map((i) => i.reason).sort();
    expect(reasons).toHaveLength(5);
    for (const expected of [
      /LIMIT_JSON_DEPTH/,
      /VERIFY_BUNDLE_MALFORMED/,
      /VERIFY_BUNDLE_TOO_COMPLEX/,
      /LIMIT_BUNDLE_BYTES/,
      /signature\.value/,
    ]) {
      expect(
        reasons.filter((x) => expected.test(x)),
        String(expected),
      ).toHaveLength(1);
    }
  });
});
