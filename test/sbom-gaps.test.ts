/**
 * No silent gaps, end to end: `custody sbom` says on stderr what it did not read (one warning each) and writes the
 * same lines into the SBOM (CycloneDX metadata `custody:gap` properties, SPDX annotations), for a directory and
 * for an image. An unreadable subdirectory is such a gap: checked with the built CLI run as an unprivileged user
 * (root reads every directory, so when the tests run as root the CLI is started as `nobody`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOciLayout } from '@custody/testing';
import { runCli } from './support/cli.js';
import { CLI_BIN } from './support/measure.js';

const work = mkdtempSync(join(tmpdir(), 'custody-sbom-gaps-'));
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

const LOCK = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { a: '1.0.0' } },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/linked': { link: true, resolved: 'packages/linked' },
  },
});

describe('custody sbom reports what it skipped', () => {
  it('a directory: each gap is a warning on stderr and a custody:gap property / an SPDX annotation', async () => {
    const dir = join(work, 'dir');
    mkdirSync(join(dir, 'py'), { recursive: true });
    writeFileSync(join(dir, 'package-lock.json'), LOCK);
    writeFileSync(join(dir, 'py', 'requirements.txt'), 'requests==2.31.0\nflask>=2\n');
    const expected = [
      'package-lock.json: node_modules/linked: link to packages/linked (part of the project, not a component)',
      'py/requirements.txt: line 2: flask >=2 is not pinned to one version; skipped',
    ];
    const cdx = await runCli(['sbom', dir], { env });
    expect(cdx.code, cdx.stderr).toBe(0);
    for (const g of expected) expect(cdx.stderr).toContain(`warning: custody sbom: not covered: ${g}`);
    const bom = JSON.parse(cdx.stdout);
    expect(bom.metadata.properties).toEqual(expected.map((value) => ({ name: 'custody:gap', value })));

    const spdx = await runCli(['sbom', dir, '--format', 'spdx-json'], { env });
    const doc = JSON.parse(spdx.stdout);
    expect(doc.annotations.map((a: { comment: string }) => a.comment)).toEqual(expected.map((g) => `custody:gap: ${g}`));
  });

  it('an image: a database in no known format is a gap of the SBOM, not a debug line', async () => {
    await writeOciLayout(join(work, 'img'), {
      layers: [
        {
          files: [
            { path: 'etc/os-release', content: 'ID=rhel\nVERSION_ID="8.9"\n' },
            { path: 'var/lib/rpm/Packages', content: 'not a database' },
          ],
        },
      ],
    });
    const r = await runCli(['sbom', 'oci-layout:img'], { cwd: work, env });
    expect(r.code, r.stderr).toBe(0);
    const gap = 'var/lib/rpm/Packages: not an rpm database Custody knows (sqlite, Berkeley DB, ndb): its packages are not listed';
    expect(r.stderr).toContain(`warning: custody sbom: not covered (linux/amd64): ${gap}`);
    expect(JSON.parse(r.stdout).metadata.properties).toEqual([{ name: 'custody:gap', value: gap }]);
  });

  it('an unreadable subdirectory is named, with the reason, instead of passing unnoticed', () => {
    const dir = join(work, 'unreadable');
    mkdirSync(join(dir, 'secret'), { recursive: true });
    writeFileSync(join(dir, 'package-lock.json'), LOCK);
    writeFileSync(join(dir, 'secret', 'Cargo.lock'), 'version = 3\n');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'secret'), 0o000);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // Root reads every directory, so the CLI runs as `nobody`; it must be able to reach this checkout's Node.
      const probe = spawnSync(process.execPath, ['-e', '0'], { uid: 65534, gid: 65534 });
      expect(
        probe.error,
        `user nobody cannot run ${process.execPath}: give the checkout's parent directories o+x (chmod 755)`,
      ).toBeUndefined();
    }
    const r = spawnSync(process.execPath, [CLI_BIN, 'sbom', dir], {
      env: { ...env, HOME: work },
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    chmodSync(join(dir, 'secret'), 0o755);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('not covered: secret/: directory not searched (EACCES)');
    expect(JSON.parse(r.stdout).metadata.properties).toContainEqual({
      name: 'custody:gap',
      value: 'secret/: directory not searched (EACCES)',
    });
  });
});
