/**
 * custody vuln's options and their mapping to the typed options of src/commands/vuln.ts. A TARGET is verified with
 * custody verify's own flags (the same table entries and the same verifyOptions() mapping, as custody trace), so the
 * SBOM matched is one that `custody verify TARGET` with those flags would accept; `--sbom FILE` (or the positional
 * SBOM form kept from the first release) reads an SBOM file instead.
 */
import type { Logger } from '@custody/core';
import type { VulnVerifyOptions } from '../commands/vuln.js';
import type { Settings } from '../settings.js';
import { optionError, type OptionReader, type VerbSpec } from './spec.js';
import { VERIFY_GATE_FLAGS, verifyFlagSpecs, verifyOptions } from './verify.js';

/** verify's flags that apply to custody vuln TARGET (no --vsa*, --require-digest, --targets or --format of verify). */
const VERIFY_FLAGS = ['bundle', ...VERIFY_GATE_FLAGS] as const;

export const VULN_FORMATS = ['table', 'json', 'sarif', 'vulns'] as const;
export type VulnFormat = (typeof VULN_FORMATS)[number];

export const vulnVerb = {
  name: 'vuln',
  options: {
    db: {
      type: 'string',
      value: 'DIR|ZIP',
      description: "A directory of OSV JSON records, or an OSV export zip as published (OSV's ECOSYSTEM/all.zip).",
    },
    sbom: {
      type: 'string',
      value: 'FILE',
      description: "Match this SBOM file (CycloneDX or SPDX JSON) instead of a TARGET's verified SBOM attestation.",
    },
    format: {
      type: 'string',
      value: 'FMT',
      description: 'table, json, sarif (SARIF 2.1.0) or vulns (the in-toto vulns predicate, to attest).',
      default: 'table',
    },
    ...verifyFlagSpecs(VERIFY_FLAGS),
  },
} satisfies VerbSpec;

/**
 * Whether the positional argument is a TARGET to verify (else an SBOM file, the form custody vuln had before it read
 * attestations): an oci://, oci-layout: or sha256: reference always is; a path is when any of verify's flags is given.
 */
export function positionalIsTarget(r: OptionReader, positional: string): boolean {
  if (/^(oci:\/\/|oci-layout:|sha(256|384|512):)/i.test(positional)) return true;
  return verifyFlagGiven(r) !== undefined;
}

/** The first of verify's flags given, if any. */
export function verifyFlagGiven(r: OptionReader): string | undefined {
  return VERIFY_FLAGS.find((f) => {
    const spec = vulnVerb.options[f] as { type: string; multiple?: boolean };
    return spec.type === 'boolean' ? r.bool(f) : spec.multiple ? r.strs(f).length > 0 : r.str(f) !== undefined;
  });
}

export function parseVulnFormat(r: OptionReader): VulnFormat {
  const f = r.str('format') ?? 'table';
  if (!(VULN_FORMATS as readonly string[]).includes(f))
    throw optionError(r, 'format', `is "${f}", not one of ${VULN_FORMATS.join(', ')}.`, `Use ${r.label('format')} sarif, for example.`);
  return f as VulnFormat;
}

/** Flags -> the verify options of vulnTarget() (the face adds the target and I/O). */
export function vulnVerifyOptions(r: OptionReader, settings: Settings, logger: Logger): VulnVerifyOptions {
  const { vsa: _v, vsaSigning: _s, requireDigest: _d, ...verify } = verifyOptions(r, settings, logger);
  return verify;
}
