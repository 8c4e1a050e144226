/**
 * Must-show 2: the environment and the git config are seeded with more than 30 kinds of secrets (made at test time
 * from random bytes, in each provider's shape); capture, run and provenance run in-process and as real processes;
 * no secret (nor its sensitive part) appears in any output byte, file or log line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks, pick, seededEnvironment, valueSecrets, type FakeSecret } from '../packages/provenance/src/__tests__/fake-secrets.js';
import { runCli } from './support/cli.js';
import { github } from '../packages/ci/src/__tests__/fixtures.js';
import { baseEnv, runCustody } from './provenance.support.js';

let dir: string;
let env: Record<string, string>;
let secrets: FakeSecret[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custody-secrets-'));
  const seeded = seededEnvironment();
  secrets = [...seeded.secrets];
  // Git config: an origin URL with user:password, a second remote with a token as the user name, an extra header.
  const gitPassword = `Pw${pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 24)}`;
  const gitToken = valueSecrets().find((s) => s.kind === 'github-pat')!.value;
  const headerToken = Buffer.from(`x-access-token:${pick('abcdef0123456789', 40)}`).toString('base64');
  secrets.push(
    { kind: 'git-remote-password', value: gitPassword, needles: [gitPassword] },
    { kind: 'git-remote-token-user', value: gitToken, needles: [gitToken] },
    { kind: 'git-extraheader', value: headerToken, needles: [headerToken] },
  );
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir });
  git('init', '-q');
  writeFileSync(join(dir, 'app.txt'), 'app');
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  git('add', '.');
  git('commit', '-q', '-m', 'x');
  git('remote', 'add', 'origin', `https://builder:${gitPassword}@git.acme.example/acme/app.git`);
  git('remote', 'add', 'fork', `https://${gitToken}@github.com/acme/app.git`);
  git('config', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${headerToken}`);
  env = baseEnv({ ...github.push, ...seeded.env, SOURCE_DATE_EPOCH: '1767225600' });
  expect(new Set(secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(30);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file custody wrote in the directory, plus the given streams. */
function everything(...streams: string[]): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return [...streams, ...files.map((f) => readFileSync(join(dir, f), 'utf8'))].join('\n');
}

/** The argv given to the wrapped command carries secrets too: as flag values and bare arguments. */
function secretArgv(): string[] {
  const [a, b, c] = [
    secrets.find((s) => s.kind === 'npm-token')!,
    secrets.find((s) => s.kind === 'password-in-url')!,
    secrets.find((s) => s.kind === 'name:*_PASSWORD')!,
  ];
  return ['--', process.execPath, '-e', 'console.log("built")', '--', `--token=${a.value}`, b.value, '--password', c.value];
}

describe('no secret leaves through capture, run or provenance', () => {
  it('in-process CLI', async () => {
    const cap = await runCli(['capture', '--material', 'package-lock.json', '--output', 'cap.json'], { cwd: dir, env });
    expect(cap.code, cap.stderr).toBe(0);
    const run = await runCli(['run', '--output', 'app.txt', '--capture-output', 'run.json', ...secretArgv()], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const prov = await runCli(['provenance', '--subject', 'app.txt', '--capture', 'run.json', '--output', 'prov.json'], { cwd: dir, env });
    expect(prov.code, prov.stderr).toBe(0);
    const fresh = await runCli(['provenance', '--subject', 'app.txt'], { cwd: dir, env });
    expect(fresh.code, fresh.stderr).toBe(0);
    const all = everything(cap.stdout, cap.stderr, run.stdout, run.stderr, prov.stdout, prov.stderr, fresh.stdout, fresh.stderr);
    expect(leaks(all, secrets)).toEqual([]);

    // The capture still says what it left out, and kept the harmless parts.
    const doc = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(doc.environment.redacted.length).toBeGreaterThanOrEqual(30);
    expect(doc.environment.variables.GITHUB_SHA).toBe(github.push.GITHUB_SHA);
    expect(doc.git.remoteUrl).toBe('https://git.acme.example/acme/app.git');
    expect(doc.run.argv.slice(0, 3)).toEqual([process.execPath, '-e', 'console.log("built")']);
    expect(doc.run.argv.filter((a: string) => a.includes('[REDACTED]'))).toHaveLength(3);
  });

  it('real processes (bin/custody.js)', async () => {
    const cap = await runCustody(['capture', '--material', 'package-lock.json', '--output', 'pcap.json'], { cwd: dir, env });
    const run = await runCustody(['run', '--output', 'app.txt', '--capture-output', 'prun.json', ...secretArgv()], { cwd: dir, env });
    const prov = await runCustody(['provenance', '--subject', 'app.txt', '--capture', 'prun.json', '--output', 'pprov.json'], {
      cwd: dir,
      env,
    });
    for (const r of [cap, run, prov]) expect(r.code, r.stderr).toBe(0);
    expect(run.stdout).toContain('built');
    const all = everything(cap.stdout, cap.stderr, run.stdout, run.stderr, prov.stdout, prov.stderr);
    expect(leaks(all, secrets)).toEqual([]);
  });

  it('real processes with debug logging on (CUSTODY_DEBUG=1)', async () => {
    const debugEnv = { ...env, CUSTODY_DEBUG: '1' };
    const cap = await runCustody(['capture', '--material', 'package-lock.json', '--output', 'dcap.json'], { cwd: dir, env: debugEnv });
    const run = await runCustody(['run', '--output', 'app.txt', '--capture-output', 'drun.json', ...secretArgv()], {
      cwd: dir,
      env: debugEnv,
    });
    const prov = await runCustody(['provenance', '--subject', 'app.txt', '--capture', 'drun.json', '--output', 'dprov.json'], {
      cwd: dir,
      env: debugEnv,
    });
    for (const r of [cap, run, prov]) expect(r.code, r.stderr).toBe(0);
    const all = everything(cap.stdout, cap.stderr, run.stdout, run.stderr, prov.stdout, prov.stderr);
    expect(leaks(all, secrets)).toEqual([]);
  });
});
