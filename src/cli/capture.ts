import { documentClock, stableJson } from '@custody/core';
import { writeResult } from './output.js';
import { captureOptions, captureVerb } from '../verbs/capture.js';
import { flagReader, type CommandSpec } from './spec.js';

export const captureCommand: CommandSpec = {
  name: 'capture',
  summary: 'Record the build: CI context, git revision, tool versions, host, redacted environment, materials.',
  usage: ['custody capture [--material GLOB]... [--tool NAME]... [--output FILE]'],
  description: [
    'Writes a capture document (JSON) that `custody provenance --capture FILE` turns into SLSA provenance.',
    'Environment variables are allow-listed (CI platform variables); names like *_TOKEN, *_SECRET, *_PASSWORD, *_KEY',
    'are never captured, and values that look like secrets are replaced by [REDACTED]. Git facts are read from .git;',
    'the dirty flag runs `git status --porcelain` when git is installed. SOURCE_DATE_EPOCH fixes the timestamps.',
  ].join('\n'),
  options: captureVerb.options,
  examples: [
    ['custody capture --material package-lock.json --material Dockerfile --output capture.json', 'record the build inputs before building'],
    ['custody capture --tool go --tool docker', 'record extra tool versions, print the document'],
  ],
  async run({ values, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { captureBuild } = await import('../commands/capture.js');
    const r = flagReader(values);
    const doc = await captureBuild({ ...captureOptions(r), cwd: io.cwd, env: io.env, clock: documentClock(io.env), logger: io.logger });
    const file = await writeResult(io, stableJson(doc), r.str('output'));
    if (file)
      io.logger.info(
        `wrote ${file} (${doc.ci.platform}, ${doc.materials.length} materials, ${doc.environment.redacted.length} values redacted)`,
      );
    return 0;
  },
};
