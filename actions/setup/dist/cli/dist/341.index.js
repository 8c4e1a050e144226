export const id = 341;
export const ids = [341,965,558];
export const modules = {

/***/ 2341:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDemo: () => (/* binding */ runDemo)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(7480);
// EXTERNAL MODULE: ./packages/oci/dist/index.js + 19 modules
var oci_dist = __webpack_require__(3695);
// EXTERNAL MODULE: ./packages/verify/dist/index.js + 11 modules
var verify_dist = __webpack_require__(6438);
// EXTERNAL MODULE: ./build/src/commands/attest.js
var attest = __webpack_require__(3867);
;// CONCATENATED MODULE: ./build/src/commands/demo/project.js
/**
 * The embedded default project `custody demo` builds: a tiny Node.js app with a real npm lockfile (entries and
 * integrity hashes as published on the npm registry), a build script, and the policy its attestations must meet.
 * Nothing is downloaded: the build only reads and writes files.
 */
const DEMO_NAME = 'hello-custody';
const DEMO_VERSION = '1.0.0';
const packageJson = {
    name: DEMO_NAME,
    version: DEMO_VERSION,
    private: true,
    license: 'Apache-2.0',
    main: 'src/hello.js',
    scripts: { build: 'node build.mjs' },
    dependencies: { debug: '^4.4.3', picocolors: '^1.1.1' },
};
// npm lockfile v3, as `npm install --package-lock-only` writes it for the dependencies above.
const packageLock = {
    name: DEMO_NAME,
    version: DEMO_VERSION,
    lockfileVersion: 3,
    requires: true,
    packages: {
        '': { name: DEMO_NAME, version: DEMO_VERSION, license: 'Apache-2.0', dependencies: packageJson.dependencies },
        'node_modules/debug': {
            version: '4.4.3',
            resolved: 'https://registry.npmjs.org/debug/-/debug-4.4.3.tgz',
            integrity: 'sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNbcqA==',
            license: 'MIT',
            dependencies: { ms: '^2.1.3' },
            engines: { node: '>=6.0' },
        },
        'node_modules/ms': {
            version: '2.1.3',
            resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
            integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
            license: 'MIT',
        },
        'node_modules/picocolors': {
            version: '1.1.1',
            resolved: 'https://registry.npmjs.org/picocolors/-/picocolors-1.1.1.tgz',
            integrity: 'sha512-xceH2snhtb5M9liqDsmEw56le376mTZkEX/jEb/RxNFyegNul7eNslCXP9FDj/Lcu0X8KEyMceP2ntpaHrDEVA==',
            license: 'ISC',
        },
    },
};
const hello = `'use strict';
// hello-custody: the app the Custody demo builds, attests and verifies.
function greet(name) {
  return \`Hello, \${name}! This build has an SBOM, SLSA provenance and signatures.\`;
}
module.exports = { greet };
if (require.main === module) console.log(greet(process.env.HELLO_NAME || 'world'));
`;
// The build: copies the source into dist/ with a banner. Deterministic, so the digest is the same every run.
const build = `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });
const banner = \`/*! \${pkg.name} \${pkg.version} (\${pkg.license}) */\\n\`;
writeFileSync(\`dist/\${pkg.name}.js\`, banner + readFileSync('src/hello.js', 'utf8'));
console.log(\`built dist/\${pkg.name}.js\`);
`;
/** The policy the demo's attestations are verified against (schema: docs/policy.md). */
const DEMO_POLICY = `# Release policy for hello-custody: what a deployable artifact must carry.
version: 1
requiredPredicateTypes:
  - https://slsa.dev/provenance/v1
  - https://cyclonedx.org/bom
sbom:
  deniedLicenses: [AGPL-3.0-only, AGPL-3.0-or-later, SSPL-1.0]
predicates:
  https://slsa.dev/provenance/v1:
    expressions:
      - name: the build ran the project's build script
        expr: predicate.buildDefinition.internalParameters.custody.command.argv.exists(a, a == "build.mjs")
      - name: the lockfile is a recorded input of the build
        expr: predicate.buildDefinition.resolvedDependencies.exists(d, d.name == "package-lock.json")
`;
/** The project's files, relative path -> content. */
function demoProjectFiles() {
    return {
        'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
        'package-lock.json': `${JSON.stringify(packageLock, null, 2)}\n`,
        'src/hello.js': hello,
        'build.mjs': build,
        'policy.yaml': DEMO_POLICY,
    };
}
/** package.json files of the dependencies as they sit in node_modules, for the image layer. */
function demoNodeModules() {
    const out = {};
    for (const [path, entry] of Object.entries(packageLock.packages)) {
        if (!path)
            continue;
        const e = entry;
        const name = path.slice('node_modules/'.length);
        out[`app/${path}/package.json`] = `${JSON.stringify({ name, version: e.version, license: e.license }, null, 2)}\n`;
    }
    return out;
}

;// CONCATENATED MODULE: ./build/src/commands/demo/tar.js
/**
 * A minimal, deterministic ustar writer for the demo image's layer: regular files only, fixed owner and mtime,
 * entries in the order given. (Reading tar is the image scanner's job, in packages/sbom.)
 */
const BLOCK = 512;
function octal(value, width) {
    return `${value.toString(8).padStart(width - 1, '0')}\0`;
}
function header(name, size, mtime) {
    if (Buffer.byteLength(name) > 100)
        throw new Error(`tar entry name too long for the demo writer: ${name}`);
    const h = Buffer.alloc(BLOCK, 0);
    h.write(name, 0, 100, 'utf8');
    h.write(octal(0o644, 8), 100, 'ascii');
    h.write(octal(0, 8), 108, 'ascii');
    h.write(octal(0, 8), 116, 'ascii');
    h.write(octal(size, 12), 124, 'ascii');
    h.write(octal(mtime, 12), 136, 'ascii');
    h.write('        ', 148, 'ascii');
    h.write('0', 156, 'ascii');
    h.write('ustar\0', 257, 'ascii');
    h.write('00', 263, 'ascii');
    let sum = 0;
    for (const b of h)
        sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    return h;
}
function tarFiles(files, mtime = 0) {
    const parts = [];
    for (const [path, content] of files) {
        const data = typeof content === 'string' ? Buffer.from(content) : content;
        parts.push(header(path, data.length, mtime), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
    }
    parts.push(Buffer.alloc(BLOCK * 2));
    return Buffer.concat(parts);
}

// EXTERNAL MODULE: ./build/src/commands/keys.js
var commands_keys = __webpack_require__(558);
// EXTERNAL MODULE: ./build/src/commands/push.js
var push = __webpack_require__(6478);
// EXTERNAL MODULE: ./build/src/commands/run.js
var run = __webpack_require__(3965);
// EXTERNAL MODULE: ./build/src/commands/sbom.js
var commands_sbom = __webpack_require__(3463);
// EXTERNAL MODULE: ./build/src/commands/verify.js
var verify = __webpack_require__(6955);
// EXTERNAL MODULE: ./build/src/errors.js
var errors = __webpack_require__(7406);
;// CONCATENATED MODULE: ./build/src/commands/demo.js
/**
 * `custody demo`: the whole chain on an embedded default, offline, with no account and no token. It builds a small
 * artifact and a small OCI image into a local OCI layout, makes the SBOM, captures the build, writes SLSA
 * provenance, signs both with a freshly generated key, stores them next to the image in the layout, verifies
 * them against a policy, and then shows a tampered artifact being refused.
 */

















const sha256 = (b) => (0,external_node_crypto_.createHash)('sha256').update(b).digest('hex');
/** One small image: a gzip layer with the app and its node_modules package.json files, in an OCI layout. */
async function buildImage(layoutDir, artifact, clock) {
    const files = [[`app/${DEMO_NAME}.js`, artifact], ...Object.entries(demoNodeModules())];
    const tar = tarFiles(files.sort(([a], [b]) => (a < b ? -1 : 1)));
    const layer = (0,external_node_zlib_.gzipSync)(tar, { level: 9 });
    const created = clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
    const config = Buffer.from(JSON.stringify({
        created,
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['node', `/app/${DEMO_NAME}.js`], WorkingDir: '/app' },
        rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
    }));
    const store = await oci_dist.LayoutStore.open(layoutDir, { create: true });
    const configDigest = await store.putBlob(config);
    const layerDigest = await store.putBlob(layer);
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: oci_dist.MEDIA_OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
        annotations: {
            'org.opencontainers.image.title': DEMO_NAME,
            'org.opencontainers.image.version': DEMO_VERSION,
            'org.opencontainers.image.created': created,
        },
    }));
    const { digest } = await store.putManifest(manifest, oci_dist.MEDIA_OCI_MANIFEST, DEMO_VERSION);
    return { digest, layers: 1 };
}
function summarize(report) {
    const checks = [...report.checks, ...report.attestations.flatMap((a) => a.checks)];
    const passed = checks.filter((c) => c.status === 'pass').length;
    const lines = [`${passed} of ${checks.length} checks passed over ${report.attestations.length} attestations`];
    for (const c of (0,verify_dist.failedChecks)(report))
        lines.push(`FAIL ${c.id}${c.source ? ` [${(0,external_node_path_.basename)(c.source)}]` : ''}: ${c.reason}`);
    return lines;
}
async function runDemo(options) {
    const clock = options.clock ?? (0,dist/* documentClock */.ES)(options.env);
    // The steps speak for themselves; the commands' own progress lines are shown only when asked for.
    const logger = options.verbose && options.logger ? options.logger : dist/* silentLogger */.qq;
    const dir = options.dir ? (0,external_node_path_.resolve)(options.cwd, options.dir) : await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'custody-demo-'));
    const project = (0,external_node_path_.join)(dir, 'project');
    const out = (0,external_node_path_.join)(dir, 'attestations');
    const layout = (0,external_node_path_.join)(dir, 'image-layout');
    const step = (n, title, ...lines) => {
        options.print(`\n${n}. ${title}`);
        for (const l of lines)
            options.print(`   ${l}`);
    };
    const rel = (p) => (0,external_node_path_.relative)(dir, p) || '.';
    // The demo runs as a laptop build would, whatever CI it is started in: only PATH and HOME are passed on.
    const env = { PATH: options.env.PATH, HOME: options.env.HOME, CUSTODY_KEY_PASSWORD: undefined };
    options.print(`Custody demo in ${dir}`);
    for (const [path, text] of Object.entries(demoProjectFiles())) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.join)(project, path)), { recursive: true });
        await (0,promises_.writeFile)((0,external_node_path_.join)(project, path), text);
    }
    await (0,promises_.mkdir)(out, { recursive: true });
    step(1, 'Project', `${rel(project)}: ${DEMO_NAME} ${DEMO_VERSION}, an npm lockfile with 3 dependencies, a build script and a release policy`);
    // 2. Build under custody run: the command, its timing and the digest of what it produced are captured.
    const captureFile = (0,external_node_path_.join)(out, 'capture.json');
    let buildLog = '';
    const built = await (0,run.runBuild)({
        command: [process.execPath, 'build.mjs'],
        cwd: project,
        env,
        clock,
        logger,
        outputs: ['dist/*.js'],
        captureOutput: captureFile,
        materials: ['package.json', 'package-lock.json', 'build.mjs', 'src/*.js'],
        strict: true,
        stdout: (c) => void (buildLog += c.toString()),
        stderr: (c) => void (buildLog += c.toString()),
    });
    if (built.exitCode !== 0)
        throw new errors/* AppError */.uV('DEMO_FAILED', `the demo build failed (exit ${built.exitCode}): ${buildLog.trim()}`);
    const artifact = (0,external_node_path_.join)(project, 'dist', `${DEMO_NAME}.js`);
    const artifactDigest = built.outputs[0]?.digest.sha256 ?? sha256(await (0,promises_.readFile)(artifact));
    step(2, 'Build (custody run -- node build.mjs)', `${rel(artifact)}  sha256:${artifactDigest}`, `capture: ${rel(captureFile)} (platform, tools, materials, timing, redacted environment)`);
    // 3. A small OCI image holding the artifact, written to a local OCI image layout.
    const image = await buildImage(layout, await (0,promises_.readFile)(artifact), clock);
    const imageRef = `oci-layout:${layout}@${image.digest}`;
    step(3, 'Image', `${rel(layout)} (OCI image layout), manifest ${image.digest}, tag ${DEMO_VERSION}`);
    // 4. SBOMs: the project's lockfile (attested) and the image's contents.
    const sbomFile = (0,external_node_path_.join)(out, 'sbom.cdx.json');
    const [projectSbom] = await (0,commands_sbom.generateSbom)({ target: project, format: 'cyclonedx-json', cwd: dir, env, logger, clock });
    await (0,promises_.writeFile)(sbomFile, projectSbom.text);
    const [imageSbom] = await (0,commands_sbom.generateSbom)({ target: imageRef, format: 'cyclonedx-json', cwd: dir, env, logger, clock });
    step(4, 'SBOM (CycloneDX 1.6)', `${rel(sbomFile)}: ${projectSbom.componentCount} components from ${projectSbom.files.join(', ')}`, `the image's layers: ${imageSbom.componentCount} packages found by scanning them`);
    // 5. A signing key made here; the public half is what verifiers trust.
    const keys = await (0,commands_keys.keysGenerate)({ outputKey: (0,external_node_path_.join)(out, 'demo.key'), outputPub: (0,external_node_path_.join)(out, 'demo.pub'), cwd: dir, logger, force: true });
    step(5, 'Signing key', `${rel(keys.publicKeyPath)} (${keys.algorithm}, key id ${keys.keyId.slice(0, 16)}…)`);
    // 6. Provenance and SBOM attestations for the artifact and the image, signed as Sigstore bundles.
    const subjects = [artifact, `${DEMO_NAME}-image@${image.digest}`];
    const common = { subjects, keyFile: keys.privateKeyPath, cwd: project, env, logger, clock };
    // The image is packed after the build, so it is not among the run's recorded outputs: the provenance says so
    // (internalParameters.custody.overrides) instead of passing it off as a build output.
    const prov = await (0,attest.attest)({
        ...common,
        provenance: true,
        captureFile,
        allowUnrecordedSubject: true,
        bundleFile: (0,external_node_path_.join)(out, 'provenance.sigstore.json'),
    });
    const sbom = await (0,attest.attest)({ ...common, sbomFile, bundleFile: (0,external_node_path_.join)(out, 'sbom.sigstore.json') });
    step(6, 'Attest (in-toto statements in DSSE, Sigstore bundles v0.3)', `${rel(prov.bundlePath)}: ${prov.predicateType} for ${prov.subjects.length} subjects`, `${rel(sbom.bundlePath)}: ${sbom.predicateType}`);
    // 7. Stored next to the image: OCI artifacts whose subject is the image manifest.
    for (const b of [prov.bundlePath, sbom.bundlePath])
        await (0,push.pushBundle)({ bundleFile: b, image: imageRef, cwd: dir, env, logger, clock });
    step(7, 'Store next to the image', `2 attestations attached to ${image.digest} in ${rel(layout)} (referrers tag sha256-${image.digest.slice(7, 19)}…)`);
    // 8. Verify the image: attestations discovered in the layout, signatures, subject binding, policy.
    const policy = (0,external_node_path_.join)(project, 'policy.yaml');
    const { report: verified } = await (0,verify.verifyArtifact)({
        target: imageRef,
        bundles: [],
        keys: [keys.publicKeyPath],
        policy,
        predicateTypes: [],
        cwd: dir,
        clock,
        logger,
    });
    step(8, `Verify the image against ${rel(policy)}: ${verified.passed ? 'PASSED' : 'FAILED'}`, ...summarize(verified));
    // 9. Tamper with the artifact: one byte more, and the same attestations no longer describe it.
    await (0,promises_.appendFile)(artifact, '\n');
    const { report: tampered } = await (0,verify.verifyArtifact)({
        target: artifact,
        bundles: [prov.bundlePath, sbom.bundlePath],
        keys: [keys.publicKeyPath],
        policy,
        predicateTypes: [],
        cwd: dir,
        clock,
        logger,
    });
    step(9, `Verify a tampered artifact (one byte appended): ${tampered.passed ? 'PASSED (unexpected!)' : 'REFUSED'}`, ...summarize(tampered));
    const ok = verified.passed && !tampered.passed;
    options.print(ok
        ? `\nDone: the genuine image passed its policy and the tampered artifact was refused. Files are in ${dir}`
        : `\nThe demo did not behave as expected; the files are in ${dir}`);
    return { dir, artifact, image: imageRef, bundles: { provenance: prov.bundlePath, sbom: sbom.bundlePath }, verified, tampered, ok };
}


