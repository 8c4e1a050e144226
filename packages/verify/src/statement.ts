/** The in-toto statement inside a DSSE envelope, and the subject binding (ours: sigstore-js does not do it). */
import { CustodyError, INTOTO_PAYLOAD_TYPE, parseJsonBounded, STATEMENT_TYPE_V1 } from '@custody/core';
import { fail, pass, type Check } from './report.js';

export const STATEMENT_TYPE_V01 = 'https://in-toto.io/Statement/v0.1';

export interface ParsedStatement {
  _type: string;
  subject: Array<{ name?: string; digest: Record<string, string> }>;
  predicateType: string;
  predicate: unknown;
}

export function parseStatement(payloadType: string, payload: Buffer): { statement?: ParsedStatement; check: Check } {
  if (payloadType !== INTOTO_PAYLOAD_TYPE) {
    return { check: fail('statement', `DSSE payload type is "${payloadType}", not ${INTOTO_PAYLOAD_TYPE}`) };
  }
  let value: unknown;
  try {
    // Bounded (size and nesting depth, checked before parsing): the payload is read before anyone knows whether its
    // signature verifies, and the policy rules that later walk it recurse.
    value = parseJsonBounded(payload.toString('utf8'), { what: 'the DSSE payload (in-toto statement)', maxBytes: 'bundleBytes' });
  } catch (err) {
    if (err instanceof CustodyError) return { check: fail('statement', `${err.code}: ${err.message} ${err.hint ?? ''}`.trim()) };
    return { check: fail('statement', `the DSSE payload is not JSON (${(err as Error).message})`) };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { check: fail('statement', 'the DSSE payload is not a JSON object') };
  const st = value as Record<string, unknown>;
  if (st._type !== STATEMENT_TYPE_V1 && st._type !== STATEMENT_TYPE_V01) {
    return { check: fail('statement', `_type is ${JSON.stringify(st._type)}, not ${STATEMENT_TYPE_V1}`) };
  }
  if (typeof st.predicateType !== 'string' || st.predicateType === '') {
    return { check: fail('statement', 'the statement has no predicateType') };
  }
  if (!Array.isArray(st.subject) || st.subject.length === 0) {
    return { check: fail('statement', 'the statement has no subjects: it binds to no artifact') };
  }
  for (const [i, s] of st.subject.entries()) {
    const d = (s as { digest?: unknown })?.digest;
    if (
      !d ||
      typeof d !== 'object' ||
      Array.isArray(d) ||
      Object.keys(d).length === 0 ||
      !Object.values(d).every((v) => typeof v === 'string')
    ) {
      return { check: fail('statement', `subject[${i}] has no digest set`) };
    }
  }
  return {
    statement: st as unknown as ParsedStatement,
    check: pass('statement', `in-toto statement (${st._type === STATEMENT_TYPE_V1 ? 'v1' : 'v0.1'}), ${st.subject.length} subject(s)`),
  };
}

/**
 * The target is bound when a subject has a digest equal to the target's under an algorithm both know, and no
 * algorithm they share disagrees.
 */
export function subjectCheck(statement: ParsedStatement, target: Record<string, string>): Check {
  const known = Object.keys(target);
  let shared = false;
  for (const s of statement.subject) {
    const common = Object.keys(s.digest).filter((a) => known.includes(a.toLowerCase()));
    if (common.length === 0) continue;
    shared = true;
    if (common.every((a) => s.digest[a]!.toLowerCase() === target[a.toLowerCase()])) {
      const a = common[0]!;
      return pass('subject', `subject ${JSON.stringify(s.name ?? '')} has ${a}:${s.digest[a]!.toLowerCase().slice(0, 16)}…`);
    }
  }
  const have = known.map((a) => `${a}:${target[a]!.slice(0, 16)}…`).join(', ');
  if (!shared) {
    const algs = [...new Set(statement.subject.flatMap((s) => Object.keys(s.digest)))].join(', ');
    return fail(
      'subject',
      `no subject digest can be compared with the target (subjects use ${algs}; target has ${known.join(', ') || 'no digest'})`,
    );
  }
  return fail('subject', `the target (${have}) is not a subject of the statement (${statement.subject.length} subject(s))`);
}
