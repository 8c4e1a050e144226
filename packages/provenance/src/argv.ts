/**
 * Command-line redaction that parses what it records (docs/capture.md, "Secrets on command lines").
 *
 * A command is redacted word by word with three layers:
 *  1. per-tool credential options (CREDENTIAL_OPTIONS): `--opt=V`, `--opt V`, `-o V` and, where the tool accepts
 *     it, `-oV`; scoped to a subcommand where the letter means something else elsewhere (`docker login -p` vs
 *     `docker run -p`). Whatever follows a credential option is redacted, even when it may not be the password.
 *  2. tools whose arguments hold other commands: shells (`sh -c SCRIPT`), wrappers (env, sudo, timeout, sshpass,
 *     …), ssh's remote command, git's `-c` and `config` values, `credential.helper=!script`: the inner command or
 *     script is tokenized (shell.ts) and redacted by the same rules.
 *  3. every word: secret-named options (`--db-password V`, `-Dsigning.key=V`), NAME=VALUE with a secret-looking
 *     NAME (make, env, docker `--build-arg`/`-e`), secret-named headers (`Authorization: …`), Basic/Bearer
 *     credentials, URL user info, secret-named query and connection-string parameters, token formats and
 *     high-entropy strings. A word with spaces or shell operators is redacted as a script.
 * Redacted values are replaced by "[REDACTED]" and registered with the log masker.
 */
import { addSecret } from '@custody/core';
import { REDACTED, isSecretArgName, tokenKinds } from './secrets.js';
import { looksLikeScript, tokenizeShell } from './shell.js';

/** How deep scripts inside scripts are followed; deeper text is redacted whole when it looks secret at all. */
const MAX_DEPTH = 10;

export interface CredentialOptionSpec {
  /** Program names (basename). */
  programs: string[];
  /** Only after one of these subcommands (`login`); absent: anywhere on the command line. */
  subcommands?: string[];
  /** Options whose value is a credential, with their dashes (`--password`, `-p`, `-passin`). */
  options: string[];
  /** Single-letter options among them that also take a glued value (`-pSECRET`). */
  glued?: string[];
  /** Options whose value is `something:SECRET` (curl --cert file:password): only the part after the colon goes. */
  afterColon?: string[];
  /** Options that look secret but take no value (psql --password asks for one): the next word is not theirs. */
  booleans?: string[];
  /** After the subcommand, every argument that is not an option (nor a NAME=VALUE pair) is the credential (`cargo login TOKEN`). */
  positional?: boolean;
}

