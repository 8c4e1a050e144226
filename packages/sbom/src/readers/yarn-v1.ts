/**
 * yarn.lock v1 (Yarn classic). Its own format, not YAML:
 *
 *     "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.8.3":
 *       version "7.8.3"
 *       resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.8.3.tgz#33e2…"
 *       integrity sha512-…
 *       dependencies:
 *         "@babel/highlight" "^7.8.3"
 *
 * Each entry is keyed by the specifiers (`name@range`) it satisfies. The lockfile does not say which packages are
 * direct or dev dependencies (that is in package.json), so `direct` stays empty and nothing is marked `excluded`;
 * what is reached only through `optionalDependencies` is marked `optional`.
 */
import type { Component, ComponentHash, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { isGitUrl, malformed, npmComponent, scopesByReachability, sourceQualifiers, splitNameAt, unsupportedVersion } from './js-util.js';

const SUPPORTED = 'Supported: yarn.lock v1 (Yarn classic) and Yarn berry lockfiles (__metadata version 3-8).';

/** One parsed entry with the line of its header. */
export interface YarnV1Entry {
  line: number;
  specifiers: string[];
  fields: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

type Obj = { [key: string]: string | Obj };

/** Reads a quoted string starting at `s[i] === '"'`; returns the value and the index after the closing quote. */
function readQuoted(s: string, i: number, source: string, line: number): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === '\\' && j + 1 < s.length) {
      out += s[j + 1];
      j += 2;
      continue;
    }
    if (ch === '"') return [out, j + 1];
    out += ch;
    j++;
  }
  throw malformed(
    source,
    line,
    'unterminated quoted string in yarn.lock',
    'The file looks truncated or hand-edited: regenerate it with `yarn install`.',
  );
}

/** Splits a line's content into tokens: quoted strings, bare words; commas and a trailing colon are separators. */
function tokenize(s: string, source: string, line: number): { tokens: string[]; colon: boolean } {
  const tokens: string[] = [];
  let colon = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === ' ' || ch === '\t' || ch === ',') {
      i++;
    } else if (ch === '"') {
      const [v, next] = readQuoted(s, i, source, line);
      tokens.push(v);
      i = next;
    } else if (ch === ':' && i === s.length - 1) {
      colon = true;
      i++;
    } else {
      let j = i;
      while (j < s.length && s[j] !== ' ' && s[j] !== '\t' && s[j] !== ',' && !(s[j] === ':' && j === s.length - 1)) j++;
      tokens.push(s.slice(i, j));
      i = j;
    }
  }
  return { tokens, colon };
}

/** Parses the whole file into entries (pure syntax; no package semantics). */
export function parseYarnV1(text: string, source: string): YarnV1Entry[] {
  const lines = text.split('\n');
  const entries: YarnV1Entry[] = [];
  // Stack of open objects by indentation level (0 = top, 1 = entry, 2 = field of entry).
  let entry: { line: number; specifiers: string[]; obj: Obj } | undefined;
  let nested: Obj | undefined;
  const flush = (): void => {
    if (!entry) return;
    const fields: Record<string, string> = {};
    const deps: Record<string, string> = {};
    const opt: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry.obj)) {
      if (typeof v === 'string') fields[k] = v;
      else if (k === 'dependencies') Object.assign(deps, v);
      else if (k === 'optionalDependencies') Object.assign(opt, v);
    }
    entries.push({ line: entry.line, specifiers: entry.specifiers, fields, dependencies: deps, optionalDependencies: opt });
    entry = undefined;
  };
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.replace(/\r$/, '');
    const lineNo = n + 1;
    const content = raw.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = raw.length - content.length;
    if (indent % 2 !== 0 || indent > 4) {
      throw malformed(
        source,
        lineNo,
        `unexpected indentation (${indent} spaces) in yarn.lock`,
        'Entries use 0, 2 or 4 spaces: regenerate the file with `yarn install`.',
      );
    }
    const { tokens, colon } = tokenize(content.trimEnd(), source, lineNo);
    if (indent === 0) {
      if (!colon || tokens.length === 0) {
        throw malformed(
          source,
          lineNo,
          'expected an entry header (`name@range:`) at the start of a line',
          'The file looks truncated or hand-edited: regenerate it with `yarn install`.',
        );
      }
      flush();
      entry = { line: lineNo, specifiers: tokens, obj: {} };
      nested = undefined;
      continue;
    }
    if (!entry) throw malformed(source, lineNo, 'indented line outside of an entry', 'Regenerate the file with `yarn install`.');
    if (indent === 2) {
      if (colon && tokens.length === 1) {
        nested = {};
        entry.obj[tokens[0]!] = nested;
      } else if (!colon && tokens.length >= 1) {
        entry.obj[tokens[0]!] = tokens.slice(1).join(' ');
        nested = undefined;
      } else {
        throw malformed(source, lineNo, `cannot read the field line \`${content.trim()}\``, 'Regenerate the file with `yarn install`.');
      }
      continue;
    }
    // indent === 4
    if (!nested || colon || tokens.length !== 2) {
      throw malformed(
        source,
        lineNo,
        `unexpected nested line \`${content.trim()}\``,
        'Only `name "range"` lines belong under dependencies; regenerate the file with `yarn install`.',
      );
    }
    nested[tokens[0]!] = tokens[1]!;
  }
  flush();
  return entries;
}

