#!/usr/bin/env node
/**
 * custody admission benchmark: the webhook server (build/src/commands/admission.js, plain HTTP on loopback) against
 * Debian's docker-registry on loopback, M images each with a key-signed SLSA provenance. Fires AdmissionReviews of
 * Pods (shaped as the API server sends them, one image each, by digest) over keep-alive connections, as the API
 * server does, and reports p50/p99/max latency and throughput:
 *   warm: the cache of verified digests filled first; reviews at concurrency 1, then N at concurrency C (aim: p99
 *   under 20 ms) and 4C (saturated: client and server share the machine's cores);
 *   cold: --cache-ttl 0, so every review resolves, fetches and verifies the attestations; at concurrency 1 and 4.
 * The server runs in a child process (the client's work does not share its event loop). Run after `npx tsc -b` (imports packages/*\/dist and build/).
 *
 *   node bench/admission.js [--images 8] [--reviews 4000] [--concurrency 8] [--cold-reviews 200]
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const IMAGES = arg('images', 8);
const REVIEWS = arg('reviews', 4000);
const CONCURRENCY = arg('concurrency', 8);
const COLD_REVIEWS = arg('cold-reviews', 200);

const core = await import(join(root, 'packages/core/dist/index.js'));

/** Starts the server in a child process; resolves with its URL, its metrics and a way to stop it. */
function start(dir, flags) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dir, JSON.stringify(flags)], { stdio: 'inherit' });
  const next = () =>
    new Promise((r, reject) => {
      child.once('message', r);
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
  return next().then(({ url }) => ({
    url,
    metrics: async () => {
      child.send('metrics');
      return (await next()).metrics;
    },
    close: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.send('close');
      }),
  }));
}

let uid = 0;
function review(image) {
  const gvk = { group: '', version: 'v1', kind: 'Pod' };
  const gvr = { group: '', version: 'v1', resource: 'pods' };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `bench-${++uid}`,
      kind: gvk,
      resource: gvr,
      requestKind: gvk,
      requestResource: gvr,
      name: `app-${uid}`,
      namespace: 'bench',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts'] },
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `app-${uid}`, namespace: 'bench', labels: { app: 'bench' } },
        spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }], restartPolicy: 'Always' },
      },
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  });
}

function post(url, agent, body) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const req = request(`${url}/validate`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        const out = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve({ ms, allowed: out.response?.allowed === true });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function fire(url, images, n, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const times = [];
  let denied = 0;
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const r = await post(url, agent, review(images[i % images.length]));
        times.push(r.ms);
        if (!r.allowed) denied++;
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p99: q(0.99), max: times[times.length - 1], rps: (n / wall) * 1000, denied };
}

const line = (what, r, n, c) =>
  console.log(
    `${what}: ${n} reviews at concurrency ${c}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, ${r.rps.toFixed(0)} reviews/s${r.denied ? `, ${r.denied} DENIED` : ''}`,
  );

