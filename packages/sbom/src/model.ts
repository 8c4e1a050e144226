/**
 * The component graph every reader returns and every writer (CycloneDX, SPDX) consumes.
 * Readers are pure: text in, graph out. No I/O, no clock.
 */

export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface ComponentHash {
  alg: HashAlgorithm;
  /** Lowercase hex. Readers convert base64 SRI integrity values to hex. */
  content: string;
}

/** required: needed at run time; optional: an optional dependency; excluded: development only. */
export type ComponentScope = 'required' | 'optional' | 'excluded';

export interface Component {
  /** The package URL; also the stable bom-ref, made unique within one SBOM by the writer when needed. */
  purl: string;
  /** Package name without its namespace (e.g. `core` for npm `@babel/core`). */
  name: string;
  /** Namespace or group: npm scope with `@`, Maven group, Go module path prefix, Composer vendor, … */
  group?: string;
  version: string;
  type?: 'library' | 'application' | 'framework' | 'operating-system';
  hashes?: ComponentHash[];
  /** SPDX license ids or expressions where the lockfile or package database states them, else free text names. */
  licenses?: string[];
  scope?: ComponentScope;
  description?: string;
  /** Where the package is downloaded from, when the lockfile records it. */
  downloadUrl?: string;
  /** Extra facts worth keeping, written as CycloneDX properties (sorted by name). */
  properties?: Record<string, string>;
}

/** What one lockfile (or package database) says. */
export interface PackageGraph {
  /** The ecosystem, as a purl type: npm, pypi, golang, cargo, gem, composer, nuget, deno, deb, apk, rpm, maven. */
  ecosystem: string;
  /** The path the graph was read from, relative to the scanned directory. */
  source: string;
  /** A short name of the format read, e.g. "package-lock.json v3", "yarn.lock (berry v8)". */
  format: string;
  /** The project itself, when the lockfile names it. */
  root?: { name: string; version?: string; purl?: string };
  components: Component[];
  /** purl -> purls it depends on. Only edges the lockfile states. */
  dependencies: Map<string, Set<string>>;
  /** purls the project depends on directly, when the lockfile says which. */
  direct: string[];
  /** Notes about entries that were skipped (links, workspaces, unresolvable), shown with --verbose. */
  notes?: string[];
  /**
   * Set by a reader that guarantees that the graph is closed and in order: components in purl order, one per purl;
   * `dependencies` keyed in purl order; every edge (and every `direct` entry) names a component of this graph by that
   * component's own purl string, never the component itself. mergeGraphs then takes a lone graph's edges as they are,
   * without a lookup per edge.
   */
  closed?: boolean;
}

/** Reads one kind of lockfile. `read` throws an InputError (from @custody/core) naming the file and line. */
export interface LockfileReader {
  /** Identifier used in messages and `--ecosystem`, e.g. "npm", "yarn", "poetry". */
  id: string;
  /** File names (base names) this reader handles, e.g. ["package-lock.json", "npm-shrinkwrap.json"]. */
  fileNames: string[];
  /** Optional finer check when a file name is shared or a fixture uses another name. */
  sniff?(fileName: string, head: string): boolean;
  read(text: string, source: string): PackageGraph;
  /** Optional: loads what `read` needs for this text (its YAML or TOML parser); awaited before `read`. */
  prepare?(text: string): Promise<void>;
  /**
   * Optional: base names of sibling files (same directory) this reader also needs, e.g. go.mod wants go.sum.
   * The scanner reads those that exist and calls `readWithSiblings` instead of `read`; a missing sibling is simply
   * absent from the map. Sibling files are not offered to other readers on their own.
   */
  siblings?: string[];
  /** Like `read`, with the siblings that exist (base name -> text). Required when `siblings` is set. */
  readWithSiblings?(text: string, source: string, siblings: Record<string, string>): PackageGraph;
}

export function newGraph(ecosystem: string, source: string, format: string): PackageGraph {
  return { ecosystem, source, format, components: [], dependencies: new Map(), direct: [] };
}

export function addEdge(graph: PackageGraph, from: string, to: string): void {
  let set = graph.dependencies.get(from);
  if (!set) graph.dependencies.set(from, (set = new Set()));
  set.add(to);
}

/** The subject an SBOM describes: a project directory or an image. */
export interface RootComponent {
  name: string;
  version?: string;
  purl?: string;
  type: 'application' | 'library' | 'container';
  /** Digests, e.g. an image manifest digest (algorithm -> hex). */
  digest?: Record<string, string>;
}

/** Everything a writer needs for one SBOM: the root and the graphs read under it. */
export interface BomInput {
  root: RootComponent;
  graphs: PackageGraph[];
  /**
   * What was found but not read, besides the graphs' own notes: unreadable directories, symlinks that leave the
   * root, device files, databases in an unsupported format. Written into the SBOM (CycloneDX metadata property
   * `custody:gap`, an SPDX document annotation) so that a reader of the SBOM sees what it does not cover.
   */
  gaps?: string[];
}
