import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { CoreInputError } from './errors.js';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1';
/** An in-toto DigestSet: algorithm -> lowercase hex. */
export type DigestSet = Record<string, string>;

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

export function isDigestAlgorithm(alg: string): alg is DigestAlgorithm {
  return Object.hasOwn(HEX_LENGTH, alg);
}

export function hexLength(alg: DigestAlgorithm): number {
  return HEX_LENGTH[alg];
}

export function digestBytes(bytes: Uint8Array | string, alg: DigestAlgorithm = 'sha256'): string {
  return createHash(alg).update(bytes).digest('hex');
}

/**
 * Reads a file through the hash in chunks of at most 1 MiB: constant memory whatever its size. The buffer is no
 * larger than the file (a stream's is its highWaterMark whatever the size: 1 MiB of garbage per small file, which
 * dominated hashing many small subjects).
 */
export async function digestFile(path: string, alg: DigestAlgorithm = 'sha256'): Promise<string> {
  const hash = createHash(alg);
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, 1 << 20)));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** A parsed `ALG:HEX` digest such as `sha256:abc…`. */
export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
}

export function formatDigest(d: Digest): string {
  return `${d.algorithm}:${d.hex}`;
}

/** Parses `sha256:HEX` (also sha384/sha512/sha1); throws InputError naming what was wrong. */
export function parseDigest(text: string, where = 'digest'): Digest {
  const m = /^([a-z0-9]+):([0-9a-fA-F]+)$/.exec(text.trim());
  if (!m) {
    throw new CoreInputError('DIGEST_INVALID', `"${text}" is not a digest.`, {
      location: where,
      hint: 'Write it as sha256:<64 hex characters>.',
    });
  }
  const alg = m[1]!;
  const hex = m[2]!.toLowerCase();
  if (!isDigestAlgorithm(alg)) {
    throw new CoreInputError('DIGEST_UNSUPPORTED_ALGORITHM', `digest algorithm "${alg}" is not supported.`, {
      location: where,
      hint: 'Use sha256 (or sha384, sha512).',
    });
  }
  if (hex.length !== HEX_LENGTH[alg]) {
    throw new CoreInputError('DIGEST_INVALID', `a ${alg} digest has ${HEX_LENGTH[alg]} hex characters, "${text}" has ${hex.length}.`, {
      location: where,
      hint: 'Check that the digest was copied whole.',
    });
  }
  return { algorithm: alg, hex };
}
