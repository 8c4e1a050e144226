import { optionLabel } from './help.js';
import type { CommandSpec } from './spec.js';

/**
 * The CLI reference (docs/cli.md), rendered from the same command definitions that parse the flags and print
 * --help, so the docs cannot drift from the code. `npm run docs` rewrites it; a test fails when it is stale.
 */
export function renderCliReference(commands: CommandSpec[]): string {
  const out: string[] = [
    '# CLI reference',
    '',
    '<!-- Generated from src/cli/*.ts by `npm run docs`. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    'Exit codes: `0` success or policy passed; `1` verification or policy failed; `2` usage, input or infrastructure error.',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...commands.map((c) => `| [\`custody ${c.name}\`](#custody-${c.name.replace(/ /g, '-')}) | ${c.summary} |`),
    '',
  ];
  for (const c of commands) {
    out.push(`## custody ${c.name}`, '', c.summary, '', '```', ...c.usage, '```', '');
    if (c.description) out.push(c.description, '');
    const opts = Object.entries(c.options);
    if (opts.length) {
      out.push('| option | description |', '| --- | --- |');
      for (const [name, o] of opts) {
        const extra = [
          o.multiple ? 'repeatable' : '',
          o.default !== undefined && o.default !== false ? `default \`${String(o.default)}\`` : '',
        ]
          .filter(Boolean)
          .join('; ');
        out.push(`| \`${optionLabel(name, o).trim()}\` | ${o.description.replace(/\|/g, '\\|')}${extra ? ` (${extra})` : ''} |`);
      }
      out.push('');
    }
    if (c.examples.length) {
      out.push('Examples:', '', '```sh');
      for (const [cmd, says] of c.examples) out.push(`# ${says}`, cmd);
      out.push('```', '');
    }
  }
  return out.join('\n');
}
