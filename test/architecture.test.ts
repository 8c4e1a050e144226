import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTODY_VERSION } from '@custody/core';

// The dependency rules of ARCHITECTURE.md, checked over the source tree so a violation fails CI.
const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === '__tests__') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

const packages = readdirSync(join(root, 'packages'));

describe('dependency direction', () => {
  it('packages import no sibling package but core', () => {
    const bad: string[] = [];
    for (const pkg of packages) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        for (const spec of imports(file)) {
          const m = /^@custody\/([^/]+)/.exec(spec);
          if (m && m[1] !== 'core' && m[1] !== pkg) bad.push(`${relative(root, file)} imports ${spec}`);
          if (spec.startsWith('..') && spec.includes(`..${sep}..`)) bad.push(`${relative(root, file)} reaches outside its package: ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('only packages/github and actions/* import @actions/* or @octokit/*', () => {
    const bad: string[] = [];
    const files = [
      ...packages.filter((p) => p !== 'github').flatMap((p) => sources(join(root, 'packages', p, 'src'))),
      ...sources(join(root, 'src')),
    ];
    for (const file of files) {
      for (const spec of imports(file)) if (/^@(actions|octokit)\//.test(spec)) bad.push(`${relative(root, file)} imports ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('core depends on nothing of ours', () => {
    const bad = sources(join(root, 'packages', 'core', 'src')).flatMap((f) =>
      imports(f).filter((s) => s.startsWith('@custody/')).map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('commands never import the CLI face (src/cli); they share src/io with it', () => {
    const bad = sources(join(root, 'src', 'commands')).flatMap((f) =>
      imports(f).filter((s) => /(^|\/)cli(\/|\.js$)/.test(s)).map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the actions share the verb specs (src/verbs), not the CLI face: actions/* and src/actions-runtime never import src/cli', () => {
    const files = [...sources(join(root, 'src', 'actions-runtime')), ...sources(join(root, 'src', 'verbs')), ...readdirSync(join(root, 'actions')).flatMap((a) => sources(join(root, 'actions', a, 'src')))];
    const bad = files.flatMap((f) => imports(f).filter((s) => /(^|\/)src\/cli(\/|\.js$)|^\.\.\/cli\//.test(s)).map((s) => `${relative(root, f)} imports ${s}`));
    expect(bad).toEqual([]);
  });

  it('the command layer never reads argv', () => {
    const bad = sources(join(root, 'src', 'commands')).filter((f) => /process\.argv/.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(root, f))).toEqual([]);
  });
});

describe('version', () => {
  it('CUSTODY_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(CUSTODY_VERSION).toBe(pkg.version);
  });
});
