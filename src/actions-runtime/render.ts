/**
 * action.yml's `inputs:` and `outputs:` blocks, generated from an action's definition (its verb specs' options and
 * its own inputs), so that every input is declared once. The rest of action.yml (name, description, branding,
 * runs) stays hand-written. scripts/gen-action-yml.js writes the files; test/action-specs.test.ts checks them.
 */
import type { ActionDefinition } from './index.js';

const WIDTH = 116;

/** A YAML scalar for a description: plain when that is safe, else a folded block (`>-`) wrapped at WIDTH. */
function description(text: string, indent: string): string {
  const plain = /^[A-Za-z0-9(]/.test(text) && !/: | #|[\n\t]/.test(text) && !text.endsWith(':');
  const line = `${indent}description: ${text}`;
  if (plain && line.length <= WIDTH) return line;
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    if (current && indent.length + 2 + current.length + 1 + w.length > WIDTH) {
      lines.push(current);
      current = w;
    } else current = current ? `${current} ${w}` : w;
  }
  if (current) lines.push(current);
  return [`${indent}description: >-`, ...lines.map((l) => `${indent}  ${l}`)].join('\n');
}

/** A YAML scalar for a default: always quoted, so that 'true', '.', '' and `${{ … }}` stay strings. */
function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function renderInputsAndOutputs(def: ActionDefinition): string {
  const lines = ['inputs:'];
  for (const input of def.inputs) {
    lines.push(
      `  ${input.name}:`,
      description(input.description, '    '),
      `    required: ${input.required}`,
      `    default: ${quoted(input.default)}`,
    );
  }
  lines.push('outputs:');
  for (const [name, text] of Object.entries(def.outputs)) lines.push(`  ${name}:`, description(text, '    '));
  return `${lines.join('\n')}\n`;
}

/** `yml` with its inputs and outputs blocks (from `inputs:` up to `runs:`) replaced by the generated ones. */
export function renderActionYml(yml: string, def: ActionDefinition): string {
  const start = yml.search(/^inputs:/m);
  const end = yml.search(/^runs:/m);
  if (start === -1 || end === -1 || end < start) throw new Error('action.yml needs an inputs: block followed by outputs: and runs:');
  return `${yml.slice(0, start)}${renderInputsAndOutputs(def)}${yml.slice(end)}`;
}

/** The Input and Output tables of docs/actions.md for an action (between `<!-- inputs:NAME -->` markers). */
export function renderDocTables(def: ActionDefinition): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const lines = ['| Input | Default | Description |', '| --- | --- | --- |'];
  for (const i of def.inputs) lines.push(`| \`${i.name}\` | ${i.default ? `\`${cell(i.default)}\`` : ''} | ${cell(i.description)} |`);
  lines.push('', '| Output | Description |', '| --- | --- |');
  for (const [name, text] of Object.entries(def.outputs)) lines.push(`| \`${name}\` | ${cell(text)} |`);
  return `${lines.join('\n')}\n`;
}

/** docs/actions.md with the tables between `<!-- inputs:NAME -->` and `<!-- /inputs:NAME -->` regenerated. */
export function renderActionsDoc(doc: string, name: string, def: ActionDefinition): string {
  const open = `<!-- inputs:${name} -->\n`;
  const close = `<!-- /inputs:${name} -->`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start === -1 || end < start) throw new Error(`docs/actions.md needs ${open.trim()} … ${close} around the ${name} tables`);
  return `${doc.slice(0, start + open.length)}${renderDocTables(def)}${doc.slice(end)}`;
}
