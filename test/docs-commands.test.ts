/**
 * Every `custody …` command shown to users — in README.md, docs/*.md (code blocks and inline code), templates/*
 * and .github/workflows/* — uses only verbs and flags that exist in the command specs (src/cli/commands.ts).
 * This catches docs drifting from the CLI: a renamed flag, a verb that was never added.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../src/cli/commands.js';
import type { CommandSpec } from '../src/cli/spec.js';

const root = join(import.meta.dirname, '..');
const GLOBAL_FLAGS = new Set(['--help', '-h', '--version', '-V']);

/** Shell-ish logical lines: `\` continuations joined, `$ ` prompts dropped. */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\r?\n\s*/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\$\s+/, ''));
}

/** Every string value of a parsed YAML document (run:, script:, command: … whatever holds shell). */
function yamlStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) yamlStrings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yamlStrings(x, out);
  return out;
}

/** The shell snippets of a file, by kind: markdown code blocks and inline code, YAML strings, Jenkinsfile sh steps. */
function snippets(name: string, text: string): string[] {
  if (name.endsWith('.md')) {
    const out: string[] = [];
    const fence = /^([ \t]*)```(\w*)[^\n]*\n([\s\S]*?)^\1```[ \t]*$/gm;
    for (const m of text.matchAll(fence)) {
      const lang = m[2]!.toLowerCase();
      if (lang === 'yaml' || lang === 'yml') {
        try {
          out.push(...yamlStrings(parse(m[3]!)));
        } catch {
          out.push(m[3]!);
        }
      } else out.push(m[3]!);
    }
    const prose = text.replace(fence, '');
    for (const m of prose.matchAll(/`([^`\n]+)`/g)) out.push(m[1]!);
    return out;
  }
  if (/\.ya?ml$/.test(name)) return yamlStrings(parse(text));
  // Jenkinsfile (Groovy): the sh steps' strings (''' blocks first, then '…' and "…"); comments are prose.
  return [...text.matchAll(/\bsh\s+(?:'''([\s\S]*?)'''|'([^']*)'|"((?:[^"\\]|\\.)*)")/g)].map((m) =>
    (m[1] ?? m[2] ?? m[3]!).replace(/\\"/g, '"'),
  );
}

interface CommandUse {
  text: string;
  verb: string;
  flags: string[];
}

/** `custody VERB [VERB2] …` occurrences in a snippet, cut at shell separators; flags found anywhere in the rest. */
function custodyUses(snippet: string): CommandUse[] {
  const uses: CommandUse[] = [];
  // Shell separators end a command; ` | ` only with spaces (usage lines write choices as table|json).
  const segments = logicalLines(snippet).flatMap((l) => l.split(/\s*(?:&&|\|\||;)\s*|\s\|\s|\s(?:2?>{1,2})\s|\s#\s/));
  for (const segment of segments) {
    const m = /(?:^|[\s(`'"])(?:npx\s+)?custody\s+(\S+)(.*)$/.exec(segment);
    if (!m) continue;
    const first = m[1]!;
    const rest = m[2]!;
    const second = /^\s+([a-z][a-z-]*)\b/.exec(rest)?.[1];
    const two = second ? `${first} ${second}` : '';
    const verb = commands.some((c) => c.name === two) ? two : first;
    const body = verb === two ? rest.replace(/^\s+\S+/, '') : rest;
    const dd = body.search(/(?:^|\s)--(?:\s|$)/);
    const own = dd === -1 ? body : body.slice(0, dd);
    const flags = [...own.matchAll(/(?:^|[\s[(|])(--?[A-Za-z][\w-]*)/g)].map((f) => f[1]!);
    if (first.startsWith('-')) flags.unshift(first);
    uses.push({ text: `custody ${first}${rest}`.trim().slice(0, 160), verb: first.startsWith('-') ? '' : verb, flags });
  }
  return uses;
}

/** Problems of one use: an unknown verb, or a flag the verb does not declare. Placeholders (`<command>`, `…`) are skipped. */
function checkUse(use: CommandUse, specs: CommandSpec[]): string[] {
  if (use.verb === '' || use.verb === 'help') return use.flags.filter((f) => !GLOBAL_FLAGS.has(f)).map((f) => `unknown flag ${f}`);
  if (!/^[a-z][a-z-]*( [a-z][a-z-]*)?$/.test(use.verb)) return [];
  const spec = specs.find((c) => c.name === use.verb);
  if (!spec) return [`"custody ${use.verb}" is not a command (commands: ${specs.map((c) => c.name).join(', ')})`];
  const problems: string[] = [];
  for (const flag of use.flags) {
    if (flag === '--help' || flag === '-h') continue;
    const ok = flag.startsWith('--') ? flag.slice(2) in spec.options : Object.values(spec.options).some((o) => o.short === flag.slice(1));
    if (!ok) problems.push(`custody ${spec.name} has no option ${flag}`);
  }
  return problems;
}

function userFacingFiles(): Array<{ name: string; text: string }> {
  const files: string[] = ['README.md'];
  for (const dir of ['docs', 'templates', '.github/workflows']) {
    if (!existsSync(join(root, dir))) continue;
    for (const f of readdirSync(join(root, dir), { recursive: true }) as string[]) {
      const rel = `${dir}/${f}`;
      if (dir === 'docs' && !f.endsWith('.md')) continue;
      if (dir === '.github/workflows' && !/\.ya?ml$/.test(f)) continue;
      if (dir === 'templates' && !existsSync(join(root, rel))) continue;
      files.push(rel);
    }
  }
  return files
    .filter((f) => existsSync(join(root, f)) && !f.endsWith('/'))
    .flatMap((f) => {
      try {
        return [{ name: f, text: readFileSync(join(root, f), 'utf8') }];
      } catch {
        return []; // a directory
      }
    });
}

describe('the command extractor and checker (on samples)', () => {
  const problems = (snippet: string) => custodyUses(snippet).flatMap((u) => checkUse(u, commands));

  it('accepts real commands: two-word verbs, short flags, globals, `npx`, continuations, pass-through after --', () => {
    expect(problems('npx custody verify app.tgz --bundle a.json \\\n  --repo org/app --format json | jq .passed')).toEqual([]);
    expect(problems('custody keys generate --output-key k --output-pub k.pub')).toEqual([]);
    expect(problems('custody sbom . -o sbom.cdx.json && custody --version')).toEqual([]);
    expect(problems('custody run --output "dist/*" -- npm run build --silent --if-present')).toEqual([]);
    expect(problems('custody <command> --help')).toEqual([]);
  });

  it('reports an unknown verb and a flag the verb does not have, naming them', () => {
    expect(problems('custody sign --subject x')).toEqual([expect.stringContaining('"custody sign" is not a command')]);
    expect(problems('npx custody verify app.tgz --bundel a.json')).toEqual(['custody verify has no option --bundel']);
    expect(problems('custody keys generate -x')).toEqual(['custody keys generate has no option -x']);
    expect(problems('custody attest --subject a --bundle b && custody push --bundle b --tag latest')).toEqual([
      'custody push has no option --tag',
    ]);
  });

  it('finds commands in markdown fences, inline code, YAML run strings and Jenkinsfile sh steps', () => {
    const md =
      'Run `custody verify x --nope`.\n\n```sh\ncustody sbom --bad\n```\n\n```yaml\nsteps:\n  - run: npx custody attest --worse\n```\n';
    expect(
      snippets('x.md', md)
        .flatMap((s) => custodyUses(s))
        .map((u) => u.flags[0]),
    ).toEqual(['--bad', '--worse', '--nope']);
    expect(
      snippets('x.yml', 'script:\n  - >\n    npx custody verify a\n    --repo o/r\n').flatMap((s) => custodyUses(s))[0]!.flags,
    ).toEqual(['--repo']);
    expect(
      snippets('Jenkinsfile', `sh 'npx custody sbom . --output s.json'\n// custody nothing here`)
        .flatMap((s) => custodyUses(s))
        .map((u) => u.verb),
    ).toEqual(['sbom']);
    expect(
      snippets('Jenkinsfile', "sh '''\n  custody verify a --nope\n'''\nsh '''custody run --output 'dist/*' -- make'''")
        .flatMap((s) => custodyUses(s))
        .map((u) => `${u.verb} ${u.flags.join(' ')}`),
    ).toEqual(['verify --nope', 'run --output']);
  });
});

/** Steps in the docs' YAML examples that use a Custody action: `with:` keys must be inputs of its action.yml. */
function actionInputProblems(name: string, text: string): string[] {
  const problems: string[] = [];
  const fence = /^([ \t]*)```ya?ml[^\n]*\n([\s\S]*?)^\1```[ \t]*$/gm;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.uses === 'string') {
      const m = /(?:^\.\/|\/custody\/)(?:actions\/([\w-]+))?(?:@|$)|^\.\/actions\/([\w-]+)$|^\.\/?$/.exec(o.uses);
      if (m) {
        const action = m[1] ?? m[2];
        const file = action ? join(root, 'actions', action, 'action.yml') : join(root, 'action.yml');
        if (!existsSync(file)) problems.push(`${name}: ${o.uses} has no ${file.slice(root.length + 1)}`);
        else {
          const inputs = Object.keys((parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, unknown> }).inputs ?? {});
          for (const k of Object.keys((o.with as Record<string, unknown>) ?? {}))
            if (!inputs.includes(k)) problems.push(`${name}: ${o.uses} has no input "${k}"`);
        }
      }
    }
    Object.values(o).forEach(visit);
  };
  for (const m of text.matchAll(fence)) {
    try {
      visit(parse(m[2]!));
    } catch {
      // a fragment that is not YAML on its own (e.g. one job) still parses; anything else is prose
    }
  }
  return problems;
}

