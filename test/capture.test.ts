import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@custody/core';
import type { CaptureDocument } from '@custody/provenance';
import { captureBuild } from '../src/commands/capture.js';
import { runCli } from './support/cli.js';
import { buildkite, gitlab } from '../packages/ci/src/__tests__/fixtures.js';
import { baseEnv, clock, host, runCustody, versionRunner } from './provenance.support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custody-capture-'));
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('captureBuild', () => {
  it('records the CI context, tools, host, redacted env, materials and time', async () => {
    const doc = await captureBuild({
      cwd: dir,
      env: gitlab.selfHosted(),
      clock,
      logger: silentLogger,
      materials: ['package-lock.json', 'Docker*'],
      tools: ['go'],
      host,
      versionRunner,
    });
    expect(doc._type).toBe('https://github.com/custody-dev/custody/capture');
    expect(doc.version).toBe(1);
    expect(doc.ci).toMatchObject({ platform: 'gitlab-ci', runner: { kind: 'self-hosted' } });
    expect(doc.materials).toEqual([
      { name: 'Dockerfile', digest: { sha256: createHash('sha256').update('FROM scratch\n').digest('hex') } },
      { name: 'package-lock.json', digest: { sha256: createHash('sha256').update('{"lockfileVersion":3}').digest('hex') } },
    ]);
    expect(doc.tools).toEqual([
      { name: 'git', version: 'git version 2.45.2' },
      { name: 'go', error: 'not found on PATH' },
      { name: 'node', version: 'v24.11.0' },
      { name: 'npm', version: '11.6.2' },
    ]);
    expect(doc.host).toEqual(host);
    expect(doc.environment.variables.CI_PIPELINE_ID).toBe('1216772341');
    expect(doc.startedOn).toBe('2026-03-01T12:00:00Z');
    expect(doc.warnings).toContain('tool go: not found on PATH');
    expect(doc.warnings.some((w) => w.startsWith('no git repository'))).toBe(true);
  });

  it('is deterministic for a fixed clock', async () => {
    const a = await captureBuild({ cwd: dir, env: buildkite.push, clock, logger: silentLogger, host, versionRunner });
    const b = await captureBuild({ cwd: dir, env: buildkite.push, clock, logger: silentLogger, host, versionRunner });
    expect(b).toEqual(a);
  });
});

describe('custody capture (CLI)', () => {
  const env = () => baseEnv({ SOURCE_DATE_EPOCH: '1767225600', ...gitlab.mergeRequest() });

  it('prints the document, or writes it with --output; same bytes each run', async () => {
    const one = await runCli(['capture', '--material', '*.json', '--tool', 'git'], { cwd: dir, env: env() });
    expect(one.code, one.stderr).toBe(0);
    const doc = JSON.parse(one.stdout) as CaptureDocument;
    expect(doc.ci.event).toMatchObject({ name: 'merge_request_event', isPullRequest: true });
    expect(doc.tools.find((t) => t.name === 'git')?.version).toMatch(/^git version \d/);
    expect(doc.tools.find((t) => t.name === 'node')?.version).toMatch(/^v\d+\./);
    const two = await runCli(['capture', '--material', '*.json', '--tool', 'git'], { cwd: dir, env: env() });
    expect(two.stdout).toBe(one.stdout);

    const p = await runCustody(['capture', '--material', 'package-lock.json', '--output', 'out/c1.json'], { cwd: dir, env: env() });
    const q = await runCustody(['capture', '--material', 'package-lock.json', '--output', 'out/c2.json'], { cwd: dir, env: env() });
    expect([p.code, q.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'out', 'c1.json'), 'utf8')).toBe(readFileSync(join(dir, 'out', 'c2.json'), 'utf8'));
    expect(p.stderr).toMatch(/wrote .*c1\.json \(gitlab-ci, 1 materials/);
  });

  it('exits 2 for a material glob that matches nothing, and for a bad --tool name', async () => {
    const r = await runCli(['capture', '--material', 'yarn.lock'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--material "yarn\.lock": does not exist/);
    const t = await runCli(['capture', '--tool', 'rm -rf /'], { cwd: dir, env: env() });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--tool "rm -rf \/" is not a command name/);
  });
});
