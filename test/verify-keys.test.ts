// `custody verify --key` through the CLI, with bundles signed for real by packages/sign (key-based, no services):
// several keys (the bundle's hint picks one, else each is tried), a private key refused, a key mismatch that names
// both key ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStatement, PREDICATE_SLSA_PROVENANCE_V1 } from '@custody/core';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement, type GeneratedKeyPair } from '@custody/sign';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const ARTIFACT = createHash('sha256').update('the artifact').digest('hex');

describe('custody verify --key', () => {
  let dir: string;
  let a: GeneratedKeyPair;
  let b: GeneratedKeyPair;
  let c: GeneratedKeyPair;
  const path = (n: string) => join(dir, n);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-verify-keys-'));
    [a, b, c] = [generateSigningKey(), generateSigningKey(), generateSigningKey()];
    for (const [name, k] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      await writeFile(path(`${name}.pub`), k.publicKeyPem);
      await writeFile(path(`${name}.key`), k.privateKeyPem);
    }
    const st = makeStatement([{ name: 'app', digest: { sha256: ARTIFACT } }], PREDICATE_SLSA_PROVENANCE_V1, {
      buildDefinition: { buildType: 'x' },
    });
    const signed = await signStatement(st, { key: loadSigningKey(a.privateKeyPem), instance: resolveInstance({ keyBased: true }) });
    await writeFile(path('by-a.json'), signed.bundleJson);
    // The same bundle without its hint: nothing names the key, so every --key is tried.
    const noHint = JSON.parse(signed.bundleJson) as { verificationMaterial: { publicKey: { hint?: string } } };
    delete noHint.verificationMaterial.publicKey.hint;
    await writeFile(path('by-a-nohint.json'), JSON.stringify(noHint));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const verify = (...args: string[]) => runCli(['verify', `sha256:${ARTIFACT}`, '--format', 'json', ...args], { cwd: dir });

  it("several --key keys: the hint picks the signer's key, whatever the order", async () => {
    for (const keys of [
      ['b.pub', 'a.pub'],
      ['a.pub', 'c.pub', 'b.pub'],
    ]) {
      const r = await verify('--bundle', 'by-a.json', ...keys.flatMap((k) => ['--key', k]));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as VerifyReport;
      expect(report.attestations[0]!.signer?.identity).toBe('--key a.pub');
    }
  });

  it('several --key keys and a bundle without a hint: each key is tried, the one that verifies is reported', async () => {
    const r = await verify('--bundle', 'by-a-nohint.json', '--key', 'b.pub', '--key', 'c.pub', '--key', 'a.pub');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as VerifyReport).attestations[0]!.signer?.identity).toBe('--key a.pub');
  });

  it('a key mismatch says so and names both key ids (the key given and the one the bundle names)', async () => {
    const r = await verify('--bundle', 'by-a.json', '--key', 'b.pub');
    expect(r.code).toBe(1);
    const value = (JSON.parse(r.stdout) as VerifyReport).attestations[0]!.checks.find((k) => k.id === 'signature.value')!;
    expect(value.status).toBe('fail');
    expect(value.reason).toBe(
      `key mismatch: the signature does not verify with --key b.pub (key id ${b.keyId}); the bundle names key id ${a.keyId}`,
    );
    const several = await verify('--bundle', 'by-a-nohint.json', '--key', 'b.pub', '--key', 'c.pub');
    expect(several.code).toBe(1);
    const reason = (JSON.parse(several.stdout) as VerifyReport).attestations[0]!.checks.find((k) => k.id === 'signature.value')!.reason;
    expect(reason).toBe(
      `the signature verifies with none of the 2 keys given (--key b.pub (key id ${b.keyId}), --key c.pub (key id ${c.keyId})); the bundle names no key id, so another key signed it or its content was altered`,
    );
    // The table says the same, under FAILED.
    const table = await runCli(['verify', `sha256:${ARTIFACT}`, '--bundle', 'by-a.json', '--key', 'b.pub'], { cwd: dir });
    expect(table.stdout).toContain(
      `key mismatch: the signature does not verify with --key b.pub (key id ${b.keyId}); the bundle names key id ${a.keyId}`,
    );
    expect(table.stdout).toMatch(/FAILED: required:https:\/\/slsa\.dev\/provenance\/v1: no attestation of type \S+ verified: 1 ignored/);
  });

  it('a private key given as --key is refused (exit 2, VERIFY_KEY_PRIVATE), encrypted or not', async () => {
    await writeFile(path('enc.key'), generateSigningKey('ecdsa-p256', 'correct horse').privateKeyPem);
    for (const k of ['a.key', 'enc.key']) {
      const r = await verify('--bundle', 'by-a.json', '--key', 'a.pub', '--key', k);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[VERIFY_KEY_PRIVATE]');
      expect(r.stderr).toContain('--key takes a public key');
      expect(r.stderr).toContain(path(k));
      expect(r.stdout).toBe('');
    }
  });
});
