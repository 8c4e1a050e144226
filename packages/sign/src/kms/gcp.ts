/**
 * Google Cloud KMS signer for `gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/V` (cosign's
 * form), through @google-cloud/kms's KeyManagementServiceClient in REST mode (fallback: HTTP/1.1 + JSON, no gRPC),
 * an optional dependency imported on use. Credentials are Google's Application Default Credentials (the file
 * GOOGLE_APPLICATION_CREDENTIALS names, e.g. a service account or the workload identity federation file that CI's
 * auth step writes; else gcloud's or the metadata server's). CUSTODY_GCPKMS_ENDPOINT points the client elsewhere (a
 * private endpoint; http:// only for the loopback host). A version is required: Cloud KMS signs with a key version,
 * and an asymmetric key has no primary version to fall back on. EC P-256 keys sign the SHA-256 digest (sent with
 * its CRC32C, and the answer's CRC32C checked, as Google recommends), RSA PKCS#1 and RSA-PSS (RSA_SIGN_PSS_*_SHA256,
 * salt 32) keys likewise, EC_SIGN_P384_SHA384 keys the SHA-256 padded to 48 bytes as digest.sha384 (ECDSA P-384 with
 * SHA-256: algorithms.ts), Ed25519 keys the data. `keys generate --kms gcpkms://…/cryptoKeys/K` makes key K in its key
 * ring with CreateCryptoKey (purpose ASYMMETRIC_SIGN, EC_SIGN_P256_SHA256, EC_SIGN_P384_SHA384 or EC_SIGN_ED25519),
 * which creates its first version; Custody waits for that version to be generated and answers its URI
 * (…/cryptoKeyVersions/1).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type * as GcpKms from '@google-cloud/kms';
import { p384Sha256Digest } from './algorithms.js';
import { KeyServiceError } from './errors.js';
import {
  algorithmRefused,
  creationRefused,
  importSdk,
  keyIdOfPublicKey,
  type CreatedKey,
  type KeyServiceContext,
  type RemoteKeyAlgorithm,
  type ServiceKey,
} from './signer.js';

const SERVICE = 'Google Cloud KMS';
const SDK = '@google-cloud/kms';
type Client = InstanceType<typeof GcpKms.KeyManagementServiceClient>;

/** The key version's resource name, from the URI; a URI without a version is refused (what to add is said). */
export function parseGcpUri(uri: string): string {
  const m = /^gcpkms:\/\/(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+)(\/cryptoKeyVersions\/[^/]+)?$/.exec(uri);
  if (!m) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `"${uri}" is not a Google Cloud KMS key URI.`, {
      hint: 'Write gcpkms://projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY/cryptoKeyVersions/VERSION.',
    });
  }
  if (!m[2]) {
    throw new KeyServiceError(
      SERVICE,
      uri,
      'SIGN_KMS_URI_INVALID',
      `${uri} names a Google Cloud KMS key but no key version; Cloud KMS signs with a version.`,
      {
        hint: `Add the version: ${uri}/cryptoKeyVersions/1 (gcloud kms keys versions list --key … lists them).`,
      },
    );
  }
  return m[1]! + m[2];
}

/** CRC32C (Castagnoli), which Cloud KMS uses to check a digest and a signature in transit. */
const CRC32C_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32c(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC32C_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The client's endpoint settings from CUSTODY_GCPKMS_ENDPOINT (a URL); plain http only to the loopback host. */
function endpointOptions(uri: string, value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.pathname.length > 1) {
    throw new KeyServiceError(
      SERVICE,
      uri,
      'SIGN_KMS_URI_INVALID',
      `the Google Cloud KMS endpoint CUSTODY_GCPKMS_ENDPOINT "${value}" is not one Custody can use.`,
      {
        hint: 'Give https://HOST[:PORT] (http:// only for localhost), with no path.',
      },
    );
  }
  const protocol = url.protocol.slice(0, -1);
  return { apiEndpoint: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (protocol === 'https' ? 443 : 80), protocol };
}

