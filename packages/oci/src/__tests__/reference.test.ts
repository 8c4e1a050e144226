import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attestationTag,
  backoffDelay,
  findCredentials,
  isValidTag,
  parseAttestationTag,
  parseChallenge,
  parseLocation,
  parseReference,
  retryAfterMs,
  DEFAULT_RETRY,
} from '@custody/oci';

const D = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it('normalizes Docker Hub names and keeps registries with ports', () => {
    expect(parseReference('alpine')).toMatchObject({
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/alpine',
      tag: 'latest',
    });
    expect(parseReference('index.docker.io/org/app:1')).toMatchObject({ registry: 'docker.io', repository: 'org/app', tag: '1' });
    expect(parseReference(`oci://localhost:5000/a/b/c@${D}`)).toMatchObject({ registry: 'localhost:5000', repository: 'a/b/c', digest: D });
    expect(parseReference(`ghcr.io/org/app:v1@${D}`)).toMatchObject({ registry: 'ghcr.io', tag: 'v1', digest: D });
    expect(parseReference('127.0.0.1:5000/app')).toMatchObject({ registry: '127.0.0.1:5000', repository: 'app', tag: 'latest' });
    expect(parseLocation(`oci-layout:./dir@${D}`)).toEqual({ kind: 'layout', dir: './dir', digest: D });
  });

  it('rejects malformed references with OCI_REFERENCE_INVALID', () => {
    for (const bad of ['', 'org/UPPER', 'ghcr.io/org/app:bad tag', 'ghcr.io/org/app@sha256:123', 'ghcr.io//app', `a:${'x'.repeat(129)}`]) {
      expect(() => parseReference(bad), bad).toThrow(expect.objectContaining({ code: 'OCI_REFERENCE_INVALID' }));
    }
  });

  it('per-attestation tags fit the tag grammar and parse back only for their subject', () => {
    const tag = attestationTag(D, `sha256:${'b'.repeat(64)}`, `sha256:${'c'.repeat(64)}`);
    expect(tag).toBe(`sha256-${'a'.repeat(64)}.${'b'.repeat(16)}.${'c'.repeat(16)}.sigstore`);
    expect(tag.length).toBeLessThanOrEqual(128);
    expect(isValidTag(tag)).toBe(true);
    expect(parseAttestationTag(tag, D)).toEqual({ bundlePrefix: 'b'.repeat(16), manifestPrefix: 'c'.repeat(16) });
    expect(parseAttestationTag(tag, `sha256:${'d'.repeat(64)}`)).toBeUndefined();
    expect(parseAttestationTag(`sha256-${'a'.repeat(64)}.att`, D)).toBeUndefined();
  });
});

describe('auth challenges and backoff', () => {
  it('parses Bearer challenges with quoted commas', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual(
      {
        scheme: 'bearer',
        params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
      },
    );
    expect(parseChallenge('Basic realm="x"')?.scheme).toBe('basic');
  });

  it('bounds every delay, Retry-After included', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let a = 0; a < 20; a++) expect(backoffDelay(policy, a, () => 1)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(retryAfterMs('3600', policy)).toBe(1000);
    expect(retryAfterMs('0', policy)).toBe(0);
    expect(retryAfterMs(new Date(Date.now() + 500).toUTCString(), policy)).toBeLessThanOrEqual(1000);
    expect(retryAfterMs('soon', policy)).toBeUndefined();
  });
});

describe('credentials', () => {
  it('uses a docker-credential-* helper named in credHelpers, then auths, then GITHUB_TOKEN for ghcr.io', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-creds-'));
    // A real credential helper program (the protocol: server URL on stdin, JSON on stdout).
    const helper = join(dir, 'docker-credential-testhelper');
    await writeFile(
      helper,
      '#!/bin/sh\nread server\nif [ "$server" = "reg.example:5000" ]; then echo \'{"ServerURL":"reg.example:5000","Username":"helper-user","Secret":"helper-secret"}\'; else echo "credentials not found" >&2; exit 1; fi\n',
    );
    await chmod(helper, 0o755);
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        credHelpers: { 'reg.example:5000': 'testhelper', 'other.example': 'testhelper' },
        auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hub-user:hub-pass').toString('base64') } },
      }),
    );
    const env = { PATH: `${dir}:${process.env.PATH}`, DOCKER_CONFIG: dir };
    const viaHelper = await findCredentials('reg.example:5000', { env });
    expect(viaHelper.credential).toMatchObject({ username: 'helper-user', password: 'helper-secret' });
    expect(viaHelper.credential?.source).toMatch(/docker-credential-testhelper \(credHelpers/);
    const hub = await findCredentials('docker.io', { env });
    expect(hub.credential).toMatchObject({ username: 'hub-user', password: 'hub-pass' });
    const none = await findCredentials('other.example', { env });
    expect(none.credential).toBeUndefined();
    expect(none.tried.join(' | ')).toMatch(/CUSTODY_REGISTRY_USERNAME.*docker-credential-testhelper/);
    const gh = await findCredentials('ghcr.io', { env: { ...env, GITHUB_TOKEN: 'ghs_example_token_value', GITHUB_ACTOR: 'octo' } });
    expect(gh.credential).toMatchObject({ username: 'octo', source: 'GITHUB_TOKEN' });
    const explicit = await findCredentials('ghcr.io', {
      env: { ...env, CUSTODY_REGISTRY_USERNAME: 'me', CUSTODY_REGISTRY_PASSWORD: 'pw12345' },
    });
    expect(explicit.credential?.source).toBe('CUSTODY_REGISTRY_USERNAME/CUSTODY_REGISTRY_PASSWORD');
  });
});
