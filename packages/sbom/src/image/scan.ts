/**
 * Scans the layers of one image, bottom to top, into component graphs: the squashed view (what a container
 * started from the image sees) or, with scope `all-layers`, every package found in any layer with the layer
 * that holds it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { formatLimit, LimitError, limits } from '@custody/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Component, PackageGraph } from '../model.js';
import { addEdge, newGraph } from '../model.js';
import { parseOsRelease } from '../os/os-release.js';
import type { OsRelease } from '../os/os-release.js';
import { readDpkgStatus } from '../os/dpkg.js';
import { readApkInstalled } from '../os/apk.js';
import { readRpmDbFile } from '../os/rpm.js';
import { finderFor } from './finders.js';
import type { Finding, FindingKind } from './finders.js';
import { FindingView } from './view.js';
import { scanLayer } from './layer.js';
import type { PlatformImage } from '@custody/core';

/** One image of one platform, its layers ready to stream (from @custody/oci, or built by a test). */
export type ResolvedImage = PlatformImage;

export type ImageScope = 'squashed' | 'all-layers';

export interface ScanProgress {
  /** 0-based index of the layer being read. */
  layer: number;
  layers: number;
  digest: string;
  /** Raw (compressed) bytes of this layer read so far, and its size when the manifest says. */
  bytes: number;
  size?: number;
  /** Raw bytes of the layers already finished. */
  doneBytes: number;
}

export interface ScanOptions {
  scope?: ImageScope;
  onProgress?: (p: ScanProgress) => void;
  /** Where spooled databases go (a temp dir under it is created and removed). */
  tmpDir?: string;
}

export interface LayerSummary {
  digest: string;
  rawBytes: number;
  tarBytes: number;
  entries: number;
}

export interface ImageScanResult {
  graphs: PackageGraph[];
  os?: OsRelease;
  layers: LayerSummary[];
  notes: string[];
}

export const PROP_LAYER = 'custody:image:layer';
export const PROP_PATH = 'custody:image:path';
export const PROP_DELETED = 'custody:image:deleted';

export async function scanImage(img: ResolvedImage, options: ScanOptions = {}): Promise<ImageScanResult> {
  const allLayers = options.scope === 'all-layers';
  const notes: string[] = [];
  let spool: Promise<string> | undefined;
  const spoolDir = () => (spool ??= mkdtemp(join(options.tmpDir ?? tmpdir(), 'custody-scan-')));
  const view = new FindingView(allLayers, (f) => {
    if (f.file) void rm(f.file, { force: true });
  });
  const layers: LayerSummary[] = [];
  // Bytes copied to temp files (spooled rpm databases and big jars), bounded for the whole run.
  const maxTemp = limits().tempBytes;
  let tempBytes = 0;
  const spooled = (n: number) => {
    tempBytes += n;
    if (tempBytes > maxTemp)
      throw new LimitError(
        'tempBytes',
        `scanning ${img.location ?? img.digest} would copy more than ${formatLimit('tempBytes', maxTemp)} to temporary files.`,
      );
  };
  try {
    let doneBytes = 0;
    for (let i = 0; i < img.layers.length; i++) {
      const layer = img.layers[i]!;
      const hooks = { layer: i, found: (f: Finding) => view.add(f), spoolDir, spooled, note: (m: string) => notes.push(m) };
      const progress = options.onProgress;
      progress?.({
        layer: i,
        layers: img.layers.length,
        digest: layer.digest,
        bytes: 0,
        ...(layer.size !== undefined ? { size: layer.size } : {}),
        doneBytes,
      });
      const stats = await scanLayer(
        layer,
        (entry) => {
          view.entry(entry.path, entry.type === 'directory', i);
          if (view.isWhiteout(entry.path)) return undefined;
          return finderFor(entry, hooks);
        },
        progress
          ? (bytes) =>
              progress({
                layer: i,
                layers: img.layers.length,
                digest: layer.digest,
                bytes,
                ...(layer.size !== undefined ? { size: layer.size } : {}),
                doneBytes,
              })
          : undefined,
        img.location,
      );
      doneBytes += stats.rawBytes;
      layers.push({ digest: layer.digest, rawBytes: stats.rawBytes, tarBytes: stats.tarBytes, entries: stats.entries });
    }
    const visible = view.findings();
    const os = pickOs(visible) ?? pickOs(view.all());
    const graphs = await buildGraphs(allLayers ? view.all() : visible, new Set(visible), img, os, allLayers, notes);
    return { graphs, ...(os ? { os } : {}), layers, notes };
  } finally {
    if (spool) await rm(await spool, { recursive: true, force: true });
  }
}

function pickOs(findings: Finding[]): OsRelease | undefined {
  const osr = findings.filter((f) => f.kind === 'os-release' && f.text);
  // etc/os-release wins over usr/lib/os-release; a higher layer over a lower one.
  osr.sort((a, b) => (a.path === b.path ? b.layer - a.layer : a.path === 'etc/os-release' ? -1 : 1));
  for (const f of osr) {
    const os = parseOsRelease(f.text!);
    if (os) return os;
  }
  return undefined;
}

