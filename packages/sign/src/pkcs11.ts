/**
 * `pkcs11:` keys (RFC 7512 URIs): a key in a PKCS#11 token or HSM signs through the token's module, loaded with
 * the pkcs11js binding (a maintained N-API addon, an optional dependency built at install). Loaded lazily by
 * key-uri.ts: nothing here runs, and the binding is not even resolved, unless `--key pkcs11:...` is given.
 *
 * URI: `pkcs11:token=LABEL;object=LABEL[;id=%01][;serial=…][;slot-id=N]?module-path=/path/lib.so[&pin-source=file:/p]`.
 * The PIN comes from `pin-source` (a file, its trailing newline dropped) or CUSTODY_PKCS11_PIN; a `pin-value` in
 * the URI is refused, since a command line is readable by every process on the machine. The PIN is registered as a
 * secret (masked in logs) and never put in a message.
 *
 * Signing: ECDSA P-256 and P-384 keys, CKM_ECDSA over the SHA-256 of the data (the DSSE PAE; CKM_ECDSA takes the
 * raw hash, so a P-384 key makes ECDSA P-384 with SHA-256, the scheme @sigstore/verify checks: kms/algorithms.ts);
 * the token's raw r||s is re-encoded as DER, so the bundle is the same as one signed with the PEM key. Ed25519 keys
 * (CKK_EC_EDWARDS, PKCS#11 3.0; SoftHSM2 2.6 has them) sign the data itself with CKM_EDDSA, as a PEM Ed25519 key does.
 * RSA keys sign with CKM_SHA256_RSA_PKCS, or, when the key's CKA_ALLOWED_MECHANISMS or the token allow only PSS, with
 * CKM_SHA256_RSA_PKCS_PSS (SHA-256, MGF1-SHA-256, salt 32), the public key then published as an RSASSA-PSS SPKI.
 * Each signature is checked against the public key before it is used, as the verifier will check it: a public key
 * object that does not belong to the private key fails here, not at verification.
 */
import { X509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addSecret, describeCause } from '@custody/core';
import { rsaPssPublicKey, verifiesAsSigstore } from './kms/algorithms.js';
import { KeyUriError } from './kms/errors.js';
import type { KeySigner, KeyUriContext } from './key-uri.js';
import { keyIdOf } from './keys.js';

/** PKCS#11 constants used here (fixed by the standard, PKCS#11 v2.40 pkcs11t.h). */
const CKO_CERTIFICATE = 1;
const CKO_PUBLIC_KEY = 2;
const CKO_PRIVATE_KEY = 3;
const CKO_SECRET_KEY = 4;
const CKA_CLASS = 0x0;
const CKA_LABEL = 0x3;
const CKA_VALUE = 0x11;
const CKA_KEY_TYPE = 0x100;
const CKA_ID = 0x102;
const CKA_SIGN = 0x108;
const CKA_EC_PARAMS = 0x180;
const CKA_EC_POINT = 0x181;
const CKA_MODULUS = 0x120;
const CKA_PUBLIC_EXPONENT = 0x122;
const CKA_ALLOWED_MECHANISMS = 0x40000600;
const CKK_RSA = 0x0;
const CKK_EC = 0x3;
const CKK_EC_EDWARDS = 0x40;
const CKM_ECDSA = 0x1041;
const CKM_EDDSA = 0x1057;
const CKM_SHA256_RSA_PKCS = 0x40;
const CKM_SHA256_RSA_PKCS_PSS = 0x43;
const CKM_SHA256 = 0x250;
const CKG_MGF1_SHA256 = 0x2;
/** pkcs11js's CK_PARAMS_RSA_PSS: the mechanism parameter is a CK_RSA_PKCS_PSS_PARAMS. */
const CK_PARAMS_RSA_PSS = 5;
const CKF_SERIAL_SESSION = 0x4;
const CKF_LOGIN_REQUIRED = 0x4;
const CKU_USER = 1;

const EC_PUBLIC_KEY_OID = Buffer.from('06072a8648ce3d0201', 'hex');
/** id-Ed25519 (1.3.101.112), and the PrintableString "edwards25519" some tokens give as CKA_EC_PARAMS instead. */
const ED25519_OID = Buffer.from('06032b6570', 'hex');
const ED25519_NAME = Buffer.concat([Buffer.from([0x13, 12]), Buffer.from('edwards25519')]);

