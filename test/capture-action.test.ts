import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runActionDist } from '@custody/testing';
import type { CaptureDocument } from '@custody/provenance';
import { github } from '../packages/ci/src/__tests__/fixtures.js';
import { leaks, valueSecrets } from '../packages/provenance/src/__tests__/fake-secrets.js';

const dist = join(repoRoot, 'actions', 'capture', 'dist', 'index.js');
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'custody-capture-action-'));
  writeFileSync(join(workspace, 'package-lock.json'), '{}');
  writeFileSync(join(workspace, 'go.sum'), 'x');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('actions/capture dist under the GitHub runner conventions', () => {
  it('writes the capture, sets capture-path and a job summary, and masks secrets', async () => {
    expect(existsSync(dist)).toBe(true);
    const secret = valueSecrets().find((s) => s.kind === 'github-fine-grained-pat')!;
    const r = await runActionDist(
      dist,
      { materials: 'package-lock.json\n go.sum \n', tools: 'git', output: 'out/capture.json' },
      {
        cwd: workspace,
        env: { ...github.pullRequest(), CI_SEEDED: secret.value, GITHUB_TOKEN: secret.value, SOURCE_DATE_EPOCH: '1767225600' },
      },
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const path = join(workspace, 'out', 'capture.json');
    expect(r.outputs['capture-path']).toBe(path);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as CaptureDocument;
    expect(doc.ci).toMatchObject({
      platform: 'github-actions',
      repository: 'octo-org/octo-app',
      event: { name: 'pull_request', isPullRequest: true },
    });
    expect(doc.materials.map((m) => m.name)).toEqual(['go.sum', 'package-lock.json']);
    expect(doc.startedOn).toBe('2026-01-01T00:00:00Z');
    expect(r.summary).toContain('## Build capture');
    expect(r.summary).toContain('| Event | pull_request (#17) |');
    expect(r.summary).toContain('package-lock.json');
    // ::add-mask:: lines are how an action asks the runner to mask a value; the runner consumes them and never
    // shows them. Everything else must be free of the secret.
    expect(r.stdout).toContain('::add-mask::');
    const shown = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(leaks([...shown, r.stderr, r.summary, readFileSync(path, 'utf8')].join('\n'), [secret])).toEqual([]);
  });

  it("fails the step with Custody's message for a material that matches nothing", async () => {
    const r = await runActionDist(dist, { materials: 'missing/*.lock' }, { cwd: workspace, env: { ...github.push } });
    expect(r.code).toBe(1);
    // The action names its input, not the CLI flag it stands for (--material).
    expect(r.stdout).toMatch(/::error::input materials "missing\/\*\.lock": no file matches this pattern/);
    expect(r.outputs['capture-path']).toBeUndefined();
  });
});
