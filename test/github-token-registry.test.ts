// Every action's github-token input opens GitHub's container registry (ghcr.io; containers.HOST on GHES / GHE.com)
// as well as GitHub's API, with no `docker login`. A REAL registry (Debian's docker-registry with htpasswd auth)
// stands in for ghcr.io: its host is 127.0.0.1:PORT, which the github-token input is never sent to in a real run,
// so THIS TEST INJECTS the set of registries the token applies to (actionRun's `githubRegistries`, which only tests
// set; runActionDefinition never does). The actions run in-process from their source (their definitions), the
// way their run() runs them, with a runner-like context; errors are worded as the action words them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustodyError, silentLogger } from '@custody/core';
import { findCredentials, githubContainerRegistries, listAttestations, openImage } from '@custody/oci';
import type { ActionContext } from '@custody/github';
import { generateSigningKey } from '@custody/sign';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry, type TestImage } from '@custody/testing';
import { actionRun, wordForAction, type ActionDefinition } from '../src/actions-runtime/index.js';
import { readSettings } from '../src/settings.js';
import { action as sbomAction } from '../actions/sbom/src/main.js';
import { action as attestAction } from '../actions/attest/src/main.js';
import { action as verifyAction } from '../actions/verify/src/main.js';

const USER = 'octo-actor';
const TOKEN = 'ghs_registryStandIn0123456789abcdefABCD';

interface Run {
  outputs: Record<string, string>;
  error?: CustodyError;
  /** The error as the action prints it (input names for flags). */
  message?: string;
}