/** The table of per-tool credential options (mirrored in docs/capture.md). */
export const CREDENTIAL_OPTIONS: readonly CredentialOptionSpec[] = [
  {
    programs: ['curl'],
    options: [
      '-u',
      '--user',
      '-U',
      '--proxy-user',
      '--oauth2-bearer',
      '--pass',
      '--proxy-pass',
      '--tlspassword',
      '--proxy-tlspassword',
      '--tlsuser',
      '-E',
      '--cert',
      '--proxy-cert',
    ],
    glued: ['-u', '-U', '-E'],
    afterColon: ['-E', '--cert', '--proxy-cert'],
  },
  {
    programs: ['wget', 'wget2'],
    options: ['--user', '--password', '--http-user', '--http-password', '--ftp-user', '--ftp-password', '--proxy-user', '--proxy-password'],
  },
  {
    programs: ['docker', 'podman', 'buildah', 'nerdctl', 'finch', 'skopeo', 'crane', 'cosign', 'helm', 'regctl'],
    subcommands: ['login'],
    options: ['-p', '--password', '--pass', '--identity-token'],
    glued: ['-p'],
  },
  { programs: ['oras'], options: ['-p', '--password', '--identity-token'], glued: ['-p'] },
  { programs: ['helm'], options: ['--password', '--pass-credentials-value'] },
  {
    programs: [
      'mysql',
      'mysqldump',
      'mysqladmin',
      'mysqlimport',
      'mysqlshow',
      'mysqlcheck',
      'mysqlbinlog',
      'mysqlpump',
      'mysqlsh',
      'mysqlslap',
      'mariadb',
      'mariadb-dump',
      'mariadb-admin',
      'mariadb-import',
      'mariadb-show',
      'mariadb-check',
      'mariadb-binlog',
    ],
    options: ['-p', '--password'],
    glued: ['-p'],
  },
  {
    // No password option: the password travels in PGPASSWORD=, a conninfo (password=) or a URI (user:pass@),
    // which the word rules redact; --password / -W only make psql ask for one.
    programs: [
      'psql',
      'pg_dump',
      'pg_dumpall',
      'pg_restore',
      'pg_basebackup',
      'pgbench',
      'createdb',
      'dropdb',
      'createuser',
      'dropuser',
      'vacuumdb',
      'reindexdb',
      'clusterdb',
    ],
    options: [],
    booleans: ['--password', '-W', '--no-password', '-w'],
  },
  { programs: ['redis-cli', 'valkey-cli', 'keydb-cli'], options: ['-a', '--pass', '--user'], glued: ['-a'] },
  {
    programs: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongostat', 'mongotop', 'mongofiles'],
    options: ['-p', '--password', '--sslPEMKeyPassword', '--tlsCertificateKeyFilePassword'],
    glued: ['-p'],
  },
  { programs: ['zip', 'unzip', 'zipcloak', 'zipsplit'], options: ['-P', '--password'], glued: ['-P'] },
  { programs: ['7z', '7za', '7zr', '7zz'], options: ['-p'], glued: ['-p'] },
  { programs: ['rar', 'unrar'], options: ['-p', '-hp'], glued: ['-p', '-hp'] },
  {
    programs: ['openssl'],
    options: ['-pass', '-passin', '-passout', '-password', '-k', '-K', '-psk', '-srppass', '--pass', '--passin', '--passout', '--password'],
  },
  { programs: ['keytool'], options: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass', '-new'] },
  { programs: ['gpg', 'gpg2'], options: ['--passphrase'] },
  { programs: ['sshpass'], options: ['-p'], glued: ['-p'] },
  { programs: ['smbclient', 'rpcclient'], options: ['-U', '--user', '--password'], glued: ['-U'] },
  { programs: ['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldappasswd', 'ldapwhoami'], options: ['-w'], glued: ['-w'] },
  { programs: ['lftp'], options: ['-u', '--user'] },
  { programs: ['twine'], options: ['-p', '--password'], glued: ['-p'] },
  { programs: ['sqlcmd', 'bcp'], options: ['-P'], glued: ['-P'] },
  { programs: ['az'], subcommands: ['login'], options: ['-p', '--password'] },
  { programs: ['ssh-keygen'], options: ['-N', '-P'] },
  { programs: ['gh'], subcommands: ['secret'], options: ['-b', '--body'] },
  { programs: ['cargo'], subcommands: ['login'], options: ['--token'], positional: true },
  { programs: ['vault', 'bao'], subcommands: ['login'], options: ['-token'], positional: true },
];

/** Programs that run a shell script given with -c. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'busybox', 'fish', 'pwsh', 'powershell']);
/** Shell options that take an argument (bash -o pipefail, +o, -O extglob). */
const SHELL_ARG_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/** Wrappers: their own options (those that take a value), then a command. */
const WRAPPERS: Record<string, { withValue: string[]; positionals?: number }> = {
  env: { withValue: ['-u', '--unset', '-C', '--chdir'] },
  sudo: { withValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir'] },
  doas: { withValue: ['-u', '-C'] },
  nohup: { withValue: [] },
  time: { withValue: ['-f', '-o', '--format', '--output'] },
  timeout: { withValue: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  nice: { withValue: ['-n', '--adjustment'] },
  ionice: { withValue: ['-c', '-n', '-p'] },
  stdbuf: { withValue: ['-i', '-o', '-e'] },
  exec: { withValue: ['-a'] },
  command: { withValue: [] },
  builtin: { withValue: [] },
  xargs: { withValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'] },
  chroot: { withValue: ['--userspec', '--groups'], positionals: 1 },
  flock: { withValue: ['-w', '-E', '--timeout'], positionals: 1 },
  unbuffer: { withValue: [] },
  watch: { withValue: ['-n', '-d', '--interval'] },
  sshpass: { withValue: ['-p', '-f', '-d', '-P'] },
  npx: { withValue: ['-p', '--package', '-c', '--call'] },
  strace: { withValue: ['-e', '-o', '-p', '-s', '-u'] },
};

/** ssh options that take a value (the first other argument is the destination, the rest the remote command). */
const SSH_WITH_VALUE = new Set([
  '-B',
  '-b',
  '-c',
  '-D',
  '-E',
  '-e',
  '-F',
  '-I',
  '-i',
  '-J',
  '-L',
  '-l',
  '-m',
  '-O',
  '-o',
  '-P',
  '-p',
  '-Q',
  '-R',
  '-S',
  '-W',
  '-w',
]);

const basename = (p: string) =>
  p
    .split(/[\\/]/)
    .pop()!
    .replace(/\.exe$/i, '');

function secret(value: string): string {
  addSecret(value);
  return REDACTED;
}

/** Option names that look secret but whose value is a path, a descriptor or nothing (--password-file, --password-stdin). */
const NOT_A_VALUE =
  /(^|[-_.])(file|path|dir|fd|stdin|env|prompt|command|cmd|type|method|mode|helper|url|uri|id|name|user(name)?|length|size|len)$/i;
const BOOLEAN_OPTION = /(^|[-_.])(stdin|prompt)$|^-*(no|ask|with|show|skip|disable|enable)[-_]/i;

/**
 * Is the word after Basic/Bearer a credential (outside a header)? One with a digit or a symbol, or mixed case as
 * base64 has, is; a plain word ("Basic setup", "Bearer token support") is prose.
 */
function looksLikeCredential(word: string): boolean {
  if (word === REDACTED.slice(1, -1)) return false;
  return /[0-9+/=._~-]/.test(word) || /[a-z][A-Za-z]*[A-Z]/.test(word);
}

/** Replaces the value parts of secret-named `name=value` pairs in free text (query strings, conninfo, cookies). */
function redactPairs(text: string): string {
  return text.replace(
    /(^|[?&;,\s:/[{(])([A-Za-z_][A-Za-z0-9_.[\]-]*)=("[^"]*"|'[^']*'|[^&;,\s]*)/g,
    (m, lead: string, name: string, value: string) => {
      // `Pwd=` is the password of an ODBC / SQL Server connection string (PWD is ordinary only as a variable).
      if (!value || value === REDACTED || !(isSecretArgName(name) || /^pwd$/i.test(name)) || NOT_A_VALUE.test(name)) return m;
      return `${lead}${name}=${secret(value.replace(/^["']|["']$/g, ''))}`;
    },
  );
}

/** Credentials that have a structure: URL user info, Basic/Bearer, secret-named headers, SQL passwords. */
function redactStructure(text: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s@?#]+)@/gi, (m, scheme: string, user: string) => {
    if (user === REDACTED) return m;
    // A plain user name (ssh://git@host) is not a secret; a password or a token as the user is.
    if (!user.includes(':') && user.length < 16) return m;
    return `${scheme}${secret(user)}@`;
  });
  out = out.replace(/\b(Basic|Bearer)(\s+)([A-Za-z0-9+/=._~-]+)/gi, (m, scheme: string, sp: string, cred: string) =>
    looksLikeCredential(cred) ? `${scheme}${sp}${secret(cred)}` : m,
  );
  out = out.replace(
    /\b(token)(\s+)([A-Za-z0-9+/=._-]{16,})/gi,
    (_m, scheme: string, sp: string, cred: string) => `${scheme}${sp}${secret(cred)}`,
  );
  // A header line whose name says secret (Authorization: …, X-Api-Key: …): its whole value, whatever it looks like.
  // Also behind an option's `=` (`--header=Cookie: sid=V`, `-H=…`), where the header is not at the start of the word.
  out = out.replace(
    /^([ \t]*(?:-{1,2}[A-Za-z][A-Za-z0-9-]*=)?)([A-Za-z][A-Za-z0-9_-]*)([ \t]*:[ \t]*)([^\n]+)$/gm,
    (m, lead: string, name: string, sep: string, value: string) =>
      isSecretArgName(name) && value !== REDACTED && !/^\/\//.test(value) ? `${lead}${name}${sep}${secret(value)}` : m,
  );
  // An Authorization value anywhere (code given to node -e / python -c, JSON, YAML): whatever its length or look.
  out = out.replace(
    /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)((?:Basic|Bearer|Token|Digest|Negotiate)\s+)?([^\s"'`,;})\]]+)/gi,
    (m, name: string, sep: string, scheme: string | undefined, cred: string) =>
      cred === REDACTED || cred.startsWith('[') || cred.startsWith('$') ? m : `${name}${sep}${scheme ?? ''}${secret(cred)}`,
  );
  // A secret-named key in JSON (a Docker config's "auth", "identitytoken", "client_secret"): its string value.
  out = out.replace(
    /(["'])([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*:\s*)(["'])((?:(?!\4)[^\\\n]|\\.)*)\4/g,
    (m, q: string, name: string, sep: string, vq: string, v: string) =>
      !v || v === REDACTED || v.startsWith('$') || !isSecretArgName(name) || NOT_A_VALUE.test(name)
        ? m
        : `${q}${name}${q}${sep}${vq}${secret(v)}${vq}`,
  );
  // XML: <password>V</password> (Maven settings.xml), and <add key="ClearTextPassword" value="V"/> (NuGet.config).
  out = out.replace(/<([A-Za-z_][A-Za-z0-9_.:-]*)(\s[^<>]*)?>([^<]+)<\/\1>/g, (m, name: string, attrs: string | undefined, v: string) =>
    v === REDACTED || v.startsWith('$') || !isSecretArgName(name.replace(/^.*:/, '')) || NOT_A_VALUE.test(name)
      ? m
      : `<${name}${attrs ?? ''}>${secret(v)}</${name}>`,
  );
  out = redactKeyValueAttributes(out);
  // .netrc: machine HOST [login USER] password V
  out = out.replace(/\b(machine\s+\S+(?:\s+login\s+\S+)?\s+password\s+)(\S+)/g, (m, head: string, v: string) =>
    v === REDACTED ? m : `${head}${secret(v)}`,
  );
  // PowerShell: ConvertTo-SecureString 'V' -AsPlainText (the plain text is the secret), [-String] "V" too.
  out = out.replace(/\b(ConvertTo-SecureString\s+(?:-String\s+)?)(['"])((?:(?!\2)[^\n])*)\2/gi, (m, head: string, q: string, v: string) =>
    v === REDACTED || v.startsWith('$') ? m : `${head}${q}${secret(v)}${q}`,
  );
  out = out.replace(
    /\b(PASSWORD|IDENTIFIED\s+BY)(\s+)'((?:[^']|'')*)'/gi,
    (_m, kw: string, sp: string, pw: string) => `${kw}${sp}'${secret(pw)}'`,
  );
  out = out.replace(
    /(password|passwd|secret|token|api[_-]?key|access[_-]?key)(["']?\s*[=:]\s*["']?)([^\s"',;&]{1,})/gi,
    (m, name: string, sep: string, value: string) =>
      value === REDACTED || value.startsWith('[') || value.startsWith('$') ? m : `${name}${sep}${secret(value)}`,
  );
  return redactPairs(out);
}

/**
 * `key="NAME" value="V"` (NuGet.config's <add key="ClearTextPassword" value="V"/>): V when NAME says secret. Run
 * before the word rules too, which would otherwise take `key=NAME` for the credential and leave V.
 */
function redactKeyValueAttributes(text: string): string {
  if (!/value/i.test(text)) return text;
  return text.replace(
    /\b(key\s*=\s*)(["'])([^"']*)\2(\s+value\s*=\s*)(["'])([^"']*)\5/gi,
    (m, k: string, q: string, name: string, sep: string, vq: string, v: string) =>
      !v || v === REDACTED || !isSecretArgName(name) || NOT_A_VALUE.test(name) ? m : `${k}${q}${name}${q}${sep}${vq}${secret(v)}${vq}`,
  );
}

/** Redacts one word of a command line (no tool context). */
export function redactWord(word: string, depth = 0): string {
  if (!word || word === REDACTED) return word;
  word = redactKeyValueAttributes(word);
  // Past the depth limit a word that still holds a script goes whole: when in doubt, redact.
  if (depth > MAX_DEPTH) return looksLikeScript(word) || tokenKinds(word).length || redactStructure(word) !== word ? secret(word) : word;
  if (looksLikeScript(word) && !/^-----BEGIN/.test(word)) {
    const out = redactScript(word, depth + 1);
    // A token format that the words did not show (split by quotes, a PEM block) takes the whole word.
    return tokenKinds(out).length ? secret(word) : out;
  }
  if (tokenKinds(word).length) return secret(word);
  // --opt=V, -opt=V (single-dash long, as openssl and java), -Dname=V, -Pname=V
  const opt = /^(-{1,2}[A-Za-z0-9_][A-Za-z0-9_.[\]-]*)=(.*)$/s.exec(word);
  if (opt) {
    const [, flag, value] = opt as unknown as [string, string, string];
    const bare = flag.replace(/^-+/, '');
    const prefixed = /^-[DPe][A-Za-z_]/.test(flag) ? bare.slice(1) : undefined;
    if (
      (isSecretArgName(bare) && !NOT_A_VALUE.test(bare)) ||
      (prefixed !== undefined && isSecretArgName(prefixed) && !NOT_A_VALUE.test(prefixed))
    ) {
      return value ? `${flag}=${secret(value)}` : word;
    }
    return `${flag}=${redactWord(value, depth + 1)}`;
  }
  // NAME=VALUE (make, env, docker --build-arg / -e, git -c)
  const assign = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(word);
  if (assign) {
    const [, name, value] = assign as unknown as [string, string, string];
    if (isSecretArgName(name) && !NOT_A_VALUE.test(name)) return value ? `${name}=${secret(value)}` : word;
    return `${name}=${redactWord(value, depth + 1)}`;
  }
  return redactStructure(word);
}

/** Redacts a shell script: each simple command through the argv rules; changed words are replaced in place. */
export function redactScript(script: string, depth = 0): string {
  script = redactKeyValueAttributes(script);
  let out = '';
  let last = 0;
  const commands = tokenizeShell(script);
  const all = commands.map((command) =>
    redactCommandAt(
      command.map((w) => w.value),
      depth,
    ),
  );
  redactStdinCredentials(script, commands, all);
  for (const [k, command] of commands.entries()) {
    const redacted = all[k]!;
    command.forEach((w, i) => {
      if (redacted[i] === w.value) return;
      const raw = script.slice(w.start, w.end);
      const q = raw[0] === "'" || raw[0] === '"' ? raw[0] : '';
      out += script.slice(last, w.start) + (q && raw.endsWith(q) ? `${q}${redacted[i]}${q}` : redacted[i]);
      last = w.end;
    });
  }
  out += script.slice(last);
  // Shapes that span words (password = "x", Basic <newline> creds) are caught on the whole text as well.
  return redactStructure(out);
}

/** Options that make a tool read its password or token from standard input (`docker login --password-stdin`). */
const STDIN_CREDENTIAL =
  /^--?(?:[a-z-]*(?:password|passphrase|passwd|token|secret|credentials?|key)[-_]?stdin|stdin[-_]?(?:password|passphrase|token|secret)|with[-_]token|password[-_]from[-_]stdin)$/i;
/** Programs whose arguments are what they write to standard output. */
const FEEDERS = new Set(['echo', 'printf', 'print']);

/**
 * A credential given on standard input has no option in front of it: `echo S | docker login --password-stdin`,
 * `gh auth login --with-token <<< S`, or a here-document. When a command reads a credential from stdin, the words
 * of an echo/printf piped into it, a here-string and the lines of a here-document are redacted whole.
 */
function redactStdinCredentials(
  script: string,
  commands: Array<Array<{ value: string; start: number; end: number }>>,
  all: string[][],
): void {
  const gap = (a: number, b: number) => script.slice(a, b);
  commands.forEach((command, k) => {
    // `read TOKEN <<< V` / `echo V | read TOKEN`: reading into a secret-named variable is the same.
    const readsSecret =
      basename(command[0]!.value) === 'read' && command.slice(1).some((w) => !isOption(w.value) && isSecretArgName(w.value));
    if (!readsSecret && !command.some((w) => STDIN_CREDENTIAL.test(w.value))) return;
    const prev = commands[k - 1];
    const piped = Boolean(prev?.length && /^[ \t]*\|&?[ \t]*$/.test(gap(prev[prev.length - 1]!.end, command[0]!.start)));
    for (const at of piped ? [k - 1, k] : [k]) hereInput(at);
    if (!piped || !FEEDERS.has(basename(prev![0]!.value))) return;
    const feeder = all[k - 1]!;
    let i = 1;
    while (i < prev!.length && /^-[neEr]+$/.test(prev![i]!.value)) i++;
    if (basename(prev![0]!.value) === 'printf' && i < prev!.length && prev![i]!.value.includes('%')) i++; // the format
    for (; i < prev!.length; i++) feeder[i] = secret(prev![i]!.value);
  });

  /** The here-string and here-document input of command k. */
  function hereInput(k: number): void {
    const command = commands[k]!;
    const out = all[k]!;
    command.forEach((w, i) => {
      if (i === 0) return;
      const before = gap(command[i - 1]!.end, w.start);
      if (/<<<\s*$/.test(before)) out[i] = secret(w.value);
      else if (/<<-?\s*$/.test(before)) {
        // Here-document: every line up to the delimiter (tokenized as commands of their own) is the credential.
        const delim = w.value;
        const bodyStart = script.indexOf('\n', command[command.length - 1]!.end);
        if (bodyStart < 0) return;
        const m = new RegExp(`\n[\t]*${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \t]*(\n|$)`).exec(script.slice(bodyStart));
        const bodyEnd = m ? bodyStart + m.index + 1 : script.length;
        commands.forEach((c, j) => {
          if (j > k && c.length && c[0]!.start >= bodyStart && c[0]!.start < bodyEnd) all[j] = c.map((x) => secret(x.value));
        });
      }
    });
  }
}

function credentialSpecs(program: string): CredentialOptionSpec[] {
  return CREDENTIAL_OPTIONS.filter((s) => s.programs.includes(program));
}

/** Is argv[i] a value-less option? (starts with - and is not just "-") */
const isOption = (a: string) => a.length > 1 && a.startsWith('-');

/**
 * Redacts a command line. argv[0] is the program. Returns a new array of the same length.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return redactCommandAt([...argv], 0);
}

/** Every credential option of every tool, for the flat fallback past the depth limit. */
const ANY_TOOL_OPTIONS = new Set(CREDENTIAL_OPTIONS.flatMap((s) => s.options));
const ANY_TOOL_GLUED = [...new Set(CREDENTIAL_OPTIONS.flatMap((s) => s.glued ?? []))];

/** Past the depth limit (hostile nesting): any tool's credential option takes its value, scripts go whole. */
function redactFlat(argv: readonly string[]): string[] {
  return argv.map((w, i) => {
    if (i > 0 && ANY_TOOL_OPTIONS.has(argv[i - 1]!)) return secret(w);
    const glued = ANY_TOOL_GLUED.find((o) => w.startsWith(o) && w.length > o.length && !w.startsWith('--'));
    if (glued) return `${glued}${secret(w.slice(glued.length))}`;
    return redactWord(w, MAX_DEPTH + 1);
  });
}

/**
 * Redacts one command line, as segments: a known tool further along the line (`deploy: curl -u …` in a commit
 * message, `xargs -n1 mysql -p…`, `docker run IMAGE mysql -p…`) starts a segment read with that tool's options.
 * Segments are a loop, not recursion: a hostile line of 20,000 tool names costs linear work.
 */
function redactCommandAt(argv: readonly string[], depth: number): string[] {
  // Bounded work on hostile input: past the depth limit, no more nesting.
  if (depth > MAX_DEPTH) return redactFlat(argv);
  const result: string[] = [];
  let start = 0;
  while (start < argv.length) {
    let p = start;
    while (p < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[p]!)) p++;
    const program = p < argv.length ? basename(argv[p]!) : '';
    const own = new Set(credentialSpecs(program).flatMap((s) => s.options));
    let tail = argv.length;
    for (let i = p + 1; i < argv.length; i++) {
      const a = argv[i]!;
      const name = basename(a);
      if (!isOption(a) && name !== program && credentialSpecs(name).length > 0 && !own.has(argv[i - 1]!)) {
        tail = i;
        break;
      }
    }
    for (const w of redactSegment(argv.slice(start, tail), depth)) result.push(w);
    start = tail;
  }
  return result;
}

function redactSegment(argv: readonly string[], depth: number): string[] {
  const out = [...argv];
  const done = new Set<number>();
  const set = (i: number, value: string) => {
    out[i] = value;
    done.add(i);
  };
  const nested = (from: number) => {
    const inner = redactCommandAt(argv.slice(from), depth + 1);
    inner.forEach((v, k) => set(from + k, v));
  };
  const script = (i: number) => {
    if (i < argv.length) set(i, depth > MAX_DEPTH ? redactWord(argv[i]!, depth) : redactScript(argv[i]!, depth + 1));
  };

  // Leading NAME=VALUE assignments (FOO=bar cmd), then the program.
  let p = 0;
  while (p < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[p]!)) p++;
  if (p >= argv.length) return argv.map((w) => redactWord(w, depth));
  const program = basename(argv[p]!);

  // 1. Per-tool credential options.
  for (const spec of credentialSpecs(program)) {
    let scoped = !spec.subcommands;
    for (let i = p + 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') break;
      if (!scoped) {
        if (!isOption(a) && spec.subcommands!.includes(a)) scoped = true;
        continue;
      }
      if (done.has(i)) continue;
      if (spec.booleans?.includes(a)) {
        set(i, a);
        continue;
      }
      if (spec.positional && !isOption(a) && !a.includes('=')) {
        set(i, secret(a));
        continue;
      }
      for (const o of spec.options) {
        const colon = spec.afterColon?.includes(o);
        const hide = (v: string) => {
          if (!colon) return secret(v);
          const c = v.search(/:(?![\\/])/);
          return c > 1 ? `${v.slice(0, c + 1)}${secret(v.slice(c + 1))}` : v;
        };
        if (a === o) {
          if (i + 1 < argv.length) {
            set(i, a);
            set(i + 1, hide(argv[i + 1]!));
            i++;
          }
          break;
        }
        if (a.startsWith(`${o}=`) && a.length > o.length + 1) {
          set(i, `${o}=${hide(a.slice(o.length + 1))}`);
          break;
        }
        if (spec.glued?.includes(o) && a.startsWith(o) && a.length > o.length && !a.startsWith('--')) {
          set(i, `${o}${hide(a.slice(o.length))}`);
          break;
        }
      }
    }
  }

  // 2. Tools whose arguments are commands or scripts.
  if (SHELLS.has(program)) {
    let i = p + 1;
    if (program === 'busybox' && argv[i] && SHELLS.has(argv[i]!)) i++;
    let sawC = false;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (SHELL_ARG_OPTIONS.has(a)) {
        i++;
        continue;
      }
      if (/^-[A-Za-z]*c[A-Za-z]*$/.test(a) || a === '-Command' || a === '-command') {
        sawC = true;
        continue;
      }
      if (isOption(a) || /^\+[A-Za-z]+$/.test(a)) continue;
      if (sawC) script(i);
      break;
    }
  } else if (program === 'su' || program === 'runuser') {
    for (let i = p + 1; i < argv.length; i++) if (argv[i] === '-c' || argv[i] === '--command') script(++i);
  } else if (program === 'eval') {
    for (let i = p + 1; i < argv.length; i++) script(i);
  } else if (program === 'ssh') {
    let i = p + 1;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (SSH_WITH_VALUE.has(a)) {
        i++;
        continue;
      }
      if (!isOption(a)) break;
    }
    // argv[i] is the destination; everything after it is the remote command, run by the remote shell.
    if (i + 2 === argv.length) script(i + 1);
    else if (i + 1 < argv.length) nested(i + 1);
  } else if (program === 'git') {
    for (let i = p + 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-c' && i + 1 < argv.length) {
        set(i + 1, redactGitConfigPair(argv[i + 1]!, depth));
        i++;
      } else if (a.startsWith('-c') && a.includes('=') && !a.startsWith('--')) {
        set(i, `-c${redactGitConfigPair(a.slice(2), depth)}`);
      } else if (a === 'config') {
        // git config [options] NAME VALUE
        const rest: number[] = [];
        for (let j = i + 1; j < argv.length; j++) {
          const b = argv[j]!;
          if (b === '-f' || b === '--file' || b === '--blob' || b === '--type' || b === '--default' || b === '--comment') j++;
          else if (!isOption(b)) rest.push(j);
        }
        if (rest.length >= 2) {
          const [n, v] = [rest[0]!, rest[1]!];
          const pair = redactGitConfigPair(`${argv[n]}=${argv[v]}`, depth);
          set(v, pair.slice(pair.indexOf('=') + 1));
        }
        break;
      } else if (!isOption(a)) break;
    }
  } else if (program === 'htpasswd') {
    const flags = argv
      .slice(p + 1)
      .filter((a) => /^-[A-Za-z]+$/.test(a))
      .join('');
    if (flags.includes('b')) {
      const positionals: number[] = [];
      for (let i = p + 1; i < argv.length; i++) {
        if (argv[i] === '-C' || argv[i] === '-r') i++;
        else if (!isOption(argv[i]!)) positionals.push(i);
      }
      const last = positionals.at(-1);
      if (last !== undefined && positionals.length >= 2) set(last, secret(argv[last]!));
    }
  }
  const wrapper = WRAPPERS[program];
  if (wrapper) {
    let i = p + 1;
    let positionals = wrapper.positionals ?? 0;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (wrapper.withValue.includes(a)) {
        i++;
        continue;
      }
      if (program === 'env' && (a === '-S' || a === '--split-string')) {
        script(i + 1);
        i = argv.length;
        break;
      }
      if (isOption(a)) continue;
      if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) continue;
      if (positionals > 0) {
        positionals--;
        continue;
      }
      break;
    }
    if (i < argv.length) nested(i);
  }
  // A command after a bare `--` (kubectl exec … -- CMD, docker run … -- CMD) or a shell started mid-line
  // (docker run IMAGE sh -c SCRIPT) is redacted as a command of its own.
  for (let i = p + 1; i < argv.length; i++) {
    if (done.has(i)) continue;
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a === '--' && next !== undefined && !done.has(i + 1) && isKnownProgram(basename(next))) {
      nested(i + 1);
      break;
    }
    if (SHELLS.has(basename(a)) && next !== undefined && /^-[A-Za-z]*c[A-Za-z]*$/.test(next) && !done.has(i + 2)) {
      nested(i);
      break;
    }
  }

  // `… config set NAME VALUE` (npm, yarn, pnpm, pip): a secret-named key (//registry/:_authToken) has a secret value.
  for (let i = p + 2; i + 1 < argv.length; i++) {
    if (argv[i - 1] === 'set' && !done.has(i + 1) && isSecretArgName(argv[i]!.split(/[:/.]/).pop() ?? '')) set(i + 1, secret(argv[i + 1]!));
  }

  // 3. Every other word on its own.
  for (let i = 0; i < argv.length; i++) {
    if (done.has(i)) continue;
    const a = argv[i]!;
    out[i] = redactWord(a, depth);
    // A secret-named option given its value as the next word (--token V, -password V).
    const flag = /^-{1,2}([A-Za-z][A-Za-z0-9_.-]*)$/.exec(a);
    if (
      flag &&
      i + 1 < argv.length &&
      !done.has(i + 1) &&
      isSecretArgName(flag[1]!) &&
      !NOT_A_VALUE.test(flag[1]!) &&
      !BOOLEAN_OPTION.test(flag[1]!) &&
      flag[1]!.length > 1
    ) {
      out[i + 1] = secret(argv[i + 1]!);
      done.add(i + 1);
      i++;
    }
  }
  return out;
}

function isKnownProgram(name: string): boolean {
  return (
    SHELLS.has(name) || name in WRAPPERS || credentialSpecs(name).length > 0 || ['ssh', 'git', 'htpasswd', 'su', 'eval'].includes(name)
  );
}

/** git -c NAME=VALUE / git config NAME VALUE: headers and helpers are credentials; `!script` helpers are scripts. */
function redactGitConfigPair(pair: string, depth: number): string {
  const eq = pair.indexOf('=');
  if (eq < 0) return redactWord(pair, depth);
  const name = pair.slice(0, eq);
  const value = pair.slice(eq + 1);
  const key = name.split('.').pop()!.toLowerCase();
  if (key === 'extraheader') return `${name}=${value ? secret(value) : ''}`;
  if (key === 'helper' && value.startsWith('!')) return `${name}=!${redactScript(value.slice(1), depth + 1)}`;
  if (isSecretArgName(key) && !NOT_A_VALUE.test(key)) return `${name}=${value ? secret(value) : ''}`;
  return `${name}=${redactWord(value, depth + 1)}`;
}

/** Redacts free text that may hold command lines or assignments (an environment value such as BUILD_ARGS). */
export function redactText(text: string): string {
  return looksLikeScript(text) ? redactScript(text, 1) : redactWord(text, 1);
}
