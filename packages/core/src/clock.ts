import { CoreInputError } from './errors.js';

/** Time is injected so that output is deterministic in tests and reproducible builds. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string | number): Clock {
  const t = new Date(at).getTime();
  return { now: () => new Date(t) };
}

/**
 * The clock for generated documents: SOURCE_DATE_EPOCH (seconds since 1970, reproducible-builds.org) when set,
 * the system clock otherwise.
 */
export function documentClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return systemClock;
  if (!/^\d+$/.test(raw.trim())) {
    throw new CoreInputError('SOURCE_DATE_EPOCH_INVALID', `SOURCE_DATE_EPOCH is "${raw}", not a whole number of seconds.`, {
      location: 'environment',
      hint: 'Set it to seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.',
    });
  }
  return fixedClock(Number(raw.trim()) * 1000);
}

/** RFC 3339 UTC without fractional seconds, as SBOM and provenance timestamps are usually written. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
