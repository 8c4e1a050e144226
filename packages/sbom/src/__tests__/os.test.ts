import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir, sharedNotice, writeRpmDb, rpmHeaderBlob } from '@custody/testing';
import { InputError } from '@custody/core';
import { parseOsRelease, distroQualifier, readApkInstalled, readDpkgStatus, readRpmHeaders, readRpmSqlite } from '../index.js';

const shared = sharedDir();
const osDir = shared ? join(shared, 'fixtures', 'os-packages') : undefined;
if (!osDir) sharedNotice('OS package database fixtures');

/** The "other way": split on blank lines and pick fields with regexes, no shared code with the reader. */
function dpkgInstalledByRegex(text: string): Set<string> {
  const out = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(block)?.[1];
    const version = /^Version:\s*(\S+)/m.exec(block)?.[1];
    const arch = /^Architecture:\s*(\S+)/m.exec(block)?.[1];
    const status = /^Status:\s*(.*)$/m.exec(block)?.[1];
    if (name && version && status && / installed$/.test(status.trim())) out.add(`${name}:${arch}@${version}`);
  }
  return out;
}

describe('dpkg status (real fixtures)', () => {
  for (const file of ['debian-status', 'ubuntu-status']) {
    it.skipIf(!osDir)(`${file}: exactly the installed packages, checked against a regex split`, () => {
      const text = readFileSync(join(osDir!, file), 'utf8');
      const expected = dpkgInstalledByRegex(text);
      const g = readDpkgStatus(text, `var/lib/dpkg/status`);
      const got = new Set(g.components.map((c) => `${c.name}:${/arch=([^&]+)/.exec(c.purl)?.[1]}@${c.version}`));
      expect(g.components.length).toBe(expected.size);
      expect(got).toEqual(expected);
      expect(expected.size).toBeGreaterThan(50);
    });
  }

  it.skipIf(!osDir)('Debian purls carry arch and distro; Depends become edges to installed packages', () => {
    const text = readFileSync(join(osDir!, 'debian-status'), 'utf8');
    const os = parseOsRelease('ID=debian\nVERSION_ID="12"\n');
    const g = readDpkgStatus(text, 'var/lib/dpkg/status', os ? { os } : {});
    const adduser = g.components.find((c) => c.name === 'adduser')!;
    expect(adduser.purl).toBe('pkg:deb/debian/adduser@3.118?arch=all&distro=debian-12');
    // adduser Depends: passwd, debconf (>= 0.5) | debconf-2.0
    const deps = [...(g.dependencies.get(adduser.purl) ?? [])];
    expect(deps.some((d) => d.startsWith('pkg:deb/debian/passwd@'))).toBe(true);
    expect(deps.some((d) => d.startsWith('pkg:deb/debian/debconf@'))).toBe(true);
    // every edge points at a listed component
    const purls = new Set(g.components.map((c) => c.purl));
    for (const [from, tos] of g.dependencies) {
      expect(purls.has(from)).toBe(true);
      for (const t of tos) expect(purls.has(t)).toBe(true);
    }
  });

  it.skipIf(!osDir)('Ubuntu status gets the ubuntu namespace from os-release', () => {
    const text = readFileSync(join(osDir!, 'ubuntu-status'), 'utf8');
    const os = parseOsRelease('NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\nID_LIKE=debian\n')!;
    const g = readDpkgStatus(text, 'var/lib/dpkg/status', { os });
    expect(g.components.every((c) => c.purl.startsWith('pkg:deb/ubuntu/') && c.purl.includes('distro=ubuntu-22.04'))).toBe(true);
  });

  it('skips packages that are not installed; status.d stanzas have no Status and all count', () => {
    const text = [
      'Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\nArchitecture: amd64\n',
      'Package: half\nStatus: install reinstreq half-installed\nVersion: 2.0\nArchitecture: amd64\n',
      'Package: held\nStatus: hold ok installed\nVersion: 3.0\nArchitecture: amd64\nSource: heldsrc (3.0-1)\n',
    ].join('\n');
    const g = readDpkgStatus(text, 'var/lib/dpkg/status');
    expect(g.components.map((c) => c.name)).toEqual(['held']);
    expect(g.components[0]!.properties).toEqual({ 'custody:deb:source': 'heldsrc', 'custody:deb:source-version': '3.0-1' });
    const d = readDpkgStatus('Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n', 'var/lib/dpkg/status.d/base');
    expect(d.components.map((c) => c.purl)).toEqual(['pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64']);
    expect(d.format).toBe('dpkg status.d');
  });

  it('an epoch version and a multi-arch pair keep distinct purls', () => {
    const text =
      'Package: libc6\nStatus: install ok installed\nVersion: 1:2.36-9\nArchitecture: amd64\n\nPackage: libc6\nStatus: install ok installed\nVersion: 1:2.36-9\nArchitecture: i386\n';
    const g = readDpkgStatus(text, 's');
    expect(g.components.map((c) => c.purl).sort()).toEqual([
      'pkg:deb/debian/libc6@1%3A2.36-9?arch=amd64',
      'pkg:deb/debian/libc6@1%3A2.36-9?arch=i386',
    ]);
  });
});

