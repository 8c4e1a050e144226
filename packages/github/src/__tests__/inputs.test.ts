/**
 * Unit tests of the action glue: the inputs an action reads (through createActionContext and INPUT_* variables,
 * as the runner sets them), the shared input mappings (subjects, signing, store-github) and job-summary tables.
 * The failure path of runAction, which writes workflow commands on stdout, is tested in a child process
 * (run-action.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionsCoreToolkit, createActionContext, markdownTable, runnerToolkit, type ActionContext } from '../index.js';
import { tokenProvider } from '../inputs.js';

/** An ActionContext over a plain map of inputs; secrets are recorded. */
function fakeContext(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): ActionContext & { secrets: string[] } {
  const secrets: string[] = [];
  const input = (name: string) => inputs[name] ?? '';
  return {
    secrets,
    input,
    inputLines: (name) =>
      input(name)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    booleanInput: (_name, fallback) => fallback,
    setOutput: () => {},
    summary: async () => {},
    addPath: () => {},
    setSecret: (v) => secrets.push(v),
    idToken: async () => 'token-from-runner',
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    env,
    cwd: '/work',
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

// Both sides of the runner: the protocol spoken directly (the bundles) and @actions/core (run from source).
const kits = [
  ['runnerToolkit', runnerToolkit(async () => 'token')],
  ['actionsCoreToolkit', actionsCoreToolkit],
] as const;

describe.each(kits)('createActionContext (%s) reads the runner’s INPUT_* variables', (_name, kit) => {
  it('input() reads INPUT_<NAME> (hyphens kept, upper case) trimmed, and is empty when unset', () => {
    vi.stubEnv('INPUT_SUBJECT-NAME', '  ghcr.io/acme/app \n');
    vi.stubEnv('INPUT_PREDICATE-TYPE', '');
    const gh = createActionContext(kit);
    expect(gh.input('subject-name')).toBe('ghcr.io/acme/app');
    expect(gh.input('predicate-type')).toBe('');
    expect(gh.input('never-set')).toBe('');
  });

  it('inputLines() splits on LF and CRLF, trims each line and drops blank ones', () => {
    vi.stubEnv('INPUT_SUBJECT-PATH', 'dist/a.tgz\r\n\r\n   dist/*.whl  \n\n  \nbin/tool');
    expect(createActionContext(kit).inputLines('subject-path')).toEqual(['dist/a.tgz', 'dist/*.whl', 'bin/tool']);
  });

  it('booleanInput() takes true/yes/1 and false/no/0 in any case, the fallback when unset', () => {
    const gh = createActionContext(kit);
    for (const [raw, want] of [
      ['true', true],
      ['YES', true],
      [' 1 ', true],
      ['False', false],
      ['no', false],
      ['0', false],
    ] as const) {
      vi.stubEnv('INPUT_PUSH', raw);
      expect(gh.booleanInput('push', !want), raw).toBe(want);
    }
    vi.stubEnv('INPUT_PUSH', '');
    expect(gh.booleanInput('push', true)).toBe(true);
    expect(gh.booleanInput('push', false)).toBe(false);
  });

  it('booleanInput() refuses anything else with ACTION_INPUT_INVALID, naming the input and the value', () => {
    vi.stubEnv('INPUT_PUSH', 'maybe');
    let err: unknown;
    try {
      createActionContext(kit).booleanInput('push', false);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ACTION_INPUT_INVALID', exitCode: 2 });
    expect((err as { describe(): string }).describe()).toBe(
      'input "push" is "maybe", not true or false. Set push: true or push: false in the workflow step. [ACTION_INPUT_INVALID]',
    );
  });

  it('setOutput() writes to the GITHUB_OUTPUT file; cwd is GITHUB_WORKSPACE; env is the process environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-gh-'));
    const out = join(dir, 'output');
    writeFileSync(out, '');
    vi.stubEnv('GITHUB_OUTPUT', out);
    vi.stubEnv('GITHUB_WORKSPACE', dir);
    const gh = createActionContext(kit);
    gh.setOutput('bundle-path', 'out/app.sigstore.json');
    gh.setOutput('count', 3);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^bundle-path<<(ghadelimiter_[\w-]+)\nout\/app\.sigstore\.json\n\1\n/);
    expect(text).toMatch(/count<<(ghadelimiter_[\w-]+)\n3\n\1\n$/);
    expect(gh.cwd).toBe(dir);
    expect(gh.env).toBe(process.env);
  });
});

// subject, key and store inputs are read by the application's action runtime (src/actions-runtime), which the
// action tests and test/local-action.test.ts cover; this package keeps the runner's OIDC token.
describe('tokenProvider', () => {
  it('asks the runner only when the job may request a token, and masks the token', async () => {
    expect(await tokenProvider(fakeContext({}))()).toBeUndefined();
    const gh = fakeContext({}, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' });
    expect(await tokenProvider(gh)()).toBe('token-from-runner');
    expect(gh.secrets).toEqual(['token-from-runner']);
  });

  it('a runner that refuses the token gives OIDC_TOKEN_REQUEST_FAILED with the permission to add', async () => {
    const gh = fakeContext({}, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' });
    gh.idToken = async () => {
      throw new Error('403 Forbidden');
    };
    await expect(tokenProvider(gh)()).rejects.toMatchObject({
      code: 'OIDC_TOKEN_REQUEST_FAILED',
      hint: expect.stringContaining('id-token: write'),
    });
  });
});

describe('markdownTable', () => {
  it('writes a header, a rule and one row per entry, ending with a newline', () => {
    expect(
      markdownTable(
        ['check', 'result'],
        [
          ['signature', 'pass'],
          ['count', 2],
        ],
      ),
    ).toBe('| check | result |\n| --- | --- |\n| signature | pass |\n| count | 2 |\n');
  });

  it('escapes pipes and folds line breaks so a cell cannot break the table', () => {
    const md = markdownTable(['a|b'], [['x | y'], ['line1\nline2\r\nline3']]);
    expect(md).toBe('| a\\|b |\n| --- |\n| x \\| y |\n| line1 line2 line3 |\n');
    expect(md.trimEnd().split('\n')).toHaveLength(4);
  });
});
