import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@custody/testing';
import type { CaptureDocument } from '@custody/provenance';
import { runCli } from './support/cli.js';
import { baseEnv, runCustody } from './provenance.support.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let dir: string;
const node = process.execPath;

beforeAll(() => {
  // A tiny real package: `npm pack` is a real build with a real output.
  dir = mkdtempSync(join(tmpdir(), 'custody-run-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fixture-pkg', version: '1.0.0', description: 'fixture', license: 'MIT', main: 'index.js' }),
  );
  writeFileSync(join(dir, 'index.js'), 'module.exports = 42;\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () =>
  baseEnv({ SOURCE_DATE_EPOCH: '1767225600', npm_config_cache: join(dir, '.npm-cache'), npm_config_update_notifier: 'false' });
const readCapture = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CaptureDocument;

describe('custody run', () => {
  it('wraps npm pack: streams its output, records the command, exit code and the tarball digest', async () => {
    const r = await runCli(
      ['run', '--output', '*.tgz', '--material', 'package.json', '--capture-output', 'pack.json', '--', 'npm', 'pack'],
      { cwd: dir, env: env() },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('fixture-pkg-1.0.0.tgz'); // npm's own output, streamed through
    const cap = readCapture('pack.json');
    expect(cap.run).toEqual({
      argv: ['npm', 'pack'],
      startedOn: '2026-01-01T00:00:00Z',
      finishedOn: '2026-01-01T00:00:00Z',
      exitCode: 0,
      outputs: [{ name: 'fixture-pkg-1.0.0.tgz', digest: { sha256: sha256(readFileSync(join(dir, 'fixture-pkg-1.0.0.tgz'))) } }],
    });
    expect(cap.materials.map((m) => m.name)).toEqual(['package.json']);
    expect(r.stderr).toContain('exit code 0; 1 outputs recorded');
  });

  it('propagates the exit code and still writes the capture', async () => {
    const r = await runCli(['run', '--capture-output', 'fail.json', '--', node, '-e', 'console.error("boom"); process.exit(3)'], {
      cwd: dir,
      env: env(),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('boom');
    expect(readCapture('fail.json').run).toMatchObject({ exitCode: 3, outputs: [] });
  });

  it('propagates a signal as 128+n (SIGTERM 143, SIGKILL 137)', async () => {
    const term = await runCli(['run', '--capture-output', 'term.json', '--', node, '-e', 'process.kill(process.pid, "SIGTERM")'], {
      cwd: dir,
      env: env(),
    });
    expect(term.code).toBe(143);
    expect(readCapture('term.json').run).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    const kill = await runCli(['run', '--capture-output', 'kill.json', '--', node, '-e', 'process.kill(process.pid, "SIGKILL")'], {
      cwd: dir,
      env: env(),
    });
    expect(kill.code).toBe(137);
  });

  it('keeps a multi-byte character whole when the output splits it across chunks', async () => {
    const script =
      'process.stdout.write(Buffer.from([0xe2, 0x82])); setTimeout(() => process.stdout.write(Buffer.from([0xac, 0x0a])), 100)';
    const r = await runCli(['run', '--capture-output', 'utf8.json', '--', node, '-e', script], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('\u20ac\n');
  });

  it('exits 127 with a clear message when the command does not exist', async () => {
    const r = await runCli(['run', '--capture-output', 'nf.json', '--', 'no-such-command-xyz'], { cwd: dir, env: env() });
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('command "no-such-command-xyz" was not found');
  });

  it('warns about capture problems and lets the build go on; --strict makes them fatal before the build runs', async () => {
    const marker = join(dir, 'built.txt');
    const script = `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
    const lenient = await runCli(['run', '--material', 'nope/*.lock', '--capture-output', 'lenient.json', '--', node, '-e', script], {
      cwd: dir,
      env: env(),
    });
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/warning: .*nope\/\*\.lock.*no file matches.*the build goes on/);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const strict = await runCli(['run', '--strict', '--material', 'nope/*.lock', '--', node, '-e', script], { cwd: dir, env: env() });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--material "nope\/\*\.lock": no file matches/);
    expect(existsSync(marker)).toBe(false);
  });

  it('warns when a declared output is missing after a successful build; --strict exits 2', async () => {
    const ok = await runCli(['run', '--output', 'dist/*.zip', '--capture-output', 'out.json', '--', node, '-e', '0'], {
      cwd: dir,
      env: env(),
    });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/warning: .*dist\/\*\.zip/);
    const strict = await runCli(['run', '--strict', '--output', 'dist/*.zip', '--', node, '-e', '0'], { cwd: dir, env: env() });
    expect(strict.code).toBe(2);
  });

  it('needs a command', async () => {
    const r = await runCli(['run', '--output', '*.tgz'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing COMMAND');
  });

  it('as a real process: streams output, propagates exit codes and signals', async () => {
    const build = `require("fs").writeFileSync("proc.out", "bin"); console.log("built proc.out"); console.error("to stderr")`;
    const made = await runCustody(['run', '--output', 'proc.out', '--capture-output', 'proc.json', '--', node, '-e', build], {
      cwd: dir,
      env: env(),
    });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toBe('built proc.out\n');
    expect(made.stderr).toContain('to stderr');
    expect(readCapture('proc.json').run?.outputs).toEqual([{ name: 'proc.out', digest: { sha256: sha256(Buffer.from('bin')) } }]);
    const seven = await runCustody(
      ['run', '--capture-output', 'proc7.json', '--', node, '-e', 'process.stdout.write("out7"); process.exit(7)'],
      { cwd: dir, env: env() },
    );
    expect([seven.code, seven.stdout]).toEqual([7, 'out7']);
    const term = await runCustody(['run', '--capture-output', 'procterm.json', '--', node, '-e', 'process.kill(process.pid, "SIGTERM")'], {
      cwd: dir,
      env: env(),
    });
    expect(term.code).toBe(143);
  });

  it('as a real process: passes SIGTERM on to the command, waits for it, records it and ends with its status', async () => {
    const script =
      'process.on("SIGTERM", () => { console.log("cleaning up"); process.exit(5); }); console.log("ready"); setInterval(() => {}, 1000);';
    const child = spawn(node, [join(repoRoot, 'bin', 'custody.js'), 'run', '--capture-output', 'sig.json', '--', node, '-e', script], {
      cwd: dir,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('ready') && resolve())),
    );
    // If custody fails to start, 'close' comes first: fail with its stderr instead of waiting for "ready" forever.
    if ((await Promise.race([ready.then(() => 'ready'), closed.then(() => 'closed')])) === 'closed')
      throw new Error(`custody ended early: ${errText}`);
    child.kill('SIGTERM');
    const code = await closed;
    expect(code, errText).toBe(5);
    expect(out).toContain('cleaning up');
    expect(readCapture('sig.json').run).toMatchObject({ exitCode: 5 });
  });
});
