// The one-step root action (action.yml -> actions/custody/dist), run the way a GitHub runner runs it: INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, an OIDC token from the local issuer through
// ACTIONS_ID_TOKEN_REQUEST_URL, keyless signing against the local Sigstore stack, and the attestations stored next
// to an image in Debian's real docker-registry. Then custody verify finds and checks them in the registry.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  pushTestImage,
  registryToolsAvailable,
  runActionDist,
  startRegistry,
  startSigstoreStack,
  type SigstoreStack,
  type StartedRegistry,
  type TestImage,
} from '@custody/testing';
import { runCli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'actions', 'custody', 'dist', 'index.js');
const SAN = 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main';

describe.runIf(registryToolsAvailable())('root action (one step: SBOM + provenance + sign + push)', () => {
  let stack: SigstoreStack;
  let registry: StartedRegistry;
  let image: TestImage;
  let ws: string;

  beforeAll(async () => {
    [stack, registry] = await Promise.all([startSigstoreStack(), startRegistry()]);
    image = await pushTestImage(registry, 'acme/app', 'v1');
    ws = await mkdtemp(join(tmpdir(), 'custody-root-action-'));
    await writeFile(join(ws, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    await writeFile(
      join(ws, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
          'node_modules/ms': {
            version: '2.1.3',
            integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
            license: 'MIT',
          },
        },
      }),
    );
    await writeFile(join(ws, 'app.tgz'), 'the build output\n');
  });
  afterAll(async () => {
    await Promise.all([stack?.close(), registry?.stop()]);
  });

  it('declares every input the code reads and the outputs it sets', async () => {
    const action = YAML.parse(await readFile(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
      runs: { using: string; main: string };
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'actions/custody/dist/index.js' });
    const src = await readFile(join(root, 'actions', 'custody', 'src', 'main.ts'), 'utf8');
    const shared = await readFile(join(root, 'packages', 'github', 'src', 'inputs.ts'), 'utf8');
    const read = [...`${src}\n${shared}`.matchAll(/(?:input|inputLines|booleanInput|opt)\('([a-z-]+)'/g)].map((m) => m[1]!);
    for (const name of new Set(read)) expect(Object.keys(action.inputs), `input ${name}`).toContain(name);
    const set = [...src.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!);
    expect(new Set(set)).toEqual(new Set(Object.keys(action.outputs)));
  });

  it('keyless end to end: attests, signs, stores next to the image; custody verify passes from the registry', async () => {
    const run = await runActionDist(
      dist,
      {
        'subject-path': 'app.tgz',
        image: `${registry.host}/acme/app:v1`,
        'signing-config': stack.signingConfigPath,
        'output-dir': join(ws, 'out'),
      },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true', ...stack.issuer.githubEnv() } },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['image-digest']).toBe(image.digest);
    expect(run.outputs['component-count']).toBe('1');
    // The provenance, the project SBOM (about app.tgz) and the image's own SBOM (about its one manifest).
    expect(run.outputs['bundle-paths']!.split('\n')).toEqual([
      run.outputs['provenance-bundle-path'],
      run.outputs['sbom-bundle-path'],
      run.outputs['image-sbom-bundle-paths'],
    ]);
    expect(JSON.parse(run.outputs['image-sboms']!)).toMatchObject([{ platform: 'linux/amd64', digest: image.digest }]);
    expect(run.summary).toContain(SAN);
    expect(run.summary).toContain(image.digest);
    expect(run.summary).toContain('Stored');

    // Both attestations are in the registry, next to the image, and verify there with the signer's identity.
    const list = await runCli(['attestations', 'list', `${registry.host}/acme/app@${image.digest}`, '--format', 'json'], { cwd: ws });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('https://slsa.dev/provenance/v1');
    expect(list.stdout).toContain('https://cyclonedx.org/bom');
    const verify = await runCli(
      [
        'verify',
        `oci://${registry.host}/acme/app@${image.digest}`,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        stack.trustedRootPath,
        '--predicate-type',
        'https://cyclonedx.org/bom',
      ],
      { cwd: ws },
    );
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // The wrong identity is refused, naming the check.
    const wrong = await runCli(
      [
        'verify',
        `oci://${registry.host}/acme/app@${image.digest}`,
        '--certificate-identity',
        `${SAN}x`,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        stack.trustedRootPath,
      ],
      { cwd: ws },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(/identity/);
  });

  it('fails the step with the fix when there is neither a token nor a key', async () => {
    const run = await runActionDist(
      dist,
      { 'subject-path': 'app.tgz', 'signing-config': stack.signingConfigPath, 'output-dir': join(ws, 'out2') },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::/);
    expect(run.stdout).toMatch(/id-token: write|--key|key/);
  });
});

// Honest provenance in the one-step action: the same rules as custody attest --provenance, key-based signing (no
// registry or Sigstore service needed for this).
describe('root action with capture-path: honest provenance', () => {
  let ws: string;
  const payload = async (bundle: string) =>
    JSON.parse(Buffer.from(JSON.parse(await readFile(bundle, 'utf8')).dsseEnvelope.payload, 'base64').toString()) as {
      predicate: { buildDefinition: { internalParameters: { custody: { overrides?: unknown } } } };
    };

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'custody-root-honest-'));
    await writeFile(join(ws, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    await writeFile(
      join(ws, 'package-lock.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' } } }),
    );
    await writeFile(join(ws, 'app.tgz'), 'the build output\n');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    expect((await runCli(['keys', 'generate', '--output-key', 'ci.key', '--output-pub', 'ci.pub'], { cwd: ws, env })).code).toBe(0);
    const failed = await runCli(
      ['run', '--output', 'app.tgz', '--capture-output', 'failed.json', '--', process.execPath, '-e', 'process.exit(4)'],
      { cwd: ws, env },
    );
    expect(failed.code).toBe(4);
    const ok = await runCli(['run', '--output', 'app.tgz', '--capture-output', 'ok.json', '--', process.execPath, '-e', '0'], {
      cwd: ws,
      env,
    });
    expect(ok.code, ok.stderr).toBe(0);
    await writeFile(join(ws, 'other.bin'), 'not made by the build\n');
  });

  const run = (inputs: Record<string, string>, out: string) =>
    runActionDist(
      dist,
      { key: join(ws, 'ci.key'), 'output-dir': join(ws, out), 'show-summary': 'false', ...inputs },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true' } },
    );

  it('fails the step for a failed build; allow-failed-build signs it and the predicate records it', async () => {
    const refused = await run({ 'subject-path': 'app.tgz', 'capture-path': 'failed.json' }, 'f1');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::.*failed with exit code 4.*allow-failed-build/);
    const allowed = await run({ 'subject-path': 'app.tgz', 'capture-path': 'failed.json', 'allow-failed-build': 'true' }, 'f2');
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    const p = await payload(allowed.outputs['provenance-bundle-path']!);
    expect(p.predicate.buildDefinition.internalParameters.custody.overrides).toEqual({
      allowFailedBuild: true,
      failedBuild: { exitCode: 4, reason: 'failed' },
    });
  });

  it('fails the step for a subject the run did not record; allow-unrecorded-subject lists it', async () => {
    const good = await run({ 'subject-path': 'app.tgz', 'capture-path': 'ok.json' }, 'u0');
    expect(good.code, good.stdout + good.stderr).toBe(0);
    const refused = await run({ 'subject-path': 'app.tgz\nother.bin', 'capture-path': 'ok.json' }, 'u1');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::.*other\.bin is not among its 1 recorded outputs/);
    const allowed = await run(
      { 'subject-path': 'app.tgz\nother.bin', 'capture-path': 'ok.json', 'allow-unrecorded-subject': 'true' },
      'u2',
    );
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    const p = await payload(allowed.outputs['provenance-bundle-path']!);
    expect(p.predicate.buildDefinition.internalParameters.custody.overrides).toEqual({
      allowUnrecordedSubject: true,
      unrecordedSubjects: ['other.bin'],
    });
  });
});
