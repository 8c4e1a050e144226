import { describe, expect, it } from 'vitest';
import type { CustodyError } from '@custody/core';
import { checkProvenanceHonesty, type CaptureDocument } from '../index.js';

const hex = (c: string) => c.repeat(64);
const capture = (run?: Partial<NonNullable<CaptureDocument['run']>>): CaptureDocument =>
  ({
    run: run ? { argv: ['make'], startedOn: 'x', finishedOn: 'x', exitCode: 0, outputs: [], ...run } : undefined,
  }) as unknown as CaptureDocument;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    expect((err as CustodyError).exitCode).toBe(2);
    return (err as CustodyError).code;
  }
};

describe('checkProvenanceHonesty', () => {
  it('matches subjects to recorded outputs by digest, whatever the names (an image manifest blob from an OCI layout)', () => {
    const cap = capture({
      outputs: [
        { name: `layout/blobs/sha256/${hex('a')}`, digest: { sha256: hex('a') } },
        { name: 'dist/app.tgz', digest: { sha256: hex('b') } },
      ],
    });
    expect(
      checkProvenanceHonesty(cap, [
        { name: 'oci://r.example/app', digest: { sha256: hex('a') } },
        { name: 'app.tgz', digest: { sha256: hex('B') } },
      ]),
    ).toEqual({});
    expect(codeOf(() => checkProvenanceHonesty(cap, [{ name: 'app.tgz', digest: { sha512: hex('b') } }]))).toBe(
      'PROVENANCE_SUBJECT_UNRECORDED',
    );
  });

  it('failed, killed and never-started commands; overrides are returned for the predicate', () => {
    expect(codeOf(() => checkProvenanceHonesty(capture({ exitCode: 1 }), []))).toBe('PROVENANCE_BUILD_FAILED');
    expect(codeOf(() => checkProvenanceHonesty(capture({ exitCode: null, signal: 'SIGTERM' }), []))).toBe('PROVENANCE_BUILD_FAILED');
    expect(codeOf(() => checkProvenanceHonesty(capture({ exitCode: null }), []))).toBe('PROVENANCE_BUILD_NOT_STARTED');
    expect(
      checkProvenanceHonesty(capture({ exitCode: null, signal: 'SIGKILL' }), [{ name: 'x', digest: { sha256: hex('c') } }], {
        allowFailedBuild: true,
        allowUnrecordedSubject: true,
      }),
    ).toEqual({
      failedBuild: { exitCode: null, signal: 'SIGKILL', reason: 'killed' },
      unrecordedSubjects: ['x'],
    });
  });

  it('a capture without a command record claims nothing and is not checked', () => {
    expect(checkProvenanceHonesty(capture(), [{ name: 'x', digest: { sha256: hex('c') } }])).toEqual({});
  });
});
