/**
 * actions/capture: its inputs are custody capture's options (declared with their flags in src/verbs/capture.ts);
 * run() maps them through the same captureOptions() the CLI uses to captureBuild(), then writes the capture file,
 * an output and a job summary. index.ts (the bundle's entry) starts it; @github/local-action calls run().
 */
import { isAbsolute, resolve } from 'node:path';
import { documentClock, stableJson } from '@custody/core';
import { actionsCoreToolkit, markdownTable } from '@custody/github';
import { captureOptions, captureVerb } from '../../../src/verbs/capture.js';
import { captureBuild } from '../../../src/commands/capture.js';
import { writeFileAtomic } from '../../../src/io/files.js';
import { runActionDefinition, specInputs, type ActionDefinition } from '../../../src/actions-runtime/index.js';

export const action: ActionDefinition = {
  inputs: specInputs(captureVerb, ['material', 'tool', 'output']),
  outputs: { 'capture-path': 'Absolute path of the capture document written.' },
  async run(ctx) {
    const { gh } = ctx;
    const r = ctx.options(captureVerb);
    const output = r.str('output') ?? 'custody-capture.json';
    const doc = await captureBuild({ ...captureOptions(r), cwd: gh.cwd, env: gh.env, clock: documentClock(gh.env), logger: gh.logger });
    const target = isAbsolute(output) ? output : resolve(gh.cwd, output);
    await writeFileAtomic(target, stableJson(doc));
    gh.setOutput('capture-path', target);
    gh.logger.info(`wrote ${target}: ${doc.materials.length} materials, ${doc.environment.redacted.length} values redacted`);

    const ci = doc.ci;
    const rows: Array<Array<string | number>> = [
      ['Platform', ci.platform],
      ['Repository', ci.repository ?? doc.git?.remoteUrl ?? '—'],
      ['Commit', ci.commit ?? doc.git?.commit ?? '—'],
      ['Ref', ci.ref ?? doc.git?.ref ?? '—'],
      ['Runner', ci.runner.kind],
      ['Event', ci.event.name + (ci.event.pullRequest?.number ? ` (#${ci.event.pullRequest.number})` : '')],
      ['Working tree', doc.git?.dirty === undefined ? 'unknown' : doc.git.dirty ? 'dirty' : 'clean'],
      ['Tools', doc.tools.map((t) => `${t.name} ${t.version ?? '(missing)'}`).join(', ')],
      [
        'Environment',
        `${Object.keys(doc.environment.variables).length} captured, ${doc.environment.redacted.length} redacted, ${doc.environment.omitted} left out`,
      ],
    ];
    const materials = doc.materials.length
      ? `\n${markdownTable(
          ['Material', 'sha256'],
          doc.materials.map((m) => [m.name, `\`${m.digest.sha256 ?? ''}\``]),
        )}`
      : '';
    await gh.summary(`## Build capture\n\n${markdownTable(['', ''], rows)}${materials}\nCapture document: \`${output}\`\n`);
  },
};

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
