// Digest checks and transport bounds of @custody/oci at the unit level. The referrers API cases put the fault proxy
// (packages/testing) in front of the in-process registry TEST DOUBLE (no registry with the referrers API runs on the
// test machines); the redirect case uses two plain loopback HTTP servers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLimits } from '@custody/core';
import { startFaultProxy, startRegistryDouble, type FaultProxy, type RegistryDouble } from '@custody/testing';
import { RegistryClient, RemoteStore, assertDigest, isValidDigest, listAttestations, parseManifest } from '@custody/oci';

describe('digests from a registry or layout', () => {
  it('accept alg:hex of a known algorithm and its exact length, nothing else', () => {
    expect(isValidDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isValidDigest(`sha384:${'a'.repeat(96)}`)).toBe(true);
    expect(isValidDigest(`sha512:${'a'.repeat(128)}`)).toBe(true);
    for (const bad of [
      'sha256:../../etc',
      `sha256:${'a'.repeat(63)}`,
      `sha256:${'a'.repeat(128)}`,
      `sha512:${'a'.repeat(64)}`,
      `sha256:${'A'.repeat(64)}`,
      `sha256:${'a'.repeat(64)}/x`,
      '',
      42,
    ]) {
      expect(isValidDigest(bad), String(bad)).toBe(false);
    }
    expect(() => assertDigest('sha256:../../etc', 'a layer', 'here')).toThrow(expect.objectContaining({ code: 'OCI_DIGEST_INVALID' }));
    expect(() => assertDigest(`blake3:${'a'.repeat(64)}`, 'a layer', 'here')).toThrow(
      expect.objectContaining({ code: 'OCI_DIGEST_UNSUPPORTED' }),
    );
  });

  it('every descriptor of a manifest or index is checked when it is parsed', () => {
    const good = `sha256:${'b'.repeat(64)}`;
    const index = (digest: string) => Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'x', digest, size: 1 }] }));
    expect(parseManifest(index(good), 'test')).toMatchObject({ manifests: [{ digest: good }] });
    expect(() => parseManifest(index('sha256:../../../etc/passwd'), 'test')).toThrow(
      expect.objectContaining({ code: 'OCI_DIGEST_INVALID' }),
    );
    const manifest = {
      schemaVersion: 2,
      config: { mediaType: 'x', digest: good, size: 2 },
      layers: [{ mediaType: 'x', digest: good, size: -1 }],
    };
    expect(() => parseManifest(Buffer.from(JSON.stringify(manifest)), 'test')).toThrow(
      expect.objectContaining({ code: 'OCI_MANIFEST_INVALID' }),
    );
    expect(() => parseManifest(Buffer.from('{"schemaVersion":2}'), 'test')).toThrow(
      expect.objectContaining({ code: 'OCI_MANIFEST_INVALID' }),
    );
    expect(() => parseManifest(Buffer.from(`${'['.repeat(300)}${']'.repeat(300)}`), 'test')).toThrow(
      expect.objectContaining({ code: 'LIMIT_JSON_DEPTH' }),
    );
  });

  it('a digest that is not one is refused before any request', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const client = new RegistryClient(`127.0.0.1:${(server.address() as AddressInfo).port}`);
      await expect(client.getBlob('a/b', 'sha256:../../../v2/other/blobs/x')).rejects.toMatchObject({ code: 'OCI_DIGEST_INVALID' });
      await expect(client.getManifest('a/b', '../../etc')).rejects.toMatchObject({ code: 'OCI_REFERENCE_INVALID' });
      expect(requests).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the referrers API answering hostile lists (fault proxy in front of the registry TEST DOUBLE)', () => {
  let double: RegistryDouble | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    configureLimits({});
    await proxy?.stop();
    await double?.stop();
  });

  async function seed(): Promise<string> {
    double = await startRegistryDouble();
    const store = new RemoteStore(new RegistryClient(double.host), 'org/app');
    const cfg = await store.putBlob(Buffer.from('{}'));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfg, size: 2 },
        layers: [],
      }),
    );
    return (await store.putManifest(manifest, 'application/vnd.oci.image.manifest.v1+json', 'v1')).digest;
  }

  it('an entry naming sha256:../../etc: OCI_DIGEST_INVALID', async () => {
    const digest = await seed();
    proxy = await startFaultProxy(double!.host, (m, p) =>
      m === 'GET' && p.includes('/referrers/')
        ? {
            status: 200,
            headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
            body: JSON.stringify({
              schemaVersion: 2,
              mediaType: 'application/vnd.oci.image.index.v1+json',
              manifests: [
                {
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                  digest: 'sha256:../../../etc',
                  size: 1,
                  artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
                },
              ],
            }),
          }
        : undefined,
    );
    await expect(listAttestations(new RemoteStore(new RegistryClient(proxy.host), 'org/app'), digest)).rejects.toMatchObject({
      code: 'OCI_DIGEST_INVALID',
    });
    expect(proxy.log.filter((l) => l.includes('..'))).toEqual([]);
  });

  it('an endless referrers list: cut off at the OCI JSON limit', async () => {
    configureLimits({ CUSTODY_MAX_OCI_JSON_BYTES: '256K' });
    const digest = await seed();
    proxy = await startFaultProxy(double!.host, (m, p) =>
      m === 'GET' && p.includes('/referrers/')
        ? { endless: { status: 200, headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' } } }
        : undefined,
    );
    await expect(listAttestations(new RemoteStore(new RegistryClient(proxy.host), 'org/app'), digest)).rejects.toMatchObject({
      code: 'LIMIT_OCI_JSON_BYTES',
    });
    expect(proxy.bytesSent).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('redirects', () => {
  it('are followed, and Authorization goes only to the registry origin', async () => {
    const seen: Array<string | undefined> = [];
    const storage: Server = createServer((req: IncomingMessage, res) => {
      seen.push(req.headers.authorization);
      res.end('hello');
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', () => r()));
    const storageUrl = `http://localhost:${(storage.address() as AddressInfo).port}/blob`;
    const registry: Server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(307, { location: storageUrl });
      res.end();
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', () => r()));
    try {
      const client = new RegistryClient(`127.0.0.1:${(registry.address() as AddressInfo).port}`, {
        credential: { username: 'u', password: 'p-secret', source: 'test' },
      });
      // As after an answered Basic challenge: the client now sends the credentials with every registry request.
      (client as unknown as { basic: string }).basic = `Basic ${Buffer.from('u:p-secret').toString('base64')}`;
      const digest = `sha256:${(await import('node:crypto')).createHash('sha256').update('hello').digest('hex')}`;
      expect((await client.getBlob('a/b', digest)).toString()).toBe('hello');
      expect(seen[0]).toMatch(/^Basic /);
      expect(seen[1]).toBeUndefined();
    } finally {
      await new Promise((r) => storage.close(r));
      await new Promise((r) => registry.close(r));
    }
  });
});
