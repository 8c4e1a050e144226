// Must-show 4: the committed actions/verify/dist bundle, run the way a GitHub runner runs it (node dist/index.js with
// INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), over real npm attestations: a passing and a
// failing policy, with the summary table, the outputs and the job result checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runActionDist, sharedDir, sharedNotice } from '@custody/testing';
import type { VerifyReport } from '@custody/verify';

const dist = join(repoRoot, 'actions', 'verify', 'dist', 'index.js');
const shared = sharedDir();
const npmDir = shared ? join(shared, 'fixtures', 'real-attestations', 'npm-provenance') : '';

describe.skipIf(!shared || !existsSync(dist))('actions/verify (dist, runner conventions)', () => {
  if (!shared) sharedNotice('the verify action tests');
  let ws: string;
  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'custody-verify-action-'));
    await copyFile(join(npmDir, 'gundam-visor-cli-v1-tag.tgz'), join(ws, 'pkg.tgz'));
    await copyFile(join(npmDir, 'gundam-visor-cli-v1-tag.tgz.json'), join(ws, 'pkg.tgz.json'));
    await writeFile(
      join(ws, 'pass.yaml'),
      'identities:\n  - repo: ramonpetgrave64/gundam-visor\n    denySelfHostedRunners: true\npredicates:\n  https://slsa.dev/provenance/v1:\n    expressions:\n      - name: tag build\n        expr: predicate.buildDefinition.externalParameters.workflow.ref.startsWith("refs/tags/v")\n',
    );
    await writeFile(
      join(ws, 'fail.yaml'),
      'identities:\n  - repo: ramonpetgrave64/gundam-visor\npredicates:\n  https://slsa.dev/provenance/v1:\n    expressions: [\'predicate.buildDefinition.externalParameters.workflow.ref == "refs/heads/main"\']\n',
    );
  });
  afterAll(async () => rm(ws, { recursive: true, force: true }));

  it('passing policy: step succeeds, outputs the report, summary has the checks table', async () => {
    const r = await runActionDist(
      dist,
      {
        'subject-path': 'pkg.tgz',
        'bundle-path': 'pkg.tgz.json',
        policy: 'pass.yaml',
        'report-path': 'report.json',
        'vsa-path': 'vsa.json',
      },
      { cwd: ws },
    );
    expect(r.code).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.outputs['report-path']).toBe(join(ws, 'report.json'));
    const report = JSON.parse(await readFile(join(ws, 'report.json'), 'utf8')) as VerifyReport;
    expect(report.passed).toBe(true);
    expect(r.summary).toContain('Custody verify: ✅ passed');
    expect(r.summary).toContain('| Attestation | Check | Result | Reason |');
    expect(r.summary).toMatch(/`policy\.cel:tag build` \| ✅ pass/);
    expect(r.summary).toMatch(/`identity\.runner` \| ✅ pass/);
    expect(JSON.parse(await readFile(join(ws, 'vsa.json'), 'utf8')).predicate.verificationResult).toBe('PASSED');
  });

  it('failing policy: step fails (exit 1) naming the check; the report and summary are still written', async () => {
    const r = await runActionDist(dist, { 'subject-path': 'pkg.tgz', 'bundle-path': 'pkg.tgz.json', policy: 'fail.yaml' }, { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*VERIFY_FAILED/);
    // The failed CEL rule is named: as the first failed check (bundles built before the gate semantics), or inside
    // the reason of the failed required:… check, which now comes first ("… verified: 1 ignored (…: policy.cel:…").
    expect(r.stdout).toMatch(
      /::error::verification of pkg\.tgz failed: \d check\(s\) failed: .*policy\.cel:predicates\["https:\/\/slsa\.dev\/provenance\/v1"\]\.expressions\[0\]/,
    );
    expect(r.outputs.passed).toBe('false');
    expect(existsSync(r.outputs['report-path']!)).toBe(true);
    expect(r.summary).toContain('Custody verify: ❌ failed');
    expect(r.summary).toMatch(/expressions\[0\]` \| ❌ fail/);
  });

  it('a bad input fails the step without a stack trace', async () => {
    const r = await runActionDist(dist, { 'bundle-path': 'pkg.tgz.json' }, { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ACTION_INPUT_INVALID');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
