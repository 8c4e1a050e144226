import { StringDecoder } from 'node:string_decoder';
import { documentClock } from '@custody/core';
import { bool, str, strs, type CommandSpec } from './spec.js';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'Run the build command and record it: timing, command line, exit code, output digests.',
  usage: ['custody run [--output GLOB]... [--capture-output FILE] [--material GLOB]... [--tool NAME]... [--strict] -- COMMAND [ARGS...]'],
  description: [
    'Runs COMMAND without a shell, streaming its output through, and writes the capture document with the run',
    "record (default custody-capture.json). Ends with the command's exit code (128+n when it dies of signal n;",
    '127 when it cannot be started). Capture problems are warnings unless --strict.',
  ].join('\n'),
  options: {
    output: { type: 'string', multiple: true, value: 'GLOB', description: 'Build outputs to digest after the command (sha256 each).' },
    'capture-output': {
      type: 'string',
      value: 'FILE',
      description: 'Where to write the capture document.',
      default: 'custody-capture.json',
    },
    material: { type: 'string', multiple: true, value: 'GLOB', description: 'Input files to record with their sha256.' },
    tool: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'Also record the version of NAME (`NAME --version`, `go version`, …).',
    },
    strict: { type: 'boolean', description: 'Fail (exit 2) when the capture cannot be made, instead of warning.' },
  },
  positionals: { names: 'COMMAND', min: 1 },
  passThrough: true,
  examples: [
    ['custody run --output "*.tgz" -- npm pack', 'pack a package and record the tarball digest'],
    ['custody run --material go.sum --tool go --output "bin/*" --capture-output build.json -- go build -o bin/ ./...', 'a Go build'],
  ],
  async run({ values, positionals, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { runBuild } = await import('../commands/run.js');
    // Decoders keep multi-byte characters whole when a chunk boundary splits them.
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    const result = await runBuild({
      command: positionals,
      cwd: io.cwd,
      env: io.env,
      clock: documentClock(io.env),
      logger: io.logger,
      outputs: strs(values, 'output'),
      captureOutput: str(values, 'capture-output'),
      strict: bool(values, 'strict'),
      materials: strs(values, 'material'),
      tools: strs(values, 'tool'),
      stdout: (chunk) => io.stdout(out.write(chunk)),
      stderr: (chunk) => io.stderr(err.write(chunk)),
      forwardSignals: true,
    });
    io.stdout(out.end());
    io.stderr(err.end());
    if (result.captureFile) {
      const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.commandExitCode ?? result.exitCode}`;
      io.logger.info(`custody run: ${how}; ${result.outputs.length} outputs recorded in ${result.captureFile}`);
    }
    return result.exitCode;
  },
};
