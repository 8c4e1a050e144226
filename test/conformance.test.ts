// Must-show 1: every case of the Sigstore conformance suite's bundle-verification set, through the conformance
// client protocol, in artifact-path and sha256: digest modes, offline. All cases run in-process through the CLI's
// main() with exactly the argv the client builds; a subset also runs through the real scripts/sigstore-conformance-client
// process (which needs `npm run build`).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedDir, sharedNotice } from '@custody/testing';
import { runCli } from './support/cli.js';

const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

interface Case {
  name: string;
  expectPass: boolean;
  args: (mode: 'path' | 'digest') => string[];
}

function cases(root: string): Case[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(root, d.name);
      const artifact = existsSync(join(dir, 'artifact')) ? join(dir, 'artifact') : join(root, 'a.txt');
      const digest = `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`;
      const read = (f: string, dflt: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : dflt);
      const who = existsSync(join(dir, 'key.pub'))
        ? ['--key', join(dir, 'key.pub')]
        : ['--certificate-identity', read('identity', DEFAULT_IDENTITY), '--certificate-oidc-issuer', read('issuer', DEFAULT_ISSUER)];
      const root_ = existsSync(join(dir, 'trusted_root.json')) ? ['--trusted-root', join(dir, 'trusted_root.json')] : [];
      return {
        name: d.name,
        expectPass: !d.name.endsWith('_fail'),
        args: (mode) => ['--bundle', join(dir, 'bundle.sigstore.json'), ...who, ...root_, mode === 'path' ? artifact : digest],
      };
    });
}

/** A check reason that is a JavaScript error leaking through rather than a verification finding. */
const RAW_JS_ERROR = /Cannot read properties|\bundefined\b|TypeError|ReferenceError|is not a function/;

/** _fail cases whose right reason is a particular check (not only some failure). */
const EXPECTED_FAILURE: Record<string, string> = {
  // The bundle's chain carries a root certificate: refused by the bundle check (only npm's v0.1 documents may).
  'bundle-with-root-cert_fail': 'bundle',
};

const shared = sharedDir();
const suite = shared ? join(shared, 'conformance', 'sigstore-bundle-verify') : undefined;

describe.skipIf(!suite)('Sigstore conformance: bundle verification', () => {
  if (!suite) sharedNotice('the Sigstore conformance cases');
  const all = suite ? cases(suite) : [];

  it('has the whole suite (70 cases)', () => {
    expect(all.length).toBe(70);
  });

  it("every case gives the expected result in both modes (in-process, the client's argv)", async () => {
    const misses: string[] = [];
    const rawErrors: string[] = [];
    for (const c of all) {
      for (const mode of ['path', 'digest'] as const) {
        const a = c.args(mode);
        const target = a[a.length - 1]!;
        const run = await runCli(['verify', target, ...a.slice(0, -1), '--predicate-type', '*', '--format', 'json']);
        const ok = c.expectPass ? run.code === 0 : run.code !== 0;
        if (!ok) misses.push(`${c.name} (${mode}): exit ${run.code} ${run.stderr.slice(0, 200)}`);
        if (!c.expectPass && run.code === 1) {
          // A verification failure names the failing check(s), each for a stated reason: never a raw JavaScript error.
          const report = JSON.parse(run.stdout) as {
            attestations: Array<{ checks: Array<{ id: string; status: string; reason: string }> }>;
          };
          const failedChecks = report.attestations.flatMap((x) => x.checks).filter((k) => k.status === 'fail');
          expect(failedChecks.length, c.name).toBeGreaterThan(0);
          for (const k of report.attestations.flatMap((x) => x.checks)) {
            if (RAW_JS_ERROR.test(k.reason)) rawErrors.push(`${c.name} (${mode}) ${k.id}: ${k.reason}`);
          }
          const want = EXPECTED_FAILURE[c.name];
          if (want)
            expect(
              failedChecks.map((k) => k.id),
              c.name,
            ).toContain(want);
        }
        if (!c.expectPass && run.code === 2) expect(run.stderr).toMatch(/\[[A-Z_]+\]/);
      }
    }
    process.stderr.write(`conformance: ${all.length * 2 - misses.length} of ${all.length * 2} runs as expected\n`);
    expect(misses).toEqual([]);
    expect(rawErrors).toEqual([]);
  }, 120_000);

  const client = join(repoRoot, 'scripts', 'sigstore-conformance-client');
  const built = existsSync(join(repoRoot, 'build', 'src', 'cli.js'));
  it.skipIf(!built)(
    'the real client process: a subset of both outcomes and both modes',
    () => {
      // CUSTODY_CONFORMANCE_ALL=1 runs every case through the process (140 runs, about 25 s on 2 busy cores).
      const pick = process.env.CUSTODY_CONFORMANCE_ALL
        ? all.map((c) => c.name)
        : ['happy-path-v0.1', 'rekor2-happy-path', 'signature-mismatch_fail', 'managed-key-wrong-key_fail'];
      for (const name of pick) {
        const c = all.find((x) => x.name === name)!;
        for (const mode of ['path', 'digest'] as const) {
          const r = spawnSync(process.execPath, [client, 'verify-bundle', ...c.args(mode)], { encoding: 'utf8' });
          expect({ name, mode, verified: r.status === 0 }).toEqual({ name, mode, verified: c.expectPass });
        }
      }
      const usage = spawnSync(process.execPath, [client, 'sign-bundle'], { encoding: 'utf8' });
      expect(usage.status).toBe(2);
    },
    600_000,
  );
});
