// `custody keys generate` end to end (in-process CLI): real keys on disk, read back by the signer.
import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKey } from '@custody/sign';
import { runCli } from './support/cli.js';

describe('custody keys generate', () => {
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH, ...extra });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-keys-'));
  });

  it('writes a P-256 pair (private key 0600) whose key id is the SHA-256 of the public key', async () => {
    const run = await runCli(['keys', 'generate', '--format', 'json'], { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r).toMatchObject({
      algorithm: 'ecdsa-p256',
      encrypted: false,
      privateKeyPath: join(dir, 'custody.key'),
      publicKeyPath: join(dir, 'custody.pub'),
    });
    expect((await stat(r.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect(run.stderr).toMatch(/not encrypted: set CUSTODY_KEY_PASSWORD/);
    const priv = createPrivateKey(await readFile(r.privateKeyPath));
    const pub = createPublicKey(await readFile(r.publicKeyPath));
    expect(priv.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const sig = sign('sha256', Buffer.from('x'), priv);
    expect(verify('sha256', Buffer.from('x'), pub, sig)).toBe(true);
    expect(loadSigningKey(await readFile(r.privateKeyPath)).keyId).toBe(r.keyId);
  });

  it('ed25519, encrypted with CUSTODY_KEY_PASSWORD, to chosen paths; the passphrase is not printed', async () => {
    const pass = 'keys-test-passphrase-77';
    const run = await runCli(['keys', 'generate', '--algorithm', 'ed25519', '--output-key', 'k/a.key', '--output-pub', 'k/a.pub'], {
      cwd: dir,
      env: env({ CUSTODY_KEY_PASSWORD: pass }),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/encrypted with CUSTODY_KEY_PASSWORD/);
    expect(run.stdout + run.stderr).not.toContain(pass);
    const pem = await readFile(join(dir, 'k/a.key'), 'utf8');
    expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(() => createPrivateKey({ key: pem, passphrase: 'wrong' })).toThrow();
    const key = loadSigningKey(pem, { passphrase: pass });
    expect(key.algorithm).toBe('ed25519');
    expect(key.publicKeyPem).toBe(await readFile(join(dir, 'k/a.pub'), 'utf8'));
  });

  it('never overwrites a key without --force; rejects unknown algorithms', async () => {
    await writeFile(join(dir, 'custody.key'), 'precious');
    const run = await runCli(['keys', 'generate'], { cwd: dir, env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists.*--force/);
    expect(await readFile(join(dir, 'custody.key'), 'utf8')).toBe('precious');
    const forced = await runCli(['keys', 'generate', '--force'], { cwd: dir, env: env() });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(join(dir, 'custody.key'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const bad = await runCli(['keys', 'generate', '--algorithm', 'rsa', '--force'], { cwd: dir, env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ecdsa-p256, ed25519/);
    // --kms rejects an unknown algorithm before any service is asked (no VAULT_ADDR here: a request would fail otherwise).
    const badKms = await runCli(['keys', 'generate', '--kms', 'hashivault://k', '--algorithm', 'rsa'], { cwd: dir, env: env() });
    expect(badKms.code).toBe(2);
    expect(badKms.stderr).toMatch(/not supported with --kms.*ecdsa-p256, ecdsa-p384, ed25519/s);
  });

  it('ecdsa-p384 is for keys made in a key service only: a key file refuses it (exit 2, --kms named), and writes nothing', async () => {
    const run = await runCli(['keys', 'generate', '--algorithm', 'ecdsa-p384', '--output-key', 'p384.key', '--output-pub', 'p384.pub'], {
      cwd: dir,
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--algorithm ecdsa-p384 is offered for keys made in a key service only \(keys generate --kms URI\)/);
    expect(run.stderr).toMatch(/ecdsa-p256, ed25519/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(join(dir, 'p384.key'))).rejects.toThrow();
  });
});
