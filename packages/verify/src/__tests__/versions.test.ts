// Version orders of versions.ts and their use in OSV ranges (osv.ts inRange), per ecosystem. Each expected order is
// written by hand from the ecosystem's own specification: PEP 440's "Summary of permitted suffixes and relative
// ordering" and its normalisation rules; Go's module version rules (SemVer with a `v`; pseudo-versions are
// pre-releases); deb-version(7) and dpkg's verrevcmp (the `~` rule, epochs, revisions); apk-tools' version rules;
// Maven's ComparableVersion and RubyGems' Gem::Version (cited above their blocks).
import { describe, expect, it } from 'vitest';
import {
  compareApk,
  compareDpkg,
  compareGem,
  compareMaven,
  comparePep440,
  inRange,
  parseApk,
  parseDpkg,
  parseGem,
  parseMaven,
  parsePep440,
} from '../index.js';

/** Asserts that the list is strictly ascending under cmp (every pair, both directions). */
function ascending(list: string[], cmp: (a: string, b: string) => number) {
  for (let i = 0; i < list.length; i++)
    for (let j = 0; j < list.length; j++) expect([list[i], list[j], cmp(list[i]!, list[j]!)]).toEqual([list[i], list[j], Math.sign(i - j)]);
}
const pep = (a: string, b: string) => comparePep440(parsePep440(a)!, parsePep440(b)!);
const dpkg = (a: string, b: string) => compareDpkg(parseDpkg(a)!, parseDpkg(b)!);
const apk = (a: string, b: string) => compareApk(parseApk(a)!, parseApk(b)!);
const range = (...events: object[]) => ({ type: 'ECOSYSTEM', events });

describe('PEP 440 (PyPI)', () => {
  it("orders PEP 440's own example list: dev < pre (a < b < rc) < final < post, epochs above all", () => {
    ascending(
      [
        '1.0.dev456',
        '1.0a1',
        '1.0a2.dev456',
        '1.0a12.dev456',
        '1.0a12',
        '1.0b1.dev456',
        '1.0b2',
        '1.0b2.post345.dev456',
        '1.0b2.post345',
        '1.0rc1.dev456',
        '1.0rc1',
        '1.0',
        '1.0+abc.5',
        '1.0+abc.7',
        '1.0+5',
        '1.0.post456.dev34',
        '1.0.post456',
        '1.0.15',
        '1.1.dev1',
        '2013.10',
        '1!0.1',
      ],
      pep,
    );
  });
  it('normalises spellings: case, v prefix, alpha/c/rev/-N, implicit numbers, trailing zeros, leading zeros', () => {
    expect(pep('1.0', '1.0.0')).toBe(0);
    expect(pep('V1.0ALPHA1', '1.0a1')).toBe(0);
    expect(pep('1.0c1', '1.0rc1')).toBe(0);
    expect(pep('1.0-1', '1.0.post1')).toBe(0);
    expect(pep('1.0rev2', '1.0.post2')).toBe(0);
    expect(pep('1.0a', '1.0a0')).toBe(0);
    expect(pep('1.0-dev', '1.0.dev0')).toBe(0);
    expect(pep('2023.07.22', '2023.7.22')).toBe(0); // certifi's spelling in its advisory
    expect(pep('2022.12.7', '2023.07.22')).toBe(-1);
    expect(pep('0!1.0', '1.0')).toBe(0);
    expect(parsePep440('1.0-foo')).toBeUndefined();
    expect(parsePep440('latest')).toBeUndefined();
  });
  it('evaluates ranges with this order: a pre-release of the fix is affected, a post of the fix is not', () => {
    const r = range({ introduced: '0' }, { fixed: '3.1.3' });
    expect(inRange(r, '3.1.2', 'PyPI')).toBe(true);
    expect(inRange(r, '3.1.3rc1', 'PyPI')).toBe(true);
    expect(inRange(r, '3.1.3', 'PyPI')).toBe(false);
    expect(inRange(r, '3.1.3.post1', 'PyPI')).toBe(false);
    expect(inRange(range({ introduced: '1!0' }), '5.0', 'PyPI')).toBe(false); // epoch 0 is below epoch 1
    expect(inRange(range({ introduced: '2.0' }, { last_affected: '2.0.post1' }), '2.0.post1', 'PyPI')).toBe(true);
    expect(inRange(range({ introduced: '2.0' }, { last_affected: '2.0.post1' }), '2.0.post2', 'PyPI')).toBe(false);
    expect(inRange(range({ introduced: '0' }, { fixed: '1.0' }), 'not a version', 'PyPI')).toBeUndefined();
  });
});

