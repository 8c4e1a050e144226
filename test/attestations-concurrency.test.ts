// Must-show 2: no attestation lost under concurrency. Real registry: Debian's docker-registry 2.8.2 on loopback,
// which ignores If-Match, so concurrent read-modify-writes of the sha256-<hex> referrers index overwrite each other.
// 20 `custody push` runs for one image at once, then `custody attestations list` must return all 20; five times.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry } from '@custody/testing';
import { RegistryClient, RemoteStore, readFallbackIndex } from '@custody/oci';
import { makeBundle } from '../packages/oci/src/__tests__/bundles.js';
import { runCli } from './support/cli.js';

const available = registryToolsAvailable();
if (!available) process.stderr.write('notice: docker-registry/skopeo missing; skipping the concurrency test\n');

describe.skipIf(!available)('20 concurrent pushes to a registry that ignores If-Match (real docker-registry)', () => {
  let reg: StartedRegistry;
  let dir: string;
  beforeAll(async () => {
    reg = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'custody-conc-'));
  });
  afterAll(async () => {
    await reg?.stop();
  });

  for (let round = 1; round <= 5; round++) {
    it(`round ${round}: all 20 attestations are listed`, async () => {
      const image = await pushTestImage(reg, 'conc/app', `r${round}`, { seed: `round-${round}` });
      const files = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const file = join(dir, `r${round}-b${i}.sigstore.json`);
          await writeFile(file, makeBundle(image.digest, `https://example.com/predicate/${i}`, `round ${round} #${i}`));
          return file;
        }),
      );
      const env = { ...process.env, DOCKER_CONFIG: dir };
      const ref = `${reg.host}/conc/app:r${round}`;
      const pushes = await Promise.all(files.map((f) => runCli(['push', '--bundle', f, '--image', ref, '--format', 'json'], { env })));
      for (const p of pushes) expect(p.code, p.stderr).toBe(0);
      const pushed = pushes.map(
        (p) => (JSON.parse(p.stdout) as { attestations: Array<{ manifestDigest: string }> }).attestations[0]!.manifestDigest,
      );
      expect(new Set(pushed).size).toBe(20);

      const list = await runCli(['attestations', 'list', ref, '--format', 'json'], { env });
      expect(list.code, list.stderr).toBe(0);
      const listed = (JSON.parse(list.stdout) as { attestations: Array<{ manifestDigest: string; predicateType: string }> }).attestations;
      expect(listed.map((a) => a.manifestDigest).sort()).toEqual([...pushed].sort());
      expect(new Set(listed.map((a) => a.predicateType)).size).toBe(20);

      // The referrers index itself (what other tools read) is repaired by the writers; report how complete it is.
      const index = await readFallbackIndex(new RemoteStore(new RegistryClient(reg.host), 'conc/app'), image.digest);
      const inIndex = index.index?.manifests.filter((d) => pushed.includes(d.digest)).length ?? 0;
      process.stderr.write(`round ${round}: listed ${listed.length}/20, referrers index holds ${inIndex}/20\n`);
      expect(inIndex).toBeGreaterThan(0);
    });
  }
});
