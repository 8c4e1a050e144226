/**
 * Trust material: which CAs, transparency logs, CT logs, timestamp authorities and keys are trusted.
 * Built from data (a trusted_root.json document, PEM keys); the embedded public-good root comes from the
 * @sigstore/tuf seeds shipped with the package, decoded offline. Nothing here reads files or the network.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, VerificationError, type TrustMaterial } from '@sigstore/verify';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { newTrustCache, withCachedCertificates, type TrustCache } from './cache.js';
import { VerifyInputError } from './errors.js';

export const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
const TRUSTED_ROOT_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  'application/vnd.dev.sigstore.trustedroot.v0.1+json',
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
];

/** A public key trusted for key-based bundles. */
export interface TrustedKey {
  /** Where it comes from, for the report: `--key FILE`, `npm registry (seeds.json)`. */
  source: string;
  /** The bundle hint it answers to; undefined = any hint (a key the user gave). */
  keyId?: string;
  /** Hex SHA-256 of the key's SPKI DER (Custody's key id, as `custody keys generate` prints it); set by buildTrust. */
  fingerprint?: string;
  key: KeyObject;
  validFor?: { start?: Date; end?: Date };
  /**
   * What the key may sign. `npm:attestations`: an npm registry key, trusted only for npm publish attestations read
   * from an npm registry attestations document. Undefined: a key the user gave (`--key`), trusted for anything.
   */
  usage?: 'npm:attestations';
}

/** The predicate type npm's registry signs with its attestation keys. */
export const PREDICATE_NPM_PUBLISH_V01 = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

/**
 * The trusted key a key-based bundle's hint resolves to: the key with that id, else the only key the user gave
 * (a user key has no id). The same rule the trust material applies when @sigstore/verify asks for the key.
 */
