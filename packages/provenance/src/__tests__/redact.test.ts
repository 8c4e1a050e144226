import { describe, expect, it } from 'vitest';
import { mask } from '@custody/core';
import { REDACTED, isSecretName, redactArgv, redactEnvironment, secretKinds } from '../index.js';
import { leaks, namedSecrets, valueSecrets } from './fake-secrets.js';

describe('secret detection by value', () => {
  it('recognises every kind of seeded secret (at least 30 kinds)', () => {
    const secrets = valueSecrets();
    expect(new Set(secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(30);
    const missed = secrets.filter((s) => secretKinds(s.value).length === 0).map((s) => s.kind);
    expect(missed).toEqual([]);
  });

  it('leaves ordinary CI values alone (no false positives on shas, ids, paths, URLs, refs)', () => {
    const ordinary = [
      '4f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '0190e5c4-7d8e-4b5a-9c1d-2e3f4a5b6c7d',
      '{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}',
      '/home/runner/work/Octo-App2/Octo-App2',
      '/opt/hostedtoolcache/node/24.11.0/x64/bin',
      'https://github.com/octo-org/octo-app/actions/runs/5432109876',
      'octo-org/octo-app/.github/workflows/release.yml@refs/heads/main',
      'refs/pull/17/merge',
      'GitHub Actions 7',
      'ubuntu-24.04',
      '20261127.3',
      'linux/amd64',
      'git@github.com:acme/api.git',
    ];
    expect(ordinary.filter((v) => secretKinds(v).length > 0)).toEqual([]);
  });
});

describe('redactEnvironment', () => {
  it('captures allow-listed names only, never secret names, and redacts secret-looking values', () => {
    const secrets = valueSecrets();
    const env: Record<string, string> = { GITHUB_SHA: 'a'.repeat(40), HOME: '/home/me', PATH: '/usr/bin', RANDOM_THING: 'x' };
    secrets.forEach((s, i) => (env[`CI_VALUE_${i}`] = s.value));
    for (const { name, secret } of namedSecrets()) env[name] = secret.value;
    const out = redactEnvironment(env);
    expect(out.variables.GITHUB_SHA).toBe('a'.repeat(40));
    expect(out.variables.HOME).toBeUndefined();
    expect(out.variables.RANDOM_THING).toBeUndefined();
    for (const { name } of namedSecrets()) expect(out.variables[name]).toBeUndefined();
    // Token formats take the whole value; a password in a URL only its user info.
    secrets.forEach((s, i) =>
      expect(out.variables[`CI_VALUE_${i}`]).toBe(s.kind === 'password-in-url' ? 'https://[REDACTED]@registry.acme.example/v2/' : REDACTED),
    );
    expect(out.redacted).toHaveLength(secrets.length);
    const text = JSON.stringify(out);
    expect(leaks(text, [...secrets, ...namedSecrets().map((n) => n.secret)])).toEqual([]);
    // Redacted values are registered with the log masker.
    expect(mask(`leaked ${secrets[0]!.value}`)).toBe('leaked ***');
  });

  it('treats *_TOKEN, *_SECRET, *_PASSWORD, *_KEY and friends as secret names', () => {
    for (const n of [
      'NPM_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'SSH_KEY',
      'KEY',
      'GH_PAT',
      'SYSTEM_ACCESSTOKEN',
      'NUGET_APIKEY',
      'AZURE_CREDENTIALS',
    ])
      expect(isSecretName(n), n).toBe(true);
    for (const n of ['GITHUB_SHA', 'CI_PIPELINE_ID', 'BUILDKITE_BRANCH', 'RUNNER_OS', 'MONKEY_BUSINESS_ID', 'PWD'])
      expect(isSecretName(n), n).toBe(false);
  });
});

describe('shapes found in review', () => {
  // Values are made at test time; none is a real credential.
  const hex = (n: number) => Array.from({ length: n }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('');

  it('a bare token as the URL user (lowercase hex, no password) is a secret; ssh git@ remotes are not', () => {
    expect(secretKinds(`https://${hex(40)}@github.com/o/r.git`)).toContain('url-credentials');
    expect(secretKinds('ssh://git@github.com/acme/api.git')).toEqual([]);
    const out = redactEnvironment({ GIT_URL: `https://${hex(40)}@github.com/o/r.git`, JENKINS_URL: 'https://ci.example.com/' });
    expect(out.variables.GIT_URL).toBe(`https://${REDACTED}@github.com/o/r.git`);
    expect(JSON.stringify(out)).not.toContain(hex(40));
  });

  it('authorization headers in any case; *_PW, *_CREDS and GIT_CONFIG_VALUE_* names', () => {
    expect(secretKinds(`AUTHORIZATION: bearer ${hex(32)}`)).toContain('authorization-header');
    for (const n of ['CI_DEPLOY_USER_PW', 'REGISTRY_CREDS', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_PARAMETERS'])
      expect(isSecretName(n), n).toBe(true);
    const out = redactEnvironment({ CI_DEPLOY_USER_PW: 'hunter7abc', GIT_CONFIG_VALUE_0: `AUTHORIZATION: bearer ${hex(32)}` });
    expect(JSON.stringify(out)).not.toMatch(/hunter7abc|bearer/);
  });

  it('passwords on command lines: docker login -p, mysql -pPW, curl -u user:pass', () => {
    expect(redactArgv(['docker', 'login', '-u', 'bob', '-p', 'hunter2xx', 'registry.example.com'])).toEqual([
      'docker',
      'login',
      '-u',
      'bob',
      '-p',
      REDACTED,
      'registry.example.com',
    ]);
    expect(redactArgv(['mysql', '-u', 'root', '-phunter3xy', 'db'])).toEqual(['mysql', '-u', 'root', `-p${REDACTED}`, 'db']);
    expect(redactArgv(['curl', '-u', 'user:hunter4xz', 'https://x.example/'])).toEqual(['curl', '-u', REDACTED, 'https://x.example/']);
    expect(redactArgv(['curl', '-uuser:hunter5xw', 'https://x.example/'])).toEqual(['curl', `-u${REDACTED}`, 'https://x.example/']);
    // Ordinary -p flags stay readable.
    expect(redactArgv(['mkdir', '-p', 'dist'])).toEqual(['mkdir', '-p', 'dist']);
    expect(redactArgv(['docker', 'run', '-p', '8080:80', 'img'])).toEqual(['docker', 'run', '-p', '8080:80', 'img']);
    expect(redactArgv(['docker', 'run', '-u', '1000:1000', 'img'])).toEqual(['docker', 'run', '-u', '1000:1000', 'img']);
  });
});

describe('redactArgv', () => {
  it('redacts secret-looking arguments and the values of secret-named flags', () => {
    const secrets = valueSecrets();
    const gh = secrets.find((s) => s.kind === 'github-pat');
    const url = secrets.find((s) => s.kind === 'password-in-url');
    const argv = ['deploy', '--token', 'plainvalue1', `--api-key=plainvalue2`, gh!.value, '--registry', url!.value, '--verbose'];
    const out = redactArgv(argv);
    expect(out).toEqual([
      'deploy',
      '--token',
      REDACTED,
      `--api-key=${REDACTED}`,
      REDACTED,
      '--registry',
      `https://${REDACTED}@registry.acme.example/v2/`,
      '--verbose',
    ]);
  });
});
