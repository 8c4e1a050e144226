/**
 * Unit tests of core's small vocabulary: digests, canonical JSON, the error base and its describe(), secret masking,
 * the DSSE pre-authentication encoding and statements, and the injected clocks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentClock, fixedClock, isoSeconds, systemClock } from '../clock.js';
import { digestBytes, digestFile, formatDigest, hexLength, isDigestAlgorithm, parseDigest } from '../digest.js';
import { CORE_ERROR_CODES, CoreInputError, type CustodyError, describeCause, InputError, isCustodyError, UsageError } from '../errors.js';
import { INTOTO_PAYLOAD_TYPE, makeStatement, preAuthEncoding, STATEMENT_TYPE_V1 } from '../intoto.js';
import { canonicalJson, compareStrings, stableJson } from '../json.js';
import { LIMIT_SPECS } from '../limits.js';
import { addSecret, createLogger, mask, onSecret } from '../log.js';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('digests', () => {
  it('hashes bytes and strings with sha256 by default and with the algorithm asked for', () => {
    expect(digestBytes('abc')).toBe(ABC_SHA256);
    expect(digestBytes(Buffer.from('abc'))).toBe(ABC_SHA256);
    expect(digestBytes('abc', 'sha512')).toHaveLength(128);
    expect(digestBytes('abc', 'sha1')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('hashes a file by streaming it, to the same digest as its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custody-core-'));
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0x61); // more than one 1 MiB read
    writeFileSync(join(dir, 'a'), 'abc');
    writeFileSync(join(dir, 'big'), big);
    expect(await digestFile(join(dir, 'a'))).toBe(ABC_SHA256);
    expect(await digestFile(join(dir, 'big'))).toBe(digestBytes(big));
    writeFileSync(join(dir, 'empty'), '');
    expect(await digestFile(join(dir, 'empty'))).toBe(digestBytes(''));
  });

  it('parses ALG:HEX, lower-cases the hex and trims white space, and formats it back', () => {
    const upper = ` sha256:${ABC_SHA256.toUpperCase()}\n`;
    expect(parseDigest(upper)).toEqual({ algorithm: 'sha256', hex: ABC_SHA256 });
    expect(formatDigest(parseDigest(`sha256:${ABC_SHA256}`))).toBe(`sha256:${ABC_SHA256}`);
    expect(parseDigest(`sha512:${'0'.repeat(128)}`).algorithm).toBe('sha512');
  });

  it('refuses what is not ALG:HEX with DIGEST_INVALID, naming the place', () => {
    for (const bad of ['', ABC_SHA256, `sha256-${ABC_SHA256}`, `sha256:${ABC_SHA256.slice(0, 63)}g`, 'sha256:']) {
      expect(() => parseDigest(bad, '--subject')).toThrow(expect.objectContaining({ code: 'DIGEST_INVALID', location: '--subject' }));
    }
  });

  it('refuses a hex part of the wrong length for its algorithm, with both lengths in the message', () => {
    let err: unknown;
    try {
      parseDigest(`sha256:${ABC_SHA256.slice(0, 40)}`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CoreInputError);
    expect((err as CustodyError).code).toBe('DIGEST_INVALID');
    expect((err as Error).message).toContain('64 hex characters');
    expect((err as Error).message).toContain('has 40');
  });

  it('refuses an algorithm it cannot compute with DIGEST_UNSUPPORTED_ALGORITHM', () => {
    expect(() => parseDigest(`md5:${'0'.repeat(32)}`)).toThrow(expect.objectContaining({ code: 'DIGEST_UNSUPPORTED_ALGORITHM' }));
    expect(isDigestAlgorithm('sha384')).toBe(true);
    expect(isDigestAlgorithm('md5')).toBe(false);
    // Not an inherited property of the length table either: "constructor:…" is an unsupported algorithm.
    expect(isDigestAlgorithm('constructor')).toBe(false);
    expect(() => parseDigest('constructor:00')).toThrow(expect.objectContaining({ code: 'DIGEST_UNSUPPORTED_ALGORITHM' }));
    expect([hexLength('sha1'), hexLength('sha256'), hexLength('sha384'), hexLength('sha512')]).toEqual([40, 64, 96, 128]);
  });
});

describe('canonical JSON', () => {
  it('sorts object keys at every depth, keeps array order and drops undefined members', () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, '€': 0, Z: 2 };
    expect(canonicalJson(value)).toBe('{"Z":2,"a":{"d":[3,{"y":2,"z":1}]},"b":1,"€":0}');
  });

  it('gives the same bytes for the same data whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: [{ b: 2, a: 1 }] })).toBe(canonicalJson({ y: [{ a: 1, b: 2 }], x: 1 }));
  });

  it('leaves class instances and primitives to JSON.stringify (a Date is its ISO string)', () => {
    expect(canonicalJson({ t: new Date(0), n: null, s: 'x' })).toBe('{"n":null,"s":"x","t":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  it('writes stable JSON with sorted keys, two-space indent and a trailing newline', () => {
    expect(stableJson({ b: 1, a: [1] })).toBe('{\n  "a": [\n    1\n  ],\n  "b": 1\n}\n');
  });

  it('compares strings by code point, not by locale', () => {
    expect(['b', 'a', 'B', 'ä'].sort(compareStrings)).toEqual(['B', 'a', 'b', 'ä']);
    expect(compareStrings('a', 'a')).toBe(0);
  });
});

describe('errors', () => {
  it('describe() gives where, what, what to do and the code in one paragraph', () => {
    const err = new CoreInputError('DIGEST_INVALID', '"x" is not a digest.', { location: 'subjects.txt:3', hint: 'Write sha256:HEX.' });
    expect(err.describe()).toBe('subjects.txt:3: "x" is not a digest. Write sha256:HEX. [DIGEST_INVALID]');
    expect(new UsageError('unknown flag --frob.').describe()).toBe('unknown flag --frob. [USAGE]');
  });

  it('keeps the cause without printing it, names the class, and exits 2 unless told otherwise', () => {
    const cause = new Error('ENOENT');
    const err = new CoreInputError('LIMIT_INVALID', 'bad limit.', { cause, exitCode: 1 });
    expect(err.cause).toBe(cause);
    expect(err.describe()).not.toContain('ENOENT');
    expect(err.name).toBe('CoreInputError');
    expect(err.exitCode).toBe(1);
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new CoreInputError('USAGE', 'x')).not.toHaveProperty('cause');
  });

  it('every core error is a CustodyError and an input error where it is one', () => {
    const input = new CoreInputError('SOURCE_DATE_EPOCH_INVALID', 'x');
    expect(isCustodyError(input)).toBe(true);
    expect(input).toBeInstanceOf(InputError);
    expect(new UsageError('x')).not.toBeInstanceOf(InputError);
    expect(isCustodyError(new Error('x'))).toBe(false);
    expect(isCustodyError({ code: 'USAGE', message: 'x' })).toBe(false);
  });

  it("core's table holds every limit's code, each entry naming itself", () => {
    for (const spec of Object.values(LIMIT_SPECS)) expect(CORE_ERROR_CODES).toHaveProperty(spec.code, spec.code);
    for (const [k, v] of Object.entries(CORE_ERROR_CODES)) expect(v).toBe(k);
  });

  it('describeCause adds an errno code once, and describes non-errors', () => {
    const errno = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(describeCause(errno)).toBe('ENOENT: no such file');
    expect(describeCause(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toBe('ENOENT: no such file');
    expect(describeCause('plain')).toBe('plain');
    expect(describeCause(42)).toBe('42');
  });
});

describe('secret masking', () => {
  it('masks every occurrence of a registered secret, and ignores values too short to mask safely', () => {
    addSecret('s3cr3t-value');
    addSecret('abc');
    addSecret(undefined);
    addSecret('');
    expect(mask('token=s3cr3t-value; again s3cr3t-value')).toBe('token=***; again ***');
    expect(mask('abc stays')).toBe('abc stays');
  });

  it('tells listeners of secrets registered before and after, once each', () => {
    addSecret('before-secret');
    const seen: string[] = [];
    onSecret((v) => seen.push(v));
    addSecret('after-secret');
    addSecret('after-secret');
    expect(seen).toContain('before-secret');
    expect(seen.filter((v) => v === 'after-secret')).toEqual(['after-secret']);
  });

  it('the logger masks what it writes, prefixes levels and drops what is below its level', () => {
    addSecret('logged-secret');
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('using logged-secret');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual(['using ***\n', 'warning: w\n', 'error: e\n']);
    const debug: string[] = [];
    createLogger({ level: 'debug', write: (l) => debug.push(l) }).debug('d');
    expect(debug).toEqual(['debug: d\n']);
    const quiet: string[] = [];
    const errorsOnly = createLogger({ level: 'error', write: (l) => quiet.push(l) });
    errorsOnly.warn('w');
    expect(quiet).toEqual([]);
  });
});

describe('in-toto and DSSE', () => {
  it('computes the DSSE pre-authentication encoding of the spec', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters, in both lengths', () => {
    const pae = preAuthEncoding('tÿpe', Buffer.from('é'));
    expect(pae.toString('utf8')).toBe('DSSEv1 5 tÿpe 2 é');
    expect(preAuthEncoding(INTOTO_PAYLOAD_TYPE, new Uint8Array()).toString()).toBe(`DSSEv1 28 ${INTOTO_PAYLOAD_TYPE} 0 `);
  });

  it('makes a Statement v1 with the subjects, predicate type and predicate given', () => {
    const subject = [{ name: 'app.tgz', digest: { sha256: ABC_SHA256 } }];
    expect(makeStatement(subject, 'https://example.com/p', { x: 1 })).toEqual({
      _type: STATEMENT_TYPE_V1,
      subject,
      predicateType: 'https://example.com/p',
      predicate: { x: 1 },
    });
    expect(STATEMENT_TYPE_V1).toBe('https://in-toto.io/Statement/v1');
  });
});

describe('clocks', () => {
  it('a fixed clock always says the same time, and isoSeconds drops the milliseconds', () => {
    const clock = fixedClock('2024-05-06T07:08:09.123Z');
    expect(clock.now().toISOString()).toBe('2024-05-06T07:08:09.123Z');
    clock.now().setFullYear(1999); // a caller changing the Date it got does not move the clock
    expect(isoSeconds(clock.now())).toBe('2024-05-06T07:08:09Z');
  });

  it('the document clock follows SOURCE_DATE_EPOCH when set, the system clock otherwise', () => {
    expect(documentClock({ SOURCE_DATE_EPOCH: '1700000000' }).now().toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(documentClock({ SOURCE_DATE_EPOCH: ' 0 ' }).now().getTime()).toBe(0);
    expect(documentClock({})).toBe(systemClock);
    expect(documentClock({ SOURCE_DATE_EPOCH: '' })).toBe(systemClock);
  });

  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds with SOURCE_DATE_EPOCH_INVALID', () => {
    for (const raw of ['1.5', '-1', 'yesterday', '1e9']) {
      expect(() => documentClock({ SOURCE_DATE_EPOCH: raw })).toThrow(expect.objectContaining({ code: 'SOURCE_DATE_EPOCH_INVALID' }));
    }
  });
});