describe("actions' github-token on a real registry standing in for ghcr.io", () => {
  let reg: StartedRegistry;
  let image: TestImage;
  let ws: string;
  let home: string;
  const key = generateSigningKey();

  const context = (inputs: Record<string, string>, outputs: Record<string, string>): ActionContext => ({
    input: (n) => inputs[n] ?? '',
    inputLines: (n) =>
      (inputs[n] ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    booleanInput: (n, fallback) => (inputs[n] ? inputs[n] === 'true' : fallback),
    setOutput: (n, v) => {
      outputs[n] = String(v);
    },
    summary: async () => {},
    addPath: () => {},
    setSecret: () => {},
    idToken: async () => '',
    logger: silentLogger,
    // A runner without a docker login: no config.json, no CUSTODY_REGISTRY_*, no GITHUB_TOKEN in the environment.
    env: { GITHUB_ACTOR: USER, HOME: home, DOCKER_CONFIG: home, RUNNER_TEMP: ws, GITHUB_SERVER_URL: 'https://github.com' },
    cwd: ws,
  });

  async function run(def: ActionDefinition, inputs: Record<string, string>, registries?: string[]): Promise<Run> {
    const outputs: Record<string, string> = {};
    const gh = context({ 'github-token': TOKEN, ...inputs }, outputs);
    try {
      await def.run(actionRun(def, gh, readSettings(gh.env), registries ? { githubRegistries: registries } : {}));
      return { outputs };
    } catch (err) {
      if (!(err instanceof CustodyError)) throw err;
      return { outputs, error: err, message: wordForAction(err.describe(), def.inputs) };
    }
  }

  beforeAll(async () => {
    registryToolsAvailable();
    reg = await startRegistry({ auth: { username: USER, password: TOKEN } });
    image = await pushTestImage(reg, 'acme/app', 'v1');
    ws = await mkdtemp(join(tmpdir(), 'custody-ghtoken-'));
    home = await mkdtemp(join(tmpdir(), 'custody-ghtoken-home-'));
    await writeFile(join(ws, 'ci.pub'), key.publicKeyPem);
  });
  afterAll(async () => {
    await reg?.stop();
    for (const d of [ws, home]) if (d) await rm(d, { recursive: true, force: true });
  });

  it("the token goes to GitHub's container registry of the server only: ghcr.io, containers.HOST on GHES and GHE.com", async () => {
    expect(githubContainerRegistries(undefined)).toEqual(['ghcr.io']);
    expect(githubContainerRegistries('https://github.com')).toEqual(['ghcr.io']);
    expect(githubContainerRegistries('https://octo.ghe.com')).toEqual(['containers.octo.ghe.com']);
    expect(githubContainerRegistries('https://ghes.example.com/')).toEqual(['containers.ghes.example.com']);
    const token = { token: TOKEN, source: 'the github-token input', registries: ['ghcr.io'], username: USER };
    const env = { HOME: home, DOCKER_CONFIG: home };
    const gh = await findCredentials('ghcr.io', { env, githubToken: token });
    expect(gh.credential).toMatchObject({ username: USER, source: 'the github-token input' });
    const other = await findCredentials('registry.example.com', { env, githubToken: token });
    expect(other.credential).toBeUndefined();
    expect(other.tried).toContain('the github-token input (for ghcr.io only)');
    // GITHUB_TOKEN in the environment (the CLI) follows the same rule: on a GHES runner, its registry, not ghcr.io.
    const ghes = { ...env, GITHUB_TOKEN: 'ghs_env', GITHUB_SERVER_URL: 'https://ghes.example.com' };
    expect((await findCredentials('containers.ghes.example.com', { env: ghes })).credential?.source).toBe('GITHUB_TOKEN');
    expect((await findCredentials('ghcr.io', { env: ghes })).credential).toBeUndefined();
    // A docker login (config.json) wins over the input: the user chose those credentials.
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('docker-user:docker-pass').toString('base64') } } }),
    );
    try {
      expect((await findCredentials('ghcr.io', { env, githubToken: token })).credential?.username).toBe('docker-user');
    } finally {
      await rm(join(home, 'config.json'));
    }
  });

  it('sbom: image on the registry with only the github-token input; named as sbom-action names an image SBOM', async () => {
    const r = await run(sbomAction, { image: `oci://${reg.host}/acme/app:v1` }, [reg.host]);
    expect(r.error?.describe()).toBeUndefined();
    expect(r.outputs['sbom-path']).toBe('acme-app_v1.cyclonedx.json');
    const doc = JSON.parse(await readFile(join(ws, 'acme-app_v1.cyclonedx.json'), 'utf8'));
    expect(doc.metadata.component.purl).toContain(image.digest.replace(':', '%3A'));
  });

  it('the token is not sent to a registry that is not GitHub’s: OCI_AUTH_FAILED lists the github-token input as tried', async () => {
    const r = await run(sbomAction, { image: `oci://${reg.host}/acme/app:v1` }); // registries: ghcr.io, as in a real run
    expect(r.error?.code).toBe('OCI_AUTH_FAILED');
    expect(r.error?.exitCode).toBe(2);
    expect(r.message).toContain('the github-token input (for ghcr.io only)');
    const wrong = await run(sbomAction, { image: `oci://${reg.host}/acme/app:v1`, 'github-token': 'ghs_wrong' }, [reg.host]);
    expect(wrong.error?.code).toBe('OCI_AUTH_FAILED');
    expect(wrong.message).toMatch(/Credential sources tried: .*the github-token input/);
    expect(wrong.message).not.toContain('ghs_wrong');
  });

  it('attest: push-to-registry stores the bundle next to subject-name@subject-digest; verify reads it with the same token', async () => {
    const r = await run(
      attestAction,
      {
        'subject-name': `${reg.host}/acme/app`,
        'subject-digest': image.digest,
        'predicate-type': 'https://example.com/test-result/v1',
        predicate: '{"passed":true}',
        key: key.privateKeyPem,
        'push-to-registry': 'true',
        'store-github': 'false',
      },
      [reg.host],
    );
    expect(r.error?.describe()).toBeUndefined();
    const bundle = JSON.parse(await readFile(r.outputs['bundle-path']!, 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    // Named as GitHub's actions name an image subject: the repository, no scheme, no digest.
    expect(statement.subject).toEqual([{ name: `${reg.host}/acme/app`, digest: { sha256: image.digest.slice(7) } }]);
    const opened = await openImage(`${reg.host}/acme/app@${image.digest}`, {
      credential: { username: USER, password: TOKEN, source: 'test' },
    });
    const stored = await listAttestations(opened.store, image.digest);
    expect(stored.length).toBe(1);

    const v = await run(
      verifyAction,
      { image: `${reg.host}/acme/app@${image.digest}`, key: 'ci.pub', 'predicate-type': 'https://example.com/test-result/v1' },
      [reg.host],
    );
    expect(v.error?.describe()).toBeUndefined();
    expect(v.outputs.passed).toBe('true');
  });

  it('push-to-registry without the image: an error that names the inputs, exit 2, before anything is signed', async () => {
    await writeFile(join(ws, 'app.tgz'), 'artifact\n');
    const r = await run(attestAction, {
      'subject-path': 'app.tgz',
      'predicate-type': 'https://example.com/test-result/v1',
      predicate: '{}',
      key: key.privateKeyPem,
      'push-to-registry': 'true',
    });
    expect(r.error?.code).toBe('ACTION_INPUT_INVALID');
    expect(r.error?.exitCode).toBe(2);
    expect(r.message).toMatch(/input push-to-registry needs the image: subject-name and subject-digest are not set/);
    expect(r.message).not.toMatch(/--push|--subject/);
  });

  it("attest: provenance: true signs GitHub's predicate (SLSA Provenance v1) with the build described from the runner", async () => {
    await writeFile(join(ws, 'app.tgz'), 'artifact\n');
    const r = await run(attestAction, {
      'subject-path': 'app.tgz',
      provenance: 'true',
      key: key.privateKeyPem,
      'bundle-file': 'prov.sigstore.json',
      'store-github': 'false',
    });
    expect(r.error?.describe()).toBeUndefined();
    const bundle = JSON.parse(await readFile(join(ws, 'prov.sigstore.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(statement.predicate.buildDefinition.buildType).toMatch(/^https:\/\//);
    // Two predicates at once: the error names the inputs, not the flags.
    const both = await run(attestAction, { 'subject-path': 'app.tgz', provenance: 'true', 'sbom-path': 'x.json', key: key.privateKeyPem });
    expect(both.error?.exitCode).toBe(2);
    expect(both.message).toContain('input provenance');
    expect(both.message).toContain('input sbom-path');
    expect(both.message).not.toMatch(/--provenance|--sbom/);
  });
});
