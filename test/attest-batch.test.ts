// End-to-end: `custody attest --batch` (in-process CLI) against the local Sigstore stack (real HTTP Fulcio / Rekor /
// TSA on @sigstore/mock, a verifying OIDC issuer). Every bundle a batch writes is checked with `custody verify`.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@custody/core';
import { startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { attestBatch } from '../src/commands/attest-batch.js';
import { runCli, type CliRun } from './support/cli.js';

const CDX = (i: number) => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', name: `dep-${i}`, version: '1.0.0' }],
});
const TEST_TYPE = 'https://example.com/test-result/v1';

describe('custody attest --batch', () => {
  let stack: SigstoreStack;
  let dir: string;

  beforeAll(async () => {
    stack = await startSigstoreStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    stack.faults.reset();
    dir = await mkdtemp(join(tmpdir(), 'custody-attest-batch-'));
    for (let i = 0; i < 12; i++) {
      await writeFile(join(dir, `a${i}.tgz`), `artifact ${i}\n`);
      await writeFile(join(dir, `a${i}.cdx.json`), JSON.stringify(CDX(i)));
    }
    await writeFile(join(dir, 'results.json'), JSON.stringify({ passed: 42, failed: 0 }));
  });

  const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CUSTODY_SIGSTORE_BACKOFF_MS: '1',
    CUSTODY_SIGSTORE_TIMEOUT_MS: '500',
    ...extra,
  });
  const cli = (args: string[], env = baseEnv()): Promise<CliRun> => runCli(args, { cwd: dir, env });
  const writeBatch = async (lines: Array<Record<string, unknown> | string>, name = 'batch.jsonl') => {
    await writeFile(join(dir, name), `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
    return name;
  };
  const bundlesIn = async (sub = '.') =>
    (await readdir(join(dir, sub), { recursive: true })).filter((f) => String(f).endsWith('.sigstore.json')).sort();
  const makeKey = async () => {
    const gen = await cli(['keys', 'generate', '--output-key', 'k.pem', '--output-pub', 'k.pub']);
    expect(gen.code, gen.stderr).toBe(0);
  };

  it('with a key: N statements in one run, each its own bundle, each verifies with custody verify', async () => {
    await makeKey();
    const n = 10;
    const lines: Array<Record<string, unknown> | string> = ['# SBOMs of the release, then the test results'];
    for (let i = 0; i < n; i++) lines.push({ subject: [`a${i}.tgz`], sbom: `a${i}.cdx.json` });
    lines.push('');
    lines.push({
      subject: ['a0.tgz', 'a1.tgz'],
      'predicate-type': TEST_TYPE,
      predicate: 'results.json',
      bundle: 'out/tests.sigstore.json',
    });
    lines.push({ subject: 'a2.tgz', 'predicate-type': TEST_TYPE, predicate: { passed: 7 }, bundle: 'out/a2-tests.sigstore.json' });
    await writeBatch(lines);
    const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.statements).toHaveLength(n + 2);
    expect(result.certificates).toBe(0);
    expect(result.keyId).toMatch(/^[0-9a-f]{64}$/);
    // The line numbers count comments and blank lines: they are the file's own.
    expect(result.statements.map((s: { line: number }) => s.line)).toEqual([...Array.from({ length: n }, (_, i) => i + 2), n + 3, n + 4]);
    expect(await bundlesIn()).toEqual(
      [...Array.from({ length: n }, (_, i) => `a${i}.tgz.sigstore.json`), 'out/a2-tests.sigstore.json', 'out/tests.sigstore.json'].sort(),
    );
    for (let i = 0; i < n; i++) {
      const v = await cli([
        'verify',
        `a${i}.tgz`,
        '--bundle',
        `a${i}.tgz.sigstore.json`,
        '--key',
        'k.pub',
        '--predicate-type',
        'https://cyclonedx.org/bom',
      ]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      const bundle = JSON.parse(await readFile(join(dir, `a${i}.tgz.sigstore.json`), 'utf8'));
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
      expect(statement.predicate).toEqual(CDX(i));
    }
    for (const [target, bundle] of [
      ['a1.tgz', 'out/tests.sigstore.json'],
      ['a2.tgz', 'out/a2-tests.sigstore.json'],
    ]) {
      const v = await cli(['verify', target!, '--bundle', bundle!, '--key', 'k.pub', '--predicate-type', TEST_TYPE]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    }
    // Another artifact is not a subject of a statement about a1: the bundles are bound to their own subjects.
    const wrong = await cli([
      'verify',
      'a3.tgz',
      '--bundle',
      'a1.tgz.sigstore.json',
      '--key',
      'k.pub',
      '--predicate-type',
      'https://cyclonedx.org/bom',
    ]);
    expect(wrong.code).toBe(1);
  });

  it('keyless: one identity token, one Fulcio certificate for the whole batch; a log entry and a timestamp per bundle', async () => {
    const n = 6;
    const token = stack.issuer.mint({ sub: 'https://example.test/release' });
    await writeBatch(Array.from({ length: n }, (_, i) => ({ subject: `a${i}.tgz`, sbom: `a${i}.cdx.json` })));
    const run = await cli(
      ['attest', '--batch', 'batch.jsonl', '--signing-config', stack.signingConfigPath],
      baseEnv({ SIGSTORE_ID_TOKEN: token }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(stack.faults.count('fulcio', 'POST')).toBe(1);
    expect(stack.faults.count('rekor', 'POST')).toBe(n);
    expect(stack.faults.count('tsa', 'POST')).toBe(n);
    expect(run.stdout).toMatch(/certificates:\s+1 \(Fulcio/);
    expect(run.stdout).toMatch(/identity:\s+https:\/\/example\.test\/release/);
    expect(run.stdout).not.toContain(token);
    expect(run.stderr).not.toContain(token);
    const certs = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = await cli([
        'verify',
        `a${i}.tgz`,
        '--bundle',
        `a${i}.tgz.sigstore.json`,
        '--trusted-root',
        stack.trustedRootPath,
        '--certificate-identity',
        'https://example.test/release',
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--predicate-type',
        'https://cyclonedx.org/bom',
      ]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      const bundle = JSON.parse(await readFile(join(dir, `a${i}.tgz.sigstore.json`), 'utf8'));
      certs.add(bundle.verificationMaterial.certificate.rawBytes);
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
      expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
    }
    expect(certs.size).toBe(1);
  });

  it('a bad line: exit 2 naming the line (every bad line, at once), nothing signed or written', async () => {
    await makeKey();
    await writeBatch([
      { subject: 'a0.tgz', sbom: 'a0.cdx.json' },
      '{"subject": "a1.tgz", "sbom": ',
      { subject: 'a2.tgz', sbom: 'a2.cdx.json' },
      { subjects: ['a3.tgz'], sbom: 'a3.cdx.json' },
    ]);
    const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/batch line 2: is not JSON/);
    expect(run.stderr).toMatch(/batch line 4: has an unknown key "subjects"/);
    expect(run.stderr).toContain('[ATTEST_BATCH_LINE_INVALID]');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await bundlesIn()).toEqual([]);

    // One predicate per line; a missing predicate file is found before anything is signed.
    await writeBatch([{ subject: 'a0.tgz', sbom: 'a0.cdx.json', provenance: true }]);
    const two = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/batch line 1: gives "provenance" and "sbom": one predicate per line/);
    await writeBatch([
      { subject: 'a0.tgz', sbom: 'a0.cdx.json' },
      { subject: 'a1.tgz', sbom: 'a1.cdx.json' },
      { subject: 'a2.tgz', sbom: 'missing.cdx.json' },
    ]);
    const missing = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/batch line 3: --sbom missing\.cdx\.json cannot be read/);
    expect(missing.stderr).toContain('[ATTEST_INPUT_NOT_FOUND]');
    expect(await bundlesIn()).toEqual([]);

    const empty = await cli(['attest', '--batch', await writeBatch(['# nothing yet', '']), '--key', 'k.pem']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('[ATTEST_BATCH_EMPTY]');
  });

  it('two lines writing one bundle are refused (default names, explicit names, names differing in case, over an input)', async () => {
    await makeKey();
    const cases: Array<[Array<Record<string, unknown>>, RegExp]> = [
      [
        [
          { subject: 'a0.tgz', sbom: 'a0.cdx.json' },
          { subject: 'a0.tgz', 'predicate-type': TEST_TYPE, predicate: 'results.json' },
        ],
        /batch line 2 would write its bundle to .*a0\.tgz\.sigstore\.json, which batch line 1 writes too \(the default name/,
      ],
      [
        [
          { subject: 'a0.tgz', sbom: 'a0.cdx.json', bundle: 'out/x.sigstore.json' },
          { subject: 'a1.tgz', sbom: 'a1.cdx.json', bundle: 'out/X.sigstore.json' },
        ],
        /batch line 2 would write its bundle to .*out\/X\.sigstore\.json, which batch line 1 writes too/,
      ],
      [
        [
          { subject: 'a0.tgz', sbom: 'a0.cdx.json', bundle: 'a1.cdx.json' },
          { subject: 'a1.tgz', sbom: 'a1.cdx.json' },
        ],
        /over an input of batch line 2/,
      ],
      [[{ subject: 'a0.tgz', sbom: 'a0.cdx.json', bundle: 'batch.jsonl' }], /over the batch file/],
    ];
    for (const [lines, message] of cases) {
      await writeBatch(lines);
      const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('[ATTEST_BATCH_DUPLICATE_BUNDLE]');
      expect(await bundlesIn()).toEqual([]);
    }
    expect(JSON.parse(await readFile(join(dir, 'a1.cdx.json'), 'utf8'))).toEqual(CDX(1));
  });

  it('a failure mid-batch stops it: the bundles already written stay and verify; the error names the line and them', async () => {
    await makeKey();
    // out/blocked is a file, so the bundle of line 5 cannot be written under it: the lines before it are done.
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'blocked'), 'a file, not a directory\n');
    const lines = Array.from({ length: 8 }, (_, i) => ({
      subject: `a${i}.tgz`,
      sbom: `a${i}.cdx.json`,
      bundle: `out/a${i}.sigstore.json`,
    }));
    lines[4]!.bundle = 'out/blocked/a4.sigstore.json';
    await writeBatch(lines);
    const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/batch line 5 failed: cannot write .*a4\.sigstore\.json/);
    expect(run.stderr).toContain('[OUTPUT_WRITE_FAILED]');
    const written = (await bundlesIn('out')).map((f) => Number(/a(\d+)/.exec(f)![1]));
    // Lines 1-4 were finished before line 5; a line after it may have been in flight (and then finished).
    expect(written.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(written).not.toContain(4);
    const said = /bundles were written \(lines ([\d, ]+)\)/.exec(run.stderr)![1]!.split(', ').map(Number);
    expect(said).toEqual(written.map((i) => i + 1));
    expect(run.stderr).toMatch(/run the batch again/);
    for (const i of written) {
      const v = await cli([
        'verify',
        `a${i}.tgz`,
        '--bundle',
        `out/a${i}.sigstore.json`,
        '--key',
        'k.pub',
        '--predicate-type',
        'https://cyclonedx.org/bom',
      ]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    }
    // No temporary file is left next to the bundles.
    expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keyless: Fulcio refusing the token stops the batch before any bundle is written (exit 2, names Fulcio)', async () => {
    stack.faults.inject('fulcio', { kind: 'status', status: 401 }, 10);
    const token = stack.issuer.mint({ sub: 'https://example.test/release' });
    await writeBatch(Array.from({ length: 3 }, (_, i) => ({ subject: `a${i}.tgz`, sbom: `a${i}.cdx.json` })));
    const run = await cli(
      ['attest', '--batch', 'batch.jsonl', '--signing-config', stack.signingConfigPath],
      baseEnv({ SIGSTORE_ID_TOKEN: token }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(stack.fulcioUrl);
    expect(run.stderr).toMatch(/no bundle was written/);
    expect(run.stderr).not.toContain(token);
    expect(await bundlesIn()).toEqual([]);
  });

  it('per-statement flags and the stores are refused with --batch; the batch comes from stdin with -', async () => {
    await makeKey();
    await writeBatch([{ subject: 'a0.tgz', sbom: 'a0.cdx.json' }]);
    for (const [flags, re] of [
      [['--subject', 'a1.tgz'], /--subject describes one statement; with --batch, each line of the batch gives it/],
      [['--bundle', 'x.sigstore.json'], /--bundle describes one statement/],
      [['--provenance'], /--provenance describes one statement/],
      [['--store', 'github'], /--store is not supported with --batch yet/],
    ] as const) {
      const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.pem', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(re);
    }
    expect(await bundlesIn()).toEqual([]);
    // `-` reads stdin (the CLI face hands the command stdin's text).
    const result = await attestBatch({
      batchFile: '-',
      stdinText: async () => `${JSON.stringify({ subject: 'a5.tgz', sbom: 'a5.cdx.json' })}\n`,
      keyFile: 'k.pem',
      cwd: dir,
      env: baseEnv(),
      logger: silentLogger,
    });
    expect(result.statements.map((s) => s.bundlePath)).toEqual([join(dir, 'a5.tgz.sigstore.json')]);
    expect(existsSync(join(dir, 'a5.tgz.sigstore.json'))).toBe(true);
  });
});
