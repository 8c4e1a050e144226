/**
 * The policy file (`--policy FILE`, YAML or JSON; schema in docs/policy.md): required predicate types, the
 * identities allowed for each, CEL expressions over the statement, a maximum age, SBOM rules. Parsed once,
 * with every error naming FILE:LINE; evaluated per attestation as plain checks.
 */
import { Environment } from '@marcbachmann/cel-js';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type Document } from 'yaml';
import { PolicyFileError } from './errors.js';
import { validateIdentityPolicy, type IdentityPolicy } from './identity.js';
import type { SbomRules } from './sbom.js';
import { purlPattern } from './purl.js';
import { licensePattern } from './license.js';
import { SEVERITIES, type Severity } from './vuln.js';
import type { CelRule, CompiledPolicy, PredicateRules } from './policy-eval.js';

export type { CelRule, PredicateRules, CompiledPolicy } from './policy-eval.js';

const TOP_KEYS = [
  'version',
  'requiredPredicateTypes',
  'identities',
  'maxAge',
  'sbom',
  'expressions',
  'predicates',
  'vsa',
  'vulnerabilities',
];
const PREDICATE_KEYS = ['identities', 'expressions', 'maxAge', 'sbom'];
const IDENTITY_KEYS: Record<string, keyof IdentityPolicy> = {
  issuer: 'issuer',
  issuerRegexp: 'issuerRegexp',
  identity: 'san',
  identityRegexp: 'sanRegexp',
  owner: 'owner',
  repo: 'repo',
  signerWorkflow: 'signerWorkflow',
  signerRepo: 'signerRepo',
  sourceRef: 'sourceRef',
  sourceDigest: 'sourceDigest',
  denySelfHostedRunners: 'denySelfHostedRunners',
  hostname: 'hostname',
};
const SBOM_KEYS = ['deniedLicenses', 'allowedLicenses', 'unknownLicenses', 'deniedPurls', 'allowedPurls'];
const EXPR_KEYS = ['name', 'expr'];
const VSA_KEYS = ['verifiedLevels', 'policyUri'];
const VULN_KEYS = ['maxSeverity', 'maxScanAge', 'requireScan', 'vexSigners'];

/** A CEL environment: `statement`, `predicate`, `predicateType`, `subject`, `signer` (identity and extensions). */
function celEnvironment(): Environment {
  return new Environment()
    .registerVariable('statement', 'map')
    .registerVariable('predicate', 'dyn')
    .registerVariable('predicateType', 'string')
    .registerVariable('subject', 'list')
    .registerVariable('signer', 'map');
}

