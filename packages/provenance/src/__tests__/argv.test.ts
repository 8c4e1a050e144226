/**
 * Command-line redaction parses what it records: every credential form of docs/capture.md's table, with a random
 * value made at test time, is redacted in argv, inside `sh -c` scripts and inside environment values; ordinary
 * values are left alone.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactArgv, redactEnvironment, redactText, tokenizeShell } from '../index.js';

/** A random value that looks like nothing in particular (lowercase + digits, no provider prefix). */
const rnd = () => `v${randomBytes(9).toString('hex')}`;

/** [description, argv built around the secret] — one row per supported form. */
export function credentialForms(): Array<[string, (s: string) => string[]]> {
  return [
    ['curl -u user:S', (s) => ['curl', '-u', `user:${s}`, 'https://x.example/']],
    ['curl -uuser:S', (s) => ['curl', `-uuser:${s}`, 'https://x.example/']],
    ['curl --user=user:S', (s) => ['curl', `--user=user:${s}`, 'https://x.example/']],
    ['curl --user user:S', (s) => ['curl', '--user', `user:${s}`, 'https://x.example/']],
    ['curl -H "Authorization: Bearer S"', (s) => ['curl', '-H', `Authorization: Bearer ${s}`, 'https://x.example/']],
    ['curl -H "X-Api-Key: S"', (s) => ['curl', '-H', `X-Api-Key: ${s}`, 'https://x.example/']],
    ['curl --oauth2-bearer S', (s) => ['curl', '--oauth2-bearer', s, 'https://x.example/']],
    ['curl --cert file:S', (s) => ['curl', '--cert', `client.pem:${s}`, 'https://x.example/']],
    ['curl -d password=S', (s) => ['curl', '-d', `user=bob&password=${s}`, 'https://x.example/']],
    ['wget --password S', (s) => ['wget', '--password', s, 'https://x.example/f']],
    ['wget --http-password=S', (s) => ['wget', `--http-password=${s}`, 'https://x.example/f']],
    ['wget --user S', (s) => ['wget', '--user', s, 'https://x.example/f']],
    ['docker login -p S', (s) => ['docker', 'login', '-u', 'bob', '-p', s, 'registry.example.com']],
    ['docker login -pS', (s) => ['docker', 'login', '-u', 'bob', `-p${s}`, 'registry.example.com']],
    ['docker login --password=S', (s) => ['docker', 'login', '-u', 'bob', `--password=${s}`, 'registry.example.com']],
    ['podman login --password S', (s) => ['podman', 'login', '--password', s, 'quay.io']],
    ['helm registry login -p S', (s) => ['helm', 'registry', 'login', 'r.example', '-u', 'bob', '-p', s]],
    ['helm repo add --password S', (s) => ['helm', 'repo', 'add', 'acme', 'https://charts.example', '--username', 'bob', '--password', s]],
    ['oras push -p S', (s) => ['oras', 'push', '-u', 'bob', '-p', s, 'r.example/a:1', 'f.txt']],
    ['docker build --build-arg NPM_TOKEN=S', (s) => ['docker', 'build', '--build-arg', `NPM_TOKEN=${s}`, '.']],
    ['docker build --build-arg=NPM_TOKEN=S', (s) => ['docker', 'build', `--build-arg=NPM_TOKEN=${s}`, '.']],
    ['docker run -e DB_PASSWORD=S', (s) => ['docker', 'run', '-e', `DB_PASSWORD=${s}`, 'img']],
    ['mysql -pS', (s) => ['mysql', '-u', 'root', `-p${s}`, 'db']],
    ['mysql -p S', (s) => ['mysql', '-u', 'root', '-p', s]],
    ['mysqldump --password=S', (s) => ['mysqldump', `--password=${s}`, 'db']],
    ['psql conninfo password=S', (s) => ['psql', `host=db.example port=5432 user=app password=${s} dbname=app`]],
    ['psql postgres://user:S@host', (s) => ['psql', `postgresql://app:${s}@db.example:5432/app`]],
    ['PGPASSWORD=S psql', (s) => [`PGPASSWORD=${s}`, 'psql', '-h', 'db.example']],
    ['redis-cli -a S', (s) => ['redis-cli', '-h', 'cache', '-a', s, 'ping']],
    ['redis-cli --pass S', (s) => ['redis-cli', '--pass', s, 'ping']],
    ['mongosh -p S', (s) => ['mongosh', '-u', 'admin', '-p', s, 'mongodb://db.example']],
    ['mongodump --password=S', (s) => ['mongodump', `--password=${s}`]],
    ['zip -P S', (s) => ['zip', '-P', s, 'out.zip', 'a.txt']],
    ['unzip -PS', (s) => ['unzip', `-P${s}`, 'out.zip']],
    ['7z a -pS', (s) => ['7z', 'a', `-p${s}`, 'out.7z', 'a.txt']],
    ['openssl -passin pass:S', (s) => ['openssl', 'pkcs12', '-export', '-in', 'c.pem', '-passin', `pass:${s}`]],
    ['openssl enc -k S', (s) => ['openssl', 'enc', '-aes-256-cbc', '-k', s, '-in', 'a']],
    ['openssl -passout=pass:S', (s) => ['openssl', 'genrsa', `-passout=pass:${s}`]],
    ['htpasswd -Bbn user S', (s) => ['htpasswd', '-Bbn', 'bob', s]],
    ['htpasswd -b file user S', (s) => ['htpasswd', '-b', '.htpasswd', 'bob', s]],
    ['sshpass -p S ssh', (s) => ['sshpass', '-p', s, 'ssh', 'deploy@host', 'uptime']],
    ['sshpass -pS ssh', (s) => ['sshpass', `-p${s}`, 'ssh', 'deploy@host']],
    ['ssh host "mysql -pS"', (s) => ['ssh', '-i', 'id_ed25519', 'deploy@host', `mysql -u app -p${s} app < dump.sql`]],
    ['ssh host mysql -pS (words)', (s) => ['ssh', 'deploy@host', 'mysql', `-p${s}`, 'app']],
    ['git clone https://user:S@host', (s) => ['git', 'clone', `https://bob:${s}@git.example/acme/app.git`]],
    ['git clone https://S@host', (s) => ['git', 'clone', `https://x${s}${s}@git.example/acme/app.git`]],
    ['git -c http.extraheader=...', (s) => ['git', '-c', `http.https://github.com/.extraheader=AUTHORIZATION: basic ${s}`, 'fetch']],
    ['git -c credential.helper=!script', (s) => ['git', '-c', `credential.helper=!f() { echo "password=${s}"; }; f`, 'push']],
    ['git config http.extraheader V', (s) => ['git', 'config', '--global', 'http.extraheader', `Authorization: token ${s}`]],
    ['make NAME=S', (s) => ['make', 'deploy', `DEPLOY_TOKEN=${s}`]],
    ['env NAME=S cmd', (s) => ['env', `API_KEY=${s}`, 'node', 'x.js']],
    ['--secret-named-opt S', (s) => ['deploy', '--db-password', s]],
    ['-Dprop.password=S', (s) => ['mvn', `-Ddb.password=${s}`, 'deploy']],
    ['-PsigningKey=S', (s) => ['gradle', `-PsigningKey=${s}`, 'publish']],
    ['npm config set //r/:_authToken S', (s) => ['npm', 'config', 'set', '//registry.npmjs.org/:_authToken', s]],
    ['npm --//r/:_authToken=S', (s) => ['npm', 'publish', `--//registry.npmjs.org/:_authToken=${s}`]],
    ['Basic S (any length)', (s) => ['http', 'GET', 'x.example', `Authorization:Basic ${s.slice(0, 6)}`]],
    ['Bearer S (short)', (s) => ['tool', '--header', `Authorization: Bearer ${s.slice(0, 5)}`]],
    ['URL ?token=S', (s) => ['curl', `https://x.example/hook?token=${s}&x=1`]],
    ['keytool -storepass S', (s) => ['keytool', '-list', '-keystore', 'k.jks', '-storepass', s]],
  ];
}

