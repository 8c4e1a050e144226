import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedChecks } from '@custody/verify';
import { registryToolsAvailable } from '@custody/testing';
import { runDemo } from '../src/commands/demo.js';
import { runCli } from './support/cli.js';

// `custody demo` is the README's main job: the whole chain offline on the embedded project.
describe('custody demo', () => {
  it('builds, attests, stores and verifies; the tampered artifact is refused for its subject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-demo-test-'));
    const lines: string[] = [];
    const r = await runDemo({ dir, cwd: dir, env: { PATH: process.env.PATH }, print: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    expect(r.verified.passed).toBe(true);
    expect(r.verified.attestations.map((a) => a.predicateType).sort()).toEqual([
      'https://cyclonedx.org/bom',
      'https://slsa.dev/provenance/v1',
    ]);
    expect(r.tampered.passed).toBe(false);
    // Refused because the bytes no longer match a subject — not for some unrelated reason.
    const failed = failedChecks(r.tampered).map((c) => c.id);
    expect(failed).toContain('subject');
    expect(failed.filter((id) => id.startsWith('signature'))).toEqual([]);
    const text = lines.join('\n');
    for (const step of [
      '1. Project',
      '2. Build',
      '3. Image',
      '4. SBOM',
      '5. Signing key',
      '6. Attest',
      '7. Store',
      '8. Verify the image',
      '9. Verify a tampered',
    ]) {
      expect(text).toContain(step);
    }
    // The SBOM lists the lockfile's packages with their integrity hashes.
    const sbom = JSON.parse(readFileSync(join(dir, 'attestations', 'sbom.cdx.json'), 'utf8')) as {
      components: Array<{ purl: string; hashes?: unknown[] }>;
    };
    expect(sbom.components.map((c) => c.purl).sort()).toEqual(['pkg:npm/debug@4.4.3', 'pkg:npm/ms@2.1.3', 'pkg:npm/picocolors@1.1.1']);
    expect(sbom.components.every((c) => (c.hashes ?? []).length > 0)).toBe(true);
  });

  it.runIf(registryToolsAvailable())('writes an image layout that skopeo opens, with the attestations beside the image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-demo-skopeo-'));
    const r = await runDemo({ dir, cwd: dir, env: { PATH: process.env.PATH }, print: () => {} });
    const layout = join(dir, 'image-layout');
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', `oci:${layout}:1.0.0`], { encoding: 'utf8' })) as {
      layers: unknown[];
    };
    expect(inspect.layers.length).toBe(1);
    const list = await runCli(['attestations', 'list', r.image, '--format', 'json'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('https://slsa.dev/provenance/v1');
    expect(list.stdout).toContain('https://cyclonedx.org/bom');
  });

  it('runs through the CLI and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-demo-cli-'));
    const r = await runCli(['demo', '--dir', dir], { env: { PATH: process.env.PATH } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the tampered artifact was refused/);
    expect(existsSync(join(dir, 'attestations', 'provenance.sigstore.json'))).toBe(true);
  });
});
