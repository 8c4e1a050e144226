/**
 * custody capture's options (flags, and the inputs of actions/capture) and their mapping to captureBuild()'s
 * options, shared by the CLI (src/cli/capture.ts) and the action.
 */
import type { OptionReader, VerbSpec } from './spec.js';

/** Flags (or inputs) -> the options of captureBuild() that the CLI and the capture action share. */
export function captureOptions(r: OptionReader): { materials: string[]; tools: string[] } {
  return { materials: r.strs('material'), tools: r.strs('tool') };
}

export const captureVerb = {
  name: 'capture',
  options: {
    material: {
      type: 'string',
      multiple: true,
      value: 'GLOB',
      description: 'Input files to record with their sha256 (lockfiles, Dockerfile).',
      input: {
        name: 'materials',
        description:
          'Input files to record with their sha256, one path or glob per line (lockfiles, Dockerfile), relative to the workspace.',
      },
    },
    tool: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description:
        'Also record the version of NAME (`NAME --version`; `go version` for go, `java -version` for java; node, npm and git always are).',
      input: { name: 'tools', description: 'Extra tools whose `NAME --version` is recorded, one per line (node, npm and git always are).' },
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'Write the capture document to FILE instead of stdout.',
      input: {
        name: 'output',
        description: 'Where to write the capture document (relative to the workspace).',
        default: 'custody-capture.json',
      },
    },
  },
} satisfies VerbSpec;
