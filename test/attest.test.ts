// End-to-end: `custody attest` (in-process CLI) against the local Sigstore stack (real HTTP Fulcio / Rekor / TSA
// on @sigstore/mock, a verifying OIDC issuer). Bundles are checked with @sigstore/verify against the stack's root.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';
import { runCli, type CliRun } from './support/cli.js';

const CDX = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }],
};
const SPDX = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'app', dataLicense: 'CC0-1.0', packages: [] };

describe('custody attest', () => {
  let stack: SigstoreStack;
  let dir: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    stack = await startSigstoreStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(async () => {
    stack.faults.reset();
    dir = await mkdtemp(join(tmpdir(), 'custody-attest-'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact\n');
    await writeFile(join(dir, 'sbom.cdx.json'), JSON.stringify(CDX));
    await writeFile(join(dir, 'sbom.spdx.json'), JSON.stringify(SPDX));
    await writeFile(join(dir, 'result.json'), JSON.stringify({ passed: 42, failed: 0 }));
  });

  /** A clean environment (no CI variables from the machine running the tests), fast retries. */
  const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CUSTODY_SIGSTORE_BACKOFF_MS: '1',
    CUSTODY_SIGSTORE_TIMEOUT_MS: '500',
    ...extra,
  });
  const attest = (args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> =>
    runCli(['attest', '--subject', 'app.tgz', ...args], { cwd: dir, env });
  const keyless = ['--sbom', 'sbom.cdx.json', '--signing-config'];

  const bundleOf = async (name = 'app.tgz.sigstore.json') => JSON.parse(await readFile(join(dir, name), 'utf8'));
  const noSecrets = (run: CliRun) => {
    for (const s of secrets) {
      expect(run.stdout).not.toContain(s);
      expect(run.stderr).not.toContain(s);
    }
  };
  const verifyKeyless = async (run: CliRun, san: string) => {
    expect(run.code, run.stderr).toBe(0);
    const bundle = await bundleOf();
    const signer = verifyBundleWithRoot(bundle, stack.trustedRoot, {
      tlogThreshold: 1,
      timestampThreshold: 2,
      subjectAlternativeName: san,
    });
    expect(signer.identity?.subjectAlternativeName).toBe(san);
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    expect(statement.predicateType).toBe('https://cyclonedx.org/bom');
    expect(statement.subject).toEqual([{ name: 'app.tgz', digest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } }]);
    expect(statement.predicate).toEqual(CDX);
    expect(run.stdout).toContain(`identity:`);
    expect(run.stdout).toContain(san);
    expect(run.stdout).toMatch(/transparency log:\s+http:\/\/127\.0\.0\.1:\d+ index \d+/);
    noSecrets(run);
  };

  describe('keyless, each platform token path', () => {
    it('GitHub Actions: fetches the token through ACTIONS_ID_TOKEN_REQUEST_URL with audience sigstore', async () => {
      const env = baseEnv({ GITHUB_ACTIONS: 'true', ...stack.issuer.githubEnv() });
      secrets.push(stack.issuer.requestToken);
      const run = await attest([...keyless, stack.signingConfigPath], env);
      await verifyKeyless(run, 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main');
      expect(stack.issuer.tokenRequests.at(-1)).toEqual({ audience: 'sigstore', authorized: true });
    });

    it('GitHub Actions without id-token permission answering 401: exit 2 with the fix', async () => {
      const env = baseEnv({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: stack.issuer.tokenRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token',
      });
      const run = await attest([...keyless, stack.signingConfigPath], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/id-token: write/);
      expect(run.stderr).not.toContain('wrong-request-token');
      expect(existsSync(join(dir, 'app.tgz.sigstore.json'))).toBe(false);
    });

    it('GitLab CI: SIGSTORE_ID_TOKEN from id_tokens', async () => {
      const token = stack.issuer.mint({
        sub: 'project_path:grp/app:ref_type:branch:ref:main',
        ci_config_ref_uri: 'gitlab.com/grp/app//.gitlab-ci.yml@refs/heads/main',
      });
      secrets.push(token);
      const run = await attest([...keyless, stack.signingConfigPath], baseEnv({ GITLAB_CI: 'true', SIGSTORE_ID_TOKEN: token }));
      await verifyKeyless(run, 'https://gitlab.com/grp/app//.gitlab-ci.yml@refs/heads/main');
    });

    it('CircleCI: CIRCLE_OIDC_TOKEN_V2', async () => {
      const token = stack.issuer.mint({ sub: 'org/o1/project/p1/user/u1', 'oidc.circleci.com/project-id': 'p1' });
      secrets.push(token);
      const run = await attest([...keyless, stack.signingConfigPath], baseEnv({ CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: token }));
      await verifyKeyless(run, 'https://circleci.com/api/v2/projects/p1');
    });

    it('Buildkite: buildkite-agent oidc request-token --audience sigstore', async () => {
      // Test double: the real buildkite-agent needs a Buildkite agent session, which cannot run here. This script
      // stands in for it on PATH, checks the arguments Custody passes, and prints a token from the local issuer.
      const token = stack.issuer.mint({
        sub: 'organization:acme:pipeline:app:ref:refs/heads/main',
        organization_slug: 'acme',
        pipeline_slug: 'app',
      });
      secrets.push(token);
      const bin = join(dir, 'bin');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(bin);
      await writeFile(join(dir, 'bk-token'), token);
      await writeFile(
        join(bin, 'buildkite-agent'),
        `#!/bin/sh\n[ "$*" = "oidc request-token --audience sigstore" ] || { echo "unexpected args: $*" >&2; exit 3; }\ncat "${join(dir, 'bk-token')}"\n`,
      );
      await chmod(join(bin, 'buildkite-agent'), 0o755);
      const run = await attest([...keyless, stack.signingConfigPath], baseEnv({ BUILDKITE: 'true', PATH: `${bin}:${process.env.PATH}` }));
      await verifyKeyless(run, 'https://buildkite.com/acme/app');
    });

    it('--identity-token anywhere, with explicit URLs; SPDX detected; --format json', async () => {
      const token = stack.issuer.mint({ sub: 'https://example.test/ci' });
      secrets.push(token);
      const run = await runCli(
        [
          'attest',
          '--subject',
          'app.tgz',
          '--sbom',
          'sbom.spdx.json',
          '--identity-token',
          token,
          '--fulcio-url',
          stack.fulcioUrl,
          '--rekor-url',
          stack.rekorUrl,
          '--bundle',
          'out/spdx.sigstore.json',
          '--format',
          'json',
        ],
        { cwd: dir, env: baseEnv() },
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({
        predicateType: 'https://spdx.dev/Document/v2.3',
        identity: { san: 'https://example.test/ci', issuer: stack.issuer.url },
        timestamps: 0,
      });
      expect(result.tlogEntries).toHaveLength(1);
      const bundle = await bundleOf('out/spdx.sigstore.json');
      verifyBundleWithRoot(bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 1 });
      noSecrets(run);
    });
  });

  describe('key-based', () => {
    for (const algorithm of ['ecdsa-p256', 'ed25519']) {
      it(`${algorithm}: keys generate, then attest --key with a custom predicate, tlog and TSA`, async () => {
        const gen = await runCli(['keys', 'generate', '--algorithm', algorithm, '--format', 'json'], { cwd: dir, env: baseEnv() });
        expect(gen.code, gen.stderr).toBe(0);
        const { keyId } = JSON.parse(gen.stdout);
        const run = await attest(
          [
            '--predicate-type',
            'https://example.com/test-result/v1',
            '--predicate',
            'result.json',
            '--key',
            'custody.key',
            '--rekor-url',
            stack.rekorUrl,
            '--tsa-url',
            stack.tsaUrl,
          ],
          baseEnv(),
        );
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain(`key id:`);
        expect(run.stdout).toContain(keyId);
        const bundle = await bundleOf();
        expect(bundle.verificationMaterial.publicKey.hint).toBe(keyId);
        const pub = await readFile(join(dir, 'custody.pub'), 'utf8');
        verifyBundleWithRoot(bundle, stack.trustedRoot, { keys: { [keyId]: pub }, tlogThreshold: 1, timestampThreshold: 2 });
      });
    }

    it('encrypted key: CUSTODY_KEY_PASSWORD signs offline; the passphrase is never printed; a wrong one is exit 2', async () => {
      const pass = 'pass-phrase-for-the-test-9f2c';
      secrets.push(pass);
      const gen = await runCli(['keys', 'generate', '--output-key', 'enc.key', '--output-pub', 'enc.pub'], {
        cwd: dir,
        env: baseEnv({ CUSTODY_KEY_PASSWORD: pass }),
      });
      expect(gen.code, gen.stderr).toBe(0);
      expect(await readFile(join(dir, 'enc.key'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
      const run = await attest(['--sbom', 'sbom.cdx.json', '--key', 'enc.key'], baseEnv({ CUSTODY_KEY_PASSWORD: pass }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/evidence:\s+none/);
      expect(stack.faults.requests).toHaveLength(0);
      const bundle = await bundleOf();
      verifyBundleWithRoot(bundle, stack.trustedRoot, {
        keys: { [bundle.verificationMaterial.publicKey.hint]: await readFile(join(dir, 'enc.pub'), 'utf8') },
        timestampThreshold: 0,
      });
      noSecrets(run);
      noSecrets(gen);
      await rm(join(dir, 'app.tgz.sigstore.json'));
      const wrong = await attest(['--sbom', 'sbom.cdx.json', '--key', 'enc.key'], baseEnv({ CUSTODY_KEY_PASSWORD: 'not-the-passphrase' }));
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/passphrase is wrong.*CUSTODY_KEY_PASSWORD/);
      expect(wrong.stderr).not.toContain('not-the-passphrase');
      const missing = await attest(['--sbom', 'sbom.cdx.json', '--key', 'enc.key'], baseEnv());
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/encrypted.*Set CUSTODY_KEY_PASSWORD/);
      expect(existsSync(join(dir, 'app.tgz.sigstore.json'))).toBe(false);
    });
  });

  describe('service failures', () => {
    it('transient faults are retried and the bundle still verifies', async () => {
      stack.faults.inject('fulcio', { kind: 'status', status: 500 }).inject('rekor', { kind: 'reset' }).inject('tsa', { kind: 'hang' });
      const token = stack.issuer.mint({ sub: 'https://example.test/ci' });
      const run = await attest([...keyless, stack.signingConfigPath, '--identity-token', token], baseEnv());
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Fulcio POST .* failed \(HTTP 500.*retry 1 of 3/);
      expect(run.stderr).toMatch(/Rekor POST .* failed .*retry 1 of 3/);
      expect(run.stderr).toMatch(/TSA POST .* failed \(no answer within 500 ms \(timeout\)\); retry 1 of 3/);
      verifyBundleWithRoot(await bundleOf(), stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
    });

    it('a service that keeps failing: exit 2, names the service and URL, leaves no bundle file', async () => {
      stack.faults.inject('rekor', { kind: 'status', status: 503 }, 10);
      const token = stack.issuer.mint({ sub: 'https://example.test/ci' });
      const run = await attest([...keyless, stack.signingConfigPath, '--identity-token', token], baseEnv());
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Rekor at ${stack.rekorUrl}/api/v1/log/entries failed after 4 attempts: HTTP 503`);
      expect(run.stderr).toMatch(/SIGN_SERVICE_UNAVAILABLE/);
      expect((await readdir(dir)).filter((f) => f.includes('sigstore'))).toEqual([]);
      expect(run.stderr).not.toContain(token);
    });
  });

  describe('bad input: exit 2 with the fix', () => {
    it('no token and no key', async () => {
      const run = await attest(['--sbom', 'sbom.cdx.json'], baseEnv());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no signing key and no OIDC identity token.*--identity-token.*SIGSTORE_ID_TOKEN.*--key/);
      const gh = await attest(['--sbom', 'sbom.cdx.json'], baseEnv({ GITHUB_ACTIONS: 'true' }));
      expect(gh.code).toBe(2);
      expect(gh.stderr).toMatch(/permissions: id-token: write/);
    });

    it('expired and malformed tokens', async () => {
      const expired = stack.issuer.mint({ sub: 'x' }, { expiresIn: -300 });
      const a = await attest([...keyless, stack.signingConfigPath, '--identity-token', expired], baseEnv());
      expect(a.code).toBe(2);
      expect(a.stderr).toMatch(/expired .*request a fresh one/);
      expect(a.stderr).not.toContain(expired);
      const b = await attest([...keyless, stack.signingConfigPath], baseEnv({ SIGSTORE_ID_TOKEN: 'eyJhbGciOi.garbage' }));
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(/not a JWT.*--identity-token/);
      expect(stack.faults.count('fulcio')).toBe(0);
    });

    it('a forged token is refused by Fulcio', async () => {
      const forged = stack.issuer.mint({ sub: 'mallory' }, { forge: true });
      const run = await attest([...keyless, stack.signingConfigPath, '--identity-token', forged], baseEnv());
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Fulcio at ${stack.fulcioUrl}/api/v2/signingCert refused the identity token`);
      expect(run.stderr).not.toContain(forged);
    });

    it('unsupported key formats', async () => {
      await writeFile(
        join(dir, 'rsa.key'),
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
      );
      const run = await attest(['--sbom', 'sbom.cdx.json', '--key', 'rsa.key'], baseEnv());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/rsa\.key: the key is RSA, not ECDSA P-256 or Ed25519.*custody keys generate/);
    });

    it('predicate and subject mistakes; --push without an image subject', async () => {
      const env = baseEnv({ SIGSTORE_ID_TOKEN: stack.issuer.mint({ sub: 'x' }) });
      const none = await attest([], env);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/exactly one of --provenance, --sbom FILE/);
      const two = await attest(['--sbom', 'sbom.cdx.json', '--provenance'], env);
      expect(two.code).toBe(2);
      await writeFile(join(dir, 'notsbom.json'), '{"hello":1}');
      const unknown = await attest(['--sbom', 'notsbom.json'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/neither CycloneDX JSON .* nor SPDX JSON/);
      const badType = await attest(['--predicate-type', 'not a uri', '--predicate', 'result.json'], env);
      expect(badType.code).toBe(2);
      expect(badType.stderr).toMatch(/is not a URI/);
      const push = await attest(['--sbom', 'sbom.cdx.json', '--push'], env);
      expect(push.code).toBe(2);
      expect(push.stderr).toMatch(/--push needs an image subject/);
      expect(existsSync(join(dir, 'app.tgz.sigstore.json'))).toBe(false);
    });
  });

  it("--provenance signs the provenance helper's SLSA statement", async () => {
    const token = stack.issuer.mint({ sub: 'https://example.test/ci' });
    const run = await attest(['--provenance', '--identity-token', token, '--signing-config', stack.signingConfigPath], baseEnv());
    expect(run.code, run.stderr).toBe(0);
    const bundle = await bundleOf();
    verifyBundleWithRoot(bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(statement.subject[0].name).toBe('app.tgz');
    expect(JSON.stringify(statement)).not.toContain(token);
  });
  describe('honest provenance: a capture from custody run vouches only for a successful command and its recorded outputs', () => {
    const node = process.execPath;
    const payloadOf = async (name: string) => JSON.parse(Buffer.from((await bundleOf(name)).dsseEnvelope.payload, 'base64').toString());
    const keyed = async () => {
      const gen = await runCli(['keys', 'generate', '--output-key', 'h.key', '--output-pub', 'h.pub'], { cwd: dir, env: baseEnv() });
      expect(gen.code, gen.stderr).toBe(0);
      return ['--key', 'h.key'];
    };

    it('a failed command (exit 3) is refused with exit 2; --allow-failed-build signs it and the predicate records it', async () => {
      const key = await keyed();
      const build = await runCli(['run', '--output', 'app.tgz', '--capture-output', 'failed.json', '--', node, '-e', 'process.exit(3)'], {
        cwd: dir,
        env: baseEnv(),
      });
      expect(build.code).toBe(3);
      const refused = await attest(['--provenance', '--capture', 'failed.json', ...key, '--bundle', 'f.sigstore.json'], baseEnv());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/PROVENANCE_BUILD_FAILED|failed with exit code 3/);
      expect(refused.stderr).toMatch(/--allow-failed-build/);
      expect(existsSync(join(dir, 'f.sigstore.json'))).toBe(false);
      const allowed = await attest(
        ['--provenance', '--capture', 'failed.json', '--allow-failed-build', ...key, '--bundle', 'f.sigstore.json'],
        baseEnv(),
      );
      expect(allowed.code, allowed.stderr).toBe(0);
      const custody = (await payloadOf('f.sigstore.json')).predicate.buildDefinition.internalParameters.custody;
      expect(custody.overrides).toEqual({ allowFailedBuild: true, failedBuild: { exitCode: 3, reason: 'failed' } });
      expect(custody.command.exitCode).toBe(3);
    });

    it('a command that never started (not on PATH) and one killed by a signal are refused too', async () => {
      const key = await keyed();
      const missing = await runCli(['run', '--capture-output', 'missing.json', '--', 'custody-no-such-command-xyz'], {
        cwd: dir,
        env: baseEnv(),
      });
      expect(missing.code).toBe(127);
      const r1 = await attest(['--provenance', '--capture', 'missing.json', ...key], baseEnv());
      expect(r1.code).toBe(2);
      expect(r1.stderr).toMatch(/never started/);
      const killed = await runCli(
        ['run', '--output', 'app.tgz', '--capture-output', 'killed.json', '--', node, '-e', 'process.kill(process.pid, "SIGKILL")'],
        { cwd: dir, env: baseEnv() },
      );
      expect(killed.code).toBe(137);
      const r2 = await attest(['--provenance', '--capture', 'killed.json', ...key], baseEnv());
      expect(r2.code).toBe(2);
      expect(r2.stderr).toMatch(/killed by SIGKILL/);
    });

    it('a subject that is not among the recorded outputs is refused; --allow-unrecorded-subject lists it in the predicate', async () => {
      const key = await keyed();
      await writeFile(join(dir, 'other.bin'), 'not made by the build\n');
      const build = await runCli(['run', '--output', 'app.tgz', '--capture-output', 'ok.json', '--', node, '-e', '0'], {
        cwd: dir,
        env: baseEnv(),
      });
      expect(build.code, build.stderr).toBe(0);
      // The recorded output itself is fine.
      const good = await attest(['--provenance', '--capture', 'ok.json', ...key, '--bundle', 'good.sigstore.json'], baseEnv());
      expect(good.code, good.stderr).toBe(0);
      expect((await payloadOf('good.sigstore.json')).predicate.buildDefinition.internalParameters.custody.overrides).toBeUndefined();
      // Another file, or the output's name with other bytes, is not.
      const other = await runCli(
        [
          'attest',
          '--subject',
          'app.tgz',
          '--subject',
          'other.bin',
          '--provenance',
          '--capture',
          'ok.json',
          ...key,
          '--bundle',
          'o.sigstore.json',
        ],
        { cwd: dir, env: baseEnv() },
      );
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/other\.bin is not among its 1 recorded outputs/);
      expect(other.stderr).toMatch(/--allow-unrecorded-subject/);
      await writeFile(join(dir, 'app.tgz'), 'swapped after the build\n');
      const swapped = await attest(['--provenance', '--capture', 'ok.json', ...key], baseEnv());
      expect(swapped.code).toBe(2);
      const allowed = await runCli(
        [
          'attest',
          '--subject',
          'app.tgz',
          '--subject',
          'other.bin',
          '--provenance',
          '--capture',
          'ok.json',
          '--allow-unrecorded-subject',
          ...key,
          '--bundle',
          'o.sigstore.json',
        ],
        { cwd: dir, env: baseEnv() },
      );
      expect(allowed.code, allowed.stderr).toBe(0);
      expect((await payloadOf('o.sigstore.json')).predicate.buildDefinition.internalParameters.custody.overrides).toEqual({
        allowUnrecordedSubject: true,
        unrecordedSubjects: ['app.tgz', 'other.bin'],
      });
    });

    it('a capture without a command record (custody capture) claims no outputs: no refusal', async () => {
      const key = await keyed();
      const cap = await runCli(['capture', '--output', 'plain.json'], { cwd: dir, env: baseEnv() });
      expect(cap.code, cap.stderr).toBe(0);
      const r = await attest(['--provenance', '--capture', 'plain.json', ...key], baseEnv());
      expect(r.code, r.stderr).toBe(0);
    });
  });
});
