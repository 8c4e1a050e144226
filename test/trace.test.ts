/**
 * custody trace (issue 15) against real parts: Debian's docker-registry (packages/testing startRegistry, an image
 * index of two platforms with distinct layers copied in with skopeo) and the local Sigstore stack (Fulcio, Rekor,
 * TSA and an OIDC issuer on loopback). The one-step chain (attestBuild) signs keyless in a GitHub Actions-like
 * environment: the provenance on the index and both platforms, each platform's own SBOM. Then, next to the image:
 *   - a VSA signed keyless by the same identity whose text fields carry HTML and DOT metacharacters (`<script>`,
 *     quotes, a newline): a verified attestation with hostile text, which every renderer must escape;
 *   - a forged provenance naming https://evil.example/builder, signed with a key nobody trusts: shown as UNVERIFIED,
 *     its claims nowhere in the verified chain;
 *   - a forged attestation whose claimed predicate type is `<script>…`: the only text of it shown, escaped.
 * Nothing is mocked. The JSON form is validated against docs/schemas/trace.schema.json (ajv, a dev dependency).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_SLSA_PROVENANCE_V1, PREDICATE_VSA_V1, silentLogger, systemClock, type Statement } from '@custody/core';
import { attachBundle, openImage } from '@custody/oci';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import {
  githubWorkflowClaims,
  registryToolsAvailable,
  runSkopeo,
  startRegistry,
  startSigstoreStack,
  writeOciLayout,
  type LayoutResult,
  type SigstoreStack,
  type StartedRegistry,
} from '@custody/testing';
import { captureBuild } from '../src/commands/capture.js';
import { attestBuild } from '../src/commands/chain.js';
import type { ContainsResult } from '../src/commands/trace.js';
import type { TraceResult } from '../src/commands/trace-graph.js';
import { runCli } from './support/cli.js';
import { countColour, readPng } from './support/png.js';

const REPO = 'custody-test/app';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const base = join(tmpdir(), `custody-trace-${process.pid}`);
const HOSTILE = `<script>alert("owned")</script>"><img src=x onerror=alert(1)>\nrankdir=RL; \\N`;

const dpkg = (pkgs: Array<[string, string]>) =>
  pkgs
    .map(([n, v]) => `Package: ${n}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${v}\nDescription: ${n}\n test package\n`)
    .join('\n');

describe.runIf(registryToolsAvailable())(
  'custody trace of an image made by the one-step chain (real registry, local Sigstore)',
  {
    timeout: 180_000,
  },
  () => {
    let registry: StartedRegistry;
    let stack: SigstoreStack;
    let layout: LayoutResult;
    const ws = join(base, 'ws');
    const layoutDir = join(base, 'layout');
    const env = () => ({
      PATH: process.env.PATH ?? '',
      HOME: base,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: REPO,
      GITHUB_REPOSITORY_OWNER: 'custody-test',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/release.yml@refs/heads/main`,
      RUNNER_ENVIRONMENT: 'github-hosted',
      ...stack.issuer.githubEnv(),
    });
    const image = () => `oci://${registry.host}/acme/app:v1`;
    const trace = (args: string[]) =>
      runCli(['trace', ...args, '--repo', REPO, '--certificate-oidc-issuer', stack.issuer.url, '--trusted-root', stack.trustedRootPath], {
        cwd: ws,
        env: { PATH: process.env.PATH ?? '', HOME: base },
      });

    beforeAll(async () => {
      rmSync(base, { recursive: true, force: true });
      mkdirSync(ws, { recursive: true });
      [registry, stack] = await Promise.all([startRegistry(), startSigstoreStack()]);
      layout = await writeOciLayout(layoutDir, [
        {
          os: 'linux',
          architecture: 'amd64',
          layers: [
            {
              files: [
                { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
                {
                  path: 'var/lib/dpkg/status',
                  content: dpkg([
                    ['base-files', '12.4+deb12u5'],
                    ['libc6', '2.36-9+deb12u4'],
                  ]),
                },
              ],
            },
          ],
        },
        {
          os: 'linux',
          architecture: 'arm64',
          layers: [
            {
              files: [
                { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
                { path: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\nA:aarch64\nL:MIT\n\nP:busybox\nV:1.36.1-r15\nA:aarch64\n\n' },
              ],
            },
          ],
        },
      ]);
      await runSkopeo([
        'copy',
        '--all',
        '--preserve-digests',
        '--dest-tls-verify=false',
        `oci:${layoutDir}`,
        `docker://${registry.host}/acme/app:v1`,
      ]);
      writeFileSync(
        join(ws, 'package-lock.json'),
        JSON.stringify({
          name: 'app',
          version: '1.0.0',
          lockfileVersion: 3,
          packages: {
            '': { name: 'app', version: '1.0.0', dependencies: { debug: '4.3.4' } },
            'node_modules/debug': { version: '4.3.4', dependencies: { ms: '2.1.2' } },
            'node_modules/ms': { version: '2.1.2' },
          },
        }),
      );
      writeFileSync(join(ws, 'app.tgz'), 'the build output\n');

      // The one-step chain, keyless through the local stack, as a GitHub Actions job would run it.
      // The build's capture, with the lockfile recorded as a material (as `custody run --material` would).
      const capture = await captureBuild({
        cwd: ws,
        env: env(),
        clock: systemClock,
        logger: silentLogger,
        materials: ['package-lock.json'],
      });
      await attestBuild({
        capture,
        subjects: ['app.tgz'],
        image: `${registry.host}/acme/app:v1`,
        signing: { signingConfigFile: stack.signingConfigPath },
        outDir: join(ws, 'out'),
        sbomExclude: ['out'],
        cwd: ws,
        env: env(),
        logger: silentLogger,
      });

      const index = layout.indexDigest!;
      const { store } = await openImage(`${registry.host}/acme/app@${index}`);
      const descriptor = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: index, size: 0 };
      descriptor.size = (await store.getManifest(index)).bytes.length;
      const attach = async (bundleJson: string) => attachBundle(store, descriptor, Buffer.from(bundleJson), { mode: 'fallback' });
      const subject = [{ name: `${registry.host}/acme/app`, digest: { sha256: index.slice(7) } }];
      const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
      // A verified VSA with hostile text in its fields.
      const vsa: Statement = makeStatement(subject, PREDICATE_VSA_V1, {
        verifier: { id: HOSTILE },
        timeVerified: new Date().toISOString(),
        resourceUri: `oci://${registry.host}/acme/app@${index}`,
        policy: { uri: HOSTILE },
        verificationResult: 'PASSED',
        verifiedLevels: ['SLSA_BUILD_LEVEL_2'],
      });
      await attach((await signStatement(vsa, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance })).bundleJson);
      // Forged: signed with a key nobody trusts.
      const forger = loadSigningKey(generateSigningKey().privateKeyPem);
      const keyed = async (st: Statement) =>
        (await signStatement(st, { key: forger, instance: resolveInstance({ keyBased: true }) })).bundleJson;
      await attach(
        await keyed(
          makeStatement(subject, PREDICATE_SLSA_PROVENANCE_V1, {
            buildDefinition: { buildType: 'https://evil.example/buildtype', externalParameters: {}, resolvedDependencies: [] },
            runDetails: { builder: { id: 'https://evil.example/builder' }, metadata: { invocationId: 'https://evil.example/run/1' } },
          }),
        ),
      );
      await attach(await keyed(makeStatement(subject, 'https://evil.example/<script>alert(2)</script>', { x: HOSTILE })));
    });
    afterAll(async () => {
      await Promise.all([registry?.stop(), stack?.close()]);
      rmSync(base, { recursive: true, force: true });
    });

    const json = async (): Promise<TraceResult> => {
      const r = await trace([image(), '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as TraceResult;
    };

    it('shows every link: signer and instance, builder, source at commit, run, materials, SBOM per platform, VSA', async () => {
      const result = await json();
      const [amd64, arm64] = layout.images;
      expect(result.target).toMatchObject({ name: image(), digest: layout.indexDigest, index: true });
      expect(result.target.resolved).toEqual({ reference: image(), digest: layout.indexDigest });
      expect(result.subjects.map((s) => [s.platform, s.digest])).toEqual([
        [undefined, layout.indexDigest],
        ['linux/amd64', amd64!.manifestDigest],
        ['linux/arm64', arm64!.manifestDigest],
      ]);
      for (const s of result.subjects) {
        expect(s.passed, s.name).toBe(true);
        expect(s.verified.provenance, s.name).toHaveLength(1);
        const p = s.verified.provenance[0]!;
        expect(p.signer).toMatchObject({
          kind: 'certificate',
          identity: `https://github.com/${REPO}/.github/workflows/release.yml@refs/heads/main`,
          issuer: stack.issuer.url,
          instance: `--trusted-root ${stack.trustedRootPath}`,
        });
        expect(p.signer.signedAt?.length).toBeGreaterThan(0);
        expect(p.builder).toBe(`https://github.com/${REPO}/.github/workflows/release.yml@refs/heads/main`);
        expect(p.source).toEqual({ repository: `https://github.com/${REPO}`, ref: 'refs/heads/main', commit: SHA });
        expect(p.run?.invocationId).toBe(`https://github.com/${REPO}/actions/runs/4242/attempts/1`);
        expect(p.run?.finishedOn).toMatch(/^\d{4}-/);
        expect(p.materials.map((m) => m.name ?? m.uri)).toContain('package-lock.json');
      }
      const [idx, amd, arm] = result.subjects;
      // Each platform's own SBOM, components per ecosystem from purl types.
      expect(amd!.verified.sboms.map((b) => [b.format, b.components, b.ecosystems])).toEqual([['cyclonedx', 2, { deb: 2 }]]);
      expect(arm!.verified.sboms.map((b) => [b.format, b.components, b.ecosystems])).toEqual([['cyclonedx', 2, { apk: 2 }]]);
      expect(idx!.verified.sboms).toEqual([]);
      // The VSA, verified, its hostile text kept exactly in the JSON.
      expect(idx!.verified.vsas).toHaveLength(1);
      expect(idx!.verified.vsas[0]).toMatchObject({ verifier: HOSTILE, result: 'PASSED', levels: ['SLSA_BUILD_LEVEL_2'] });
      // The forged ones: unverified, with why; their claims nowhere in the verified chain.
      expect(idx!.unverified).toHaveLength(2);
      expect(idx!.unverified.map((u) => u.claimedPredicateType).sort()).toEqual(
        [PREDICATE_SLSA_PROVENANCE_V1, 'https://evil.example/<script>alert(2)</script>'].sort(),
      );
      for (const u of idx!.unverified) expect(u.failedChecks).toContain('signature.key');
      expect(JSON.stringify(result.subjects.map((s) => s.verified))).not.toContain('evil.example');
      // An unverified payload is not even read beyond its claimed type: the forged builder appears nowhere.
      expect(JSON.stringify(result)).not.toContain('evil.example/builder');
      expect(amd!.unverified).toEqual([]);
    });

    it('the JSON validates against docs/schemas/trace.schema.json, and the schema catches a broken document', async () => {
      const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'schemas', 'trace.schema.json'), 'utf8'));
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      (addFormats as unknown as (a: Ajv2020) => void)(ajv);
      const validate = ajv.compile(schema);
      const result = await json();
      expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
      // A round trip keeps it valid; a fact moved where it does not belong is refused.
      expect(validate(JSON.parse(JSON.stringify(result)))).toBe(true);
      const broken = structuredClone(result) as unknown as { subjects: Array<{ unverified: Array<Record<string, unknown>> }> };
      broken.subjects[0]!.unverified[0]!.builder = 'https://evil.example/builder';
      expect(validate(broken)).toBe(false);
    });

    it('the tree shows the chain, and the forged attestations apart as UNVERIFIED', async () => {
      const r = await trace([image()]);
      expect(r.code, r.stderr).toBe(0);
      const out = r.stdout;
      expect(out).toContain(`trace: ${image()} (${layout.indexDigest}), an index of 2 platform(s)`);
      expect(out).toContain(`VERIFIED signer: https://github.com/${REPO}/.github/workflows/release.yml@refs/heads/main`);
      expect(out).toContain(`source: https://github.com/${REPO} @ ${SHA} (refs/heads/main)`);
      expect(out).toContain(`run: https://github.com/${REPO}/actions/runs/4242/attempts/1`);
      expect(out).toMatch(/SBOM cyclonedx: 2 components \(deb 2\)/);
      expect(out).toMatch(/SBOM cyclonedx: 2 components \(apk 2\)/);
      expect(out).toMatch(/UNVERIFIED \(2\): not part of the chain/);
      // The hostile newline cannot start a line of its own.
      expect(out).not.toMatch(/^rankdir=RL/m);
      expect(out).toContain('\\nrankdir=RL');
    });

    it('HTML: one self-contained page, no script, no network, every attestation text escaped', async () => {
      const r = await trace([image(), '--format', 'html', '--output', 'trace.html']);
      expect(r.code, r.stderr).toBe(0);
      const page = readFileSync(join(ws, 'trace.html'), 'utf8');
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
      expect(page).toContain('<svg');
      expect(page).toContain('&lt;script&gt;');
      expect(page.toLowerCase()).not.toContain('<script');
      expect(page).not.toContain('<img');
      // Inside the markup (tags, not text): no event handler, no reference to anything outside the page.
      const markup = [...page.matchAll(/<[^>]*>/g)].map((m) => m[0]).join('\n');
      expect(markup).not.toMatch(/\son\w+=/i);
      expect(markup).not.toMatch(/(?:src|href)=/i);
      // Only the elements the renderer writes: nothing an attestation brought in.
      const tags = new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
      const allowed = [
        'html',
        'head',
        'meta',
        'title',
        'style',
        'body',
        'h1',
        'h2',
        'p',
        'strong',
        'div',
        'svg',
        'defs',
        'marker',
        'path',
        'text',
        'g',
        'rect',
        'table',
        'tr',
        'th',
        'td',
      ];
      expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
      // The unverified boxes are drawn apart.
      expect(page).toContain('<g class="node unverified">');
      expect(page).toContain('UNVERIFIED (not in the chain)');
    });

    it('HTML in a browser: headless Chromium draws the chain, the verified boxes and the unverified ones apart', () => {
      // The page written by the previous test, rendered by Debian's chromium (scripts/test-setup.sh installs it).
      const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
      if (!chromium)
        throw new Error('chromium is missing: run `bash scripts/test-setup.sh` as root (npm test does), or apt-get install chromium.');
      const shot = join(ws, 'trace.png');
      const run = spawnSync(
        chromium,
        [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          `--user-data-dir=${join(ws, 'chromium-profile')}`,
          '--window-size=1800,1400',
          `--screenshot=${shot}`,
          `file://${join(ws, 'trace.html')}`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      const png = readPng(readFileSync(shot));
      expect([png.width, png.height]).toEqual([1800, 1400]);
      // Box fills from the page's own style: the artifact, the builder/source/run links, the SBOMs, and the red
      // dashed unverified boxes. Each is drawn (thousands of pixels), so the graph rendered, not just the text.
      const pixels = {
        artifact: countColour(png, '#ddf4ff'),
        chain: countColour(png, '#dafbe1'),
        sbom: countColour(png, '#fff8c5'),
        unverified: countColour(png, '#ffebe9'),
      };
      for (const [box, n] of Object.entries(pixels)) expect(n, `${box} box pixels`).toBeGreaterThan(2000);
    });

    it('DOT: every label a well-formed quoted string (quotes, backslashes and newlines escaped)', async () => {
      const r = await trace([image(), '--format', 'dot']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('digraph custody_trace {');
      expect(lines.at(-1)).toBe('}');
      const q = '"(?:[^"\\\\\\n]|\\\\.)*"';
      const stmt = new RegExp(
        `^  (?:${q} \\[label=${q}, color="#[0-9a-f]{6}"(?:, style="dashed,rounded", fontcolor="#cf222e")?\\];|${q} -> ${q} \\[label=${q}(?:, style=dashed, color="#cf222e")?\\];|rankdir=LR;|node \\[.*\\];|edge \\[.*\\];|label=${q};)$`,
      );
      for (const l of lines.slice(1, -1)) expect(l, l).toMatch(stmt);
      expect(r.stdout).toContain('\\"owned\\"');
      expect(r.stdout).not.toMatch(/^rankdir=RL/m);
      expect(r.stdout).toContain('-> "s1" [label="platform"]');
    });

    it('--contains: which targets contain a package, from verified SBOMs, with the dependency path', async () => {
      const r = await trace(['--contains', 'pkg:deb/debian/libc6@<2.37', image(), '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const yes = JSON.parse(r.stdout) as ContainsResult;
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      (addFormats as unknown as (a: Ajv2020) => void)(ajv);
      const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'schemas', 'trace-contains.schema.json'), 'utf8'));
      const validate = ajv.compile(schema);
      expect(validate(yes), JSON.stringify(validate.errors)).toBe(true);
      expect(yes.targets[0]).toMatchObject({ contains: 'yes', verifiedSboms: 2, unverifiedSboms: 0 });
      expect(yes.targets[0]!.matches.map((m) => [m.platform, m.name, m.version])).toEqual([['linux/amd64', 'libc6', '2.36-9+deb12u4']]);

      const no = await trace(['--contains', 'pkg:apk/alpine/musl@>=1.3', image()]);
      expect(no.code, no.stderr).toBe(1);
      expect(no.stdout).toMatch(/^no +oci:\/\//m);

      // The project SBOM the chain wrote, as a --bundle file, about app.tgz: a path through the lockfile's edges.
      const npm = await trace(['--contains', 'pkg:npm/ms@^2.1.0', 'app.tgz', '--bundle', 'out/sbom.sigstore.json', '--format', 'json']);
      expect(npm.code, npm.stderr).toBe(0);
      expect(validate(JSON.parse(npm.stdout)), JSON.stringify(validate.errors)).toBe(true);
      const m = (JSON.parse(npm.stdout) as ContainsResult).targets[0]!.matches[0]!;
      expect(m.purl).toBe('pkg:npm/ms@2.1.2');
      expect(m.path).toEqual(['app@1.0.0', 'debug@4.3.4', 'ms@2.1.2']);
      const table = await trace(['--contains', 'pkg:npm/ms@^2.1.0', 'app.tgz', '--bundle', 'out/sbom.sigstore.json']);
      expect(table.stdout).toContain('path: app@1.0.0 -> debug@4.3.4 -> ms@2.1.2');

      // A target whose SBOM does not verify is unknown, never "no".
      const unknown = await trace(['--contains', 'pkg:npm/ms', 'app.tgz', '--bundle', 'out/provenance.sigstore.json']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toMatch(/^UNKNOWN app\.tgz/m);

      const bad = await trace(['--contains', 'lodash<4', image()]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/TRACE_CONTAINS_INVALID/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    });
  },
);
