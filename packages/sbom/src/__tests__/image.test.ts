import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeGoBinary, tarArchive, tarHeader, zipArchive } from '@custody/testing';
import type { TestFile } from '@custody/testing';
import { GoBuildInfoSink, TarParser, bufferAccess, listZip, parseGemspec, parsePythonMetadata, readJar } from '../index.js';
import type { GoBuildInfo, TarEntry } from '../index.js';
import { FindingView } from '../image/view.js';
import type { Finding } from '../image/finders.js';

const tmp = mkdtempSync(join(tmpdir(), 'custody-image-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Parses a tar buffer fed in chunks of `chunk` bytes; returns entries with their content. */
async function parse(tar: Buffer, chunk = 4096): Promise<Array<TarEntry & { content: string }>> {
  const out: Array<TarEntry & { content: string }> = [];
  const parser = new TarParser((e) => {
    const rec = { ...e, content: '' };
    out.push(rec);
    return { write: (b) => void (rec.content += b.toString('utf8')), end: () => {} };
  });
  for (let i = 0; i < tar.length; i += chunk) await parser.write(tar.subarray(i, i + chunk));
  parser.end();
  return out;
}

describe('streaming tar parser', () => {
  const long = `a/${'b'.repeat(120)}/c/${'d'.repeat(40)}.txt`;
  const files: TestFile[] = [
    { path: 'dir', type: 'dir' },
    { path: './dir/file.txt', content: 'hello' },
    { path: long, content: 'long name' },
    { path: 'dir/link', type: 'symlink', linkname: 'file.txt' },
    { path: 'big.bin', content: Buffer.alloc(70_000, 7) },
  ];

  for (const longNames of ['pax', 'gnu'] as const) {
    it(`reads ustar entries and ${longNames} long names, whatever the chunk boundaries`, async () => {
      const tar = tarArchive(files, longNames);
      for (const chunk of [1, 511, 512, 513, 65536]) {
        const got = await parse(tar, chunk);
        expect(
          got.map((e) => [e.path, e.type, e.size]),
          `chunk ${chunk}`,
        ).toEqual([
          ['dir', 'directory', 0],
          ['dir/file.txt', 'file', 5],
          [long, 'file', 9],
          ['dir/link', 'symlink', 0],
          ['big.bin', 'file', 70_000],
        ]);
        expect(got[1]!.content).toBe('hello');
        expect(got[2]!.content).toBe('long name');
        expect(got[3]!.linkname).toBe('file.txt');
      }
    });
  }

  it.skipIf(spawnSync('tar', ['--version']).status !== 0 && !process.env.CI)(
    'agrees with GNU tar on an archive written by GNU tar (pax format, long names)',
    async () => {
      const src = join(tmp, 'gnutar');
      const deep = join(src, 'x'.repeat(90), 'y'.repeat(90));
      mkdirSync(deep, { recursive: true });
      writeFileSync(join(deep, 'METADATA'), 'Name: deep\nVersion: 1\n');
      writeFileSync(join(src, 'small'), 'abc');
      for (const format of ['pax', 'gnu']) {
        const tar = execFileSync('tar', ['-C', src, `--format=${format}`, '-cf', '-', '.']);
        const listed = execFileSync('tar', ['-tf', '-'], { input: tar })
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((p) => p.replace(/^\.\/?/, '').replace(/\/$/, ''))
          .filter(Boolean)
          .sort();
        const got = (await parse(tar, 1000))
          .map((e) => e.path)
          .filter(Boolean)
          .sort();
        expect(got, format).toEqual(listed);
      }
    },
  );

  it('rejects a header with a bad checksum and a truncated archive, with the byte offset', async () => {
    const tar = tarArchive([
      { path: 'a', content: 'x' },
      { path: 'b', content: 'y' },
    ]);
    const bad = Buffer.from(tar);
    bad[1024 + 10] ^= 0xff; // inside the second header's name
    await expect(parse(bad)).rejects.toThrow(/checksum.*byte 1024/);
    await expect(parse(tar.subarray(0, 700))).rejects.toThrow(/truncated/);
  });

  it('skipped content is not handed to anyone; a header claims no data for links and directories', async () => {
    const tar = Buffer.concat([tarHeader('d/', 0, '5'), tarHeader('f', 3, '0'), Buffer.from('abc'.padEnd(512, '\0')), Buffer.alloc(1024)]);
    const seen: string[] = [];
    const parser = new TarParser((e) => void seen.push(e.path));
    await parser.write(tar);
    parser.end();
    expect(seen).toEqual(['d', 'f']);
    expect(parser.finished).toBe(true);
  });
});

describe('whiteouts and opaque directories (FindingView)', () => {
  const f = (path: string, layer: number): Finding => ({ path, layer, kind: 'npm', components: [] });
  it('a .wh. file hides the path and everything below; an opaque marker hides only lower layers; overwrites replace', () => {
    const v = new FindingView(true);
    v.add(f('a/node_modules/x/package.json', 0));
    v.add(f('a/node_modules/y/package.json', 0));
    v.add(f('b/keep/package.json', 0));
    v.add(f('c/file', 0));
    v.entry('a/node_modules/.wh.x', false, 1);
    v.entry('b/.wh..wh..opq', false, 1);
    v.add(f('b/new/package.json', 1)); // same layer as the opaque marker: stays
    v.entry('c/file', false, 2); // overwritten by a later layer
    v.add(f('c/file', 2));
    expect(
      v
        .findings()
        .map((x) => `${x.path}@${x.layer}`)
        .sort(),
    ).toEqual(['a/node_modules/y/package.json@0', 'b/new/package.json@1', 'c/file@2']);
    expect(v.hidden.map((x) => `${x.path}@${x.layer} hidden by ${x.hiddenBy}`).sort()).toEqual([
      'a/node_modules/x/package.json@0 hidden by 1',
      'b/keep/package.json@0 hidden by 1',
      'c/file@0 hidden by 2',
    ]);
  });

  it('a file replacing a directory hides what was below it', () => {
    const v = new FindingView(false);
    v.add(f('opt/lib/app.jar', 0));
    v.entry('opt/lib', false, 1);
    expect(v.findings()).toEqual([]);
  });
});

describe('Go build info', () => {
  const mod = 'path\tex.com/cmd\nmod\tex.com\tv1.2.3\th1:m=\ndep\tgithub.com/a/b\tv0.1.0\th1:a=\n';
  const scan = (bin: Buffer, chunk: number) => {
    let info: GoBuildInfo | undefined;
    const sink = new GoBuildInfoSink((i) => (info = i));
    for (let i = 0; i < bin.length; i += chunk) sink.write(bin.subarray(i, i + chunk));
    sink.end();
    return info;
  };
  it('finds the block after a decoy magic, across chunk boundaries', () => {
    const bin = fakeGoBinary('go1.21.5', mod, 9000);
    for (const chunk of [7, 100, 4096, 1 << 20]) {
      const info = scan(bin, chunk);
      expect(info?.goVersion, `chunk ${chunk}`).toBe('go1.21.5');
      expect(info?.main).toMatchObject({ path: 'ex.com', version: 'v1.2.3' });
      expect(info?.deps.map((d) => d.path)).toEqual(['github.com/a/b']);
    }
  });
  it('ignores files that are not executables', () => {
    const bin = fakeGoBinary('go1.21.5', mod);
    bin.write('#!/b', 0, 'latin1');
    expect(scan(bin, 4096)).toBeUndefined();
  });
});

describe('jars', () => {
  it('pom.properties of the jar and of a nested jar, through the central directory', async () => {
    const inner = zipArchive([
      { name: 'META-INF/maven/org.inner/inner/pom.properties', content: 'groupId=org.inner\nartifactId=inner\nversion=0.9\n' },
    ]);
    const jar = zipArchive([
      { name: 'META-INF/maven/org.outer/outer/pom.properties', content: 'groupId=org.outer\nartifactId=outer\nversion=1.0\n' },
      { name: 'WEB-INF/lib/inner.jar', content: inner },
    ]);
    const comps = await readJar(bufferAccess(jar));
    expect(comps.map((c) => c.purl)).toEqual(['pkg:maven/org.outer/outer@1.0', 'pkg:maven/org.inner/inner@0.9']);
    expect(comps[1]!.properties).toEqual({ 'custody:java:nested-in': 'WEB-INF/lib/inner.jar' });
  });

  // The JDK's jar tool is on this kind of machine (CI too); elsewhere the test is skipped, visibly.
  it.skipIf(spawnSync('jar', ['--version']).status !== 0 && !process.env.CI)(
    'reads a jar written by the JDK jar tool (a real writer)',
    async () => {
      const src = join(tmp, 'jarsrc');
      mkdirSync(join(src, 'META-INF/maven/org.real/real'), { recursive: true });
      writeFileSync(join(src, 'META-INF/maven/org.real/real/pom.properties'), 'artifactId=real\ngroupId=org.real\nversion=3.1.4\n');
      writeFileSync(join(src, 'Main.class'), Buffer.alloc(5000, 1));
      const file = join(tmp, 'real.jar');
      execFileSync('jar', ['cf', file, '-C', src, '.']);
      const bytes = readFileSync(file);
      expect((await listZip(bufferAccess(bytes))).map((e) => e.name)).toContain('META-INF/maven/org.real/real/pom.properties');
      expect((await readJar(bufferAccess(bytes))).map((c) => c.purl)).toEqual(['pkg:maven/org.real/real@3.1.4']);
    },
  );

  it('a zip bomb whose directory lies about the size is stopped at the read limit, not inflated', async () => {
    const bomb = zipArchive([{ name: 'META-INF/maven/a/b/pom.properties', content: Buffer.alloc(64 << 20, 0x23) }]);
    // Patch the sizes in the local header and the central directory to claim 100 bytes.
    bomb.writeUInt32LE(100, 22);
    const cd = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100, cd + 24);
    expect(bomb.length).toBeLessThan(1 << 20);
    await expect(readJar(bufferAccess(bomb))).rejects.toThrow(/larger|buffer|length/i);
  });

  it('a damaged zip is an error, not a hang', async () => {
    await expect(readJar(bufferAccess(Buffer.from('PK not really')))).rejects.toThrow(/end-of-central-directory/);
  });
});

describe('metadata files', () => {
  it('python METADATA: headers only, License-Expression preferred, classifiers as fallback', () => {
    expect(
      parsePythonMetadata('Name: Foo_Bar\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\nLicense: long text\n\nName: nope\n'),
    ).toMatchObject({ purl: 'pkg:pypi/foo-bar@1.0', licenses: ['MIT OR Apache-2.0'] });
    expect(
      parsePythonMetadata('Name: x\nVersion: 2\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: BSD License\n')?.licenses,
    ).toEqual(['BSD License']);
    expect(parsePythonMetadata('Version: 2\n')).toBeUndefined();
  });
  it('gemspec: name, version, licenses', () => {
    expect(
      parseGemspec('s.name = "nokogiri".freeze\ns.version = "1.16.0"\ns.licenses = ["MIT".freeze, "Apache-2.0".freeze]\n'),
    ).toMatchObject({ purl: 'pkg:gem/nokogiri@1.16.0', licenses: ['MIT', 'Apache-2.0'] });
  });
});
