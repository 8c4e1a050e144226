import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry, type TestImage } from '@custody/testing';
import { runCli } from './support/cli.js';

// custody attest --push against Debian's real docker-registry: the signed bundle is stored next to the image
// and found again by custody attestations list and custody verify.
describe.runIf(registryToolsAvailable())('custody attest --push (real registry)', () => {
  let registry: StartedRegistry;
  let image: TestImage;
  const dir = mkdtempSync(join(tmpdir(), 'custody-attest-push-'));
  const env = { PATH: process.env.PATH, HOME: dir };

  beforeAll(async () => {
    registry = await startRegistry();
    image = await pushTestImage(registry, 'demo/app', 'v1');
    const keys = await runCli(['keys', 'generate', '--output-key', join(dir, 'k.key'), '--output-pub', join(dir, 'k.pub')], {
      cwd: dir,
      env,
    });
    expect(keys.code).toBe(0);
  });
  afterAll(async () => registry?.stop());

  it('signs, stores the bundle next to the image and finds it again', async () => {
    const ref = `oci://${registry.host}/demo/app@${image.digest}`;
    writeFileSync(join(dir, 'predicate.json'), JSON.stringify({ purpose: 'attest --push test' }));
    const result = await runCli(
      [
        'attest',
        '--subject',
        ref,
        '--predicate-type',
        'https://example.com/test/v1',
        '--predicate',
        'predicate.json',
        '--key',
        'k.key',
        '--bundle',
        'b.json',
        '--push',
      ],
      { cwd: dir, env },
    );
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('stored');

    const list = await runCli(['attestations', 'list', `${registry.host}/demo/app@${image.digest}`, '--format', 'json'], { cwd: dir, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('https://example.com/test/v1');

    const verify = await runCli(['verify', ref, '--key', 'k.pub', '--predicate-type', 'https://example.com/test/v1'], { cwd: dir, env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('refuses --push without an image subject before signing anything', async () => {
    const r = await runCli(
      [
        'attest',
        '--subject',
        'k.pub',
        '--predicate-type',
        'https://example.com/t',
        '--predicate',
        'predicate.json',
        '--key',
        'k.key',
        '--push',
      ],
      { cwd: dir, env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--push needs an image subject/);
  });
});
