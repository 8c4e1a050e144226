/**
 * The credential forms Custody redacts on command lines (docs/capture.md), as argv builders, and random secret values
 * for them made at test time. Shared by the unit tests and the adversarial suite (test/adversarial/argv-env.test.ts).
 * Values are lowercase letters and digits only: no token format and not high-entropy by Custody's measure, so only
 * parsing the command line can find them.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** One supported credential form: a command line built around the secret value. */
export interface CredentialForm {
  name: string;
  argv: (secret: string) => string[];
  /** The form is about credentials of any length: the test uses a short value. */
  short?: boolean;
}

/** Every form of docs/capture.md's table, one row each. */
export function credentialForms(): CredentialForm[] {
  const rows: Array<[string, (s: string) => string[]]> = [
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
    ['git clone https://S@host', (s) => ['git', 'clone', `https://${s}@git.example/acme/app.git`]],
    ['git -c http.extraheader=...', (s) => ['git', '-c', `http.https://github.com/.extraheader=AUTHORIZATION: basic ${s}`, 'fetch']],
    ['git -c credential.helper=!script', (s) => ['git', '-c', `credential.helper=!f() { echo "password=${s}"; }; f`, 'push']],
    ['git config http.extraheader V', (s) => ['git', 'config', '--global', 'http.extraheader', `Authorization: token ${s}`]],
    ['make NAME=S', (s) => ['make', 'deploy', `DEPLOY_TOKEN=${s}`]],
    ['env NAME=S cmd', (s) => ['env', `API_KEY=${s}`, 'true']],
    ['--secret-named-opt S', (s) => ['deploy', '--db-password', s]],
    ['-Dprop.password=S', (s) => ['mvn', `-Ddb.password=${s}`, 'deploy']],
    ['-PsigningKey=S', (s) => ['gradle', `-PsigningKey=${s}`, 'publish']],
    ['npm config set //r/:_authToken S', (s) => ['npm', 'config', 'set', '//registry.npmjs.org/:_authToken', s]],
    ['npm --//r/:_authToken=S', (s) => ['npm', 'publish', `--//registry.npmjs.org/:_authToken=${s}`]],
    ['Basic S (any length)', (s) => ['http', 'GET', 'x.example', `Authorization:Basic ${s}`]],
    ['Bearer S (short)', (s) => ['tool', '--header', `Authorization: Bearer ${s}`]],
    ['URL ?token=S', (s) => ['curl', `https://x.example/hook?token=${s}&x=1`]],
    ['a tool later on the line: notify deploy: curl -u ci:S', (s) => ['notify', 'deploy:', 'curl', '-u', `ci:${s}`, 'https://x.example/']],
    ['node -e code with an Authorization header (short)', (s) => ['node', '-e', `fetch(u, { headers: { Authorization: 'Bearer ${s}' } })`]],
    ['python -c code with password= (short)', (s) => ['python3', '-c', `connect(host="db", password="${s}")`]],
    ['keytool -storepass S', (s) => ['keytool', '-list', '-keystore', 'k.jks', '-storepass', s]],
    [
      'echo S | docker login --password-stdin',
      (s) => ['sh', '-c', `echo ${s} | docker login -u bob --password-stdin registry.example.com`],
    ],
    ['printf S | gh auth login --with-token', (s) => ['bash', '-c', `printf '%s' "${s}" | gh auth login --with-token`]],
    ['docker login --password-stdin <<< S', (s) => ['bash', '-c', `docker login -u bob --password-stdin registry.example.com <<< "${s}"`]],
    ['read -r TOKEN <<< S', (s) => ['bash', '-c', `read -r API_TOKEN <<< "${s}"; deploy`]],
    ['curl --header=Cookie: sid=S', (s) => ['curl', `--header=Cookie: sid=${s}`, 'https://x.example/']],
    ['sqlcmd -P S', (s) => ['sqlcmd', '-S', 'db', '-U', 'sa', '-P', s]],
    ['az login -p S', (s) => ['az', 'login', '--service-principal', '-u', 'app', '-p', s, '--tenant', 't']],
    ['ssh-keygen -N S', (s) => ['ssh-keygen', '-t', 'ed25519', '-N', s, '-f', 'deploy_key']],
    ['gh secret set NAME --body S', (s) => ['gh', 'secret', 'set', 'NPM_TOKEN', '--body', s]],
    ['cargo login S', (s) => ['cargo', 'login', s]],
    ['vault login S', (s) => ['vault', 'login', s]],
    ['pwsh ConvertTo-SecureString S', (s) => ['pwsh', '-Command', `$p = ConvertTo-SecureString '${s}' -AsPlainText -Force`]],
    ['JSON "auth": "S" (a Docker config)', (s) => ['sh', '-c', `echo '{"auths":{"r.example":{"auth":"${s}"}}}' > ~/.docker/config.json`]],
    ['connection string Pwd=S', (s) => ['dotnet', 'run', '--', `Server=db;Uid=sa;Pwd=${s};`]],
    ['.netrc machine H login U password S', (s) => ['sh', '-c', `printf 'machine git.example login bob password ${s}\\n' > ~/.netrc`]],
    [
      'XML <password>S</password> (Maven settings.xml)',
      (s) => ['sh', '-c', `echo '<server><id>r</id><username>bob</username><password>${s}</password></server>' > settings.xml`],
    ],
    [
      'XML key="ClearTextPassword" value="S" (NuGet.config)',
      (s) => ['sh', '-c', `echo '<add key="ClearTextPassword" value="${s}" />' >> NuGet.config`],
    ],
    [
      'docker login --password-stdin <<EOF (here-document)',
      (s) => ['bash', '-c', `docker login -u bob --password-stdin r.example <<EOF\n${s}\nEOF\necho done`],
    ],
  ];
  return rows.map(([name, argv]) => ({ name, argv, ...(/any length|\(short\)/.test(name) ? { short: true } : {}) }));
}

/** A fresh random value for a form: 24 characters, or 6 for the any-length forms (letters that are not hex digits,
 * so a short value cannot turn up by chance inside a digest). */
export function secretFor(form: CredentialForm): string {
  if (form.short) {
    const letters = 'ghjkmnpqrstvwxyz';
    return Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join('');
  }
  return `k${randomBytes(12).toString('hex').slice(0, 23)}`;
}

/** An argv as a POSIX shell command line, in double quotes with backslash escapes. */
export const doubleQuoteForShell = (argv: string[]): string => argv.map((a) => `"${a.replace(/["\\$`]/g, (c) => `\\${c}`)}"`).join(' ');

/**
 * An argv as a POSIX shell command line, every special character backslash-escaped, no quotes (but a newline, which
 * a backslash would turn into a line continuation: it is written in double quotes).
 */
export const backslashForShell = (argv: string[]): string =>
  argv.map((a) => a.replace(/[^A-Za-z0-9_./:=@%+-]/g, (c) => (c === '\n' ? '"\n"' : `\\${c}`))).join(' ');

/** An argv as a POSIX shell command line (single quotes where needed). */
export const quoteForShell = (argv: string[]): string =>
  argv.map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
