import type { DigestSet } from './digest.js';

export const STATEMENT_TYPE_V1 = 'https://in-toto.io/Statement/v1';
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export const PREDICATE_SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const PREDICATE_CYCLONEDX = 'https://cyclonedx.org/bom';
export const PREDICATE_SPDX_23 = 'https://spdx.dev/Document/v2.3';
export const PREDICATE_VSA_V1 = 'https://slsa.dev/verification_summary/v1';

/** An in-toto ResourceDescriptor used as a subject: a name and its digests. */
export interface Subject {
  name: string;
  digest: DigestSet;
}

export interface ResourceDescriptor {
  uri?: string;
  digest?: DigestSet;
  name?: string;
  downloadLocation?: string;
  mediaType?: string;
  content?: string;
  annotations?: Record<string, unknown>;
}

export interface Statement<P = unknown> {
  _type: typeof STATEMENT_TYPE_V1;
  subject: Subject[];
  predicateType: string;
  predicate: P;
}

export interface DsseSignature {
  keyid?: string;
  sig: string;
}

export interface DsseEnvelope {
  payload: string; // base64
  payloadType: string;
  signatures: DsseSignature[];
}

/** DSSE pre-authentication encoding: what is actually signed. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  const head = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8');
  return Buffer.concat([head, payload]);
}

export function makeStatement<P>(subject: Subject[], predicateType: string, predicate: P): Statement<P> {
  return { _type: STATEMENT_TYPE_V1, subject, predicateType, predicate };
}