/** Parses a duration: 90d, 12h, 30m, 45s, 2w, or ISO 8601 like P30D / PT12H. */
export function parseDuration(text: string): number | undefined {
  const simple = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (simple) return Number(simple[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[simple[2]!.toLowerCase() as 's']!;
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (iso && text.trim().length > 1 && !/T$/i.test(text.trim())) {
    const [, w, d, h, m, s] = iso.map((x) => Number(x ?? 0));
    return w! * 604800 + d! * 86400 + h! * 3600 + m! * 60 + s!;
  }
  return undefined;
}

export function parsePolicy(text: string, file: string): CompiledPolicy {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const at = (node: Node | null | undefined) => {
    const off = node?.range?.[0];
    if (off === undefined) return file;
    const { line, col } = lc.linePos(off);
    return `${file}:${line}:${col}`;
  };
  const err = (node: Node | null | undefined, message: string, hint = 'See docs/policy.md for the policy file schema.') =>
    new PolicyFileError(message, { location: at(node), hint });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new PolicyFileError(`the policy is not valid YAML/JSON: ${e.message.split('\n')[0]}`, {
      location: pos ? `${file}:${pos.line}:${pos.col}` : file,
      hint: 'Fix the syntax; JSON is accepted too.',
    });
  }
  const root = doc.contents as Node | null;
  if (!isMap(root)) throw err(root, 'the policy must be a mapping (YAML) or an object (JSON).');

  const mapOf = (node: Node | null | undefined, keys: string[], what: string): Map<string, { key: Node; value: Node | null }> => {
    if (!isMap(node)) throw err(node, `${what} must be a mapping.`);
    const out = new Map<string, { key: Node; value: Node | null }>();
    for (const item of node.items) {
      const k = item.key as Node;
      const name = isScalar(k) ? String(k.value) : '';
      if (keys.length > 0 && !keys.includes(name)) {
        throw err(k, `unknown key "${name}" in ${what}.`, `Allowed keys: ${keys.join(', ')}. See docs/policy.md.`);
      }
      out.set(name, { key: k, value: item.value as Node | null });
    }
    return out;
  };
  const str = (node: Node | null | undefined, what: string): string => {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') throw err(node, `${what} must be a non-empty string.`);
    return node.value;
  };
  const strList = (node: Node | null | undefined, what: string): string[] => {
    if (!isSeq(node)) throw err(node, `${what} must be a list of strings.`);
    return node.items.map((n) => str(n as Node, `each entry of ${what}`));
  };
  const duration = (node: Node | null | undefined, what: string): number => {
    const s = isScalar(node) ? String(node.value) : '';
    const d = parseDuration(s);
    if (d === undefined || d <= 0) throw err(node, `${what} "${s}" is not a duration.`, 'Write e.g. 30d, 12h, 90m or P30D.');
    return d;
  };
  const identities = (node: Node | null | undefined, what: string): IdentityPolicy[] => {
    if (!isSeq(node) || node.items.length === 0) throw err(node, `${what} must be a non-empty list of identities.`);
    return node.items.map((item, i) => {
      const m = mapOf(item as Node, Object.keys(IDENTITY_KEYS), `${what}[${i}]`);
      const p: IdentityPolicy = {};
      for (const [k, { value }] of m) {
        const field = IDENTITY_KEYS[k]!;
        if (field === 'denySelfHostedRunners') {
          if (!isScalar(value) || typeof value.value !== 'boolean') throw err(value, `${what}[${i}].${k} must be true or false.`);
          p.denySelfHostedRunners = value.value;
        } else (p as Record<string, unknown>)[field] = str(value, `${what}[${i}].${k}`);
      }
      if (!p.san && !p.sanRegexp && !p.owner && !p.repo) {
        throw err(
          item as Node,
          p.signerWorkflow || p.signerRepo
            ? `${what}[${i}] names a signer workflow but not the source: ${p.signerRepo ? 'signerRepo' : 'signerWorkflow'} alone accepts builds of any repository that calls that workflow.`
            : `${what}[${i}] names no signer.`,
          'Add owner or repo (the source repository), or give identity / identityRegexp.',
        );
      }
      if ((p.san || p.sanRegexp) && !p.issuer && !p.issuerRegexp) {
        throw err(
          item as Node,
          `${what}[${i}] gives an identity without an issuer.`,
          'Add issuer: (e.g. https://token.actions.githubusercontent.com).',
        );
      }
      try {
        validateIdentityPolicy(p, at(item as Node));
      } catch (e) {
        throw new PolicyFileError((e as Error).message, { location: at(item as Node), hint: 'See docs/policy.md.' });
      }
      return p;
    });
  };
  const env = celEnvironment();
  const expressions = (node: Node | null | undefined, what: string): CelRule[] => {
    if (!isSeq(node)) throw err(node, `${what} must be a list.`);
    return node.items.map((item, i) => {
      let name: string;
      let exprNode: Node | null | undefined;
      if (isScalar(item)) {
        exprNode = item as Node;
        name = `${what}[${i}]`;
      } else {
        const m = mapOf(item as Node, EXPR_KEYS, `${what}[${i}]`);
        exprNode = m.get('expr')?.value;
        if (!exprNode) throw err(item as Node, `${what}[${i}] has no expr.`);
        name = m.has('name') ? str(m.get('name')!.value, `${what}[${i}].name`) : `${what}[${i}]`;
      }
      const expr = str(exprNode, `${what}[${i}].expr`);
      let run: CelRule['run'];
      try {
        const parsed = env.parse(expr);
        const checked = parsed.check();
        if (!checked.valid) throw checked.error ?? new Error('type check failed');
        if (checked.type && checked.type !== 'bool' && checked.type !== 'dyn')
          throw new Error(`the expression is of type ${checked.type}, not bool`);
        run = (ctx) => parsed(ctx);
      } catch (e) {
        const first = ((e as Error).message ?? String(e)).split('\n')[0];
        throw err(
          exprNode,
          `CEL expression "${name}" does not compile: ${first}`,
          'Fix the expression; variables: statement, predicate, predicateType, subject, signer.',
        );
      }
      return { name, expr, run };
    });
  };
  /** A list whose every entry must compile: a bad entry is named at its own line. */
  const checkedList = (
    node: Node | null | undefined,
    what: string,
    kind: string,
    compile: (s: string) => unknown,
    hint: string,
  ): string[] => {
    const entries = strList(node, what);
    (node as { items: Node[] }).items.forEach((item, i) => {
      try {
        compile(entries[i]!);
      } catch (e) {
        throw err(item, `${what}[${i}] "${entries[i]}" is not ${kind}: ${(e as Error).message}.`, hint);
      }
    });
    return entries;
  };
  const PURL_HINT =
    'Write a package URL (https://github.com/package-url/purl-spec): pkg:TYPE/NAMESPACE/NAME@VERSION, e.g. pkg:npm/%40scope/name@1.0.0 or pkg:pypi/requests; leave out @VERSION to match every version; "*" matches any characters in the namespace, name or version. See docs/policy.md.';
  const LICENSE_HINT =
    'Give one SPDX license id per entry (MIT, GPL-3.0-only, LicenseRef-acme), a glob (GPL-*), or "ID WITH EXCEPTION". See docs/policy.md.';
  const sbom = (node: Node | null | undefined, what: string): SbomRules => {
    const m = mapOf(node, SBOM_KEYS, what);
    const purls = (key: string) =>
      m.has(key) ? checkedList(m.get(key)!.value, `${what}.${key}`, 'a package URL', purlPattern, PURL_HINT) : undefined;
    const licenses = (key: string) =>
      m.has(key) ? checkedList(m.get(key)!.value, `${what}.${key}`, 'one license', licensePattern, LICENSE_HINT) : undefined;
    const rules: SbomRules = { deniedLicenses: licenses('deniedLicenses') ?? [], deniedPurls: purls('deniedPurls') ?? [] };
    const allowedLicenses = licenses('allowedLicenses');
    if (allowedLicenses) {
      if (allowedLicenses.length === 0)
        throw err(
          m.get('allowedLicenses')!.value,
          `${what}.allowedLicenses is empty: it would refuse every license.`,
          'List the licenses you accept, or remove the key.',
        );
      rules.allowedLicenses = allowedLicenses;
    }
    const allowedPurls = purls('allowedPurls');
    if (allowedPurls) {
      if (allowedPurls.length === 0)
        throw err(
          m.get('allowedPurls')!.value,
          `${what}.allowedPurls is empty: it would refuse every package.`,
          'List the packages you accept, or remove the key.',
        );
      rules.allowedPurls = allowedPurls;
    }
    if (m.has('unknownLicenses')) {
      const v = m.get('unknownLicenses')!.value;
      if (!isScalar(v) || (v.value !== 'allow' && v.value !== 'deny')) {
        throw err(
          v,
          `${what}.unknownLicenses must be allow or deny.`,
          'deny (the default) fails the license rules on a component without license data; allow accepts it (the report still counts it).',
        );
      }
      rules.unknownLicenses = v.value;
    }
    return rules;
  };

  const top = mapOf(root, TOP_KEYS, 'the policy');
  const version = top.get('version');
  if (version && !(isScalar(version.value) && (version.value.value === 1 || version.value.value === '1'))) {
    throw err(version.value, 'version must be 1.');
  }
  const policy: CompiledPolicy = {
    source: file,
    requiredPredicateTypes: top.has('requiredPredicateTypes')
      ? strList(top.get('requiredPredicateTypes')!.value, 'requiredPredicateTypes')
      : [],
    predicates: {},
  };
  if (top.has('identities')) policy.identities = identities(top.get('identities')!.value, 'identities');
  if (top.has('maxAge')) policy.maxAgeSeconds = duration(top.get('maxAge')!.value, 'maxAge');
  if (top.has('sbom')) policy.sbom = sbom(top.get('sbom')!.value, 'sbom');
  const topExpr = top.has('expressions') ? expressions(top.get('expressions')!.value, 'expressions') : [];
  if (top.has('predicates')) {
    for (const [type, { key, value }] of mapOf(top.get('predicates')!.value, [], 'predicates')) {
      if (type.includes('*') || type.trim() === '') {
        throw err(
          key,
          `predicates["${type}"]: predicate types are matched exactly; "*" and other wildcards are not supported.`,
          'Put rules for every predicate type at the top level of the policy (identities, maxAge, sbom, expressions), and rules for one type under its exact URI.',
        );
      }
      const m = mapOf(value, PREDICATE_KEYS, `predicates["${type}"]`);
      const rules: PredicateRules = { expressions: [] };
      if (m.has('identities')) rules.identities = identities(m.get('identities')!.value, `predicates["${type}"].identities`);
      if (m.has('expressions')) rules.expressions = expressions(m.get('expressions')!.value, `predicates["${type}"].expressions`);
      if (m.has('maxAge')) rules.maxAgeSeconds = duration(m.get('maxAge')!.value, `predicates["${type}"].maxAge`);
      if (m.has('sbom')) rules.sbom = sbom(m.get('sbom')!.value, `predicates["${type}"].sbom`);
      policy.predicates[type] = rules;
    }
  }
  if (topExpr.length) policy.expressions = topExpr;
  if (top.has('vsa')) {
    const m = mapOf(top.get('vsa')!.value, VSA_KEYS, 'vsa');
    policy.vsa = {
      ...(m.has('verifiedLevels') ? { verifiedLevels: strList(m.get('verifiedLevels')!.value, 'vsa.verifiedLevels') } : {}),
      ...(m.has('policyUri') ? { policyUri: str(m.get('policyUri')!.value, 'vsa.policyUri') } : {}),
    };
  }
  if (top.has('vulnerabilities')) {
    const m = mapOf(top.get('vulnerabilities')!.value, VULN_KEYS, 'vulnerabilities');
    const rules: NonNullable<CompiledPolicy['vulnerabilities']> = {};
    if (m.has('maxSeverity')) {
      const v = m.get('maxSeverity')!.value;
      const s = isScalar(v) ? String(v.value).toLowerCase() : '';
      if (!(SEVERITIES as readonly string[]).includes(s))
        throw err(
          v,
          `vulnerabilities.maxSeverity must be one of ${SEVERITIES.join(', ')}.`,
          'Any finding above it fails the run: e.g. maxSeverity: high fails on critical findings.',
        );
      rules.maxSeverity = s as Severity;
    }
    if (m.has('maxScanAge')) rules.maxScanAgeSeconds = duration(m.get('maxScanAge')!.value, 'vulnerabilities.maxScanAge');
    if (m.has('requireScan')) {
      const v = m.get('requireScan')!.value;
      if (!isScalar(v) || typeof v.value !== 'boolean') throw err(v, 'vulnerabilities.requireScan must be true or false.');
      rules.requireScan = v.value;
    }
    if (m.has('vexSigners')) rules.vexSigners = identities(m.get('vexSigners')!.value, 'vulnerabilities.vexSigners');
    policy.vulnerabilities = rules;
  }
  return policy;
}

export type { Document };
