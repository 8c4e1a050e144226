/**
 * docs/troubleshooting.md documents every stable error code Custody can raise, and nothing else.
 *
 * The codes come from the typed tables each layer exports (CORE_ERROR_CODES, OCI_ERROR_CODES, …, APP_ERROR_CODES):
 * every error class takes a code of its table (or of core's shared one), so `npm run build` refuses a raise site
 * with a code outside the tables. This test checks the tables against the page, against each other, and against
 * the sources (no class widens its codes to `string`; no table keeps a code nothing raises).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CI_ERROR_CODES } from '@custody/ci';
import { CORE_ERROR_CODES } from '@custody/core';
import { DEPLOY_ERROR_CODES } from '@custody/deploy';
import { GITHUB_ERROR_CODES } from '@custody/github';
import { OCI_ERROR_CODES } from '@custody/oci';
import { PROVENANCE_ERROR_CODES } from '@custody/provenance';
import { SBOM_ERROR_CODES } from '@custody/sbom';
import { SIGN_ERROR_CODES } from '@custody/sign';
import { KEY_URI_ERROR_CODES } from '@custody/sign/kms';
import { VERIFY_ERROR_CODES } from '@custody/verify';
import { APP_ERROR_CODES } from '../src/errors.js';

const root = join(import.meta.dirname, '..');

/** Each table with the file that declares it and the code union its classes take. */
const TABLES = {
  '@custody/core': { table: CORE_ERROR_CODES, file: 'packages/core/src/errors.ts', union: 'CoreErrorCode' },
  '@custody/ci': { table: CI_ERROR_CODES, file: 'packages/ci/src/errors.ts', union: 'CiErrorCode' },
  '@custody/oci': { table: OCI_ERROR_CODES, file: 'packages/oci/src/errors.ts', union: 'OciErrorCode' },
  '@custody/sbom': { table: SBOM_ERROR_CODES, file: 'packages/sbom/src/errors.ts', union: 'SbomErrorCode' },
  '@custody/provenance': { table: PROVENANCE_ERROR_CODES, file: 'packages/provenance/src/errors.ts', union: 'ProvenanceErrorCode' },
  '@custody/sign': { table: SIGN_ERROR_CODES, file: 'packages/sign/src/errors.ts', union: 'SignErrorCode' },
  '@custody/sign/kms': { table: KEY_URI_ERROR_CODES, file: 'packages/sign/src/kms/errors.ts', union: 'KeyUriErrorCode' },
  '@custody/verify': { table: VERIFY_ERROR_CODES, file: 'packages/verify/src/errors.ts', union: 'VerifyErrorCode' },
  '@custody/deploy': { table: DEPLOY_ERROR_CODES, file: 'packages/deploy/src/errors.ts', union: 'DeployErrorCode' },
  '@custody/github': { table: GITHUB_ERROR_CODES, file: 'packages/github/src/api/errors.ts', union: 'GitHubErrorCode' },
  'src (commands, CLI, actions)': { table: APP_ERROR_CODES, file: 'src/errors.ts', union: 'AppErrorCode' },
} as const;

/**
 * The launchers run before any TypeScript loads (the Node version check, the missing build) and print their codes
 * themselves: "… [NODE_VERSION]". They are read from the scripts.
 */
const LAUNCHERS = ['bin/custody.js', 'packaging/bin.js'];

type Tables = Record<string, Readonly<Record<string, string>>>;

/** Codes documented in docs/troubleshooting.md: one `### \`CODE\`` heading each. */
function documentedCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^###\s+`([A-Z][A-Z0-9_]*)`\s*$/gm)].map((m) => m[1]!);
}

/** Codes printed by a launcher script: `[CODE]` in a string. */
function launcherCodes(text: string): string[] {
  return [...text.matchAll(/\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\]/g)].map((m) => m[1]!);
}

/** code -> the tables that declare it. */
function owners(tables: Tables): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, table] of Object.entries(tables))
    for (const code of Object.keys(table)) out.set(code, [...(out.get(code) ?? []), name]);
  return out;
}

/** What is wrong between a set of tables (plus launcher codes) and the documented codes. */
function compare(tables: Tables, launchers: string[], documented: string[]) {
  const declared = owners(tables);
  for (const c of launchers) declared.set(c, [...(declared.get(c) ?? []), 'launcher']);
  const have = new Set(documented);
  return {
    undocumented: [...declared.keys()].filter((c) => !have.has(c)).sort(),
    stale: documented.filter((c) => !declared.has(c)),
    duplicated: [...declared].filter(([, o]) => o.length > 1).map(([c, o]) => `${c} (${o.join(', ')})`),
    malformed: Object.entries(tables).flatMap(([name, t]) =>
      Object.entries(t)
        .filter(([k, v]) => k !== v || !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(k))
        .map(([k]) => `${name}: ${k}`),
    ),
  };
}

function tsFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (n === '__tests__' || n === 'node_modules' || n === 'dist') continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every source a user's run can execute. packages/testing is test-only and never ships. */
function productSources(): Array<{ path: string; text: string }> {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) if (pkg !== 'testing') tsFiles(join(root, 'packages', pkg, 'src'), files);
  tsFiles(join(root, 'src'), files);
  for (const action of readdirSync(join(root, 'actions'))) tsFiles(join(root, 'actions', action, 'src'), files);
  return files.map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
}

/**
 * Concrete error classes whose codes are not exactly table unions: `extends CustodyError` without a type argument
 * (codes widen to string), or with a literal or another type. Abstract generic bases (InputError) are skipped: they
 * cannot be constructed.
 */
