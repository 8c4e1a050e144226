/**
 * Source revision facts read from .git directly (no git binary needed): HEAD, the ref it points to (loose or in
 * packed-refs), the remote URL from .git/config with any credentials stripped. Handles worktrees and submodules
 * (a .git file with "gitdir: …", commondir). Only the dirty flag needs git itself: `git status --porcelain`,
 * run when git is on PATH; without it the flag is left unknown.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { redactValue } from './redact.js';

export interface GitFacts {
  commit?: string;
  /** The ref HEAD points to (refs/heads/main), absent on a detached HEAD. */
  ref?: string;
  detached: boolean;
  /** origin's URL (or the first remote's), credentials removed. */
  remoteUrl?: string;
  remoteName?: string;
  /** Uncommitted changes (tracked or untracked). Undefined when git could not be run. */
  dirty?: boolean;
  /** How `dirty` was determined. */
  dirtySource: 'git-status' | 'unknown';
}

/** Finds the .git directory (or file) from `start` upwards. */
export function findGitDir(start: string): { workTree: string; gitDir: string } | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, '.git');
    if (existsSync(candidate)) {
      const st = statSync(candidate);
      if (st.isDirectory()) return { workTree: dir, gitDir: candidate };
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'));
      if (m) {
        const target = m[1]!.trim();
        return { workTree: dir, gitDir: isAbsolute(target) ? target : resolve(dir, target) };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The directory holding refs, packed-refs and config (differs from gitDir in linked worktrees). */
function commonDir(gitDir: string): string {
  const common = read(join(gitDir, 'commondir'))?.trim();
  if (!common) return gitDir;
  return isAbsolute(common) ? common : resolve(gitDir, common);
}

export function resolveRef(gitDir: string, ref: string, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const common = commonDir(gitDir);
  for (const dir of [gitDir, common]) {
    const loose = read(join(dir, ref))?.trim();
    if (loose) {
      if (loose.startsWith('ref:')) return resolveRef(gitDir, loose.slice(4).trim(), depth + 1);
      if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(loose)) return loose;
    }
  }
  const packed = read(join(common, 'packed-refs'));
  if (packed) {
    for (const line of packed.split('\n')) {
      if (line.startsWith('#') || line.startsWith('^')) continue;
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return sha;
    }
  }
  return undefined;
}

/** Parses the remotes from a git config file: name -> url. */
export function parseRemotes(config: string): Map<string, string> {
  const remotes = new Map<string, string>();
  let current: string | undefined;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      current = section[1]!.toLowerCase() === 'remote' && section[2] !== undefined ? section[2].replace(/\\(.)/g, '$1') : undefined;
      continue;
    }
    if (current === undefined) continue;
    const kv = /^url\s*=\s*(.*)$/i.exec(line);
    if (kv && !remotes.has(current)) remotes.set(current, kv[1]!.replace(/^"(.*)"$/, '$1').trim());
  }
  return remotes;
}

/**
 * A remote URL as a URI that can follow `git+` in provenance, credentials removed:
 *  - scp-style `[user@]host:path` (git@github.com:org/repo.git) becomes `ssh://[user@]host/path`;
 *  - user:password@ and token@ in URLs go (only a plain user name of an ssh URL stays: it is never a secret), and
 *    so do query strings and fragments (SAS signatures, tokens);
 *  - a local path stays a path.
 */
export function stripCredentials(url: string): string {
  let out = url.trim();
  const scp = /^(?:([A-Za-z0-9._~-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.*)$/.exec(out);
  if (scp && !/^[A-Za-z]:[\\/]/.test(out) && scp[2]!.length > 1) {
    const [, user, host, path] = scp as unknown as [string, string | undefined, string, string];
    out = `ssh://${user ? `${user}@` : ''}${host}/${path.replace(/^\/+/, '')}`;
  }
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?([^/?#]*)([^?#]*)/i.exec(out);
  if (m) {
    const user = m[2];
    // ssh://git@host keeps a short plain user name (no password); anything else in the user part goes (a token).
    const keepUser =
      user &&
      /^ssh:/i.test(m[1]!) &&
      /^[A-Za-z0-9._-]+@$/.test(user) &&
      user.length <= 16 &&
      !/^(gh[pousr]_|github_pat_|glpat-)/.test(user);
    out = `${m[1]}${keepUser ? user : ''}${m[3]}${m[4]}`;
  }
  return redactValue(out);
}

export async function gitStatusDirty(workTree: string, timeoutMs = 15_000): Promise<boolean | undefined> {
  return new Promise((resolvePromise) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', '-c', `safe.directory=${workTree}`, 'status', '--porcelain', '--untracked-files=normal'],
      {
        cwd: workTree,
        timeout: timeoutMs,
        maxBuffer: 64 << 20,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (err, stdout) => resolvePromise(err ? undefined : stdout.trim().length > 0),
    );
  });
}

export interface GitFactsOptions {
  /** Run `git status --porcelain` for the dirty flag (default true). */
  status?: boolean;
}

/** Git facts of the repository containing `cwd`, or undefined when there is none. */
export async function readGitFacts(cwd: string, options: GitFactsOptions = {}): Promise<GitFacts | undefined> {
  const found = findGitDir(cwd);
  if (!found) return undefined;
  const { gitDir, workTree } = found;
  const head = read(join(gitDir, 'HEAD'))?.trim();
  let ref: string | undefined;
  let commit: string | undefined;
  if (head?.startsWith('ref:')) {
    ref = head.slice(4).trim();
    commit = resolveRef(gitDir, ref);
  } else if (head && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) {
    commit = head;
  }
  const remotes = parseRemotes(read(join(commonDir(gitDir), 'config')) ?? '');
  const remoteName = remotes.has('origin') ? 'origin' : [...remotes.keys()].sort()[0];
  const remote = remoteName ? remotes.get(remoteName) : undefined;
  const dirty = options.status === false ? undefined : await gitStatusDirty(workTree);
  return {
    ...(commit ? { commit } : {}),
    ...(ref ? { ref } : {}),
    detached: ref === undefined,
    ...(remote ? { remoteUrl: stripCredentials(remote), remoteName } : {}),
    ...(dirty === undefined ? {} : { dirty }),
    dirtySource: dirty === undefined ? 'unknown' : 'git-status',
  };
}
