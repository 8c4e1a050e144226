/**
 * SPDX license expressions (SPDX 2.3 annex D) for license rules: `MIT OR Apache-2.0`, `(A AND B)`,
 * `GPL-2.0-only WITH Classpath-exception-2.0`, `LicenseRef-…`, `GPL-2.0+`. Ids are compared case-insensitively
 * (SPDX license ids are), the deprecated GNU ids (`GPL-2.0`, `GPL-2.0+`) as their current ones
 * (`GPL-2.0-only`, `GPL-2.0-or-later`), and any other `X+` ("X or later") as X.
 */

export type LicenseExpr = { op: 'or' | 'and'; items: LicenseExpr[] } | { op: 'license'; id: string; exception?: string };

/** The values SPDX uses for "no license information": not a license. */
export function isNoAssertion(text: string): boolean {
  return /^(NOASSERTION|NONE)$/i.test(text.trim());
}

/** One id as compared: lowercase, deprecated GNU ids mapped to their -only / -or-later forms, `+` dropped. */
export function normalizeLicenseId(id: string): string {
  const gnu = /^(AGPL|GPL|LGPL|GFDL)-(\d+(?:\.\d+)?)(\+)?$/i.exec(id);
  if (gnu) return `${gnu[1]}-${gnu[2]}-${gnu[3] ? 'or-later' : 'only'}`.toLowerCase();
  return id.replace(/\+$/, '').toLowerCase();
}

function tokenize(text: string): string[] {
  return text
    .replace(/([()])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
}

const OPERATOR = /^(AND|OR|WITH)$/i;

/** Parses an expression; throws (a plain Error) when it is not one. Operators are read in any case. */
export function parseLicenseExpression(text: string): LicenseExpr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (t: string | undefined, op: string) => t !== undefined && t.toUpperCase() === op;
  const primary = (): LicenseExpr => {
    const t = tokens[i++];
    if (t === undefined) throw new Error('the expression ends early');
    if (t === '(') {
      const e = or();
      if (tokens[i++] !== ')') throw new Error('a "(" is not closed');
      return e;
    }
    if (t === ')' || OPERATOR.test(t)) throw new Error(`"${t}" where a license id was expected`);
    if (!/^[A-Za-z0-9.\-:+]+$/.test(t)) throw new Error(`"${t}" is not a license id`);
    if (isOp(peek(), 'WITH')) {
      i++;
      const exc = tokens[i++];
      if (exc === undefined || exc === '(' || exc === ')' || OPERATOR.test(exc)) throw new Error('WITH needs an exception id');
      return { op: 'license', id: t, exception: exc };
    }
    return { op: 'license', id: t };
  };
  const and = (): LicenseExpr => {
    const items = [primary()];
    while (isOp(peek(), 'AND')) {
      i++;
      items.push(primary());
    }
    return items.length === 1 ? items[0]! : { op: 'and', items };
  };
  const or = (): LicenseExpr => {
    const items = [and()];
    while (isOp(peek(), 'OR')) {
      i++;
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { op: 'or', items };
  };
  const e = or();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]}"`);
  return e;
}

/**
 * Reads license text from an SBOM: an SPDX expression, or when it is not one, the conjunction of every id-like
 * word in it (so that no license in it is ignored), or when it has none of those, one opaque license name.
 */
export function readLicense(text: string): { expr: LicenseExpr; parsed: boolean } {
  // Compatibility forms (fullwidth letters) and Unicode dashes are the ASCII ones, so a look-alike spelling
  // ("GPL‐3.0-only" with U+2010) is the license it looks like.
  const plain = text.normalize('NFKC').replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
  try {
    return { expr: parseLicenseExpression(plain), parsed: true };
  } catch {
    // Every id-like run in it, whatever separates them (spaces, commas, slashes, semicolons, quotes): a deny rule
    // must not be escaped by punctuation glued to an id ("GPL-3.0-only;", "GPL-3.0-only/MIT").
    const ids = plain.split(/[^A-Za-z0-9.\-:+]+/).filter((t) => t !== '' && !OPERATOR.test(t));
    if (ids.length === 0) return { expr: { op: 'license', id: text.trim() }, parsed: false };
    return {
      expr: ids.length === 1 ? { op: 'license', id: ids[0]! } : { op: 'and', items: ids.map((id) => ({ op: 'license', id })) },
      parsed: false,
    };
  }
}

/** A rule entry: an id glob (`GPL-3.0-*`, `LicenseRef-acme-*`), optionally `ID WITH EXCEPTION`. */
export interface LicensePattern {
  text: string;
  test: (l: { id: string; exception?: string }) => boolean;
  /** The rule names an exception: it matches that license with that exception only. */
  withException: boolean;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

/**
 * Compiles a rule entry; throws (a plain Error) when it is an expression rather than one license: an id or glob
 * (`GPL-3.0-*`), a license name as an SBOM may carry it (CycloneDX `license.name`), or `ID WITH EXCEPTION`.
 */
export function licensePattern(text: string): LicensePattern {
  const words = text.trim().split(/\s+/);
  if (words.some((w) => /^(AND|OR)$/i.test(w)) || /[()]/.test(text)) {
    throw new Error('it is an expression; list each license as its own entry (AND, OR and parentheses belong in SBOMs, not in rules)');
  }
  const withAt = words.findIndex((w) => /^WITH$/i.test(w));
  if (withAt >= 0 && (withAt !== 1 || words.length !== 3)) throw new Error('WITH must stand between one license id and one exception id');
  const id = withAt >= 0 ? words[0]! : text.trim();
  const idRe = glob(normalizeLicenseId(id));
  const raw = glob(id);
  const excRe = withAt >= 0 ? glob(words[2]!) : undefined;
  return {
    text,
    withException: excRe !== undefined,
    test: (l) =>
      (idRe.test(normalizeLicenseId(l.id)) || raw.test(l.id)) &&
      (excRe === undefined || (l.exception !== undefined && excRe.test(l.exception))),
  };
}

export interface LicenseVerdict {
  ok: boolean;
  /** Licenses that made it fail: `X (denied)`, `X (not in allowedLicenses)`. */
  problems: string[];
}

/**
 * Whether an expression can be satisfied under the rules: `A OR B` when either can, `A AND B` when both can.
 * A license is acceptable when no deny entry matches it and, with an allow list, an allow entry does. A deny
 * entry without WITH matches the license with or without an exception; an allow entry without WITH allows the
 * license with any exception (an exception only grants more).
 */
export function evaluateLicense(expr: LicenseExpr, denied: LicensePattern[], allowed: LicensePattern[]): LicenseVerdict {
  if (expr.op === 'license') {
    const shown = expr.exception ? `${expr.id} WITH ${expr.exception}` : expr.id;
    // A denied license written in the exception's place ("MIT WITH GPL-3.0-only") is still that license.
    if (denied.some((d) => d.test(expr) || (expr.exception !== undefined && !d.withException && d.test({ id: expr.exception })))) {
      return { ok: false, problems: [`${shown} (denied)`] };
    }
    if (allowed.length && !allowed.some((a) => a.test(expr))) return { ok: false, problems: [`${shown} (not in allowedLicenses)`] };
    return { ok: true, problems: [] };
  }
  const parts = expr.items.map((e) => evaluateLicense(e, denied, allowed));
  if (expr.op === 'and') return { ok: parts.every((p) => p.ok), problems: parts.flatMap((p) => p.problems) };
  return parts.some((p) => p.ok) ? { ok: true, problems: [] } : { ok: false, problems: parts.flatMap((p) => p.problems) };
}
