/**
 * Kubernetes manifests -> the images their Pod specs run, each with where it is written. Pure: text in, references
 * out (the caller reads the files, bounded). Reads plain manifests, multi-document YAML, `helm template` output (its
 * `# Source:` comments are kept as the location), `kustomize build` output, JSON, and List kinds; the Pod spec of a
 * Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and PodTemplate, with
 * containers, initContainers and ephemeralContainers.
 *
 * Hostile input is bounded: the text's size by the caller (LIMIT_MANIFEST_BYTES), nesting by the JSON depth limit
 * (flow collections checked before the parser, block ones by js-yaml's maxDepth), aliases by a count, tags by the
 * JSON schema (no custom or binary tags), and image strings with control characters are refused.
 */
import { load, JSON_SCHEMA } from 'js-yaml';
import { checkYamlFlowDepth, countYamlAliases, LimitError, limits, parseReference, printable, CustodyError } from '@custody/core';
import { DeployInputError } from './errors.js';

/** One place an image is written: a container of a workload in a manifest, or a line of an image list. */
export interface ImageUse {
  /** The image reference as written. */
  image: string;
  /** The file (as the caller names it) and the 1-based line of the image's value (0 when it cannot be found). */
  source: string;
  line: number;
  /** 1-based document in a multi-document file (1 for image lists). */
  document: number;
  /** The workload: kind, name and namespace as the manifest states them (an image list: kind `ImageList`). */
  kind: string;
  name?: string;
  namespace?: string;
  /** The container's name and which list it is in. */
  container?: string;
  containerList?: 'containers' | 'initContainers' | 'ephemeralContainers';
  /** `helm template`'s `# Source: chart/templates/x.yaml` comment of the document. */
  helmSource?: string;
  /** Offsets [start, end) of the value as written (quotes included) in the text, for pinning; absent when not found. */
  span?: [number, number];
}

export interface ParsedManifests {
  uses: ImageUse[];
  /** Documents read (empty ones aside). */
  documents: number;
  /** Kinds met that hold no Pod spec (Service, ConfigMap, …), counted. */
  otherKinds: Record<string, number>;
}

/** Alias uses accepted in a manifest: helm and kustomize write none; the yaml package's default bound. */
export const MAX_YAML_ALIASES = 100;
/** How deep List kinds may nest (a List of Lists of …). */
const MAX_LIST_DEPTH = 4;

/** The kinds whose Pod spec is at a known path (from the object's root). */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** C0 and C1 controls, DEL, line and paragraph separators, and bidirectional overrides. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** printable(), and bidirectional overrides made visible too (they reorder what a terminal shows). */
function visible(text: string): string {
  return printable(text).replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * Checks one image reference as written: no control characters (they could rewrite a terminal or a log line), and a
 * valid REGISTRY/REPO[:TAG][@DIGEST]. Errors name the location.
 */
export function checkImageReference(image: string, location: string): void {
  const bad = CONTROL.exec(image);
  if (bad) {
    throw new DeployInputError(
      'DEPLOY_IMAGE_INVALID',
      `the image reference "${visible(image)}" contains a control character (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}); it is refused.`,
      { location, hint: 'Write the image as REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]; check where this manifest came from.' },
    );
  }
  if (image.trim() !== image || image === '') {
    throw new DeployInputError('DEPLOY_IMAGE_INVALID', `the image reference "${image}" is empty or has spaces around it.`, {
      location,
      hint: 'Write the image as REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST].',
    });
  }
  try {
    parseReference(image);
  } catch (err) {
    if (!(err instanceof CustodyError)) throw err;
    throw new DeployInputError('DEPLOY_IMAGE_INVALID', visible(err.message), { location, ...(err.hint ? { hint: err.hint } : {}) });
  }
}

interface Chunk {
  /** The document's text, with its `---` marker blanked (offsets and columns kept). */
  text: string;
  /** Offset of the chunk in the file, and its first line (1-based). */
  offset: number;
  line: number;
}

/**
 * Splits a YAML stream into documents at `---` (and `...`) lines. A `---` at the start of a line always ends a
 * document in YAML (a block scalar's content is indented), so this is the same split js-yaml's loadAll makes, but it
 * keeps each document's offset so that image values can be located and pinned in place.
 */
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  let buf = '';
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const l = text.slice(pos, end);
    if (/^---(\s|$)/.test(l) || /^\.\.\.(\s|$)/.test(l)) {
      if (buf.trim() !== '') chunks.push({ text: buf, offset: start, line: startLine });
      start = pos;
      startLine = line;
      // The marker is blanked; what follows it on the line (`--- {…}`, a comment) stays in the document.
      buf = /^---/.test(l) ? `   ${l.slice(3)}` : ' '.repeat(l.length);
    } else if (/^%/.test(l) && buf.trim() === '') {
      buf += ' '.repeat(l.length); // a directive (%YAML 1.2): before its document's ---
    } else buf += l;
    if (end < text.length) buf += '\n';
    pos = end + 1;
    line++;
    if (end >= text.length) break;
  }
  if (buf.trim() !== '') chunks.push({ text: buf, offset: start, line: startLine });
  return chunks;
}

