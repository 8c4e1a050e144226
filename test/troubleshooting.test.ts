/**
 * docs/troubleshooting.md documents every stable error code the sources can raise, and nothing else.
 * The codes come from a TypeScript-AST scan of packages/<x>/src, src/ and actions/<x>/src (test/support/error-codes.ts);
 * the samples below prove the scan finds each declaration style used in the tree, so a new code cannot slip through.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedCodes, scanErrorCodes, type SourceText } from './support/error-codes.js';

const root = join(import.meta.dirname, '..');

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
function productSources(): SourceText[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) if (pkg !== 'testing') tsFiles(join(root, 'packages', pkg, 'src'), files);
  tsFiles(join(root, 'src'), files);
  for (const action of readdirSync(join(root, 'actions'))) tsFiles(join(root, 'actions', action, 'src'), files);
  return files.map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
}

const BASE = `
export class CustodyError extends Error {
  constructor(code: string, message: string, options = {}) { super(message); }
}
export class InputError extends CustodyError {}
`;

describe('the error-code scan (inline samples of every declaration style)', () => {
  const scan = (...texts: string[]) => scanErrorCodes([{ path: 'core.ts', text: BASE }, ...texts.map((text, i) => ({ path: `s${i}.ts`, text }))]);
  const codes = (...texts: string[]) => [...scan(...texts).codes.keys()].sort();

  it('finds a literal code passed to CustodyError and to a subclass without a constructor', () => {
    expect(codes(`throw new CustodyError('S_DIRECT', 'm'); throw new InputError('S_INPUT', 'm');`)).toEqual(['S_DIRECT', 'S_INPUT']);
  });

  it('finds a code fixed by a subclass constructor, also two levels down and across files', () => {
    const a = `export class FamilyError extends CustodyError { constructor(code: string, m: string) { super(code, m, { exitCode: 2 }); } }`;
    const b = `export class NotFoundError extends FamilyError { constructor(m: string) { super('S_FIXED', m); } }
               export class Deeper extends NotFoundError {}`;
    expect(codes(b, a)).toEqual(['S_FIXED']);
    expect(codes(a, `new FamilyError('S_FAMILY', 'm')`)).toEqual(['S_FAMILY']);
  });

  it('finds a code passed at another position (found from the super call)', () => {
    const cls = `class ServiceError extends CustodyError { constructor(service: string, url: string, code: string, message: string) { super(code, message); } }`;
    expect(codes(`${cls} throw new ServiceError('Rekor', url, 'S_THIRD', 'm');`)).toEqual(['S_THIRD']);
  });

  it('finds codes built in helper functions: arrow const, function declaration, exported helper used elsewhere, helper of a helper', () => {
    const arrow = `const fail = (code: string, what: string) => new InputError(code, what); throw fail('S_ARROW', 'x');`;
    const decl = `function fileError(what: string, code: string) { return new CustodyError(code, what); } throw fileError('x', 'S_DECL');`;
    const exported = `export function makeErr(code: string) { return new InputError(code, 'm'); }`;
    const user = `throw makeErr('S_EXPORTED');`;
    const twice = `const inner = (code: string) => new InputError(code, 'm'); const outer = (c: string) => inner(c); throw outer('S_TWICE');`;
    expect(codes(arrow, decl, exported, user, twice)).toEqual(['S_ARROW', 'S_DECL', 'S_EXPORTED', 'S_TWICE']);
  });

  it('does not take a same-named private helper of another file as a code helper', () => {
    const helper = `const fail = (code: string) => new InputError(code, 'm'); throw fail('S_MINE');`;
    const other = `const fail = (id: string, reason: string) => ({ id, reason }); fail('NOT_A_CODE', 'r');`;
    expect(codes(helper, other)).toEqual(['S_MINE']);
  });

  it('finds codes in ternaries, fallbacks, file-level constants and `code:` fields', () => {
    expect(codes(`throw new InputError(ok ? 'S_YES' : 'S_NO', 'm');`)).toEqual(['S_NO', 'S_YES']);
    expect(codes(`const explain = () => ({ code: 'S_FIELD', message: 'm' }); const e = explain(); throw new CustodyError(e?.code ?? 'S_FALLBACK', 'm');`)).toEqual([
      'S_FALLBACK',
      'S_FIELD',
    ]);
    expect(codes(`const CODE = 'S_CONST'; throw new InputError(CODE, 'm');`)).toEqual(['S_CONST']);
  });

  it('ignores what is not a Custody code: plain Errors, foreign error classes, env names, errno codes, comparisons', () => {
    const noise = `
      throw new Error('NOT_CUSTODY');
      class TarFormatError extends Error { constructor(m: string) { super(m); } }
      throw new TarFormatError('NOT_CUSTODY_EITHER');
      throw new VerificationError({ code: 'PUBLIC_KEY_ERROR', message: 'foreign' });
      Object.assign(new Error('x'), { code: 'ENOENT' });
      const token = env.GITHUB_TOKEN ?? env['SIGSTORE_ID_TOKEN'];
      if (err.code === 'OCI_NOT_FOUND') {}
      error(res, 404, 'MANIFEST_UNKNOWN', 'registry double');`;
    expect(codes(noise)).toEqual([]);
  });

  it('reports a code expression it cannot resolve, so a new declaration style fails loudly', () => {
    const r = scan(`function f(table: Record<string, string>) { throw new InputError(table.someKey, 'm'); } const x = lookup(); throw new CustodyError(x, 'm');`);
    expect(r.codes.size).toBe(0);
    expect(r.unresolved.map((u) => u.text)).toEqual(expect.arrayContaining(['table.someKey', 'lookup()']));
  });

  it('catches a new undocumented code added to a real source file', () => {
    const sources = productSources();
    const documented = new Set(documentedCodes(readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8')));
    const target = sources.find((s) => s.path.endsWith(join('packages', 'oci', 'src', 'errors.ts')))!;
    const changed = sources.map((s) =>
      s === target ? { ...s, text: `${s.text}\nexport class OciQuotaError extends OciError { constructor(m: string) { super('OCI_QUOTA_EXCEEDED', m); } }\n` } : s,
    );
    const before = new Set(scanErrorCodes(sources).codes.keys());
    const missing = [...scanErrorCodes(changed).codes.keys()].filter((c) => !documented.has(c) && !before.has(c));
    expect(missing).toEqual(['OCI_QUOTA_EXCEEDED']);
  });
});

describe('docs/troubleshooting.md', () => {
  const markdown = readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8');
  const documented = documentedCodes(markdown);
  const result = scanErrorCodes(productSources());
  // bin/*.js runs before any TypeScript loads (the Node version check) and prints its code itself: "… [NODE_VERSION]".
  for (const f of readdirSync(join(root, 'bin')).filter((n) => n.endsWith('.js'))) {
    const text = readFileSync(join(root, 'bin', f), 'utf8');
    for (const m of text.matchAll(/\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\]/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      result.codes.set(m[1]!, [...(result.codes.get(m[1]!) ?? []), { code: m[1]!, file: `bin/${f}`, line }]);
    }
  }

  it('the scan resolves every code expression in the sources', () => {
    expect(result.unresolved.map((u) => `${u.file}:${u.line}: ${u.text}`), 'code expressions the scan cannot resolve: teach test/support/error-codes.ts the new style').toEqual([]);
    expect(result.codes.size).toBeGreaterThan(50);
    expect(result.errorClasses).toEqual(expect.arrayContaining(['CustodyError', 'InputError', 'UsageError', 'OciError', 'SignInputError', 'VerifyInputError']));
  });

  it('documents every code the sources can raise', () => {
    const have = new Set(documented);
    const missing = [...result.codes.entries()]
      .filter(([code]) => !have.has(code))
      .map(([code, sites]) => `${code} (${sites.map((s) => `${s.file}:${s.line}`).join(', ')})`);
    expect(missing, `add these codes to docs/troubleshooting.md (### \`CODE\`, cause, fix):\n${missing.join('\n')}`).toEqual([]);
  });

  it('documents no code the sources no longer raise', () => {
    const stale = documented.filter((c) => !result.codes.has(c));
    expect(stale, `remove these codes from docs/troubleshooting.md: ${stale.join(', ')}`).toEqual([]);
  });

  it('documents each code once, with a cause and a fix', () => {
    expect(documented.length).toBe(new Set(documented).size);
    const sections = markdown.split(/^### /m).slice(1);
    for (const s of sections) {
      const code = /^`([A-Z0-9_]+)`/.exec(s)?.[1];
      expect(s, `${code}: needs a **Cause.** line`).toMatch(/\*\*Cause\.\*\* \S.{15,}/);
      expect(s, `${code}: needs a **Fix.** line`).toMatch(/\*\*Fix\.\*\* \S.{10,}/);
    }
  });
});
