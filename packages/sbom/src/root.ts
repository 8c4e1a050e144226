/**
 * The component an SBOM describes: the project, read from its manifest. package.json (name, version), else
 * pyproject.toml ([project] or [tool.poetry]), Cargo.toml ([package]), go.mod (module), composer.json (name);
 * else what a lockfile says about its project; else the directory name.
 */
import { basename, join } from 'node:path';
import { CustodyError } from '@custody/core';
import { loadToml, toml as tomlParser } from './parsers.js';
import type { PackageGraph, RootComponent } from './model.js';
import { formatPurl, npmPurl, pypiPurl } from './purl.js';
import { NotAFileError, readBoundedText } from './files.js';
import { checkJsonDepth } from './errors.js';

type Manifest = (dir: string) => Promise<RootComponent | undefined>;

/** A manifest's text; undefined when it is missing or unreadable. Devices, FIFOs and oversized files are refused. */
async function text(path: string): Promise<string | undefined> {
  try {
    return await readBoundedText(path, { what: basename(path) });
  } catch (err) {
    if (err instanceof NotAFileError && err.kind === 'a directory') return undefined; // not a manifest
    if (err instanceof CustodyError) throw err;
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function json(t: string | undefined, where: string): Record<string, unknown> | undefined {
  if (t === undefined) return undefined;
  checkJsonDepth(t, basename(where), where);
  try {
    return obj(JSON.parse(t));
  } catch {
    return undefined;
  }
}

async function toml(t: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (t === undefined) return undefined;
  await loadToml();
  try {
    return tomlParser().parse(t) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function make(name: string, version: string | undefined, purl: string | undefined): RootComponent {
  return { name, ...(version ? { version } : {}), ...(purl ? { purl } : {}), type: 'application' };
}

const packageJson: Manifest = async (dir) => {
  const m = json(await text(join(dir, 'package.json')), join(dir, 'package.json'));
  const name = str(m?.name);
  if (!name) return undefined;
  const version = str(m?.version);
  return make(name, version, npmPurl(name, version ?? ''));
};

const pyproject: Manifest = async (dir) => {
  const m = await toml(await text(join(dir, 'pyproject.toml')));
  const project = obj(m?.project) ?? obj(obj(m?.tool)?.poetry);
  const name = str(project?.name);
  if (!name) return undefined;
  const version = str(project?.version);
  return make(name, version, pypiPurl(name, version ?? ''));
};

const cargoToml: Manifest = async (dir) => {
  const pkg = obj((await toml(await text(join(dir, 'Cargo.toml'))))?.package);
  const name = str(pkg?.name);
  if (!name) return undefined;
  const version = str(pkg?.version); // `version.workspace = true` is a table: no version
  return make(name, version, formatPurl({ type: 'cargo', name, ...(version ? { version } : {}) }));
};

const goMod: Manifest = async (dir) => {
  const t = await text(join(dir, 'go.mod'));
  const m = t ? /^\s*module\s+"?([^\s"]+)"?/m.exec(t) : null;
  if (!m) return undefined;
  const path = m[1]!;
  const slash = path.lastIndexOf('/');
  const purl = formatPurl({ type: 'golang', ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}), name: path.slice(slash + 1) });
  return make(path, undefined, purl);
};

const composerJson: Manifest = async (dir) => {
  const m = json(await text(join(dir, 'composer.json')), join(dir, 'composer.json'));
  const full = str(m?.name);
  if (!full) return undefined;
  const version = str(m?.version);
  const [vendor, name] = full.includes('/') ? [full.slice(0, full.indexOf('/')), full.slice(full.indexOf('/') + 1)] : [undefined, full];
  return make(
    full,
    version,
    formatPurl({ type: 'composer', ...(vendor ? { namespace: vendor } : {}), name: name!, ...(version ? { version } : {}) }),
  );
};

const MANIFESTS: Manifest[] = [packageJson, pyproject, cargoToml, goMod, composerJson];

/** The project's root component for `dir`; `graphs` give a fallback when no manifest names the project. */
export async function rootComponent(dir: string, graphs: PackageGraph[] = []): Promise<RootComponent> {
  for (const manifest of MANIFESTS) {
    const found = await manifest(dir);
    if (found) return found;
  }
  const fromLock = graphs.find((g) => g.root?.name)?.root;
  if (fromLock) return make(fromLock.name, fromLock.version, fromLock.purl);
  return make(basename(dir) || 'project', undefined, undefined);
}
