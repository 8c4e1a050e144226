#!/usr/bin/env node
/**
 * custody coverage benchmark: (1) reading rendered manifests: a helm-template-shaped file of N Deployments parsed to
 * image references (@custody/deploy), time and throughput; (2) coverage of M images in Debian's docker-registry on
 * loopback, each with a key-signed provenance and SBOM, at concurrency 1 and 4 (the default): wall time per run.
 * Run after `npx tsc -b` (imports packages/*\/dist and build/).
 *
 *   node bench/coverage.js [--deployments 2000] [--images 16]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const DEPLOYMENTS = arg('deployments', 2000);
const IMAGES = arg('images', 16);
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

const deploy = await import(join(root, 'packages/deploy/dist/index.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));

// --- (1) manifests ---
const docs = [];
for (let i = 0; i < DEPLOYMENTS; i++) {
  docs.push(
    [
      '---',
      `# Source: app${i}/templates/deployment.yaml`,
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: {name: app-${i}, namespace: ns-${i % 20}, labels: {app: app-${i}, helm.sh/chart: app-1.0.0}}`,
      'spec:',
      '  replicas: 3',
      '  template:',
      `    metadata: {labels: {app: app-${i}}}`,
      '    spec:',
      '      initContainers:',
      `        - {name: init, image: "registry.example/init:${i % 7}"}`,
      '      containers:',
      `        - name: app`,
      `          image: "registry.example/team/app-${i}:1.${i}.0"`,
      '          ports: [{containerPort: 8080}]',
      '          env: [{name: A, value: "1"}, {name: B, value: "2"}]',
      `        - {name: sidecar, image: registry.example/proxy@sha256:${'c'.repeat(64)}}`,
    ].join('\n'),
  );
}
const text = `${docs.join('\n')}\n`;
const t0 = process.hrtime.bigint();
const parsed = deploy.parseManifests(text, 'bench.yaml');
const parseMs = ms(t0);
console.log(
  `manifests: ${DEPLOYMENTS} Deployments, ${(text.length / 1024 / 1024).toFixed(1)} MiB, ${parsed.uses.length} image uses: ${parseMs.toFixed(0)} ms (${((text.length / 1024 / 1024 / parseMs) * 1000).toFixed(1)} MiB/s)`,
);

// --- (2) registry ---
const testing = await import(join(root, 'packages/testing/dist/index.js'));
if (!testing.registryToolsAvailable()) {
  console.log('bench/coverage.js: docker-registry/skopeo not installed; registry part skipped (scripts/test-setup.sh installs them)');
  process.exit(0);
}
const sign = await import(join(root, 'packages/sign/dist/index.js'));
const oci = await import(join(root, 'packages/oci/dist/index.js'));
const { coverage } = await import(join(root, 'build/src/commands/coverage.js'));
const dir = await mkdtemp(join(tmpdir(), 'custody-bench-coverage-'));
const reg = await testing.startRegistry();
try {
  const pair = sign.generateSigningKey();
  await writeFile(join(dir, 'k.pub'), pair.publicKeyPem);
  const key = sign.loadSigningKey(pair.privateKeyPem);
  const instance = sign.resolveInstance({ keyBased: true });
  const lines = [];
  for (let i = 0; i < IMAGES; i++) {
    const img = await testing.pushTestImage(reg, `bench/app${i}`, 'v1', { seed: `b${i}` });
    const store = (await oci.openImage(`oci://${reg.host}/bench/app${i}:v1`)).store;
    const subject = [{ name: 'app', digest: { sha256: img.digest.slice(7) } }];
    for (const [type, predicate] of [
      [
        core.PREDICATE_SLSA_PROVENANCE_V1,
        { buildDefinition: { buildType: 'x' }, runDetails: { metadata: { finishedOn: new Date().toISOString() } } },
      ],
      [core.PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }],
    ]) {
      const { bundleJson } = await sign.signStatement(core.makeStatement(subject, type, predicate), { key, instance });
      await oci.attachBundle(store, { mediaType: img.mediaType, digest: img.digest, size: img.size }, Buffer.from(bundleJson), {
        mode: 'fallback',
      });
    }
    lines.push(`${reg.host}/bench/app${i}:v1`);
  }
  await writeFile(join(dir, 'images.txt'), `${lines.join('\n')}\n`);
  for (const concurrency of [1, 4]) {
    const runs = [];
    let result;
    for (let k = 0; k < 3; k++) {
      const t = process.hrtime.bigint();
      result = await coverage({
        manifests: [],
        images: 'images.txt',
        verify: { keys: ['k.pub'], identity: {}, predicateTypes: [] },
        concurrency,
        cwd: dir,
        env: { ...process.env, DOCKER_CONFIG: '/nonexistent' },
        logger: core.silentLogger,
      });
      runs.push(ms(t));
    }
    runs.sort((a, b) => a - b);
    console.log(
      `coverage: ${IMAGES} images x 2 attestations, concurrency ${concurrency}: median ${runs[1].toFixed(0)} ms (${(runs[1] / IMAGES).toFixed(1)} ms/image), covered ${result.summary.covered}/${result.summary.images}`,
    );
  }
} finally {
  await reg.stop();
  await rm(dir, { recursive: true, force: true });
}
