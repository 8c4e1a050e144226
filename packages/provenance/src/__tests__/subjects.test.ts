import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyError } from '@custody/core';
import { parseChecksums, parseDigestSubject, resolveSubjects } from '../index.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sha512 = (s: string) => createHash('sha512').update(s).digest('hex');

async function fails(p: Promise<unknown>): Promise<CustodyError> {
  try {
    await p;
  } catch (err) {
    return err as CustodyError;
  }
  throw new Error('expected an error');
}

describe('resolveSubjects', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'custody-subjects-'));
    mkdirSync(join(dir, 'dist', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'app.tgz'), 'app');
    writeFileSync(join(dir, 'dist', 'lib.tgz'), 'lib');
    writeFileSync(join(dir, 'dist', 'sub', 'x.bin'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes paths and globs, takes NAME@sha256 and oci:// digests, removes duplicates and sorts', async () => {
    const img = 'c'.repeat(64);
    const subjects = await resolveSubjects(
      [
        'dist/*.tgz',
        'dist/app.tgz',
        `oci://ghcr.io/acme/app@sha256:${img}`,
        `oci://ghcr.io/acme/app:1.0@sha256:${img}`,
        `pkg@sha256:${'A'.repeat(64)}`,
        'dist/**/*.bin',
      ],
      undefined,
      dir,
    );
    expect(subjects).toEqual([
      { name: 'dist/app.tgz', digest: { sha256: sha256('app') } },
      { name: 'dist/lib.tgz', digest: { sha256: sha256('lib') } },
      { name: 'dist/sub/x.bin', digest: { sha256: sha256('x') } },
      { name: 'ghcr.io/acme/app', digest: { sha256: img } },
      { name: 'pkg', digest: { sha256: 'a'.repeat(64) } },
    ]);
  });

  it('reads shasum files: text and binary mode, sha256 and sha512, BSD tag form, comments', async () => {
    const text = [
      `# made by sha256sum`,
      `${sha256('one')}  one.bin`,
      `${sha256('two')} *two.bin`,
      `${sha512('three')}  three.bin`,
      `SHA256 (four.bin) = ${sha256('four')}`,
      `${sha256('one')}  one.bin`,
      '',
    ].join('\n');
    expect(parseChecksums(text, 'SUMS')).toHaveLength(5);
    writeFileSync(join(dir, 'SUMS'), text);
    const subjects = await resolveSubjects([], 'SUMS', dir);
    expect(subjects.map((s) => [s.name, Object.keys(s.digest)[0]])).toEqual([
      ['four.bin', 'sha256'],
      ['one.bin', 'sha256'],
      ['three.bin', 'sha512'],
      ['two.bin', 'sha256'],
    ]);
  });

  it('handles at least 1,024 subjects', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `${sha256(String(i))}  file-${String(i).padStart(4, '0')}.bin`);
    writeFileSync(join(dir, 'BIG'), `${lines.join('\n')}\n${lines.slice(0, 100).join('\n')}\n`);
    const subjects = await resolveSubjects([], 'BIG', dir);
    expect(subjects).toHaveLength(1500);
    expect(subjects[0]!.name).toBe('file-0000.bin');
    expect(subjects[1499]!.name).toBe('file-1499.bin');
  });

  it('names the input and the fix for bad input (exit 2)', async () => {
    const missing = await fails(resolveSubjects(['dist/nope.tgz'], undefined, dir));
    expect([missing.code, missing.exitCode]).toEqual(['FILE_NOT_FOUND', 2]);
    expect(missing.describe()).toMatch(/dist\/nope\.tgz.*does not exist.*Check the path/);

    const glob = await fails(resolveSubjects(['dist/*.zip'], undefined, dir));
    expect(glob.code).toBe('GLOB_NO_MATCH');
    expect(glob.describe()).toContain('dist/*.zip');

    const directory = await fails(resolveSubjects(['dist'], undefined, dir));
    expect(directory.describe()).toContain('dist/**');

    writeFileSync(join(dir, 'BAD'), `${sha256('a')}  a.bin\nthis is not a checksum\n`);
    const malformed = await fails(resolveSubjects([], 'BAD', dir));
    expect(malformed.code).toBe('CHECKSUM_LINE_MALFORMED');
    expect(malformed.describe()).toMatch(/^BAD:2: .*sha256sum/);

    writeFileSync(join(dir, 'MD5'), `${'d'.repeat(32)}  a.bin\n`);
    const md5 = await fails(resolveSubjects([], 'MD5', dir));
    expect(md5.code).toBe('CHECKSUM_ALGORITHM_UNSUPPORTED');
    expect(md5.describe()).toMatch(/MD5:1: .*md5.*sha256/);

    const sha1 = await fails(resolveSubjects([`app@sha1:${'e'.repeat(40)}`], undefined, dir));
    expect(sha1.code).toBe('SUBJECT_DIGEST_UNSUPPORTED');
    expect(sha1.describe()).toContain('sha256');

    const short = await fails(resolveSubjects([`app@sha256:abc`], undefined, dir));
    expect(short.code).toBe('SUBJECT_DIGEST_INVALID');

    const tag = await fails(resolveSubjects(['oci://ghcr.io/acme/app:latest'], undefined, dir));
    expect(tag.code).toBe('SUBJECT_IMAGE_NOT_PINNED');

    const noFile = await fails(resolveSubjects([], 'NOPE', dir));
    expect(noFile.code).toBe('CHECKSUM_FILE_NOT_FOUND');
    expect((await fails(resolveSubjects([], undefined, dir))).code).toBe('SUBJECT_MISSING');
  });

  it('does not mistake a scoped file name with @ for a digest', () => {
    expect(parseDigestSubject('@scope/pkg-1.0.0.tgz')).toBeUndefined();
    expect(parseDigestSubject('dist/a@b.txt')).toBeUndefined();
  });
});