/** The forms again, as shell scripts for sh -c. */
const quoteForShell = (argv: string[]) => argv.map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

describe('redactArgv: every credential form', () => {
  for (const [name, make] of credentialForms()) {
    it(name, () => {
      const s = rnd();
      const argv = make(s);
      const out = redactArgv(argv);
      expect(out).toHaveLength(argv.length);
      const text = out.join(' ');
      const needle = name.includes('any length') ? s.slice(0, 6) : name.includes('(short)') ? s.slice(0, 5) : s;
      expect(text, text).not.toContain(needle);
      expect(text).toContain(REDACTED);
      // The program name stays readable.
      expect(out[0]).toBe(argv[0]!.startsWith('PGPASSWORD') ? `PGPASSWORD=${REDACTED}` : argv[0]);
    });
  }

  it('inside sh -c / bash -ec scripts, joined with ; && || | and newlines; the rest of the script stays as written', () => {
    const forms = credentialForms();
    const secrets = forms.map(() => rnd());
    const script = forms.map(([, make], i) => quoteForShell(make(secrets[i]!))).join(' && \\\n  ');
    for (const argv of [['sh', '-c', script], ['bash', '-o', 'pipefail', '-ec', script], ['/usr/bin/env', 'bash', '-c', script], ['docker', 'run', 'img', 'sh', '-c', script], ['sudo', '-u', 'app', 'sh', '-c', script]]) {
      const out = redactArgv(argv).join(' ');
      const leaked = secrets.filter((s, i) => out.includes(forms[i]![0].includes('any length') ? s.slice(0, 6) : forms[i]![0].includes('(short)') ? s.slice(0, 5) : s));
      expect(leaked.map((s) => forms[secrets.indexOf(s)]![0])).toEqual([]);
      expect(out).toContain('docker build');
      expect(out).toContain('redis-cli -h cache');
    }
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
      ['tar', '-czpf', 'out.tgz', 'dist'],
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
