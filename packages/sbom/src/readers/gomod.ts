/**
 * Go modules: go.mod, with go.sum read beside it.
 *
 * How the reader gets both files: it is registered for `go.mod` only and declares `siblings: ['go.sum']`; the
 * scanner passes go.sum's text to `readWithSiblings` when the file exists (see LockfileReader in model.ts). go.sum
 * on its own is not a project and is never read alone. `read` (go.mod only) still works, without hashes.
 *
 * Which modules are components. go.sum is not a build list: it keeps checksums for every module version the go
 * command had to look at, and `<module> <version>/go.mod` lines mean only that version's go.mod file was read
 * during minimal version selection; the module's code is not in the build. A `<module> <version> h1:` line (the
 * zip) is kept too for modules needed only by tests of dependencies and for versions MVS passed over. The list
 * of modules that provide code comes from go.mod: since Go 1.17 (module graph pruning) go.mod has a `require`
 * for every module that provides a package imported, directly or indirectly, by the main module's packages or
 * tests (`// indirect` marks those the main module does not import itself). That is what syft and cdxgen read,
 * and what cyclonedx-gomod's build list (`go list -m` on the pruned graph, then trimmed to modules that provide
 * packages) reduces to. So: components = go.mod requires, after `replace` directives; go.sum supplies their h1
 * checksums. For an unpruned go.mod (`go` directive below 1.17, or none), go.mod is incomplete, so the modules
 * with a zip checksum in go.sum are added as well (the highest version of each, as MVS would select), marked with
 * the property `custody:go:listed-in=go.sum`.
 *
 * Hashes. The h1: checksum is SHA-256 over a "dirhash" manifest (the sorted `sha256  path` lines of the module's
 * files), not over any downloadable artifact: a consumer comparing it with the SHA-256 of the module zip would
 * see a mismatch. It is therefore kept as the property `custody:go:h1` (verifiable with `go mod verify` or the
 * checksum database), not in `hashes`.
 *
 * purl: pkg:golang/<module path>@<version>; the path's segments before the last are the namespace (each segment
 * percent-encoded). The component name is the full module path (as Go tools and cyclonedx-gomod name modules).
 */
import type { Component, LockfileReader, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { cmp, malformed } from './other-util.js';

const SUPPORTED_MOD =
  'Supported: go.mod files as written by the go command (module, go, require, replace, exclude, retract, toolchain, godebug, tool, ignore).';
const SUPPORTED_SUM = 'Supported: go.sum lines "<module> <version>[/go.mod] h1:<base64>".';

export function golangPurl(path: string, version: string): string {
  const slash = path.lastIndexOf('/');
  return formatPurl({
    type: 'golang',
    ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
    name: slash > 0 ? path.slice(slash + 1) : path,
    version,
  });
}

interface Require {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

interface Replace {
  path: string;
  version?: string;
  newPath: string;
  newVersion?: string;
}

interface GoMod {
  module?: string;
  go?: string;
  requires: Require[];
  replaces: Replace[];
  unknown: string[];
}

/** Splits a go.mod line into tokens (quoted strings allowed) and its comment. */
function tokenize(line: string, source: string, lineNo: number): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (line.startsWith('//', i)) {
      return { tokens, comment: line.slice(i + 2).trim() };
    } else if (ch === '"' || ch === '`') {
      let j = i + 1;
      let out = '';
      while (j < line.length && line[j] !== ch) {
        if (ch === '"' && line[j] === '\\' && j + 1 < line.length) j++;
        out += line[j];
        j++;
      }
      if (j >= line.length) throw malformed(source, lineNo, 'unterminated quoted string.', SUPPORTED_MOD);
      tokens.push(out);
      i = j + 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push(ch);
      i++;
    } else {
      let j = i;
      while (j < line.length && !/[\s()]/.test(line[j]!) && !line.startsWith('//', j)) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: '' };
}

const VERSION_RE = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const KNOWN = new Set(['module', 'go', 'toolchain', 'require', 'replace', 'exclude', 'retract', 'godebug', 'tool', 'ignore']);

export function parseGoMod(text: string, source: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [], unknown: [] };
  const lines = text.split('\n');
  let block: { verb: string; line: number } | undefined;
  const entry = (verb: string, args: string[], comment: string, lineNo: number) => {
    if (verb === 'module') mod.module = args[0];
    else if (verb === 'go') mod.go = args[0];
    else if (verb === 'require') {
      if (args.length !== 2)
        throw malformed(source, lineNo, `require needs a module path and a version, got "${args.join(' ')}".`, SUPPORTED_MOD);
      const [path, version] = args as [string, string];
      if (!VERSION_RE.test(version))
        throw malformed(source, lineNo, `"${version}" is not a module version (vMAJOR.MINOR.PATCH).`, SUPPORTED_MOD);
      mod.requires.push({ path, version, indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment), line: lineNo });
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) {
        throw malformed(source, lineNo, `replace must be "old [version] => new [version]", got "${args.join(' ')}".`, SUPPORTED_MOD);
      }
      const r: Replace = { path: args[0]!, newPath: args[arrow + 1]! };
      if (arrow === 2) r.version = args[1]!;
      if (args.length - arrow - 1 === 2) r.newVersion = args[arrow + 2]!;
      mod.replaces.push(r);
    } else if (!KNOWN.has(verb)) mod.unknown.push(`${source}:${lineNo}: ${verb}`);
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const { tokens, comment } = tokenize(raw, source, lineNo);
    if (tokens.length === 0) return;
    if (block) {
      if (tokens.length === 1 && tokens[0] === ')') {
        block = undefined;
        return;
      }
      entry(block.verb, tokens, comment, lineNo);
      return;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (args.length === 1 && args[0] === '(') {
      block = { verb, line: lineNo };
      return;
    }
    if (args.includes('(') || args.includes(')'))
      throw malformed(source, lineNo, `unexpected parenthesis in "${raw.trim()}".`, SUPPORTED_MOD);
    entry(verb, args, comment, lineNo);
  });
  if (block) throw malformed(source, block.line, `the "${block.verb} (" block is never closed (file cut short?).`, SUPPORTED_MOD);
  if (!mod.module) throw malformed(source, 1, 'no module directive: not a go.mod file.', SUPPORTED_MOD);
  return mod;
}

