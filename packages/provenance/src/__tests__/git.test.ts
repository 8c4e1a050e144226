import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRemotes, readGitFacts, stripCredentials } from '../index.js';
import { pick } from './fake-secrets.js';

// A real repository made with the real git binary; Custody reads its .git files directly.
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

describe('readGitFacts', () => {
  let dir: string;
  const password = `pw${pick('abcdefghijklmnopqrstuvwxyz0123456789', 20)}`;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'custody-git-'));
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    git(dir, 'add', 'a.txt');
    git(dir, 'commit', '-q', '-m', 'first');
    git(dir, 'remote', 'add', 'origin', `https://builder:${password}@git.acme.example/acme/app.git`);
    git(dir, 'remote', 'add', 'backup', 'git@github.com:acme/app.git');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads HEAD, its ref and the origin URL without credentials; a clean tree is not dirty', async () => {
    const facts = await readGitFacts(join(dir));
    expect(facts).toMatchObject({
      commit: git(dir, 'rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      detached: false,
      remoteName: 'origin',
      remoteUrl: 'https://git.acme.example/acme/app.git',
      dirty: false,
      dirtySource: 'git-status',
    });
    expect(JSON.stringify(facts)).not.toContain(password);
  });

  it('resolves refs from packed-refs, detached heads, and reports a dirty tree', async () => {
    git(dir, 'pack-refs', '--all');
    expect(existsSync(join(dir, '.git', 'refs', 'heads', 'main'))).toBe(false);
    const head = git(dir, 'rev-parse', 'HEAD');
    expect((await readGitFacts(dir, { status: false }))?.commit).toBe(head);
    writeFileSync(join(dir, 'b.txt'), 'untracked\n');
    const dirty = await readGitFacts(dir);
    expect(dirty?.dirty).toBe(true);
    rmSync(join(dir, 'b.txt'));
    git(dir, 'checkout', '-q', '--detach');
    const detached = await readGitFacts(dir, { status: false });
    expect(detached).toMatchObject({ commit: head, detached: true, dirtySource: 'unknown' });
    expect(detached?.ref).toBeUndefined();
    git(dir, 'checkout', '-q', 'main');
  });

  it('follows a linked worktree (.git file with gitdir and commondir)', async () => {
    const wt = `${dir}-wt`;
    git(dir, 'worktree', 'add', '-q', '-b', 'feature', wt);
    try {
      const facts = await readGitFacts(join(wt), { status: false });
      expect(facts).toMatchObject({
        ref: 'refs/heads/feature',
        commit: git(wt, 'rev-parse', 'HEAD'),
        remoteUrl: 'https://git.acme.example/acme/app.git',
      });
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });

  it('returns undefined outside a repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'custody-nogit-'));
    try {
      expect(await readGitFacts(plain)).toBeUndefined();
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('remote URLs', () => {
  it('strips user:password@, tokens as user names and query strings', () => {
    const token = `ghp_${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36)}`;
    expect(stripCredentials(`https://x-access-token:${token}@github.com/acme/app.git`)).toBe('https://github.com/acme/app.git');
    expect(stripCredentials(`https://${token}@github.com/acme/app`)).toBe('https://github.com/acme/app');
    expect(stripCredentials('https://dev.azure.com/acme/p/_git/app?sig=abc')).toBe('https://dev.azure.com/acme/p/_git/app');
    expect(stripCredentials('ssh://git@github.com/acme/app.git')).toBe('ssh://git@github.com/acme/app.git');
    // scp-style remotes become ssh:// URLs, valid after git+ in provenance.
    expect(stripCredentials('git@github.com:acme/app.git')).toBe('ssh://git@github.com/acme/app.git');
    expect(stripCredentials('github.com:acme/app.git')).toBe('ssh://github.com/acme/app.git');
    expect(stripCredentials(`${token}@github.com:acme/app.git`)).toBe('ssh://github.com/acme/app.git');
    expect(stripCredentials('/srv/git/app.git')).toBe('/srv/git/app.git');
    expect(stripCredentials('file:///srv/git/app.git')).toBe('file:///srv/git/app.git');
  });

  it('parses remotes from a git config, first url wins, quoted names', () => {
    const remotes = parseRemotes(
      '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://a.example/x.git\n\turl = https://b.example/x.git\n[remote "my \\"fork\\""]\n  url=git@h:y.git\n',
    );
    expect([...remotes]).toEqual([
      ['origin', 'https://a.example/x.git'],
      ['my "fork"', 'git@h:y.git'],
    ]);
  });
});
