import type { ComponentHash, HashAlgorithm } from './model.js';

const SRI_ALGS: Record<string, HashAlgorithm> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', md5: 'MD5' };

const ONE_PART = /^[^\s]+$/;

/** Decoding space reused across calls (a lockfile has one integrity value per entry): no Buffer per value. */
let scratch = Buffer.allocUnsafe(256);

/** Buffer.from(base64, 'base64').toString('hex'), without allocating a Buffer. */
function base64ToHex(base64: string): string {
  const room = Math.ceil((base64.length * 3) / 4) + 3;
  if (scratch.length < room) scratch = Buffer.allocUnsafe(room);
  const n = scratch.write(base64, 'base64');
  return scratch.toString('hex', 0, n);
}

/** Parses an SRI integrity string (`sha512-BASE64 sha1-BASE64`) into hex hashes; unknown parts are ignored. */
export function fromIntegrity(integrity: string | undefined): ComponentHash[] {
  if (!integrity) return [];
  const out: ComponentHash[] = [];
  // Nearly every value is one `alg-BASE64` without options: no split, no regex for those.
  const parts = ONE_PART.test(integrity) ? [integrity] : integrity.trim().split(/\s+/);
  for (const part of parts) {
    const dash = part.indexOf('-');
    if (dash <= 0) continue;
    const alg = SRI_ALGS[part.slice(0, dash).toLowerCase()];
    if (!alg) continue;
    const value = part.slice(dash + 1);
    const hex = base64ToHex(value.includes('?') ? value.replace(/\?.*$/, '') : value);
    if (hex) out.push({ alg, content: hex });
  }
  return out;
}

/** `sha256:HEX` or `sha256=HEX` style to a hash; undefined when the algorithm is not one CycloneDX knows. */
export function fromPrefixedHex(value: string | undefined): ComponentHash | undefined {
  if (!value) return undefined;
  const m = /^(md5|sha1|sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/i.exec(value.trim());
  if (!m) return undefined;
  return { alg: SRI_ALGS[m[1]!.toLowerCase()]!, content: m[2]!.toLowerCase() };
}