export function trustedKeyForHint(keys: TrustedKey[], hint: string | undefined): TrustedKey | undefined {
  const candidates = trustedKeysForHint(keys, hint);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The trusted keys to try for a key-based bundle: the key its hint names (a registry key by its id, or a `--key`
 * key whose fingerprint the hint spells: hex, base64, or `SHA256:` base64, as Custody, cosign and npm write hints);
 * when the hint names none of them, every `--key` key (each is tried in turn).
 */
export function trustedKeysForHint(keys: TrustedKey[], hint: string | undefined): TrustedKey[] {
  if (hint !== undefined && hint !== '') {
    const exact = keys.find((k) => k.keyId !== undefined && k.keyId === hint);
    if (exact) return [exact];
    const named = keys.filter((k) => k.keyId === undefined && k.fingerprint !== undefined && hintNames(hint, k.fingerprint));
    if (named.length > 0) return named;
  }
  return keys.filter((k) => k.keyId === undefined);
}

/** Whether a bundle's public-key hint spells this fingerprint (hex SHA-256 of the SPKI DER). */
export function hintNames(hint: string, fingerprintHex: string): boolean {
  const h = hint.trim();
  if (h.toLowerCase() === fingerprintHex || h.toLowerCase() === `sha256:${fingerprintHex}`) return true;
  const b64 = Buffer.from(fingerprintHex, 'hex').toString('base64');
  const unpadded = b64.replace(/=+$/, '');
  const bare = h.replace(/^SHA256:/i, '');
  return bare === b64 || bare === unpadded || bare === b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Hex SHA-256 of a public key's SPKI DER: Custody's key id. */
export function fingerprintOf(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/** Whether a trusted key is only valid in a time window (then a bundle it signed needs a trusted time). */
export function hasValidityWindow(key: TrustedKey): boolean {
  return Boolean(key.validFor?.start || key.validFor?.end);
}

export interface Trust {
  /** `embedded public-good`, `--trusted-root FILE`, … */
  source: string;
  root: TrustedRoot;
  keys: TrustedKey[];
  material: TrustMaterial;
  /** What a keyless bundle must carry under this root (see impliedThresholds). */
  thresholds: TrustThresholds;
  /** Parsed certificates and verified certificate links under this trust, for this trust only (cache.ts). */
  cache: TrustCache;
}

/** How many verified pieces of evidence a keyless bundle needs under a trusted root. */
export interface TrustThresholds {
  /** Transparency-log entries. */
  tlog: number;
  /** Signed certificate timestamps (CT log) in the signing certificate. */
  ctlog: number;
  /** Verified signing times (RFC 3161 timestamps or log entries' integrated times). */
  timestamp: number;
}

/**
 * The thresholds a trusted root implies, as gh attestation verify sets them per trusted root and sigstore-js takes
 * them as Verifier options: a transparency-log entry is required only when the root lists transparency logs, an SCT
 * only when it lists CT logs, and one verified signing time always. GitHub's instance has no public log: its trusted
 * root lists no tlogs, and its bundles carry an RFC 3161 timestamp instead of a log entry. A root that lists logs
 * (public-good) keeps requiring an entry: a bundle without one fails `signature.tlog`.
 */
export function impliedThresholds(root: TrustedRoot): TrustThresholds {
  return { tlog: root.tlogs.length > 0 ? 1 : 0, ctlog: root.ctlogs.length > 0 ? 1 : 0, timestamp: 1 };
}

type SeedFile = Record<string, { targets: Record<string, string> }>;

function seedTarget(name: string): string {
  const repo = (seeds as unknown as SeedFile)[PUBLIC_GOOD_TUF_URL];
  const b64 = repo?.targets[name];
  if (!b64)
    throw new VerifyInputError('VERIFY_TRUST_ROOT_MISSING', `the @sigstore/tuf seeds have no ${name}.`, {
      hint: 'Reinstall dependencies (npm ci), or pass --trusted-root FILE.',
    });
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** The public-good Sigstore trusted_root.json embedded in @sigstore/tuf's seeds (no network). */
export function embeddedPublicGoodRootJson(): unknown {
  return JSON.parse(seedTarget('trusted_root.json'));
}

/** npm registry attestation keys from the same seeds (keyUsage npm:attestations). */
export function embeddedNpmKeys(): TrustedKey[] {
  const doc = JSON.parse(seedTarget('registry.npmjs.org%2Fkeys.json')) as {
    keys: Array<{ keyId: string; keyUsage: string; publicKey: { rawBytes: string; validFor?: { start?: string; end?: string } } }>;
  };
  return doc.keys
    .filter((k) => k.keyUsage === 'npm:attestations')
    .map((k) => ({
      source: `npm registry key ${k.keyId}`,
      keyId: k.keyId,
      usage: 'npm:attestations' as const,
      key: createPublicKey({ key: Buffer.from(k.publicKey.rawBytes, 'base64'), format: 'der', type: 'spki' }),
      validFor: {
        ...(k.publicKey.validFor?.start ? { start: new Date(k.publicKey.validFor.start) } : {}),
        ...(k.publicKey.validFor?.end ? { end: new Date(k.publicKey.validFor.end) } : {}),
      },
    }));
}

/**
 * Parses and checks a trusted_root.json document. Stricter than the protobuf decoder: every transparency log and
 * CT log key must say from when it is valid (a missing start is not "forever").
 */
export function parseTrustedRoot(json: unknown, where: string): TrustedRoot {
  const bad = (what: string) =>
    new VerifyInputError('VERIFY_TRUST_ROOT_INVALID', `${what}.`, {
      location: where,
      hint: "Use a Sigstore trusted_root.json (e.g. from `gh attestation trusted-root` or the instance's TUF repository).",
    });
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw bad('the trusted root is not a JSON object');
  const doc = json as Record<string, unknown>;
  if (typeof doc.mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPES.includes(doc.mediaType)) {
    throw bad(`the trusted root media type "${String(doc.mediaType)}" is not a Sigstore trusted root`);
  }
  for (const list of ['tlogs', 'ctlogs'] as const) {
    const items = doc[list];
    if (items !== undefined && !Array.isArray(items)) throw bad(`"${list}" is not a list`);
    for (const [i, item] of ((items as Array<Record<string, any>>) ?? []).entries()) {
      if (!item?.publicKey?.rawBytes) throw bad(`${list}[${i}] has no publicKey.rawBytes`);
      if (!item.publicKey.validFor?.start) throw bad(`${list}[${i}] (${item.baseUrl ?? 'no baseUrl'}) has no publicKey.validFor.start`);
      if (!item.logId?.keyId && !item.checkpointKeyId?.keyId) throw bad(`${list}[${i}] has no logId.keyId`);
    }
  }
  for (const list of ['certificateAuthorities', 'timestampAuthorities'] as const) {
    const items = doc[list];
    if (items !== undefined && !Array.isArray(items)) throw bad(`"${list}" is not a list`);
    for (const [i, item] of ((items as Array<Record<string, any>>) ?? []).entries()) {
      if (!item?.certChain?.certificates?.length) throw bad(`${list}[${i}] has no certChain.certificates`);
    }
  }
  try {
    return TrustedRoot.fromJSON(doc);
  } catch (err) {
    throw bad(`the trusted root cannot be decoded (${(err as Error).message})`);
  }
}

/** The key id Sigstore and npm use in hints: SHA256:<base64 of SHA-256 over the SPKI DER>. */
export function keyIdOf(key: KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** Parses a PEM public key (SPKI). */
export function parsePublicKeyPem(pem: string, where: string): KeyObject {
  // createPublicKey would quietly derive the public half from a private key: refuse it instead, so that a private
  // key is never handed to a verifier (a CI log, a deploy gate) by mistake.
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
    throw new VerifyInputError('VERIFY_KEY_PRIVATE', 'this is a private key; --key takes a public key.', {
      location: where,
      hint: 'Pass the public half (the .pub file `custody keys generate` or `cosign generate-key-pair` wrote next to it, or `openssl pkey -in KEY -pubout`), and keep the private key away from the verifier.',
    });
  }
  try {
    const key = createPublicKey(pem);
    if (key.type !== 'public') throw new Error('not a public key');
    return key;
  } catch (err) {
    throw new VerifyInputError('VERIFY_KEY_INVALID', `not a PEM public key (${(err as Error).message}).`, {
      location: where,
      hint: 'Pass the public half, e.g. the .pub file written by `custody keys generate` or `cosign generate-key-pair`.',
    });
  }
}

export interface TrustOptions {
  root: TrustedRoot;
  source: string;
  keys?: TrustedKey[];
}

/**
 * Builds the @sigstore/verify trust material once; reused for every bundle. Its certificates memoize (cache.ts) in
 * a cache that belongs to this Trust alone: two trusts never share cached certificates or chains.
 */
export function buildTrust(options: TrustOptions): Trust {
  const keys = (options.keys ?? []).map((k) => (k.fingerprint ? k : { ...k, fingerprint: fingerprintOf(k.key) }));
  const material = toTrustMaterial(options.root, (hint: string) => {
    const found = trustedKeyForHint(keys, hint);
    const user = keys.filter((k) => k.keyId === undefined);
    if (!found) {
      throw new VerificationError({
        code: 'PUBLIC_KEY_ERROR',
        message: user.length > 1 ? `several --key keys and none named by hint "${hint}"` : `no trusted key for hint "${hint}"`,
      });
    }
    return {
      publicKey: found.key,
      validFor: (date: Date) =>
        (!found.validFor?.start || found.validFor.start <= date) && (!found.validFor?.end || found.validFor.end >= date),
    };
  });
  const cache = newTrustCache();
  return {
    source: options.source,
    root: options.root,
    keys,
    material: withCachedCertificates(material, cache),
    thresholds: impliedThresholds(options.root),
    cache,
  };
}

let publicGood: TrustedRoot | undefined;
/** The public-good trust, decoded once per process. */
export function publicGoodRoot(): TrustedRoot {
  publicGood ??= parseTrustedRoot(embeddedPublicGoodRootJson(), '@sigstore/tuf/seeds.json');
  return publicGood;
}
