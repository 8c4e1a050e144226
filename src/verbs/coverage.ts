/**
 * custody coverage's options and their mapping to coverage()'s typed options. The identity, key, trust and policy
 * flags are custody verify's own (the same table entries and the same verifyOptions() mapping), so coverage verifies
 * each image exactly as `custody verify oci://IMAGE` would.
 */
import type { Logger } from '@custody/core';
import type { CoverageOptions } from '../commands/coverage.js';
import type { Settings } from '../settings.js';
import { optionError, type OptionReader, type VerbSpec } from './spec.js';
import { VERIFY_GATE_FLAGS, verifyFlagSpecs, verifyOptions } from './verify.js';

/** verify's flags that make sense for a set of images (no --bundle, --vsa*, --require-digest or --format of verify). */
const VERIFY_FLAGS = VERIFY_GATE_FLAGS;

export const COVERAGE_FORMATS = ['table', 'json', 'prometheus', 'junit'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export const coverageVerb = {
  name: 'coverage',
  options: {
    images: {
      type: 'string',
      value: 'FILE',
      description: 'A list of image references, one a line (# comments allowed); - reads standard input.',
    },
    repository: {
      type: 'string',
      value: 'REG/REPO',
      description: 'Every tag of a registry repository (the OCI tags list; attestation tags aside).',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'table, json, prometheus (text exposition 0.0.4) or junit (XML).',
      default: 'table',
    },
    output: { type: 'string', value: 'FILE', description: 'Write the report to FILE (atomically) instead of standard output.' },
    min: {
      type: 'string',
      value: 'RATIO',
      description: 'A gate: exit 1 when provenance coverage (0 to 1) is below RATIO.',
    },
    pin: {
      type: 'boolean',
      description: 'Rewrite the manifest files with each tag replaced by the digest it resolved to (only the image strings change).',
    },
    concurrency: { type: 'string', value: 'N', description: 'Images read from registries at a time (1-32, default 4).' },
    ...verifyFlagSpecs(VERIFY_FLAGS),
  },
} satisfies VerbSpec;

/** --min RATIO: a number from 0 to 1 (a percentage such as 90% is accepted too). */
export function parseRatio(r: OptionReader): number | undefined {
  const text = r.str('min');
  if (text === undefined) return undefined;
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  const value = pct ? Number(pct[1]) / 100 : /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) {
    throw optionError(r, 'min', `is "${text}", not a ratio from 0 to 1.`, `Pass ${r.label('min')} 0.9 (or 90%).`);
  }
  return value;
}

export function parseFormat(r: OptionReader): CoverageFormat {
  const f = r.str('format') ?? 'table';
  if (!(COVERAGE_FORMATS as readonly string[]).includes(f)) {
    throw optionError(r, 'format', `is "${f}", not one of ${COVERAGE_FORMATS.join(', ')}.`, `Use ${r.label('format')} json, for example.`);
  }
  return f as CoverageFormat;
}

/** Flags -> the typed options of coverage() (the face adds the manifests, the standard input and I/O). */
export function coverageOptions(
  r: OptionReader,
  settings: Settings,
  logger: Logger,
): Omit<CoverageOptions, 'manifests' | 'imagesText' | 'cwd' | 'env' | 'logger'> {
  const { bundles: _b, vsa: _v, vsaSigning: _s, requireDigest: _d, ...verify } = verifyOptions(r, settings, logger);
  const c = r.str('concurrency');
  const concurrency = c === undefined ? undefined : Number(c);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 32)) {
    throw optionError(r, 'concurrency', `is "${c}", not a whole number from 1 to 32.`);
  }
  return {
    verify,
    ...(r.str('images') !== undefined ? { images: r.str('images')! } : {}),
    ...(r.str('repository') !== undefined ? { repository: r.str('repository')! } : {}),
    ...(r.bool('pin') ? { pin: true } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}