/** The part of pkcs11js used here (typed locally: the build does not need the optional binding installed). */
type Handle = Buffer;
interface Attribute {
  type: number;
  value?: number | boolean | string | Buffer;
}
interface Pkcs11 {
  load(path: string): void;
  close(): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent?: boolean): Handle[];
  C_GetTokenInfo(slot: Handle): { label: string; serialNumber: string; flags: number };
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_Login(session: Handle, userType: number, pin?: string): void;
  C_Logout(session: Handle): void;
  C_FindObjectsInit(session: Handle, template: Attribute[]): void;
  C_FindObjects(session: Handle, maxObjectCount: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GetAttributeValue(session: Handle, object: Handle, template: Attribute[]): Attribute[];
  C_GetMechanismList(slot: Handle): number[];
  C_SignInit(
    session: Handle,
    mechanism: { mechanism: number; parameter?: { type: number; hashAlg: number; mgf: number; saltLen: number } },
    key: Handle,
  ): void;
  C_Sign(session: Handle, inData: Buffer, outData: Buffer): Buffer;
}
interface Pkcs11Binding {
  PKCS11: new () => Pkcs11;
}

/** The attributes of a pkcs11: URI that Custody reads. */
export interface Pkcs11Uri {
  token?: string;
  object?: string;
  id?: Buffer;
  serial?: string;
  slotId?: bigint;
  type?: string;
  modulePath?: string;
  pinSource?: string;
}

const PATH_ATTRS = [
  'token',
  'object',
  'id',
  'serial',
  'slot-id',
  'type',
  'manufacturer',
  'model',
  'library-manufacturer',
  'library-description',
  'library-version',
  'slot-description',
  'slot-manufacturer',
];
const QUERY_ATTRS = ['module-path', 'module-name', 'pin-source', 'pin-value'];

function uriError(uri: string, message: string, hint: string): KeyUriError {
  return new KeyUriError('SIGN_KEY_URI_INVALID', message, { location: redact(uri), hint });
}

function redact(uri: string): string {
  return uri.replace(/(pin-value=)[^&;]*/gi, '$1***');
}

const URI_HINT =
  'Write it as pkcs11:token=LABEL;object=LABEL?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/secrets/pin (RFC 7512).';

