/**
 * The per-run cache of `custody verify` over several targets (verify-batch.ts): the trusted root, the trust built on
 * it and the policy are read once and parsed once, each keyed by the bytes it was made from (a file read again for
 * the next target is looked up by its content, never by its name). The certificates and verified certificate links
 * live inside each Trust (@custody/verify's cache.ts): two trusted roots never share them. Nothing here outlives
 * the run that made it.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { AttestationInput, CompiledPolicy, Trust, TrustedKey } from '@custody/verify';

type TrustedRoot = ReturnType<typeof import('@custody/verify')['publicGoodRoot']>;

/** An attestation read once for several targets: its input, and the file it came from with that file's sha256. */
export interface PreparedAttestation {
  input: AttestationInput;
  uri: string;
  sha256: string;
}

function digest(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? `${p.length}:${p}` : p).update('\0');
  return h.digest('hex');
}

function keyBytes(k: KeyObject): Buffer {
  return k.export({ format: 'der', type: 'spki' });
}

export class VerifyRunCache {
  private readonly roots = new Map<string, TrustedRoot>();
  private readonly trusts = new Map<string, Trust>();
  private readonly policies = new Map<string, Promise<CompiledPolicy>>();

  /** The trusted root parsed from these bytes (parsed once). */
  root(bytes: Uint8Array, parse: () => TrustedRoot): TrustedRoot {
    const k = digest(bytes);
    let r = this.roots.get(k);
    if (!r) {
      r = parse();
      this.roots.set(k, r);
    }
    return r;
  }

  /**
   * The trust for a root (its bytes; undefined: the embedded public-good root), a source name and keys (by their
   * SPKI bytes, source and what they may sign): built once per distinct combination.
   */
  trust(source: string, rootBytes: Uint8Array | undefined, keys: TrustedKey[], build: () => Trust): Trust {
    const k = digest(
      source,
      rootBytes ?? 'embedded',
      ...keys.flatMap((x) => [x.source, x.keyId ?? '', x.usage ?? '', keyBytes(x.key), JSON.stringify(x.validFor ?? null)]),
    );
    let t = this.trusts.get(k);
    if (!t) {
      t = build();
      this.trusts.set(k, t);
    }
    return t;
  }

  /** The policy compiled from these bytes (compiled once; its path is part of the key, as errors name it). */
  policy(path: string, bytes: Uint8Array, parse: () => Promise<CompiledPolicy>): Promise<CompiledPolicy> {
    const k = digest(path, bytes);
    let p = this.policies.get(k);
    if (!p) {
      p = parse();
      this.policies.set(k, p);
    }
    return p;
  }

  /** How many distinct trusts this run built (tests). */
  get trustCount(): number {
    return this.trusts.size;
  }
}