function untypedClasses(sources: Array<{ path: string; text: string }>, unions: string[]): string[] {
  const bad: string[] = [];
  for (const s of sources) {
    for (const m of s.text.matchAll(
      /^(?:export\s+)?(abstract\s+)?class\s+(\w+)(?:<[^>]*>)?\s+extends\s+(CustodyError|InputError)\b(<([^>]*)>)?/gm,
    )) {
      if (m[1]) continue;
      const parts = (m[5] ?? '').split('|').map((p) => p.trim());
      if (!m[4] || parts.some((p) => !unions.includes(p))) bad.push(`${s.path}: class ${m[2]} extends ${m[3]}${m[4] ?? ''}`);
    }
  }
  return bad;
}

const markdown = readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8');
const documented = documentedCodes(markdown);
const tables: Tables = Object.fromEntries(Object.entries(TABLES).map(([n, t]) => [n, t.table]));
const launchers = [...new Set(LAUNCHERS.flatMap((f) => launcherCodes(readFileSync(join(root, f), 'utf8'))))];

describe('the checks over the tables (inline samples)', () => {
  const doc = ['A_ONE', 'B_TWO', 'NODE_VERSION'];

  it('finds a code a table adds that the page lacks, and a documented code no table has', () => {
    const r = compare({ a: { A_ONE: 'A_ONE', A_NEW: 'A_NEW' }, b: {} }, ['NODE_VERSION'], doc);
    expect(r.undocumented).toEqual(['A_NEW']);
    expect(r.stale).toEqual(['B_TWO']);
  });

  it('finds a code declared by two tables, and a table entry whose value is not its key', () => {
    const r = compare({ a: { A_ONE: 'A_ONE' }, b: { A_ONE: 'A_ONE', B_TWO: 'B_THREE' } }, ['NODE_VERSION'], doc);
    expect(r.duplicated).toEqual(['A_ONE (a, b)']);
    expect(r.malformed).toEqual(['b: B_TWO']);
  });

  it('finds a launcher code, and a class whose codes widen beyond a table', () => {
    expect(launcherCodes("process.stderr.write('no build. [NOT_BUILT]\\n'); const x = [ARRAY];")).toEqual(['NOT_BUILT']);
    const sources = [
      {
        path: 'x.ts',
        text: [
          'export class GoodError extends CustodyError<OciErrorCode | CoreErrorCode> {}',
          'export abstract class InputError<C extends string = string> extends CustodyError<C> {}',
          'export class Untyped extends CustodyError {',
          "class Literal extends InputError<'ANY_CODE'> {}",
          'export class Wide extends CustodyError<string> {}',
        ].join('\n'),
      },
    ];
    expect(untypedClasses(sources, ['OciErrorCode', 'CoreErrorCode'])).toEqual([
      'x.ts: class Untyped extends CustodyError',
      "x.ts: class Literal extends InputError<'ANY_CODE'>",
      'x.ts: class Wide extends CustodyError<string>',
    ]);
  });
});

describe('the error-code tables and docs/troubleshooting.md', () => {
  const result = compare(tables, launchers, documented);

  it('every table is non-empty, its entries are CODE: CODE, and no code is in two tables', () => {
    for (const [name, t] of Object.entries(tables)) expect(Object.keys(t).length, name).toBeGreaterThan(0);
    expect(result.malformed).toEqual([]);
    expect(result.duplicated, 'a code belongs to one table; codes several packages raise live in core').toEqual([]);
    expect(owners(tables).size).toBeGreaterThan(150);
  });

  it('the launchers print exactly NODE_VERSION and NOT_BUILT', () => {
    expect([...new Set(launchers)].sort()).toEqual(['NODE_VERSION', 'NOT_BUILT']);
  });

  it('documents every code of the tables and the launchers', () => {
    expect(
      result.undocumented,
      `add these codes to docs/troubleshooting.md (### \`CODE\`, cause, fix):\n${result.undocumented.join('\n')}`,
    ).toEqual([]);
  });

  it('documents no code that no table declares', () => {
    expect(result.stale, `remove these codes from docs/troubleshooting.md, or add them to their table: ${result.stale.join(', ')}`).toEqual(
      [],
    );
  });

  it('documents each code once, with a cause and a fix', () => {
    expect(documented.length).toBe(new Set(documented).size);
    const sections = markdown.split(/^### /m).slice(1);
    expect(sections.length).toBe(documented.length);
    for (const s of sections) {
      const code = /^`([A-Z0-9_]+)`/.exec(s)?.[1];
      expect(s, `${code}: needs a **Cause.** line`).toMatch(/\*\*Cause\.\*\* \S.{15,}/);
      expect(s, `${code}: needs a **Fix.** line`).toMatch(/\*\*Fix\.\*\* \S.{10,}/);
    }
  });

  const sources = productSources();

  it('every concrete error class takes its codes from the tables (so the build refuses any other code)', () => {
    const unions = Object.values(TABLES).map((t) => t.union);
    expect(untypedClasses(sources, unions)).toEqual([]);
    // The unions are declared next to their tables.
    for (const t of Object.values(TABLES))
      expect(readFileSync(join(root, t.file), 'utf8')).toContain(`export type ${t.union} = keyof typeof`);
  });

  it('no table keeps a code that no source raises', () => {
    const declaredIn = new Map(Object.values(TABLES).map((t) => [t.file, t.table as Readonly<Record<string, string>>]));
    const unused = [...owners(tables).keys()].filter((code) => {
      const entry = new RegExp(`^\\s*${code}: '${code}',\\s*$`, 'gm');
      return !sources.some((s) => {
        const text = declaredIn.get(s.path) && code in declaredIn.get(s.path)! ? s.text.replace(entry, '') : s.text;
        return text.includes(`'${code}'`);
      });
    });
    expect(unused, 'drop these codes from their table (and docs/troubleshooting.md): nothing raises them').toEqual([]);
  });
});
