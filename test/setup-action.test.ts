/**
 * actions/setup, run the way a GitHub runner runs it: its committed bundle (actions/setup/dist, `npm run package`)
 * copied out of the repository to a path like the runner's _actions/<owner>/<repo>/<sha>/ (with a space and a quote
 * in it, and no node_modules anywhere above), started by the action's Node with INPUT_*, RUNNER_TEMP, GITHUB_OUTPUT
 * and GITHUB_PATH. Then a later `run:` step is simulated: a shell whose PATH is the GITHUB_PATH lines (last added
 * first, as the runner does) before a fake `node` that only fails — the system Node of the image, too old for the
 * CLI — and the standard dirs. `custody --version` and a real verb (`custody sbom` of a real lockfile) work there,
 * with HTTP(S)_PROXY pointing at a listener that counts connections: none is made.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseCommandFile, repoRoot, requireSharedFile, runActionDist } from '@custody/testing';
import { posixLauncher, windowsLauncher } from '../src/commands/setup.js';

const exec = promisify(execFile);
const actionDir = join(repoRoot, 'actions', 'setup');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const dirBytes = (dir: string): number =>
  readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    const s = statSync(p);
    return n + (s.isDirectory() ? dirBytes(p) : s.size);
  }, 0);

describe('actions/setup under the GitHub runner conventions', () => {
  const base = mkdtempSync(join(tmpdir(), 'custody-setup-action-'));
  // Where the runner would have downloaded the action: outside the repository, so the bundle must be complete.
  const action = join(base, "_actions/custody-dev/it's custody/0123abc/actions/setup");
  const workspace = join(base, 'workspace');
  const fakeNodeDir = join(base, 'old-node', 'bin');
  let proxy: Server;
  let proxyUrl: string;
  let connections = 0;

  /** A fresh runner step: its own RUNNER_TEMP, GITHUB_PATH and GITHUB_OUTPUT files. */
  const runSetup = async (inputs: Record<string, string>, env: Record<string, string> = {}) => {
    const step = mkdtempSync(join(base, 'step-'));
    const files = { GITHUB_PATH: join(step, 'path'), GITHUB_OUTPUT: join(step, 'output'), RUNNER_TEMP: join(step, 'temp') };
    mkdirSync(files.RUNNER_TEMP);
    writeFileSync(files.GITHUB_PATH, '');
    writeFileSync(files.GITHUB_OUTPUT, '');
    const r = await runActionDist(join(action, 'dist', 'index.js'), inputs, {
      cwd: workspace,
      env: { ...files, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NODE_USE_ENV_PROXY: '1', ...env },
    });
    const pathLines = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean);
    return { ...r, outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')), pathLines, runnerTemp: files.RUNNER_TEMP };
  };

  /** A later `run: sh -e {0}` step: PATH = GITHUB_PATH lines (newest first), then the image's old node, then /usr/bin:/bin. */
  const laterStep = async (pathLines: string[], script: string) => {
    const PATH = [...[...pathLines].reverse(), fakeNodeDir, '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
    const env = {
      PATH,
      HOME: workspace,
      HTTP_PROXY: proxyUrl,
      HTTPS_PROXY: proxyUrl,
      http_proxy: proxyUrl,
      https_proxy: proxyUrl,
      NODE_USE_ENV_PROXY: '1',
    };
    try {
      const { stdout, stderr } = await exec('sh', ['-e', '-c', script], { cwd: workspace, env, maxBuffer: 64 << 20 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    const dist = join(actionDir, 'dist');
    for (const f of ['index.js', join('cli', 'bin', 'custody.js'), join('cli', 'dist', 'cli.js')]) {
      expect(statSync(join(dist, f), { throwIfNoEntry: false }), `actions/setup/dist/${f} is missing: run npm run package`).toBeDefined();
    }
    cpSync(join(actionDir, 'action.yml'), join(action, 'action.yml'));
    cpSync(dist, join(action, 'dist'), { recursive: true });
    mkdirSync(workspace, { recursive: true });
    cpSync(requireSharedFile('fixtures/lockfiles/package-lock-v3.json'), join(workspace, 'package-lock.json'));
    // The image's system node: too old for the CLI. Anything that runs it fails loudly.
    mkdirSync(fakeNodeDir, { recursive: true });
    writeFileSync(join(fakeNodeDir, 'node'), '#!/bin/sh\necho "the system node v20.0.0 ran: $*" >&2\nexit 1\n', { mode: 0o755 });
    proxy = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const index = statSync(join(dist, 'index.js')).size;
    const cli = dirBytes(join(dist, 'cli'));
    console.log(
      `actions/setup/dist: index.js ${(index / 1024).toFixed(0)} KiB, cli/ ${(cli / 1024).toFixed(0)} KiB, total ${(dirBytes(dist) / 1e6).toFixed(2)} MB`,
    );
    // The same budget as the npm package (scripts/pack.js): the CLI under 5 MiB; the action's own code small.
    expect(cli).toBeLessThan(5 * 1024 * 1024);
    expect(index).toBeLessThan(1024 * 1024);
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    rmSync(base, { recursive: true, force: true });
  });

  it('declares the inputs the code reads and the outputs it sets; runs on node24 from dist/index.js', () => {
    const meta = YAML.parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
      runs: unknown;
    };
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const src = readFileSync(join(actionDir, 'src', 'main.ts'), 'utf8');
    const read = [...src.matchAll(/input\('([a-z-]+)'\)/g)].map((m) => m[1]!);
    expect(new Set(read)).toEqual(new Set(Object.keys(meta.inputs)));
    const set = [...src.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!);
    expect(new Set(set)).toEqual(new Set(Object.keys(meta.outputs)));
  });

  it('puts custody of its own version on PATH; a later step runs custody --version and custody sbom, offline, whatever node PATH has', async () => {
    const r = await runSetup({});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const binDir = join(r.runnerTemp, `custody-${version}`, 'bin');
    expect(r.outputs).toEqual({ version, 'install-dir': binDir });
    expect(r.pathLines).toEqual([binDir]);
    expect(readdirSync(binDir).sort()).toEqual(['custody', 'custody.cmd']);
    // The launchers name the action's own Node (the runner's node24) and the action's own CLI bundle.
    const sh = readFileSync(join(binDir, 'custody'), 'utf8');
    expect(sh).toContain(`exec '${process.execPath}' '${action.replace(/'/g, `'\\''`)}/dist/cli/bin/custody.js' "$@"`);
    expect(readFileSync(join(binDir, 'custody.cmd'), 'utf8')).toContain(`"${process.execPath}" "${action}/dist/cli/bin/custody.js" %*\r\n`);

    // The later step: `node` on its PATH is the failing old one; custody still runs, on the action's Node.
    const nodeOnPath = await laterStep(r.pathLines, 'node --version');
    expect(nodeOnPath.code).toBe(1);
    const v = await laterStep(r.pathLines, 'command -v custody && custody --version');
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim().split('\n')).toEqual([join(binDir, 'custody'), `custody ${version}`]);
    const sbom = await laterStep(
      r.pathLines,
      'custody sbom package-lock.json --output sbom.cdx.json && custody sbom package-lock.json --format spdx-json',
    );
    expect(sbom.code, sbom.stderr).toBe(0);
    expect(sbom.stderr).toMatch(/648 components/);
    expect(JSON.parse(readFileSync(join(workspace, 'sbom.cdx.json'), 'utf8'))).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
    });
    expect(JSON.parse(sbom.stdout)).toMatchObject({ spdxVersion: 'SPDX-2.3' });
    expect(sbom.stderr).not.toContain('the system node');
    // A failing verb exits with the CLI's own codes through the launcher (exit 2: bad input).
    const bad = await laterStep(r.pathLines, 'custody sbom does-not-exist');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\[SBOM_PATH_NOT_FOUND\]/);
    expect(connections, 'requests sent through HTTP(S)_PROXY').toBe(0);
    // Control: the same environment does route a request to the counting proxy, so the 0 above means something.
    await laterStep(r.pathLines, `'${process.execPath}' -e "fetch('http://example.com/').catch(() => {})"`);
    expect(connections).toBeGreaterThan(0);
  });

  it('quotes paths for sh and cmd.exe (a quote for sh, a % for cmd: the Windows launcher is not run here)', () => {
    expect(posixLauncher("/opt/it's/node", '/a b/custody.js')).toContain(`exec '/opt/it'\\''s/node' '/a b/custody.js' "$@"\n`);
    const cmd = windowsLauncher('C:\\hostedtoolcache\\node24\\node.exe', 'D:\\a\\_actions\\x%PATH%y\\custody.js');
    expect(cmd.startsWith('@echo off\r\n')).toBe(true);
    expect(cmd).toContain('"C:\\hostedtoolcache\\node24\\node.exe" "D:\\a\\_actions\\x%%PATH%%y\\custody.js" %*\r\n');
  });

  it('installs into install-dir (relative to the workspace) when given', async () => {
    const r = await runSetup({ 'install-dir': 'tools/custody' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['install-dir']).toBe(join(workspace, 'tools', 'custody'));
    expect(r.pathLines).toEqual([join(workspace, 'tools', 'custody')]);
    const v = await laterStep(r.pathLines, 'custody --version');
    expect(v.stdout.trim()).toBe(`custody ${version}`);
  });

  it('fails the step naming the input when install-dir cannot be written, and when there is no RUNNER_TEMP', async () => {
    writeFileSync(join(workspace, 'a-file'), 'in the way\n');
    const blocked = await runSetup({ 'install-dir': 'a-file/bin' });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(
      /::error::input "install-dir": cannot write the custody launchers into .*a-file\/bin.*\[SETUP_DIR_UNWRITABLE\]/,
    );
    expect(blocked.pathLines).toEqual([]);
    expect(blocked.outputs).toEqual({});

    const noTemp = await runSetup({}, { RUNNER_TEMP: '' });
    expect(noTemp.code).toBe(1);
    expect(noTemp.stdout).toMatch(/::error::input "install-dir" is empty and RUNNER_TEMP is not set.*\[ACTION_INPUT_INVALID\]/);
  });

  it('fails with SETUP_CLI_MISSING when the action was checked out without its CLI bundle', async () => {
    const broken = join(base, 'broken', 'actions', 'setup');
    // The action's own code (index.js and its lazy chunks) without dist/cli/.
    cpSync(join(action, 'dist'), join(broken, 'dist'), { recursive: true, filter: (src) => !src.includes(join('dist', 'cli')) });
    const r = await runActionDist(join(broken, 'dist', 'index.js'), {}, { cwd: workspace });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::the CLI bundle .*cli\/bin\/custody\.js is missing .*\[SETUP_CLI_MISSING\]/);
  });

  it('says what is wrong, with no stack trace, when a lazy chunk of the bundle is missing', async () => {
    const partial = join(base, 'partial', 'actions', 'setup');
    cpSync(join(action, 'dist', 'index.js'), join(partial, 'dist', 'index.js'));
    cpSync(join(action, 'dist', 'package.json'), join(partial, 'dist', 'package.json'));
    const r = await runActionDist(join(partial, 'dist', 'index.js'), {}, { cwd: workspace });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::actions\/setup could not load its code .*dist\/ directory is incomplete.*\[ACTION_BUNDLE_INCOMPLETE\]/,
    );
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});
