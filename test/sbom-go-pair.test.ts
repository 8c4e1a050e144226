import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir, sharedNotice } from '@custody/testing';
import { runCli } from './support/cli.js';

const shared = sharedDir();
if (!shared) sharedNotice('the go.mod + go.sum scanner tests');

describe.runIf(shared)('custody sbom reads go.sum beside go.mod', () => {
  it('gives every required module its go.sum h1: checksum', async () => {
    const r = await runCli(['sbom', join(shared!, 'fixtures', 'lockfiles', 'go')]);
    expect(r.code).toBe(0);
    const bom = JSON.parse(r.stdout) as { components: Array<{ purl: string; properties?: Array<{ name: string; value: string }> }> };
    const sum = readFileSync(join(shared!, 'fixtures', 'lockfiles', 'go', 'go.sum'), 'utf8');
    expect(bom.components.length).toBeGreaterThan(0);
    for (const c of bom.components) {
      const h1 = c.properties?.find((p) => p.name === 'custody:go:h1')?.value;
      expect(h1, c.purl).toMatch(/^h1:/);
      // The checksum is the one go.sum holds for this module's code (not its go.mod line).
      expect(sum.includes(` ${h1}`), c.purl).toBe(true);
    }
  });

  it('names go.sum, with its line, when go.sum is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-gopair-'));
    cpSync(join(shared!, 'fixtures', 'lockfiles', 'go'), dir, { recursive: true });
    const lines = readFileSync(join(dir, 'go.sum'), 'utf8').split('\n');
    lines[2] = 'this is not a go.sum line';
    writeFileSync(join(dir, 'go.sum'), lines.join('\n'));
    const r = await runCli(['sbom', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'go.sum')}:3`);
  });
});
