#!/usr/bin/env node
// Benchmark: Custody's verifier against @sigstore/verify called directly, on the same bundles.
//   1. In one process: 500 distinct keyless bundles (Fulcio certificate + Rekor entry + RFC 3161 timestamp) made by
//      packages/sign against the local Sigstore stack, verified from their JSON text. @sigstore/verify does
//      bundleFromJSON + toSignedEntity + Verifier.verify with the identity policy; Custody does everything it
//      reports on (stage-by-stage checks, statement, subject binding, identity checks, report).
//   2. One whole process: `custody verify` vs a minimal script doing the same @sigstore/verify calls.
// Prints ms per bundle and the overhead ratio (target <= 1.2). Needs `npm run build` (imports build/ and dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_VERIFY_BUNDLES ?? 500);
const { startSigstoreStack, githubWorkflowClaims } = await import(join(root, 'packages/testing/dist/index.js'));
const { signStatement, resolveInstance } = await import(join(root, 'packages/sign/dist/index.js'));
const { buildTrust, parseTrustedRoot, parseAttestationDocument, verifyTarget } = await import(join(root, 'packages/verify/dist/index.js'));
const { makeStatement, systemClock } = await import(join(root, 'packages/core/dist/index.js'));
const { bundleFromJSON } = await import('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = await import('@sigstore/verify');
const { TrustedRoot } = await import('@sigstore/protobuf-specs');

const REPO = 'custody-bench/app';
const stack = await startSigstoreStack();
const dir = mkdtempSync(join(tmpdir(), 'custody-bench-verify-'));
try {
  const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
  const t0 = performance.now();
  const items = [];
  for (let i = 0; i < N; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, N - i) }, async (_, k) => {
        const digest = createHash('sha256')
          .update(`artifact ${i + k}`)
          .digest('hex');
        const st = makeStatement([{ name: `a${i + k}.tgz`, digest: { sha256: digest } }], 'https://slsa.dev/provenance/v1', {
          buildDefinition: { buildType: 'bench' },
        });
        const res = await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance });
        return { digest, text: res.bundleJson, san: res.identity.san, issuer: res.identity.issuer };
      }),
    );
    items.push(...batch);
  }
  process.stdout.write(
    `bench verify: made ${items.length} keyless bundles against the local stack in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );

  const rootJson = stack.trustedRoot;
  const peerMaterial = toTrustMaterial(TrustedRoot.fromJSON(rootJson));
  const trust = buildTrust({ root: parseTrustedRoot(rootJson, 'stack'), source: 'stack' });
  const peerVerifier = new Verifier(peerMaterial);

  const peer = () => {
    for (const it of items) {
      const bundle = bundleFromJSON(JSON.parse(it.text));
      peerVerifier.verify(toSignedEntity(bundle), { subjectAlternativeName: it.san, extensions: { issuer: it.issuer } });
    }
  };
  const custody = () => {
    for (const it of items) {
      const r = verifyTarget({ name: it.digest, digests: { sha256: it.digest } }, parseAttestationDocument(it.text, 'b.json'), {
        trust,
        clock: systemClock,
        identity: { san: it.san, issuer: it.issuer },
      });
      if (!r.passed)
        throw new Error(`bench bundle did not verify: ${JSON.stringify(r.attestations[0].checks.filter((c) => c.status === 'fail'))}`);
    }
  };
  peer();
  custody(); // warm-up, and a check that both accept every bundle
  const rounds = { peer: [], custody: [] };
  for (let r = 0; r < 3; r++) {
    for (const [name, fn] of [
      ['peer', peer],
      ['custody', custody],
    ]) {
      const s = performance.now();
      fn();
      rounds[name].push((performance.now() - s) / items.length);
    }
  }
  const best = (a) => Math.min(...a);
  const inPeer = best(rounds.peer);
  const inCustody = best(rounds.custody);

  // One whole process each, same bundle and trust root.
  const bundleFile = join(dir, 'bundle.json');
  const rootFile = join(dir, 'trusted_root.json');
  writeFileSync(bundleFile, items[0].text);
  writeFileSync(rootFile, JSON.stringify(rootJson));
  const peerScript = join(dir, 'peer.mjs');
  writeFileSync(
    peerScript,
    [
      `import { readFileSync } from 'node:fs';`,
      `import { createRequire } from 'node:module';`,
      `const require = createRequire(${JSON.stringify(join(root, 'package.json'))});`,
      `const { bundleFromJSON } = require('@sigstore/bundle');`,
      `const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');`,
      `const { TrustedRoot } = require('@sigstore/protobuf-specs');`,
      `const [b, r, san, iss] = process.argv.slice(2);`,
      `const v = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(r, 'utf8')))));`,
      `v.verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(b, 'utf8')))), { subjectAlternativeName: san, extensions: { issuer: iss } });`,
    ].join('\n'),
  );
  const timeRun = (args) => {
    const s = performance.now();
    const p = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = performance.now() - s;
    if (p.status !== 0) throw new Error(`${args.join(' ')} exited ${p.status}: ${p.stderr}${p.stdout.slice(0, 500)}`);
    return ms;
  };
  // The verify path alone (its modules, without the other commands the CLI loads at start-up).
  const onlyScript = join(dir, 'only-verify.mjs');
  writeFileSync(
    onlyScript,
    [
      `const { verifyArtifact } = await import(${JSON.stringify(join(root, 'build', 'src', 'commands', 'verify.js'))});`,
      `const [target, b, r, san, iss] = process.argv.slice(2);`,
      `const res = await verifyArtifact({ target, bundles: [b], trustedRoot: r, identity: { san, issuer: iss }, cwd: process.cwd() });`,
      `process.stdout.write(JSON.stringify(res.report) + '\\n');`,
      `process.exitCode = res.report.exitCode;`,
    ].join('\n'),
  );
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const procPeer = [];
  const procCustody = [];
  const procOnly = [];
  for (let i = 0; i < 5; i++) {
    procPeer.push(timeRun([peerScript, bundleFile, rootFile, items[0].san, items[0].issuer]));
    procCustody.push(
      timeRun([
        join(root, 'bin', 'custody.js'),
        'verify',
        `sha256:${items[0].digest}`,
        '--bundle',
        bundleFile,
        '--trusted-root',
        rootFile,
        '--certificate-identity',
        items[0].san,
        '--certificate-oidc-issuer',
        items[0].issuer,
        '--format',
        'json',
      ]),
    );
    procOnly.push(timeRun([onlyScript, `sha256:${items[0].digest}`, bundleFile, rootFile, items[0].san, items[0].issuer]));
  }
  const pp = median(procPeer);
  const pc = median(procCustody);
  const ratio = inCustody / inPeer;
  const lines = [
    `bench verify: ${items.length} bundles in one process (best of 3 rounds)`,
    `  @sigstore/verify 4.1.3 directly   ${inPeer.toFixed(3)} ms/bundle`,
    `  custody (@custody/verify)          ${inCustody.toFixed(3)} ms/bundle   overhead ratio ${ratio.toFixed(2)} (target <= 1.2) ${ratio <= 1.2 ? 'OK' : 'OVER TARGET'}`,
    `bench verify: one whole process (median of 5)`,
    `  node + @sigstore/verify script     ${pp.toFixed(0)} ms`,
    `  custody verify                     ${pc.toFixed(0)} ms   ratio ${(pc / pp).toFixed(2)} (the whole CLI: argument parsing, trust root, report)`,
    `  verify path only (build/src/commands/verify.js)  ${median(procOnly).toFixed(0)} ms   ratio ${(median(procOnly) / pp).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
}
