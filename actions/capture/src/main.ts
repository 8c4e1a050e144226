/** actions/capture: inputs -> the same captureBuild the CLI runs -> the capture file, an output and a job summary. */
import { isAbsolute, resolve } from 'node:path';
import { documentClock, stableJson } from '@custody/core';
import { markdownTable, runAction } from '@custody/github';
import { captureBuild } from '../../../src/commands/capture.js';
import { writeFileAtomic } from '../../../src/io/files.js';

void runAction(async (gh) => {
  const output = gh.input('output').trim() || 'custody-capture.json';
  const doc = await captureBuild({
    cwd: gh.cwd,
    env: gh.env,
    clock: documentClock(gh.env),
    logger: gh.logger,
    materials: gh.inputLines('materials'),
    tools: gh.inputLines('tools'),
  });
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
    ['Environment', `${Object.keys(doc.environment.variables).length} captured, ${doc.environment.redacted.length} redacted, ${doc.environment.omitted} left out`],
  ];
  const materials = doc.materials.length
    ? `\n${markdownTable(['Material', 'sha256'], doc.materials.map((m) => [m.name, `\`${m.digest.sha256 ?? ''}\``]))}`
    : '';
  await gh.summary(`## Build capture\n\n${markdownTable(['', ''], rows)}${materials}\nCapture document: \`${output}\`\n`);
});