describe('apk installed database', () => {
  it.skipIf(!osDir)('alpine-installed: exactly its packages, checked against a line split; hashes from C: Q1 base64 SHA-1', () => {
    const text = readFileSync(join(osDir!, 'alpine-installed'), 'utf8');
    const expected = new Set<string>();
    const sums = new Map<string, string>();
    // The fixture has CRLF line ends.
    for (const block of text.split(/(?:\r?\n){2,}/)) {
      const p = /^P:(.*?)\r?$/m.exec(block)?.[1];
      const v = /^V:(.*?)\r?$/m.exec(block)?.[1];
      const c = /^C:Q1(.*?)\r?$/m.exec(block)?.[1];
      if (p && v) expected.add(`${p}@${v}`);
      if (p && c) sums.set(p, Buffer.from(c, 'base64').toString('hex'));
    }
    const os = parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.17.0\n')!;
    const g = readApkInstalled(text, 'lib/apk/db/installed', { os });
    expect(g.components.length).toBe(expected.size);
    expect(new Set(g.components.map((c) => `${c.name}@${c.version}`))).toEqual(expected);
    for (const c of g.components) expect(c.hashes?.[0]).toEqual({ alg: 'SHA-1', content: sums.get(c.name) });
    const base = g.components.find((c) => c.name === 'alpine-baselayout-data')!;
    expect(base.purl).toBe('pkg:apk/alpine/alpine-baselayout-data@3.4.0-r0?arch=x86_64&distro=alpine-3.17.0');
    expect(base.licenses).toEqual(['GPL-2.0-only']);
    expect(base.properties?.['custody:apk:origin']).toBe('alpine-baselayout');
    // D: so:libc.musl... resolves through p: provides to musl
    const musl = g.components.find((c) => c.name === 'musl');
    if (musl) expect([...g.dependencies.values()].some((s) => s.has(musl.purl))).toBe(true);
  });
});

describe('rpm sqlite database', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'custody-rpm-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads NAME/VERSION/RELEASE/EPOCH/ARCH/LICENSE from header blobs through node:sqlite; skips gpg-pubkey', () => {
    // Built here: ../shared has no rpmdb. Same schema and header blob layout rpm >= 4.16 writes.
    const db = join(tmp, 'rpmdb.sqlite');
    writeRpmDb(db, [
      {
        name: 'bash',
        version: '5.2.15',
        release: '3.fc38',
        arch: 'x86_64',
        license: 'GPL-3.0-or-later',
        requires: ['libc.so.6()(64bit)', 'rpmlib(CompressedFileNames)'],
        sourceRpm: 'bash-5.2.15-3.fc38.src.rpm',
      },
      {
        name: 'glibc',
        version: '2.37',
        release: '4.fc38',
        arch: 'x86_64',
        epoch: 0,
        license: 'LGPL-2.1-or-later',
        provides: ['libc.so.6()(64bit)'],
      },
      { name: 'shadow-utils', version: '4.13', release: '6.fc38', arch: 'x86_64', epoch: 2 },
      { name: 'gpg-pubkey', version: 'eb10b464', release: '6202d9c6', arch: '' },
    ]);
    const os = parseOsRelease('ID=fedora\nVERSION_ID=38\n')!;
    const g = readRpmSqlite(db, 'usr/lib/sysimage/rpm/rpmdb.sqlite', { os });
    expect(g.components.map((c) => c.purl)).toEqual([
      'pkg:rpm/fedora/bash@5.2.15-3.fc38?arch=x86_64&distro=fedora-38',
      'pkg:rpm/fedora/glibc@2.37-4.fc38?arch=x86_64&distro=fedora-38',
      'pkg:rpm/fedora/shadow-utils@4.13-6.fc38?arch=x86_64&distro=fedora-38&epoch=2',
    ]);
    expect(g.components[2]!.version).toBe('2:4.13-6.fc38');
    expect(g.components[0]!.licenses).toEqual(['GPL-3.0-or-later']);
    expect(g.components[0]!.properties).toEqual({ 'custody:rpm:sourcerpm': 'bash-5.2.15-3.fc38.src.rpm' });
    expect([...g.dependencies.get(g.components[0]!.purl)!]).toEqual([g.components[1]!.purl]);
  });

  it('a truncated header blob is an input error naming the database, not a crash', () => {
    const blob = rpmHeaderBlob({ name: 'x', version: '1', release: '1', arch: 'noarch' });
    expect(() => readRpmHeaders([blob.subarray(0, blob.length - 8)], 'var/lib/rpm/rpmdb.sqlite')).toThrow(InputError);
    expect(() => readRpmHeaders([blob.subarray(0, blob.length - 8)], 'var/lib/rpm/rpmdb.sqlite')).toThrow(/header #1/);
  });

  it('a file that is not an rpm sqlite db is an input error', () => {
    const f = join(tmp, 'not.sqlite');
    writeFileSync(f, 'hello');
    expect(() => readRpmSqlite(f, 'var/lib/rpm/Packages.db')).toThrow(InputError);
  });
});

describe('os-release', () => {
  it('parses quoted values and builds the distro qualifier', () => {
    const os = parseOsRelease(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n# c\n',
    );
    expect(os).toMatchObject({ id: 'debian', versionId: '12', versionCodename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(distroQualifier(os)).toBe('debian-12');
    expect(distroQualifier(parseOsRelease('ID=arch\n'))).toBe('arch');
    expect(parseOsRelease('NAME=x\n')).toBeUndefined();
  });
});
