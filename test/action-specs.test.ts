/**
 * Every action input is declared once, in its verb spec (an option with `input`) or as one of the action's own
 * inputs; the action.yml files and docs/actions.md's tables are generated from those declarations
 * (`npm run docs`, scripts/gen-action-yml.js). This test fails when a file and its declarations disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { commands } from '../src/cli/commands.js';
import { actionLocations } from '../src/actions-runtime/catalog.js';
import { renderActionYml, renderActionsDoc } from '../src/actions-runtime/render.js';
import { actionRun, wordForAction, type ActionDefinition } from '../src/actions-runtime/index.js';
import { readSettings } from '../src/settings.js';
import type { ActionContext } from '@custody/github';
import { silentLogger } from '@custody/core';

const root = join(import.meta.dirname, '..');

interface ActionYml {
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const actions = await Promise.all(
  actionLocations.map(async (loc) => {
    const mod = (await import(`../actions/${loc.name}/src/main.ts`)) as { action: ActionDefinition; run: () => Promise<void> };
    return { ...loc, mod, text: readFileSync(join(root, loc.yml), 'utf8') };
  }),
);

describe('action.yml files against the verb specs', () => {
  it.each(actions.map((a) => [a.yml, a] as const))('%s declares exactly the inputs and outputs of its definition', (_yml, a) => {
    const meta = YAML.parse(a.text) as ActionYml;
    const def = a.mod.action;
    expect(Object.keys(meta.inputs)).toEqual(def.inputs.map((i) => i.name));
    for (const input of def.inputs) {
      expect(meta.inputs[input.name], input.name).toEqual({
        description: input.description,
        required: input.required,
        default: input.default,
      });
    }
    expect(Object.fromEntries(Object.entries(meta.outputs).map(([k, v]) => [k, v.description]))).toEqual(def.outputs);
    expect(meta.runs.using).toBe('node24');
  });

  it.each(actions.map((a) => [a.yml, a] as const))('%s is as generated (run `npm run docs` to refresh)', (_yml, a) => {
    expect(a.text).toBe(renderActionYml(a.text, a.mod.action));
  });

  it("docs/actions.md's input and output tables are as generated (run `npm run docs` to refresh)", () => {
    const doc = readFileSync(join(root, 'docs', 'actions.md'), 'utf8');
    let expected = doc;
    for (const a of actions) expected = renderActionsDoc(expected, a.name, a.mod.action);
    expect(doc).toBe(expected);
  });

  it('an input that stands for an option carries its flag: the option exists in that verb and declares that input', () => {
    for (const a of actions) {
      for (const input of a.mod.action.inputs.filter((i) => i.option)) {
        const spec = commands.find((c) => c.name === input.option!.verb);
        const option = spec?.options[input.option!.name];
        expect(option?.input, `${a.yml}: ${input.name} -> custody ${input.option!.verb} --${input.option!.name}`).toBeDefined();
        expect(input.type).toBe(option!.type);
        expect(input.multiple).toBe(option!.multiple ?? false);
      }
    }
  });

  it('every option that declares an input is exposed by some action, so no declaration is dead', () => {
    const exposed = new Set(
      actions.flatMap((a) => a.mod.action.inputs.filter((i) => i.option).map((i) => `${i.option!.verb} --${i.option!.name}`)),
    );
    const declared = commands.flatMap((c) =>
      Object.entries(c.options)
        .filter(([, o]) => o.input)
        .map(([n]) => `${c.name} --${n}`),
    );
    expect(declared.filter((d) => !exposed.has(d))).toEqual([]);
  });

  it('the verify action has the options it had drifted from: certificate-oidc-issuer-regexp, and the CLI host rule', () => {
    const verify = actions.find((a) => a.name === 'verify')!.mod.action;
    expect(verify.inputs.map((i) => i.name)).toEqual(
      expect.arrayContaining(['certificate-identity-regexp', 'certificate-oidc-issuer-regexp', 'hostname']),
    );
  });

  it('each entry module exports run() and its action and runs nothing on import; dist is built from the index.ts bootstrap', () => {
    for (const a of actions) {
      expect(typeof a.mod.run, a.name).toBe('function');
      expect(Array.isArray(a.mod.action?.inputs), a.name).toBe(true);
      const src = readFileSync(join(root, 'actions', a.name, 'src', 'main.ts'), 'utf8');
      expect(src, `${a.name}: main.ts must not call run() itself`).not.toMatch(/^\s*(void|await)\s+run(Action\w*)?\(/m);
      // The bootstrap prints its first line, then loads only the action definition from main.ts (a lazy chunk).
      expect(readFileSync(join(root, 'actions', a.name, 'src', 'index.ts'), 'utf8')).toMatch(
        /startAction\('[^']+', \(\) => import\(\/\* webpackExports: \["action"\] \*\/ '\.\/main\.js'\)\);/,
      );
    }
  });
});

describe('the action face reads options as the CLI does and words errors with input names', () => {
  const gh = (inputs: Record<string, string>): ActionContext => ({
    input: (n) => inputs[n] ?? '',
    inputLines: (n) =>
      (inputs[n] ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    booleanInput: (n, fallback) => (inputs[n] ? inputs[n] === 'true' : fallback),
    setOutput: () => {},
    summary: async () => {},
    addPath: () => {},
    setSecret: () => {},
    idToken: async () => '',
    logger: silentLogger,
    env: {},
    cwd: root,
  });

  it('attest: subject-path lines are --subject values; sbom-path is --sbom; defaults come from the declarations', async () => {
    const { attestVerb: attestCommand, attestOptions } = await import('../src/verbs/attest.js');
    const def = actions.find((a) => a.name === 'attest')!.mod.action;
    const ctx = actionRun(def, gh({ 'subject-path': 'a.tgz\n\nb.tgz', 'sbom-path': 'sbom.json' }), readSettings({}));
    const options = attestOptions(ctx.options(attestCommand), ctx.settings, silentLogger);
    expect(options).toMatchObject({ subjects: ['a.tgz', 'b.tgz'], sbomFile: 'sbom.json', provenance: false, push: false });
    expect(ctx.bool('show-summary')).toBe(true);
  });

  it('an option error names the input in an action and the flag on the CLI', async () => {
    const { sbomVerb: sbomCommand, sbomOptions } = await import('../src/verbs/sbom.js');
    const { flagReader } = await import('../src/cli/spec.js');
    const def = actions.find((a) => a.name === 'sbom')!.mod.action;
    const ctx = actionRun(def, gh({ scope: 'every-layer' }), readSettings({}));
    await expect(sbomOptions(ctx.options(sbomCommand))).rejects.toThrow(/^input scope every-layer is not squashed or all-layers/);
    await expect(sbomOptions(flagReader({ scope: 'every-layer' }))).rejects.toThrow(/^--scope every-layer is not squashed/);
  });

  it("GitHub's attestations API: store-github (auto) and github-token on the attest actions, github-token on verify; the token is masked", async () => {
    const { githubStoreOptions } = await import('../src/actions-runtime/github-inputs.js');
    const { verifyOptions, verifyVerb } = await import('../src/verbs/verify.js');
    for (const name of ['attest', 'custody']) {
      const def = actions.find((a) => a.name === name)!.mod.action;
      expect(def.inputs.find((i) => i.name === 'store-github')).toMatchObject({ default: 'auto', type: 'string' });
      expect(def.inputs.find((i) => i.name === 'github-token')).toMatchObject({ default: '${{ github.token }}' });
      expect(Object.keys(def.outputs)).toEqual(expect.arrayContaining(['attestation-id', 'attestation-url']));
      const masked: string[] = [];
      const run = (inputs: Record<string, string>) => actionRun(def, { ...gh(inputs), setSecret: (s) => masked.push(s) }, readSettings({}));
      expect(githubStoreOptions(run({}))).toEqual({ githubStore: 'auto' });
      expect(githubStoreOptions(run({ 'store-github': 'true', 'github-token': 'ghs_x' }))).toEqual({
        store: ['github'],
        githubToken: 'ghs_x',
      });
      expect(githubStoreOptions(run({ 'store-github': 'false' }))).toEqual({});
      expect(() => githubStoreOptions(run({ 'store-github': 'maybe' }))).toThrow(/not auto, true or false/);
      expect(masked).toEqual(['ghs_x']);
    }
    expect(Object.keys(actions.find((a) => a.name === 'custody')!.mod.action.outputs)).toEqual(
      expect.arrayContaining(['sbom-attestation-id', 'sbom-attestation-url']),
    );
    const verify = actions.find((a) => a.name === 'verify')!.mod.action;
    expect(verify.inputs.find((i) => i.name === 'github-token')).toMatchObject({ default: '${{ github.token }}' });
    const fromGitHub = verifyOptions(
      actionRun(verify, gh({ repo: 'octo/app' }), readSettings({ GITHUB_SERVER_URL: 'https://acme.ghe.com' })).options(verifyVerb),
      readSettings({}),
      silentLogger,
    );
    expect(fromGitHub.github).toEqual({ repo: 'octo/app', hostname: 'github.com' });
    const withBundle = verifyOptions(
      actionRun(verify, gh({ repo: 'octo/app', 'bundle-path': 'b.json' }), readSettings({})).options(verifyVerb),
      readSettings({}),
      silentLogger,
    );
    expect(withBundle.github).toBeUndefined();
  });

  it('the CLI: attest --store/--repo and verify --limit are flags only; --repo without --store github is a usage error', async () => {
    const { attestOptions, attestVerb } = await import('../src/verbs/attest.js');
    const { verifyOptions } = await import('../src/verbs/verify.js');
    const { flagReader } = await import('../src/cli/spec.js');
    expect(attestVerb.options.store).toMatchObject({ multiple: true });
    expect(attestOptions(flagReader({ subject: ['a'], store: ['github'], repo: 'o/r' }), readSettings({}), silentLogger)).toMatchObject({
      store: ['github'],
      githubRepo: 'o/r',
    });
    expect(() => attestOptions(flagReader({ subject: ['a'], repo: 'o/r' }), readSettings({}), silentLogger)).toThrow(
      /^--repo names where --store github uploads/,
    );
    expect(
      verifyOptions(flagReader({ owner: 'octo', limit: '5' }), readSettings({ GITHUB_SERVER_URL: 'https://acme.ghe.com' }), silentLogger)
        .github,
    ).toEqual({ owner: 'octo', limit: 5, hostname: 'acme.ghe.com' });
    expect(() => verifyOptions(flagReader({ owner: 'octo', limit: '0' }), readSettings({}), silentLogger)).toThrow(
      /^--limit is "0", not a whole number/,
    );
    expect(() => verifyOptions(flagReader({ owner: 'octo', bundle: ['b'], limit: '5' }), readSettings({}), silentLogger)).toThrow(
      /^--limit applies to attestations read from GitHub/,
    );
  });

  it("errors from the commands are reworded: a flag the action exposes becomes its input's name", () => {
    const def = actions.find((a) => a.name === 'attest')!.mod.action;
    expect(wordForAction('--predicate needs --predicate-type URI. Use --sbom FILE or --identity-token.', def.inputs)).toBe(
      'input predicate-path needs input predicate-type URI. Use input sbom-path FILE or --identity-token.',
    );
  });
});
