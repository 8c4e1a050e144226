/**
 * Command-line redaction parses what it records: every credential form of docs/capture.md's table, with a random
 * value made at test time, is redacted in argv, inside `sh -c` scripts and inside environment values; ordinary
 * values are left alone.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactArgv, redactEnvironment, redactText, tokenizeShell } from '../index.js';
import { backslashForShell, credentialForms, doubleQuoteForShell, quoteForShell, secretFor } from './credential-forms.js';

/** A random value that looks like nothing in particular (lowercase + digits, no provider prefix). */
const rnd = () => `v${randomBytes(9).toString('hex')}`;

describe('redactArgv: every credential form', () => {
  for (const form of credentialForms()) {
    it(form.name, () => {
      const s = secretFor(form);
      const argv = form.argv(s);
      const out = redactArgv(argv);
      expect(out).toHaveLength(argv.length);
      const text = out.join(' ');
      expect(text, text).not.toContain(s);
      expect(text).toContain(REDACTED);
      // The program name stays readable.
      expect(out[0]).toBe(argv[0]!.startsWith('PGPASSWORD') ? `PGPASSWORD=${REDACTED}` : argv[0]);
    });
  }

  it('inside sh -c / bash -ec scripts, joined with ; && || | and newlines; the rest of the script stays as written', () => {
    const forms = credentialForms();
    const secrets = forms.map((f) => secretFor(f));
    const script = forms.map((f, i) => quoteForShell(f.argv(secrets[i]!))).join(' && \\\n  ');
    for (const argv of [
      ['sh', '-c', script],
      ['bash', '-o', 'pipefail', '-ec', script],
      ['/usr/bin/env', 'bash', '-c', script],
      ['docker', 'run', 'img', 'sh', '-c', script],
      ['sudo', '-u', 'app', 'sh', '-c', script],
    ]) {
      const out = redactArgv(argv).join(' ');
      expect(forms.filter((_f, i) => out.includes(secrets[i]!)).map((f) => f.name)).toEqual([]);
      expect(out).toContain('docker build');
      expect(out).toContain('redis-cli -h cache');
    }
  });

  it("whatever the quoting: double quotes with escapes, backslashes, $'…'", () => {
    for (const quote of [doubleQuoteForShell, backslashForShell]) {
      const forms = credentialForms();
      const secrets = forms.map((f) => secretFor(f));
      const script = forms.map((f, i) => quote(f.argv(secrets[i]!))).join('\n');
      const out = redactArgv(['sh', '-c', script]).join(' ');
      expect(forms.filter((_, i) => out.includes(secrets[i]!)).map((f) => f.name)).toEqual([]);
    }
    const s = rnd();
    expect(redactArgv(['bash', '-c', `mysql $'-p${s}' db`]).join(' ')).not.toContain(s);
  });

  it('inside environment values (BUILD_ARGS, a command in a variable), only the credential parts go', () => {
    const s = rnd();
    const t = rnd();
    const out = redactEnvironment({
      BUILD_ARGS: `--build-arg NPM_TOKEN=${s} --build-arg VERSION=1.2.3`,
      BUILDKITE_COMMAND: `mysql -u app -p${t} app < dump.sql`,
    });
    expect(out.variables.BUILD_ARGS).toBe(`--build-arg NPM_TOKEN=${REDACTED} --build-arg VERSION=1.2.3`);
    expect(out.variables.BUILDKITE_COMMAND).toBe(`mysql -u app -p${REDACTED} app < dump.sql`);
    expect(out.redacted.map((r) => r.name)).toEqual(['BUILDKITE_COMMAND', 'BUILD_ARGS']);
  });
});

