/**
 * Honest provenance: a statement says "this build made these subjects". Two things would make it a lie, and both
 * are refused unless the caller says so explicitly (and then the predicate records that it did):
 *  1. the captured command failed, was killed, or never started (`custody run` recorded a non-zero exit, a signal,
 *     or no exit code at all);
 *  2. a subject is not among the outputs the captured command recorded (`custody run --output GLOB`), by digest.
 * A capture without a command record (`custody capture`, or captured at provenance time) claims no command and no
 * outputs, so neither rule applies to it.
 */
import type { DigestSet, Subject } from '@custody/core';
import { ProvenanceInputError } from './errors.js';
import type { CaptureDocument } from './model.js';

export interface HonestyOptions {
  /** Sign provenance of a failed (or never started) command anyway; recorded in the predicate. */
  allowFailedBuild?: boolean;
  /** Accept subjects that are not among the command's recorded outputs; recorded in the predicate. */
  allowUnrecordedSubject?: boolean;
}

/** What the caller allowed that the rules would have refused: recorded as internalParameters.custody.overrides. */
export interface ProvenanceOverrides {
  /** Present when the command failed and --allow-failed-build let it through. */
  failedBuild?: { exitCode: number | null; signal?: string; reason: 'failed' | 'killed' | 'not-started' };
  /** Subjects (names) not among the recorded outputs, let through by --allow-unrecorded-subject. */
  unrecordedSubjects?: string[];
}

/** Two digest sets name the same bytes: they share an algorithm and agree on every shared one. */
function sameDigest(a: DigestSet, b: DigestSet): boolean {
  const shared = Object.keys(a).filter((alg) => b[alg] !== undefined);
  return shared.length > 0 && shared.every((alg) => a[alg]!.toLowerCase() === b[alg]!.toLowerCase());
}

/**
 * Checks a capture and the subjects against the honesty rules. Throws PROVENANCE_BUILD_FAILED,
 * PROVENANCE_BUILD_NOT_STARTED or PROVENANCE_SUBJECT_UNRECORDED (exit 2); returns what was allowed through.
 */
export function checkProvenanceHonesty(
  capture: CaptureDocument,
  subjects: readonly Subject[],
  options: HonestyOptions = {},
  location = '--capture',
): ProvenanceOverrides {
  const run = capture.run;
  if (!run) return {};
  const overrides: ProvenanceOverrides = {};
  const command = run.argv[0] ?? 'the command';
  const reason = run.exitCode === 0 && !run.signal ? undefined : run.signal ? 'killed' : run.exitCode === null ? 'not-started' : 'failed';
  if (reason) {
    if (!options.allowFailedBuild) {
      const what =
        reason === 'killed'
          ? `was killed by ${run.signal}`
          : reason === 'not-started'
            ? 'never started (not found or not executable)'
            : `failed with exit code ${run.exitCode}`;
      throw new ProvenanceInputError(
        reason === 'not-started' ? 'PROVENANCE_BUILD_NOT_STARTED' : 'PROVENANCE_BUILD_FAILED',
        `the captured build command ${command} ${what}; its provenance would vouch for a build that did not succeed.`,
        {
          location,
          hint: 'Fix the build and capture it again, or pass --allow-failed-build (action input allow-failed-build) to sign it anyway; the predicate then records it.',
        },
      );
    }
    overrides.failedBuild = { exitCode: run.exitCode, ...(run.signal ? { signal: run.signal } : {}), reason };
  }
  const unrecorded = subjects.filter((s) => !run.outputs.some((o) => sameDigest(s.digest, o.digest as DigestSet))).map((s) => s.name);
  if (unrecorded.length) {
    if (!options.allowUnrecordedSubject) {
      const outputs = run.outputs.length
        ? `its ${run.outputs.length} recorded outputs`
        : 'its recorded outputs (none: custody run was given no --output GLOB)';
      throw new ProvenanceInputError(
        'PROVENANCE_SUBJECT_UNRECORDED',
        `subject ${unrecorded.slice(0, 3).join(', ')}${unrecorded.length > 3 ? ` and ${unrecorded.length - 3} more` : ''} is not among ${outputs}: the capture does not show that this build made it.`,
        {
          location,
          hint: 'Record the outputs with custody run --output GLOB (the same files the subjects name), or pass --allow-unrecorded-subject (action input allow-unrecorded-subject) to attest them anyway; the predicate then lists them.',
        },
      );
    }
    overrides.unrecordedSubjects = [...unrecorded].sort();
  }
  return overrides;
}