/***/ }),

/***/ 558:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keysGenerate: () => (/* binding */ keysGenerate)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7480);
/* harmony import */ var _custody_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3494);
/* harmony import */ var _io_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3585);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7406);
/**
 * `custody keys generate`: a signing key pair for key-based attestations (ECDSA P-256 by default, or Ed25519).
 * With CUSTODY_KEY_PASSWORD set, the private key is written as encrypted PKCS#8. The private key file is created
 * with mode 0600, atomically, and an existing one is never overwritten without `force`.
 */






async function exists(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
async function keysGenerate(options) {
    const algorithm = (options.algorithm ?? 'ecdsa-p256');
    if (!_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .KEY_ALGORITHMS */ .JR.includes(algorithm)) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`--algorithm "${options.algorithm}" is not supported.`, { hint: `Use one of: ${_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .KEY_ALGORITHMS */ .JR.join(', ')}.` });
    }
    const privateKeyPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.outputKey ?? 'custody.key');
    const publicKeyPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.outputPub ?? 'custody.pub');
    if (privateKeyPath === publicKeyPath) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb('--output-key and --output-pub name the same file.', {
            hint: 'Give the public key its own file, e.g. custody.pub.',
        });
    }
    if (!options.force) {
        for (const p of [privateKeyPath, publicKeyPath]) {
            if (await exists(p)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppError */ .uV('KEYS_OUTPUT_EXISTS', `${p} already exists; not overwriting a key.`, {
                    location: p,
                    hint: 'Choose other paths with --output-key / --output-pub, or pass --force to replace it.',
                });
            }
        }
    }
    const passphrase = options.passphrase || undefined;
    if (passphrase)
        (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .addSecret */ .Ck)(passphrase);
    const pair = (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .generateSigningKey */ .ID)(algorithm, passphrase);
    await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Z)(privateKeyPath, pair.privateKeyPem, { mode: 0o600 });
    await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Z)(publicKeyPath, pair.publicKeyPem, { mode: 0o644 });
    if (!pair.encrypted)
        options.logger.warn('the private key is not encrypted: set CUSTODY_KEY_PASSWORD to encrypt it (and keep the file out of the repository).');
    return { privateKeyPath, publicKeyPath, algorithm, keyId: pair.keyId, encrypted: pair.encrypted };
}


