/**
 * custody trace's renderers, pure (a TraceResult in, text out): the tree for terminals, Graphviz DOT, and one
 * self-contained HTML page with the chain drawn as pre-laid-out SVG (no script, no network: a Content-Security-Policy
 * of default-src 'none' says so to the browser). Every string may come from an attestation, a hostile input: the tree
 * escapes control characters (printable), DOT escapes quotes and backslashes, HTML escapes & < > " ' everywhere.
 * Unverified attestations are drawn apart (dashed, red, "UNVERIFIED") and never linked into the verified chain.
 * Also the table of `custody trace --contains`.
 */
import { printable } from '@custody/core';
import type { ContainsResult } from './trace.js';
import type { TraceResult, TraceScan, TraceSigner, TraceSubject, TraceVex } from './trace-graph.js';

const short = (d: string | undefined) => (d ? (d.length > 23 ? `${d.slice(0, 19)}…${d.slice(-4)}` : d) : '');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function signerLine(s: TraceSigner): string {
  if (s.kind === 'key') return `key ${s.identity ?? '(a trusted key)'}`;
  return `${s.identity ?? '(no identity)'}${s.issuer ? ` (issuer ${s.issuer})` : ''}`;
}
const signerKey = (s: TraceSigner) => `${s.kind}\u0000${s.identity ?? ''}\u0000${s.issuer ?? ''}\u0000${s.instance ?? ''}`;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
/** A scan's findings by severity, worst first: `2 critical, 1 high`. */
const scanLine = (v: TraceScan) =>
  Object.entries(v.severities)
    .sort(([a], [b]) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
/** A VEX document's statements by status: `3 not_affected, 1 fixed`. */
const vexLine = (v: TraceVex) =>
  Object.entries(v.statuses)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
const ecosystems = (e: Record<string, number>) =>
  Object.entries(e)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

// ---------------------------------------------------------------------------------------------------------------
// The graph the DOT and HTML forms draw.

export type TraceNodeKind =
  | 'artifact'
  | 'signer'
  | 'builder'
  | 'source'
  | 'run'
  | 'materials'
  | 'sbom'
  | 'scan'
  | 'vex'
  | 'vsa'
  | 'other'
  | 'unverified';

export interface TraceNode {
  id: string;
  kind: TraceNodeKind;
  /** Lines of text (raw: each renderer escapes them). */
  lines: string[];
  verified: boolean;
  /** Which subject (band) it belongs to. */
  subject: number;
}

export interface TraceEdge {
  from: string;
  to: string;
  label: string;
  verified: boolean;
}

const RANK: Record<TraceNodeKind, number> = {
  artifact: 0,
  signer: 1,
  unverified: 1,
  builder: 2,
  sbom: 2,
  scan: 2,
  vex: 2,
  vsa: 2,
  other: 2,
  source: 3,
  run: 4,
  materials: 5,
};

/** The chain as nodes and edges: artifact -> signer -> builder -> source -> run -> materials; signer -> SBOM, VSA. */
export function traceGraph(result: TraceResult): { nodes: TraceNode[]; edges: TraceEdge[] } {
  const nodes: TraceNode[] = [];
  const edges: TraceEdge[] = [];
  const add = (n: TraceNode) => (nodes.push(n), n.id);
  result.subjects.forEach((s, i) => {
    const art = add({
      id: `s${i}`,
      kind: 'artifact',
      subject: i,
      verified: s.passed,
      lines: [s.platform ? `platform ${s.platform}` : result.target.index ? 'image index' : 'artifact', s.name, s.digest ?? ''].filter(
        Boolean,
      ),
    });
    if (i > 0) edges.push({ from: 's0', to: art, label: 'platform', verified: true });
    const signers = new Map<string, string>();
    const signer = (sg: TraceSigner) => {
      const k = signerKey(sg);
      let id = signers.get(k);
      if (!id) {
        id = add({
          id: `s${i}.signer${signers.size}`,
          kind: 'signer',
          subject: i,
          verified: true,
          lines: [
            sg.kind === 'key' ? 'signed with a key' : 'signed by',
            sg.identity ?? '(trusted key)',
            ...(sg.issuer ? [`issuer ${sg.issuer}`] : []),
            ...(sg.instance ? [`instance: ${sg.instance}`] : []),
          ],
        });
        signers.set(k, id);
        edges.push({ from: art, to: id, label: 'signed by', verified: true });
      }
      return id;
    };
    s.verified.provenance.forEach((p, j) => {
      const sg = signer(p.signer);
      const b = add({
        id: `s${i}.b${j}`,
        kind: 'builder',
        subject: i,
        verified: true,
        lines: ['builder', p.builder ?? '(no builder id)', ...(p.buildType ? [`buildType ${p.buildType}`] : [])],
      });
      edges.push({ from: sg, to: b, label: 'provenance', verified: true });
      let last = b;
      if (p.source) {
        last = add({
          id: `s${i}.src${j}`,
          kind: 'source',
          subject: i,
          verified: true,
          lines: [
            'source',
            p.source.repository ?? '(no repository)',
            ...(p.source.commit ? [`@ ${p.source.commit}`] : []),
            ...(p.source.ref ? [p.source.ref] : []),
            ...(p.workflow?.path ? [`workflow ${p.workflow.path}`] : []),
          ],
        });
        edges.push({ from: b, to: last, label: 'built from', verified: true });
      }
      if (p.run) {
        const r = add({
          id: `s${i}.run${j}`,
          kind: 'run',
          subject: i,
          verified: true,
          lines: [
            'run',
            p.run.invocationId ?? '(no invocation id)',
            ...(p.run.startedOn || p.run.finishedOn ? [`${p.run.startedOn ?? '?'} -> ${p.run.finishedOn ?? '?'}`] : []),
          ],
        });
        edges.push({ from: last, to: r, label: 'in run', verified: true });
        last = r;
      }
      if (p.materials.length) {
        const m = add({
          id: `s${i}.mat${j}`,
          kind: 'materials',
          subject: i,
          verified: true,
          lines: [
            `materials (${p.materials.length})`,
            ...p.materials.slice(0, 4).map((x) => `${x.name ?? x.uri ?? '?'}${x.digest ? ` ${short(Object.values(x.digest)[0])}` : ''}`),
            ...(p.materials.length > 4 ? [`… ${p.materials.length - 4} more`] : []),
          ],
        });
        edges.push({ from: last, to: m, label: 'used', verified: true });
      }
    });
    s.verified.sboms.forEach((b, j) => {
      const id = add({
        id: `s${i}.sbom${j}`,
        kind: 'sbom',
        subject: i,
        verified: true,
        lines: [`SBOM (${b.format})`, `${b.components} components`, ecosystems(b.ecosystems)].filter(Boolean),
      });
      edges.push({ from: signer(b.signer), to: id, label: 'SBOM', verified: true });
    });
    s.verified.scans.forEach((v, j) => {
      const id = add({
        id: `s${i}.scan${j}`,
        kind: 'scan',
        subject: i,
        verified: true,
        lines: [`vulnerability scan: ${v.findings} findings`, ...(v.scanner ? [v.scanner] : []), scanLine(v)].filter(Boolean),
      });
      edges.push({ from: signer(v.signer), to: id, label: 'scan', verified: true });
    });
    s.verified.vex.forEach((v, j) => {
      const id = add({
        id: `s${i}.vex${j}`,
        kind: 'vex',
        subject: i,
        verified: true,
        lines: [`VEX: ${v.statements} statements`, ...(v.author ? [`author ${v.author}`] : []), vexLine(v)].filter(Boolean),
      });
      edges.push({ from: signer(v.signer), to: id, label: 'VEX', verified: true });
    });
    s.verified.vsas.forEach((v, j) => {
      const id = add({
        id: `s${i}.vsa${j}`,
        kind: 'vsa',
        subject: i,
        verified: true,
        lines: [
          `VSA ${v.result ?? ''}`.trim(),
          ...(v.verifier ? [`verifier ${v.verifier}`] : []),
          ...(v.levels ? [v.levels.join(', ')] : []),
          ...(v.policy ? [`policy ${v.policy}`] : []),
        ],
      });
      edges.push({ from: signer(v.signer), to: id, label: 'VSA', verified: true });
    });
    s.verified.other.forEach((x, j) => {
      const id = add({
        id: `s${i}.other${j}`,
        kind: 'other',
        subject: i,
        verified: true,
        lines: [x.predicateType ?? (x.content === 'message-signature' ? 'message signature' : 'attestation'), x.attestation],
      });
      edges.push({ from: signer(x.signer), to: id, label: 'attests', verified: true });
    });
    s.unverified.forEach((u, j) => {
      const id = add({
        id: `s${i}.unverified${j}`,
        kind: 'unverified',
        subject: i,
        verified: false,
        lines: [
          'UNVERIFIED (not in the chain)',
          u.attestation,
          ...(u.claimedPredicateType ? [`claims ${u.claimedPredicateType}`] : []),
          u.reason,
        ],
      });
      edges.push({ from: art, to: id, label: 'does not verify', verified: false });
    });
  });
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------------------------------
// Tree (terminal).

interface TreeNode {
  text: string;
  children?: TreeNode[];
}

function renderTree(nodes: TreeNode[], prefix = ''): string[] {
  const out: string[] = [];
  nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${printable(n.text)}`);
    if (n.children?.length) out.push(...renderTree(n.children, `${prefix}${last ? '   ' : '│  '}`));
  });
  return out;
}

function subjectTree(s: TraceSubject): TreeNode[] {
  const bySigner = new Map<string, { signer: TraceSigner; children: TreeNode[] }>();
  const under = (sg: TraceSigner) => {
    const k = signerKey(sg);
    if (!bySigner.has(k)) bySigner.set(k, { signer: sg, children: [] });
    return bySigner.get(k)!.children;
  };
  for (const p of s.verified.provenance) {
    const kids: TreeNode[] = [{ text: `builder: ${p.builder ?? '(none stated)'}${p.buildType ? ` (buildType ${p.buildType})` : ''}` }];
    if (p.source)
      kids.push({
        text: `source: ${p.source.repository ?? '(no repository)'}${p.source.commit ? ` @ ${p.source.commit}` : ''}${p.source.ref ? ` (${p.source.ref})` : ''}`,
      });
    if (p.workflow?.path) kids.push({ text: `workflow: ${p.workflow.path}${p.workflow.ref ? ` @ ${p.workflow.ref}` : ''}` });
    if (p.run)
      kids.push({
        text: `run: ${p.run.invocationId ?? '(no invocation id)'}${p.run.startedOn || p.run.finishedOn ? ` (${p.run.startedOn ?? '?'} -> ${p.run.finishedOn ?? '?'})` : ''}`,
      });
    kids.push({
      text: `materials: ${p.materials.length}`,
      children: p.materials.slice(0, 20).map((m) => ({
        text: `${m.name ?? m.uri ?? '?'}${m.digest ? ` ${Object.entries(m.digest).map(([a, h]) => `${a}:${h}`)[0]}` : ''}`,
      })),
    });
    if (p.materials.length > 20) kids.at(-1)!.children!.push({ text: `… ${p.materials.length - 20} more (--format json lists all)` });
    under(p.signer).push({ text: `provenance ${p.predicateType}  [${p.attestation}]`, children: kids });
  }
  for (const b of s.verified.sboms)
    under(b.signer).push({
      text: `SBOM ${b.format}: ${b.components} components${b.components ? ` (${ecosystems(b.ecosystems)})` : ''}  [${b.attestation}]`,
    });
  for (const v of s.verified.scans)
    under(v.signer).push({
      text: `vulnerability scan: ${v.findings} findings${v.findings ? ` (${scanLine(v)})` : ''}${v.scanner ? ` by ${v.scanner}` : ''}${v.finishedOn ? ` at ${v.finishedOn}` : ''}${v.unreadable ? ` (unreadable: ${v.unreadable})` : ''}  [${v.attestation}]`,
    });
  for (const v of s.verified.vex)
    under(v.signer).push({
      text: `VEX: ${v.statements} statements${v.statements ? ` (${vexLine(v)})` : ''}${v.author ? ` by ${v.author}` : ''}${v.unreadable ? ` (unreadable: ${v.unreadable})` : ''}  [${v.attestation}]`,
    });
  for (const v of s.verified.vsas)
    under(v.signer).push({
      text: `VSA: ${v.result ?? '?'}${v.verifier ? ` by ${v.verifier}` : ''}${v.levels ? ` (${v.levels.join(', ')})` : ''}${v.policy ? ` policy ${v.policy}` : ''}  [${v.attestation}]`,
    });
  for (const x of s.verified.other) under(x.signer).push({ text: `${x.predicateType ?? x.content ?? 'attestation'}  [${x.attestation}]` });
  const out: TreeNode[] = [...bySigner.values()].map(({ signer, children }) => ({
    text: `VERIFIED signer: ${signerLine(signer)}${signer.instance ? `; instance: ${signer.instance}` : ''}${signer.signedAt?.length ? `; signed ${[...signer.signedAt].sort()[0]}` : ''}`,
    children,
  }));
  if (!out.length) out.push({ text: 'no verified attestation' });
  if (s.unverified.length)
    out.push({
      text: `UNVERIFIED (${s.unverified.length}): not part of the chain; what they claim is not shown as fact`,
      children: s.unverified.map((u) => ({
        text: `${u.attestation}${u.claimedPredicateType ? ` (claims ${u.claimedPredicateType})` : ''}: ${u.reason}`,
      })),
    });
  for (const n of s.notes) out.push({ text: `note: ${n}` });
  return out;
}

export function formatTraceTree(result: TraceResult): string {
  const p = printable;
  const lines = [
    `trace: ${p(result.target.name)}${result.target.digest ? ` (${p(result.target.digest)})` : ''}${result.target.index ? `, an index of ${result.subjects.length - 1} platform(s)` : ''}`,
    ...(result.target.resolved ? [`resolved: ${p(result.target.resolved.reference)} -> ${p(result.target.resolved.digest)}`] : []),
    `trust: ${p(result.trustRoot)}${result.insecure.length ? `; WEAKENED by ${result.insecure.map(p).join(', ')}` : ''}`,
  ];
  for (const s of result.subjects) {
    lines.push('');
    lines.push(`${s.passed ? 'PASS' : 'FAIL'} ${s.platform ? `[${p(s.platform)}] ` : ''}${p(s.name)}`);
    lines.push(...renderTree(subjectTree(s)));
    for (const c of s.checks.filter((c) => c.status === 'fail')) lines.push(`   gate: ${p(c.id)}: ${p(c.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Graphviz DOT.

/** A DOT double-quoted string: control characters made visible, then backslashes and quotes escaped. */
export function dotString(text: string): string {
  return `"${printable(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatTraceDot(result: TraceResult): string {
  const { nodes, edges } = traceGraph(result);
  const color: Record<TraceNodeKind, string> = {
    artifact: '#1f6feb',
    signer: '#8250df',
    builder: '#1a7f37',
    source: '#1a7f37',
    run: '#1a7f37',
    materials: '#57606a',
    sbom: '#bf8700',
    scan: '#bc4c00',
    vex: '#8250df',
    vsa: '#0969da',
    other: '#57606a',
    unverified: '#cf222e',
  };
  const out = [
    'digraph custody_trace {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
    `  label=${dotString(`custody trace ${result.target.name}`)};`,
  ];
  for (const n of nodes) {
    const label = n.lines.map((l) => printable(clip(l, 120)).replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n');
    out.push(
      `  ${dotString(n.id)} [label="${label}", color="${color[n.kind]}"${n.verified || n.kind === 'artifact' ? '' : ', style="dashed,rounded", fontcolor="#cf222e"'}];`,
    );
  }
  for (const e of edges)
    out.push(
      `  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label)}${e.verified ? '' : ', style=dashed, color="#cf222e"'}];`,
    );
  out.push('}');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML: one page, SVG laid out here, no script.

/** Escapes text for HTML element content and attribute values (both quote kinds). */
export function html(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const BOX_W = 270;
const COL_GAP = 60;
const LINE_H = 14;
const BOX_PAD = 8;
const ROW_GAP = 16;
const BAND_GAP = 36;
const CHARS = 40;

/** Columns by rank, rows in order, one band per subject: positions of every box. */
function layout(nodes: TraceNode[]): { pos: Map<string, { x: number; y: number; h: number }>; width: number; height: number } {
  const pos = new Map<string, { x: number; y: number; h: number }>();
  let top = 20;
  const bands = [...new Set(nodes.map((n) => n.subject))];
  let maxRank = 0;
  for (const b of bands) {
    const colY = new Map<number, number>();
    let bottom = top;
    for (const n of nodes.filter((x) => x.subject === b)) {
      const rank = RANK[n.kind];
      maxRank = Math.max(maxRank, rank);
      const y = colY.get(rank) ?? top;
      const h = BOX_PAD * 2 + LINE_H * Math.min(n.lines.length, 8);
      pos.set(n.id, { x: 20 + rank * (BOX_W + COL_GAP), y, h });
      colY.set(rank, y + h + ROW_GAP);
      bottom = Math.max(bottom, y + h);
    }
    top = bottom + BAND_GAP;
  }
  return { pos, width: 40 + (maxRank + 1) * (BOX_W + COL_GAP), height: top };
}

function svg(result: TraceResult): string {
  const { nodes, edges } = traceGraph(result);
  const { pos, width, height } = layout(nodes);
  const parts: string[] = [];
  for (const e of edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    let d: string;
    let lx: number;
    let ly: number;
    if (a.x === b.x) {
      // Same column (the index to a platform): a curve on the left.
      const y1 = a.y + a.h / 2;
      const y2 = b.y + b.h / 2;
      d = `M${a.x} ${y1} C${a.x - 18} ${y1}, ${b.x - 18} ${y2}, ${b.x} ${y2}`;
      lx = a.x - 16;
      ly = (y1 + y2) / 2;
    } else {
      const x1 = a.x + BOX_W;
      const y1 = a.y + a.h / 2;
      const x2 = b.x;
      const y2 = b.y + b.h / 2;
      const mx = (x1 + x2) / 2;
      d = `M${x1} ${y1} C${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
      lx = mx;
      ly = (y1 + y2) / 2 - 3;
    }
    parts.push(
      `<path class="edge${e.verified ? '' : ' unverified'}" d="${d}" marker-end="url(#arrow)"/><text class="elabel" x="${lx}" y="${ly}" text-anchor="middle">${html(e.label)}</text>`,
    );
  }
  for (const n of nodes) {
    const p = pos.get(n.id)!;
    const lines = n.lines.slice(0, 8);
    const text = lines
      .map(
        (l, k) =>
          `<text x="${p.x + BOX_PAD}" y="${p.y + BOX_PAD + LINE_H * (k + 1) - 3}"${k === 0 ? ' class="head"' : ''}>${html(clip(l, CHARS))}</text>`,
      )
      .join('');
    parts.push(
      `<g class="node ${n.kind}"><title>${html(n.lines.join('\n'))}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${p.h}" rx="6"/>${text}</g>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="chain of custody">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#57606a"/></marker></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}

function detailRows(s: TraceSubject): string {
  const row = (k: string, v: string, cls = '') => `<tr${cls ? ` class="${cls}"` : ''}><th>${html(k)}</th><td>${html(v)}</td></tr>`;
  const rows: string[] = [];
  for (const p of s.verified.provenance) {
    rows.push(row('provenance', `${p.predicateType} [${p.attestation}] signed by ${signerLine(p.signer)}`));
    if (p.builder) rows.push(row('builder', p.builder));
    if (p.source) rows.push(row('source', `${p.source.repository ?? ''} @ ${p.source.commit ?? '?'} ${p.source.ref ?? ''}`.trim()));
    if (p.workflow) rows.push(row('workflow', `${p.workflow.repository ?? ''} ${p.workflow.path ?? ''} ${p.workflow.ref ?? ''}`.trim()));
    if (p.run) rows.push(row('run', `${p.run.invocationId ?? ''} ${p.run.startedOn ?? ''} -> ${p.run.finishedOn ?? ''}`));
    for (const m of p.materials)
      rows.push(
        row(
          'material',
          `${m.name ?? m.uri ?? '?'} ${Object.entries(m.digest ?? {})
            .map(([a, h]) => `${a}:${h}`)
            .join(' ')}`,
        ),
      );
  }
  for (const b of s.verified.sboms)
    rows.push(
      row(
        'SBOM',
        `${b.format}: ${b.components} components (${ecosystems(b.ecosystems)}) [${b.attestation}] signed by ${signerLine(b.signer)}`,
      ),
    );
  for (const v of s.verified.scans)
    rows.push(
      row(
        'vulnerability scan',
        `${v.findings} findings${v.findings ? ` (${scanLine(v)})` : ''}${v.scanner ? ` by ${v.scanner}` : ''} [${v.attestation}] signed by ${signerLine(v.signer)}`,
      ),
    );
  for (const v of s.verified.vex)
    rows.push(
      row(
        'VEX',
        `${v.statements} statements${v.statements ? ` (${vexLine(v)})` : ''}${v.author ? ` by ${v.author}` : ''} [${v.attestation}] signed by ${signerLine(v.signer)}`,
      ),
    );
  for (const v of s.verified.vsas) rows.push(row('VSA', `${v.result ?? '?'} by ${v.verifier ?? '?'} [${v.attestation}]`));
  for (const x of s.verified.other) rows.push(row('attestation', `${x.predicateType ?? x.content ?? '?'} [${x.attestation}]`));
  for (const u of s.unverified)
    rows.push(
      row(
        'UNVERIFIED',
        `${u.attestation}${u.claimedPredicateType ? ` (claims ${u.claimedPredicateType})` : ''}: ${u.reason}`,
        'unverified',
      ),
    );
  return rows.join('\n');
}

export function formatTraceHtml(result: TraceResult): string {
  const subjects = result.subjects
    .map(
      (s) =>
        `<h2 class="${s.passed ? 'pass' : 'fail'}">${s.passed ? 'PASS' : 'FAIL'} ${s.platform ? `[${html(s.platform)}] ` : ''}${html(s.name)}</h2>\n<table>\n${detailRows(s)}\n</table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>custody trace ${html(result.target.name)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 18px; } h2 { font-size: 15px; margin-top: 24px; } .pass { color: #1a7f37; } .fail { color: #cf222e; }
.graph { overflow: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
svg text { font: 11px ui-monospace, monospace; fill: #1f2328; } svg text.head { font-weight: bold; }
svg text.elabel { fill: #57606a; font-size: 10px; }
.node rect { fill: #f6f8fa; stroke: #57606a; stroke-width: 1.2; }
.artifact rect { stroke: #1f6feb; fill: #ddf4ff; } .signer rect { stroke: #8250df; fill: #fbefff; }
.builder rect, .source rect, .run rect { stroke: #1a7f37; fill: #dafbe1; } .sbom rect { stroke: #bf8700; fill: #fff8c5; }
.vsa rect { stroke: #0969da; } .node.unverified rect { stroke: #cf222e; fill: #ffebe9; stroke-dasharray: 5 3; }
.node.unverified text { fill: #cf222e; } .edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
.edge.unverified { stroke: #cf222e; stroke-dasharray: 5 3; }
table { border-collapse: collapse; margin-top: 8px; } th, td { text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid #eaeef2; }
th { white-space: nowrap; color: #57606a; font-weight: normal; } td { font-family: ui-monospace, monospace; word-break: break-all; }
tr.unverified td, tr.unverified th { color: #cf222e; }
</style>
</head>
<body>
<h1>Chain of custody: ${html(result.target.name)}</h1>
<p>${result.target.digest ? `${html(result.target.digest)} · ` : ''}${result.passed ? 'every subject passed' : 'not every subject passed'} · trust: ${html(result.trustRoot)} · ${html(result.generatedAt)}${result.insecure.length ? ` · <strong class="fail">weakened by ${html(result.insecure.join(', '))}</strong>` : ''}</p>
<p>Solid boxes are verified facts. Dashed red boxes are attestations that did <strong>not</strong> verify: what they claim is not part of the chain.</p>
<div class="graph">
${svg(result)}
</div>
${subjects}
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------------

export function formatContainsTable(result: ContainsResult): string {
  const p = printable;
  const lines = [`package: ${p(result.query.text)}`];
  for (const t of result.targets) {
    const head = t.error ? 'ERROR  ' : t.contains === 'yes' ? 'YES    ' : t.contains === 'no' ? 'no     ' : 'UNKNOWN';
    lines.push(
      `${head} ${p(t.target)}${t.digest ? ` (${p(short(t.digest))})` : ''}${t.error ? `: ${p(t.error)}` : t.contains === 'unknown' ? `: no verified SBOM${t.unverifiedSboms ? ` (${t.unverifiedSboms} did not verify)` : ''}` : ''}`,
    );
    for (const m of t.matches) {
      lines.push(`        ${m.platform ? `[${p(m.platform)}] ` : ''}${p(m.purl ?? m.name ?? '?')}`);
      if (m.path) lines.push(`          path: ${m.path.map(p).join(' -> ')}`);
    }
  }
  const s = result.summary;
  lines.push(
    `${s.yes} of ${s.targets} target(s) contain it; ${s.no} do not; ${s.unknown} unknown (no verified SBOM); ${s.errors} error(s)`,
  );
  return `${lines.join('\n')}\n`;
}
