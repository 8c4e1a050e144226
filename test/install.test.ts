/**
 * The releasable package, used the way a user outside this repository uses it: `npm run pack`'s tarball installed
 * into a new project (and globally, into a prefix), then the whole key-based chain run with the installed
 * `custody` — real lockfile, real build under `custody run`, signing, verification, a tampered artifact, storage in a
 * real registry (Debian's docker-registry) and in an OCI layout, and verification of the image from both.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pushTestImage,
  requireRegistryTools,
  requireSharedFile,
  startRegistry,
  writeTestImageLayout,
  type StartedRegistry,
} from '@custody/testing';
import { REPO_ROOT } from './support/measure.js';
import { installTarball, packedTarball } from './support/packed.js';

const exec = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the installed package (npm install ./custody-<version>.tgz, outside the repository)', () => {
  const project = mkdtempSync(join(tmpdir(), 'custody-consumer-'));
  // The user's PATH: Node 24 first (the shebang's `node`), then the system's; nothing from this repository.
  const env: NodeJS.ProcessEnv = {
    PATH: [dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter).filter((p) => !p.startsWith(REPO_ROOT))].join(delimiter),
    HOME: project,
    npm_config_cache: join(project, '.npm'),
  };
  const bin = join(project, 'node_modules', '.bin', 'custody');
  let tarball: string;
  let registry: StartedRegistry;

  const custody = async (args: string[], opts: { cwd?: string; bin?: string } = {}): Promise<Run> => {
    try {
      const { stdout, stderr } = await exec(opts.bin ?? bin, args, { cwd: opts.cwd ?? project, env, maxBuffer: 64 << 20 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw err;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };
  const ok = async (args: string[], opts: { cwd?: string } = {}) => {
    const r = await custody(args, opts);
    expect(r.stderr).not.toMatch(/internal error| {4}at /);
    expect(r.code, `custody ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    requireRegistryTools();
    tarball = await packedTarball();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const installMs = await installTarball(project, tarball, env);
    const { stdout } = await exec('tar', ['-tzvf', tarball]);
    const unpacked = stdout
      .split('\n')
      .filter(Boolean)
      .reduce((n, line) => n + Number(line.trim().split(/\s+/)[2] ?? 0), 0);
    const packed = readFileSync(tarball).length;
    // Named in the test output, as the issue asks: the package's size and its install time.
    console.log(
      `custody package: ${(packed / 1e6).toFixed(2)} MB packed, ${(unpacked / 1e6).toFixed(2)} MB unpacked; npm install took ${installMs.toFixed(0)} ms`,
    );
    expect(unpacked).toBeLessThan(5 * 1024 * 1024);
    registry = await startRegistry();
  }, 240_000);
  afterAll(async () => {
    await registry?.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('is self-contained: one package, no dependencies, engines.node >=22.22', async () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'custody', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.name).toBe('custody');
    expect(pkg.bin).toEqual({ custody: 'bin/custody.js' });
    expect(pkg.engines).toEqual({ node: '>=22.22' });
    expect(pkg.dependencies).toBeUndefined();
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/'))).toEqual(['node_modules/custody']);
    const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
    expect((await ok(['--version'])).stdout.trim()).toBe(`custody ${version}`);
    // --help alone comes from dist/help.txt, without loading the CLI: the same text the CLI itself prints.
    const { stdout: help } = await exec(process.execPath, [join(REPO_ROOT, 'bin', 'custody.js'), '--help'], { env });
    expect(help).toContain('Usage: custody <command>');
    expect((await ok(['--help'])).stdout).toBe(help);
    expect((await ok(['-h'])).stdout).toBe(help);
  });

  it('runs the full key-based chain: keys, sbom, run, attest, verify; a tampered artifact fails', async () => {
    copyFileSync(requireSharedFile('fixtures/lockfiles/package-lock-v3.json'), join(project, 'package-lock.json.fixture'));
    const app = join(project, 'app');
    await exec('mkdir', ['-p', app]);
    copyFileSync(join(project, 'package-lock.json.fixture'), join(app, 'package-lock.json'));
    await ok(['keys', 'generate', '--output-key', 'ci.key', '--output-pub', 'ci.pub'], { cwd: app });
    const sbom = await ok(['sbom', '.', '--output', 'sbom.cdx.json'], { cwd: app });
    expect(sbom.stderr).toMatch(/648 components/);
    await ok(['run', '--output', 'dist/*', '--', 'sh', '-c', 'mkdir -p dist && printf "release 1\\n" > dist/app.txt'], { cwd: app });
    await ok(
      [
        'attest',
        '--subject',
        'dist/app.txt',
        '--provenance',
        '--capture',
        'custody-capture.json',
        '--key',
        'ci.key',
        '--bundle',
        'prov.sigstore.json',
      ],
      { cwd: app },
    );
    await ok(['attest', '--subject', 'dist/app.txt', '--sbom', 'sbom.cdx.json', '--key', 'ci.key', '--bundle', 'sbom.sigstore.json'], {
      cwd: app,
    });
    const verified = await ok(
      [
        'verify',
        'dist/app.txt',
        '--bundle',
        'prov.sigstore.json',
        '--bundle',
        'sbom.sigstore.json',
        '--key',
        'ci.pub',
        '--predicate-type',
        'https://slsa.dev/provenance/v1',
        '--predicate-type',
        'https://cyclonedx.org/bom',
        '--format',
        'json',
      ],
      { cwd: app },
    );
    expect(JSON.parse(verified.stdout)).toMatchObject({ passed: true, exitCode: 0 });
    writeFileSync(join(app, 'dist', 'app.txt'), 'release 1 with a backdoor\n');
    const tampered = await custody(['verify', 'dist/app.txt', '--bundle', 'prov.sigstore.json', '--key', 'ci.pub'], { cwd: app });
    expect(tampered.code, tampered.stdout + tampered.stderr).toBe(1);
    expect(tampered.stdout).toMatch(/subject\s+FAIL/);
  });

  it('stores attestations next to an image in a registry and in an OCI layout, and verifies oci:// and oci-layout:', async () => {
    const app = join(project, 'image');
    await exec('mkdir', ['-p', app]);
    await ok(['keys', 'generate', '--output-key', 'ci.key', '--output-pub', 'ci.pub'], { cwd: app });
    writeFileSync(join(app, 'predicate.json'), JSON.stringify({ scan: 'passed' }));

    const image = await pushTestImage(registry, 'consumer/app', 'v1');
    const ref = `oci://${registry.host}/consumer/app@${image.digest}`;
    await ok(
      [
        'attest',
        '--subject',
        ref,
        '--predicate-type',
        'https://example.com/scan/v1',
        '--predicate',
        'predicate.json',
        '--key',
        'ci.key',
        '--bundle',
        'reg.sigstore.json',
        '--push',
      ],
      { cwd: app },
    );
    const fromRegistry = await ok(['verify', ref, '--key', 'ci.pub', '--predicate-type', 'https://example.com/scan/v1'], { cwd: app });
    expect(fromRegistry.stdout).toMatch(/PASSED/);

    const layout = join(app, 'layout');
    const local = await writeTestImageLayout(layout, { seed: 'consumer' });
    const subject = `consumer/app@${local.digest}`;
    await ok(
      [
        'attest',
        '--subject',
        subject,
        '--predicate-type',
        'https://example.com/scan/v1',
        '--predicate',
        'predicate.json',
        '--key',
        'ci.key',
        '--bundle',
        'layout.sigstore.json',
      ],
      { cwd: app },
    );
    await ok(['push', '--bundle', 'layout.sigstore.json', '--image', `oci-layout:${layout}@${local.digest}`], { cwd: app });
    const fromLayout = await ok(
      ['verify', `oci-layout:${layout}@${local.digest}`, '--key', 'ci.pub', '--predicate-type', 'https://example.com/scan/v1'],
      { cwd: app },
    );
    expect(fromLayout.stdout).toMatch(/PASSED/);
    // Image scans and policy evaluation (CEL) run from the bundle too.
    const imageSbom = await ok(['sbom', `oci-layout:${layout}@${local.digest}`, '--output', 'image.cdx.json'], { cwd: app });
    expect(imageSbom.code).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'image.cdx.json'), 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    writeFileSync(
      join(app, 'policy.yaml'),
      'requiredPredicateTypes: [https://example.com/scan/v1]\nexpressions:\n  - name: scan passed\n    expr: predicate.scan == "passed"\n',
    );
    const policyOk = await ok(['verify', ref, '--key', 'ci.pub', '--policy', 'policy.yaml'], { cwd: app });
    expect(policyOk.stdout).toMatch(/scan passed/);
    writeFileSync(
      join(app, 'policy-fail.yaml'),
      'requiredPredicateTypes: [https://example.com/scan/v1]\nexpressions:\n  - name: scan failed\n    expr: predicate.scan == "failed"\n',
    );
    const policyFail = await custody(['verify', ref, '--key', 'ci.pub', '--policy', 'policy-fail.yaml'], { cwd: app });
    expect(policyFail.code, policyFail.stdout + policyFail.stderr).toBe(1);
    // A foreign key does not verify what the registry holds.
    await ok(['keys', 'generate', '--output-key', 'other.key', '--output-pub', 'other.pub'], { cwd: app });
    const wrongKey = await custody(['verify', ref, '--key', 'other.pub', '--predicate-type', 'https://example.com/scan/v1'], { cwd: app });
    expect(wrongKey.code).toBe(1);
  });

  it('installs globally (npm install -g into a prefix) and runs from there', async () => {
    const prefix = join(project, 'global');
    await exec('npm', ['install', '-g', '--no-audit', '--no-fund', '--offline', '--prefix', prefix, tarball], { cwd: project, env });
    const r = await custody(['sbom', requireSharedFile('fixtures/lockfiles/Cargo.lock'), '--format', 'spdx-json'], {
      bin: join(prefix, 'bin', 'custody'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ spdxVersion: 'SPDX-2.3' });
    // The launcher npm links into prefix/bin finds dist/help.txt beside the package's real bin/custody.js.
    expect((await custody(['--help'], { bin: join(prefix, 'bin', 'custody') })).stdout).toContain('Usage: custody <command>');
  });

  it("on a Node outside sigstore-js's range (^22.22.2 || ^24.15 || >=26) exits 2 and says how to run it on Node 24", async () => {
    // The same Node binary, told another version before the package's bin runs: what that Node would see.
    const bin = join(project, 'node_modules', 'custody', 'bin', 'custody.js');
    const asVersion = async (version: string) => {
      const preload = join(project, `node-${version}.cjs`);
      writeFileSync(preload, `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });\n`);
      return exec(process.execPath, ['--require', preload, bin, '--version'], { env }).then(
        (o) => ({ code: 0, stdout: o.stdout, stderr: o.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    };
    for (const old of ['20.11.1', '22.21.0', '22.22.1', '23.11.0', '24.14.0', '25.0.0']) {
      const r = await asVersion(old);
      expect(r.code, old).toBe(2);
      expect(r.stderr).toContain(`Node ${old} is too old`);
      expect(r.stderr).toContain('npx -y -p node@24 -p custody custody');
      expect(r.stderr).toContain('[NODE_VERSION]');
    }
    for (const ok of ['22.22.2', '24.15.0', '26.1.0']) {
      const r = await asVersion(ok);
      expect(r.code, `${ok}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^custody \d/);
    }
  });
});
