// custody vuln TARGET on an image index (issue 18): the index is resolved once and each platform's SBOM attestation
// verified by the platform's digest. Real parts: a two-platform OCI image index written to an oci-layout and copied
// with skopeo (--all, digests preserved) into Debian's docker-registry, SBOMs made by custody sbom from ../shared's
// real npm lockfile (linux/amd64) and pip freeze (linux/arm64), keys made by custody keys generate, attestations
// signed and pushed by custody attest --push, and the committed slice of real OSV records (test/fixtures/osv). The
// findings expected per platform are those test/vuln-osv.test.ts and test/vuln-osv-ecosystems.test.ts checked by
// hand for the same lockfiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushTestImage, registryToolsAvailable, sharedDir, startRegistry, type StartedRegistry, type TestImage } from '@custody/testing';
import type { Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv');
const NPM_EXPECTED = [
  'GHSA-3h5v-q93c-6h6q ws@7.5.9',
  'GHSA-67hx-6x53-jw92 @babel/traverse@7.21.5',
  'GHSA-c2qf-rxjj-qqgw semver@5.7.1',
  'GHSA-c2qf-rxjj-qqgw semver@6.3.0',
  'GHSA-c2qf-rxjj-qqgw semver@7.5.0',
];
const PY_EXPECTED = ['GHSA-h5c8-rqwp-cp95 jinja2@3.1.2', 'GHSA-j8r2-6x86-q33q requests@2.28.2', 'GHSA-xqr8-7jwr-rhp7 certifi@2022.12.7'];
const named = (f: { id: string; package: { name?: string; version?: string } }) => `${f.id} ${f.package.name}@${f.package.version}`;

interface VulnJson {
  findings: Finding[];
  target: { name: string; digest?: string; resolved?: { reference: string; digest: string } };
  sboms: Array<{
    attestation: string;
    subject: string;
    platform?: string;
    signer: { kind: string; identity?: string };
    components: number;
    findings: Array<{ id: string; purl: string }>;
  }>;
}

describe.runIf(registryToolsAvailable())(
  'custody vuln on an image index (real registry, one SBOM per platform)',
  { timeout: 180_000 },
  () => {
    let registry: StartedRegistry;
    let dir: string;
    /** Both platforms' SBOMs signed with k.key. */
    let good: TestImage;
    /** linux/amd64's SBOM signed with k.key, linux/arm64's with other.key. */
    let mixed: TestImage;
    const env = () => ({ PATH: process.env.PATH, HOME: dir });
    const cli = async (args: string[]) => runCli(args, { cwd: dir, env: env() });
    const platform = (img: TestImage, p: string) => img.platforms.find((x) => x.platform === p)!.digest;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'custody-vuln-index-'));
      registry = await startRegistry();
      const platforms = ['linux/amd64', 'linux/arm64'];
      good = await pushTestImage(registry, 'demo/multi', 'v1', { platforms });
      mixed = await pushTestImage(registry, 'demo/mixed', 'v1', { platforms, seed: 'mixed' });
      await mkdir(join(dir, 'npm'));
      await mkdir(join(dir, 'py'));
      const lockfiles = join(sharedDir(), 'fixtures', 'lockfiles');
      await copyFile(join(lockfiles, 'package-lock-v3.json'), join(dir, 'npm', 'package-lock.json'));
      await copyFile(join(lockfiles, 'requirements.freeze.txt'), join(dir, 'py', 'requirements.txt'));
      const at = (repo: string, img: TestImage, p: string) => `oci://${registry.host}/${repo}@${platform(img, p)}`;
      for (const args of [
        ['sbom', 'npm', '--format', 'cyclonedx-json', '--output', 'npm.cdx.json'],
        ['sbom', 'py', '--format', 'cyclonedx-json', '--output', 'py.cdx.json'],
        ['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub'],
        ['keys', 'generate', '--output-key', 'other.key', '--output-pub', 'other.pub'],
        [
          'attest',
          '--subject',
          at('demo/multi', good, 'linux/amd64'),
          '--sbom',
          'npm.cdx.json',
          '--key',
          'k.key',
          '--bundle',
          'a.json',
          '--push',
        ],
        [
          'attest',
          '--subject',
          at('demo/multi', good, 'linux/arm64'),
          '--sbom',
          'py.cdx.json',
          '--key',
          'k.key',
          '--bundle',
          'b.json',
          '--push',
        ],
        [
          'attest',
          '--subject',
          at('demo/mixed', mixed, 'linux/amd64'),
          '--sbom',
          'npm.cdx.json',
          '--key',
          'k.key',
          '--bundle',
          'c.json',
          '--push',
        ],
        [
          'attest',
          '--subject',
          at('demo/mixed', mixed, 'linux/arm64'),
          '--sbom',
          'py.cdx.json',
          '--key',
          'other.key',
          '--bundle',
          'd.json',
          '--push',
        ],
      ]) {
        const r = await cli(args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
    }, 180_000);
    afterAll(async () => {
      await registry?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('names each platform SBOM with its platform and digest, and takes each finding from its own platform SBOM', async () => {
      expect(good.platforms).toHaveLength(2);
      const tag = `oci://${registry.host}/demo/multi:v1`;
      const r = await cli(['vuln', tag, '--key', 'k.pub', '--db', DB, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as VulnJson;
      expect(out.target.resolved).toEqual({ reference: tag, digest: good.digest });
      const byPlatform = Object.fromEntries(out.sboms.map((s) => [s.platform, s]));
      expect(Object.keys(byPlatform).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      for (const p of ['linux/amd64', 'linux/arm64']) {
        expect(byPlatform[p]!.subject).toBe(platform(good, p));
        expect(byPlatform[p]!.attestation).toMatch(new RegExp(`^oci://${registry.host}/demo/multi@sha256:[0-9a-f]{64}$`));
        expect(byPlatform[p]!.signer.kind).toBe('key');
      }
      // Each platform's findings are those of its own SBOM: npm's on amd64, PyPI's on arm64, none crossed over.
      const findingsOf = (p: string) =>
        byPlatform[p]!.findings.map((f) => {
          const found = out.findings.find((g) => g.id === f.id && g.package.purl === f.purl)!;
          return named(found);
        });
      expect(findingsOf('linux/amd64').sort()).toEqual(NPM_EXPECTED);
      expect(findingsOf('linux/arm64').sort()).toEqual(PY_EXPECTED);
      expect(out.findings.map(named).sort()).toEqual([...NPM_EXPECTED, ...PY_EXPECTED].sort());
      expect(byPlatform['linux/amd64']!.findings.every((f) => f.purl.startsWith('pkg:npm/'))).toBe(true);
      expect(byPlatform['linux/arm64']!.findings.every((f) => f.purl.startsWith('pkg:pypi/'))).toBe(true);

      // The table says the same: one line per platform SBOM, with its digest, platform and finding count.
      const table = await cli(['vuln', tag, '--key', 'k.pub', '--db', DB]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain(`target: ${tag} (${good.digest})`);
      expect(table.stdout).toMatch(
        new RegExp(
          `subject ${platform(good, 'linux/amd64')} \\(linux/amd64\\), signed by key .*, \\d+ component\\(s\\), 5 finding\\(s\\), verified`,
        ),
      );
      expect(table.stdout).toMatch(
        new RegExp(
          `subject ${platform(good, 'linux/arm64')} \\(linux/arm64\\), signed by key .*, \\d+ component\\(s\\), 3 finding\\(s\\), verified`,
        ),
      );
    });

    it('fails closed (exit 1) when one platform SBOM is signed by another key, naming the platform as not verified', async () => {
      const ref = `oci://${registry.host}/demo/mixed@${mixed.digest}`;
      const r = await cli(['vuln', ref, '--key', 'k.pub', '--db', DB, '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe(''); // no partial report that would read as the whole image
      expect(r.stderr).toContain('VULN_NO_VERIFIED_SBOM');
      expect(r.stderr).toContain(`linux/arm64 (${platform(mixed, 'linux/arm64')})`);
      expect(r.stderr).toMatch(/not verified/);
      expect(r.stderr).not.toContain(`linux/amd64 (${platform(mixed, 'linux/amd64')})`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace

      // With the other key it is linux/amd64 that is not verified.
      const other = await cli(['vuln', ref, '--key', 'other.pub', '--db', DB, '--format', 'json']);
      expect(other.code, other.stderr).toBe(1);
      expect(other.stderr).toContain(`linux/amd64 (${platform(mixed, 'linux/amd64')})`);
      expect(other.stderr).not.toContain(`linux/arm64 (${platform(mixed, 'linux/arm64')})`);
    });
  },
);