const LANG_FORMAT: Partial<Record<FindingKind, string>> = {
  npm: 'node_modules package.json',
  pypi: 'python dist-info/egg-info metadata',
  gem: 'rubygems specifications',
  maven: 'jar META-INF/maven pom.properties',
};

async function osGraph(f: Finding, os: OsRelease | undefined, notes: string[]): Promise<PackageGraph | undefined> {
  const opts = os ? { os } : {};
  if (f.kind === 'dpkg') return readDpkgStatus(f.text ?? '', f.path, opts);
  if (f.kind === 'apk') return readApkInstalled(f.text ?? '', f.path, opts);
  if (f.kind === 'rpm' && f.file) {
    const { graph } = await readRpmDbFile(f.file, f.path, opts);
    if (!graph) notes.push(`${f.path}: not an rpm database Custody knows (sqlite, Berkeley DB, ndb): its packages are not listed`);
    return graph;
  }
  return undefined;
}

async function buildGraphs(
  findings: Finding[],
  visible: Set<Finding>,
  img: ResolvedImage,
  os: OsRelease | undefined,
  allLayers: boolean,
  notes: string[],
): Promise<PackageGraph[]> {
  const layerDigest = (f: Finding) => img.layers[f.layer]?.digest ?? String(f.layer);
  const graphs: Array<{ g: PackageGraph; f: Finding }> = [];
  const lang = new Map<FindingKind, { g: PackageGraph; f: Finding }>();
  // Debian packages' licenses from usr/share/doc/NAME/copyright (the final image's file, else any layer's).
  const debLicenses = new Map<string, string[]>();
  for (const f of [...findings].sort((a, b) => Number(visible.has(a)) - Number(visible.has(b)))) {
    if (f.kind === 'deb-copyright' && f.licenses) debLicenses.set(f.path.split('/')[3]!, f.licenses);
  }
  for (const f of findings) {
    if (f.kind === 'os-release' || f.kind === 'deb-copyright') continue;
    if (f.kind === 'dpkg' || f.kind === 'apk' || f.kind === 'rpm') {
      const g = await osGraph(f, os, notes);
      if (g && f.kind === 'dpkg') {
        for (const c of g.components) {
          const lic = debLicenses.get(c.name);
          if (lic && !c.licenses) c.licenses = lic;
        }
      }
      if (g) graphs.push({ g, f });
      continue;
    }
    const tag = (c: Component): Component => ({ ...c, properties: { ...c.properties, [PROP_PATH]: f.path } });
    if (f.kind === 'golang') {
      const g = newGraph('golang', f.path, 'go build info');
      const main = f.main ? tag(f.main) : undefined;
      if (main)
        g.root = { name: f.main!.group ? `${f.main!.group}/${f.main!.name}` : f.main!.name, version: f.main!.version, purl: f.main!.purl };
      g.components = (f.components ?? []).map(tag);
      if (main) {
        g.components.unshift(main);
        for (const c of f.components ?? []) addEdge(g, main.purl, c.purl);
      }
      g.direct = (f.components ?? []).map((c) => c.purl);
      graphs.push({ g, f });
      continue;
    }
    let entry = lang.get(f.kind);
    if (!entry) {
      entry = { g: newGraph(f.kind, `image:${f.kind}`, LANG_FORMAT[f.kind] ?? f.kind), f };
      lang.set(f.kind, entry);
      graphs.push(entry);
    }
    for (const c of f.components ?? []) entry.g.components.push(allLayers ? withLayer(tag(c), layerDigest(f), !visible.has(f)) : tag(c));
  }
  if (!allLayers) return sortGraphs(graphs.map((x) => x.g));

  // all-layers: OS databases are rewritten whole by each layer that installs something; a package is reported
  // once, with the lowest layer that lists it, and marked deleted when the final image no longer has it.
  const finalPurls = new Set<string>();
  for (const { g, f } of graphs)
    if (visible.has(f) && (f.kind === 'dpkg' || f.kind === 'apk' || f.kind === 'rpm' || f.kind === 'golang'))
      for (const c of g.components) finalPurls.add(c.purl);
  const seen = new Set<string>();
  const out: PackageGraph[] = [];
  for (const { g, f } of graphs.sort((a, b) => a.f.layer - b.f.layer)) {
    if (lang.get(g.ecosystem as FindingKind)?.g === g) {
      out.push(g);
      continue;
    }
    const key = (c: Component) => `${g.ecosystem} ${f.kind === 'golang' ? f.path : ''} ${c.purl}`;
    g.components = g.components
      .filter((c) => !seen.has(key(c)))
      .map((c) => {
        seen.add(key(c));
        return withLayer(c, layerDigest(f), !finalPurls.has(c.purl));
      });
    if (g.components.length) out.push(g);
  }
  return sortGraphs(out);
}

function withLayer(c: Component, digest: string, deleted: boolean): Component {
  return { ...c, properties: { ...c.properties, [PROP_LAYER]: digest, ...(deleted ? { [PROP_DELETED]: 'true' } : {}) } };
}

function sortGraphs(gs: PackageGraph[]): PackageGraph[] {
  for (const g of gs) g.components.sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  return gs.sort((a, b) =>
    a.ecosystem + a.source < b.ecosystem + b.source ? -1 : a.ecosystem + a.source > b.ecosystem + b.source ? 1 : 0,
  );
}
