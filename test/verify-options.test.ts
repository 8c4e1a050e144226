/** custody verify option combinations that would silently weaken the gate are refused before anything is read. */
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('custody verify --predicate-type', () => {
  it("refuses '*' beside named types (it would drop them from the required list)", async () => {
    const r = await runCli([
      'verify',
      `sha256:${'a'.repeat(64)}`,
      '--bundle',
      'missing.json',
      '--key',
      'missing.pub',
      '--predicate-type',
      '*',
      '--predicate-type',
      'https://slsa.dev/provenance/v1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--predicate-type '*'");
    expect(r.stderr).toContain('https://slsa.dev/provenance/v1');
    expect(r.stderr).toContain('[USAGE]');
    expect(r.stderr).not.toContain('missing.json');
  });
});
