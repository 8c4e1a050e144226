/**
 * `custody demo`: the whole chain on an embedded default, offline, with no account and no token. It builds a small
 * artifact and a small OCI image into a local OCI layout, makes the SBOM, captures the build, writes SLSA
 * provenance, signs both with a freshly generated key, stores them next to the image in the layout, verifies
 * them against a policy, and then shows a tampered artifact being refused.
 *
 * The steps hand their results on in memory (the capture document, the SBOM, the key, the bundles), as the one-step
 * chain does. The disk holds the project (the input, written first), what the build makes, the image layout (the
 * store the attestations are attached in), and the files shown to the user (capture.json, sbom.cdx.json, demo.pub
 * and the two bundles): each written once, as an output, and never read back. The private key is never written.
 * test/one-edge-io.test.ts counts the reads and writes.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { documentClock, silentLogger, stableJson, type Clock, type Logger } from '@custody/core';
import { LayoutStore, MEDIA_OCI_MANIFEST } from '@custody/oci';
import { failedChecks, type VerifyReport } from '@custody/verify';
import { writeFileAtomic } from '../io/files.js';
import { attestInMemory } from './attest.js';
import { demoNodeModules, demoProjectFiles, DEMO_NAME, DEMO_VERSION } from './demo/project.js';
import { tarFiles } from './demo/tar.js';
import { generateKeyPair } from './keys.js';
import { pushBundle } from './push.js';
import { runBuild } from './run.js';
import { generateSbom } from './sbom.js';
import { verifyArtifact } from './verify.js';
import { AppError } from '../errors.js';

export interface DemoOptions {
  /** Where to work (default: a new temporary directory). Kept afterwards so the files can be looked at. */
  dir?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  /** Show the commands' own progress lines through `logger` (the CLI: CUSTODY_DEBUG); else only the steps. */
  verbose?: boolean;
  /** Each step's lines as they happen. */
  print: (line: string) => void;
}

export interface DemoResult {
  dir: string;
  artifact: string;
  image: string;
  bundles: { provenance: string; sbom: string };
  verified: VerifyReport;
  tampered: VerifyReport;
  /** True when the genuine artifact passed and the tampered one was refused. */
  ok: boolean;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** One small image: a gzip layer with the app and its node_modules package.json files, in an OCI layout. */
async function buildImage(layoutDir: string, artifact: Buffer, clock: Clock): Promise<{ digest: string; layers: number }> {
  const files: Array<[string, string | Buffer]> = [[`app/${DEMO_NAME}.js`, artifact], ...Object.entries(demoNodeModules())];
  const tar = tarFiles(files.sort(([a], [b]) => (a < b ? -1 : 1)));
  const layer = gzipSync(tar, { level: 9 });
  const created = clock
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const config = Buffer.from(
    JSON.stringify({
      created,
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['node', `/app/${DEMO_NAME}.js`], WorkingDir: '/app' },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
    }),
  );
  const store = await LayoutStore.open(layoutDir, { create: true });
  const configDigest = await store.putBlob(config);
  const layerDigest = await store.putBlob(layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
      annotations: {
        'org.opencontainers.image.title': DEMO_NAME,
        'org.opencontainers.image.version': DEMO_VERSION,
        'org.opencontainers.image.created': created,
      },
    }),
  );
  const { digest } = await store.putManifest(manifest, MEDIA_OCI_MANIFEST, DEMO_VERSION);
  return { digest, layers: 1 };
}

