// custody coverage against Debian's real docker-registry (packages/testing startRegistry) and the local Sigstore stack
// (Fulcio, Rekor, TSA and an OIDC issuer on loopback). The test writes a deployment as it is rendered in practice: a
// Helm chart (`# Source:` comments, quoted images, an init container), a kustomize build (by tag), plain manifests (a
// StatefulSet, a CronJob) and a List as kubectl prints it (a Pod with an ephemeral container). Six images:
//   web      keyless provenance (build end 90 s before signing) + SBOM, by digest        -> covered, latency known
//   api      keyless provenance + SBOM, by TAG only                                       -> covered, not pinned
//   worker   provenance + SBOM signed with a trusted key by `custody attest --push`       -> covered, latency unknown
//   init     keyless provenance, no SBOM                                                 -> not covered
//   foreign  provenance + SBOM signed by another key (not trusted)                       -> not covered
//   debug    no attestation                                                              -> not covered
// Nothing is mocked: the CLI talks to the registry, verifies with the stack's trusted root.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, type Statement } from '@custody/core';
import {
  githubWorkflowClaims,
  pushTestImage,
  registryToolsAvailable,
  startRegistry,
  startSigstoreStack,
  type SigstoreStack,
  type StartedRegistry,
  type TestImage,
} from '@custody/testing';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import { attachBundle, openImage, type OciStore } from '@custody/oci';
import type { CoverageResult } from '../src/commands/coverage.js';
import { runCli } from './support/cli.js';

const REPO = 'octo-org/shop';
const NAMES = ['web', 'api', 'worker', 'init', 'foreign', 'debug'] as const;
type Name = (typeof NAMES)[number];

