/**
 * CVSS v3.x base scores from vector strings (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`), by the FIRST.org CVSS
 * v3.1 specification, section 7.1 (base equations), 7.4 (metric values) and Appendix A (Roundup). v3.0 vectors use the
 * same base equations; 3.1 only made Roundup exact in floating point, which Custody uses for both, as the NVD does.
 * CVSS v4.0 vectors are not scored (v4 scores come from a table of macro vectors, not a formula): undefined. Pure.
 */

const WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};
/** Privileges Required depends on Scope (spec table 16): Low 0.62 (0.68 changed), High 0.27 (0.5 changed). */
const PR: Record<string, { U: number; C: number }> = { N: { U: 0.85, C: 0.85 }, L: { U: 0.62, C: 0.68 }, H: { U: 0.27, C: 0.5 } };
const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

/** The spec's Roundup (Appendix A): the smallest number of one decimal place >= input, without floating-point drift. */
export function cvssRoundup(input: number): number {
  const i = Math.round(input * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/**
 * The base score of a CVSS v3.0 or v3.1 vector, or undefined when it is not one (another version, a base metric
 * missing, repeated or with an unknown value). Temporal and environmental metrics may follow; the base score ignores them.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const [k, v, extra] = p.split(':');
    if (!k || !v || extra !== undefined || k in m) return undefined;
    m[k] = v;
  }
  if (!BASE.every((k) => m[k] !== undefined)) return undefined;
  const scope = m.S;
  if (scope !== 'U' && scope !== 'C') return undefined;
  const w = (k: string) => WEIGHTS[k]![m[k]!];
  const av = w('AV');
  const ac = w('AC');
  const ui = w('UI');
  const c = w('C');
  const i = w('I');
  const a = w('A');
  const pr = PR[m.PR!]?.[scope];
  if (av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined || pr === undefined)
    return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return cvssRoundup(Math.min(scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability), 10));
}

/**
 * The highest CVSS base score among OSV `severity[]` entries: `CVSS_V3` vectors scored here, a plain number taken as
 * is. `CVSS_V4` (and `CVSS_V2`) vectors are not scored: a record rated only so gives undefined (unknown severity).
 */
export function osvCvss(severity: unknown): number | undefined {
  let score: number | undefined;
  for (const s of Array.isArray(severity) ? severity : []) {
    if (typeof s !== 'object' || s === null) continue;
    const { type, score: text } = s as { type?: unknown; score?: unknown };
    let n: number | undefined;
    if (typeof text === 'number' && text >= 0 && text <= 10) n = text;
    else if (typeof text === 'string' && /^\d+(\.\d+)?$/.test(text.trim()) && Number(text) <= 10) n = Number(text);
    else if (typeof text === 'string' && (type === 'CVSS_V3' || text.startsWith('CVSS:3.'))) n = cvss3BaseScore(text);
    if (n !== undefined) score = score === undefined ? n : Math.max(score, n);
  }
  return score;
}