/***/ }),

/***/ 3965:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runBuild: () => (/* binding */ runBuild)
/* harmony export */ });
/* unused harmony export DEFAULT_CAPTURE_FILE */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7480);
/* harmony import */ var _custody_provenance__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8103);
/* harmony import */ var _io_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3585);
/* harmony import */ var _capture_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5474);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7406);
/**
 * `custody run -- COMMAND`: runs the build command with its output streamed through, and records around it the
 * capture document, start and finish, the (redacted) command line, the exit code or signal, and the digests of
 * the declared outputs. The command's exit status is propagated (a signal becomes 128+n, as shells do). Capture
 * problems are warnings unless `strict`, so provenance never breaks a build by accident.
 */








const DEFAULT_CAPTURE_FILE = 'custody-capture.json';
function signalNumber(signal) {
    return node_os__WEBPACK_IMPORTED_MODULE_2__.constants.signals[signal] ?? 0;
}
function runChild(options) {
    const [file, ...args] = options.command;
    return new Promise((resolvePromise) => {
        let settled = false;
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd: options.cwd, env: options.env, stdio: ['inherit', 'pipe', 'pipe'] });
        // Custody stays alive until the command ends (so the capture is written) and passes termination on. A
        // Ctrl-C on a terminal already reaches the whole process group, so SIGINT is forwarded only off a terminal.
        const forward = (sig) => () => {
            if (sig === 'SIGINT' && process.stdin.isTTY)
                return;
            if (child.exitCode === null && child.signalCode === null)
                child.kill(sig);
        };
        const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => [s, forward(s)]);
        if (options.forwardSignals)
            for (const [s, h] of handlers)
                process.on(s, h);
        const done = (exit) => {
            if (settled)
                return;
            settled = true;
            if (options.forwardSignals)
                for (const [s, h] of handlers)
                    process.off(s, h);
            resolvePromise(exit);
        };
        child.stdout.on('data', (d) => options.stdout(d));
        child.stderr.on('data', (d) => options.stderr(d));
        child.on('error', (err) => done({ code: null, spawnError: err }));
        child.on('close', (code, signal) => done({ code, ...(signal ? { signal } : {}) }));
    });
}
async function runBuild(options) {
    if (options.command.length === 0 || !options.command[0]) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('no command to run.', {
            hint: 'Put the build command after --, e.g. custody run --output "dist/*.tgz" -- npm pack.',
        });
    }
    const warnings = [];
    const problem = (err, what) => {
        if (options.strict) {
            if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .CustodyError */ .Kf)
                throw err;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .AppError */ .uV('CAPTURE_FAILED', `${what}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}.`, {
                hint: 'Fix the capture problem, or drop --strict to let the build go on.',
                cause: err,
            });
        }
        const text = err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .CustodyError */ .Kf ? err.describe() : `${what}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}`;
        warnings.push(text);
        options.logger.warn(`${text} (the build goes on; --strict makes this an error)`);
    };
    const startedOn = (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .isoSeconds */ .nE)(options.clock.now());
    let capture;
    try {
        capture = await (0,_capture_js__WEBPACK_IMPORTED_MODULE_6__.captureBuild)({
            cwd: options.cwd,
            env: options.env,
            clock: options.clock,
            logger: options.logger,
            materials: options.materials ?? [],
            tools: options.tools ?? [],
            ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
            ...(options.host ? { host: options.host } : {}),
            ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
        });
    }
    catch (err) {
        problem(err, 'capture before the build failed');
    }
    // Redacted before the command runs: the secrets it finds are masked in every log line from here on, including
    // the messages below that name the command.
    const recordedArgv = (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_4__/* .redactArgv */ .Qu)(options.command);
    const exit = await runChild(options);
    const finishedOn = (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .isoSeconds */ .nE)(options.clock.now());
    if (exit.spawnError) {
        const notFound = exit.spawnError.code === 'ENOENT';
        options.logger.error(notFound
            ? `custody run: command "${recordedArgv[0]}" was not found. Check the name and PATH (custody runs it without a shell; for pipes or &&, run sh -c "…").`
            : `custody run: cannot start "${recordedArgv[0]}": ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(exit.spawnError)}.`);
    }
    const exitCode = exit.spawnError
        ? exit.spawnError.code === 'ENOENT'
            ? 127
            : 126
        : exit.signal
            ? 128 + signalNumber(exit.signal)
            : (exit.code ?? 1);
    let outputs = [];
    if (options.outputs?.length) {
        try {
            outputs = await (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_4__/* .collectMaterials */ .x)(options.outputs, options.cwd);
        }
        catch (err) {
            if (exitCode === 0)
                problem(err, 'digesting the outputs failed');
            else
                warnings.push(`outputs not digested (the command failed): ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}`);
        }
    }
    let captureFile;
    if (capture) {
        capture.run = {
            argv: recordedArgv,
            startedOn,
            finishedOn,
            exitCode: exit.spawnError ? null : exit.code,
            ...(exit.signal ? { signal: exit.signal } : {}),
            outputs,
        };
        capture.finishedOn = finishedOn;
        capture.warnings.push(...warnings);
        const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.captureOutput ?? DEFAULT_CAPTURE_FILE);
        try {
            await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Z)(target, (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .stableJson */ ._Y)(capture));
            captureFile = target;
        }
        catch (err) {
            problem(err, 'writing the capture document failed');
        }
    }
    return {
        exitCode,
        commandExitCode: exit.code,
        ...(exit.signal ? { signal: exit.signal } : {}),
        ...(capture ? { capture } : {}),
        ...(captureFile ? { captureFile } : {}),
        outputs,
        warnings,
    };
}


/***/ })

};