/** The package name an entry describes, from its first specifier (`name@range`, `alias@npm:real@range`). */
function entryName(spec: string): { name: string; range: string } | undefined {
  const s = splitNameAt(spec);
  if (!s) return undefined;
  return { name: s.name, range: s.rest };
}

export function readYarnV1(text: string, source: string): PackageGraph {
  const head = text.slice(0, 500);
  const declared = /^# yarn lockfile v(\d+)/m.exec(head);
  if (declared && declared[1] !== '1') {
    throw unsupportedVersion(source, 2, `yarn lockfile v${declared[1]} is not supported`, SUPPORTED);
  }
  const entries = parseYarnV1(text, source);
  const b = new GraphBuilder('npm', source, 'yarn.lock v1');
  const _graph = b.graph;
  const bySpec = new Map<string, string>(); // specifier -> purl
  const resolvedEntries: { purl: string; entry: YarnV1Entry }[] = [];

  for (const e of entries) {
    const first = entryName(e.specifiers[0]!);
    if (!first)
      throw malformed(source, e.line, `cannot read the package name in \`${e.specifiers[0]}\``, 'Entry headers are `name@range`.');
    const version = e.fields.version;
    if (!version) {
      throw malformed(
        source,
        e.line,
        `entry \`${e.specifiers.join(', ')}\` has no version`,
        'The file looks truncated or hand-edited: regenerate it with `yarn install`.',
      );
    }
    let name = first.name;
    // `alias@npm:real-name@range`: the component is the real package.
    const alias = /^npm:(.+)$/.exec(first.range);
    if (alias) {
      const real = splitNameAt(alias[1]!);
      name = real ? real.name : alias[1]!;
    }
    if (/^(file|link|portal):/.test(first.range)) {
      b.note(`${source}: skipped local package ${e.specifiers[0]} (${first.range.split(':')[0]}: dependency, part of the project)`);
      continue;
    }
    const resolved = e.fields.resolved;
    const hashes: ComponentHash[] = [];
    // Old lockfiles carry only the SHA-1 of the tarball, as the URL fragment (not for git URLs: that is a commit).
    const frag = resolved && !isGitUrl(resolved) ? /#([0-9a-f]{40})$/.exec(resolved) : null;
    if (frag) hashes.push({ alg: 'SHA-1', content: frag[1]! });
    const c: Component = npmComponent(name, version, {
      integrity: e.fields.integrity,
      hashes,
      downloadUrl: resolved ? resolved.replace(/#.*$/, '') : undefined,
      qualifiers: sourceQualifiers(resolved),
      ...(alias ? { properties: { 'custody:npm:alias': first.name } } : {}),
    });
    const purl = b.add(c).purl;
    for (const spec of e.specifiers) bySpec.set(spec, purl);
    resolvedEntries.push({ purl, entry: e });
  }

  const required = new Map<string, string[]>();
  const optional = new Map<string, string[]>();
  const incoming = new Set<string>();
  const link = (from: string, deps: Record<string, string>, into: Map<string, string[]>): void => {
    for (const [dep, range] of Object.entries(deps)) {
      const to = bySpec.get(`${dep}@${range}`);
      if (!to) continue; // a local (file:/link:) package noted above, or an entry the lockfile lacks
      b.edge(from, to);
      incoming.add(to);
      let list = into.get(from);
      if (!list) into.set(from, (list = []));
      list.push(to);
    }
  };
  for (const { purl, entry } of resolvedEntries) {
    link(purl, entry.dependencies, required);
    link(purl, entry.optionalDependencies, optional);
  }
  // Without package.json the roots are the packages nothing else depends on; they are assumed required.
  const roots = resolvedEntries.map((r) => r.purl).filter((p) => !incoming.has(p));
  const scopes = scopesByReachability({ required: roots, optional: [], dev: [] }, { required, optional });
  for (const [purl, scope] of scopes) if (scope === 'optional') b.get(purl)!.scope = 'optional';
  return b.finish();
}
