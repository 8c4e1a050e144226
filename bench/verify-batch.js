#!/usr/bin/env node
// Benchmark: verifying many artifacts in one `custody verify` run (issue 16, must-show 1).
// Made at bench time against the local Sigstore stack: N artifacts (default 200) and one keyless bundle each
// (Fulcio certificate + Rekor entry + RFC 3161 timestamp, a DSSE in-toto SLSA Provenance statement, as custody attest
// makes), written as files, one bundle file per artifact and all of them in one JSON Lines file.
//   1. Whole processes: one `custody verify a0 … aN-1 --bundle all.jsonl` run against N `custody verify aI --bundle
//      aI.sigstore.json` processes (one after another, as a script calling the CLI per artifact does).
//   2. Per bundle, in one process (alternated rounds, median of 3): Custody's batch (verifyBatch: hash each file,
//      route its bundle, verify, report) against a plain @sigstore/verify loop over the same bundle files
//      (bundleFromJSON + toSignedEntity + Verifier.verify with the identity policy, the trust material built once).
//   3. Verdicts: Custody and @sigstore/verify agree on every bundle, the N genuine ones and N/10 with a flipped
//      signature bit (the conformance suite and the attack matrix check verdicts in full: test/).
// BENCH_VERIFY_BATCH_N shrinks N (e.g. 50 on a slow machine); BENCH_VERIFY_BATCH_PROCS runs only that many of the
// N processes and scales their time to N (the figure says so). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_VERIFY_BATCH_N ?? 200);
const PROCS = Math.min(N, Number(process.env.BENCH_VERIFY_BATCH_PROCS ?? N));
const { startSigstoreStack, githubWorkflowClaims } = await import(join(root, 'packages/testing/dist/index.js'));
const { signStatement, resolveInstance } = await import(join(root, 'packages/sign/dist/index.js'));
const { makeStatement } = await import(join(root, 'packages/core/dist/index.js'));
const { verifyBatch } = await import(join(root, 'build/src/commands/verify-batch.js'));
const { bundleFromJSON } = await import('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = await import('@sigstore/verify');
const { TrustedRoot } = await import('@sigstore/protobuf-specs');

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const stack = await startSigstoreStack();
const dir = mkdtempSync(join(tmpdir(), 'custody-bench-verify-batch-'));
try {
  const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
  const t0 = performance.now();
  const names = [];
  const texts = [];
  let identity;
  for (let i = 0; i < N; i += 10) {
    const made = await Promise.all(
      Array.from({ length: Math.min(10, N - i) }, async (_, k) => {
        const n = i + k;
        const name = `a${n}.bin`;
        const bytes = Buffer.from(`artifact ${n}\n`.repeat(64));
        writeFileSync(join(dir, name), bytes);
        const st = makeStatement(
          [{ name, digest: { sha256: createHash('sha256').update(bytes).digest('hex') } }],
          'https://slsa.dev/provenance/v1',
          {
            buildDefinition: { buildType: 'https://custody.dev/bench', externalParameters: { artifact: name } },
            runDetails: { builder: { id: 'https://github.com/custody-bench/app/.github/workflows/release.yml@refs/heads/main' } },
          },
        );
        const res = await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims('custody-bench/app')), instance });
        writeFileSync(join(dir, `${name}.sigstore.json`), res.bundleJson);
        identity = res.identity;
        return { name, text: res.bundleJson.trim() };
      }),
    );
    for (const m of made) {
      names.push(m.name);
      texts.push(m.text);
    }
  }
  writeFileSync(join(dir, 'all.jsonl'), `${texts.join('\n')}\n`);
  const rootFile = join(dir, 'trusted_root.json');
  writeFileSync(rootFile, JSON.stringify(stack.trustedRoot));
  process.stdout.write(
    `bench verify-batch: made ${N} artifacts and keyless bundles in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const idFlags = ['--trusted-root', rootFile, '--certificate-identity', identity.san, '--certificate-oidc-issuer', identity.issuer];

  // 1. Whole processes.
  const cli = (args) => {
    const s = performance.now();
    const p = spawnSync(process.execPath, [join(root, 'bin', 'custody.js'), 'verify', ...args, ...idFlags, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const ms = performance.now() - s;
    if (p.status !== 0) throw new Error(`custody verify exited ${p.status}: ${p.stderr.slice(0, 800)}`);
    return { ms, out: p.stdout };
  };
  const batchRuns = [];
  let batchReport;
  for (let r = 0; r < 3; r++) {
    const { ms, out } = cli([...names, '--bundle', 'all.jsonl']);
    batchRuns.push(ms);
    batchReport = JSON.parse(out);
  }
  if (batchReport.summary.passed !== N) throw new Error(`the batch passed ${batchReport.summary.passed} of ${N}`);
  const procStart = performance.now();
  for (let i = 0; i < PROCS; i++) cli([names[i], '--bundle', `${names[i]}.sigstore.json`]);
  const procsMs = ((performance.now() - procStart) * N) / PROCS;
  const batchMs = median(batchRuns);

  // 2. Per bundle, in one process.
  const material = toTrustMaterial(TrustedRoot.fromJSON(stack.trustedRoot));
  const policy = { subjectAlternativeName: identity.san, extensions: { issuer: identity.issuer } };
  const peerVerdicts = (files) => {
    const v = new Verifier(material);
    return files.map((f) => {
      try {
        v.verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8')))), policy);
        return true;
      } catch {
        return false;
      }
    });
  };
  const custodyVerdicts = async (targets) => {
    const r = await verifyBatch({
      targets,
      bundles: [],
      trustedRoot: rootFile,
      identity: { san: identity.san, issuer: identity.issuer },
      cwd: dir,
    });
    return r.targets.map((t) => t.passed);
  };
  const own = names.map((n) => ({ target: n, bundles: [`${n}.sigstore.json`], origin: n }));
  const rounds = { peer: [], custody: [] };
  for (let r = 0; r < 3; r++) {
    let s = performance.now();
    const pv = peerVerdicts(own.map((t) => t.bundles[0]));
    rounds.peer.push((performance.now() - s) / N);
    s = performance.now();
    const cv = await custodyVerdicts(own);
    rounds.custody.push((performance.now() - s) / N);
    if (!pv.every(Boolean) || !cv.every(Boolean)) throw new Error('a genuine bundle did not verify');
  }

  // 3. Verdicts over tampered bundles too.
  const tampered = [];
  for (let i = 0; i < Math.max(1, Math.floor(N / 10)); i++) {
    const b = JSON.parse(texts[i]);
    const sig = Buffer.from(b.dsseEnvelope.signatures[0].sig, 'base64');
    sig[(i * 7) % sig.length] ^= 1 << (i % 8);
    b.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    const f = `tampered${i}.sigstore.json`;
    writeFileSync(join(dir, f), JSON.stringify(b));
    tampered.push({ target: names[i], bundles: [f], origin: f });
  }
  const all = [...own, ...tampered];
  const pv = peerVerdicts(all.map((t) => t.bundles[0]));
  const cv = await custodyVerdicts(all);
  const agree = pv.every((v, i) => v === cv[i]);
  const rejected = cv.filter((v) => !v).length;

  const peer = median(rounds.peer);
  const custody = median(rounds.custody);
  const lines = [
    `bench verify-batch: ${N} artifacts, ${N} keyless bundles (Fulcio + Rekor + TSA, DSSE SLSA provenance)`,
    `  ${N} custody verify processes        ${(procsMs / 1000).toFixed(2)} s${PROCS < N ? ` (${PROCS} run, scaled to ${N})` : ''}`,
    `  one custody verify run (${N} targets) ${(batchMs / 1000).toFixed(2)} s   ${(procsMs / batchMs).toFixed(1)}x faster (target >= 10x) ${procsMs / batchMs >= 10 ? 'OK' : 'UNDER TARGET'}`,
    `  per bundle, one process (median of 3 alternated rounds):`,
    `    @sigstore/verify loop            ${peer.toFixed(3)} ms`,
    `    custody batch (whole target)     ${custody.toFixed(3)} ms   ${(peer / custody).toFixed(2)}x faster (target >= 2x) ${peer / custody >= 2 ? 'OK' : 'UNDER TARGET'}`,
    `  verdicts: ${all.length} bundles (${tampered.length} tampered), ${agree ? 'identical' : 'DIFFERENT'} (${rejected} rejected by both)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!agree) process.exitCode = 1;
} finally {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
}
