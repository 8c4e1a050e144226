#!/usr/bin/env node
/**
 * OCI benchmark (issue 5, must-show 5): against Debian's docker-registry started on loopback, pushes N bundles to
 * one image with Custody (`pushBundle`, one fresh client per push as separate CLI runs would) and with
 * @sigstore/oci's attachArtifactToImage (what GitHub's attest action uses), counting HTTP round trips through a
 * counting loopback proxy and wall time; then lists them with Custody. Finally 20 concurrent pushes of each: how
 * many of the 20 each tool's readers can still find (the registry ignores If-Match).
 * Run after `npx tsc -b` (imports packages/*\/dist and build/).
 *
 *   node bench/oci.js [--n 10] [--concurrent 20]
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = arg('n', 10);
const C = arg('concurrent', 20);

const testing = await import(join(root, 'packages/testing/dist/index.js'));
const oci = await import(join(root, 'packages/oci/dist/index.js'));
const { pushBundle } = await import(join(root, 'build/src/commands/push.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));
const require = createRequire(import.meta.url);
const sigstoreOci = require('@sigstore/oci');

if (!testing.registryToolsAvailable()) {
  console.log('bench/oci.js: docker-registry/skopeo not installed; skipped (scripts/test-setup.sh installs them)');
  process.exit(0);
}

function bundle(subject, i) {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'bench', digest: { sha256: subject.slice(7) } }],
    predicateType: `https://example.com/bench/${i}`,
    predicate: { nonce: randomBytes(8).toString('hex') },
  };
  return Buffer.from(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: 'bench' }, tlogEntries: [] },
      dsseEnvelope: {
        payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
        payloadType: 'application/vnd.in-toto+json',
        signatures: [{ sig: randomBytes(64).toString('base64'), keyid: '' }],
      },
    }),
  );
}

const reg = await testing.startRegistry();
const proxy = await testing.startFaultProxy(reg.host, () => undefined);
const env = { ...process.env, DOCKER_CONFIG: '/nonexistent' };
const rows = [];
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

try {
  // --- sequential pushes ---
  const imgC = await testing.pushTestImage(reg, 'bench/custody', 'v1', { seed: 'c' });
  const imgS = await testing.pushTestImage(reg, 'bench/sigstore', 'v1', { seed: 's' });

  // Round trips are counted through the proxy; time is measured on direct connections (the proxy adds latency).
  const custodyOnce = (host, i) =>
    pushBundle({
      bundles: [bundle(imgC.digest, i)],
      image: `${host}/bench/custody@${imgC.digest}`,
      cwd: root,
      env,
      logger: core.silentLogger,
    });
  const sigstoreOnce = (host, i) =>
    sigstoreOci.attachArtifactToImage({
      imageName: `${host}/bench/sigstore`,
      imageDigest: imgS.digest,
      artifact: bundle(imgS.digest, i),
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': `https://example.com/bench/${i}`,
      },
      credentials: undefined,
      fetchOpts: { retry: false },
    });
  const measure = async (once) => {
    const before = proxy.log.length;
    for (let i = 0; i < N; i++) await once(proxy.host, i);
    const trips = (proxy.log.length - before) / N;
    const t = process.hrtime.bigint();
    for (let i = N; i < 2 * N; i++) await once(reg.host, i);
    return { trips, ms: ms(t) / N };
  };
  const custodyPush = await measure(custodyOnce);
  const sigstorePush = await measure(sigstoreOnce);

  // --- list (Custody only: @sigstore/oci has no discovery) ---
  const before = proxy.log.length;
  const listed = await oci.listAttestations(new oci.RemoteStore(new oci.RegistryClient(proxy.host, { env }), 'bench/custody'), imgC.digest);
  const listTrips = proxy.log.length - before;
  let t = process.hrtime.bigint();
  await oci.listAttestations(new oci.RemoteStore(new oci.RegistryClient(reg.host, { env }), 'bench/custody'), imgC.digest);
  const custodyList = { trips: listTrips, ms: ms(t), found: listed.length };
  const sigListed = await oci.listAttestations(
    new oci.RemoteStore(new oci.RegistryClient(reg.host, { env }), 'bench/sigstore'),
    imgS.digest,
  );

  rows.push([`push 1 bundle (sequential, mean of ${N})`, custodyPush, sigstorePush]);
  void before;

  // --- concurrency ---
  const cC = await testing.pushTestImage(reg, 'bench/conc-custody', 'v1', { seed: 'cc' });
  const cS = await testing.pushTestImage(reg, 'bench/conc-sigstore', 'v1', { seed: 'cs' });
  t = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: C }, (_, i) =>
      pushBundle({
        bundles: [bundle(cC.digest, i)],
        image: `${reg.host}/bench/conc-custody@${cC.digest}`,
        cwd: root,
        env,
        logger: core.silentLogger,
      }),
    ),
  );
  const concCustodyMs = ms(t);
  t = process.hrtime.bigint();
  const sigResults = await Promise.allSettled(
    Array.from({ length: C }, (_, i) =>
      sigstoreOci.attachArtifactToImage({
        imageName: `${reg.host}/bench/conc-sigstore`,
        imageDigest: cS.digest,
        artifact: bundle(cS.digest, i),
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        annotations: { 'dev.sigstore.bundle.content': 'dsse-envelope' },
        credentials: undefined,
        fetchOpts: { retry: false },
      }),
    ),
  );
  const concSigMs = ms(t);
  const custodyFound = (
    await oci.listAttestations(new oci.RemoteStore(new oci.RegistryClient(reg.host, { env }), 'bench/conc-custody'), cC.digest)
  ).length;
  const custodyIdx =
    (await oci.readFallbackIndex(new oci.RemoteStore(new oci.RegistryClient(reg.host, { env }), 'bench/conc-custody'), cC.digest)).index
      ?.manifests.length ?? 0;
  const sigIdx =
    (await oci.readFallbackIndex(new oci.RemoteStore(new oci.RegistryClient(reg.host, { env }), 'bench/conc-sigstore'), cS.digest)).index
      ?.manifests.length ?? 0;
  const sigOk = sigResults.filter((r) => r.status === 'fulfilled').length;

  console.log(`OCI bench: Debian docker-registry 2.8.2 on loopback, N=${N} sequential pushes, ${C} concurrent`);
  console.log('');
  console.log('| operation | Custody round trips | Custody ms | @sigstore/oci round trips | @sigstore/oci ms | trips ratio |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, c, s] of rows) {
    console.log(
      `| ${name} | ${c.trips.toFixed(1)} | ${c.ms.toFixed(1)} | ${s.trips.toFixed(1)} | ${s.ms.toFixed(1)} | ${(c.trips / s.trips).toFixed(2)} |`,
    );
  }
  console.log(`| list ${custodyList.found} attestations | ${custodyList.trips} | ${custodyList.ms.toFixed(1)} | (no list API) | - | - |`);
  console.log('');
  console.log(`Custody lists ${sigListed.length}/${2 * N} of the @sigstore/oci pushes too (same wire format).`);
  console.log(
    `${C} concurrent pushes: Custody ${custodyFound}/${C} listed (referrers index holds ${custodyIdx}), ${concCustodyMs.toFixed(0)} ms;`,
  );
  console.log(
    `  @sigstore/oci ${sigOk}/${C} pushes succeeded, referrers index holds ${sigIdx}/${C} (the only place its readers look), ${concSigMs.toFixed(0)} ms.`,
  );
} finally {
  await proxy.stop();
  await reg.stop();
}
