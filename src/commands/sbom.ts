/**
 * `custody sbom`: lockfiles under a directory (or one lockfile, or a container image) -> one SBOM document,
 * CycloneDX 1.6 JSON or SPDX 2.3 JSON. Shared by the CLI and actions/sbom.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { documentClock, UsageError, type Clock, type Logger } from '@custody/core';
import type { GitHubRegistryToken } from '@custody/oci';
import {
  cycloneDxDocument,
  mergeGraphs,
  readers,
  readLockfiles,
  rootComponent,
  sealedText,
  spdxDocument,
  type BomInput,
  type PackageGraph,
  type SealedDocument,
} from '@custody/sbom/lockfiles';

export const SBOM_FORMATS = ['cyclonedx-json', 'spdx-json'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

export interface SbomOptions {
  /** A directory, a lockfile, or an image target (oci://, oci-layout:, docker-archive:, oci-archive:). Default ".". */
  target?: string;
  format?: SbomFormat;
  /** Directory levels searched below the target. Default 5. */
  depth?: number;
  /** Directories to skip besides node_modules, vendor, .git: names, or paths relative to the target. */
  exclude?: string[];
  /** For images: pick one platform of a multi-platform index (OS/ARCH[/VARIANT]). */
  platform?: string;
  /** For images: squashed (default) or all-layers (also what later layers deleted, with the layer it is in). */
  scope?: 'squashed' | 'all-layers';
  /** For oci:// images: a GitHub token for GitHub's container registry (the sbom action's github-token input). */
  registryToken?: GitHubRegistryToken;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  isTTY?: boolean;
  /** Defaults to documentClock(env): SOURCE_DATE_EPOCH when set. */
  clock?: Clock;
}

export interface SbomResult {
  /** The SBOM document (JSON, ending in a newline), made on first use: writers that stream use document. */
  readonly text: string;
  /**
   * The document as text chunks with its content UUID (serial number, namespace) as a placeholder, and where that
   * goes (each chunks() call serializes it anew): writeFileAtomic streams it into a file and fills the UUID in last.
   */
  readonly document: SealedDocument;
  format: SbomFormat;
  componentCount: number;
  /** Components per ecosystem (purl type). */
  ecosystems: Record<string, number>;
  /** Lockfiles read, relative to the target. */
  files: string[];
  /** What the document does not cover (also written into it and to stderr). */
  gaps: string[];
  /** Set for image targets: the platform this document describes. */
  platform?: string;
  /** Set for image targets: the manifest digest of the image this document describes. */
  digest?: string;
  /** What the document was made from, one graph per lockfile or package database (the dependency snapshot's manifests). */
  graphs: PackageGraph[];
  /** For a directory or lockfile: the absolute directory the graphs' sources are relative to. */
  baseDir?: string;
}

/** The default output file name for a format. */
export function defaultSbomFile(format: SbomFormat): string {
  return format === 'spdx-json' ? 'sbom.spdx.json' : 'sbom.cdx.json';
}

/** `label` names the option as the face shows it (`--format`, the action input `format`). */
export function parseSbomFormat(value: string | undefined, label = 'SBOM format'): SbomFormat {
  const v = (value ?? 'cyclonedx-json').trim().toLowerCase();
  if ((SBOM_FORMATS as readonly string[]).includes(v)) return v as SbomFormat;
  throw new UsageError(`${label} "${value}" is not supported.`, { hint: `Use one of: ${SBOM_FORMATS.join(', ')}.` });
}

export function parseDepth(value: string | number | undefined, label = '--depth'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`${label} is "${value}", not a whole number of directories.`, {
      hint: `Use e.g. ${label} 0 (only PATH itself) or ${label} 5 (the default).`,
    });
  }
  return n;
}

/**
 * The result for one document. `extra` (baseDir, digest) is set here, not spread onto the result afterwards: a spread
 * reads the `text` getter, which serializes the whole document into one string (twice the CPU of a streamed write,
 * and the document held in memory).
 */