interface SumEntry {
  zip?: string;
  mod?: string;
}

export function parseGoSum(text: string, source: string): Map<string, SumEntry> {
  const out = new Map<string, SumEntry>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parts = line.split(/\s+/);
    const [path, ver, hash] = parts;
    if (parts.length !== 3 || !path || !ver || !hash || !/^h\d+:[A-Za-z0-9+/=]+$/.test(hash)) {
      throw malformed(source, i + 1, `not a go.sum line: "${line.slice(0, 80)}".`, SUPPORTED_SUM);
    }
    const isMod = ver.endsWith('/go.mod');
    const version = isMod ? ver.slice(0, -'/go.mod'.length) : ver;
    if (!VERSION_RE.test(version)) throw malformed(source, i + 1, `"${ver}" is not a module version.`, SUPPORTED_SUM);
    const key = `${path} ${version}`;
    const e = out.get(key) ?? {};
    if (isMod) e.mod = hash;
    else e.zip = hash;
    out.set(key, e);
  });
  return out;
}

/** Go semantic version order (prerelease before release; build metadata such as +incompatible ignored). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : { nums: [0, 0, 0], pre: v };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  const xs = x.pre.split('.');
  const ys = y.pre.split('.');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return cmp(p, q);
  }
  return 0;
}

function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p === '.' || p === '..';
}

/** go.mod with Go >= 1.17 lists every module that provides packages to the build (module graph pruning). */
function isPruned(go: string | undefined): boolean {
  const m = go ? /^(\d+)\.(\d+)/.exec(go) : null;
  return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= 17);
}

export function readGoModules(modText: string, source: string, sumText: string | undefined): PackageGraph {
  const mod = parseGoMod(modText, source);
  const sumSource = source.replace(/go\.mod$/, 'go.sum');
  const sums = sumText === undefined ? new Map<string, SumEntry>() : parseGoSum(sumText, sumSource);
  const b = new GraphBuilder('golang', source, `go.mod${sumText === undefined ? '' : ' + go.sum'}${mod.go ? ` (go ${mod.go})` : ''}`);
  b.graph.root = { name: mod.module!, purl: golangPurl(mod.module!, '') };
  if (sumText === undefined) b.note('go.sum not found beside go.mod: modules are listed without checksums');
  for (const u of mod.unknown) b.note(`unknown go.mod directive ignored at ${u}`);

  const replaceFor = (path: string, version: string): Replace | undefined =>
    mod.replaces.find((r) => r.path === path && r.version === version) ??
    mod.replaces.find((r) => r.path === path && r.version === undefined);

  const listed = new Set<string>();
  const add = (path: string, version: string, extra: { direct?: boolean; fromSum?: boolean }) => {
    const r = replaceFor(path, version);
    let realPath = path;
    let realVersion = version;
    const properties: Record<string, string> = {};
    if (r) {
      if (isLocalPath(r.newPath) || !r.newVersion) {
        b.note(`${path} ${version} is replaced by the local directory ${r.newPath}: part of the project, not listed`);
        return;
      }
      realPath = r.newPath;
      realVersion = r.newVersion;
      properties['custody:go:replaces'] = `${path}@${version}`;
    }
    const sum = sums.get(`${realPath} ${realVersion}`);
    if (sum?.zip) properties['custody:go:h1'] = sum.zip;
    else if (sumText !== undefined) b.note(`${realPath} ${realVersion} has no module checksum in go.sum`);
    if (extra.fromSum) properties['custody:go:listed-in'] = 'go.sum';
    const c: Component = { purl: golangPurl(realPath, realVersion), name: realPath, version: realVersion, type: 'library' };
    if (Object.keys(properties).length) c.properties = properties;
    b.add(c);
    listed.add(path);
    if (extra.direct) b.direct(c.purl);
  };
  for (const r of mod.requires) add(r.path, r.version, { direct: !r.indirect });

  // go.sum modules with a zip checksum that go.mod does not require.
  const extraZip = new Map<string, string>();
  for (const [key, e] of sums) {
    if (!e.zip) continue;
    const [path, version] = key.split(' ') as [string, string];
    if (listed.has(path) || path === mod.module) continue;
    const prev = extraZip.get(path);
    if (!prev || compareGoVersions(version, prev) > 0) extraZip.set(path, version);
  }
  if (isPruned(mod.go)) {
    if (extraZip.size) {
      b.note(
        `${extraZip.size} modules have a module checksum in go.sum but no require in go.mod; with go ${mod.go} (pruned module graph) go.mod requires every module that provides packages to this module's build, so these are not listed`,
      );
    }
  } else {
    for (const path of [...extraZip.keys()].sort(cmp)) add(path, extraZip.get(path)!, { fromSum: true });
    if (extraZip.size)
      b.note(`go.mod predates module graph pruning (go ${mod.go ?? 'directive missing'}): ${extraZip.size} modules added from go.sum`);
  }
  return b.finish();
}

export const goModReader: LockfileReader = {
  id: 'gomod',
  fileNames: ['go.mod'],
  siblings: ['go.sum'],
  read: (text, source) => readGoModules(text, source, undefined),
  readWithSiblings: (text, source, siblings) => readGoModules(text, source, siblings['go.sum']),
};