/** `image:` keys (plain, 'single' or "double" quoted key) and their values as written, with offsets. */
const IMAGE_VALUE = /(?<![\w.-])(["']?)image\1[ \t]*:[ \t]*("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s,}\]#'"][^\s,}\]]*)/g;

/** YAML double-quoted escapes (a superset of JSON's: \e, \0, \a, \v, \x.., \N, \_, \L, \P, ...). */
const YAML_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

function decodeScalar(raw: string): string {
  if (raw.startsWith('"')) {
    return raw
      .slice(1, -1)
      .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) =>
        e.length > 1
          ? Number.parseInt(e.slice(1), 16) <= 0x10ffff
            ? String.fromCodePoint(Number.parseInt(e.slice(1), 16))
            : m
          : (YAML_ESCAPES[e] ?? m),
      );
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  return raw;
}

interface Located {
  value: string;
  start: number;
  end: number;
}

function locateImageValues(chunk: string): Located[] {
  const out: Located[] = [];
  for (const m of chunk.matchAll(IMAGE_VALUE)) {
    const raw = m[2]!;
    const start = m.index + m[0].length - raw.length;
    out.push({ value: decodeScalar(raw), start, end: start + raw.length });
  }
  return out;
}

function lineOf(text: string, offset: number, base: number): number {
  let n = base;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface Found {
  image: string;
  kind: string;
  name?: string;
  namespace?: string;
  container?: string;
  containerList: (typeof CONTAINER_LISTS)[number];
}

/**
 * The images of one Kubernetes object as the API server holds it (an admission review's `request.object`): the
 * containers, init containers and ephemeral containers of its Pod spec, for each workload kind (Pod, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate; a List's items too). An
 * object of another kind yields none. `where` names the object in errors (a container list that is not a list, an
 * image that is not a string). Image strings are returned as written, unchecked (checkImageReference checks one).
 */
export function objectImages(
  obj: unknown,
  where: string,
): Array<{ image: string; kind: string; name?: string; namespace?: string; container?: string; containerList: ImageUse['containerList'] }> {
  const out: Found[] = [];
  imagesOf(obj, out, {}, where);
  return out;
}

/** The images of one object (a workload, or a List of them). */
function imagesOf(obj: unknown, out: Found[], other: Record<string, number>, where: string, depth = 0): void {
  if (!isRecord(obj)) return;
  const kind = str(obj.kind);
  if (!kind) return;
  if (Array.isArray(obj.items) && (kind === 'List' || kind.endsWith('List'))) {
    if (depth >= MAX_LIST_DEPTH)
      throw new DeployInputError('DEPLOY_MANIFEST_INVALID', `Lists nest deeper than ${MAX_LIST_DEPTH} levels.`, { location: where });
    for (const item of obj.items) imagesOf(item, out, other, where, depth + 1);
    return;
  }
  const path = POD_SPEC_PATHS[kind];
  if (!path) {
    other[kind] = (other[kind] ?? 0) + 1;
    return;
  }
  let spec: unknown = obj;
  for (const k of path) spec = isRecord(spec) ? spec[k] : undefined;
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  if (!isRecord(spec)) return;
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (containers === undefined || containers === null) continue;
    if (!Array.isArray(containers)) {
      throw new DeployInputError('DEPLOY_MANIFEST_INVALID', `${kind} ${str(meta.name) ?? ''}: ${list} is not a list.`.replace(' :', ':'), {
        location: where,
        hint: 'Check the manifest against the Kubernetes API (kubectl apply --dry-run=client).',
      });
    }
    for (const c of containers) {
      if (!isRecord(c)) continue;
      const image = c.image;
      if (image === undefined || image === null) continue;
      if (typeof image !== 'string') {
        throw new DeployInputError('DEPLOY_IMAGE_INVALID', `${kind} ${str(meta.name) ?? ''}: a container's image is not a string.`, {
          location: where,
        });
      }
      out.push({
        image,
        kind,
        containerList: list,
        ...(str(meta.name) ? { name: str(meta.name)! } : {}),
        ...(str(meta.namespace) ? { namespace: str(meta.namespace)! } : {}),
        ...(str(c.name) ? { container: str(c.name)! } : {}),
      });
    }
  }
}

/**
 * Reads the workloads of a manifest file (YAML, multi-document, or JSON) and returns every container image with its
 * location. `source` names the file in locations. Errors (exit 2) name the file and line.
 */
