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
          'node_modules/ms': { version: '2.1.3', integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==', license: 'MIT' },
        },
      }),
    );
    await writeFile(join(ws, 'app.tgz'), 'the build output\n');
  });
  afterAll(async () => {
    await Promise.all([stack?.close(), registry?.stop()]);
  });

  it('declares every input the code reads and the outputs it sets', async () => {
    const action = YAML.parse(await readFile(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
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
    expect(run.outputs['bundle-paths']!.split('\n')).toEqual([run.outputs['provenance-bundle-path'], run.outputs['sbom-bundle-path']]);
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
      ['verify', `oci://${registry.host}/acme/app@${image.digest}`, '--certificate-identity', `${SAN}x`, '--certificate-oidc-issuer', stack.issuer.url, '--trusted-root', stack.trustedRootPath],
      { cwd: ws },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(/identity/);
  });

  it('fails the step with the fix when there is neither a token nor a key', async () => {
    const run = await runActionDist(dist, { 'subject-path': 'app.tgz', 'signing-config': stack.signingConfigPath, 'output-dir': join(ws, 'out2') }, { cwd: ws, env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::/);
    expect(run.stdout).toMatch(/id-token: write|--key|key/);
  });
});
