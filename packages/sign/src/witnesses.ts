/**
 * Witnesses for @sigstore/sign's bundle builder, on Custody's retrying HTTP client:
 * - RekorV1Witness: logs a `dsse` 0.0.1 entry; a 409 "entry already exists" (e.g. a retry after a lost answer) is
 *   resolved by fetching the existing entry from its Location, which must match what was submitted.
 * - TsaWitness: an RFC 3161 timestamp over the signature (Sigstore TSA JSON API).
 */
import { createHash } from 'node:crypto';
import type { Logger } from '@custody/core';
import { envelopeToJSON, type TransparencyLogEntry } from '@sigstore/bundle';
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign';
import { SigningServiceError } from './errors.js';
import { callService, type RetryPolicy } from './http.js';

export interface LoggedEntry {
  url: string;
  logIndex: string;
  integratedTime: string;
  uuid: string;
  /** True when Rekor answered 409 and the existing entry was fetched. */
  existing: boolean;
}

interface RekorEntryJson {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification?: {
    signedEntryTimestamp?: string;
    inclusionProof?: { logIndex: number; rootHash: string; treeSize: number; hashes: string[]; checkpoint: string };
  };
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

function dsseOnly(content: SignatureBundle) {
  if (content.$case !== 'dsseEnvelope') throw new Error('Custody signs DSSE envelopes only');
  return content.dsseEnvelope;
}

export class RekorV1Witness implements Witness {
  readonly entries: LoggedEntry[] = [];
  constructor(
    private readonly rekorUrl: string,
    private readonly policy: RetryPolicy,
    private readonly logger?: Logger,
  ) {}

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    const envelope = dsseOnly(content);
    const base = trimSlash(this.rekorUrl);
    const url = `${base}/api/v1/log/entries`;
    const proposed = {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        proposedContent: {
          envelope: JSON.stringify(envelopeToJSON(envelope)),
          verifiers: [Buffer.from(publicKey, 'utf8').toString('base64')],
        },
      },
    };
    const res = await callService(
      {
        service: 'Rekor',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(proposed),
        accept: [409],
      },
      this.policy,
      this.logger,
    );
    let body = res.body;
    let entryUrl = url;
    const existing = res.status === 409;
    if (existing) {
      const location = res.headers.get('location');
      if (!location) {
        throw new SigningServiceError(
          'Rekor',
          url,
          'SIGN_TLOG_CONFLICT',
          `Rekor at ${url} says the entry already exists but gives no Location to fetch it from.`,
          {
            status: 409,
            hint: 'Sign again (a new signature makes a new entry).',
          },
        );
      }
      entryUrl = new URL(location, `${base}/`).href;
      this.logger?.info(`Rekor already has this entry; fetching it from ${entryUrl}`);
      body = (
        await callService(
          { service: 'Rekor', url: entryUrl, method: 'GET', headers: { accept: 'application/json' } },
          this.policy,
          this.logger,
        )
      ).body;
    }
    const [uuid, entry] = parseEntryResponse(body, entryUrl);
    const tlogEntry = toTransparencyLogEntry(entry, entryUrl);
    checkEntryMatches(tlogEntry, envelope.payload, envelope.signatures[0]!.sig, entryUrl);
    this.entries.push({ url: base, logIndex: tlogEntry.logIndex, integratedTime: tlogEntry.integratedTime, uuid, existing });
    return { tlogEntries: [tlogEntry] };
  }
}

function parseEntryResponse(body: Buffer, url: string): [string, RekorEntryJson] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, RekorEntryJson>;
    const all = Object.entries(parsed);
    if (all.length === 1 && typeof all[0]![1].body === 'string') return all[0]!;
  } catch {
    // fall through
  }
  throw new SigningServiceError(
    'Rekor',
    url,
    'SIGN_SERVICE_BAD_RESPONSE',
    `Rekor at ${url} answered with something that is not one log entry.`,
    {
      hint: 'Check that the URL is a Rekor v1 API.',
    },
  );
}

