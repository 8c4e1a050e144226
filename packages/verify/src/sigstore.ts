/**
 * The Sigstore part of verification, on @sigstore/verify, run stage by stage so that the report has one check
 * per stage (trusted time, signing certificate or key, transparency log, signature) instead of the first error.
 * The stages are the Verifier's own methods, called in the order Verifier.verify calls them.
 */
import { crypto as score, type X509Certificate } from '@sigstore/core';
import type { Bundle } from '@sigstore/bundle';
import {
  toSignedEntity,
  VerificationError,
  Verifier,
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  type VerifierOptions,
} from '@sigstore/verify';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { cachedCertificate } from './cache.js';
import { verifyPrehashed } from './prehash.js';
import { fail, pass, skip, type Check } from './report.js';
import { hasValidityWindow, hintNames, impliedThresholds, trustedKeysForHint, type Trust, type TrustedKey } from './trust.js';

interface Stages {
  verifyTimestamps(entity: SignedEntity): Date[];
  verifySigningKey(entity: SignedEntity, timestamps: Date[]): Signer;
  verifyTLogs(entity: SignedEntity): void;
  verifySignature(entity: SignedEntity, signer: Signer): void;
}

const HASH_NAMES: Record<number, string> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
  [HashAlgorithm.SHA3_256]: 'sha3-256',
  [HashAlgorithm.SHA3_384]: 'sha3-384',
};

export function messageDigestAlgorithm(bundle: Bundle): string | undefined {
  if (bundle.content.$case !== 'messageSignature') return undefined;
  return HASH_NAMES[bundle.content.messageSignature.messageDigest?.algorithm ?? 0] ?? 'sha256';
}

/** Signature content for a message signature checked against the target's digest (no artifact bytes). */
class DigestMessageContent {
  readonly signature: Buffer;
  private readonly bundleDigest: Buffer;
  constructor(
    private readonly algorithm: string,
    bundle: Bundle & { content: { $case: 'messageSignature' } },
    private readonly targetDigest: Buffer | undefined,
  ) {
    const ms = (bundle.content as { messageSignature: { signature: Buffer; messageDigest?: { digest: Buffer } } }).messageSignature;
    this.signature = ms.signature;
    this.bundleDigest = ms.messageDigest?.digest ?? Buffer.alloc(0);
  }
  compareSignature(s: Buffer): boolean {
    return score.bufferEqual(s, this.signature);
  }
  compareDigest(d: Buffer): boolean {
    return score.bufferEqual(d, this.bundleDigest);
  }
  compareSignedDigest(d: Buffer): boolean {
    return this.compareDigest(d);
  }
  verifySignature(key: score.KeyObject): boolean {
    if (!this.targetDigest) return false;
    const r = verifyPrehashed(key, this.algorithm, this.targetDigest, this.signature);
    if (r.unsupported) throw new Error(`cannot check this signature from a digest (${r.unsupported}); verify the artifact file instead`);
    return r.ok;
  }
}

/** The DER bytes of a bundle's signing certificate (toSignedEntity parses the same bytes). */
function leafBytes(bundle: Bundle): Uint8Array | undefined {
  const vm = bundle.verificationMaterial.content;
  if (vm.$case === 'certificate') return vm.certificate.rawBytes;
  if (vm.$case === 'x509CertificateChain') return vm.x509CertificateChain.certificates[0]?.rawBytes;
  return undefined;
}

export interface SigstoreOutcome {
  checks: Check[];
  signer?: Signer;
  certificate?: X509Certificate;
  signedAt: Date[];
  keyBased: boolean;
  /** Key-based bundles: the trusted key the bundle's hint resolves to (whether or not the signature verified). */
  trustedKey?: TrustedKey;
}

