/**
 * custody trace's options and their mapping to trace()'s and traceContains()'s typed options. The identity, key,
 * trust, policy and --bundle flags are custody verify's own (the same table entries and the same verifyOptions()
 * mapping), so every attestation is verified exactly as `custody verify TARGET` would verify it.
 */
import type { Logger } from '@custody/core';
import type { TraceVerifyOptions } from '../commands/trace.js';
import type { Settings } from '../settings.js';
import { optionError, type OptionReader, type VerbSpec } from './spec.js';
import { VERIFY_GATE_FLAGS, verifyFlagSpecs, verifyOptions } from './verify.js';

/** verify's flags that apply to a trace (no --vsa*, --require-digest, --targets or --format of verify). */
const VERIFY_FLAGS = ['bundle', ...VERIFY_GATE_FLAGS] as const;

export const TRACE_FORMATS = ['tree', 'json', 'dot', 'html'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export const traceVerb = {
  name: 'trace',
  options: {
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'tree (terminal), json (schema: docs/schemas/trace.schema.json), dot (Graphviz) or html (one self-contained page).',
      default: 'tree',
    },
    output: { type: 'string', value: 'FILE', description: 'Write the trace to FILE (atomically) instead of standard output.' },
    contains: {
      type: 'string',
      value: 'PURL',
      description:
        'Which TARGETS contain this package, from their verified SBOMs: pkg:TYPE/[NAMESPACE/]NAME[@RANGE], e.g. pkg:npm/lodash@<4.17.21 (docs/trace.md).',
    },
    ...verifyFlagSpecs(VERIFY_FLAGS),
  },
} satisfies VerbSpec;

export function parseTraceFormat(r: OptionReader, contains: boolean): TraceFormat {
  const f = r.str('format') ?? 'tree';
  if (!(TRACE_FORMATS as readonly string[]).includes(f)) {
    throw optionError(r, 'format', `is "${f}", not one of ${TRACE_FORMATS.join(', ')}.`, `Use ${r.label('format')} json, for example.`);
  }
  if (contains && (f === 'dot' || f === 'html')) {
    throw optionError(r, 'format', `${f} draws one chain; with ${r.label('contains')} the answer is tree (a table) or json.`);
  }
  return f as TraceFormat;
}

/** Flags -> the verify options of trace() and traceContains() (the face adds the target(s) and I/O). */
export function traceVerifyOptions(r: OptionReader, settings: Settings, logger: Logger): TraceVerifyOptions {
  const { vsa: _v, vsaSigning: _s, requireDigest: _d, ...verify } = verifyOptions(r, settings, logger);
  return verify;
}
