/**
 * Finds every stable error code Custody can raise, by reading the TypeScript sources (no running code).
 *
 * Declaration styles it understands (test/troubleshooting.test.ts proves each on an inline sample):
 *  1. a code passed to an error class:     new InputError('DIGEST_INVALID', …), new OciError(CODE, …)
 *  2. a subclass that fixes its code:      class OciNotFoundError extends OciError { constructor(m) { super('OCI_NOT_FOUND', m) } }
 *  3. a subclass with the code elsewhere:  new SigningServiceError('Rekor', url, 'SIGN_TLOG_CONFLICT', …) (found from super(code, …))
 *  4. helper functions that take a code:   const fail = (code: string, …) => new ImageError(code, …); fail('IMAGE_LAYER_CORRUPT', …)
 *  5. a code in a ternary / fallback:      new X(ok ? 'A_CODE' : 'B_CODE', …), explained?.code ?? 'SIGN_SERVICE_REJECTED'
 *  6. `code:` fields of object literals:   explain: () => ({ code: 'SIGN_TOKEN_REFUSED', … })
 *  7. a file-level string constant:        const CODE = 'X_Y'; new OciError(CODE, …)
 * Error classes are every class that extends CustodyError, directly or through other classes, in any scanned file.
 * A code expression it cannot resolve to literals is reported in `unresolved`, so a new style fails the test
 * instead of slipping through. `code:` fields inside `new SomeOtherError({…})` (not a Custody error, e.g.
 * @sigstore/verify's VerificationError) are not Custody codes and are skipped.
 */
import ts from 'typescript';

export interface SourceText {
  path: string;
  text: string;
}

export interface CodeSite {
  code: string;
  file: string;
  line: number;
}

export interface ScanResult {
  codes: Map<string, CodeSite[]>;
  /** Code expressions that are neither literals, constants, helper parameters nor `.code` reads. */
  unresolved: Array<{ file: string; line: number; text: string }>;
  errorClasses: string[];
}

/** What a stable code looks like in a `code:` field: upper case with at least one underscore (not errno codes like ENOENT). */
const CODE_FIELD_RE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const ROOT = 'CustodyError';

interface ClassInfo {
  name: string;
  base: string;
  file: ts.SourceFile;
  params: string[];
  superArgs: readonly ts.Expression[] | undefined;
  hasCtor: boolean;
}

interface Helper {
  file: string;
  index: number;
  exported: boolean;
}