async function bench() {
  const testing = await import(join(root, 'packages/testing/dist/index.js'));
  if (!testing.registryToolsAvailable()) {
    console.log('bench/admission.js: docker-registry/skopeo not installed; skipped (scripts/test-setup.sh installs them)');
    return;
  }
  const sign = await import(join(root, 'packages/sign/dist/index.js'));
  const oci = await import(join(root, 'packages/oci/dist/index.js'));
  const dir = await mkdtemp(join(tmpdir(), 'custody-bench-admission-'));
  const reg = await testing.startRegistry();
  try {
    const pair = sign.generateSigningKey();
    await writeFile(join(dir, 'k.pub'), pair.publicKeyPem);
    const key = sign.loadSigningKey(pair.privateKeyPem);
    const instance = sign.resolveInstance({ keyBased: true });
    const images = [];
    for (let i = 0; i < IMAGES; i++) {
      const img = await testing.pushTestImage(reg, `bench/adm${i}`, 'v1', { seed: `adm${i}` });
      const store = (await oci.openImage(`oci://${reg.host}/bench/adm${i}:v1`)).store;
      const statement = core.makeStatement([{ name: 'app', digest: { sha256: img.digest.slice(7) } }], core.PREDICATE_SLSA_PROVENANCE_V1, {
        buildDefinition: { buildType: 'https://custody.dev/bench/v1', externalParameters: {} },
        runDetails: { builder: { id: 'https://custody.dev/bench' } },
      });
      const { bundleJson } = await sign.signStatement(statement, { key, instance });
      await oci.attachBundle(store, { mediaType: img.mediaType, digest: img.digest, size: img.size }, Buffer.from(bundleJson), {
        mode: 'fallback',
      });
      images.push(`${reg.host}/bench/adm${i}@${img.digest}`);
    }
    const flags = {
      'insecure-http': true,
      port: '0',
      address: '127.0.0.1',
      key: ['k.pub'],
      'predicate-type': [core.PREDICATE_SLSA_PROVENANCE_V1],
    };

    const warm = await start(dir, flags);
    try {
      await fire(warm.url, images, images.length, 1); // fills the cache
      await fire(warm.url, images, 500, CONCURRENCY); // warms the JIT and the connections
      line('warm cache', await fire(warm.url, images, Math.min(REVIEWS, 1000), 1), Math.min(REVIEWS, 1000), 1);
      const r = await fire(warm.url, images, REVIEWS, CONCURRENCY);
      line('warm cache', r, REVIEWS, CONCURRENCY);
      // A closed loop this wide saturates the cores: the latency is then mostly the queue (concurrency / throughput).
      line('warm cache', await fire(warm.url, images, REVIEWS, 4 * CONCURRENCY), REVIEWS, 4 * CONCURRENCY);
      const m = await warm.metrics();
      console.log(
        `  cache: ${m.hits} hits, ${m.misses} misses; target p99 < 20 ms at concurrency ${CONCURRENCY}: ${r.p99 < 20 ? 'met' : 'NOT met'}`,
      );
    } finally {
      await warm.close();
    }

    const cold = await start(dir, { ...flags, 'cache-ttl': '0' });
    try {
      await fire(cold.url, images, images.length, 1); // the JIT, not the cache (there is none)
      for (const c of [1, 4])
        line('cold (no cache: resolve, fetch, verify each time)', await fire(cold.url, images, COLD_REVIEWS, c), COLD_REVIEWS, c);
      const cm = await cold.metrics();
      console.log(`  cache: ${cm.hits} joined in flight, ${cm.misses} verifications`);
    } finally {
      await cold.close();
    }
  } finally {
    await reg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// The server runs in a child process of its own (as the webhook runs apart from the API server): `--serve DIR FLAGS`.
if (args[0] === '--serve') {
  const { startAdmissionServer } = await import(join(root, 'build/src/commands/admission.js'));
  const { admissionOptions, admissionVerb } = await import(join(root, 'build/src/verbs/admission.js'));
  const { flagReader } = await import(join(root, 'build/src/cli/spec.js'));
  const { readSettings } = await import(join(root, 'build/src/settings.js'));
  const dir = args[1];
  const env = { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'no-docker') };
  const values = {};
  for (const [k, spec] of Object.entries(admissionVerb.options)) if (spec.default !== undefined) values[k] = spec.default;
  Object.assign(values, JSON.parse(args[2]));
  // The verb's own mapping, from flags with the spec's defaults (as the CLI passes them).
  const o = admissionOptions(flagReader(values), readSettings(env), core.silentLogger);
  const server = await startAdmissionServer({ ...o, cwd: dir, env, logger: core.silentLogger });
  process.on('message', async (m) => {
    if (m === 'metrics') process.send({ metrics: { hits: server.metrics.cacheHits, misses: server.metrics.cacheMisses } });
    if (m === 'close') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url });
} else {
  await bench();
}