describe('custody commands in README.md, docs/, templates/ and workflows', () => {
  const files = userFacingFiles();

  it('covers the docs a newcomer reads and every template', () => {
    const names = files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/quickstart.md', 'docs/recipes.md', 'docs/troubleshooting.md']));
    expect(names.filter((n) => n.startsWith('templates/')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s uses only verbs and flags the CLI has', (_name, f) => {
    const uses = snippets(f.name, f.text).flatMap((s) => custodyUses(s));
    const problems = uses.flatMap((u) => checkUse(u, commands).map((p) => `${p}\n    in: ${u.text}`));
    expect(problems).toEqual([]);
  });

  it("Custody actions used in the docs' YAML examples get only inputs their action.yml declares", () => {
    expect(
      actionInputProblems('sample.md', '```yaml\n- uses: OWNER/custody/actions/sbom@abc # v1\n  with: { lockfile: x }\n```\n'),
    ).toEqual(['sample.md: OWNER/custody/actions/sbom@abc # v1 has no input "lockfile"'.replace(' # v1', '')]);
    const problems = files.filter((f) => f.name.endsWith('.md')).flatMap((f) => actionInputProblems(f.name, f.text));
    expect(problems).toEqual([]);
  });

  it('the quickstart and recipes show real commands (at least a few each)', () => {
    for (const name of ['docs/quickstart.md', 'docs/recipes.md']) {
      const f = files.find((x) => x.name === name)!;
      const uses = snippets(f.name, f.text)
        .flatMap((s) => custodyUses(s))
        .filter((u) => u.verb);
      expect(uses.length, name).toBeGreaterThanOrEqual(4);
    }
  });
});