export function scanErrorCodes(sources: SourceText[]): ScanResult {
  const files = sources.map((s) => ts.createSourceFile(s.path, s.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  const codes = new Map<string, CodeSite[]>();
  const unresolved: ScanResult['unresolved'] = [];
  const add = (code: string, node: ts.Node) => {
    const sf = node.getSourceFile();
    const site = { code, file: sf.fileName, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 };
    const list = codes.get(code) ?? [];
    if (!list.some((s) => s.file === site.file && s.line === site.line)) list.push(site);
    codes.set(code, list);
  };
  const classFlags: ScanResult['unresolved'] = [];
  let flagInto = classFlags;
  const flag = (node: ts.Node) => {
    const sf = node.getSourceFile();
    flagInto.push({ file: sf.fileName, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 80) });
  };

  // File-level `const NAME = 'LITERAL'`.
  const constants = new Map<ts.SourceFile, Map<string, ts.Expression>>();
  for (const sf of files) {
    const m = new Map<string, ts.Expression>();
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (st.declarationList.flags & ts.NodeFlags.Const) !== 0) m.set(d.name.text, d.initializer);
      }
    }
    constants.set(sf, m);
  }

  /** String literals an expression can evaluate to; `dynamic` holds the parts that are not literals. */
  const values = (e: ts.Expression, sf: ts.SourceFile, seen = new Set<string>()): { lits: Array<[string, ts.Node]>; dynamic: ts.Expression[] } => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { lits: [[e.text, e]], dynamic: [] };
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) return values(e.expression, sf, seen);
    if (ts.isConditionalExpression(e)) return merge(values(e.whenTrue, sf, seen), values(e.whenFalse, sf, seen));
    if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
      return merge(values(e.left, sf, seen), values(e.right, sf, seen));
    }
    if (ts.isIdentifier(e) && !seen.has(e.text)) {
      const init = constants.get(sf)?.get(e.text);
      if (init) return values(init, sf, new Set([...seen, e.text]));
    }
    return { lits: [], dynamic: [e] };
  };
  const merge = (a: ReturnType<typeof values>, b: ReturnType<typeof values>) => ({ lits: [...a.lits, ...b.lits], dynamic: [...a.dynamic, ...b.dynamic] });

  // 1. Error classes and the position of their code parameter (undefined: the class fixes its code).
  const classes = new Map<string, ClassInfo>();
  for (const sf of files) {
    const visit = (n: ts.Node) => {
      if (ts.isClassDeclaration(n) && n.name) {
        const ext = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        if (ext && ts.isIdentifier(ext)) {
          const ctor = n.members.find(ts.isConstructorDeclaration);
          let superArgs: readonly ts.Expression[] | undefined;
          const findSuper = (c: ts.Node) => {
            if (ts.isCallExpression(c) && c.expression.kind === ts.SyntaxKind.SuperKeyword) superArgs = c.arguments;
            else ts.forEachChild(c, findSuper);
          };
          if (ctor?.body) findSuper(ctor.body);
          classes.set(n.name.text, {
            name: n.name.text,
            base: ext.text,
            file: sf,
            params: ctor ? ctor.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')) : [],
            superArgs,
            hasCtor: Boolean(ctor),
          });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const codePos = new Map<string, number | undefined>([[ROOT, 0]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of classes.values()) {
      if (codePos.has(c.name) || !codePos.has(c.base)) continue;
      const basePos = codePos.get(c.base);
      let pos: number | undefined;
      if (!c.hasCtor) pos = basePos;
      else if (basePos !== undefined && c.superArgs?.[basePos]) {
        const v = values(c.superArgs[basePos]!, c.file);
        for (const [code, node] of v.lits) add(code, node);
        for (const d of v.dynamic) {
          if (ts.isIdentifier(d) && c.params.includes(d.text)) pos = c.params.indexOf(d.text);
          // `TABLE[x].code`: the class takes its code from a table's `code:` fields, which step 6 collects.
          else if (ts.isPropertyAccessExpression(d) && d.name.text === 'code') continue;
          else flag(d);
        }
      }
      codePos.set(c.name, pos);
      changed = true;
    }
  }

  // 2. Constructions, helper functions that pass a parameter through as the code, and `code:` fields.
  const helpers = new Map<string, Helper[]>();
  flagInto = unresolved;
  const enclosingParam = (id: ts.Identifier): { name: string; index: number; exported: boolean } | undefined => {
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      if (ts.isFunctionDeclaration(p) || ts.isArrowFunction(p) || ts.isFunctionExpression(p) || ts.isMethodDeclaration(p)) {
        const index = p.parameters.findIndex((q) => ts.isIdentifier(q.name) && q.name.text === id.text);
        if (index === -1) continue;
        let name: string | undefined;
        let exported = false;
        if (ts.isFunctionDeclaration(p) && p.name) {
          name = p.name.text;
          exported = Boolean(p.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
        } else if (ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) {
          name = p.parent.name.text;
          const stmt = p.parent.parent?.parent;
          exported = Boolean(stmt && ts.isVariableStatement(stmt) && stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
        } else if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name)) name = p.name.text;
        return name ? { name, index, exported } : undefined;
      }
    }
    return undefined;
  };
  const handleCode = (arg: ts.Expression | undefined, sf: ts.SourceFile, site: ts.Node): boolean => {
    if (!arg) {
      flag(site);
      return false;
    }
    let grew = false;
    const v = values(arg, sf);
    for (const [code, node] of v.lits) add(code, node);
    for (const d of v.dynamic) {
      if (ts.isIdentifier(d)) {
        const param = enclosingParam(d);
        if (param) {
          const list = helpers.get(param.name) ?? [];
          if (!list.some((h) => h.file === sf.fileName && h.index === param.index)) {
            list.push({ file: sf.fileName, index: param.index, exported: param.exported });
            helpers.set(param.name, list);
            grew = true;
          }
          continue;
        }
      }
      // `x.code` / `x?.code`: the value comes from a `code:` field, which step 6 collects.
      if ((ts.isPropertyAccessExpression(d) || ts.isPropertyAccessChain(d)) && d.name.text === 'code') continue;
      flag(d);
    }
    return grew;
  };
  for (let pass = 0, grew = true; grew && pass < 10; pass++) {
    grew = false;
    unresolved.length = 0;
    for (const sf of files) {
      const visit = (n: ts.Node) => {
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && codePos.has(n.expression.text)) {
          const pos = codePos.get(n.expression.text);
          if (pos !== undefined && handleCode(n.arguments?.[pos], sf, n)) grew = true;
        } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && helpers.has(n.expression.text)) {
          for (const h of helpers.get(n.expression.text)!) {
            if (h.file !== sf.fileName && !h.exported) continue;
            if (handleCode(n.arguments[h.index], sf, n)) grew = true;
          }
        } else if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && n.name.text === 'code') {
          const init = n.initializer;
          const obj = n.parent;
          const owner = obj.parent;
          const foreign = owner && ts.isNewExpression(owner) && ts.isIdentifier(owner.expression) && !codePos.has(owner.expression.text);
          if (!foreign && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) && CODE_FIELD_RE.test(init.text)) add(init.text, init);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  unresolved.push(...classFlags);
  return { codes, unresolved, errorClasses: [...codePos.keys()].sort() };
}

/** Codes documented in docs/troubleshooting.md: one `### \`CODE\`` heading each. */
export function documentedCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^###\s+`([A-Z][A-Z0-9_]*)`\s*$/gm)].map((m) => m[1]!);
}
