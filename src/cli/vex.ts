/**
 * `custody vex create|add|merge`: OpenVEX documents written in the manner of vexctl (src/commands/vex.ts); they are
 * signed with `custody attest --vex DOC` and applied by `custody verify --policy` (docs/vuln.md).
 */
import type { OptionSpec } from '../verbs/spec.js';
import { str, strs, type CommandSpec } from './spec.js';

const STATEMENT: Record<string, OptionSpec> = {
  product: {
    type: 'string',
    multiple: true,
    value: 'ID',
    description: 'A product the statement is about: a purl (pkg:npm/x@1.0.0) or the image (pkg:oci/app@sha256:…). Repeatable.',
  },
  subcomponent: {
    type: 'string',
    multiple: true,
    value: 'PURL',
    description: 'A component of the product the statement is about. Repeatable.',
  },
  vuln: { type: 'string', value: 'ID', description: 'The vulnerability (CVE-…, GHSA-…).' },
  status: { type: 'string', value: 'STATUS', description: 'not_affected, affected, fixed or under_investigation.' },
  justification: {
    type: 'string',
    value: 'WHY',
    description:
      'For not_affected: component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary or inline_mitigations_already_exist.',
  },
  impact: {
    type: 'string',
    value: 'TEXT',
    description: 'For not_affected: the impact statement (free text), instead of or besides a justification.',
  },
  action: { type: 'string', value: 'TEXT', description: 'For affected: what to do (the action statement).' },
};

function statementValues(values: Record<string, unknown>) {
  const v = values as Parameters<typeof str>[0];
  return {
    products: strs(v, 'product'),
    subcomponents: strs(v, 'subcomponent'),
    ...(str(v, 'vuln') ? { vulnerability: str(v, 'vuln')! } : {}),
    ...(str(v, 'status') ? { status: str(v, 'status')! } : {}),
    ...(str(v, 'justification') ? { justification: str(v, 'justification')! } : {}),
    ...(str(v, 'impact') ? { impact: str(v, 'impact')! } : {}),
    ...(str(v, 'action') ? { action: str(v, 'action')! } : {}),
  };
}

export const vexCreateCommand: CommandSpec = {
  name: 'vex create',
  summary: 'Write a new OpenVEX document (v0.2.0), with its first statement.',
  usage: ['custody vex create --author WHO [--product ID --vuln ID --status STATUS [--justification WHY]] [--output FILE]'],
  description: 'Prints the document, or writes it to --output. Sign it with custody attest --vex DOC --subject … (docs/vuln.md).',
  options: {
    author: { type: 'string', value: 'WHO', description: 'Who makes the statements (a name or e-mail).' },
    id: { type: 'string', value: 'IRI', description: 'The document @id (default a urn:custody:vex: id).' },
    role: { type: 'string', value: 'ROLE', description: "The author's role (e.g. Document Creator)." },
    ...STATEMENT,
    output: { type: 'string', value: 'FILE', description: 'Write the document here instead of standard output.' },
  },
  examples: [
    [
      'custody vex create --author sec@example.com --product pkg:oci/app@sha256:… --vuln CVE-2024-1234 --status not_affected --justification vulnerable_code_not_in_execute_path --output app.vex.json',
      'a document with one not_affected statement',
    ],
  ],
  async run({ values, io }) {
    const { vexCreate } = await import('../commands/vex.js');
    const author = str(values, 'author');
    if (!author) {
      const { UsageError } = await import('@custody/core');
      throw new UsageError('--author is required: a VEX document says who makes its statements.', {
        hint: 'Add --author "Security Team <sec@example.com>".',
      });
    }
    const text = await vexCreate({
      ...statementValues(values),
      author,
      ...(str(values, 'id') ? { id: str(values, 'id')! } : {}),
      ...(str(values, 'role') ? { role: str(values, 'role')! } : {}),
      ...(str(values, 'output') ? { output: str(values, 'output')! } : {}),
      cwd: io.cwd,
    });
    if (!str(values, 'output')) io.stdout(text);
    return 0;
  },
};

export const vexAddCommand: CommandSpec = {
  name: 'vex add',
  summary: 'Add a statement to an OpenVEX document (in place, or to --output).',
  usage: ['custody vex add DOC --product ID --vuln ID --status STATUS [--justification WHY] [--output FILE]'],
  description: "The document's version goes up by one and last_updated is set; the statement is checked as custody verify reads it.",
  positionals: { names: 'DOC', min: 1, max: 1 },
  options: { ...STATEMENT, output: { type: 'string', value: 'FILE', description: 'Write the result here instead of over DOC.' } },
  examples: [['custody vex add app.vex.json --product pkg:npm/lodash@4.17.20 --vuln CVE-2021-23337 --status fixed', 'record a fix']],
  async run({ values, positionals, io }) {
    const { vexAdd } = await import('../commands/vex.js');
    await vexAdd({
      ...statementValues(values),
      document: positionals[0]!,
      ...(str(values, 'output') ? { output: str(values, 'output')! } : {}),
      cwd: io.cwd,
    });
    return 0;
  },
};

export const vexMergeCommand: CommandSpec = {
  name: 'vex merge',
  summary: 'Merge OpenVEX documents into one (every statement, oldest first, duplicates once).',
  usage: ['custody vex merge DOC... --author WHO [--output FILE]'],
  positionals: { names: 'DOC...', min: 1 },
  options: {
    author: { type: 'string', value: 'WHO', description: 'The author of the merged document.' },
    id: { type: 'string', value: 'IRI', description: 'The merged document @id.' },
    output: { type: 'string', value: 'FILE', description: 'Write the document here instead of standard output.' },
  },
  examples: [['custody vex merge a.vex.json b.vex.json --author sec@example.com --output all.vex.json', 'one document from two']],
  async run({ values, positionals, io }) {
    const { vexMerge } = await import('../commands/vex.js');
    const text = await vexMerge({
      documents: positionals,
      author: str(values, 'author') ?? 'custody vex merge',
      ...(str(values, 'id') ? { id: str(values, 'id')! } : {}),
      ...(str(values, 'output') ? { output: str(values, 'output')! } : {}),
      cwd: io.cwd,
    });
    if (!str(values, 'output')) io.stdout(text);
    return 0;
  },
};