function toTransparencyLogEntry(entry: RekorEntryJson, url: string): TransparencyLogEntry {
  const canonicalizedBody = Buffer.from(entry.body, 'base64');
  let kind: { kind: string; apiVersion: string };
  try {
    kind = JSON.parse(canonicalizedBody.toString('utf8')) as { kind: string; apiVersion: string };
  } catch {
    throw new SigningServiceError('Rekor', url, 'SIGN_SERVICE_BAD_RESPONSE', `Rekor at ${url} returned an entry body that is not JSON.`);
  }
  const proof = entry.verification?.inclusionProof;
  const set = entry.verification?.signedEntryTimestamp;
  return {
    logIndex: String(entry.logIndex),
    logId: { keyId: Buffer.from(entry.logID, 'hex') },
    kindVersion: { kind: kind.kind, version: kind.apiVersion },
    integratedTime: String(entry.integratedTime),
    inclusionPromise: set ? { signedEntryTimestamp: Buffer.from(set, 'base64') } : undefined,
    inclusionProof: proof
      ? {
          logIndex: String(proof.logIndex),
          treeSize: String(proof.treeSize),
          rootHash: Buffer.from(proof.rootHash, 'hex'),
          hashes: proof.hashes.map((h) => Buffer.from(h, 'hex')),
          checkpoint: { envelope: proof.checkpoint },
        }
      : undefined,
    canonicalizedBody,
  };
}

/** The entry Rekor returned (fresh or existing) must be for this payload and signature. */
function checkEntryMatches(entry: TransparencyLogEntry, payload: Buffer, sig: Buffer, url: string): void {
  const body = JSON.parse(entry.canonicalizedBody.toString('utf8')) as {
    kind?: string;
    spec?: { payloadHash?: { value?: string }; signatures?: Array<{ signature?: string }> };
  };
  const payloadHash = createHash('sha256').update(payload).digest('hex');
  const ok =
    body.kind === 'dsse' &&
    body.spec?.payloadHash?.value === payloadHash &&
    body.spec.signatures?.length === 1 &&
    body.spec.signatures[0]!.signature === sig.toString('base64');
  if (!ok) {
    throw new SigningServiceError('Rekor', url, 'SIGN_TLOG_MISMATCH', `Rekor at ${url} returned an entry that is not for this signature.`, {
      hint: 'The log answered with another entry; do not use this Rekor instance until that is explained.',
    });
  }
}

export class TsaWitness implements Witness {
  readonly timestamps: Array<{ url: string }> = [];
  constructor(
    private readonly tsaUrl: string,
    private readonly policy: RetryPolicy,
    private readonly logger?: Logger,
  ) {}

  async testify(content: SignatureBundle): Promise<VerificationMaterial> {
    const sig = dsseOnly(content).signatures[0]!.sig;
    const url = tsaEndpoint(this.tsaUrl);
    const res = await callService(
      {
        service: 'TSA',
        url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ artifactHash: createHash('sha256').update(sig).digest('base64'), hashAlgorithm: 'sha256' }),
      },
      this.policy,
      this.logger,
    );
    if (res.body.length < 16 || res.body[0] !== 0x30) {
      throw new SigningServiceError(
        'TSA',
        url,
        'SIGN_SERVICE_BAD_RESPONSE',
        `the TSA at ${url} answered with something that is not an RFC 3161 timestamp response.`,
        {
          hint: 'Check that the URL is a timestamp endpoint (…/api/v1/timestamp).',
        },
      );
    }
    this.timestamps.push({ url });
    return { rfc3161Timestamps: [{ signedTimestamp: res.body }] };
  }
}

/** A TSA base URL gets the Sigstore TSA path; a URL that already has a path is used as is. */
export function tsaEndpoint(url: string): string {
  const u = new URL(url);
  return u.pathname === '/' || u.pathname === '' ? `${trimSlash(url)}/api/v1/timestamp` : url;
}