/** Parses an RFC 7512 URI; refuses a pin-value (a PIN on the command line) and attributes it does not know. */
export function parsePkcs11Uri(uri: string): Pkcs11Uri {
  if (!/^pkcs11:/i.test(uri)) throw uriError(uri, 'the key URI does not start with pkcs11:.', URI_HINT);
  const rest = uri.slice('pkcs11:'.length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const seen = new Map<string, string>();
  const raw = new Map<string, string>();
  const take = (part: string, sep: string, known: string[]) => {
    for (const pair of part.split(sep)) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) throw uriError(uri, `the PKCS#11 URI attribute "${pair.slice(0, 40)}" has no value.`, URI_HINT);
      const name = pair.slice(0, eq).toLowerCase();
      if (name === 'pin-value') {
        throw new KeyUriError(
          'SIGN_PKCS11_PIN_IN_URI',
          'the key URI carries the PIN (pin-value): a command line is readable by other processes.',
          {
            location: redact(uri),
            hint: 'Put the PIN in a file readable only by you and name it with pin-source=file:/path, or set CUSTODY_PKCS11_PIN from a secret.',
          },
        );
      }
      if (!known.includes(name)) {
        throw uriError(uri, `the PKCS#11 URI attribute "${name}" is not supported here.`, `Known: ${known.join(', ')}. ${URI_HINT}`);
      }
      if (seen.has(name)) throw uriError(uri, `the PKCS#11 URI gives "${name}" twice.`, URI_HINT);
      let value = pair.slice(eq + 1);
      try {
        // id is bytes, not UTF-8 text: decoded below.
        if (name !== 'id') value = decodeURIComponent(value);
      } catch {
        throw uriError(uri, `the PKCS#11 URI attribute "${name}" has a bad %-escape.`, URI_HINT);
      }
      seen.set(name, value);
      raw.set(name, pair.slice(eq + 1));
    }
  };
  take(path, ';', PATH_ATTRS);
  take(query, '&', QUERY_ATTRS);
  const out: Pkcs11Uri = {};
  const v = (k: string) => seen.get(k);
  if (v('token') !== undefined) out.token = v('token')!;
  if (v('object') !== undefined) out.object = v('object')!;
  if (v('serial') !== undefined) out.serial = v('serial')!;
  if (v('type') !== undefined) {
    if (!['private', 'public', 'cert'].includes(v('type')!)) {
      throw uriError(uri, `type=${v('type')} does not name a key.`, 'Use type=private (or leave type out).');
    }
    out.type = v('type')!;
  }
  if (seen.has('id')) {
    // id is a byte string, %-encoded byte by byte: decoded as bytes, not as UTF-8.
    const bytes: number[] = [];
    const text = raw.get('id')!;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '%') {
        bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(text.charCodeAt(i) & 0xff);
    }
    out.id = Buffer.from(bytes);
  }
  if (seen.has('slot-id')) {
    if (!/^\d+$/.test(v('slot-id')!)) throw uriError(uri, `slot-id=${v('slot-id')} is not a number.`, URI_HINT);
    out.slotId = BigInt(v('slot-id')!);
  }
  if (v('module-path')) out.modulePath = v('module-path')!;
  else if (v('module-name')) {
    throw uriError(
      uri,
      'module-name is not supported: Custody does not search for PKCS#11 modules.',
      'Give the module file with module-path=/path/to/module.so.',
    );
  }
  if (v('pin-source')) out.pinSource = v('pin-source')!;
  if (out.object === undefined && out.id === undefined) {
    throw uriError(uri, 'the PKCS#11 URI names no key: it has neither object= nor id=.', URI_HINT);
  }
  if (!out.modulePath) throw uriError(uri, 'the PKCS#11 URI has no module-path: Custody needs the token module file.', URI_HINT);
  return out;
}

/** A description of the key for messages: token and object, never the PIN. */
function describe(u: Pkcs11Uri): string {
  const parts = [u.token !== undefined ? `token "${u.token}"` : 'any token', u.object !== undefined ? `object "${u.object}"` : ''];
  if (u.id) parts.push(`id ${u.id.toString('hex')}`);
  return parts.filter(Boolean).join(', ');
}

function pkcs11Code(err: unknown): string | undefined {
  const m = /\b(CKR_[A-Z0-9_]+)/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1];
}

async function loadBinding(): Promise<Pkcs11Binding> {
  // A computed specifier, ignored by the bundler: the action bundles never carry the native addon.
  const name = 'pkcs11js';
  try {
    const mod = (await import(/* webpackIgnore: true */ name)) as { default?: Pkcs11Binding } & Pkcs11Binding;
    return mod.default ?? mod;
  } catch (err) {
    throw new KeyUriError(
      'SIGN_PKCS11_BINDING_MISSING',
      `the PKCS#11 binding (pkcs11js) cannot be loaded (${describeCause(err).slice(0, 160)}).`,
      {
        hint: 'PKCS#11 signing uses the optional dependency pkcs11js, a native addon compiled at npm install: install python3, make and g++ and run npm install again (or npm install pkcs11js). The GitHub actions do not carry it: sign with the CLI (npx custody attest --key pkcs11:...).',
        cause: err,
      },
    );
  }
}