describe.runIf(registryToolsAvailable())('custody coverage over a rendered deployment (real registry, local Sigstore)', () => {
  let registry: StartedRegistry;
  let stack: SigstoreStack;
  let dir: string;
  const images = {} as Record<Name, TestImage>;
  const env = () => ({ PATH: process.env.PATH, HOME: dir });
  const ref = (n: Name) => `${registry.host}/apps/${n}`;
  const pinned = (n: Name) => `${ref(n)}@${images[n].digest}`;
  const buildEnds = {} as Record<'web' | 'api' | 'init', number>;

  const prov = (img: TestImage, finishedOn: Date): Statement =>
    makeStatement([{ name: 'shop', digest: { sha256: img.digest.slice(7) } }], PREDICATE_SLSA_PROVENANCE_V1, {
      buildDefinition: { buildType: 'https://custody.dev/test/v1', externalParameters: {} },
      runDetails: { builder: { id: 'https://custody.dev/test-builder' }, metadata: { finishedOn: finishedOn.toISOString() } },
    });
  const sbom = (img: TestImage): Statement =>
    makeStatement([{ name: 'shop', digest: { sha256: img.digest.slice(7) } }], PREDICATE_CYCLONEDX, {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ type: 'library', name: 'left-pad', purl: 'pkg:npm/left-pad@1.3.0' }],
    });

  const cli = (args: string[], stdin?: string) =>
    runCli(
      [
        'coverage',
        ...args,
        '--repo',
        REPO,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        stack.trustedRootPath,
        '--key',
        'trusted.pub',
      ],
      { cwd: dir, env: env(), ...(stdin !== undefined ? { stdin } : {}) },
    );

  /** The manifests, as helm template, kustomize build and kubectl write them. */
  const write = async () => {
    const chart = [
      '---',
      '# Source: shop/templates/serviceaccount.yaml',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: shop',
      '---',
      '# Source: shop/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: shop-web',
      '  labels:',
      '    helm.sh/chart: shop-0.1.0',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: migrate',
      `          image: "${pinned('init')}"`,
      '      containers:',
      '        - name: web',
      `          image: "${pinned('web')}"`,
      '          imagePullPolicy: IfNotPresent',
      '',
    ].join('\n');
    const kustomize = [
      '# kustomize build overlays/prod (the api is deployed by tag: --pin fixes that)',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: api',
      '  namespace: prod',
      'spec:',
      '  ports:',
      '  - port: 80',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  labels:',
      '    app: api',
      '  name: api',
      '  namespace: prod',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `      - image: ${ref('api')}:v1 # the tag, not the digest`,
      '        name: api',
      '',
    ].join('\n');
    const statefulset = [
      '# A database from another team, signed with their own key.',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: ledger, namespace: prod}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `      - {name: ledger, image: '${pinned('foreign')}'}`,
      '',
    ].join('\n');
    const cronjob = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: nightly',
      'spec:',
      '  schedule: "0 3 * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          restartPolicy: OnFailure',
      '          containers:',
      '            - name: worker',
      `              image: ${pinned('worker')}`,
      '',
    ].join('\n');
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'shop-web-7d4b9', namespace: 'prod' },
          spec: {
            containers: [{ name: 'web', image: pinned('web') }],
            ephemeralContainers: [{ name: 'debugger', image: pinned('debug') }],
          },
        },
      ],
      metadata: { resourceVersion: '' },
    };
    await mkdir(join(dir, 'deploy', 'plain'), { recursive: true });
    await writeFile(join(dir, 'deploy', 'chart.yaml'), chart);
    await writeFile(join(dir, 'deploy', 'kustomize.yaml'), kustomize, { mode: 0o640 });
    await writeFile(join(dir, 'deploy', 'plain', 'statefulset.yaml'), statefulset);
    await writeFile(join(dir, 'deploy', 'plain', 'cronjob.yml'), cronjob);
    await writeFile(join(dir, 'deploy', 'plain', 'pods.json'), JSON.stringify(list, null, 2));
    await writeFile(join(dir, 'deploy', 'plain', 'README.md'), 'not a manifest: image: nowhere/at-all:1\n');
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-coverage-'));
    [registry, stack] = await Promise.all([startRegistry(), startSigstoreStack()]);
    for (const n of NAMES) images[n] = await pushTestImage(registry, `apps/${n}`, 'v1', { seed: n });
    const store = async (n: Name): Promise<OciStore> => (await openImage(`oci://${ref(n)}:v1`)).store;
    const attach = async (n: Name, bundle: string) =>
      attachBundle(
        await store(n),
        { mediaType: images[n].mediaType, digest: images[n].digest, size: images[n].size },
        Buffer.from(bundle),
        { mode: 'fallback' },
      );
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const keyless = async (st: Statement) =>
      (await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance })).bundleJson;
    const now = Date.now();
    buildEnds.web = now - 90_000;
    buildEnds.api = now - 30_000;
    buildEnds.init = now - 600_000;
    await attach('web', await keyless(prov(images.web, new Date(buildEnds.web))));
    await attach('web', await keyless(sbom(images.web)));
    await attach('api', await keyless(prov(images.api, new Date(buildEnds.api))));
    await attach('api', await keyless(sbom(images.api)));
    await attach('init', await keyless(prov(images.init, new Date(buildEnds.init))));
    // Another signer: a key nobody passed to coverage.
    const foreignKey = loadSigningKey(generateSigningKey().privateKeyPem);
    const keyed = async (st: Statement) =>
      (await signStatement(st, { key: foreignKey, instance: resolveInstance({ keyBased: true }) })).bundleJson;
    await attach('foreign', await keyed(prov(images.foreign, new Date(now - 60_000))));
    await attach('foreign', await keyed(sbom(images.foreign)));
    // The worker: custody's own attest --push with a key (no transparency log, no timestamp authority).
    const keys = await runCli(['keys', 'generate', '--output-key', join(dir, 'trusted.key'), '--output-pub', join(dir, 'trusted.pub')], {
      cwd: dir,
      env: env(),
    });
    expect(keys.code, keys.stderr).toBe(0);
    for (const st of [prov(images.worker, new Date(now - 45_000)), sbom(images.worker)]) {
      await writeFile(join(dir, 'predicate.json'), JSON.stringify(st.predicate));
      const r = await runCli(
        [
          'attest',
          '--subject',
          `oci://${pinned('worker')}`,
          '--predicate-type',
          st.predicateType,
          '--predicate',
          'predicate.json',
          '--key',
          'trusted.key',
          '--bundle',
          'worker.sigstore.json',
          '--push',
        ],
        { cwd: dir, env: env() },
      );
      expect(r.code, r.stderr).toBe(0);
    }
    await write();
  }, 180_000);
  afterAll(async () => {
    await Promise.all([registry?.stop(), stack?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byName = (result: CoverageResult) =>
    Object.fromEntries(
      NAMES.map((n) => [n, result.images.find((i) => i.image.startsWith(`${ref(n)}:`) || i.image.startsWith(`${ref(n)}@`))!]),
    );

  it('reports each image, its attestations and locations, and the two service levels (JSON)', async () => {
    const r = await cli(['deploy', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as CoverageResult;
    expect(result.schema).toBe('https://custody.dev/coverage-report/v1');
    expect(result.images).toHaveLength(6);
    const i = byName(result);
    for (const n of NAMES) expect(i[n], n).toBeDefined();

    expect(NAMES.filter((n) => i[n].covered)).toEqual(['web', 'api', 'worker']);
    expect(NAMES.filter((n) => i[n].pinned)).toEqual(['web', 'worker', 'init', 'foreign', 'debug']);
    for (const n of NAMES) expect(i[n].digest, n).toBe(images[n].digest);

    // web: keyless, timestamped: latency = signing time - build end (90 s before the signing, plus the signing itself).
    expect(i.web.provenanceVerified && i.web.sbomVerified).toBe(true);
    expect(i.web.latency.buildFinishedOn).toBe(new Date(buildEnds.web).toISOString());
    expect(i.web.latency.signedAtSource).toBe('verified-timestamp');
    expect(i.web.latency.seconds).toBeGreaterThanOrEqual(89);
    expect(i.web.latency.seconds).toBeLessThan(600);
    expect(i.web.locations.map((l) => [l.source, l.kind, l.container, l.helmSource ?? l.containerList])).toEqual([
      ['deploy/chart.yaml', 'Deployment', 'web', 'shop/templates/deployment.yaml'],
      ['deploy/plain/pods.json', 'Pod', 'web', 'containers'],
    ]);
    expect(i.web.locations[0]!.line).toBe(24);
    // api: by tag, resolved through the registry.
    expect(i.api.pinned).toBe(false);
    expect(i.api.latency.seconds).toBeGreaterThanOrEqual(29);
    expect(i.api.locations[0]).toMatchObject({
      source: 'deploy/kustomize.yaml',
      line: 22,
      kind: 'Deployment',
      name: 'api',
      namespace: 'prod',
    });
    // worker: a trusted key, no trusted time: covered, latency unknown and said so.
    expect(i.worker.attestations.filter((a) => a.verified)).toHaveLength(2);
    expect(i.worker.latency.seconds).toBeUndefined();
    expect(i.worker.latency.unknown).toMatch(/key-signed bundle with no trusted time/);
    expect(i.worker.locations[0]).toMatchObject({ kind: 'CronJob', name: 'nightly', container: 'worker' });
    // init: provenance but no SBOM.
    expect(i.init.provenanceVerified).toBe(true);
    expect(i.init.sbomVerified).toBe(false);
    expect(i.init.reasons).toEqual(['no SBOM attestation']);
    expect(i.init.locations[0]).toMatchObject({ containerList: 'initContainers', container: 'migrate' });
    expect(i.init.latency.seconds).toBeGreaterThanOrEqual(599);
    // foreign: attestations exist, signed by another key: none verifies.
    expect(i.foreign.attestations).toHaveLength(2);
    expect(i.foreign.attestations.every((a) => !a.verified)).toBe(true);
    expect(i.foreign.reasons.join('\n')).toMatch(/provenance does not verify: signature\.value: key mismatch/);
    expect(i.foreign.locations[0]).toMatchObject({ kind: 'StatefulSet', name: 'ledger' });
    // debug: nothing stored.
    expect(i.debug.attestations).toEqual([]);
    expect(i.debug.reasons).toEqual(['no attestation is stored next to the image']);
    expect(i.debug.locations[0]).toMatchObject({ kind: 'Pod', containerList: 'ephemeralContainers', container: 'debugger' });

    expect(result.summary).toMatchObject({
      images: 6,
      covered: 3,
      ratio: 0.5,
      pinned: 5,
      attested: 5,
      provenanceVerified: 4,
      sbomVerified: 3,
      errors: 0,
      latency: { known: 3, unknown: 3 },
    });
    const known = [i.web, i.api, i.init].map((x) => x.latency.seconds!).sort((a, b) => a - b);
    expect(result.summary.latency.p50Seconds).toBe(known[1]);
    expect(result.summary.latency.maxSeconds).toBe(known[2]);
  });

  it('the table names every image, why the uncovered ones are not, and the two service levels', async () => {
    const r = await cli(['deploy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^IMAGE\s+PINNED\s+ATTESTATIONS/);
    for (const n of NAMES) expect(r.stdout).toContain(`apps/${n}`);
    expect(r.stdout).toContain('provenance coverage: 3/6 images (50.0%)');
    expect(r.stdout).toMatch(/attestation latency \(build end -> signed\): p50 \S+, p95 \S+, max \S+ \(3 known, 3 unknown\)/);
    expect(r.stdout).toMatch(/apps\/worker@sha256:[0-9a-f]{64}: key-signed bundle with no trusted time/);
  });

  it('--min gates: exit 0 at or above, exit 1 below, exit 2 for a ratio that is not one', async () => {
    expect((await cli(['deploy', '--min', '0.5'])).code).toBe(0);
    const below = await cli(['deploy', '--min', '0.75']);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/provenance coverage 50\.0% is below --min 75\.0%/);
    expect((await cli(['deploy', '--min', '40%'])).code).toBe(0);
    for (const bad of ['1.5', 'most', '-0.1']) {
      const r = await cli(['deploy', `--min=${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--min is "${bad}", not a ratio from 0 to 1`);
    }
  });

  it('Prometheus text exposition: HELP and TYPE once per metric, gauges, per-image series with quoted labels', async () => {
    const r = await cli(['deploy', '--format', 'prometheus']);
    expect(r.code, r.stderr).toBe(0);
    const types = new Map<string, string>();
    const helps = new Set<string>();
    const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
    let current = '';
    for (const line of r.stdout.trimEnd().split('\n')) {
      const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line);
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|summary|histogram|untyped)$/.exec(line);
      if (help) {
        expect(helps.has(help[1]!), `HELP twice for ${help[1]}`).toBe(false);
        helps.add(help[1]!);
        current = help[1]!;
        continue;
      }
      if (type) {
        expect(type[1]).toBe(current);
        types.set(type[1]!, type[2]!);
        continue;
      }
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      expect(m, `not a sample line: ${line}`).not.toBeNull();
      expect(m![1], 'samples of a metric come together, after its TYPE').toBe(current);
      const labels: Record<string, string> = {};
      const body = m![2] ?? '';
      const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/g;
      let consumed = 0;
      for (const l of body.matchAll(labelRe)) {
        labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
        consumed += l[0].length;
      }
      expect(consumed, `labels of ${line}`).toBe(body.length);
      samples.push({ name: m![1]!, labels, value: Number(m![3]) });
    }
    expect([...types.values()].every((t) => t === 'gauge')).toBe(true);
    const one = (name: string) => samples.filter((s) => s.name === name);
    expect(one('custody_coverage_ratio')).toEqual([{ name: 'custody_coverage_ratio', labels: {}, value: 0.5 }]);
    expect(one('custody_coverage_images')[0]!.value).toBe(6);
    expect(one('custody_image_covered')).toHaveLength(6);
    const covered = one('custody_image_covered')
      .filter((s) => s.value === 1)
      .map((s) => s.labels.image);
    expect(covered.sort()).toEqual([`${ref('api')}:v1`, pinned('web'), pinned('worker')].sort());
    expect(one('custody_image_covered').find((s) => s.labels.image === `${ref('api')}:v1`)!.labels.digest).toBe(images.api.digest);
    expect(one('custody_image_attestation_latency_seconds')).toHaveLength(3);
    expect(one('custody_attestation_latency_seconds').map((s) => s.labels.quantile)).toEqual(['0.5', '0.95', '1']);
    expect(one('custody_attestation_latency_unknown_images')[0]!.value).toBe(3);
  });

  it('JUnit XML: one testcase per image, failures with their reasons (parsed by a real XML parser)', async () => {
    const r = await cli(['deploy', '--format', 'junit', '--output', 'coverage.xml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    // Python's xml.etree (expat): a strict XML 1.0 parser, outside Custody's own code.
    const parsed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          `import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find('testsuite')
print(json.dumps({"root": root.tag, "tests": root.get("tests"), "failures": root.get("failures"),
  "props": {p.get("name"): p.get("value") for p in suite.find("properties")},
  "cases": [{"name": c.get("name"), "failure": (c.find("failure").get("message") if c.find("failure") is not None else None),
             "error": c.find("error") is not None, "out": c.findtext("system-out")} for c in suite.findall("testcase")]}))`,
          join(dir, 'coverage.xml'),
        ],
        { encoding: 'utf8' },
      ),
    ) as {
      root: string;
      tests: string;
      failures: string;
      props: Record<string, string>;
      cases: Array<{ name: string; failure: string | null; error: boolean; out: string }>;
    };
    expect(parsed.root).toBe('testsuites');
    expect(parsed.tests).toBe('6');
    expect(parsed.failures).toBe('3');
    expect(parsed.props['coverage.ratio']).toBe('0.5');
    expect(parsed.cases).toHaveLength(6);
    const failed = Object.fromEntries(parsed.cases.filter((c) => c.failure).map((c) => [c.name, c.failure]));
    expect(Object.keys(failed).sort()).toEqual([pinned('debug'), pinned('foreign'), pinned('init')].sort());
    expect(failed[pinned('init')]).toBe('no SBOM attestation');
    expect(failed[pinned('foreign')]).toMatch(/provenance does not verify/);
    expect(parsed.cases.find((c) => c.name === pinned('web'))!.out).toMatch(/helm: shop\/templates\/deployment\.yaml/);
  });

  it('--pin rewrites each tag to its digest, keeping comments, layout and the file mode, and nothing else', async () => {
    const file = join(dir, 'deploy', 'kustomize.yaml');
    const before = await readFile(file, 'utf8');
    const untouched = await readFile(join(dir, 'deploy', 'chart.yaml'), 'utf8');
    const r = await cli(['deploy', '--pin', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as CoverageResult;
    expect(result.pinnedFiles).toEqual([{ file: 'deploy/kustomize.yaml', images: 1 }]);
    const after = await readFile(file, 'utf8');
    expect(after).toBe(before.replace(`${ref('api')}:v1 # the tag`, `${pinned('api')} # the tag`));
    expect(after).toContain('# kustomize build overlays/prod');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readFile(join(dir, 'deploy', 'chart.yaml'), 'utf8')).toBe(untouched);
    // Now every image is pinned, and coverage says so.
    const again = JSON.parse((await cli(['deploy', '--format', 'json'])).stdout) as CoverageResult;
    expect(again.summary.pinned).toBe(6);
    expect(again.summary.covered).toBe(3);
  });

  it('an image list on standard input, and the tags of a repository', async () => {
    const list = `# what we released\n${ref('web')}:v1\n\noci://${pinned('debug')}\n`;
    const r = await cli(['--images', '-', '--format', 'json'], list);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as CoverageResult;
    expect(result.images.map((i) => [i.image, i.covered, i.locations[0]!.line])).toEqual([
      [`${ref('web')}:v1`, true, 2],
      [pinned('debug'), false, 4],
    ]);
    const repo = await cli(['--repository', ref('api'), '--format', 'json']);
    expect(repo.code, repo.stderr).toBe(0);
    const tags = JSON.parse(repo.stdout) as CoverageResult;
    // v1 only: the attestation tags (sha256-…) next to it are not releases.
    expect(tags.images.map((i) => [i.image, i.covered])).toEqual([[`${ref('api')}:v1`, true]]);
  });

  it('an image missing from its registry is reported, not fatal; a reference with control characters is refused (exit 2)', async () => {
    await writeFile(join(dir, 'missing.txt'), `${ref('web')}:v1\n${registry.host}/apps/gone:v9\n`);
    const r = await cli(['--images', 'missing.txt', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as CoverageResult;
    expect(result.summary).toMatchObject({ images: 2, covered: 1, errors: 1 });
    expect(result.images[1]!.error).toMatch(/OCI_NOT_FOUND/);

    await writeFile(
      join(dir, 'evil.yaml'),
      `kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: "${ref('web')}\\e[2J:v1"\n`,
    );
    const evil = await cli(['evil.yaml']);
    expect(evil.code).toBe(2);
    expect(evil.stderr).toContain('evil.yaml:6: the image reference');
    expect(evil.stderr).toContain('\\x1b[2J');
    expect(evil.stderr).not.toContain('\x1b');
    expect(evil.stderr).toContain('[DEPLOY_IMAGE_INVALID]');
    const stdinEvil = await cli(['--images', '-'], `${ref('web')}:v1\u0007\n`);
    expect(stdinEvil.code).toBe(2);
    expect(stdinEvil.stderr).toContain('(stdin):1: the image reference');
  });
});
