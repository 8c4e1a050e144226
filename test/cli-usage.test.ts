/**
 * Usage errors of the CLI: a mistyped option names the command and the options it most likely meant, and exits 2
 * without a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('unknown options', () => {
  it.each([
    [['keys', 'generate', '--out', 'k'], 'keys generate has no option --out.', 'Did you mean --output-key or --output-pub?'],
    [['sbom', '.', '--ouput', 'x.json'], 'sbom has no option --ouput.', 'Did you mean --output?'],
    [['verify', 'x', '--certificate-identiy', 'me'], 'verify has no option --certificate-identiy.', 'Did you mean --certificate-identity'],
  ])('%j', async (argv, message, hint) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('suggests nothing it cannot back up', async () => {
    const r = await runCli(['verify', 'x', '--zzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('verify has no option --zzz. Run custody verify --help for the options.');
    expect(r.stderr).not.toContain('Did you mean');
  });
});
