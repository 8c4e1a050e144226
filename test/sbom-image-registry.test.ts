/**
 * `custody sbom oci://REF` against a real registry (Debian's docker-registry, started per run; the image copied
 * there with skopeo, digests preserved). Skipped with a notice where those tools are not installed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodyError, silentLogger } from '@custody/core';
import { registryToolsAvailable, runSkopeo, startRegistry, writeOciLayout, zipArchive } from '@custody/testing';
import type { StartedRegistry, LayoutResult } from '@custody/testing';
import { collectImage } from '../src/commands/sbom-image.js';
import { runCli } from './support/cli.js';

const available = registryToolsAvailable();
if (!available) process.stderr.write('notice: docker-registry/skopeo not installed; skipping oci:// image SBOM tests\n');

describe.skipIf(!available)('oci://REF through the registry client', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'custody-image-reg-'));
  let registry: StartedRegistry;
  let layout: LayoutResult;
  beforeAll(async () => {
    registry = await startRegistry();
    layout = await writeOciLayout(join(tmp, 'layout'), {
      layers: [
        {
          files: [
            { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
            {
              path: 'lib/apk/db/installed',
              content: 'P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\nD:so:libc.musl-x86_64.so.1\n\n',
            },
          ],
        },
        {
          compression: 'zstd',
          files: [
            {
              path: 'app/lib/x.jar',
              content: zipArchive([
                { name: 'META-INF/maven/org.x/x/pom.properties', content: 'groupId=org.x\nartifactId=x\nversion=2.0\n' },
              ]),
            },
          ],
        },
      ],
    });
    await runSkopeo([
      'copy',
      '--preserve-digests',
      '--dest-tls-verify=false',
      `oci:${join(tmp, 'layout')}:latest`,
      `docker://${registry.host}/team/app:v1`,
    ]);
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('scans the image from the registry: same packages, root named by repository and tag, digest resolved once', async () => {
    const [r] = await collectImage({ target: `oci://${registry.host}/team/app:v1`, cwd: tmp, env: {}, logger: silentLogger, isTTY: false });
    const purls = r!.input.graphs.flatMap((g) => g.components.map((c) => c.purl)).sort();
    expect(purls).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1',
      'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1',
      'pkg:maven/org.x/x@2.0',
    ]);
    expect(r!.input.root).toMatchObject({
      name: 'team/app',
      version: 'v1',
      type: 'container',
      digest: { sha256: layout.images[0]!.manifestDigest.slice(7) },
    });
    expect(r!.input.root.purl).toContain(`repository_url=${encodeURIComponent(`${registry.host}/team/app`)}`);
  });

  it('a layer blob missing from the registry: exit 2 naming the layer digest', async () => {
    const layer = layout.images[0]!.layers[1]!.digest;
    const blobDir = join(registry.dir, 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256', layer.slice(7, 9), layer.slice(7));
    expect(readdirSync(blobDir)).toContain('data');
    rmSync(join(blobDir, 'data'));
    const err = await collectImage({
      target: `oci://${registry.host}/team/app:v1`,
      cwd: tmp,
      env: {},
      logger: silentLogger,
      isTTY: false,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CustodyError);
    expect((err as CustodyError).exitCode).toBe(2);
    expect((err as CustodyError).describe()).toContain(layer);
    const cli = await runCli(['sbom', `oci://${registry.host}/team/app:v1`], { cwd: tmp });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(layer);
  });
});
