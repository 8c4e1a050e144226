/**
 * VEX documents: OpenVEX v0.2.0 (read, written by `custody vex create|add|merge`) and CycloneDX VEX (read), each
 * normalised to statements of (vulnerability, products, status). Which statement covers which finding is decided
 * here too (`vexCovers`). Pure: documents in, values out; docs/vuln.md describes the rules.
 */
import { VerifyInputError } from './errors.js';
import { parsePurl, purlPattern } from './purl.js';
import type { Finding } from './vuln.js';

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
/** The predicate type of an OpenVEX attestation (vexctl attest: the document's @context). */
export const PREDICATE_OPENVEX = OPENVEX_CONTEXT;
/** Cosign's OpenVEX predicate type (the namespace, unversioned). Read, not written. */
export const PREDICATE_OPENVEX_UNVERSIONED = 'https://openvex.dev/ns';
/** A CycloneDX VEX (a BOM whose vulnerabilities carry `analysis`), attested under its own type so SBOM rules skip it. */
export const PREDICATE_CYCLONEDX_VEX = 'https://cyclonedx.org/vex';

export function isVexPredicateType(t: string): boolean {
  return t === PREDICATE_OPENVEX_UNVERSIONED || t.startsWith('https://openvex.dev/ns/v') || t === PREDICATE_CYCLONEDX_VEX;
}

export const VEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