function readPin(u: Pkcs11Uri, context: KeyUriContext): string | undefined {
  if (u.pinSource) {
    const src = u.pinSource;
    let path: string;
    if (/^file:\/\//i.test(src)) path = fileURLToPath(src);
    else if (/^file:/i.test(src)) path = src.slice('file:'.length);
    else if (/^[a-z][a-z0-9+.-]+:/i.test(src)) {
      throw new KeyUriError('SIGN_KEY_URI_INVALID', `pin-source ${src.slice(0, 60)} is not a file.`, {
        hint: 'Use pin-source=file:/path/to/pin (a file readable only by you), or CUSTODY_PKCS11_PIN.',
      });
    } else path = src;
    const full = isAbsolute(path) ? path : resolve(context.cwd, path);
    let text: string;
    try {
      if (statSync(full).size > 4096) throw new Error('larger than 4 KiB');
      text = readFileSync(full, 'utf8');
    } catch (err) {
      throw new KeyUriError('SIGN_PKCS11_PIN_MISSING', `the PIN file of pin-source cannot be read (${describeCause(err).slice(0, 120)}).`, {
        location: full,
        hint: 'Check the path in pin-source=file:..., or set CUSTODY_PKCS11_PIN instead.',
        cause: err,
      });
    }
    const pin = text.replace(/\r?\n$/, '');
    if (pin) addSecret(pin);
    return pin;
  }
  if (context.pkcs11Pin) {
    addSecret(context.pkcs11Pin);
    return context.pkcs11Pin;
  }
  return undefined;
}

/** DER length + value of a tag. */
function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** ECDSA r||s (as PKCS#11 returns it) -> DER SEQUENCE { INTEGER r, INTEGER s } (as DSSE bundles carry it). */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error(`an ECDSA signature of ${raw.length} bytes is not r||s`);
  const int = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return der(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
  };
  const half = raw.length / 2;
  return der(0x30, Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]));
}

/** CKA_EC_POINT is a DER OCTET STRING around the point (some modules give the bare point). */
function unwrapPoint(point: Buffer): Buffer {
  if (point[0] === 0x04 && point.length > 2) {
    if (point[1]! < 0x80 && point[1] === point.length - 2) return point.subarray(2);
    if (point[1] === 0x81 && point[2] === point.length - 3) return point.subarray(3);
  }
  return point;
}

function spkiFromEc(params: Buffer, point: Buffer): KeyObject {
  if (params.equals(ED25519_OID) || params.equals(ED25519_NAME)) {
    const bits = der(0x03, Buffer.concat([Buffer.from([0]), unwrapPoint(point)]));
    return createPublicKey({ key: der(0x30, Buffer.concat([der(0x30, ED25519_OID), bits])), format: 'der', type: 'spki' });
  }
  const algorithm = der(0x30, Buffer.concat([EC_PUBLIC_KEY_OID, params]));
  const bits = der(0x03, Buffer.concat([Buffer.from([0]), unwrapPoint(point)]));
  return createPublicKey({ key: der(0x30, Buffer.concat([algorithm, bits])), format: 'der', type: 'spki' });
}

function ulong(b: Buffer | undefined): number {
  if (!b || b.length === 0) return -1;
  return b.length >= 8 ? Number(b.readBigUInt64LE(0)) : b.readUInt32LE(0);
}

