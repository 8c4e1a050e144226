/**
 * Adversarial: the small input documents of `custody provenance` (--capture, --subject-checksums) are bounded like
 * every other input (docs/limits.md). Before: they were read whole with readFile, so /dev/zero grew the process to
 * about 700 MB before failing with a misleading "cannot be read", a FIFO hung the run, and a 1.9 GB file was held
 * in memory (twice, as bytes and as a string). The real CLI runs, its peak RSS measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliMeasured } from '../support/measure.js';

describe('provenance inputs: devices, FIFOs and oversized files are refused without being read', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-inputs-'));
    await writeFile(join(dir, 'a.txt'), 'a\n');
    await writeFile(join(dir, 'big.json'), '');
    await truncate(join(dir, 'big.json'), 200 * 1024 * 1024); // sparse: over the 64 MiB limit, costs no disk
    execFileSync('mkfifo', [join(dir, 'fifo')]);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('--subject /dev/zero (or a link to it) is refused as what it is, not as a directory', async () => {
    const r = await runCliMeasured(['provenance', '--subject', '/dev/zero'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('not a regular file');
    expect(r.stderr).toContain('[FILE_NOT_A_FILE]');
  });

  for (const flag of ['--capture', '--subject-checksums']) {
    it(`${flag} /dev/zero and a FIFO: exit 2, not a regular file, little memory`, async () => {
      for (const input of ['/dev/zero', 'fifo']) {
        const r = await runCliMeasured(['provenance', '--subject', 'a.txt', flag, input], { cwd: dir, timeoutMs: 20_000 });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain('not a regular file');
        expect(r.maxRssMiB!).toBeLessThan(150);
      }
    });

    it(`${flag} over the attestation-blob limit: exit 2, LIMIT_BUNDLE_BYTES`, async () => {
      const r = await runCliMeasured(['provenance', '--subject', 'a.txt', flag, 'big.json'], { cwd: dir, timeoutMs: 20_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('[LIMIT_BUNDLE_BYTES]');
      expect(r.maxRssMiB!).toBeLessThan(150);
    });
  }
});

describe('attest inputs: --predicate, --sbom and --key are read bounded, regular files only', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-attest-inputs-'));
    await writeFile(join(dir, 'a.txt'), 'a\n');
    await writeFile(join(dir, 'big.json'), '');
    await truncate(join(dir, 'big.json'), 200 * 1024 * 1024); // sparse: over the 64 MiB limit
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const keys = await runCliMeasured(['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub'], { cwd: dir });
    expect(keys.code, keys.stderr).toBe(0);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const cases: Array<[string, string[]]> = [
    ['--predicate', ['--predicate-type', 'https://example.com/t/v1', '--key', 'k.key', '--predicate']],
    ['--sbom', ['--key', 'k.key', '--sbom']],
    ['--key', ['--predicate-type', 'https://example.com/t/v1', '--predicate', 'k.pub', '--key']],
  ];
  for (const [flag, args] of cases) {
    it(`${flag} /dev/zero, a FIFO, and an oversized file: exit 2 with what it is, little memory, no bundle`, async () => {
      for (const [input, expected] of [
        ['/dev/zero', 'INPUT_NOT_A_FILE'],
        ['fifo', 'INPUT_NOT_A_FILE'],
        ['big.json', 'LIMIT_'],
      ] as const) {
        const r = await runCliMeasured(['attest', '--subject', 'a.txt', '--bundle', 'out.json', ...args, input], {
          cwd: dir,
          timeoutMs: 20_000,
        });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(expected);
        expect(r.maxRssMiB!).toBeLessThan(150);
      }
    });
  }
});
