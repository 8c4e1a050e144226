/**
 * Image SBOMs end to end: images built here as real tar layers (gzip, zstd and uncompressed; pax and GNU long
 * names; whiteouts and an opaque directory), written as an OCI layout, a docker archive (both formats) and an
 * OCI archive, scanned through collectImage and through the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodyError, silentLogger } from '@custody/core';
import type { PackageGraph } from '@custody/sbom';
import {
  buildLayer,
  fakeGoBinary,
  sharedDir,
  sharedNotice,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  zipArchive,
} from '@custody/testing';
import type { ImageSpec, TestFile } from '@custody/testing';
import { collectImage } from '../src/commands/sbom-image.js';
import type { ImageSbomOptions } from '../src/commands/sbom-image.js';
import { runCli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'custody-image-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dpkg = (pkgs: Array<[name: string, version: string, status?: string]>) =>
  pkgs
    .map(
      ([n, v, s]) =>
        `Package: ${n}\nStatus: ${s ?? 'install ok installed'}\nPriority: optional\nArchitecture: amd64\nVersion: ${v}\nDescription: ${n}\n test package\n`,
    )
    .join('\n');
const pkgJson = (name: string, version: string, license = 'MIT') => JSON.stringify({ name, version, license, description: 'x' });
const LONG_DIR = `usr/lib/python3.11/site-packages/${'deeply-nested-directory/'.repeat(4)}`;

const layer1: TestFile[] = [
  { path: 'etc', type: 'dir' },
  { path: 'usr/lib/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' },
  { path: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
  {
    path: 'var/lib/dpkg/status',
    content: dpkg([
      ['base-files', '12.4+deb12u5'],
      ['libc6', '2.36-9+deb12u4'],
      ['curl', '7.88.1-10+deb12u5'],
      ['oldpkg', '1.0', 'deinstall ok config-files'],
    ]),
  },
  {
    path: 'usr/share/doc/libc6/copyright',
    content:
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: FSF\nLicense: LGPL-2.1+\n\nFiles: x\nLicense: GPL-2+\n This program is free software\n',
  },
  {
    path: 'usr/share/doc/base-files/copyright',
    content: 'This is the Debian prepackaged version of base-files (not machine-readable).\nLicense: nonsense\n',
  },
  { path: 'usr/lib/node_modules/express/package.json', content: pkgJson('express', '4.18.2') },
  { path: 'usr/lib/node_modules/express/lib/package.json', content: pkgJson('not-a-package', '0.0.0') },
  { path: 'usr/lib/node_modules/express/node_modules/debug/package.json', content: pkgJson('debug', '2.6.9') },
  { path: 'usr/lib/node_modules/@types/node/package.json', content: pkgJson('@types/node', '20.11.5') },
  { path: 'usr/lib/node_modules/left-pad/package.json', content: pkgJson('left-pad', '1.3.0', 'WTFPL') },
  { path: 'opt/cache/node_modules/lodash/package.json', content: pkgJson('lodash', '4.17.21') },
  {
    path: 'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA',
    content: 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nLong description\nName: not-this\n',
  },
  {
    path: 'opt/app/app.jar',
    content: zipArchive([
      { name: 'META-INF/MANIFEST.MF', content: 'Manifest-Version: 1.0\n' },
      {
        name: 'META-INF/maven/com.example/app/pom.properties',
        content: '#Generated\ngroupId=com.example\nartifactId=app\nversion=1.0.0\n',
      },
      {
        name: 'BOOT-INF/lib/guava-32.1.3-jre.jar',
        store: true,
        content: zipArchive([
          {
            name: 'META-INF/maven/com.google.guava/guava/pom.properties',
            content: 'version=32.1.3-jre\ngroupId=com.google.guava\nartifactId=guava\n',
          },
        ]),
      },
    ]),
  },
];
const layer2: TestFile[] = [
  {
    path: 'var/lib/dpkg/status',
    content: dpkg([
      ['base-files', '12.4+deb12u5'],
      ['libc6', '2.36-9+deb12u4'],
    ]),
  }, // apt-get remove curl
  { path: 'usr/lib/node_modules/.wh.left-pad' },
  { path: 'opt/cache/.wh..wh..opq' },
  { path: 'opt/cache/node_modules/underscore/package.json', content: pkgJson('underscore', '1.13.6') },
  {
    path: 'usr/local/bin/app',
    mode: 0o755,
    content: fakeGoBinary(
      'go1.22.1',
      'path\texample.com/app/cmd/app\nmod\texample.com/app\t(devel)\t\ndep\tgithub.com/spf13/cobra\tv1.8.0\th1:abc=\ndep\tgolang.org/x/sys\tv0.15.0\th1:def=\n=>\tgolang.org/x/sys\tv0.16.0\th1:ghi=\nbuild\t-compiler=gc\n',
    ),
  },
  {
    path: `${LONG_DIR}six-1.16.0.dist-info/METADATA`,
    content: 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense-Expression: MIT\n',
  },
];
const layer3: TestFile[] = [
  {
    path: `usr/local/lib/ruby/gems/3.2.0/${'x'.repeat(60)}/specifications/rake-13.1.0.gemspec`,
    content:
      '# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = "rake".freeze\n  s.version = "13.1.0".freeze\n  s.licenses = ["MIT".freeze]\nend\n',
  },
];

const image: ImageSpec = {
  layers: [
    { files: layer1, compression: 'gzip' },
    { files: layer2, compression: 'zstd' },
    { files: layer3, compression: 'none', longNames: 'gnu' },
  ],
};

const EXPECTED_SQUASHED = [
  'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12',
  'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
  'pkg:gem/rake@13.1.0',
  'pkg:golang/example.com/app',
  'pkg:golang/github.com/spf13/cobra@v1.8.0',
  'pkg:golang/golang.org/x/sys@v0.16.0',
  'pkg:golang/stdlib@go1.22.1',
  'pkg:maven/com.example/app@1.0.0',
  'pkg:maven/com.google.guava/guava@32.1.3-jre',
  'pkg:npm/%40types/node@20.11.5',
  'pkg:npm/debug@2.6.9',
  'pkg:npm/express@4.18.2',
  'pkg:npm/underscore@1.13.6',
  'pkg:pypi/requests@2.31.0',
  'pkg:pypi/six@1.16.0',
].sort();

const purls = (graphs: PackageGraph[]) => [...new Set(graphs.flatMap((g) => g.components.map((c) => c.purl)))].sort();
const opts = (target: string, extra: Partial<ImageSbomOptions> = {}): ImageSbomOptions => ({
  target,
  cwd: tmp,
  env: {},
  logger: silentLogger,
  isTTY: false,
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<CustodyError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CustodyError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('image sources and the squashed view', () => {
  let layout: Awaited<ReturnType<typeof writeOciLayout>>;
  beforeAll(async () => {
    layout = await writeOciLayout(join(tmp, 'layout'), image);
    await writeOciArchive(join(tmp, 'image-oci.tar'), image);
    await writeDockerArchive(join(tmp, 'image-docker.tar'), image, 'example/app:1.2');
    await writeDockerArchive(join(tmp, 'image-docker-blobs.tar'), image, 'example/app:1.2', { blobsFormat: true });
  });

  it('oci-layout: exactly the expected packages; the whited-out, opaque-hidden and apt-removed ones are absent', async () => {
    const [r, ...rest] = await collectImage(opts('oci-layout:layout'));
    expect(rest).toEqual([]);
    expect(purls(r!.input.graphs)).toEqual(EXPECTED_SQUASHED);
    expect(r!.platform).toBe('linux/amd64');
    expect(r!.input.root).toMatchObject({
      name: 'layout',
      type: 'container',
      digest: { sha256: layout.images[0]!.manifestDigest.slice(7) },
    });
    // The package files inside node_modules that are not package roots were not read as packages.
    expect(JSON.stringify(r!.input.graphs)).not.toContain('not-a-package');
    // The path of each language package is recorded; layers are not, in the squashed view.
    const express = r!.input.graphs.flatMap((g) => g.components).find((c) => c.name === 'express')!;
    expect(express.properties).toEqual({ 'custody:image:path': 'usr/lib/node_modules/express/package.json' });
    expect(express.licenses).toEqual(['MIT']);
    // dpkg licenses from machine-readable copyright files only.
    const debs = r!.input.graphs.find((g) => g.ecosystem === 'deb')!.components;
    expect(debs.find((c) => c.name === 'libc6')!.licenses).toEqual(['GPL-2+', 'LGPL-2.1+']);
    expect(debs.find((c) => c.name === 'base-files')!.licenses).toBeUndefined();
    // The Go binary's graph: the main module depends on its modules (replacement applied).
    const go = r!.input.graphs.find((g) => g.ecosystem === 'golang')!;
    expect(go.root?.name).toBe('example.com/app');
    expect([...go.dependencies.get('pkg:golang/example.com/app')!].sort()).toEqual([
      'pkg:golang/github.com/spf13/cobra@v1.8.0',
      'pkg:golang/golang.org/x/sys@v0.16.0',
      'pkg:golang/stdlib@go1.22.1',
    ]);
  });

  it('oci-archive, docker-archive (classic and blobs/ formats) give the same packages', async () => {
    for (const target of ['oci-archive:image-oci.tar', 'docker-archive:image-docker.tar', 'docker-archive:image-docker-blobs.tar']) {
      const [r] = await collectImage(opts(target));
      expect(purls(r!.input.graphs), target).toEqual(EXPECTED_SQUASHED);
    }
    const [d] = await collectImage(opts('docker-archive:image-docker.tar'));
    expect(d!.input.root).toMatchObject({ name: 'example/app', version: '1.2', type: 'container' });
  });

  it('oci-layout:DIR@DIGEST picks the manifest by digest', async () => {
    const [r] = await collectImage(opts(`oci-layout:layout@${layout.images[0]!.manifestDigest}`));
    expect(purls(r!.input.graphs)).toEqual(EXPECTED_SQUASHED);
  });

  it('all-layers: removed packages are present with the layer that holds them and marked deleted', async () => {
    const [r] = await collectImage(opts('oci-layout:layout', { scope: 'all-layers' }));
    const comps = r!.input.graphs.flatMap((g) => g.components);
    const [l1, l2, l3] = layout.images[0]!.layers.map((l) => l.digest);
    const byName = (n: string) => comps.filter((c) => c.name === n);
    for (const [name, layer] of [
      ['left-pad', l1],
      ['lodash', l1],
      ['curl', l1],
    ] as const) {
      expect(byName(name), name).toHaveLength(1);
      expect(byName(name)[0]!.properties).toMatchObject({ 'custody:image:layer': layer, 'custody:image:deleted': 'true' });
    }
    // Still-present packages carry their layer and no deleted mark; libc6 is listed once (its first layer).
    expect(byName('libc6')).toHaveLength(1);
    expect(byName('libc6')[0]!.properties).toMatchObject({ 'custody:image:layer': l1 });
    expect(byName('libc6')[0]!.properties?.['custody:image:deleted']).toBeUndefined();
    expect(byName('underscore')[0]!.properties).toMatchObject({ 'custody:image:layer': l2 });
    expect(byName('rake')[0]!.properties).toMatchObject({ 'custody:image:layer': l3 });
    expect(purls(r!.input.graphs)).toEqual(
      [
        ...EXPECTED_SQUASHED,
        'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
        'pkg:npm/left-pad@1.3.0',
        'pkg:npm/lodash@4.17.21',
      ].sort(),
    );
  });

  it('progress on a TTY names each layer, and the line is cleared at the end; nothing when not a TTY', async () => {
    let shown = '';
    await collectImage(opts('oci-layout:layout', { isTTY: true, progressWrite: (t) => void (shown += t) }));
    for (const [i, l] of layout.images[0]!.layers.entries()) expect(shown).toContain(`scanning layer ${i + 1}/3 ${l.digest.slice(0, 19)}`);
    expect(shown.endsWith('\r\u001b[2K')).toBe(true);
    let quiet = '';
    await collectImage(opts('oci-layout:layout', { isTTY: false, progressWrite: (t) => void (quiet += t) }));
    expect(quiet).toBe('');
  });

  it('the CLI writes a CycloneDX document from an image', async () => {
    const r = await runCli(['sbom', 'oci-layout:layout'], { cwd: tmp });
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.code).toBe(0);
    const bom = JSON.parse(r.stdout) as { metadata: { component: { type: string; name: string } }; components: Array<{ purl: string }> };
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: 'layout' });
    expect(bom.components.map((c) => c.purl).sort()).toEqual(expect.arrayContaining(EXPECTED_SQUASHED));
    expect(bom.components.map((c) => c.purl)).not.toContain('pkg:npm/left-pad@1.3.0');
  });

  it('the CLI passes --scope all-layers through: removed packages appear, marked deleted', async () => {
    const r = await runCli(['sbom', 'oci-layout:layout', '--scope', 'all-layers'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const bom = JSON.parse(r.stdout) as { components: Array<{ purl: string; properties?: Array<{ name: string; value: string }> }> };
    const leftPad = bom.components.find((c) => c.purl === 'pkg:npm/left-pad@1.3.0');
    expect(leftPad?.properties?.find((p) => p.name === 'custody:image:deleted')?.value).toBe('true');
    const bad = await runCli(['sbom', 'oci-layout:layout', '--scope', 'everything'], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scope everything is not squashed or all-layers/);
  });
});

describe('distroless dpkg status.d', () => {
  it('one stanza file per package, names with dots included, md5sums files ignored', async () => {
    await writeOciLayout(join(tmp, 'distroless'), {
      layers: [
        {
          files: [
            { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
            { path: 'var/lib/dpkg/status.d/base-files', content: 'Package: base-files\nVersion: 12.4\nArchitecture: amd64\n' },
            { path: 'var/lib/dpkg/status.d/base-files.md5sums', content: 'd41d8cd98f00b204e9800998ecf8427e  etc/x\n' },
          ],
        },
        {
          files: [
            {
              path: 'var/lib/dpkg/status.d/python3.11-minimal',
              content: 'Package: python3.11-minimal\nVersion: 3.11.2-6\nArchitecture: amd64\n',
            },
          ],
        },
      ],
    });
    const [r] = await collectImage(opts('oci-layout:distroless'));
    expect(purls(r!.input.graphs)).toEqual([
      'pkg:deb/debian/base-files@12.4?arch=amd64&distro=debian-12',
      'pkg:deb/debian/python3.11-minimal@3.11.2-6?arch=amd64&distro=debian-12',
    ]);
  });
});

describe('rpm images', () => {
  it('the sqlite rpmdb is spooled to a temp file, read with node:sqlite, and the temp file removed', async () => {
    const { writeRpmDb } = await import('@custody/testing');
    const { readdirSync } = await import('node:fs');
    const dbFile = join(tmp, 'rpmdb.sqlite');
    writeRpmDb(dbFile, [
      { name: 'bash', version: '5.2.26', release: '1.el9', arch: 'x86_64', license: 'GPL-3.0-or-later' },
      { name: 'openssl-libs', version: '3.0.7', release: '27.el9', arch: 'x86_64', epoch: 1, license: 'Apache-2.0' },
    ]);
    await writeOciLayout(join(tmp, 'rpmimg'), {
      layers: [
        {
          files: [
            { path: 'etc/os-release', content: 'NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.3"\n' },
            { path: 'var/lib/rpm/Packages', content: 'bdb' },
          ],
        },
        { compression: 'zstd', files: [{ path: 'usr/lib/sysimage/rpm/rpmdb.sqlite', content: readFileSync(dbFile) }] },
      ],
    });
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('custody-scan-')).length;
    const [r] = await collectImage(opts('oci-layout:rpmimg'));
    expect(purls(r!.input.graphs)).toEqual([
      'pkg:rpm/rocky/bash@5.2.26-1.el9?arch=x86_64&distro=rocky-9.3',
      'pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rocky-9.3&epoch=1',
    ]);
    // The lower layer's Packages is no rpm database at all: not silently dropped, a gap the SBOM names.
    expect(r!.input.gaps).toContain(
      'var/lib/rpm/Packages: not an rpm database Custody knows (sqlite, Berkeley DB, ndb): its packages are not listed',
    );
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('custody-scan-')).length).toBe(before);
  });
});

describe('docker save details', () => {
  it('identical layers stored once with a symlink (as docker save does) are read through the link', async () => {
    const { tarArchive, buildImage } = await import('@custody/testing');
    const layer = buildLayer({
      compression: 'none',
      files: [{ path: 'lib/apk/db/installed', content: 'P:zlib\nV:1.3.1-r0\nA:x86_64\n\n' }],
    });
    const built = buildImage({ layers: [layer, layer] });
    writeFileSync(
      join(tmp, 'linked.tar'),
      tarArchive([
        { path: 'cfg.json', content: built.config },
        { path: 'aaa/layer.tar', content: layer.bytes },
        { path: 'bbb', type: 'dir' },
        { path: 'bbb/layer.tar', type: 'symlink', linkname: '../aaa/layer.tar' },
        {
          path: 'manifest.json',
          content: JSON.stringify([{ Config: 'cfg.json', RepoTags: null, Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]),
        },
      ]),
    );
    const [r] = await collectImage(opts('docker-archive:linked.tar'));
    expect(r!.input.root.name).toBe('linked');
    expect(r!.scan!.layers.map((l) => l.digest)).toEqual([layer.diffId, layer.diffId]);
    expect(purls(r!.input.graphs)).toEqual(['pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64']);
  });
});

describe('multi-platform index', () => {
  const amd = {
    layers: [
      {
        files: [
          { path: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\n\n' },
          { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
        ],
      },
    ],
  };
  const arm = {
    architecture: 'arm64',
    variant: 'v8',
    layers: [
      {
        files: [
          { path: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\nA:aarch64\nL:MIT\n\n' },
          { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
        ],
      },
    ],
  };
  beforeAll(async () => {
    await writeOciLayout(join(tmp, 'multi'), [amd, arm]);
  });

  it('one result per platform; --platform picks one', async () => {
    const all = await collectImage(opts('oci-layout:multi'));
    expect(all.map((r) => r.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(purls(all[0]!.input.graphs)).toEqual(['pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1']);
    expect(purls(all[1]!.input.graphs)).toEqual(['pkg:apk/alpine/musl@1.2.4-r2?arch=aarch64&distro=alpine-3.19.1']);
    const one = await collectImage(opts('oci-layout:multi', { platform: 'linux/arm64' }));
    expect(one.map((r) => r.platform)).toEqual(['linux/arm64/v8']);
    const err = await failure(collectImage(opts('oci-layout:multi', { platform: 'linux/s390x' })));
    expect(err.code).toBe('IMAGE_PLATFORM_NOT_FOUND');
    expect(err.describe()).toContain('linux/amd64');
  });
});

describe('bad input: exit 2 naming the layer digest', () => {
  const okLayer = { files: [{ path: 'var/lib/dpkg/status', content: dpkg([['a', '1']]) }] };

  it('a corrupt (undecompressable) layer', async () => {
    const bad = buildLayer({ files: layer1, corrupt: (b) => Buffer.concat([b.subarray(0, 40), Buffer.alloc(64, 0x55), b.subarray(104)]) });
    await writeOciLayout(join(tmp, 'corrupt'), { layers: [okLayer, bad] });
    const err = await failure(collectImage(opts('oci-layout:corrupt')));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('IMAGE_LAYER_CORRUPT');
    expect(err.describe()).toContain(bad.digest);
    const cli = await runCli(['sbom', 'oci-layout:corrupt'], { cwd: tmp });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(bad.digest);
    expect(cli.stdout).toBe('');
  });

  it('a layer that is not a tar archive', async () => {
    const notTar = buildLayer({
      files: [],
      corrupt: () => Buffer.from('{"this is":"json, not tar"}'.padEnd(1024, ' ')),
      compression: 'none',
    });
    await writeOciLayout(join(tmp, 'nottar'), { layers: [notTar] });
    const err = await failure(collectImage(opts('oci-layout:nottar')));
    expect(err.code).toBe('IMAGE_LAYER_CORRUPT');
    expect(err.describe()).toContain(notTar.digest);
  });

  it('a blob altered after the manifest was written (digest mismatch)', async () => {
    const res = await writeOciLayout(join(tmp, 'altered'), { layers: [okLayer] });
    const l = res.images[0]!.layers[0]!;
    const file = join(tmp, 'altered', 'blobs', 'sha256', l.digest.slice(7));
    const { gzipSync } = await import('node:zlib');
    const { tarArchive } = await import('@custody/testing');
    writeFileSync(file, gzipSync(tarArchive([{ path: 'evil', content: 'x' }])));
    const err = await failure(collectImage(opts('oci-layout:altered')));
    expect(err.code).toBe('IMAGE_DIGEST_MISMATCH');
    expect(err.exitCode).toBe(2);
    expect(err.describe()).toContain(l.digest);
  });

  it('a missing blob', async () => {
    const missing = buildLayer(okLayer);
    await writeOciLayout(join(tmp, 'missing'), { layers: [missing] }, { skipBlobs: [missing.digest] });
    const err = await failure(collectImage(opts('oci-layout:missing')));
    expect(err.code).toBe('IMAGE_BLOB_MISSING');
    expect(err.exitCode).toBe(2);
    expect(err.describe()).toContain(missing.digest);
    const cli = await runCli(['sbom', 'oci-layout:missing'], { cwd: tmp });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(missing.digest);
  });

  it('an unknown layer media type', async () => {
    const odd = buildLayer({ ...okLayer, mediaType: 'application/vnd.example.squashfs' });
    await writeOciLayout(join(tmp, 'odd'), { layers: [okLayer, odd] });
    const err = await failure(collectImage(opts('oci-layout:odd')));
    expect(err.code).toBe('IMAGE_MEDIA_TYPE_UNSUPPORTED');
    expect(err.exitCode).toBe(2);
    expect(err.describe()).toContain(odd.digest);
    expect(err.describe()).toContain('application/vnd.example.squashfs');
    const cli = await runCli(['sbom', 'oci-layout:odd'], { cwd: tmp });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(odd.digest);
  });

  it('attacks on paths: a digest pin or a manifest layer digest with ../ never reaches the filesystem', async () => {
    const err = await failure(collectImage(opts('oci-layout:layout@sha256:../../../../etc/passwd')));
    expect(err.code).toBe('IMAGE_DIGEST_INVALID');
    expect(err.exitCode).toBe(2);
    // A manifest whose layer digest is a path: written by hand (the builder computes real digests).
    const res = await writeOciLayout(join(tmp, 'evil'), { layers: [okLayer] });
    const mPath = join(tmp, 'evil', 'blobs', 'sha256', res.images[0]!.manifestDigest.slice(7));
    const m = JSON.parse(readFileSync(mPath, 'utf8')) as { layers: Array<{ digest: string }> };
    m.layers[0]!.digest = 'sha256:../../../../../../etc/passwd';
    const evil = Buffer.from(JSON.stringify(m));
    const { createHash } = await import('node:crypto');
    const evilDigest = createHash('sha256').update(evil).digest('hex');
    writeFileSync(join(tmp, 'evil', 'blobs', 'sha256', evilDigest), evil);
    const err2 = await failure(collectImage(opts(`oci-layout:evil@sha256:${evilDigest}`)));
    expect(err2.code).toBe('IMAGE_DIGEST_INVALID');
    expect(err2.exitCode).toBe(2);
  });

  it('a docker archive whose manifest.json points outside the archive finds nothing there', async () => {
    const { tarArchive } = await import('@custody/testing');
    writeFileSync(
      join(tmp, 'escape.tar'),
      tarArchive([
        { path: 'cfg.json', content: JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [] } }) },
        { path: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', RepoTags: ['x:1'], Layers: ['../../../../etc/passwd'] }]) },
      ]),
    );
    const err = await failure(collectImage(opts('docker-archive:escape.tar')));
    expect(err.code).toBe('IMAGE_BLOB_MISSING');
    expect(err.describe()).toContain('etc/passwd is not in the archive');
  });

  it('a truncated docker archive and a directory that is not a layout', async () => {
    await writeDockerArchive(join(tmp, 'trunc.tar'), { layers: [okLayer] });
    const full = readFileSync(join(tmp, 'trunc.tar'));
    writeFileSync(join(tmp, 'trunc.tar'), full.subarray(0, 1536));
    const err = await failure(collectImage(opts('docker-archive:trunc.tar')));
    expect(err.exitCode).toBe(2);
    const err2 = await failure(collectImage(opts('oci-layout:.')));
    expect(err2.code).toBe('IMAGE_LAYOUT_INVALID');
  });
});

describe('a real image (../shared cosign-oci-layout: distroless Debian 12 + a Go program, built by a real CI)', () => {
  const shared = sharedDir();
  if (!shared) sharedNotice('the real-image layout test');
  const dir = shared ? join(shared, 'fixtures', 'real-attestations', 'cosign-oci-layout') : '';

  it.skipIf(!shared)(
    'packages equal what a plain regex finds in the decompressed layers; cosign attestation manifests are skipped',
    async () => {
      const results = await collectImage(opts(`oci-layout:${dir}`));
      expect(results.map((r) => r.platform)).toEqual(['linux/amd64']);
      const comps = results[0]!.input.graphs.flatMap((g) => g.components);
      // The other way: gunzip every layer the manifest lists and grep the raw tar bytes.
      const manifest = JSON.parse(readFileSync(join(dir, 'blobs', 'sha256', results[0]!.input.root.digest!.sha256!), 'utf8')) as {
        layers: Array<{ digest: string }>;
      };
      const raw = manifest.layers
        .map((l) => gunzipSync(readFileSync(join(dir, 'blobs', 'sha256', l.digest.slice(7)))).toString('latin1'))
        .join('\n');
      const debs = [...raw.matchAll(/(?<=^|\0)Package: (\S+)\n(?:[^\n]+\n)*?Version: (\S+)$/gm)].map((m) => `${m[1]}@${m[2]}`).sort();
      // (the module list is in the binary twice: the build-info block and runtime/debug.modinfo)
      const goDeps = [...new Set([...raw.matchAll(/\ndep\t([^\t\n]+)\t([^\t\n]+)/g)].map((m) => `${m[1]}@${m[2]}`))].sort();
      expect(debs.length).toBeGreaterThan(0);
      expect(goDeps.length).toBeGreaterThan(0);
      expect(
        comps
          .filter((c) => c.purl.startsWith('pkg:deb/'))
          .map((c) => `${c.name}@${c.version}`)
          .sort(),
      ).toEqual(debs);
      expect(comps.filter((c) => c.purl.startsWith('pkg:deb/')).every((c) => c.purl.includes('distro=debian-12'))).toBe(true);
      const go = results[0]!.input.graphs.find((g) => g.ecosystem === 'golang')!;
      const goVersion = /\u00ff Go buildinf:[\s\S]{19}(go1\.[0-9.]+)/.exec(raw)?.[1];
      expect(
        go.components
          .filter((c) => c.name !== 'stdlib' && c.type !== 'application')
          .map((c) => `${c.group}/${c.name}@${c.version}`)
          .sort(),
      ).toEqual(goDeps);
      expect(go.components.find((c) => c.name === 'stdlib')?.version).toBe(goVersion);
    },
  );
});