describe('Go module versions (SemVer with v, pseudo-versions)', () => {
  it('orders v-prefixed versions, pseudo-versions before the release they precede, +incompatible ignored', () => {
    const r = range({ introduced: '0' }, { fixed: '0.17.0' });
    expect(inRange(r, 'v0.16.0', 'Go')).toBe(true);
    expect(inRange(r, 'v0.17.0', 'Go')).toBe(false);
    expect(inRange(r, 'v0.36.0', 'Go')).toBe(false); // numeric, not lexical
    // vX.Y.(Z+1)-0.TIMESTAMP-HASH is a pre-release of the next patch: after v0.16.0, before v0.17.0.
    expect(inRange(r, 'v0.16.1-0.20231201000000-abcdefabcdef', 'Go')).toBe(true);
    expect(inRange(r, 'v0.0.0-20190308221718-c2843e01d9a2', 'Go')).toBe(true);
    const semver = { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.8.2' }] };
    expect(inRange(semver, 'v2.8.1+incompatible', 'Go')).toBe(true);
    expect(inRange(semver, 'v2.8.3+incompatible', 'Go')).toBe(false);
    expect(inRange(range({ introduced: '1.0.0' }, { limit: '1.5.0' }, { fixed: '2.0.0' }), 'v1.6.0', 'Go')).toBe(false);
  });
});

describe('dpkg (Debian)', () => {
  it("orders deb-version(7)'s and dpkg's examples: ~ before everything, even the end; letters before other marks", () => {
    ascending(['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+b1', '1.0.1'], dpkg);
    ascending(['1.0~rc1-1', '1.0-1', '1.0-1+deb11u1', '1.0-1.1', '1.0-2', '1.0-10'], dpkg);
    ascending(['9.9-9', '1:0.1-1~bpo1', '1:0.1-1', '2:0.0'], dpkg); // epochs first
    expect(dpkg('1:0.1-1~bpo1', '1:0.1-1')).toBe(-1); // backports sort before the release they back-port
    expect(dpkg('2.36.1-8+deb11u1', '2.36.1-8')).toBe(1);
    expect(dpkg('5.2.5-2.1~deb11u1', '5.2.5-2.1')).toBe(-1);
    expect(dpkg('1.0', '1.0-0')).toBe(0); // a missing revision is "0"
    expect(dpkg('0:1.0', '1.0')).toBe(0); // a missing epoch is 0
    expect(dpkg('1.002', '1.2')).toBe(0); // digits compare as numbers
    expect(dpkg('10.2.1-6', '9.3.0-22')).toBe(1);
    expect(parseDpkg('1:2.36.1-8+deb11u1')).toEqual({ epoch: 1, upstream: '2.36.1', revision: '8+deb11u1' });
    expect(parseDpkg('1.2-3-4')).toEqual({ epoch: 0, upstream: '1.2-3', revision: '4' });
    expect(parseDpkg('a1.0')).toBeUndefined(); // upstream must start with a digit
    expect(parseDpkg('1.0:2-1')).toBeUndefined(); // a colon only with an epoch
  });
  it('orders the versions of the real DLA-3008-1 (test/fixtures/osv/debian): ~deb9uN backports, +deb9uN updates, +riscv64', () => {
    // From the record's `versions` list and its fix 1.1.0l-1~deb9u6: a ~deb9uN backport sorts before the plain
    // revision it backports (1.1.0l-1), and +deb9uN stable updates after the revision they update.
    ascending(['1.1.0f-3', '1.1.0f-3+deb9u1', '1.1.0f-3+deb9u2', '1.1.0f-4', '1.1.0g-2', '1.1.0g-2+riscv64', '1.1.0h-1'], dpkg);
    ascending(['1.1.0k-1~deb9u1', '1.1.0l-1~deb9u5', '1.1.0l-1~deb9u6', '1.1.0l-1', '1.1.1n-0+deb11u3'], dpkg);
    const fix = range({ introduced: '0' }, { fixed: '1.1.0l-1~deb9u6' });
    expect(inRange(fix, '1.1.0l-1~deb9u5', 'Debian:9')).toBe(true);
    expect(inRange(fix, '1.1.0l-1~deb9u6', 'Debian:9')).toBe(false);
    expect(inRange(fix, '1.1.0l-1', 'Debian:9')).toBe(false);
  });

  it('evaluates Debian ranges (per release ecosystem, Debian:11) with this order', () => {
    const r = range({ introduced: '0' }, { fixed: '2.31-13+deb11u6' });
    expect(inRange(r, '2.31-13+deb11u5', 'Debian:11')).toBe(true);
    expect(inRange(r, '2.31-13+deb11u6', 'Debian:11')).toBe(false);
    expect(inRange(range({ introduced: '0' }, { fixed: '1:2.36.1-8+deb11u2' }), '2.40-1', 'Debian:11')).toBe(true); // epoch 0 < 1
  });
});

describe('apk (Alpine)', () => {
  it('orders apk versions: suffixes _alpha < _beta < _pre < _rc < none < _p, letters, releases', () => {
    ascending(['1.0_alpha1', '1.0_beta', '1.0_pre2', '1.0_rc1', '1.0', '1.0-r1', '1.0_p1', '1.1'], apk);
    ascending(['1.0', '1.0a', '1.0b', '1.1'], apk);
    expect(apk('3.0.7-r0', '3.0.8-r0')).toBe(-1);
    expect(apk('1.35.0-r29', '1.35.0-r3')).toBe(1); // releases are numbers
    expect(apk('20220614-r2', '20230506-r0')).toBe(-1);
    expect(parseApk('1.0-beta')).toBeUndefined();
    expect(inRange(range({ introduced: '0' }, { fixed: '3.0.8-r0' }), '3.0.7-r0', 'Alpine:v3.17')).toBe(true);
    expect(inRange(range({ introduced: '0' }, { fixed: '3.0.8-r0' }), '3.0.8-r0', 'Alpine:v3.17')).toBe(false);
  });

  it('orders the versions of the real ALPINE-CVE-2025-26519 (test/fixtures/osv/alpine): _git after the release, -r10 after -r9', () => {
    // The record's fixes per release: v3.19 fixes musl at 1.2.4_git20230717-r5 (a _git suffix: a snapshot after
    // 1.2.4, before 1.2.5); v3.22 at 1.2.5-r10, v3.21 at 1.2.5-r9 (releases compare as numbers, not text).
    ascending(
      ['0.9.13', '1.2.3-r4', '1.2.3-r6', '1.2.4-r3', '1.2.4_git20230717-r4', '1.2.4_git20230717-r5', '1.2.5-r1', '1.2.5-r9', '1.2.5-r10'],
      apk,
    );
    const v319 = range({ introduced: '0.9.13' }, { fixed: '1.2.4_git20230717-r5' });
    expect(inRange(v319, '1.2.4_git20230717-r4', 'Alpine:v3.19')).toBe(true);
    expect(inRange(v319, '1.2.4-r3', 'Alpine:v3.19')).toBe(true);
    expect(inRange(v319, '1.2.4_git20230717-r5', 'Alpine:v3.19')).toBe(false);
    expect(inRange(v319, '0.9.12-r0', 'Alpine:v3.19')).toBe(false); // before `introduced`
  });
});

describe('ecosystems whose order is not built', () => {
  it('are not guessed', () => {
    expect(inRange(range({ introduced: '0' }, { fixed: '1.0' }), '0.9', 'NuGet')).toBeUndefined();
  });
});

describe('OS components: per-release ecosystems from the purl distro qualifier', () => {
  it('names Debian:11 and Alpine:v3.17 from distro=debian-11 / alpine-3.17.2, and matches by dpkg order', async () => {
    const { componentFromPurl, matchOsv } = await import('../index.js');
    const libc6 = componentFromPurl('pkg:deb/debian/libc6@2.31-13%2Bdeb11u5?arch=amd64&distro=debian-11')!;
    expect(libc6).toMatchObject({ ecosystem: 'Debian:11', name: 'libc6', version: '2.31-13+deb11u5' });
    expect(componentFromPurl('pkg:apk/alpine/libssl3@3.0.7-r0?arch=x86_64&distro=alpine-3.17.2')!.ecosystem).toBe('Alpine:v3.17');
    // A record written here in OSV's Debian shape (real ones: test/fixtures/osv/debian and test/vuln-osv-os.test.ts):
    // named by the source package, so the lookup goes through custody sbom's custody:deb:source property.
    const record = {
      id: 'TEST-DEBIAN-1',
      affected: [
        { package: { ecosystem: 'Debian:11', name: 'glibc' }, ranges: [range({ introduced: '0' }, { fixed: '2.31-13+deb11u6' })] },
      ],
    };
    const asSource = { ...libc6, name: 'glibc' };
    expect(matchOsv([record], [libc6]).findings).toEqual([]);
    expect(matchOsv([record], [libc6, asSource]).findings.map((f) => `${f.id} ${f.package.purl}`)).toEqual([`TEST-DEBIAN-1 ${libc6.purl}`]);
    const fixedOne = { ...asSource, version: '2.31-13+deb11u6' };
    expect(matchOsv([record], [fixedOne]).findings).toEqual([]);
  });
});

// Maven: the rules of maven-artifact's ComparableVersion javadoc ("Generic implementation of version comparison":
// '.', '-' and digit/letter transitions separate items, the well-known qualifiers alpha < beta < milestone < rc = cr <
// snapshot < "" = ga = final < sp, unknown qualifiers after them lexically, case-insensitive, a/b/m before a digit
// for alpha/beta/milestone) and the POM reference's "Version Order Specification" (trailing null values trimmed at
// each hyphen). The two long lists are ComparableVersionTest's VERSIONS_QUALIFIER and VERSIONS_NUMBER as of Maven
// 3.6-3.8 (with the MNG-6420 case 2.0.0.a), each strictly ascending there.
describe('Maven (ComparableVersion)', () => {
  const mvn = (a: string, b: string) => compareMaven(parseMaven(a)!, parseMaven(b)!);
  it('orders the qualifiers: alpha < beta < milestone < rc < snapshot < release < sp < unknown', () => {
    ascending(['1-alpha', '1-beta', '1-milestone', '1-rc', '1-snapshot', '1', '1-sp', '1-abc', '1-xyz'], mvn);
    expect(mvn('1-cr', '1-rc')).toBe(0);
    expect(mvn('1-a1', '1-alpha-1')).toBe(0); // a directly before a digit is alpha
    expect(mvn('1-m2', '1-milestone-2')).toBe(0);
    expect(mvn('1-a', '1-alpha')).toBe(1); // a not before a digit is an unknown qualifier, after the known ones
  });
  it('reads release spellings and trailing zeros as the same version: 1.0 = 1 = 1.0.0 = 1-ga = 1-final = 1.release', () => {
    for (const v of ['1.0', '1.0.0', '1-ga', '1-final', '1.0-GA', '1.RELEASE', '1-0', '1.0.0-0.0'])
      expect([v, mvn(v, '1')]).toEqual([v, 0]);
  });
  it('is case-insensitive: 1.0-RC1 = 1.0-rc1 = 1.0-cr1 = 1.0-Rc-1, below 1.0-rc2 and 1.0', () => {
    expect(mvn('1.0-RC1', '1.0-rc1')).toBe(0);
    expect(mvn('1.0-RC1', '1.0-cr1')).toBe(0);
    expect(mvn('1.0-Rc-1', '1.0-rc1')).toBe(0);
    ascending(['1.0-RC1', '1.0-rc2', '1.0-RC10', '1.0'], mvn);
    expect(mvn('1.0.0-SNAPSHOT', '1.0.0-snapshot')).toBe(0);
  });
  it("nests at '-': 1-1 < 1.1 (a list below a number), 1.0.0-SNAPSHOT < 1.0.0 < 1.0.0-1 < 1.0.1", () => {
    ascending(['1', '1-1', '1.1'], mvn);
    ascending(['1.0.0-SNAPSHOT', '1.0.0', '1.0.0-1', '1.0.1-SNAPSHOT', '1.0.1'], mvn);
    ascending(['2.0-beta9', '2.0-rc1', '2.0', '2.3.1', '2.4', '2.12.2', '2.13.0', '2.15.0'], mvn); // log4j's advisory bounds
    expect(mvn('1.10', '1.9')).toBe(1);
    expect(mvn('1.01', '1.1')).toBe(0);
    expect(mvn('1.0.0.99999999999999999999', '1.0.0.99999999999999999998')).toBe(1); // beyond 2^53
  });
  it("orders ComparableVersionTest's VERSIONS_QUALIFIER and VERSIONS_NUMBER", () => {
    ascending(
      [
        '1-alpha2snapshot',
        '1-alpha2',
        '1-alpha-123',
        '1-beta-2',
        '1-beta123',
        '1-m2',
        '1-m11',
        '1-rc',
        '1-cr2',
        '1-rc123',
        '1-SNAPSHOT',
        '1',
        '1-sp',
        '1-sp2',
        '1-sp123',
        '1-abc',
        '1-def',
        '1-pom-1',
        '1-1-snapshot',
        '1-1',
        '1-2',
        '1-123',
      ],
      mvn,
    );
    ascending(
      [
        '2.0',
        '2-1',
        '2.0.a',
        '2.0.0.a',
        '2.0.2',
        '2.0.123',
        '2.1.0',
        '2.1-a',
        '2.1b',
        '2.1-c',
        '2.1-1',
        '2.1.0.1',
        '2.2',
        '2.123',
        '11.a2',
        '11.a11',
        '11.b2',
        '11.b11',
        '11.m2',
        '11.m11',
        '11',
        '11.a',
        '11b',
        '11c',
        '11m',
      ],
      mvn,
    );
  });
  it('evaluates ECOSYSTEM ranges: [2.0-beta9, 2.3.1) holds 2.0-rc2 and 2.3, not 2.0-beta8 or 2.3.1', () => {
    const r = range({ introduced: '2.0-beta9' }, { fixed: '2.3.1' });
    expect(inRange(r, '2.0-rc2', 'Maven')).toBe(true);
    expect(inRange(r, '2.0-beta9', 'Maven')).toBe(true);
    expect(inRange(r, '2.3', 'Maven')).toBe(true);
    expect(inRange(r, '2.0-beta8', 'Maven')).toBe(false);
    expect(inRange(r, '2.3.1', 'Maven')).toBe(false);
    expect(inRange(range({ introduced: '0' }, { last_affected: '1.2.1.2-jre17' }), '1.2.1.2-jre17', 'Maven')).toBe(true);
    expect(parseMaven('')).toBeUndefined();
  });
});

// RubyGems: the rules of the Gem::Version docs ("If any part contains letters (currently only a-z are supported) then
// that version is considered prerelease"; prereleases sort before the release; "1.0.a" < "1.0.b1" < "1.0") and of
// Gem::Version#<=> and #canonical_segments (trailing zeros ignored in the numeric part and after the first string, a
// string segment below a number, numbers numerically, strings by byte order; '-' read as ".pre.").
describe('RubyGems (Gem::Version)', () => {
  const gem = (a: string, b: string) => compareGem(parseGem(a)!, parseGem(b)!);
  it('sorts a prerelease (a segment with letters) before its release', () => {
    ascending(['1.0.0.pre', '1.0.0'], gem);
    ascending(['1.0.a', '1.0.b1', '1.0'], gem);
    ascending(['1.0.a', '1.0.a1', '1.0.a2', '1.0.a10', '1.0.b', '1.0.rc1', '1.0', '1.0.1'], gem);
    ascending(['0.9', '1.0.0-rc1', '1.0.0'], gem); // 1.0.0-rc1 reads as 1.0.0.pre.rc.1
    expect(gem('1.0.0-rc1', '1.0.0.pre.rc.1')).toBe(0);
    expect(gem('1.0.A', '1.0.a')).toBe(-1); // case-sensitive, byte order
  });
  it('compares numbers numerically and ignores trailing zeros: 1.10 > 1.9, 1.0 == 1 == 1.0.0, 1.0.a == 1.a', () => {
    expect(gem('1.10', '1.9')).toBe(1);
    expect(gem('1.0', '1')).toBe(0);
    expect(gem('1.0.0', '1')).toBe(0);
    expect(gem('1.0.a', '1.a')).toBe(0);
    expect(gem('1.a.0', '1.a')).toBe(0);
    expect(gem('1.01', '1.1')).toBe(0);
    ascending(['0.3.60', '0.3.61', '1.0.0', '1.2.5', '1.2.9', '1.2.10', '2.0.0'], gem); // tzinfo's advisory bounds
  });
  it('rejects what Gem::Version rejects', () => {
    for (const v of ['', 'abc', '1..2', '1.0 beta', 'v1.0', '1.0+build']) expect([v, parseGem(v)]).toEqual([v, undefined]);
  });
  it('evaluates ECOSYSTEM ranges: [1.0.0, 1.2.10) holds 1.2.5 and 1.2.10.rc1, not 1.2.10 or 0.3.61', () => {
    const r = range({ introduced: '1.0.0' }, { fixed: '1.2.10' });
    expect(inRange(r, '1.2.5', 'RubyGems')).toBe(true);
    expect(inRange(r, '1.2.10.rc1', 'RubyGems')).toBe(true);
    expect(inRange(r, '1.2.10', 'RubyGems')).toBe(false);
    expect(inRange(r, '0.3.61', 'RubyGems')).toBe(false);
    expect(inRange(r, 'not-a-version', 'RubyGems')).toBeUndefined();
  });
});
