// `custody verify` over many targets in one run (issue 16): TARGET arguments with a --bundle file holding bundles for
// many subjects, a targets list (file and stdin) with per-target bundles, one failing target among passing ones,
// malformed list lines, a bundle presented for the wrong target, a tampered bundle in the middle of a batch, and the
// per-run caches: two trusted roots in one process never share cached trust or chains. Real keyless bundles from
// the local Sigstore stack (Fulcio certificate, Rekor entry, RFC 3161 timestamp), verified through the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStatement, systemClock } from '@custody/core';
import { resolveInstance, signStatement } from '@custody/sign';
import { githubWorkflowClaims, repoRoot, startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { buildTrust, parseAttestationDocument, parseTrustedRoot, verifyTarget, type VerifyReport } from '@custody/verify';
import { verifyArtifact } from '../src/commands/verify.js';
import { VerifyRunCache } from '../src/commands/verify-cache.js';
import { claimedDigests, parseTargetsList, type BatchReport } from '../src/commands/verify-batch.js';
import { runCli } from './support/cli.js';

const REPO = 'custody-test/batch';
const N = 4;

describe('custody verify: many targets in one run', () => {
  let stack: SigstoreStack;
  let dir: string;
  let rootFile: string;
  let san: string;
  let issuer: string;
  const artifacts: string[] = [];
  const bundles: string[] = [];
  const texts: string[] = [];

  beforeAll(async () => {
    stack = await startSigstoreStack();
    dir = await mkdtemp(join(tmpdir(), 'custody-verify-batch-'));
    rootFile = join(dir, 'trusted_root.json');
    await writeFile(rootFile, JSON.stringify(stack.trustedRoot));
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    for (let i = 0; i < N; i++) {
      const bytes = Buffer.from(`batch artifact ${i}\n`);
      const name = `a${i}.bin`;
      await writeFile(join(dir, name), bytes);
      const st = makeStatement(
        [{ name, digest: { sha256: createHash('sha256').update(bytes).digest('hex') } }],
        'https://slsa.dev/provenance/v1',
        { buildDefinition: { buildType: 'test' } },
      );
      const r = await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance });
      san = r.identity.san;
      issuer = r.identity.issuer;
      await writeFile(join(dir, `${name}.sigstore.json`), r.bundleJson);
      artifacts.push(name);
      bundles.push(`${name}.sigstore.json`);
      texts.push(r.bundleJson.trim());
    }
    await writeFile(join(dir, 'all.jsonl'), `${texts.join('\n')}\n`);
    await writeFile(join(dir, 'orphan.bin'), 'no attestation names me\n');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ident = () => ['--trusted-root', rootFile, '--certificate-identity', san, '--certificate-oidc-issuer', issuer];
  const cli = async (args: string[]) => {
    const r = await runCli(['verify', ...args, ...ident()], { cwd: dir, env: { PATH: process.env.PATH } });
    const json = args.includes('json') && r.stdout ? (JSON.parse(r.stdout) as BatchReport) : undefined;
    return { ...r, json };
  };
  const row = (rep: BatchReport | undefined, target: string) => rep?.targets.find((t) => t.target === target);

  it('several TARGETs share one --bundle file of bundles for many subjects: each target gets its own bundle', async () => {
    const r = await cli([...artifacts, '--bundle', 'all.jsonl', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = r.json!;
    expect(rep.schema).toBe('https://custody.dev/verify-batch-report/v1');
    expect(rep.summary).toEqual({ targets: N, passed: N, failed: 0, errors: 0 });
    expect(rep.targets.map((t) => t.target)).toEqual(artifacts);
    for (const [i, t] of rep.targets.entries()) {
      expect(t.exitCode).toBe(0);
      // Only the bundle whose subject is this target was given to it (line i+1 of the JSON Lines file).
      expect(t.report!.attestations.map((a) => a.source)).toEqual([`all.jsonl:${i + 1}`]);
      expect(t.report!.attestations[0]!.outcome).toBe('used');
    }
    expect(rep.unmatched).toEqual([]);
    // The table: one row per target and the summary.
    const table = await cli([...artifacts, '--bundle', 'all.jsonl']);
    expect(table.code).toBe(0);
    for (const a of artifacts) expect(table.stdout).toMatch(new RegExp(`^PASS +${a.replace('.', '\\.')} `, 'm'));
    expect(table.stdout).toContain(`PASSED: ${N} target(s): ${N} passed, 0 failed, 0 could not be verified.`);
  });

  it('a single TARGET keeps the single-target report', async () => {
    const r = await cli([artifacts[0]!, '--bundle', bundles[0]!, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as VerifyReport;
    expect(rep.schema).toBe('https://custody.dev/verify-report/v1');
    expect(rep.target.name).toBe(artifacts[0]);
  });

  it('--targets FILE: per-target bundles, comments and blank lines; a failing target among passing ones exits 1 naming it', async () => {
    const list = ['# release 1.2.3', '', ...artifacts.map((a, i) => `${a} ${bundles[i]}   # its own bundle`), '   ', 'orphan.bin'].join(
      '\n',
    );
    await writeFile(join(dir, 'targets.txt'), list);
    const r = await cli(['--targets', 'targets.txt', '--format', 'json']);
    expect(r.code).toBe(1);
    const rep = r.json!;
    expect(rep.summary).toEqual({ targets: N + 1, passed: N, failed: 1, errors: 0 });
    expect(rep.failed).toEqual(['orphan.bin']);
    expect(row(rep, 'orphan.bin')!.report!.checks.find((c) => c.id === 'attestations')!.status).toBe('fail');
    expect(row(rep, artifacts[1]!)!.report!.attestations.map((a) => a.source)).toEqual([bundles[1]]);
    expect(r.stderr).toContain('did not pass: orphan.bin');
    const table = await cli(['--targets', 'targets.txt']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^FAIL +orphan\.bin .*attestations: no attestation was given or found/m);
    expect(table.stdout).toContain('did not pass: orphan.bin');
  });

  it('--targets - reads the list from stdin (a real process)', () => {
    const bin = join(repoRoot, 'bin', 'custody.js');
    expect(existsSync(join(repoRoot, 'build', 'src', 'cli.js')), 'run npm run build first').toBe(true);
    const p = spawnSync(process.execPath, [bin, 'verify', '--targets', '-', ...ident(), '--format', 'json'], {
      cwd: dir,
      input: `${artifacts[2]} ${bundles[2]}\n${artifacts[3]} ${bundles[3]}\n`,
      encoding: 'utf8',
    });
    expect(p.status, p.stderr).toBe(0);
    const rep = JSON.parse(p.stdout) as BatchReport;
    expect(rep.targets.map((t) => [t.target, t.passed])).toEqual([
      [artifacts[2], true],
      [artifacts[3], true],
    ]);
  });

  it('a malformed line of the targets list: exit 2 naming the line, nothing verified', async () => {
    await writeFile(join(dir, 'bad.txt'), `${artifacts[0]} ${bundles[0]}\n\n${artifacts[1]} "unclosed\n`);
    const r = await cli(['--targets', 'bad.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.txt:3');
    expect(r.stderr).toContain('line 3 of the targets list');
    expect(r.stdout).toBe('');
    await writeFile(join(dir, 'flag.txt'), `${artifacts[0]} --bundle ${bundles[0]}\n`);
    const f = await cli(['--targets', 'flag.txt']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('line 1 of the targets list');
    expect(() => parseTargetsList('# only a comment\n\n', 'empty.txt')).toThrow(/names no target/);
    expect(parseTargetsList('"a b.bin" x.json\r\n', 'l.txt')).toEqual([{ target: 'a b.bin', bundles: ['x.json'], origin: 'l.txt:1' }]);
  });

  it('a bundle for target A presented for target B is refused (swapped subjects), B alone fails', async () => {
    await writeFile(join(dir, 'swapped.txt'), `${artifacts[0]} ${bundles[1]}\n${artifacts[1]} ${bundles[1]}\n`);
    const r = await cli(['--targets', 'swapped.txt', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.json!.failed).toEqual([artifacts[0]]);
    const a = row(r.json, artifacts[0]!)!.report!.attestations[0]!;
    expect(a.outcome).toBe('ignored');
    expect(a.checks.find((c) => c.id === 'subject')).toMatchObject({ status: 'fail' });
    // Through a shared --bundle file, A's bundle is never given to B: B has none.
    const s = await cli([artifacts[0]!, artifacts[1]!, '--bundle', bundles[1]!, '--format', 'json']);
    expect(s.code).toBe(1);
    expect(s.json!.failed).toEqual([artifacts[0]]);
    expect(row(s.json, artifacts[0]!)!.report!.attestations).toEqual([]);
  });

  it('a tampered bundle in the middle of a batch fails only its target', async () => {
    const lines = [...texts];
    const victim = JSON.parse(lines[2]!);
    const sig = Buffer.from(victim.dsseEnvelope.signatures[0].sig, 'base64');
    sig[sig.length - 1] ^= 1;
    victim.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    lines[2] = JSON.stringify(victim);
    await writeFile(join(dir, 'tampered.jsonl'), `${lines.join('\n')}\n`);
    const r = await cli([...artifacts, '--bundle', 'tampered.jsonl', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.json!.failed).toEqual([artifacts[2]]);
    expect(r.json!.summary).toEqual({ targets: N, passed: N - 1, failed: 1, errors: 0 });
    const bad = row(r.json, artifacts[2]!)!.report!.attestations[0]!;
    expect(bad.checks.find((c) => c.id === 'signature.value')?.status).toBe('fail');
    expect(r.stderr).toContain(`did not pass: ${artifacts[2]}`);
  });

  it('an unreadable target is a row with its error (exit 2); the others are still verified', async () => {
    const r = await cli([artifacts[0]!, 'missing.bin', '--bundle', 'all.jsonl', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(row(r.json, 'missing.bin')!.error!.code).toBe('VERIFY_TARGET_UNREADABLE');
    expect(row(r.json, artifacts[0]!)!.passed).toBe(true);
    expect(r.json!.unmatched.length).toBe(N - 1);
  });

  it('routing reads the claimed subjects of statements and the digest of message signatures (unverified)', () => {
    const hex = 'ab'.repeat(32);
    const payload = Buffer.from(JSON.stringify({ subject: [{ name: 'x', digest: { SHA256: hex.toUpperCase() } }] })).toString('base64');
    expect(claimedDigests({ source: 's', size: 1, json: { dsseEnvelope: { payload } } })).toEqual([{ sha256: hex }]);
    const digest = Buffer.from(hex, 'hex').toString('base64');
    expect(
      claimedDigests({ source: 's', size: 1, json: { messageSignature: { messageDigest: { algorithm: 'SHA2_384', digest } } } }),
    ).toEqual([{ sha384: hex }]);
    expect(claimedDigests({ source: 's', size: 1, json: { dsseEnvelope: { payload: 'bm90IGpzb24=' } } })).toBeUndefined();
    expect(claimedDigests({ source: 's', size: 1, json: undefined, unreadable: 'too large' })).toBeUndefined();
  });

  it('--vsa takes one target', async () => {
    const r = await cli([artifacts[0]!, artifacts[1]!, '--bundle', 'all.jsonl', '--vsa', 'vsa.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--vsa');
  });

  it('two trusted roots in one process never share cached trust or chains', async () => {
    // Root B: the same certificates as A (same bytes), but its Fulcio CA is trusted only in 2000: nothing signed now
    // chains to it. A cache keyed by certificate bytes alone, or shared across roots, would let B accept A's verdict.
    const b = structuredClone(stack.trustedRoot) as { certificateAuthorities: Array<{ validFor: unknown }> };
    for (const ca of b.certificateAuthorities) ca.validFor = { start: '2000-01-01T00:00:00Z', end: '2000-12-31T00:00:00Z' };
    // One path, rewritten between runs: the cache must key on the bytes read, not on the name (nor reuse A's chains).
    const rootPath = join(dir, 'changing_root.json');
    const cache = new VerifyRunCache();
    const run = async (root: unknown) => {
      await writeFile(rootPath, JSON.stringify(root));
      return verifyArtifact({
        target: artifacts[0]!,
        bundles: [bundles[0]!],
        trustedRoot: rootPath,
        identity: { san, issuer },
        cwd: dir,
        cache,
      });
    };
    expect((await run(stack.trustedRoot)).report.passed).toBe(true);
    const withB = await run(b);
    expect(withB.report.passed).toBe(false);
    expect(withB.report.attestations[0]!.checks.find((c) => c.id === 'signature.certificate')?.status).toBe('fail');
    expect((await run(stack.trustedRoot)).report.passed).toBe(true);
    expect(cache.trustCount).toBe(2);

    // The same in @custody/verify: each Trust has its own certificate and chain cache, warm or not.
    const trustA = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'A'), source: 'A' });
    const trustB = buildTrust({ root: parseTrustedRoot(b, 'B'), source: 'B' });
    expect(trustA.cache).not.toBe(trustB.cache);
    const digest = createHash('sha256').update(`batch artifact 0\n`).digest('hex');
    const verify = (trust: typeof trustA) =>
      verifyTarget({ name: 'a0', digests: { sha256: digest } }, parseAttestationDocument(texts[0]!, 'b.json'), {
        trust,
        clock: systemClock,
        identity: { san, issuer },
      });
    expect(verify(trustA).passed).toBe(true);
    expect(verify(trustA).passed).toBe(true);
    expect(trustA.cache.hits).toBeGreaterThan(0);
    expect(trustB.cache.links.size).toBe(0);
    expect(verify(trustB).passed).toBe(false);
    expect(verify(trustA).passed).toBe(true);
  });
});