/** Maps the SDK's errors (gRPC status codes, transport and credential errors) to Custody's codes. */
function explain(err: unknown, uri: string, action: string): KeyServiceError {
  if (err instanceof KeyServiceError) return err;
  const e = err as { code?: number | string; message?: string; name?: string };
  const detail = (e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 240);
  if (e.code === 7 || e.code === 16) {
    return new KeyServiceError(
      SERVICE,
      uri,
      'SIGN_KMS_PERMISSION_DENIED',
      `Google Cloud KMS refused ${action} on key ${uri} (${detail}).`,
      {
        hint: 'The credentials need roles/cloudkms.signerVerifier (cloudkms.cryptoKeyVersions.useToSign and viewPublicKey) on the key; check GOOGLE_APPLICATION_CREDENTIALS.',
      },
    );
  }
  if (e.code === 5) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_NOT_FOUND', `Google Cloud KMS has no key version ${uri} (${detail}).`, {
      hint: 'Check the project, location, key ring, key and version (gcloud kms keys versions list --key KEY --keyring RING --location LOCATION).',
    });
  }
  if (e.code === 9 || e.code === 3) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_USAGE', `Google Cloud KMS key version ${uri} cannot sign (${detail}).`, {
      hint: 'Use an enabled version of a key whose purpose is ASYMMETRIC_SIGN (algorithm EC_SIGN_P256_SHA256).',
    });
  }
  if (/Could not load the default credentials|Could not refresh access token|invalid_grant|private key|credential file/i.test(detail)) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_CREDENTIALS_MISSING', `Google Cloud KMS key ${uri} cannot be used: ${detail}.`, {
      hint: "Give Google credentials: GOOGLE_APPLICATION_CREDENTIALS naming a service-account or workload identity file (CI's auth step writes one), or gcloud auth application-default login.",
    });
  }
  if (
    e.code === 14 ||
    e.code === 4 ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up|fetch failed/i.test(`${e.code ?? ''} ${detail}`)
  ) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_UNREACHABLE', `Google Cloud KMS cannot be reached for key ${uri} (${detail}).`, {
      hint: 'Check the network and any CUSTODY_GCPKMS_ENDPOINT.',
    });
  }
  return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_FAILED', `Google Cloud KMS failed ${action} on key ${uri} (${detail}).`, {
    hint: 'Retry later; if it persists, check the key version in the Google Cloud console.',
  });
}

const ALGORITHMS: Record<string, RemoteKeyAlgorithm> = {
  EC_SIGN_P256_SHA256: 'ecdsa-p256-sha256',
  EC_SIGN_P384_SHA384: 'ecdsa-p384-sha256',
  EC_SIGN_ED25519: 'ed25519',
  RSA_SIGN_PKCS1_2048_SHA256: 'rsa-pkcs1-sha256',
  RSA_SIGN_PKCS1_3072_SHA256: 'rsa-pkcs1-sha256',
  RSA_SIGN_PKCS1_4096_SHA256: 'rsa-pkcs1-sha256',
  RSA_SIGN_PSS_2048_SHA256: 'rsa-pss-sha256',
  RSA_SIGN_PSS_3072_SHA256: 'rsa-pss-sha256',
  RSA_SIGN_PSS_4096_SHA256: 'rsa-pss-sha256',
};

class GcpSigner implements ServiceKey {
  readonly service = SERVICE;
  algorithm: RemoteKeyAlgorithm | undefined;
  private key: KeyObject | undefined;
  private loaded: Promise<{ sdk: typeof GcpKms; client: Client }> | undefined;
  readonly name: string;
  constructor(
    readonly uri: string,
    private readonly ctx: KeyServiceContext,
  ) {
    this.name = parseGcpUri(uri);
  }

  private client(): Promise<{ sdk: typeof GcpKms; client: Client }> {
    this.loaded ??= (async () => {
      const endpoint = endpointOptions(this.uri, this.ctx.env.CUSTODY_GCPKMS_ENDPOINT);
      const mod = await importSdk<typeof GcpKms & { default?: typeof GcpKms }>(SDK, SERVICE, this.uri, this.ctx.cwd);
      const sdk = (mod.KeyManagementServiceClient ? mod : mod.default) as typeof GcpKms;
      // The SDK's Application Default Credentials chain reads GOOGLE_APPLICATION_CREDENTIALS from process.env itself;
      // only an embedding whose env names another file passes it on (keyFilename, which the SDK calls deprecated).
      const file = this.ctx.env.GOOGLE_APPLICATION_CREDENTIALS;
      const keyFilename = file && file !== process.env.GOOGLE_APPLICATION_CREDENTIALS ? file : undefined;
      const client = new sdk.KeyManagementServiceClient({ fallback: true, ...endpoint, ...(keyFilename ? { keyFilename } : {}) });
      return { sdk, client };
    })();
    return this.loaded;
  }

  async call<T>(action: string, run: (client: Client) => Promise<[T, ...unknown[]]>): Promise<T> {
    const { client } = await this.client();
    try {
      // Authenticates (builds the stub) first: the SDK's methods start this themselves but rethrow its failure from a
      // detached promise (an unhandled rejection), so a missing credential is caught here instead.
      await client.initialize();
      return (await run(client))[0];
    } catch (err) {
      throw explain(err, this.uri, action);
    }
  }

