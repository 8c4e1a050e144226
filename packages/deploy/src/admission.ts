/**
 * The pure parts of `custody admission`, a Kubernetes validating admission webhook: reading an AdmissionReview
 * (admission.k8s.io/v1) as the API server sends it, writing the response AdmissionReview it expects (same uid), the
 * images a reviewed object runs, and the webhook's per-namespace policy file (YAML or JSON: namespace -> verify
 * options, with a default). Text and objects in, models out; the server (src/commands/admission.ts) does the I/O.
 */
import { load, JSON_SCHEMA } from 'js-yaml';
import { checkYamlFlowDepth, countYamlAliases, LimitError, limits, printable } from '@custody/core';
import { DeployInputError } from './errors.js';
import { MAX_YAML_ALIASES, objectImages } from './manifests.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/** The parts of an AdmissionReview request the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  /** The resource's kind (request.kind.kind), e.g. Pod, Deployment. */
  kind: string;
  /** request.subResource, e.g. ephemeralcontainers, status, scale. */
  subResource?: string;
  operation: string;
  namespace?: string;
  name?: string;
  /** request.dryRun: the API server will not persist the object (the webhook has no side effects, so it answers as usual). */
  dryRun: boolean;
  object: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A Kubernetes UID (request.uid): printable, bounded; anything else cannot be echoed back. */
const UID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The uid of a review when it can be read, even from a review that is otherwise malformed (so that the response can
 * name it): undefined when the body is not a JSON object with a well-formed request.uid.
 */
export function reviewUid(doc: unknown): string | undefined {
  if (!isRecord(doc) || !isRecord(doc.request)) return undefined;
  const uid = doc.request.uid;
  return typeof uid === 'string' && UID.test(uid) ? uid : undefined;
}

function invalid(message: string, hint?: string): DeployInputError {
  return new DeployInputError('DEPLOY_ADMISSION_REVIEW_INVALID', message, {
    location: 'AdmissionReview',
    hint:
      hint ??
      'Send an admission.k8s.io/v1 AdmissionReview as the Kubernetes API server does (a ValidatingWebhookConfiguration with admissionReviewVersions: ["v1"]).',
  });
}

