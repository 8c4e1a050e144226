/**
 * Pinned pip requirements files: requirements.txt, requirements-*.txt, *.freeze.txt (pip freeze, pip-compile).
 *
 * Each line is `name[extras]==version ; markers --hash=sha256:...` (or `===`); `\` continues a line; `#` starts a
 * comment at line start or after whitespace. Only pinned lines become components: a range, a URL or path, or an
 * editable line says nothing about what gets installed, so it goes in notes. `-r`/`-c` includes are noted, not
 * followed (a reader gets one file's text). pip-compile's `# via` comments are read: `# via -r requirements.in`
 * marks a direct dependency and `# via parent` an edge parent -> package.
 *
 * A file with no pinned line that is not a requirements file at all (lines outside the requirements syntax, e.g.
 * prose that happens to be called requirements-*.txt, or an empty file) is an error, LOCKFILE_NO_PACKAGES, rather
 * than an empty SBOM that looks like success. A well-formed file whose requirements are all unpinned (a
 * requirements-dev.txt of ranges) gives an empty graph with a note, so that it does not fail a directory scan.
 */
import type { LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { noPackages } from './other-util.js';
import { NameIndex, isVersionSpec, parsePep508, pinnedVersion, pyComponent } from './python-util.js';

const NAME_RE = /^(requirements.*\.txt|.*\.freeze\.txt|requirements\.(in\.)?lock)$/i;

/** Options that stand on their own line and do not name a package. */
const GLOBAL_OPTIONS =
  /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host|--no-binary|--only-binary|--prefer-binary|--require-hashes|--pre|--use-feature|--config-settings)\b/;

interface Logical {
  line: number;
  text: string;
}

/** Joins `\` continuations; keeps the first physical line number of each logical line. */
function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  const physical = text.split(/\r?\n/);
  let cur: Logical | undefined;
  physical.forEach((raw, i) => {
    const continued = /\\\s*$/.test(raw) && !/(^|\s)#/.test(raw);
    const part = continued ? raw.replace(/\\\s*$/, '') : raw;
    if (cur) cur.text += ` ${part}`;
    else cur = { line: i + 1, text: part };
    if (!continued) {
      out.push(cur);
      cur = undefined;
    }
  });
  if (cur) out.push(cur);
  return out;
}

export function readRequirements(text: string, source: string): PackageGraph {
  const b = new GraphBuilder('pypi', source, 'requirements.txt (pinned)');
  const index = new NameIndex<string>();
  const via: { child: string; parents: string[]; line: number }[] = [];
  let pinned = 0;
  let unpinned = 0;
  let notRequirement = 0;
  let last: { purl: string; parents: string[] } | undefined;
  let inVia = false;

  for (const { line, text: raw } of logicalLines(text)) {
    const trimmed = raw.trim();
    // pip-compile annotations: "    # via x" or "    # via" followed by "    #   x" lines.
    const viaHead = /^#\s*via\b\s*(.*)$/.exec(trimmed);
    if (viaHead && last) {
      inVia = viaHead[1] === '';
      if (!inVia) last.parents.push(viaHead[1]!);
      continue;
    }
    if (inVia && last && /^#\s{2,}\S/.test(trimmed)) {
      last.parents.push(trimmed.replace(/^#\s+/, ''));
      continue;
    }
    inVia = false;
    const body = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!body) continue;
    last = undefined;

    if (body.startsWith('-')) {
      const inc = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(body);
      const edit = /^(-e|--editable)(?:\s+|=)(\S+)/.exec(body);
      if (inc)
        b.note(
          `line ${line}: ${inc[1]!.includes('c') ? 'constraints' : 'requirements'} file ${inc[2]} is not followed (scan it on its own)`,
        );
      else if (edit) {
        unpinned++;
        b.note(`line ${line}: editable requirement ${edit[2]} has no pinned version; skipped`);
      } else if (!GLOBAL_OPTIONS.test(body)) b.note(`line ${line}: option ${body.split(/\s/)[0]} ignored`);
      continue;
    }

    // Per-requirement options (--hash, --config-settings, ...) come after the requirement itself.
    const hashes = [...body.matchAll(/--hash[=\s]\s*(\S+)/g)].map((m) => m[1]!);
    const req = body.replace(/\s--[a-z][\w-]*(?:[=\s]\s*\S+)?/g, '').trim();
    const isUrl = /^[a-z][\w+.-]*:\/\/|^\.{0,2}\//i.test(req);
    const candidate = isUrl ? undefined : parsePep508(req);
    const parsed = candidate && isVersionSpec(candidate.spec) ? candidate : undefined;
    if (!parsed) {
      if (isUrl) {
        unpinned++;
        b.note(`line ${line}: URL or path requirement ${req} has no pinned version; skipped`);
      } else if (++notRequirement <= 5) b.note(`line ${line}: not a requirement: ${req.slice(0, 60)}`);
      continue;
    }
    const version = pinnedVersion(parsed.spec);
    if (!version) {
      unpinned++;
      b.note(`line ${line}: ${parsed.name}${parsed.spec ? ` ${parsed.spec}` : ''} is not pinned to one version; skipped`);
      continue;
    }
    pinned++;
    const properties: Record<string, string> = {};
    if (parsed.extras.length) properties['custody:pypi:extras'] = [...parsed.extras].sort().join(',');
    if (parsed.marker) properties['custody:pypi:markers'] = parsed.marker;
    const c = b.add(pyComponent(parsed.name, version, { files: hashes.map((hash) => ({ hash })), properties }));
    index.add(parsed.name, c.purl);
    last = { purl: c.purl, parents: [] };
    via.push({ child: c.purl, parents: last.parents, line });
  }

  if (pinned === 0 && unpinned > 0 && notRequirement === 0) {
    // A real requirements file whose lines are all ranges (e.g. requirements-dev.txt: "-r requirements.txt",
    // "pytest"): nothing to list, but not an error that should fail a whole directory scan.
    b.note(`no pinned requirements found in ${source}: ${unpinned} requirements are not pinned to one version`);
    return b.finish();
  }
  if (pinned === 0) {
    const parts = [`${unpinned} unpinned`, `${notRequirement} not in requirements syntax`];
    throw noPackages(
      source,
      `no pinned requirements found in ${source} (${parts.join(', ')}).`,
      'Custody reads pinned requirements (`name==version`, as written by `pip freeze` or `pip-compile`); pin the file, or scan a lockfile (poetry.lock, uv.lock, pdm.lock, Pipfile.lock) instead.',
    );
  }
  if (notRequirement > 5) b.note(`${notRequirement - 5} more lines are not requirements`);

  for (const { child, parents } of via) {
    for (const p of parents) {
      if (/^-r\s/.test(p) || /^-r$/.test(p)) b.direct(child);
      else if (/^-c\s/.test(p)) continue;
      else {
        const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(p)?.[0];
        if (!name) continue;
        if (/^\(.*\)$/.test(p.slice(name.length).trim()) || p.slice(name.length).trim() === '') {
          const parentPurls = index.get(name);
          if (parentPurls.length) for (const pp of parentPurls) b.edge(pp, child);
          else if (/\((pyproject\.toml|setup\.(py|cfg))\)$/.test(p)) b.direct(child);
        }
      }
    }
  }
  return b.finish();
}

export const requirementsReader: LockfileReader = {
  id: 'requirements',
  fileNames: ['requirements.txt'],
  sniff: (fileName) => NAME_RE.test(fileName),
  read: readRequirements,
};