function summarize(report: VerifyReport): string[] {
  const checks = [...report.checks, ...report.attestations.flatMap((a) => a.checks)];
  const passed = checks.filter((c) => c.status === 'pass').length;
  const lines = [`${passed} of ${checks.length} checks passed over ${report.attestations.length} attestations`];
  for (const c of failedChecks(report)) lines.push(`FAIL ${c.id}${c.source ? ` [${basename(c.source)}]` : ''}: ${c.reason}`);
  return lines;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const clock = options.clock ?? documentClock(options.env);
  // The steps speak for themselves; the commands' own progress lines are shown only when asked for.
  const logger = options.verbose && options.logger ? options.logger : silentLogger;
  const dir = options.dir ? resolve(options.cwd, options.dir) : await mkdtemp(join(tmpdir(), 'custody-demo-'));
  const project = join(dir, 'project');
  const out = join(dir, 'attestations');
  const layout = join(dir, 'image-layout');
  const step = (n: number, title: string, ...lines: string[]) => {
    options.print(`\n${n}. ${title}`);
    for (const l of lines) options.print(`   ${l}`);
  };
  const rel = (p: string) => relative(dir, p) || '.';
  // The demo runs as a laptop build would, whatever CI it is started in: only PATH and HOME are passed on.
  const env: NodeJS.ProcessEnv = { PATH: options.env.PATH, HOME: options.env.HOME, CUSTODY_KEY_PASSWORD: undefined };

  options.print(`Custody demo in ${dir}`);
  for (const [path, text] of Object.entries(demoProjectFiles())) {
    await mkdir(dirname(join(project, path)), { recursive: true });
    await writeFile(join(project, path), text);
  }
  await mkdir(out, { recursive: true });
  step(
    1,
    'Project',
    `${rel(project)}: ${DEMO_NAME} ${DEMO_VERSION}, an npm lockfile with 3 dependencies, a build script and a release policy`,
  );

  // 2. Build under custody run: the command, its timing and the digest of what it produced are captured.
  const captureFile = join(out, 'capture.json');
  let buildLog = '';
  const built = await runBuild({
    command: [process.execPath, 'build.mjs'],
    cwd: project,
    env,
    clock,
    logger,
    outputs: ['dist/*.js'],
    writeCapture: false,
    materials: ['package.json', 'package-lock.json', 'build.mjs', 'src/*.js'],
    strict: true,
    stdout: (c) => void (buildLog += c.toString()),
    stderr: (c) => void (buildLog += c.toString()),
  });
  if (built.exitCode !== 0 || !built.capture)
    throw new AppError('DEMO_FAILED', `the demo build failed (exit ${built.exitCode}): ${buildLog.trim() || built.warnings.join('; ')}`);
  const capture = built.capture;
  await writeFileAtomic(captureFile, stableJson(capture));
  const artifact = join(project, 'dist', `${DEMO_NAME}.js`);
  // What the build made, read once: the image is packed from these bytes.
  const artifactBytes = await readFile(artifact);
  const artifactDigest = built.outputs[0]?.digest.sha256 ?? sha256(artifactBytes);
  step(
    2,
    'Build (custody run -- node build.mjs)',
    `${rel(artifact)}  sha256:${artifactDigest}`,
    `capture: ${rel(captureFile)} (platform, tools, materials, timing, redacted environment)`,
  );

  // 3. A small OCI image holding the artifact, written to a local OCI image layout.
  const image = await buildImage(layout, artifactBytes, clock);
  const imageRef = `oci-layout:${layout}@${image.digest}`;
  step(3, 'Image', `${rel(layout)} (OCI image layout), manifest ${image.digest}, tag ${DEMO_VERSION}`);

  // 4. SBOMs: the project's lockfile (attested) and the image's contents.
  const sbomFile = join(out, 'sbom.cdx.json');
  const [projectSbom] = await generateSbom({ target: project, format: 'cyclonedx-json', cwd: dir, env, logger, clock });
  await writeFileAtomic(sbomFile, projectSbom!.text);
  const [imageSbom] = await generateSbom({ target: imageRef, format: 'cyclonedx-json', cwd: dir, env, logger, clock });
  step(
    4,
    'SBOM (CycloneDX 1.6)',
    `${rel(sbomFile)}: ${projectSbom!.componentCount} components from ${projectSbom!.files.join(', ')}`,
    `the image's layers: ${imageSbom!.componentCount} packages found by scanning them`,
  );

  // 5. A signing key made here, in memory only; the public half (written for the user) is what verifiers trust.
  const keys = generateKeyPair();
  const publicKeyPath = join(out, 'demo.pub');
  await writeFileAtomic(publicKeyPath, keys.publicKeyPem, { mode: 0o644 });
  const publicKeys = [{ label: rel(publicKeyPath), pem: keys.publicKeyPem }];
  step(5, 'Signing key', `${rel(publicKeyPath)} (${keys.algorithm}, key id ${keys.keyId.slice(0, 16)}…); the private key stays in memory`);

  // 6. Provenance and SBOM attestations for the artifact and the image, signed as Sigstore bundles.
  const subjects = [artifact, `${DEMO_NAME}-image@${image.digest}`];
  const common = { subjects, keyPem: keys.privateKeyPem, cwd: project, env, logger, clock };
  // The image is packed after the build, so it is not among the run's recorded outputs: the provenance says so
  // (internalParameters.custody.overrides) instead of passing it off as a build output.
  const prov = await attestInMemory({ ...common, provenance: true, capture, allowUnrecordedSubject: true });
  const sbom = await attestInMemory({ ...common, sbomDocument: JSON.parse(projectSbom!.text) as unknown });
  const bundlePaths = { provenance: join(out, 'provenance.sigstore.json'), sbom: join(out, 'sbom.sigstore.json') };
  await writeFileAtomic(bundlePaths.provenance, prov.bundleJson);
  await writeFileAtomic(bundlePaths.sbom, sbom.bundleJson);
  // Verification reports name the bundles by the files the user can look at.
  const bundleData = [
    { label: rel(bundlePaths.provenance), bytes: prov.bundleJson },
    { label: rel(bundlePaths.sbom), bytes: sbom.bundleJson },
  ];
  step(
    6,
    'Attest (in-toto statements in DSSE, Sigstore bundles v0.3)',
    `${rel(bundlePaths.provenance)}: ${prov.predicateType} for ${prov.subjects.length} subjects`,
    `${rel(bundlePaths.sbom)}: ${sbom.predicateType}`,
  );

  // 7. Stored next to the image: OCI artifacts whose subject is the image manifest.
  for (const b of [prov, sbom]) await pushBundle({ bundles: [Buffer.from(b.bundleJson)], image: imageRef, cwd: dir, env, logger, clock });
  step(
    7,
    'Store next to the image',
    `2 attestations attached to ${image.digest} in ${rel(layout)} (referrers tag sha256-${image.digest.slice(7, 19)}…)`,
  );

  // 8. Verify the image: attestations discovered in the layout, signatures, subject binding, policy.
  const policy = join(project, 'policy.yaml');
  const { report: verified } = await verifyArtifact({
    target: imageRef,
    bundles: [],
    publicKeys,
    policy,
    predicateTypes: [],
    cwd: dir,
    clock,
    logger,
  });
  step(8, `Verify the image against ${rel(policy)}: ${verified.passed ? 'PASSED' : 'FAILED'}`, ...summarize(verified));

  // 9. Tamper with the artifact: one byte more, and the same attestations no longer describe it.
  await appendFile(artifact, '\n');
  const { report: tampered } = await verifyArtifact({
    target: artifact,
    bundles: [],
    bundleData,
    publicKeys,
    policy,
    predicateTypes: [],
    cwd: dir,
    clock,
    logger,
  });
  step(
    9,
    `Verify a tampered artifact (one byte appended): ${tampered.passed ? 'PASSED (unexpected!)' : 'REFUSED'}`,
    ...summarize(tampered),
  );

  const ok = verified.passed && !tampered.passed;
  options.print(
    ok
      ? `\nDone: the genuine image passed its policy and the tampered artifact was refused. Files are in ${dir}`
      : `\nThe demo did not behave as expected; the files are in ${dir}`,
  );
  return { dir, artifact, image: imageRef, bundles: bundlePaths, verified, tampered, ok };
}
