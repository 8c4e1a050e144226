/** An in-toto Verification Summary Attestation (https://slsa.dev/verification_summary/v1) for a report. */
import { createHash } from 'node:crypto';
import { CUSTODY_URL, CUSTODY_VERSION, makeStatement, PREDICATE_VSA_V1, type Statement } from '@custody/core';
import type { VerifyReport } from './report.js';

export interface VsaPredicate {
  verifier: { id: string; version: Record<string, string> };
  timeVerified: string;
  resourceUri: string;
  policy: { uri?: string; digest?: Record<string, string> };
  inputAttestations: Array<{ uri: string; digest: Record<string, string> }>;
  verificationResult: 'PASSED' | 'FAILED';
  verifiedLevels: string[];
  slsaVersion: '1.0';
}

export interface VsaOptions {
  resourceUri: string;
  /** The policy file's URI and bytes (its sha256 goes into the VSA). */
  policy?: { uri: string; bytes: Uint8Array };
  /** The attestations' sources and their bytes (or their sha256, hex, when the bytes were not kept), in report order. */
  inputs: Array<{ uri: string; bytes: Uint8Array } | { uri: string; sha256: string }>;
  verifiedLevels?: string[];
}

export function buildVsa(report: VerifyReport, o: VsaOptions): Statement<VsaPredicate> {
  const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const digest = { ...report.target.digests };
  return makeStatement([{ name: report.target.name, digest }], PREDICATE_VSA_V1, {
    verifier: { id: `${CUSTODY_URL}/verify`, version: { custody: CUSTODY_VERSION } },
    timeVerified: report.verifiedAt,
    resourceUri: o.resourceUri,
    policy: o.policy ? { uri: o.policy.uri, digest: { sha256: sha256(o.policy.bytes) } } : {},
    inputAttestations: o.inputs.map((i) => ({ uri: i.uri, digest: { sha256: 'sha256' in i ? i.sha256 : sha256(i.bytes) } })),
    verificationResult: report.passed ? 'PASSED' : 'FAILED',
    verifiedLevels: report.passed ? [...(o.verifiedLevels ?? [])].sort() : ['FAILED'],
    slsaVersion: '1.0',
  });
}