export interface SigstoreOptions {
  trust: Trust;
  now: Date;
  /** Timestamps later than now + skew are rejected. */
  skewSeconds: number;
  ignoreTlog: boolean;
  ignoreSct: boolean;
  /** Target digests by algorithm (hex), and the artifact bytes when known (message signatures). */
  digests: Record<string, string>;
  artifact?: Uint8Array;
}

/**
 * The reason for a failed stage. @sigstore/verify's own errors say what did not verify; anything else (a TypeError
 * on a field the bundle lacks) is a malformed bundle, reported as such rather than as a JavaScript error.
 */
function msg(err: unknown, stage = 'this stage'): string {
  if (
    err instanceof VerificationError ||
    (err instanceof Error && err.name !== 'TypeError' && err.name !== 'RangeError' && err.name !== 'ReferenceError')
  ) {
    return err.message;
  }
  return `the bundle is malformed: ${stage} cannot read the data it needs from it`;
}

/** Structural problems of transparency-log entries that @sigstore/verify does not report cleanly. */
function tlogEntryProblem(entity: SignedEntity): string | undefined {
  for (const [i, e] of entity.tlogEntries.entries()) {
    const proof = (e as { inclusionProof?: { checkpoint?: { envelope?: string } } }).inclusionProof;
    if (proof && !proof.checkpoint?.envelope) {
      return `transparency-log entry ${i} (log index ${e.logIndex}) has an inclusion proof without a checkpoint (signed tree head): the proof cannot be verified`;
    }
  }
  return undefined;
}

export function verifySigstore(bundle: Bundle, o: SigstoreOptions): SigstoreOutcome {
  const vm = bundle.verificationMaterial.content;
  const keyBased = vm.$case === 'publicKey';
  let entity: SignedEntity;
  try {
    if (bundle.content.$case === 'messageSignature' && !o.artifact) {
      const alg = messageDigestAlgorithm(bundle)!;
      const hex = o.digests[alg];
      entity = toSignedEntity(bundle, Buffer.alloc(0));
      entity.signature = new DigestMessageContent(alg, bundle as never, hex ? Buffer.from(hex, 'hex') : undefined);
    } else {
      entity = toSignedEntity(bundle, o.artifact ? Buffer.from(o.artifact) : undefined);
    }
    // The signing certificate, memoizing under this trust (the same bytes, parsed the same way: cache.ts).
    if (entity.key.$case === 'certificate')
      entity.key.certificate = cachedCertificate(entity.key.certificate, o.trust.cache, leafBytes(bundle));
  } catch (err) {
    return {
      checks: [
        fail('signature.material', `the bundle's verification material cannot be read: ${msg(err, 'reading the verification material')}`),
      ],
      signedAt: [],
      keyBased,
    };
  }
  if (vm.$case !== 'publicKey') return runStages(entity, o, o.trust.material, false, undefined);
  // Key-based: the key the hint names, else each --key key in turn (the first that verifies is the signer).
  const hint = vm.publicKey.hint || undefined;
  const candidates = trustedKeysForHint(o.trust.keys, hint);
  if (candidates.length === 0) {
    const out = runStages(entity, o, o.trust.material, true, undefined);
    return withKeyReason(
      out,
      'signature.key',
      `no trusted key for this bundle${hint ? ` (its hint names key id ${hint})` : ' (it names no key id)'}: ${o.trust.keys.length === 0 ? 'no --key was given' : 'none of the trusted keys is the one it names'}`,
    );
  }
  const outcomes: SigstoreOutcome[] = [];
  for (const k of candidates) {
    const out = runStages(entity, o, materialFor(o.trust.material, k), true, k);
    if (out.checks.every((c) => c.status !== 'fail')) return out;
    outcomes.push(out);
  }
  const first = outcomes[0]!;
  const keyName = (k: TrustedKey) => `${k.source} (key id ${k.keyId ?? k.fingerprint ?? 'unknown'})`;
  const fails =
    candidates.length === 1
      ? `the signature does not verify with ${keyName(candidates[0]!)}`
      : `the signature verifies with none of the ${candidates.length} keys given (${candidates.map(keyName).join(', ')})`;
  // Only a signature that fails with every key tried gets a new reason; other failures keep their own.
  if (outcomes.every((x) => x.checks.find((c) => c.id === 'signature.value')?.status === 'fail')) {
    const named =
      hint !== undefined && candidates.some((k) => k.keyId === hint || (k.fingerprint !== undefined && hintNames(hint, k.fingerprint)));
    return withKeyReason(
      first,
      'signature.value',
      named
        ? `${fails}, the key the bundle names (key id ${hint}): the signed content or the signature was altered`
        : hint
          ? `key mismatch: ${fails}; the bundle names key id ${hint}`
          : `${fails}; the bundle names no key id, so another key signed it or its content was altered`,
    );
  }
  return first;
}