/** Opens a session on the token the URI names, finds the key, and returns its signer. */
export async function openPkcs11Key(uri: string, context: KeyUriContext): Promise<KeySigner> {
  const u = parsePkcs11Uri(uri);
  const what = describe(u);
  const location = redact(uri);
  const modulePath = isAbsolute(u.modulePath!) ? u.modulePath! : resolve(context.cwd, u.modulePath!);
  const fail = (code: ConstructorParameters<typeof KeyUriError>[0], message: string, hint: string, cause?: unknown) =>
    new KeyUriError(code, message, { location, hint, ...(cause ? { cause } : {}) });
  try {
    statSync(modulePath);
  } catch {
    throw fail(
      'SIGN_PKCS11_MODULE_MISSING',
      `the PKCS#11 module ${modulePath} does not exist.`,
      "Give module-path the token vendor's module (.so), e.g. /usr/lib/softhsm/libsofthsm2.so for SoftHSM2 (Debian package softhsm2).",
    );
  }
  const pin = readPin(u, context);
  const { PKCS11 } = await loadBinding();
  const p11 = new PKCS11();
  try {
    p11.load(modulePath);
  } catch (err) {
    throw fail(
      'SIGN_PKCS11_MODULE_MISSING',
      `the PKCS#11 module ${modulePath} cannot be loaded (${describeCause(err).slice(0, 160)}).`,
      'Check that module-path names a PKCS#11 module built for this machine.',
      err,
    );
  }
  let session: Handle | undefined;
  let loggedIn = false;
  // Another key of the same module open in this process (the same library instance) initialized it already:
  // share it, and leave finalizing to the one that initialized.
  let initialized = false;
  const close = async () => {
    try {
      if (session && loggedIn) p11.C_Logout(session);
      if (session) p11.C_CloseSession(session);
      if (initialized) p11.C_Finalize();
    } catch {
      // closing: nothing to report
    }
    initialized = false;
    try {
      p11.close();
    } catch {
      // the module may be unloaded already
    }
    session = undefined;
  };
  try {
    try {
      p11.C_Initialize();
      initialized = true;
    } catch (err) {
      if (pkcs11Code(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw err;
    }
    const tokens: string[] = [];
    const slots = p11.C_GetSlotList(true).filter((slot) => {
      const info = p11.C_GetTokenInfo(slot);
      const label = info.label.trim();
      tokens.push(label);
      if (u.token !== undefined && label !== u.token) return false;
      if (u.serial !== undefined && info.serialNumber.trim() !== u.serial) return false;
      if (u.slotId !== undefined && ulongBig(slot) !== u.slotId) return false;
      return true;
    });
    if (slots.length === 0) {
      throw fail(
        'SIGN_PKCS11_TOKEN_NOT_FOUND',
        `no token matches ${what} in ${modulePath} (tokens present: ${tokens.length ? tokens.map((t) => `"${t}"`).join(', ') : 'none'}).`,
        'Check token= in the URI against the token labels (pkcs11-tool --module MODULE --list-token-slots); for SoftHSM2 check SOFTHSM2_CONF.',
      );
    }
    const find = (s: Handle, template: Attribute[]): Handle[] => {
      p11.C_FindObjectsInit(s, template);
      try {
        return p11.C_FindObjects(s, 16);
      } finally {
        p11.C_FindObjectsFinal(s);
      }
    };
    const byName = (cls: number): Attribute[] => [
      { type: CKA_CLASS, value: cls },
      ...(u.object !== undefined ? [{ type: CKA_LABEL, value: u.object }] : []),
      ...(u.id ? [{ type: CKA_ID, value: u.id }] : []),
    ];
    const slot = slots[0]!;
    const info = p11.C_GetTokenInfo(slot);
    session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION);
    const s = session;
    const login = () => {
      if (loggedIn || pin === undefined) return;
      try {
        p11.C_Login(s, CKU_USER, pin);
        loggedIn = true;
      } catch (err) {
        const code = pkcs11Code(err);
        if (code === 'CKR_USER_ALREADY_LOGGED_IN') {
          loggedIn = true;
          return;
        }
        if (code === 'CKR_PIN_INCORRECT' || code === 'CKR_PIN_LEN_RANGE' || code === 'CKR_PIN_INVALID') {
          throw fail(
            'SIGN_PKCS11_PIN_WRONG',
            `the PIN is wrong for token "${info.label.trim()}" (${code}).`,
            'Check the PIN in the pin-source file or CUSTODY_PKCS11_PIN; repeated wrong PINs lock the token.',
            err,
          );
        }
        if (code === 'CKR_PIN_LOCKED') {
          throw fail(
            'SIGN_PKCS11_PIN_WRONG',
            `the user PIN of token "${info.label.trim()}" is locked (CKR_PIN_LOCKED).`,
            "Unlock it with the security officer PIN (the token vendor's tool), then give the right PIN.",
            err,
          );
        }
        throw fail(
          'SIGN_PKCS11_FAILED',
          `logging in to token "${info.label.trim()}" failed (${code ?? describeCause(err).slice(0, 120)}).`,
          'Check the token and its module.',
          err,
        );
      }
    };

    // The public key: its own object, else a certificate, found without logging in when the token allows.
    const publicKeyOf = (idOfPrivate?: Buffer): KeyObject | undefined => {
      const templates: Attribute[][] = idOfPrivate?.length
        ? [
            [
              { type: CKA_CLASS, value: CKO_PUBLIC_KEY },
              { type: CKA_ID, value: idOfPrivate },
            ],
          ]
        : [];
      templates.push(byName(CKO_PUBLIC_KEY));
      for (const t of templates) {
        const found = find(s, t);
        if (found.length === 1) {
          const [type] = p11.C_GetAttributeValue(s, found[0]!, [{ type: CKA_KEY_TYPE }]);
          if (ulong(type!.value as Buffer) === CKK_RSA) {
            const [n, e] = p11.C_GetAttributeValue(s, found[0]!, [{ type: CKA_MODULUS }, { type: CKA_PUBLIC_EXPONENT }]);
            const b64 = (v: Attribute | undefined) => (v!.value as Buffer).toString('base64url');
            return createPublicKey({ key: { kty: 'RSA', n: b64(n), e: b64(e) }, format: 'jwk' });
          }
          const [params, point] = p11.C_GetAttributeValue(s, found[0]!, [{ type: CKA_EC_PARAMS }, { type: CKA_EC_POINT }]);
          return spkiFromEc(params!.value as Buffer, point!.value as Buffer);
        }
      }
      const certs = find(s, byName(CKO_CERTIFICATE));
      if (certs.length === 1) {
        const [value] = p11.C_GetAttributeValue(s, certs[0]!, [{ type: CKA_VALUE }]);
        return new X509Certificate(value!.value as Buffer).publicKey;
      }
      return undefined;
    };

    /**
     * For an RSA key object: PSS (true) when its CKA_ALLOWED_MECHANISMS (absent or empty: any) or the token's
     * mechanisms leave CKM_SHA256_RSA_PKCS_PSS and not CKM_SHA256_RSA_PKCS; refused when they leave neither.
     */
    const rsaNeedsPss = (object: Handle, what: string): boolean => {
      let allowed: number[] = [];
      try {
        const [a] = p11.C_GetAttributeValue(s, object, [{ type: CKA_ALLOWED_MECHANISMS }]);
        const raw = a!.value as Buffer | undefined;
        const width = raw && raw.length % 8 === 0 ? 8 : 4;
        for (let i = 0; raw && i + width <= raw.length; i += width) allowed.push(ulong(raw.subarray(i, i + width)));
      } catch {
        allowed = []; // a module without CKA_ALLOWED_MECHANISMS (before PKCS#11 2.40): any mechanism
      }
      const offered = p11.C_GetMechanismList(slot);
      const can = (m: number) => offered.includes(m) && (allowed.length === 0 || allowed.includes(m));
      if (can(CKM_SHA256_RSA_PKCS)) return false;
      if (can(CKM_SHA256_RSA_PKCS_PSS)) return true;
      throw fail(
        'SIGN_PKCS11_KEY_NOT_SIGNING',
        `the RSA key ${what} on token "${info.label.trim()}" may sign with neither CKM_SHA256_RSA_PKCS nor CKM_SHA256_RSA_PKCS_PSS.`,
        'Allow one of them for the key (CKA_ALLOWED_MECHANISMS), or use an ECDSA P-256 key.',
      );
    };

    const needLogin = (info.flags & CKF_LOGIN_REQUIRED) !== 0;
    let publicKey: KeyObject | undefined;
    let privateKey: Handle | undefined;
    // For an RSA key: PSS when the key or the token allows only PSS (chosen below for a signing key).
    let pss = false;
    if (context.purpose === 'public-key') {
      publicKey = publicKeyOf();
      if (!publicKey && pin !== undefined) {
        login();
        publicKey = publicKeyOf();
      }
      if (!publicKey) {
        throw fail(
          'SIGN_PKCS11_OBJECT_NOT_FOUND',
          `no public key or certificate for ${what} on token "${info.label.trim()}"${pin === undefined && needLogin ? ' without logging in' : ''}.`,
          'Check object=/id= against the objects on the token (pkcs11-tool --module MODULE --list-objects); if its public objects need a login, give the PIN (pin-source or CUSTODY_PKCS11_PIN).',
        );
      }
      if (publicKey.asymmetricKeyType === 'rsa') {
        // The scheme the key signs with decides its published form: read from its public key object.
        const objects = find(s, byName(CKO_PUBLIC_KEY));
        if (objects.length === 1) pss = rsaNeedsPss(objects[0]!, what);
      }
    } else {
      if (pin === undefined && needLogin) {
        throw fail(
          'SIGN_PKCS11_PIN_MISSING',
          `signing with ${what} needs the PIN of token "${info.label.trim()}", and none was given.`,
          'Add pin-source=file:/path/to/pin to the URI (a file readable only by you), or set CUSTODY_PKCS11_PIN from a secret.',
        );
      }
      login();
      const privates = find(s, byName(CKO_PRIVATE_KEY));
      if (privates.length === 0) {
        const secrets = find(s, byName(CKO_SECRET_KEY));
        if (secrets.length > 0) {
          throw fail(
            'SIGN_PKCS11_KEY_NOT_SIGNING',
            `${what} on token "${info.label.trim()}" is a secret (symmetric) key, which cannot make a signature.`,
            'Name an ECDSA P-256 private key with object= (pkcs11-tool --keypairgen --key-type EC:prime256v1 makes one).',
          );
        }
        const publics = find(s, byName(CKO_PUBLIC_KEY)).length + find(s, byName(CKO_CERTIFICATE)).length;
        throw fail(
          'SIGN_PKCS11_OBJECT_NOT_FOUND',
          `no private key ${what} on token "${info.label.trim()}"${publics ? ' (only a public key or certificate has that name)' : ''}.`,
          'Check object=/id= against the private keys on the token (pkcs11-tool --module MODULE --login --list-objects --type privkey).',
        );
      }
      if (privates.length > 1) {
        throw fail(
          'SIGN_KEY_URI_INVALID',
          `${privates.length} private keys match ${what} on token "${info.label.trim()}".`,
          'Add id= (or a unique object=) to the URI so that it names one key.',
        );
      }
      privateKey = privates[0]!;
      const [sign, keyType, id] = p11.C_GetAttributeValue(s, privateKey, [{ type: CKA_SIGN }, { type: CKA_KEY_TYPE }, { type: CKA_ID }]);
      const type = ulong(keyType!.value as Buffer);
      if (type !== CKK_EC && type !== CKK_EC_EDWARDS && type !== CKK_RSA) {
        throw fail(
          'SIGN_KEY_UNSUPPORTED',
          `${what} on token "${info.label.trim()}" is not an EC, Edwards or RSA key (CKA_KEY_TYPE ${type}).`,
          'Custody signs through PKCS#11 with ECDSA P-256/P-384, Ed25519 or RSA keys: make one with pkcs11-tool --keypairgen --key-type EC:prime256v1 (or EC:secp384r1, EC:edwards25519, rsa:3072).',
        );
      }
      if (type === CKK_RSA) pss = rsaNeedsPss(privateKey, what);
      const canSign = sign!.value as Buffer | undefined;
      if (canSign?.[0] !== 1) {
        throw fail(
          'SIGN_PKCS11_KEY_NOT_SIGNING',
          `${what} on token "${info.label.trim()}" may not sign (CKA_SIGN is false).`,
          'Use a key made for signing (pkcs11-tool --keypairgen --usage-sign), or set CKA_SIGN on it if the token allows.',
        );
      }
      publicKey = publicKeyOf(id?.value as Buffer | undefined);
      if (!publicKey) {
        throw fail(
          'SIGN_PKCS11_OBJECT_NOT_FOUND',
          `the private key ${what} on token "${info.label.trim()}" has no public key or certificate beside it (same id or label).`,
          'Store the public key on the token with the same id (pkcs11-tool --write-object KEY.pub --type pubkey --id ID).',
        );
      }
    }
    const curve = publicKey.asymmetricKeyDetails?.namedCurve;
    const keyType = publicKey.asymmetricKeyType;
    const ed = keyType === 'ed25519';
    const rsa = keyType === 'rsa';
    const p384 = keyType === 'ec' && (curve === 'secp384r1' || curve === 'P-384');
    if (!ed && !rsa && !p384 && (keyType !== 'ec' || (curve !== 'prime256v1' && curve !== 'P-256'))) {
      throw fail(
        'SIGN_KEY_UNSUPPORTED',
        `${what} is ${keyType?.toUpperCase() ?? 'unknown'}${curve ? ` on ${curve}` : ''}, not ECDSA P-256/P-384, Ed25519 or RSA.`,
        'Custody signs through PKCS#11 with ECDSA P-256 or P-384, Ed25519 or RSA keys.',
      );
    }
    // A PSS-only key is published with its PSS parameters (RSASSA-PSS SPKI), so that verifiers check PSS with it.
    const pub = rsa && pss ? rsaPssPublicKey(publicKey) : publicKey;
    const key = privateKey;
    const label = info.label.trim();
    const signer: KeySigner = {
      algorithm: ed ? 'ed25519' : rsa ? (pss ? 'rsa-pss-sha256' : 'rsa-pkcs1-sha256') : p384 ? 'ecdsa-p384' : 'ecdsa-p256',
      publicKey: pub,
      publicKeyPem: pub.export({ format: 'pem', type: 'spki' }).toString(),
      keyId: keyIdOf(pub),
      description: `pkcs11:${what}`,
      async sign(data: Buffer): Promise<Buffer> {
        if (!key || !session)
          throw fail('SIGN_PKCS11_FAILED', `${what} was opened for its public key only, or is closed.`, 'Open the key for signing.');
        // ECDSA signs the SHA-256 digest (for P-384 too: CKM_ECDSA takes the raw hash); EdDSA (PureEdDSA) and the
        // RSA mechanisms (which hash themselves) the data.
        const input = ed || rsa ? data : createHash('sha256').update(data).digest();
        const mechanism = ed
          ? { mechanism: CKM_EDDSA }
          : !rsa
            ? { mechanism: CKM_ECDSA }
            : pss
              ? {
                  mechanism: CKM_SHA256_RSA_PKCS_PSS,
                  parameter: { type: CK_PARAMS_RSA_PSS, hashAlg: CKM_SHA256, mgf: CKG_MGF1_SHA256, saltLen: 32 },
                }
              : { mechanism: CKM_SHA256_RSA_PKCS };
        let raw: Buffer;
        try {
          p11.C_SignInit(session, mechanism, key);
          raw = Buffer.from(p11.C_Sign(session, input, Buffer.alloc(1024)));
        } catch (err) {
          const code = pkcs11Code(err);
          if (code === 'CKR_KEY_FUNCTION_NOT_PERMITTED' || code === 'CKR_KEY_TYPE_INCONSISTENT') {
            throw fail(
              'SIGN_PKCS11_KEY_NOT_SIGNING',
              `token "${label}" refused to sign with ${what} (${code}).`,
              'Use a key made for signing (CKA_SIGN true; ECDSA P-256/P-384, Ed25519 or RSA).',
              err,
            );
          }
          throw fail(
            'SIGN_PKCS11_FAILED',
            `token "${label}" failed to sign with ${what} (${code ?? describeCause(err).slice(0, 120)}).`,
            'Check the token and its module; a removed token or an expired session needs a new run.',
            err,
          );
        }
        const signature = ed || rsa ? raw : ecdsaRawToDer(raw);
        // The bundle carries the public key's hint: a signature it does not verify (as the verifier checks it) is
        // refused here.
        if (!verifiesAsSigstore(data, pub, signature)) {
          throw fail(
            'SIGN_PKCS11_FAILED',
            `the signature of ${what} does not verify with the public key found beside it on token "${label}".`,
            'The public key object (same id or label) belongs to another key: fix the token objects.',
          );
        }
        return signature;
      },
      close,
    };
    if (context.purpose === 'public-key') await close();
    return signer;
  } catch (err) {
    await close();
    if (err instanceof KeyUriError) throw err;
    const code = pkcs11Code(err);
    throw fail(
      'SIGN_PKCS11_FAILED',
      `the PKCS#11 module ${modulePath} failed for ${what} (${code ?? describeCause(err).slice(0, 160)}).`,
      'Check the token and its module (for SoftHSM2, SOFTHSM2_CONF and its token directory).',
      err,
    );
  }
}

function ulongBig(b: Buffer): bigint {
  return b.length >= 8 ? b.readBigUInt64LE(0) : BigInt(b.readUInt32LE(0));
}