function render(
  input: BomInput,
  format: SbomFormat,
  clock: Clock,
  platform: string | undefined,
  logger: Logger,
  extra: { baseDir?: string; digest?: string },
): SbomResult {
  const merged = mergeGraphs(input);
  // No silent gaps: what the SBOM does not cover goes to stderr as well as into the document.
  for (const g of merged.gaps) logger.warn(`custody sbom: not covered${platform ? ` (${platform})` : ''}: ${g}`);
  let document: SealedDocument | undefined;
  let text: string | undefined;
  return {
    get text() {
      text ??= sealedText(this.document);
      return text;
    },
    get document() {
      document ??= format === 'spdx-json' ? spdxDocument(merged, { clock }) : cycloneDxDocument(merged, { clock });
      return document;
    },
    format,
    componentCount: merged.components.length,
    gaps: merged.gaps,
    ecosystems: merged.ecosystems,
    files: merged.files,
    ...(platform ? { platform } : {}),
    graphs: input.graphs,
    ...extra,
  };
}

/** The SBOM of a project directory or lockfile. */
export async function sbomFromPath(options: SbomOptions): Promise<SbomResult> {
  const format = options.format ?? 'cyclonedx-json';
  const clock = options.clock ?? documentClock(options.env);
  const target = resolve(options.cwd, options.target ?? '.');
  const gaps: string[] = [];
  const graphs = await readLockfiles(target, readers, {
    ...(options.depth === undefined ? {} : { depth: options.depth }),
    ...(options.exclude?.length ? { exclude: options.exclude } : {}),
    logger: options.logger,
    gaps,
  });
  let dir = target;
  try {
    if ((await stat(target)).isFile()) dir = dirname(target);
  } catch {
    /* discoverLockfiles already reported a missing target */
  }
  const root = await rootComponent(dir, graphs);
  return render({ root, graphs, gaps }, format, clock, undefined, options.logger, { baseDir: dir });
}

/** One SBOM per document: one for a directory or lockfile, one per platform for a multi-platform image. */
export async function generateSbom(options: SbomOptions): Promise<SbomResult[]> {
  const target = options.target ?? '.';
  // Image targets have a scheme (oci://, oci-layout:, ...). The image scanner (and its registry client) loads only
  // for those, so a directory SBOM does not pay for it.
  if (!/^[a-z][a-z0-9+.-]+:/i.test(target)) return [await sbomFromPath(options)];
  const { collectImage, isImageTarget } = await import('./sbom-image.js');
  if (!isImageTarget(target)) return [await sbomFromPath(options)];
  const format = options.format ?? 'cyclonedx-json';
  const clock = options.clock ?? documentClock(options.env);
  const results = await collectImage({
    target,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.registryToken ? { registryToken: options.registryToken } : {}),
    cwd: options.cwd,
    env: options.env,
    logger: options.logger,
    isTTY: options.isTTY ?? false,
  });
  return results.map((r) => render(r.input, format, clock, r.platform, options.logger, { digest: r.digest }));
}

/** FILE with a platform inserted before its extension: sbom.cdx.json + linux/arm64 -> sbom.linux-arm64.cdx.json. */
export function parseImageScope(value: string | undefined, label = '--scope'): 'squashed' | 'all-layers' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'squashed' || value === 'all-layers') return value;
  throw new UsageError(`${label} ${value} is not squashed or all-layers.`, {
    hint: 'squashed: the image as it runs (default); all-layers: also packages removed by later layers, with their layer digest.',
  });
}

export function platformFile(file: string, platform: string): string {
  const tag = platform.replace(/[^A-Za-z0-9._-]+/g, '-');
  const m = /^(.*?)((\.(cdx|cyclonedx|spdx))?\.json)$/i.exec(file) ?? /^(.*?)(\.[^./\\]*)?$/.exec(file);
  const base = m?.[1] ?? file;
  const ext = m?.[2] ?? '';
  return `${base}.${tag}${ext}`;
}

/** "npm 120, pypi 4" */
export function describeEcosystems(ecosystems: Record<string, number>): string {
  const parts = Object.entries(ecosystems).map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}