/** Trust material whose key lookup answers with one given key. */
function materialFor(material: TrustMaterial, k: TrustedKey): TrustMaterial {
  return {
    ...material,
    publicKey: () => ({
      publicKey: k.key,
      validFor: (date: Date) => (!k.validFor?.start || k.validFor.start <= date) && (!k.validFor?.end || k.validFor.end >= date),
    }),
  };
}

/** Replaces the reason of a failed check (a clearer one than the library's). */
function withKeyReason(out: SigstoreOutcome, id: string, reason: string): SigstoreOutcome {
  return { ...out, checks: out.checks.map((c) => (c.id === id && c.status === 'fail' ? fail(id, reason) : c)) };
}

function runStages(
  entity: SignedEntity,
  o: SigstoreOptions,
  material: TrustMaterial,
  keyBased: boolean,
  trustedKey: TrustedKey | undefined,
): SigstoreOutcome {
  const checks: Check[] = [];
  const certificate = entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
  const hasTimestamps = entity.timestamps.length > 0;
  // Keyless: the thresholds the trusted root implies (no tlogs in the root: no entry required, as for GitHub's
  // instance), lowered only by the insecure flags.
  const implied = o.trust.thresholds ?? impliedThresholds(o.trust.root);
  const options: VerifierOptions = keyBased
    ? { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
    : {
        tlogThreshold: o.ignoreTlog ? 0 : implied.tlog,
        ctlogThreshold: o.ignoreSct ? 0 : implied.ctlog,
        timestampThreshold: implied.timestamp,
      };
  const v = new Verifier(material, options) as unknown as Stages;

  // 1. Trusted time: RFC 3161 tokens and transparency-log promises, each verified against the trusted root.
  let times: Date[] | undefined;
  try {
    times = v.verifyTimestamps(entity);
    const late = times.filter((t) => t.getTime() > o.now.getTime() + o.skewSeconds * 1000);
    if (late.length > 0) {
      checks.push(fail('signature.timestamps', `a signing time is in the future (${late[0]!.toISOString()}, now ${o.now.toISOString()})`));
    } else if (times.length === 0) {
      checks.push(
        pass(
          'signature.timestamps',
          keyBased ? 'no trusted timestamp (key-based bundle: key validity is not checked against a time)' : 'no timestamp required',
        ),
      );
    } else {
      checks.push(
        pass('signature.timestamps', `${times.length} verified signing time(s): ${times.map((t) => t.toISOString()).join(', ')}`),
      );
    }
  } catch (err) {
    checks.push(fail('signature.timestamps', msg(err, 'timestamp verification')));
  }

  // 2. The signing key: a certificate chaining to a trusted CA at the signing time (with SCTs), or a trusted key.
  let signer: Signer | undefined;
  const keyCheck = keyBased ? 'signature.key' : 'signature.certificate';
  if (!keyBased && !times) {
    checks.push(skip(keyCheck, 'not checked: no verified signing time to check the certificate chain at'));
  } else if (!keyBased && times && times.length === 0) {
    checks.push(fail(keyCheck, 'no verified signing time: a certificate can only be checked at a trusted time'));
  } else if (keyBased && trustedKey && hasValidityWindow(trustedKey) && (!times || times.length === 0)) {
    // A key valid only in a window (npm's registry keys rotate and retire) proves nothing without a trusted time:
    // a retired key would otherwise verify anything signed after its retirement.
    const w = trustedKey.validFor!;
    checks.push(
      fail(
        keyCheck,
        `${trustedKey.source} is trusted only from ${w.start?.toISOString() ?? 'any time'} to ${w.end?.toISOString() ?? 'now'}, and the bundle has no verified signing time (transparency-log entry or RFC 3161 timestamp) to check that window at`,
      ),
    );
  } else {
    try {
      signer = v.verifySigningKey(entity, times ?? []);
      checks.push(
        pass(
          keyCheck,
          keyBased
            ? `signed by a trusted key${hasTimestamps ? '' : ' (no timestamp in the bundle)'}`
            : `certificate chains to a trusted CA at the signing time${options.ctlogThreshold ? ', SCT verified' : o.ignoreSct ? '' : ' (no SCT required: the trusted root lists no CT log)'}`,
        ),
      );
    } catch (err) {
      checks.push(fail(keyCheck, msg(err, 'the signing key check')));
    }
  }

  // 3. Transparency log: inclusion proof (checkpoint) and/or promise, and the entry must be for this signature.
  try {
    const problem = tlogEntryProblem(entity);
    if (problem) throw new VerificationError({ code: 'TLOG_INCLUSION_PROOF_ERROR', message: problem });
    if (entity.tlogEntries.length === 0 && (options.tlogThreshold ?? 1) > 0) {
      const n = o.trust.root.tlogs.length;
      throw new VerificationError({
        code: 'TLOG_ERROR',
        message: `the bundle has no transparency-log entry, and the trusted root (${o.trust.source}) lists ${n} transparency log${n === 1 ? '' : 's'}: an entry is required. A bundle from GitHub's Sigstore instance (an RFC 3161 timestamp, no log entry) verifies with GitHub's trusted root (--trusted-root; see custody trusted-root --instance github)`,
      });
    }
    v.verifyTLogs(entity);
    const n = entity.tlogEntries.length;
    checks.push(
      n > 0
        ? pass(
            'signature.tlog',
            `${n} transparency-log entr${n === 1 ? 'y' : 'ies'} verified (${entity.tlogEntries.map((e) => `${e.kindVersion.kind} ${e.kindVersion.version}`).join(', ')})`,
          )
        : pass(
            'signature.tlog',
            keyBased
              ? 'no transparency-log entry (not required for a key-based bundle)'
              : implied.tlog === 0
                ? "no transparency-log entry (not required: the trusted root lists no transparency log, as GitHub's Sigstore instance; the signing time comes from the RFC 3161 timestamp)"
                : 'no transparency-log entry (allowed by --insecure-ignore-tlog)',
          ),
    );
  } catch (err) {
    checks.push(fail('signature.tlog', msg(err, 'transparency-log verification')));
  }

  // 4. The signature itself, with the verified key (or, for the report, the certificate's key when the chain failed).
  const key = signer?.key ?? (certificate ? score.createPublicKey(certificate.publicKey) : undefined);
  if (!key) {
    checks.push(skip('signature.value', 'not checked: no trusted key'));
  } else {
    try {
      v.verifySignature(entity, { key });
      checks.push(
        pass(
          'signature.value',
          entity.signature instanceof DigestMessageContent ? 'signature verified over the target digest' : 'signature verified',
        ),
      );
    } catch (err) {
      checks.push(fail('signature.value', msg(err, 'signature verification')));
    }
  }
  return {
    checks,
    ...(signer ? { signer } : {}),
    ...(certificate ? { certificate } : {}),
    ...(trustedKey ? { trustedKey } : {}),
    signedAt: times ?? [],
    keyBased,
  };
}