export interface VexProduct {
  '@id'?: string;
  identifiers?: Record<string, string>;
  hashes?: Record<string, string>;
  subcomponents?: VexProduct[];
}
export interface VexStatement {
  vulnerability: { name: string; aliases?: string[]; '@id'?: string };
  products: VexProduct[];
  status: VexStatus;
  justification?: string;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
  timestamp?: string;
}
export interface OpenVexDocument {
  '@context': string;
  '@id': string;
  author: string;
  role?: string;
  timestamp: string;
  last_updated?: string;
  version: number;
  tooling?: string;
  statements: VexStatement[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function bad(message: string, location: string, hint = 'See docs/vuln.md for the OpenVEX fields Custody reads.'): VerifyInputError {
  return new VerifyInputError('VEX_DOCUMENT_INVALID', message, { location, hint });
}

/** Whether a document is OpenVEX, CycloneDX VEX, or neither. */
export function detectVexFormat(doc: unknown): 'openvex' | 'cyclonedx' | undefined {
  if (!isObj(doc)) return undefined;
  if (typeof doc['@context'] === 'string' && doc['@context'].startsWith('https://openvex.dev/ns')) return 'openvex';
  if (doc.bomFormat === 'CycloneDX' && arr(doc.vulnerabilities).some((v) => isObj(v) && isObj(v.analysis))) return 'cyclonedx';
  return undefined;
}

function readProduct(p: unknown, where: string, location: string): VexProduct {
  if (!isObj(p)) throw bad(`${where} is not an object.`, location);
  const out: VexProduct = {};
  if (str(p['@id'])) out['@id'] = p['@id'] as string;
  if (isObj(p.identifiers))
    out.identifiers = Object.fromEntries(Object.entries(p.identifiers).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  if (isObj(p.hashes))
    out.hashes = Object.fromEntries(Object.entries(p.hashes).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  if (!out['@id'] && !out.identifiers && !out.hashes) throw bad(`${where} names nothing: no @id, identifiers or hashes.`, location);
  const subs = arr(p.subcomponents);
  if (subs.length) out.subcomponents = subs.map((s, i) => readProduct(s, `${where}.subcomponents[${i}]`, location));
  return out;
}

/** Reads an OpenVEX document (v0.2.0; v0.0.x statements with `products` as strings too), checking what the gate relies on. */
export function readOpenVex(doc: unknown, location: string): OpenVexDocument {
  if (!isObj(doc)) throw bad('the VEX document is not a JSON object.', location);
  if (!str(doc['@context'])?.startsWith('https://openvex.dev/ns'))
    throw bad('the document has no OpenVEX @context (https://openvex.dev/ns/v0.2.0).', location);
  if (!Array.isArray(doc.statements)) throw bad('the document has no statements list.', location);
  const statements = doc.statements.map((s, i): VexStatement => {
    const where = `statements[${i}]`;
    if (!isObj(s)) throw bad(`${where} is not an object.`, location);
    const v = typeof s.vulnerability === 'string' ? { name: s.vulnerability } : s.vulnerability;
    if (!isObj(v) || !str(v.name))
      throw bad(`${where}.vulnerability has no name.`, location, 'Name the vulnerability: {"name": "CVE-2024-1234"}.');
    const status = s.status as VexStatus;
    if (!VEX_STATUSES.includes(status))
      throw bad(`${where}.status "${String(s.status)}" is not one of ${VEX_STATUSES.join(', ')}.`, location);
    const products = arr(s.products).map((p, j) =>
      typeof p === 'string' ? { '@id': p } : readProduct(p, `${where}.products[${j}]`, location),
    );
    if (products.length === 0)
      throw bad(
        `${where} names no product.`,
        location,
        'A statement applies to the products it names: add products[].@id (a purl or the image).',
      );
    if (status === 'not_affected' && !str(s.justification) && !str(s.impact_statement))
      throw bad(
        `${where} is not_affected without a justification or impact_statement.`,
        location,
        `Add justification (${VEX_JUSTIFICATIONS.join(', ')}) or impact_statement.`,
      );
    const st: VexStatement = {
      vulnerability: {
        name: v.name as string,
        ...(arr(v.aliases).length ? { aliases: arr(v.aliases).filter((a): a is string => typeof a === 'string') } : {}),
        ...(str(v['@id']) ? { '@id': v['@id'] as string } : {}),
      },
      products,
      status,
    };
    for (const k of ['justification', 'impact_statement', 'action_statement', 'status_notes', 'timestamp'] as const)
      if (str(s[k])) st[k] = s[k] as string;
    return st;
  });
  return {
    '@context': doc['@context'] as string,
    '@id': str(doc['@id']) ?? '',
    author: str(doc.author) ?? '',
    ...(str(doc.role) ? { role: doc.role as string } : {}),
    timestamp: str(doc.timestamp) ?? '',
    ...(str(doc.last_updated) ? { last_updated: doc.last_updated as string } : {}),
    version: typeof doc.version === 'number' ? doc.version : 1,
    ...(str(doc.tooling) ? { tooling: doc.tooling as string } : {}),
    statements,
  };
}

const CDX_STATES: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/** A CycloneDX VEX as OpenVEX statements: analysis.state mapped (false_positive -> not_affected, resolved -> fixed). */
export function readCycloneDxVex(doc: unknown, location: string): VexStatement[] {
  if (!isObj(doc) || doc.bomFormat !== 'CycloneDX') throw bad('the document is not CycloneDX JSON.', location);
  const refs = new Map<string, string>();
  const walk = (list: unknown) => {
    for (const c of arr(list))
      if (isObj(c)) {
        if (str(c['bom-ref']) && str(c.purl)) refs.set(c['bom-ref'] as string, c.purl as string);
        walk(c.components);
      }
  };
  walk(doc.components);
  // An analysis without lastUpdated is as of the BOM (metadata.timestamp), as an OpenVEX statement is as of its document.
  const bomTime = isObj(doc.metadata) ? str(doc.metadata.timestamp) : undefined;
  const out: VexStatement[] = [];
  for (const [i, v] of arr(doc.vulnerabilities).entries()) {
    if (!isObj(v) || !isObj(v.analysis)) continue;
    if (!str(v.id)) throw bad(`vulnerabilities[${i}] has no id.`, location);
    const status = CDX_STATES[String(v.analysis.state)];
    if (!status)
      throw bad(`vulnerabilities[${i}].analysis.state "${String(v.analysis.state)}" is not a CycloneDX impact analysis state.`, location);
    const products = arr(v.affects).flatMap((a) => {
      const ref = isObj(a) ? str(a.ref) : undefined;
      if (!ref) return [];
      const id = refs.get(ref) ?? (ref.startsWith('pkg:') ? ref : ref.replace(/^urn:cdx:[^/]+\/\d+#/, ''));
      return [{ '@id': refs.get(id) ?? id }];
    });
    if (products.length === 0) throw bad(`vulnerabilities[${i}] affects no component.`, location);
    out.push({
      vulnerability: { name: v.id as string },
      products,
      status,
      ...(str(v.analysis.justification) ? { justification: v.analysis.justification as string } : {}),
      ...(str(v.analysis.detail) ? { impact_statement: v.analysis.detail as string } : {}),
      ...(str(v.analysis.lastUpdated) ? { timestamp: v.analysis.lastUpdated as string } : bomTime ? { timestamp: bomTime } : {}),
    });
  }
  return out;
}

/** The statements of an attested VEX predicate, or why it cannot be read. */
export function vexFromPredicate(
  type: string,
  predicate: unknown,
): { statements: VexStatement[]; author?: string; timestamp?: string } | string {
  try {
    if (type === PREDICATE_CYCLONEDX_VEX) return { statements: readCycloneDxVex(predicate, 'predicate') };
    const d = readOpenVex(predicate, 'predicate');
    // OpenVEX: a statement without a timestamp has its document's. Left unstamped, it would lose the
    // latest-statement rule to any stamped one: an "affected" of June to a not_affected of January.
    const docTime = d.timestamp;
    const statements = docTime ? d.statements.map((s) => (s.timestamp ? s : { ...s, timestamp: docTime })) : d.statements;
    return { statements, ...(d.author ? { author: d.author } : {}), ...(d.timestamp ? { timestamp: d.timestamp } : {}) };
  } catch (e) {
    return (e as Error).message;
  }
}

/** The target an attestation is verified for: its digests (hex by algorithm). */
export type TargetDigests = Record<string, string | undefined>;

function namesTarget(p: VexProduct, target: TargetDigests): boolean {
  const hexes = Object.values(target).filter((h): h is string => typeof h === 'string' && h.length >= 32);
  const texts = [p['@id'], ...Object.values(p.identifiers ?? {})].filter((x): x is string => typeof x === 'string');
  if (texts.some((t) => hexes.some((h) => t.toLowerCase().includes(h)))) return true;
  return Object.entries(p.hashes ?? {}).some(([alg, h]) => {
    const a = alg.toLowerCase().replace('-', '');
    return target[a] !== undefined && target[a] === h.toLowerCase();
  });
}

function namesPackage(p: VexProduct, f: Finding): boolean {
  const ids = [p['@id'], p.identifiers?.purl].filter((x): x is string => typeof x === 'string' && x.startsWith('pkg:'));
  if (f.package.purl) {
    let comp: ReturnType<typeof parsePurl>;
    try {
      comp = parsePurl(f.package.purl);
    } catch {
      return false;
    }
    return ids.some((id) => {
      try {
        return purlPattern(id.replace(/\*/g, '%2A')).test(comp);
      } catch {
        return false;
      }
    });
  }
  // A finding without a purl (SARIF): the product must name its package and version exactly.
  return ids.some((id) => {
    try {
      const q = parsePurl(id);
      return q.name === f.package.name && (q.version === undefined || q.version === f.package.version);
    } catch {
      return false;
    }
  });
}

/** An id as VEX matching compares it: upper-cased; a distribution's `DEBIAN-CVE-…`/`ALPINE-CVE-…` read as the CVE. */
const upstreamKey = (id: string): string => id.toUpperCase().replace(/^[A-Z]+-(?=CVE-\d)/, '');

/**
 * The distinct vulnerabilities a finding's OSV `upstream` ids name, beyond its id and aliases (OSV schema 1.7 puts
 * the CVE of a Debian or Alpine record there: ALPINE-CVE-2025-26519 has upstream CVE-2025-26519; DLA-3008-1 has
 * CVE-2022-1292 and DEBIAN-CVE-2022-1292, one vulnerability). An advisory fixing several CVEs has several.
 */
export function upstreamVulns(f: Finding): string[] {
  const own = new Set([f.id, ...f.aliases].map((x) => x.toUpperCase()));
  return [...new Set((f.upstream ?? []).map(upstreamKey))].filter((u) => !own.has(u));
}

/**
 * Which of a finding's names a statement covers it by, for the target, or undefined when it does not: `'self'` when
 * the statement names the finding's id or an alias (or its only upstream vulnerability, which is the same one), else
 * the upstream vulnerability it names (an advisory with several upstream CVEs is suppressed only when each is: the
 * gate decides). The product must name the finding's package (a purl; without a version, every version), or name the
 * target (its digest in the @id, identifiers or hashes) with no subcomponents, or with a subcomponent naming it.
 */
export function vexCoverage(s: VexStatement, f: Finding, target: TargetDigests): string | undefined {
  const names = [s.vulnerability.name, ...(s.vulnerability.aliases ?? [])];
  const ids = new Set([f.id, ...f.aliases].map((x) => x.toUpperCase()));
  const ups = upstreamVulns(f);
  let by: string | undefined;
  if (names.some((n) => ids.has(n.toUpperCase()))) by = 'self';
  else {
    const named = ups.find((u) => names.some((n) => upstreamKey(n) === u));
    if (named) by = ups.length === 1 ? 'self' : named;
  }
  if (!by) return undefined;
  const product = s.products.some(
    (p) => namesPackage(p, f) || (namesTarget(p, target) && (!p.subcomponents?.length || p.subcomponents.some((c) => namesPackage(c, f)))),
  );
  return product ? by : undefined;
}

/** Whether a statement covers a finding of the target by any of its names (vexCoverage). */
export function vexCovers(s: VexStatement, f: Finding, target: TargetDigests): boolean {
  return vexCoverage(s, f, target) !== undefined;
}

/** A new OpenVEX document (custody vex create): `@id` from its content unless given. */
export function createOpenVex(o: { author: string; id?: string; role?: string; now: Date; statements?: VexStatement[] }): OpenVexDocument {
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': o.id ?? `urn:custody:vex:${o.now.getTime().toString(36)}`,
    author: o.author,
    ...(o.role ? { role: o.role } : {}),
    timestamp: o.now.toISOString(),
    version: 1,
    tooling: 'custody',
    statements: o.statements ?? [],
  };
}

/** A statement as `custody vex add` takes it: checked the way readOpenVex checks a document's. */
export function makeStatement(o: {
  vulnerability: string;
  products: string[];
  subcomponents?: string[];
  status: string;
  justification?: string;
  impact?: string;
  action?: string;
  now: Date;
}): VexStatement {
  const doc = {
    '@context': OPENVEX_CONTEXT,
    statements: [
      {
        vulnerability: { name: o.vulnerability },
        products: o.products.map((p) => ({
          '@id': p,
          ...(o.subcomponents?.length ? { subcomponents: o.subcomponents.map((s) => ({ '@id': s })) } : {}),
        })),
        status: o.status,
        ...(o.justification ? { justification: o.justification } : {}),
        ...(o.impact ? { impact_statement: o.impact } : {}),
        ...(o.action ? { action_statement: o.action } : {}),
        timestamp: o.now.toISOString(),
      },
    ],
  };
  if (o.justification && !(VEX_JUSTIFICATIONS as readonly string[]).includes(o.justification))
    throw bad(
      `justification "${o.justification}" is not an OpenVEX justification.`,
      'vex add',
      `Use one of ${VEX_JUSTIFICATIONS.join(', ')}.`,
    );
  return readOpenVex(doc, 'vex add').statements[0]!;
}

/** Adds a statement: the document's version goes up by one and last_updated is set. */
export function addStatement(doc: OpenVexDocument, s: VexStatement, now: Date): OpenVexDocument {
  return { ...doc, version: doc.version + 1, last_updated: now.toISOString(), statements: [...doc.statements, s] };
}

/** Merges documents (vexctl merge): every statement, oldest first; identical statements once. */
export function mergeOpenVex(docs: OpenVexDocument[], o: { author: string; id?: string; now: Date }): OpenVexDocument {
  const seen = new Set<string>();
  const all: VexStatement[] = [];
  for (const d of docs)
    for (const s of d.statements) {
      const stamped = s.timestamp ? s : { ...s, ...(d.timestamp ? { timestamp: d.timestamp } : {}) };
      const key = JSON.stringify(stamped);
      if (!seen.has(key)) {
        seen.add(key);
        all.push(stamped);
      }
    }
  all.sort((a, b) => Date.parse(a.timestamp ?? '') - Date.parse(b.timestamp ?? '') || 0);
  return createOpenVex({ author: o.author, ...(o.id ? { id: o.id } : {}), now: o.now, statements: all });
}
