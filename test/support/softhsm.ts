/**
 * A real PKCS#11 token for tests: SoftHSM2 (Debian package softhsm2, installed by scripts/test-setup.sh) with its
 * own configuration and token directory in a temporary folder, and keys made in it through the pkcs11js binding
 * (the one @custody/sign signs with). The PINs are throwaway test values of a throwaway token.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  dir: string;
  conf: string;
  label: string;
  pin: string;
  close(): Promise<void>;
}

interface Binding {
  PKCS11: new () => {
    load(path: string): void;
    close(): void;
    C_Initialize(): void;
    C_Finalize(): void;
    C_GetSlotList(present: boolean): Buffer[];
    C_GetTokenInfo(slot: Buffer): { label: string };
    C_OpenSession(slot: Buffer, flags: number): Buffer;
    C_Login(session: Buffer, user: number, pin: string): void;
    C_GenerateKeyPair(s: Buffer, m: { mechanism: number }, pub: unknown[], priv: unknown[]): unknown;
    C_GenerateKey(s: Buffer, m: { mechanism: number }, t: unknown[]): unknown;
    C_CloseSession(s: Buffer): void;
  };
}

/** What each key in the token is for. */
export interface TokenKey {
  label: string;
  id: number;
  kind: 'ec-sign' | 'ec-no-sign' | 'ec-p384-sign' | 'ed25519-sign' | 'rsa-sign' | 'rsa-pss-only' | 'aes';
}

/**
 * Makes a token (softhsm2-util --init-token) and its keys; sets SOFTHSM2_CONF in this process's environment,
 * which the module reads at C_Initialize (the in-process CLI loads it in this process).
 */
export async function makeSoftHsmToken(keys: TokenKey[], label = 'custody-test'): Promise<SoftHsmToken> {
  if (!existsSync(SOFTHSM_MODULE)) {
    throw new Error(`${SOFTHSM_MODULE} is missing: run bash scripts/test-setup.sh (installs Debian's softhsm2)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'custody-softhsm-'));
  await mkdir(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  await writeFile(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = conf;
  const pin = '4711-test-pin';
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '9999-test-so', '--pin', pin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'pipe',
  });
  const { PKCS11 } = createRequire(import.meta.url)('pkcs11js') as Binding;
  const p11 = new PKCS11();
  p11.load(SOFTHSM_MODULE);
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === label)!;
    const session = p11.C_OpenSession(slot, 0x2 | 0x4);
    p11.C_Login(session, 1, pin);
    const p256 = Buffer.from('06082a8648ce3d030107', 'hex');
    const p384 = Buffer.from('06052b81040022', 'hex'); // secp384r1
    // CKA_ALLOWED_MECHANISMS: CKM_SHA256_RSA_PKCS_PSS (0x43) alone, a CK_ULONG array (8 bytes each here, 64-bit).
    const pssOnly = Buffer.alloc(8);
    pssOnly.writeBigUInt64LE(0x43n);
    for (const k of keys) {
      const id = Buffer.from([k.id]);
      const common = [
        { type: 0x1, value: true }, // CKA_TOKEN
        { type: 0x3, value: k.label }, // CKA_LABEL
        { type: 0x102, value: id }, // CKA_ID
      ];
      if (k.kind === 'aes') {
        // CKM_AES_KEY_GEN, CKA_VALUE_LEN 32
        p11.C_GenerateKey(session, { mechanism: 0x1080 }, [...common, { type: 0x161, value: 32 }, { type: 0x104, value: true }]);
      } else if (k.kind === 'rsa-sign' || k.kind === 'rsa-pss-only') {
        // CKM_RSA_PKCS_KEY_PAIR_GEN: CKA_MODULUS_BITS 2048, CKA_PUBLIC_EXPONENT 65537; a PSS-only key allows only
        // CKM_SHA256_RSA_PKCS_PSS (on both halves, so that the public half tells verifiers which scheme it is for).
        const allowed = k.kind === 'rsa-pss-only' ? [{ type: 0x40000600, value: pssOnly }] : [];
        p11.C_GenerateKeyPair(
          session,
          { mechanism: 0x0 },
          [
            ...common,
            { type: 0x121, value: 2048 },
            { type: 0x122, value: Buffer.from([1, 0, 1]) },
            { type: 0x10a, value: true },
            ...allowed,
          ],
          [...common, { type: 0x2, value: true }, { type: 0x103, value: true }, { type: 0x108, value: true }, ...allowed],
        );
      } else if (k.kind === 'ed25519-sign') {
        // CKM_EC_EDWARDS_KEY_PAIR_GEN: CKA_EC_PARAMS the id-Ed25519 OID (1.3.101.112).
        p11.C_GenerateKeyPair(
          session,
          { mechanism: 0x1055 },
          [...common, { type: 0x180, value: Buffer.from('06032b6570', 'hex') }, { type: 0x10a, value: true }],
          [...common, { type: 0x2, value: true }, { type: 0x103, value: true }, { type: 0x108, value: true }],
        );
      } else {
        // CKM_EC_KEY_PAIR_GEN: CKA_EC_PARAMS on the public half, CKA_SIGN / CKA_VERIFY as the kind says.
        p11.C_GenerateKeyPair(
          session,
          { mechanism: 0x1040 },
          [...common, { type: 0x180, value: k.kind === 'ec-p384-sign' ? p384 : p256 }, { type: 0x10a, value: true }],
          [...common, { type: 0x2, value: true }, { type: 0x103, value: true }, { type: 0x108, value: k.kind !== 'ec-no-sign' }],
        );
      }
    }
    p11.C_CloseSession(session);
  } finally {
    p11.C_Finalize();
    p11.close();
  }
  return {
    dir,
    conf,
    label,
    pin,
    async close() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previous;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
