/**
 * The two sides of the runner (toolkit.ts) say the same thing: runnerToolkit (the runner's protocol written out, what
 * the bundles run) against actionsCoreToolkit (@actions/core, what runs from source). The same calls run through
 * each in a child process against the built package (npm run build), with real GITHUB_OUTPUT, GITHUB_PATH and
 * GITHUB_STEP_SUMMARY files, and stdout, the files, PATH and the exit code must match (the random heredoc delimiter
 * of an output aside). Then without the files: the older workflow commands on stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const githubDist = join(import.meta.dirname, '..', '..', 'dist', 'index.js');

/** What a body of toolkit calls left: stdout, the three files, the PATH it set, the exit code. */
function runCalls(kit: 'runnerToolkit' | 'actionsCoreToolkit', calls: string, files: boolean) {
  const dir = mkdtempSync(join(tmpdir(), `custody-toolkit-${kit}-`));
  const env: Record<string, string> = { PATH: '/usr/bin', HOME: dir, 'INPUT_SUBJECT-PATH': '  dist/a.tgz \n', INPUT_MY_INPUT: 'spaced' };
  const names = ['GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'] as const;
  if (files) {
    for (const n of names) {
      env[n] = join(dir, n);
      writeFileSync(env[n]!, '');
    }
  }
  const script = join(dir, 'main.mjs');
  writeFileSync(
    script,
    `import { runnerToolkit, actionsCoreToolkit } from ${JSON.stringify(pathToFileURL(githubDist).href)};
const kit = ${kit === 'runnerToolkit' ? 'runnerToolkit(async () => "token")' : 'actionsCoreToolkit'};
${calls}
process.stdout.write('PATH=' + process.env.PATH + '\\n');
`,
  );
  const r = spawnSync(process.execPath, [script], { env, encoding: 'utf8', timeout: 30_000 });
  const read = (n: string) => (files ? readFileSync(env[n]!, 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIMITER') : '');
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    output: read('GITHUB_OUTPUT'),
    path: read('GITHUB_PATH'),
    summary: read('GITHUB_STEP_SUMMARY'),
  };
}

const calls = `
kit.info('plain line: 100% done, a:b, c');
kit.debug('debug %, \\r and\\nnew line');
kit.warning('careful: 50%\\nsecond line');
kit.error('bad, very: bad');
kit.setSecret('hunter2\\nsecret');
kit.setOutput('bundle-path', 'out/app.sigstore.json');
kit.setOutput('lines', 'one\\ntwo');
kit.addPath('/opt/custody/bin');
process.stdout.write('input=[' + kit.getInput('subject-path') + '] [' + kit.getInput('my input') + '] [' + kit.getInput('unset') + ']\\n');
if (process.env.GITHUB_STEP_SUMMARY) { await kit.appendSummary('## Title\\n\\n| a |'); await kit.appendSummary('more'); }
kit.setFailed('failed: 1 check');
`;

beforeAll(() => {
  if (!existsSync(githubDist)) throw new Error(`${githubDist} is missing: run \`npm run build\` first.`);
});

describe('runnerToolkit and actionsCoreToolkit', () => {
  it('with the runner files: the same log lines, output, PATH and summary files, and exit code', () => {
    const ours = runCalls('runnerToolkit', calls, true);
    const core = runCalls('actionsCoreToolkit', calls, true);
    expect(ours.stderr).toBe('');
    expect(ours).toEqual(core);
    // What both wrote, so that an equal wrong answer fails too.
    expect(ours.status).toBe(1);
    expect(ours.output).toBe('bundle-path<<DELIMITER\nout/app.sigstore.json\nDELIMITER\nlines<<DELIMITER\none\ntwo\nDELIMITER\n');
    expect(ours.path).toBe('/opt/custody/bin\n');
    expect(ours.summary).toBe('## Title\n\n| a |\nmore\n');
    expect(ours.stdout).toContain('::warning::careful: 50%25%0Asecond line\n');
    expect(ours.stdout).toContain('::add-mask::hunter2%0Asecret\n');
    expect(ours.stdout).toContain('input=[dist/a.tgz] [spaced] []\n');
    expect(ours.stdout).toContain('PATH=/opt/custody/bin:/usr/bin\n');
    expect(ours.stdout).toContain('::error::failed: 1 check\n');
  });

  it('without them: the same workflow commands on stdout (set-output, add-path)', () => {
    const ours = runCalls('runnerToolkit', calls, false);
    const core = runCalls('actionsCoreToolkit', calls, false);
    expect(ours).toEqual(core);
    expect(ours.stdout).toContain('\n::set-output name=lines::one%0Atwo\n');
    expect(ours.stdout).toContain('::add-path::/opt/custody/bin\n');
  });

  it('a summary file the step cannot write fails the same way', () => {
    const body = `try { await kit.appendSummary('x'); } catch (e) { process.stdout.write('refused: ' + e.message + '\\n'); }`;
    const env = (kit: 'runnerToolkit' | 'actionsCoreToolkit') =>
      runCalls(kit, `process.env.GITHUB_STEP_SUMMARY = '/nonexistent/dir/summary.md';\n${body}`, false);
    const ours = env('runnerToolkit');
    expect(ours).toEqual(env('actionsCoreToolkit'));
    expect(ours.stdout).toContain("refused: Unable to access summary file: '/nonexistent/dir/summary.md'.");
  });
});