  async publicKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    const { sdk } = await this.client();
    const out = await this.call('GetPublicKey', (c) => c.getPublicKey({ name: this.name }, { maxRetries: 2 }));
    const raw = out.algorithm;
    const algorithmName =
      typeof raw === 'number' ? sdk.protos.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionAlgorithm[raw] : String(raw ?? '');
    const algorithm = ALGORITHMS[algorithmName ?? ''];
    if (!algorithm) throw algorithmRefused(SERVICE, this.uri, algorithmName || 'an unknown algorithm');
    if (!out.pem) throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Google Cloud KMS gave no public key for ${this.uri}.`);
    if (out.pemCrc32c?.value != null && String(out.pemCrc32c.value) !== String(crc32c(Buffer.from(out.pem)))) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_FAILED',
        `the public key Google Cloud KMS sent for ${this.uri} was damaged in transit (CRC32C).`,
        {
          hint: 'Retry.',
        },
      );
    }
    this.algorithm = algorithm;
    this.key = createPublicKey(out.pem);
    return this.key;
  }

  async sign(data: Buffer): Promise<Buffer> {
    if (!this.algorithm) await this.publicKey();
    const ed = this.algorithm === 'ed25519';
    const p384 = this.algorithm === 'ecdsa-p384-sha256';
    const input = ed ? data : p384 ? p384Sha256Digest(data) : createHash('sha256').update(data).digest();
    const out = await this.call('AsymmetricSign', (c) =>
      c.asymmetricSign(
        ed
          ? { name: this.name, data: input, dataCrc32c: { value: crc32c(input) } }
          : { name: this.name, digest: p384 ? { sha384: input } : { sha256: input }, digestCrc32c: { value: crc32c(input) } },
        { maxRetries: 2 },
      ),
    );
    const damaged = (what: string) =>
      new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Google Cloud KMS AsymmetricSign for ${this.uri}: ${what}.`, {
        hint: 'Retry; the request or the answer was damaged in transit.',
      });
    if (!out.signature || out.signature.length === 0) throw damaged('the answer holds no signature');
    if ((ed ? out.verifiedDataCrc32c : out.verifiedDigestCrc32c) !== true)
      throw damaged('the service did not confirm the CRC32C of what it signed');
    if (out.name && out.name !== this.name) throw damaged(`the answer is for another key version (${out.name})`);
    const signature = typeof out.signature === 'string' ? Buffer.from(out.signature, 'base64') : Buffer.from(out.signature);
    if (out.signatureCrc32c?.value != null && String(out.signatureCrc32c.value) !== String(crc32c(signature)))
      throw damaged('the signature fails its CRC32C');
    return signature;
  }
}

export function open(uri: string, ctx: KeyServiceContext): ServiceKey {
  return new GcpSigner(uri, ctx);
}

/** The Cloud KMS algorithm a new key gets for each algorithm `keys generate` offers. */
const CREATE_ALGORITHMS: Partial<Record<RemoteKeyAlgorithm, string>> = {
  'ecdsa-p256-sha256': 'EC_SIGN_P256_SHA256',
  'ecdsa-p384-sha256': 'EC_SIGN_P384_SHA384',
  ed25519: 'EC_SIGN_ED25519',
};

/** How long a new key's first version may stay PENDING_GENERATION (Cloud KMS makes asymmetric keys in seconds). */
const GENERATION_WAIT_MS = 60_000;

/**
 * CreateCryptoKey in the URI's key ring (purpose ASYMMETRIC_SIGN), which makes version 1; then the version's public
 * key, asked for until the version is generated. The URI names the new key, without a version or with version 1.
 */
export async function create(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey> {
  const m =
    /^gcpkms:\/\/(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+)\/cryptoKeys\/([a-zA-Z0-9_-]{1,63})(\/cryptoKeyVersions\/1)?$/.exec(
      uri,
    );
  if (!m) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `${uri} does not name a new Google Cloud KMS key.`, {
      hint: 'Write gcpkms://projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/NEW_KEY (the key ring must exist; the new key gets version 1).',
    });
  }
  const spec = CREATE_ALGORITHMS[algorithm];
  if (!spec) throw creationRefused(SERVICE, uri, algorithm, Object.keys(CREATE_ALGORITHMS) as RemoteKeyAlgorithm[]);
  const versionUri = `gcpkms://${m[1]}/cryptoKeys/${m[2]}/cryptoKeyVersions/1`;
  const signer = new GcpSigner(versionUri, ctx);
  const made = await signer.call('CreateCryptoKey', (c) =>
    c.createCryptoKey(
      {
        parent: m[1]!,
        cryptoKeyId: m[2]!,
        cryptoKey: { purpose: 'ASYMMETRIC_SIGN', versionTemplate: { algorithm: spec as 'EC_SIGN_P256_SHA256' } },
      },
      { maxRetries: 2 },
    ),
  );
  if (!made.name)
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_FAILED', `Google Cloud KMS answered CreateCryptoKey for ${uri} without a key name.`);
  // An asymmetric key's first version is PENDING_GENERATION for a moment: GetPublicKey answers FAILED_PRECONDITION.
  const deadline = Date.now() + GENERATION_WAIT_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    try {
      const key = await signer.publicKey();
      return {
        uri: versionUri,
        algorithm: signer.algorithm!,
        publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
        keyId: keyIdOfPublicKey(key),
      };
    } catch (err) {
      const pending = err instanceof KeyServiceError && err.code === 'SIGN_KMS_KEY_USAGE' && /PENDING_GENERATION/.test(err.message);
      if (!pending || Date.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
