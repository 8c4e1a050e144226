/**
 * Evaluating a compiled policy (see policy.ts for the file format and parser). Kept apart from the parser so that
 * verification without --policy does not load the YAML parser and the CEL compiler.
 */
import { PREDICATE_CYCLONEDX, PREDICATE_SPDX_23 } from '@custody/core';
import type { IdentityPolicy } from './identity.js';
import { fail, pass, skip, type Check } from './report.js';
import type { ParsedStatement } from './statement.js';
import { hasSbomRules, sbomChecks, type SbomRules } from './sbom.js';
import type { VulnRules } from './vuln-gate.js';

export interface CelRule {
  name: string;
  expr: string;
  run: (ctx: Record<string, unknown>) => unknown;
}

export interface PredicateRules {
  identities?: IdentityPolicy[];
  expressions: CelRule[];
  maxAgeSeconds?: number;
  sbom?: SbomRules;
}

export interface CompiledPolicy {
  source: string;
  requiredPredicateTypes: string[];
  /** Identities for every predicate type without its own list. */
  identities?: IdentityPolicy[];
  maxAgeSeconds?: number;
  sbom?: SbomRules;
  /** CEL expressions for every predicate type (the top-level `expressions`). */
  expressions?: CelRule[];
  /** Rules for one predicate type, by its exact URI. */
  predicates: Record<string, PredicateRules>;
  vsa?: { verifiedLevels?: string[]; policyUri?: string };
  /** Rules over the run's verified vulnerability scans and VEX (`vulnerabilities:`; vuln-gate.ts). */
  vulnerabilities?: VulnRules;
}

/** The identities allowed for a predicate type: its own list, else the policy-wide one. */
export function policyIdentities(policy: CompiledPolicy, predicateType: string | undefined): IdentityPolicy[] | undefined {
  return (predicateType ? policy.predicates[predicateType]?.identities : undefined) ?? policy.identities;
}

export interface PolicyContext {
  /** Undefined for a bundle without a statement (a message signature, or a payload that is not one). */
  statement?: ParsedStatement;
  signer: Record<string, unknown>;
  signedAt: Date[];
  now: Date;
}

const SBOM_TYPES = [
  PREDICATE_CYCLONEDX,
  PREDICATE_SPDX_23,
  'https://spdx.dev/Document',
  'https://cyclonedx.org/bom/v1.6',
  'https://cyclonedx.org/bom/v1.5',
  'https://cyclonedx.org/bom/v1.4',
];

/**
 * The policy's checks for one attestation. maxAge applies to every bundle (its signing times are known without a
 * statement); CEL and SBOM rules need a statement, and fail when the policy has them but the bundle carries none.
 */
export function policyChecks(policy: CompiledPolicy, ctx: PolicyContext): Check[] {
  const type = ctx.statement?.predicateType;
  const own = type !== undefined ? policy.predicates[type] : undefined;
  const checks: Check[] = [];
  const maxAge = own?.maxAgeSeconds ?? policy.maxAgeSeconds;
  if (maxAge !== undefined) {
    const first = ctx.signedAt.length ? Math.min(...ctx.signedAt.map((d) => d.getTime())) : undefined;
    if (first === undefined)
      checks.push(fail('policy.max-age', 'the policy sets a maximum age but the bundle has no trusted signing time'));
    else {
      const age = (ctx.now.getTime() - first) / 1000;
      checks.push(
        age <= maxAge
          ? pass('policy.max-age', `signed ${Math.floor(age / 86400)} day(s) ago (limit ${Math.floor(maxAge / 86400)} day(s))`)
          : fail(
              'policy.max-age',
              `signed ${new Date(first).toISOString()}, ${Math.floor(age / 3600)} hour(s) ago; the policy allows ${Math.floor(maxAge / 3600)} hour(s)`,
            ),
      );
    }
  }
  const rules = [...(policy.expressions ?? []), ...(own?.expressions ?? [])];
  const sbom = own?.sbom ?? policy.sbom;
  const sbomRules = hasSbomRules(sbom);
  if (!ctx.statement) {
    const why = 'the bundle carries no in-toto statement (a message signature, or an unreadable payload), so this rule cannot be evaluated';
    for (const r of rules) checks.push(fail(`policy.cel:${r.name}`, `${r.expr}: ${why}`));
    if (sbomRules) checks.push(fail('policy.sbom', `the policy has SBOM rules but ${why}`));
    return checks;
  }
  const statement = ctx.statement;
  if (rules.length) {
    const celCtx = {
      statement: statement as unknown as Record<string, unknown>,
      predicate: statement.predicate ?? {},
      predicateType: type,
      subject: statement.subject,
      signer: ctx.signer,
    };
    for (const r of rules) {
      const id = `policy.cel:${r.name}`;
      try {
        const v = r.run(celCtx);
        checks.push(
          v === true
            ? pass(id, `${r.expr} is true`)
            : fail(id, `${r.expr} is ${typeof v === 'boolean' ? 'false' : `not a boolean (${String(v)})`}`),
        );
      } catch (e) {
        checks.push(fail(id, `${r.expr} cannot be evaluated: ${((e as Error).message ?? String(e)).split('\n')[0]}`));
      }
    }
  }
  if (sbom && sbomRules) {
    const t = statement.predicateType;
    if (SBOM_TYPES.includes(t) || t.startsWith('https://spdx.dev/Document') || t.startsWith('https://cyclonedx.org/bom')) {
      checks.push(...sbomChecks(sbom, statement.predicate));
    } else if (own?.sbom) checks.push(skip('policy.sbom', `predicate type ${t} is not a CycloneDX or SPDX SBOM`));
  }
  return checks;
}
