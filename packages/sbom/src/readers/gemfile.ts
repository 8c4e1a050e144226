/**
 * Gemfile.lock (Bundler): sections start at column 0. Source sections GEM, GIT, PATH (and PLUGIN SOURCE) carry
 * `remote:` (and for GIT `revision:`, `branch:`, `tag:`, `ref:`) then `specs:`, where a gem is indented 4 spaces
 * as `name (version[-platform])` and its dependencies 6 spaces as `name (constraints)`. PLATFORMS lists the
 * platforms, DEPENDENCIES the gems the Gemfile asks for (direct; `!` marks a gem from a GIT/PATH source), BUNDLED
 * WITH the Bundler version, and CHECKSUMS (Bundler 2.5+) `name (version[-platform]) sha256=HEX` per gem.
 *
 * A platform gem such as `nokogiri (1.15.0-x86_64-linux)` is version 1.15.0 with the purl qualifier
 * `platform=x86_64-linux` (RubyGems versions never contain "-", so the first "-" starts the platform).
 * Gems from PATH sources are local code: the project (remote ".") or part of it; they are not listed and their
 * dependencies count as direct. Gemfile.lock does not record Bundler groups, so scope is left unset.
 */
import type { Component, LockfileReader, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { malformed } from './other-util.js';

const SUPPORTED = 'Supported: Gemfile.lock written by Bundler 1.x to 2.x (GEM, GIT, PATH, PLATFORMS, DEPENDENCIES, CHECKSUMS sections).';
const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

export function gemPurl(name: string, version: string, platform?: string): string {
  return formatPurl({ type: 'gem', name, version, ...(platform && platform !== 'ruby' ? { qualifiers: { platform } } : {}) });
}

interface Spec {
  name: string;
  version: string;
  platform?: string;
  section: string;
  remote?: string;
  revision?: string;
  deps: string[];
  line: number;
  purl?: string;
}

const SPEC_RE = /^([^\s()]+) \(([^()\s]+)\)$/;
const DEP_RE = /^([^\s()!]+)(?: \(([^()]*)\))?(!)?$/;

function splitVersion(v: string): { version: string; platform?: string } {
  const dash = v.indexOf('-');
  return dash > 0 ? { version: v.slice(0, dash), platform: v.slice(dash + 1) } : { version: v };
}

export function readGemfileLock(text: string, source: string): PackageGraph {
  const lines = text.split(/\r?\n/);
  const specs: Spec[] = [];
  const directNames: string[] = [];
  const checksums = new Map<string, string>();
  let bundler: string | undefined;
  let section: string | undefined;
  let remote: string | undefined;
  let revision: string | undefined;
  let inSpecs = false;
  let current: Spec | undefined;
  let sawSource = false;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    if (!raw.startsWith(' ')) {
      section = raw.trim();
      remote = revision = undefined;
      inSpecs = false;
      current = undefined;
      if (SOURCE_SECTIONS.has(section)) sawSource = true;
      return;
    }
    if (section === undefined) throw malformed(source, lineNo, 'indented line before any section header.', SUPPORTED);
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (SOURCE_SECTIONS.has(section)) {
      if (indent === 2) {
        inSpecs = body === 'specs:';
        const kv = /^([a-z_]+): ?(.*)$/.exec(body);
        if (!inSpecs && !kv) throw malformed(source, lineNo, `unexpected line in ${section} section: "${body}".`, SUPPORTED);
        if (kv?.[1] === 'remote') remote = kv[2];
        if (kv?.[1] === 'revision') revision = kv[2];
        current = undefined;
        return;
      }
      if (!inSpecs) throw malformed(source, lineNo, `unexpected indented line in ${section} section: "${body}".`, SUPPORTED);
      if (indent === 4) {
        const m = SPEC_RE.exec(body);
        if (!m) throw malformed(source, lineNo, `"${body}" is not a gem spec "name (version)".`, SUPPORTED);
        const { version, platform } = splitVersion(m[2]!);
        current = { name: m[1]!, version, section, deps: [], line: lineNo, ...(platform ? { platform } : {}) };
        if (remote !== undefined) current.remote = remote;
        if (revision !== undefined) current.revision = revision;
        specs.push(current);
      } else if (indent === 6) {
        const m = DEP_RE.exec(body);
        if (!m || !current) throw malformed(source, lineNo, `"${body}" is not a gem dependency "name (constraints)".`, SUPPORTED);
        current.deps.push(m[1]!);
      } else {
        throw malformed(source, lineNo, `unexpected indentation (${indent} spaces) in ${section} specs.`, SUPPORTED);
      }
      return;
    }
    if (section === 'DEPENDENCIES') {
      const m = DEP_RE.exec(body);
      if (!m || indent !== 2) throw malformed(source, lineNo, `"${body}" is not a dependency "name (constraints)".`, SUPPORTED);
      directNames.push(m[1]!);
    } else if (section === 'CHECKSUMS') {
      const m = /^([^\s()]+) \(([^()\s]+)\)(?: (.*))?$/.exec(body);
      if (!m) throw malformed(source, lineNo, `"${body}" is not a checksum line "name (version) sha256=HEX".`, SUPPORTED);
      for (const part of (m[3] ?? '').split(',')) {
        const h = /^sha256=([0-9a-f]{64})$/i.exec(part.trim());
        if (h) checksums.set(`${m[1]} ${m[2]}`, h[1]!.toLowerCase());
      }
    } else if (section === 'BUNDLED WITH') {
      bundler = body;
    }
    // PLATFORMS, RUBY VERSION and unknown sections carry nothing the SBOM needs.
  });

  if (!sawSource) throw malformed(source, 1, 'no GEM, GIT or PATH section: not a Gemfile.lock.', SUPPORTED);
  const b = new GraphBuilder('gem', source, `Gemfile.lock${bundler ? ` (Bundler ${bundler})` : ''}`);
  const byName = new Map<string, Spec[]>();
  for (const s of specs) {
    const l = byName.get(s.name);
    if (l) l.push(s);
    else byName.set(s.name, [s]);
    if (s.section === 'PATH') {
      if (s.remote === '.' && !b.graph.root) b.graph.root = { name: s.name, version: s.version, purl: gemPurl(s.name, s.version) };
      else b.note(`${s.name} ${s.version} comes from the local path ${s.remote ?? '?'}: part of the project, not listed`);
      continue;
    }
    const c: Component = { purl: gemPurl(s.name, s.version, s.platform), name: s.name, version: s.version, type: 'library' };
    const sum = checksums.get(`${s.name} ${s.version}${s.platform ? `-${s.platform}` : ''}`);
    if (sum) c.hashes = [{ alg: 'SHA-256', content: sum }];
    const props: Record<string, string> = {};
    if (s.platform) props['custody:gem:platform'] = s.platform;
    if (s.section === 'GIT') props['custody:gem:source'] = `git ${s.remote ?? '?'}${s.revision ? ` ${s.revision}` : ''}`;
    else if (s.remote && s.remote !== 'https://rubygems.org/') props['custody:gem:source'] = s.remote;
    if (Object.keys(props).length) c.properties = props;
    s.purl = b.add(c).purl;
  }
  for (const s of specs) {
    for (const d of s.deps) {
      for (const t of byName.get(d) ?? []) {
        if (!t.purl) continue;
        if (s.purl) b.edge(s.purl, t.purl);
        else b.direct(t.purl); // a PATH gem is the project: its dependencies are direct
      }
    }
  }
  for (const name of directNames) for (const t of byName.get(name) ?? []) if (t.purl) b.direct(t.purl);
  if (specs.length === 0) b.note('Gemfile.lock lists no gems');
  return b.finish();
}

export const gemfileReader: LockfileReader = {
  id: 'bundler',
  fileNames: ['Gemfile.lock', 'gems.locked'],
  read: readGemfileLock,
};