export function parseManifests(text: string, source: string): ParsedManifests {
  if (text.charCodeAt(0) === 0xfeff) text = ` ${text.slice(1)}`;
  checkYamlFlowDepth(text, 'the manifest', source);
  const aliases = countYamlAliases(text);
  if (aliases > MAX_YAML_ALIASES) {
    throw new DeployInputError(
      'DEPLOY_YAML_ALIASES',
      `the manifest uses ${aliases} YAML aliases, more than the ${MAX_YAML_ALIASES} accepted (helm template and kustomize build write none).`,
      {
        location: source,
        hint: 'Give rendered manifests (helm template, kustomize build); an alias-heavy file is refused as a possible alias bomb.',
      },
    );
  }
  const maxDepth = limits().jsonDepth;
  const uses: ImageUse[] = [];
  const otherKinds: Record<string, number> = {};
  let documents = 0;
  const chunks = splitDocuments(text);
  chunks.forEach((chunk, index) => {
    let doc: unknown;
    try {
      doc = load(chunk.text, { schema: JSON_SCHEMA, maxDepth });
    } catch (err) {
      const e = err as { reason?: string; message?: string; mark?: { line?: number } };
      const reason = e.reason ?? e.message ?? String(err);
      const line = typeof e.mark?.line === 'number' ? chunk.line + e.mark.line : chunk.line;
      if (/maxDepth/.test(reason))
        throw new LimitError('jsonDepth', `the manifest nests deeper than ${maxDepth} levels.`, { location: `${source}:${line}` });
      throw new DeployInputError('DEPLOY_MANIFEST_INVALID', `not valid YAML: ${reason}.`, {
        location: `${source}:${line}`,
        hint: 'Give Kubernetes manifests (YAML or JSON, as kubectl, helm template or kustomize build write them); custom tags (!foo) are refused.',
      });
    }
    if (doc === null || doc === undefined) return;
    documents++;
    const where = `${source}:${chunk.line}`;
    if (!isRecord(doc)) {
      throw new DeployInputError('DEPLOY_MANIFEST_INVALID', `document ${index + 1} is not a Kubernetes object (a mapping with kind).`, {
        location: where,
        hint: 'Give Kubernetes manifests; an image list goes to --images FILE.',
      });
    }
    const found: Found[] = [];
    imagesOf(doc, found, otherKinds, where);
    if (found.length === 0) return;
    const helm = /^# Source: (.+)$/m.exec(chunk.text)?.[1]?.trim();
    const located = locateImageValues(chunk.text);
    const taken = new Set<number>();
    for (const f of found) {
      const i = located.findIndex((l, k) => !taken.has(k) && l.value === f.image);
      if (i >= 0) taken.add(i);
      const at = i >= 0 ? located[i] : undefined;
      const line = at ? lineOf(chunk.text, at.start, chunk.line) : chunk.line;
      checkImageReference(f.image, `${source}:${line}`);
      uses.push({
        image: f.image,
        source,
        line: at ? line : 0,
        document: index + 1,
        kind: f.kind,
        ...(f.name ? { name: f.name } : {}),
        ...(f.namespace ? { namespace: f.namespace } : {}),
        ...(f.container ? { container: f.container } : {}),
        containerList: f.containerList,
        ...(helm ? { helmSource: printable(helm) } : {}),
        ...(at ? { span: [chunk.offset + at.start, chunk.offset + at.end] as [number, number] } : {}),
      });
    }
  });
  return { uses, documents, otherKinds };
}

/**
 * An image list: one reference per line (an `oci://` prefix allowed); blank lines and `#` comments skipped.
 * Control characters anywhere on a line are refused.
 */
export function parseImageList(text: string, source: string): ImageUse[] {
  const uses: ImageUse[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const t = l.replace(/^[ \t]+|[ \t]+$/g, '');
    if (t === '' || t.startsWith('#')) return;
    const image = t.replace(/^oci:\/\//, '');
    checkImageReference(image, `${source}:${i + 1}`);
    uses.push({ image, source, line: i + 1, document: 1, kind: 'ImageList' });
  });
  return uses;
}

/** One rewrite of an image value: the span to replace, what it must hold now, and the new reference. */
export interface PinEdit {
  span: [number, number];
  image: string;
  pinned: string;
}

/**
 * Rewrites image values in place (each span checked to still hold its image), keeping the quoting of each value and
 * every other byte of the text: comments, layout and key order survive. Returns the new text.
 */
export function pinText(text: string, edits: PinEdit[], source: string): string {
  const sorted = [...edits].sort((a, b) => b.span[0] - a.span[0]);
  let out = text;
  let last = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    const [start, end] = e.span;
    const raw = out.slice(start, end);
    if (end > last || decodeScalar(raw) !== e.image) {
      throw new DeployInputError('DEPLOY_PIN_CONFLICT', `the image value at offset ${start} is no longer "${printable(e.image)}".`, {
        location: source,
        hint: 'The file changed while custody coverage ran; run it again.',
      });
    }
    last = start;
    const quote = raw.charAt(0);
    const written = quote === '"' ? JSON.stringify(e.pinned) : quote === "'" ? `'${e.pinned.replace(/'/g, "''")}'` : e.pinned;
    out = out.slice(0, start) + written + out.slice(end);
  }
  return out;
}
