// custody vuln on OS packages: real Alpine and Debian OSV records (test/fixtures/osv/alpine and debian, taken from
// OSV's own offline database export as google/osv-scanner snapshotted it: test/fixtures/osv/README.md) matched
// against SBOMs that custody sbom makes from container images holding ../shared's real apk installed database and
// dpkg status file, the way the product reads any image. Every expected finding and non-finding was checked by
// hand against the installed versions and the records' per-release ranges, by apk's and dpkg's version rules; the
// reasoning is written beside each. Where the real records touch no installed version, the SBOM is written here
// and says so (as the Go test does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir, writeOciLayout } from '@custody/testing';
import type { Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv');
const RECORDS = 13; // 4 npm + 4 PyPI + 1 Go + 1 Maven + 1 RubyGems + 1 Alpine + 1 Debian record

type Out = { records: number; components: number; findings: Finding[]; unevaluated: unknown[] };

describe('custody vuln over OS package SBOMs (real Alpine and Debian OSV records)', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const osFixture = (name: string) => readFile(join(sharedDir(), 'fixtures', 'os-packages', name), 'utf8');
  /** An image of one layer holding these files, as an OCI layout; then custody sbom over it, to NAME.cdx.json. */
  const imageSbom = async (name: string, files: Array<{ path: string; content: string }>) => {
    await writeOciLayout(join(dir, name), { layers: [{ files }] });
    const r = await cli(['sbom', `oci-layout:${name}`, '--format', 'cyclonedx-json', '--output', `${name}.cdx.json`]);
    expect(r.code, r.stderr).toBe(0);
    return `${name}.cdx.json`;
  };
  const vuln = async (sbom: string): Promise<Out> => {
    const r = await cli(['vuln', sbom, '--db', DB, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.records).toBe(RECORDS);
    return out;
  };
  const line = (f: Finding) => `${f.id} ${f.package.purl} as ${f.package.name}@${f.package.version} fixed ${f.fixedVersion}`;
  /** A CycloneDX SBOM written here (not from a fixture), in the shape custody sbom writes for OS packages. */
  const handSbom = async (name: string, components: Array<{ purl: string; origin?: string; source?: string }>) => {
    const cdx = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: components.map((c) => ({
        type: 'library',
        name: decodeURIComponent(/\/([^/@]+)@/.exec(c.purl)![1]!),
        purl: c.purl,
        properties: [
          ...(c.origin ? [{ name: 'custody:apk:origin', value: c.origin }] : []),
          ...(c.source ? [{ name: 'custody:deb:source', value: c.source }] : []),
        ],
      })),
    };
    await writeFile(join(dir, name), JSON.stringify(cdx));
    return name;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-os-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('Alpine 3.17 image: musl 1.2.3-r4 and musl-utils (origin musl) are affected by ALPINE-CVE-2025-26519', async () => {
    // ../shared's alpine-installed carries no os-release; its package set is Alpine 3.17.0's (alpine-baselayout
    // 3.4.0-r0, apk-tools 2.12.10-r1, musl 1.2.3-r4, busybox 1.35.0-r29, openssl 3.0.7-r0), so the image gets the
    // os-release of 3.17.0 (the one written here), as packages/sbom's own apk test reads it.
    const sbom = await imageSbom('alpine', [
      { path: 'etc/os-release', content: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.17.0\n' },
      { path: 'lib/apk/db/installed', content: await osFixture('alpine-installed') },
    ]);
    const out = await vuln(sbom);
    expect(out.components).toBe(15); // the fixture's 15 packages
    // The record's Alpine:v3.17 entry: introduced 0.9.13, fixed 1.2.3-r6. musl 1.2.3-r4: the same 1.2.3 as the fix,
    // release r4 < r6, so before the fix; 1.2.3 > 0.9.13, so after `introduced`: affected. musl-utils is built from
    // the same APKBUILD (o:musl, the same 1.2.3-r4); OSV names the origin, so it is found through its origin.
    // No other package is musl or has origin musl (libc-utils' origin is libc-dev); the Alpine:v3.16 entry (fix
    // 1.2.3-r4, which this version would pass) is another release's and does not apply.
    expect(out.findings.map(line).sort()).toEqual([
      'ALPINE-CVE-2025-26519 pkg:apk/alpine/musl-utils@1.2.3-r4?arch=x86_64&distro=alpine-3.17.0 as musl@1.2.3-r4 fixed 1.2.3-r6',
      'ALPINE-CVE-2025-26519 pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64&distro=alpine-3.17.0 as musl@1.2.3-r4 fixed 1.2.3-r6',
    ]);
    // The record rates no severity of its own (database_specific); it carries a CVSS v3.1 vector only,
    // AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H, scored 7.0 (high) by the spec's equations (worked in cvss.test.ts), and
    // names its CVE in `upstream` (kept on the finding, for VEX naming CVE-2025-26519).
    expect(out.findings.every((f) => f.scannerSeverity === undefined && f.cvss === 7)).toBe(true);
    expect(out.findings.every((f) => JSON.stringify(f.upstream) === '["CVE-2025-26519"]')).toBe(true);
    expect(out.unevaluated).toEqual([]);
    const table = await cli(['vuln', sbom, '--db', DB]);
    expect(table.stdout).toMatch(/^ALPINE-CVE-2025-26519 +high +pkg:apk\/alpine\/musl@1\.2\.3-r4/m);
  });

  it('Alpine image without os-release: its packages are listed as not evaluated against the record, not passed', async () => {
    // The real installed database alone, as ../shared holds it: no distro release, so no purl carries distro=.
    const sbom = await imageSbom('alpine-bare', [{ path: 'lib/apk/db/installed', content: await osFixture('alpine-installed') }]);
    const out = await vuln(sbom);
    expect(out.findings).toEqual([]);
    // musl-utils (origin musl) and musl are the packages the record names (in every release); each is named once.
    const byPurl = (u: unknown) => (u as { purl: string }).purl;
    expect([...out.unevaluated].sort((a, b) => (byPurl(a) < byPurl(b) ? -1 : 1))).toEqual([
      {
        purl: 'pkg:apk/alpine/musl-utils@1.2.3-r4?arch=x86_64',
        id: 'ALPINE-CVE-2025-26519',
        reason: "no distro release known for this image; OSV's Debian/Alpine records are per release",
      },
      {
        purl: 'pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64',
        id: 'ALPINE-CVE-2025-26519',
        reason: "no distro release known for this image; OSV's Debian/Alpine records are per release",
      },
    ]);
    const table = await cli(['vuln', sbom, '--db', DB]);
    expect(table.stdout).toContain(
      'not evaluated: pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64 against ALPINE-CVE-2025-26519: no distro release known for this image',
    );
  });

  it('Alpine, SBOMs written here: the fix installed, another release, a _git snapshot before and at the fix', async () => {
    // Not fixture SBOMs: the real image above has only one musl version, so the not-affected cases of the same
    // real record are written here, one component each.
    const cases: Array<[purl: string, affected: boolean, why: string]> = [
      // v3.17's fix itself: fixed 1.2.3-r6 closes the range at r6.
      ['pkg:apk/alpine/musl@1.2.3-r6?arch=x86_64&distro=alpine-3.17.0', false, 'v3.17 fix installed'],
      // The fixture's own version on 3.16: that release's entry is fixed at 1.2.3-r4, which is installed.
      ['pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64&distro=alpine-3.16.2', false, 'v3.16 fix is 1.2.3-r4'],
      // v3.19 is fixed at 1.2.4_git20230717-r5: r4 of the same _git snapshot is before it; r5 is it.
      ['pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1', true, 'v3.19 before the fix'],
      ['pkg:apk/alpine/musl@1.2.4_git20230717-r5?arch=x86_64&distro=alpine-3.19.1', false, 'v3.19 fix installed'],
      // v3.21 is fixed at 1.2.5-r9, v3.22 at 1.2.5-r10: -r9 on 3.22 is affected (releases are numbers: 9 < 10).
      ['pkg:apk/alpine/musl@1.2.5-r9?arch=x86_64&distro=alpine-3.22.0', true, 'v3.22 r9 < r10'],
      // Alpine releases the record does not name (v3.15) get no finding: OSV records are per release.
      ['pkg:apk/alpine/musl@1.2.2-r7?arch=x86_64&distro=alpine-3.15.4', false, 'no v3.15 entry'],
    ];
    for (const [purl, affected, why] of cases) {
      const out = await vuln(await handSbom('one.cdx.json', [{ purl, origin: 'musl' }]));
      expect([why, out.findings.map((f) => f.id)]).toEqual([why, affected ? ['ALPINE-CVE-2025-26519'] : []]);
      expect(out.unevaluated).toEqual([]);
    }
  });

  it('Debian 11 image: DLA-3008-1 (openssl, Debian:9 only) finds nothing in a bullseye system', async () => {
    const sbom = await imageSbom('debian', [
      { path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n' },
      { path: 'var/lib/dpkg/status', content: await osFixture('debian-status') },
    ]);
    const doc = JSON.parse(await readFile(join(dir, sbom), 'utf8')) as { components: Array<{ name: string; purl: string }> };
    // The real status file has libssl1.1 from source openssl 1.1.1n-0+deb11u3; the record names openssl only for
    // Debian:9 (a stretch LTS advisory), so bullseye's openssl is not looked at by it.
    expect(doc.components.find((c) => c.name === 'libssl1.1')?.purl).toBe(
      'pkg:deb/debian/libssl1.1@1.1.1n-0%2Bdeb11u3?arch=amd64&distro=debian-11',
    );
    const out = await vuln(sbom);
    expect(out.findings).toEqual([]);
    expect(out.unevaluated).toEqual([]);
  });

  it('Debian 9 image written here: libssl1.1 from source openssl before and at the ~deb9u6 fix', async () => {
    // Not a fixture: ../shared has no stretch system, so a Debian 9 status file of one package is written here,
    // with versions from the record's own `versions` list, and read by custody sbom from an image like the rest.
    const status = (v: string) =>
      `Package: libssl1.1\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nSource: openssl\nVersion: ${v}\nDescription: SSL\n shared libraries\n`;
    const stretch = 'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\nID=debian\nVERSION_ID="9"\n';
    // 1.1.0l-1~deb9u5 < the fix 1.1.0l-1~deb9u6 (same upstream and revision prefix; u5 < u6): affected, found
    // through the source package openssl (the record does not name libssl1.1).
    const before = await vuln(
      await imageSbom('stretch-u5', [
        { path: 'etc/os-release', content: stretch },
        { path: 'var/lib/dpkg/status', content: status('1.1.0l-1~deb9u5') },
      ]),
    );
    expect(before.findings.map(line)).toEqual([
      'DLA-3008-1 pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9 as openssl@1.1.0l-1~deb9u5 fixed 1.1.0l-1~deb9u6',
    ]);
    // The fix itself: not affected.
    const at = await vuln(
      await imageSbom('stretch-u6', [
        { path: 'etc/os-release', content: stretch },
        { path: 'var/lib/dpkg/status', content: status('1.1.0l-1~deb9u6') },
      ]),
    );
    expect(at.findings).toEqual([]);
  });
});
