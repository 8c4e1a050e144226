// A registry that lies: an in-process TEST DOUBLE (a few lines of node:http) that answers every blob and manifest
// request with the same wrong bytes, to show the client checks content against the digest it asked for, in that
// digest's own algorithm.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '@custody/oci';

const served = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
const digestOf = (alg: string, b: Buffer) => `${alg}:${createHash(alg).update(b).digest('hex')}`;
let server: Server;
let host: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/v2/') return void res.writeHead(200).end('{}');
    res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    res.end(served);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('content is checked against the digest asked for (lying registry TEST DOUBLE)', () => {
  const other = Buffer.from('what was really pushed');

  for (const alg of ['sha256', 'sha384', 'sha512']) {
    it(`${alg}: a blob and a manifest with other content are refused; the right content passes`, async () => {
      const client = new RegistryClient(host);
      await expect(client.getBlob('acme/app', digestOf(alg, other))).rejects.toMatchObject({ code: 'OCI_DIGEST_MISMATCH' });
      await expect(client.getManifest('acme/app', digestOf(alg, other))).rejects.toMatchObject({ code: 'OCI_DIGEST_MISMATCH' });
      expect((await client.getBlob('acme/app', digestOf(alg, served))).equals(served)).toBe(true);
    });
  }

  it('a digest algorithm Custody cannot compute fails closed', async () => {
    const client = new RegistryClient(host);
    await expect(client.getBlob('acme/app', `blake3:${'a'.repeat(64)}`)).rejects.toMatchObject({ code: 'OCI_DIGEST_UNSUPPORTED' });
  });
});