/** Reads an AdmissionReview (already parsed JSON, bounded by the caller): its request, checked. */
export function parseAdmissionReview(doc: unknown): AdmissionRequest {
  if (!isRecord(doc)) throw invalid('the body is not a JSON object.');
  if (doc.kind !== 'AdmissionReview') throw invalid(`kind is ${JSON.stringify(printable(String(doc.kind)))}, not AdmissionReview.`);
  if (doc.apiVersion !== ADMISSION_API_VERSION) {
    throw invalid(
      `apiVersion is ${JSON.stringify(printable(String(doc.apiVersion)))}, not ${ADMISSION_API_VERSION}.`,
      'Set admissionReviewVersions: ["v1"] in the ValidatingWebhookConfiguration (v1beta1 is not served).',
    );
  }
  const r = doc.request;
  if (!isRecord(r)) throw invalid('the review has no request object.');
  const uid = reviewUid(doc);
  if (!uid) throw invalid('request.uid is missing or not a Kubernetes UID.');
  const kind = isRecord(r.kind) ? str(r.kind.kind) : undefined;
  if (!kind) throw invalid('request.kind.kind is missing.');
  const operation = str(r.operation);
  if (!operation || !['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(operation))
    throw invalid(`request.operation is ${JSON.stringify(printable(String(r.operation)))}, not CREATE, UPDATE, DELETE or CONNECT.`);
  if (r.dryRun !== undefined && typeof r.dryRun !== 'boolean') throw invalid('request.dryRun is not a boolean.');
  if ((operation === 'CREATE' || operation === 'UPDATE') && !isRecord(r.object))
    throw invalid(`request.object is missing for ${operation}.`);
  const subResource = str(r.subResource);
  const namespace = str(r.namespace);
  const name = str(r.name);
  return {
    uid,
    kind,
    operation,
    dryRun: r.dryRun === true,
    object: r.object,
    ...(subResource ? { subResource } : {}),
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
  };
}

/** One image of a reviewed object, with the containers (and their lists) that run it. */
export interface ReviewedImage {
  image: string;
  containers: string[];
}

/**
 * The images a reviewed object runs, deduplicated in the order written: every container, init container and
 * ephemeral container of its Pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob, PodTemplate). `workload: false` for another kind (nothing to check).
 */
export function reviewImages(request: AdmissionRequest): { workload: boolean; images: ReviewedImage[] } {
  const obj = request.object;
  const kind = isRecord(obj) ? str(obj.kind) : undefined;
  // The API server sends the object with its kind; for the ephemeralcontainers subresource the object is the Pod.
  const subject = isRecord(obj) && !kind ? { ...obj, kind: request.kind } : obj;
  const found = objectImages(subject, `${request.kind} ${request.namespace ? `${request.namespace}/` : ''}${request.name ?? ''}`.trim());
  const workload = found.length > 0 || isWorkloadKind(isRecord(subject) ? str(subject.kind) : undefined);
  const byImage = new Map<string, ReviewedImage>();
  for (const f of found) {
    const entry = byImage.get(f.image) ?? { image: f.image, containers: [] };
    entry.containers.push(`${f.containerList}/${f.container ?? '?'}`);
    byImage.set(f.image, entry);
  }
  return { workload, images: [...byImage.values()] };
}

const WORKLOADS = new Set([
  'Pod',
  'PodTemplate',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
]);
function isWorkloadKind(kind: string | undefined): boolean {
  return kind !== undefined && WORKLOADS.has(kind);
}

/** Warnings the API server passes to the client: each at most this long (it may truncate longer ones), and this many. */
export const MAX_WARNING_CHARS = 256;
export const MAX_WARNINGS = 16;

export interface AdmissionDecision {
  allowed: boolean;
  /** Why it was denied (status.message), or undefined when allowed. */
  message?: string;
  /** HTTP-like status code for a denial: 403 refused by policy, 400 a malformed review, 500 an error. */
  code?: number;
  /** A short machine reason (status.reason), e.g. Forbidden, BadRequest. */
  reason?: string;
  warnings?: string[];
}

/** A string the API server can show: control characters made visible, bounded. */
function bounded(text: string, max: number): string {
  const t = printable(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The response AdmissionReview the API server expects: the same apiVersion and kind, and response.uid = request.uid. */
export function admissionResponse(uid: string, d: AdmissionDecision): Record<string, unknown> {
  const warnings = (d.warnings ?? []).slice(0, MAX_WARNINGS).map((w) => bounded(w, MAX_WARNING_CHARS));
  if ((d.warnings?.length ?? 0) > MAX_WARNINGS) warnings[MAX_WARNINGS - 1] = `… and ${d.warnings!.length - MAX_WARNINGS + 1} more`;
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'AdmissionReview',
    response: {
      uid,
      allowed: d.allowed,
      ...(d.allowed
        ? {}
        : {
            status: {
              code: d.code ?? 403,
              ...(d.reason ? { reason: d.reason } : {}),
              message: bounded(d.message ?? 'denied by custody admission', 4096),
            },
          }),
      ...(warnings.length ? { warnings } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The policy file

/** One entry of the policy file: verify option names (as the CLI flags, without --) to their values. */
export type AdmissionPolicyEntry = Record<string, string | string[] | boolean>;

export interface AdmissionConfig {
  /** For namespaces not listed (absent: the command-line flags alone). */
  default?: AdmissionPolicyEntry;
  namespaces: Record<string, AdmissionPolicyEntry>;
}

/** Namespace names as Kubernetes allows them (RFC 1123 labels). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function configError(message: string, location: string, hint?: string): DeployInputError {
  return new DeployInputError('DEPLOY_ADMISSION_CONFIG_INVALID', message, {
    location,
    hint: hint ?? 'See docs/admission.md for the policy file: default: {OPTION: VALUE}, namespaces: {NAME: {OPTION: VALUE}}.',
  });
}

function readEntry(v: unknown, where: string, keys: ReadonlySet<string>): AdmissionPolicyEntry {
  if (v === null) return {};
  if (!isRecord(v)) throw configError(`${where} is not a mapping of options.`, where);
  const out: AdmissionPolicyEntry = {};
  for (const [k, value] of Object.entries(v)) {
    if (!keys.has(k)) {
      throw configError(
        `${where}: "${printable(k)}" is not an option the policy file takes.`,
        where,
        `Use one of: ${[...keys].sort().join(', ')}.`,
      );
    }
    if (typeof value === 'string' || typeof value === 'boolean') out[k] = value;
    else if (Array.isArray(value) && value.every((x) => typeof x === 'string')) out[k] = value as string[];
    else throw configError(`${where}.${k} is not a string, a list of strings or a boolean.`, where);
  }
  return out;
}

/**
 * Reads the webhook's policy file (YAML or JSON). `keys` are the option names an entry may set (the server passes
 * verify's identity and policy flags, and dry-run). Hostile text is bounded as manifests are (flow depth, aliases,
 * the JSON schema: no custom tags); the caller bounds its size.
 */
export function parseAdmissionConfig(text: string, source: string, keys: readonly string[]): AdmissionConfig {
  checkYamlFlowDepth(text, 'the policy file', source);
  if (countYamlAliases(text) > MAX_YAML_ALIASES) throw configError(`more than ${MAX_YAML_ALIASES} YAML aliases.`, source);
  let doc: unknown;
  try {
    doc = load(text, { schema: JSON_SCHEMA, maxDepth: limits().jsonDepth });
  } catch (err) {
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    if (/maxDepth/.test(reason)) throw new LimitError('jsonDepth', 'the policy file nests too deep.', { location: source });
    throw configError(`not valid YAML or JSON: ${reason}.`, source);
  }
  if (doc === null || doc === undefined) return { namespaces: {} };
  if (!isRecord(doc)) throw configError('the policy file is not a mapping (default:, namespaces:).', source);
  const allowed = new Set(keys);
  for (const k of Object.keys(doc)) {
    if (k !== 'default' && k !== 'namespaces')
      throw configError(`unknown top-level key "${printable(k)}" (default and namespaces are read).`, source);
  }
  const namespaces: Record<string, AdmissionPolicyEntry> = {};
  if (doc.namespaces !== undefined && doc.namespaces !== null) {
    if (!isRecord(doc.namespaces)) throw configError('namespaces is not a mapping of namespace names to options.', source);
    for (const [ns, entry] of Object.entries(doc.namespaces)) {
      if (!NAMESPACE.test(ns)) throw configError(`"${printable(ns)}" is not a Kubernetes namespace name.`, `${source}: namespaces`);
      namespaces[ns] = readEntry(entry, `${source}: namespaces.${ns}`, allowed);
    }
  }
  return {
    namespaces,
    ...(doc.default !== undefined ? { default: readEntry(doc.default, `${source}: default`, allowed) } : {}),
  };
}
