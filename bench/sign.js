#!/usr/bin/env node
/**
 * Signing benchmark (issue 4, must-show 6): signing time per attestation against the local Sigstore stack
 * (loopback Fulcio / Rekor / TSA on @sigstore/mock), and bundle size.
 *
 * Time is split into "services" (wall time inside HTTP calls to the stack: network + the mock services' own
 * signing) and "client" (the rest: key generation, DSSE, signing, bundle assembly), from the retry policy's
 * onExchange hook (start/end of every HTTP exchange).
 * Peer: sigstore-js's own DSSEBundleBuilder + FulcioSigner + RekorWitness + TSAWitness against the same stack
 * (its HTTP goes through make-fetch-happen, so only its total is measured).
 * Run after `npx tsc -b` (imports packages/*\/dist).
 *
 *   node bench/sign.js [--n 30]
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const N = (() => {
  const i = args.indexOf('--n');
  return i >= 0 ? Number(args[i + 1]) : 30;
})();

const testing = await import(join(root, 'packages/testing/dist/index.js'));
const sign = await import(join(root, 'packages/sign/dist/index.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));
const require = createRequire(import.meta.url);
const sigstoreSign = require('@sigstore/sign');
const sigstoreBundle = require('@sigstore/bundle');

// Wall time with at least one HTTP exchange with the stack in flight (the union of the intervals: Rekor and the
// TSA are called in parallel), which includes the services' own work; the rest is client time.
let intervals = [];
const onExchange = (e) => intervals.push([e.startMs, e.endMs]);
const unionMs = () => {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of intervals.sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
};

const t0 = performance.now();
const stack = await testing.startSigstoreStack();
const startupMs = performance.now() - t0;

const statement = (i) =>
  core.makeStatement([{ name: `artifact-${i}.tgz`, digest: { sha256: i.toString(16).padStart(64, '0') } }], core.PREDICATE_CYCLONEDX, {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: Array.from({ length: 50 }, (_, j) => ({
      type: 'library',
      name: `pkg-${j}`,
      version: '1.0.0',
      purl: `pkg:npm/pkg-${j}@1.0.0`,
    })),
  });

const full = sign.resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
const keyPair = sign.generateSigningKey('ecdsa-p256');
const key = sign.loadSigningKey(keyPair.privateKeyPem);
const edPair = sign.generateSigningKey('ed25519');
const edKey = sign.loadSigningKey(edPair.privateKeyPem);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each mode N times, interleaved (so machine load hits every mode alike); medians per attestation. */
async function measureAll(modes) {
  const stats = modes.map(() => ({ total: [], services: [], bytes: 0 }));
  for (const m of modes) await m.fn(-1); // warm-up
  for (let i = 0; i < N; i++) {
    for (const [k, m] of modes.entries()) {
      intervals = [];
      const t = performance.now();
      stats[k].bytes += await m.fn(i);
      stats[k].total.push(performance.now() - t);
      stats[k].services.push(unionMs());
    }
  }
  return modes.map((m, k) => {
    const total = median(stats[k].total);
    const services = m.separable === false ? NaN : median(stats[k].services);
    return { label: m.label, perMs: total, servicesMs: services, clientMs: total - services, bundleBytes: Math.round(stats[k].bytes / N) };
  });
}

const signWith = async (i, options) =>
  Buffer.byteLength((await sign.signStatement(statement(i), { ...options, retry: { onExchange } })).bundleJson);
const rows = await measureAll([
  {
    label: 'custody keyless (Fulcio + Rekor + TSA)',
    fn: (i) => signWith(i, { identityToken: stack.issuer.mint({ sub: 'https://example.test/bench' }), instance: full }),
  },
  {
    label: 'sigstore-js keyless (same stack, peer)',
    separable: false, // its HTTP goes through make-fetch-happen: not timed separately
    fn: async (i) => {
      const token = stack.issuer.mint({ sub: 'https://example.test/bench' });
      const builder = new sigstoreSign.DSSEBundleBuilder({
        signer: new sigstoreSign.FulcioSigner({ fulcioBaseURL: stack.fulcioUrl, identityProvider: { getToken: async () => token } }),
        witnesses: [
          new sigstoreSign.RekorWitness({ rekorBaseURL: stack.rekorUrl }),
          new sigstoreSign.TSAWitness({ tsaBaseURL: stack.tsaUrl }),
        ],
      });
      const b = await builder.create({ data: Buffer.from(core.canonicalJson(statement(i))), type: core.INTOTO_PAYLOAD_TYPE });
      return Buffer.byteLength(`${JSON.stringify(sigstoreBundle.bundleToJSON(b))}\n`);
    },
  },
  { label: 'custody key P-256 (offline)', fn: (i) => signWith(i, { key, instance: sign.resolveInstance({ keyBased: true }) }) },
  { label: 'custody key Ed25519 (offline)', fn: (i) => signWith(i, { key: edKey, instance: sign.resolveInstance({ keyBased: true }) }) },
  {
    label: 'custody key P-256 + Rekor + TSA',
    fn: (i) => signWith(i, { key, instance: sign.resolveInstance({ keyBased: true, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl }) }),
  },
]);
const peer = rows[1];

await stack.close();

const fmt = (n) => (Number.isNaN(n) ? '—' : n.toFixed(2));
console.log(
  `bench/sign.js: ${N} attestations per mode, interleaved, medians (50-component CycloneDX predicate); local stack started in ${startupMs.toFixed(0)} ms`,
);
console.log(`${'mode'.padEnd(42)} ${'ms/att'.padStart(8)} ${'services'.padStart(9)} ${'client'.padStart(8)} ${'bundle B'.padStart(9)}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(42)} ${fmt(r.perMs).padStart(8)} ${fmt(r.servicesMs).padStart(9)} ${fmt(r.clientMs).padStart(8)} ${String(r.bundleBytes).padStart(9)}`,
  );
}
const ours = rows[0];
console.log(
  `ratio keyless custody / sigstore-js: ${(ours.perMs / peer.perMs).toFixed(2)}x time, ${(ours.bundleBytes / peer.bundleBytes).toFixed(2)}x bundle size`,
);
