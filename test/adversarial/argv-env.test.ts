/**
 * Adversarial: hostile argv and environment. Every credential form of docs/capture.md's table gets its own random
 * value (crypto.randomBytes, made at test time — nothing secret-looking is committed), seeded
 *  - into the argv of `custody run -- CMD …` (one run per form),
 *  - into one `sh -c` script holding every form,
 *  - into environment values (one allow-listed variable per form, as a command line or BUILD_ARGS would hold it),
 *  - into git remotes (origin https://user:S@…, a token as the user of the CI's repository URL) and git config.
 * Then the real CLI runs as real processes with CUSTODY_DEBUG=1: custody capture, custody run, custody provenance,
 * custody keys generate and custody attest --provenance --key (a signed bundle). Each random value, and its base64,
 * base64url and URL-encoded forms, must appear in no output byte: stdout, stderr, every file custody wrote, and the
 * decoded DSSE payload of every bundle. A negative list checks that ordinary values are not masked.
 *
 * The programs named in the forms (curl, docker, mysql, git, npm, …) are stand-ins on PATH that exit 0: the tools
 * are not installed here, cannot reach a network, and must not change this machine (npm config set). What is
 * tested is what Custody records about the command line, which does not depend on what the program does. (What a
 * command prints itself is its own output, streamed through unchanged: no form uses a shell builtin that echoes.)
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildkite } from '../../packages/ci/src/__tests__/fixtures.js';
import {
  credentialForms,
  quoteForShell,
  secretFor,
  type CredentialForm,
} from '../../packages/provenance/src/__tests__/credential-forms.js';
import { baseEnv, runCustody, type ProcessRun } from '../provenance.support.js';

interface Seeded {
  where: string;
  value: string;
}

const forms = credentialForms();
const seeded: Seeded[] = [];
const seed = (
  where: string,
  form: CredentialForm | undefined,
  value = form ? secretFor(form) : `k${randomBytes(12).toString('hex')}`,
): string => {
  seeded.push({ where, value });
  return value;
};

let dir: string;
let bin: string;
let env: Record<string, string>;
const argvSecrets: string[] = [];
const outputs: Array<{ what: string; run: ProcessRun }> = [];
const COMMIT = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const GITHUB_SHA = '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12';
const CHECKOUT = '/var/lib/buildkite-agent/builds/agent-1/acme/api';

/** Every encoding of a value that must not appear either. */
function needles(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  return [...new Set([value, b64, b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'), encodeURIComponent(value)])];
}

/** Files custody wrote: everything in the work directory except the inputs (the repository's .git, stand-ins, app.txt). */
function writtenFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === '.git' || rel === 'bin' || rel === 'app.txt') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

async function custody(what: string, args: string[], extraEnv: Record<string, string> = {}): Promise<ProcessRun> {
  const run = await runCustody(args, { cwd: dir, env: { ...env, ...extraEnv } });
  outputs.push({ what, run });
  return run;
}

/** Runs tasks with at most `n` at a time (2 cores shared with others). */
async function pool<T>(items: T[], n: number, f: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await f(items[i]!, i);
      }
    }),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custody-adversarial-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  const programs = new Set(['git', 'npm', ...forms.map((f) => f.argv('x')[0]!).filter((p) => !p.includes('=') && p !== 'env')]);
  for (const p of programs) {
    writeFileSync(join(bin, p), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, p), 0o755);
  }
  writeFileSync(join(dir, 'app.txt'), 'the build output\n');

  // A real repository (the real git, before the stand-in is first on PATH) with hostile remotes and config.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir });
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'x');
  git('remote', 'add', 'origin', `https://builder:${seed('git origin password', undefined)}@git.acme.example/acme/app.git`);
  git('remote', 'add', 'fork', `${seed('git scp-style remote user', undefined)}@github.com:acme/app.git`);
  git(
    'config',
    'http.https://github.com/.extraheader',
    `AUTHORIZATION: basic ${Buffer.from(`x:${seed('git extraheader', undefined)}`).toString('base64')}`,
  );

  env = baseEnv({
    ...buildkite.push,
    // The CI's repository URL with a token as the user (as CI systems write remotes).
    BUILDKITE_REPO: `https://${seed('CI repository URL token', undefined)}@github.com/acme/api.git`,
    BUILDKITE_MESSAGE: `deploy: curl -u ci:${seed('commit message with a command', undefined)} https://x.example/`,
    // Every form as the value of an allow-listed variable.
    ...Object.fromEntries(
      forms.map((f, i) => [`BUILD_ARGS_${String(i).padStart(2, '0')}`, quoteForShell(f.argv(seed(`env value: ${f.name}`, f)))]),
    ),
    BUILDKITE_COMMAND: forms.map((f) => quoteForShell(f.argv(seed(`env script: ${f.name}`, f)))).join(' && '),
    // Ordinary values that must survive.
    BUILDKITE_STEP_KEY: 'build-and-test',
    GIT_COMMIT: COMMIT,
    GITHUB_SHA,
    BUILDKITE_BUILD_CHECKOUT_PATH: CHECKOUT,
    BUILD_VERSION: '1.2.3-rc.4',
    SOURCE_DATE_EPOCH: '1767225600',
    CUSTODY_DEBUG: '1',
    PATH: `${bin}:${process.env.PATH}`,
  });
  for (const f of forms) argvSecrets.push(seed(`argv: ${f.name}`, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile argv and environment through the real CLI (CUSTODY_DEBUG=1)', () => {
  it('no random value, nor its base64 / URL-encoded forms, appears in any output byte', async () => {
    const gen = await custody('keys generate', ['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub']);
    expect(gen.code, gen.stderr).toBe(0);
    const cap = await custody('capture', ['capture', '--output', 'capture.json']);
    expect(cap.code, cap.stderr).toBe(0);

    // One custody run per form, its secret in the argv; then provenance and a signed bundle of each capture.
    await pool(forms, 3, async (f, i) => {
      const n = String(i).padStart(2, '0');
      const run = await custody(`run ${f.name}`, [
        'run',
        '--output',
        'app.txt',
        '--capture-output',
        `run-${n}.json`,
        '--',
        ...f.argv(argvSecrets[i]!),
      ]);
      // A leading NAME=VALUE is not a program (custody run uses no shell): it never starts, exit 127.
      expect(run.code, `${f.name}: ${run.stderr}`).toBe(f.argv('x')[0]!.includes('=') ? 127 : 0);
      const allow = run.code === 0 ? [] : ['--allow-failed-build'];
      const prov = await custody(`provenance ${f.name}`, [
        'provenance',
        '--subject',
        'app.txt',
        '--capture',
        `run-${n}.json`,
        ...allow,
        '--output',
        `prov-${n}.json`,
      ]);
      expect(prov.code, prov.stderr).toBe(0);
      const att = await custody(`attest ${f.name}`, [
        'attest',
        '--subject',
        'app.txt',
        '--provenance',
        '--capture',
        `run-${n}.json`,
        ...allow,
        '--key',
        'k.key',
        '--bundle',
        `run-${n}.sigstore.json`,
      ]);
      expect(att.code, att.stderr).toBe(0);
    });

    // Every form in one sh -c script, and in bash -ec with the forms on separate lines.
    const script = forms.map((f) => quoteForShell(f.argv(seed(`sh -c script: ${f.name}`, f)))).join(' ; ');
    const lines = forms.map((f) => quoteForShell(f.argv(seed(`bash -ec lines: ${f.name}`, f)))).join('\n');
    for (const [name, argv] of [
      ['sh', ['sh', '-c', `${script} ; true`]],
      ['bash', ['bash', '-o', 'pipefail', '-ec', `${lines}\ntrue`]],
    ] as const) {
      const run = await custody(`run ${name} script`, ['run', '--output', 'app.txt', '--capture-output', `${name}.json`, '--', ...argv]);
      expect(run.code, run.stderr).toBe(0);
      const prov = await custody(`provenance ${name}`, [
        'provenance',
        '--subject',
        'app.txt',
        '--capture',
        `${name}.json`,
        '--output',
        `prov-${name}.json`,
      ]);
      expect(prov.code, prov.stderr).toBe(0);
      const att = await custody(`attest ${name}`, [
        'attest',
        '--subject',
        'app.txt',
        '--provenance',
        '--capture',
        `${name}.json`,
        '--key',
        'k.key',
        '--bundle',
        `${name}.sigstore.json`,
      ]);
      expect(att.code, att.stderr).toBe(0);
    }
    // Provenance captured at attest time (no capture file): the environment and git facts of this process.
    const fresh = await custody('attest (captured now)', [
      'attest',
      '--subject',
      'app.txt',
      '--provenance',
      '--key',
      'k.key',
      '--bundle',
      'fresh.sigstore.json',
    ]);
    expect(fresh.code, fresh.stderr).toBe(0);

    const files = writtenFiles();
    const bundles = files.filter((f) => f.endsWith('.sigstore.json'));
    expect(bundles).toHaveLength(forms.length + 3);
    const payloads = bundles.map((b) => Buffer.from(JSON.parse(readFileSync(b, 'utf8')).dsseEnvelope.payload, 'base64').toString('utf8'));
    const haystacks: Array<[string, string]> = [
      ...outputs.flatMap(
        ({ what, run }): Array<[string, string]> => [
          [`${what}: stdout`, run.stdout],
          [`${what}: stderr`, run.stderr],
        ],
      ),
      ...files.map((f): [string, string] => [relative(dir, f), readFileSync(f, 'latin1')]),
      ...payloads.map((p, i): [string, string] => [`DSSE payload of ${relative(dir, bundles[i]!)}`, p]),
    ];
    const leaks: string[] = [];
    for (const s of seeded)
      for (const n of needles(s.value))
        for (const [where, text] of haystacks)
          if (text.includes(n)) leaks.push(`${s.where} (${n === s.value ? 'raw' : 'encoded'}) in ${where}`);
    expect(leaks).toEqual([]);
    expect(seeded.length).toBeGreaterThanOrEqual(forms.length * 5);

    // It was there to be found: debug logging ran, the run records and environment carry the redaction marker.
    expect(outputs.some((o) => /debug|\bgit facts|\btool\b/i.test(o.run.stderr))).toBe(true);
    const runDoc = (n: string) => JSON.parse(readFileSync(join(dir, `run-${n}.json`), 'utf8'));
    forms.forEach((f, i) => expect(runDoc(String(i).padStart(2, '0')).run.argv.join(' '), f.name).toContain('[REDACTED]'));
    const capDoc = JSON.parse(readFileSync(join(dir, 'capture.json'), 'utf8'));
    expect(capDoc.environment.redacted.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['BUILDKITE_COMMAND', 'BUILD_ARGS_00']),
    );

    // Negative list: ordinary values stay readable, in the capture and in the signed statement.
    const statement = JSON.parse(payloads[bundles.findIndex((b) => b.endsWith('fresh.sigstore.json'))]!);
    const custodyParams = statement.predicate.buildDefinition.internalParameters.custody;
    for (const vars of [capDoc.environment.variables, custodyParams.environment]) {
      expect(vars).toMatchObject({
        BUILDKITE_STEP_KEY: 'build-and-test',
        GIT_COMMIT: COMMIT,
        GITHUB_SHA,
        BUILDKITE_BUILD_CHECKOUT_PATH: CHECKOUT,
        BUILD_VERSION: '1.2.3-rc.4',
      });
    }
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/acme/api.git@refs/heads/main',
      digest: { gitCommit: buildkite.push.BUILDKITE_COMMIT },
    });
    expect(custodyParams.git.remoteUrl).toBe('https://git.acme.example/acme/app.git');
  }, 600_000);

  it('ordinary arguments are recorded as given (step key, commit SHAs, paths, versions)', async () => {
    const ordinary = [
      '--step',
      'build-and-test',
      '--commit',
      COMMIT,
      GITHUB_SHA,
      CHECKOUT,
      '--version',
      '1.2.3-rc.4',
      'VERSION=1.2.3',
      `GIT_COMMIT=${COMMIT}`,
      '-p',
      'dist',
    ];
    const run = await custody('run ordinary', ['run', '--capture-output', 'ordinary.json', '--', 'make', ...ordinary]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'ordinary.json'), 'utf8'));
    expect(doc.run.argv).toEqual(['make', ...ordinary]);
    const script = `make ${ordinary.join(' ')} && echo done`;
    const sh = await custody('run ordinary sh -c', ['run', '--capture-output', 'ordinary-sh.json', '--', 'sh', '-c', script]);
    expect(sh.code, sh.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'ordinary-sh.json'), 'utf8')).run.argv).toEqual(['sh', '-c', script]);
  });
});
