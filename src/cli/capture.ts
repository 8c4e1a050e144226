import { documentClock, stableJson } from '@custody/core';
import { writeResult } from './output.js';
import { flagReader, type CommandSpec, type OptionReader } from './spec.js';

/** Flags (or inputs) -> the options of captureBuild() that the CLI and the capture action share. */
export function captureOptions(r: OptionReader): { materials: string[]; tools: string[] } {
  return { materials: r.strs('material'), tools: r.strs('tool') };
}

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
  options: {
    material: {
      type: 'string',
      multiple: true,
      value: 'GLOB',
      description: 'Input files to record with their sha256 (lockfiles, Dockerfile).',
      input: {
        name: 'materials',
        description: 'Input files to record with their sha256, one path or glob per line (lockfiles, Dockerfile), relative to the workspace.',
      },
    },
    tool: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'Also record the version of NAME (`NAME --version`; `go version` for go, `java -version` for java; node, npm and git always are).',
      input: { name: 'tools', description: 'Extra tools whose `NAME --version` is recorded, one per line (node, npm and git always are).' },
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'Write the capture document to FILE instead of stdout.',
      input: { name: 'output', description: 'Where to write the capture document (relative to the workspace).', default: 'custody-capture.json' },
    },
  },
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
    if (file) io.logger.info(`wrote ${file} (${doc.ci.platform}, ${doc.materials.length} materials, ${doc.environment.redacted.length} values redacted)`);
    return 0;
  },
};