describe('no false masking', () => {
  it('ordinary command lines stay as they are', () => {
    const ordinary: string[][] = [
      ['mkdir', '-p', 'dist'],
      ['docker', 'run', '-p', '8080:80', '-u', '1000:1000', '-e', 'NODE_ENV=production', 'img'],
      ['docker', 'build', '--build-arg', 'VERSION=1.2.3', '-t', 'acme/app:1.2.3', '.'],
      ['git', 'checkout', '4f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d'],
      ['git', 'clone', 'git@github.com:acme/app.git'],
      ['git', '-c', 'user.name=CI Bot', 'commit', '-m', 'Release 1.2.3'],
      ['buildkite-agent', 'step', 'get', 'state', '--step', 'build-and-test'],
      ['make', 'VERSION=1.2.3', 'GIT_COMMIT=4f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d', 'PREFIX=/usr/local'],
      ['ssh', '-p', '2222', 'deploy@host', 'systemctl restart app'],
      ['docker', 'login', '--password-stdin', '-u', 'bob', 'registry.example.com'],
      ['sh', '-c', 'npm ci && npm test -- --coverage; echo "done at $(date)"'],
      ['curl', '-fsSL', '-o', 'out.tgz', 'https://example.com/releases/v1.2.3/app.tgz'],
      ['node', '/home/runner/work/app/app/build.mjs', '--out', 'dist/'],
      ['zip', '-r', 'out.zip', 'dist'],
      ['psql', '--password', '-h', 'db.example', '-U', 'app', 'app'],
      ['tar', '-czpf', 'out.tgz', 'dist'],
      ['docker', 'run', '-v', '$PWD:/src', '-v', '$(pwd)/cache:/cache', 'img'],
      ['git', 'commit', '-m', 'Basic setup for the Bearer token support'],
      ['curl', '--header', 'Accept: application/json', 'https://example.com/'],
      ['sh', '-c', 'PASSWORD_FILE=/run/secrets/db ./migrate --token-file /run/secrets/t --password-file=/run/secrets/p'],
    ];
    for (const argv of ordinary) expect(redactArgv(argv), argv.join(' ')).toEqual(argv);
  });

  it('ordinary environment values: Buildkite step key, commit SHAs, paths, versions, authors', () => {
    const env = {
      BUILDKITE_STEP_KEY: 'build-and-test',
      BUILDKITE_GROUP_KEY: 'tests',
      GIT_COMMIT: '4f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      GITHUB_SHA: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4',
      GITHUB_WORKSPACE: '/home/runner/work/Octo-App2/Octo-App2',
      BUILD_VERSION: '1.2.3-rc.4+build.567',
      CI_COMMIT_AUTHOR: 'Ada Lovelace <ada@example.com>',
      GIT_AUTHOR_NAME: 'Ada Lovelace',
      BUILDKITE_COMMAND: 'npm ci && npm test',
      GITHUB_WORKFLOW: 'CI / build',
    };
    const out = redactEnvironment(env);
    expect(out.variables).toEqual(env);
    expect(out.redacted).toEqual([]);
  });
});

describe('hostile input stays bounded', () => {
  it('a very long line of alternating tools and nested scripts is redacted in bounded time', () => {
    const s = rnd();
    const line = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'mysql' : 'curl')).join(' ');
    // sh -c 'sh -c '\''…mysql -pS…'\'' ' nested deeper than the parser follows (then the inner script goes whole).
    let nested = `mysql -p${s}`;
    for (let i = 0; i < 12; i++) nested = `sh -c ${quoteForShell([nested])}`;
    const start = Date.now();
    const long = redactArgv(['sh', '-c', `${line} -p${s}`]);
    const out = redactArgv(['sh', '-c', nested]);
    let shallow = `mysql -p${s}`;
    for (let i = 0; i < 4; i++) shallow = `bash -ec ${quoteForShell([shallow])}`;
    expect(redactArgv(['sh', '-c', shallow])[2]).toContain(`mysql -p${REDACTED}`);
    const wrappers = redactArgv([...Array.from({ length: 5_000 }, () => 'sudo'), 'mysql', `-p${s}`]);
    expect(Date.now() - start).toBeLessThan(5_000);
    for (const r of [long, out, wrappers]) expect(r.join(' ')).not.toContain(s);
  });
});

describe('tokenizeShell', () => {
  it('follows POSIX quoting and separators, with source spans', () => {
    const script = `a 'b c' "d \\"e\\" $f" g\\ h; i && j || k | l\nm`;
    const cmds = tokenizeShell(script);
    expect(cmds.map((c) => c.map((w) => w.value))).toEqual([['a', 'b c', 'd "e" $f', 'g h'], ['i'], ['j'], ['k'], ['l'], ['m']]);
    expect(cmds[0]!.map((w) => script.slice(w.start, w.end))).toEqual(['a', "'b c'", '"d \\"e\\" $f"', 'g\\ h']);
  });

  it('an unterminated quote runs to the end and is still redacted', () => {
    const s = rnd();
    expect(redactText(`mysql -p${s} 'oops`)).not.toContain(s);
  });
});
