export const id = 955;
export const ids = [955];
export const modules = {

/***/ 56955:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ANY_PREDICATE_TYPE: () => (/* binding */ ANY_PREDICATE_TYPE),
/* harmony export */   resolveOci: () => (/* binding */ resolveOci),
/* harmony export */   resolveTarget: () => (/* binding */ resolveTarget),
/* harmony export */   verifyArtifact: () => (/* binding */ verifyArtifact)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(35063);
/* harmony import */ var _custody_verify__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76438);
/* harmony import */ var _cli_output_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(33135);
/**
 * `custody verify`: resolve the target to digests, read the attestations (bundle files, or the registry/layout
 * through @custody/oci), load trust material and the policy, run @custody/verify, write the VSA.
 * Typed options in, typed result out; the CLI and actions/verify both call verifyArtifact.
 */







/** `--predicate-type '*'`: no particular predicate type is required (every attestation is still verified in full). */
const ANY_PREDICATE_TYPE = '*';
/** Artifacts up to this size are kept in memory so message signatures are checked over their bytes. */
const IN_MEMORY_ARTIFACT_BYTES = 64 * 1024 * 1024;
async function readSmall(path, what, limit = _custody_verify__WEBPACK_IMPORTED_MODULE_5__.MAX_SMALL_FILE_BYTES) {
    try {
        const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(path);
        if (!s.isFile())
            throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
        if (s.size > limit) {
            throw new _custody_verify__WEBPACK_IMPORTED_MODULE_5__.VerifyInputError('VERIFY_INPUT_TOO_LARGE', `the ${what} is ${s.size} bytes; the limit is ${limit} bytes.`, {
                location: path,
                hint: `Check that this is the right ${what} file.`,
            });
        }
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path);
    }
    catch (err) {
        if (err instanceof _custody_verify__WEBPACK_IMPORTED_MODULE_5__.VerifyInputError)
            throw err;
        throw new _custody_verify__WEBPACK_IMPORTED_MODULE_5__.VerifyInputError('VERIFY_FILE_UNREADABLE', `cannot read the ${what}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .describeCause */ .V$)(err)}.`, {
            location: path,
            hint: 'Check the path.',
            cause: err,
        });
    }
}
async function fileTarget(path, display) {
    let size;
    try {
        const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(path);
        if (!s.isFile())
            throw new Error('not a regular file');
        size = s.size;
    }
    catch (err) {
        throw new _custody_verify__WEBPACK_IMPORTED_MODULE_5__.VerifyInputError('VERIFY_TARGET_UNREADABLE', `cannot read the target: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .describeCause */ .V$)(err)}.`, {
            location: path,
            hint: 'TARGET is a file path, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST].',
            cause: err,
        });
    }
    const algs = ['sha256', 'sha384', 'sha512'];
    const hashes = algs.map((a) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(a));
    const keep = size <= IN_MEMORY_ARTIFACT_BYTES;
    const chunks = [];
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
    try {
        for await (const chunk of fh.createReadStream({ highWaterMark: 1 << 20 })) {
            for (const h of hashes)
                h.update(chunk);
            if (keep)
                chunks.push(chunk);
        }
    }
    finally {
        await fh.close().catch(() => { });
    }
    const digests = Object.fromEntries(algs.map((a, i) => [a, hashes[i].digest('hex')]));
    return { name: display, digests, ...(keep ? { bytes: Buffer.concat(chunks) } : {}) };
}
/**
 * Resolves an image (registry or layout) to its digest once, then lists and fetches the Sigstore bundles attached
 * to that digest (referrers API, referrers-tag fallback, per-attestation tags) through @custody/oci. Legacy cosign
 * `.att` layers are turned into the equivalent bundle v0.1 (cosignLegacyToBundle) and verified the same way.
 */
async function resolveOci(text, cwd, env, logger) {
    const oci = await __webpack_require__.e(/* import() */ 369).then(__webpack_require__.bind(__webpack_require__, 29369));
    const image = await oci.openAndResolve(text, { cwd, env, ...(logger ? { logger } : {}) });
    const hex = image.digest.replace(/^sha256:/, '');
    const notes = [];
    if (!/@sha256:[0-9a-f]{64}$/.test(text))
        notes.push(`${text} was resolved once to ${image.digest}; everything after uses the digest (pin it in deploy manifests)`);
    const refs = await oci.listAttestations(image.store, image.digest, { legacy: true });
    const attestations = [];
    for (const ref of refs) {
        const fetched = await oci.fetchAttestation(image.store, ref);
        const uri = `${text.replace(/@sha256:[0-9a-f]{64}$/, '')}@${ref.manifestDigest}`;
        if (ref.format === 'bundle') {
            attestations.push({ uri, bytes: fetched.bytes });
            continue;
        }
        // cosign's legacy .att layer: the same checks, on the equivalent v0.1 bundle.
        const converted = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.cosignLegacyToBundle)(fetched.bytes, fetched.annotations ?? {});
        const layerUri = `${uri}#layer${ref.layerIndex ?? 0}(cosign)`;
        if (converted.bundle)
            attestations.push({ uri: layerUri, bytes: Buffer.from(JSON.stringify(converted.bundle)) });
        else
            notes.push(`${layerUri}: ${converted.reason}; not verified`);
    }
    logger?.debug(`custody verify: ${text} -> ${image.digest}, ${attestations.length} bundle(s)`);
    return { target: { name: text, digests: { sha256: hex }, notes }, attestations, notes };
}
async function resolveTarget(target, cwd, env = process.env, logger) {
    if (/^sha(256|384|512):/i.test(target)) {
        const d = (0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .parseDigest */ .m)(target, 'TARGET');
        return { target: { name: target, digests: { [d.algorithm]: d.hex } }, fetched: [] };
    }
    if (target.startsWith('oci://') || target.startsWith('oci-layout:')) {
        const r = await resolveOci(target, cwd, env, logger);
        return { target: r.target, fetched: r.attestations };
    }
    return { target: await fileTarget((0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(cwd, target), target), fetched: [] };
}
async function loadPolicy(path) {
    const bytes = await readSmall(path, 'policy file');
    const { parsePolicy } = await (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.loadPolicyParser)();
    return { policy: parsePolicy(bytes.toString('utf8'), path), bytes };
}
async function verifyArtifact(o) {
    const clock = o.clock ?? _custody_core__WEBPACK_IMPORTED_MODULE_4__/* .systemClock */ .ml;
    if (o.identity)
        (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.validateIdentityPolicy)(o.identity, 'command line');
    // Everything that can make the run impossible is checked before the (possibly slow) target digest.
    const policy = o.policy ? await loadPolicy((0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(o.cwd, o.policy)) : undefined;
    const rootPath = o.trustedRoot ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(o.cwd, o.trustedRoot) : undefined;
    let root;
    if (rootPath) {
        const raw = await readSmall(rootPath, 'trusted root', 16 * _custody_verify__WEBPACK_IMPORTED_MODULE_5__.MAX_SMALL_FILE_BYTES);
        let json;
        try {
            json = JSON.parse(raw.toString('utf8'));
        }
        catch (err) {
            throw new _custody_verify__WEBPACK_IMPORTED_MODULE_5__.VerifyInputError('VERIFY_TRUST_ROOT_INVALID', `the trusted root is not JSON (${(0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .describeCause */ .V$)(err)}).`, { location: rootPath, hint: 'Pass a Sigstore trusted_root.json.' });
        }
        root = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.parseTrustedRoot)(json, rootPath);
    }
    else
        root = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.publicGoodRoot)();
    const keys = [];
    for (const k of o.keys ?? []) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(o.cwd, k);
        keys.push({ source: `--key ${k}`, key: (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.parsePublicKeyPem)((await readSmall(p, 'public key')).toString('utf8'), p) });
    }
    // npm's registry keys belong to the public-good trust: not trusted with another --trusted-root. Even then they
    // verify only npm publish attestations read from an npm attestations document (@custody/verify enforces it).
    if (!rootPath)
        keys.push(...(0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.embeddedNpmKeys)());
    const trust = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.buildTrust)({
        root,
        source: rootPath ? `--trusted-root ${o.trustedRoot}` : 'embedded Sigstore public-good root (@sigstore/tuf seeds)',
        keys,
    });
    const inputs = [];
    const inputBytes = [];
    for (const b of o.bundles) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(o.cwd, b);
        const bytes = await readSmall(p, 'attestation file', 32 * _custody_verify__WEBPACK_IMPORTED_MODULE_5__.MAX_SMALL_FILE_BYTES);
        inputs.push(...(0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.parseAttestationDocument)(bytes, b));
        inputBytes.push({ uri: b, bytes });
    }
    const { target, fetched } = await resolveTarget(o.target, o.cwd, o.env ?? process.env, o.logger);
    for (const f of fetched) {
        inputs.push(...(0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.parseAttestationDocument)(f.bytes, f.uri));
        inputBytes.push(f);
    }
    const report = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.verifyTarget)(target, inputs, {
        trust,
        clock,
        ...(o.identity ? { identity: o.identity } : {}),
        ...(o.predicateTypes && o.predicateTypes.length
            ? { requiredPredicateTypes: o.predicateTypes.includes(ANY_PREDICATE_TYPE) ? [] : o.predicateTypes }
            : {}),
        ...(policy ? { policy: policy.policy } : {}),
        ...(o.insecure ? { insecure: o.insecure } : {}),
    });
    let vsaPath;
    if (o.vsa) {
        const statement = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_5__.buildVsa)(report, {
            resourceUri: o.target,
            ...(policy && o.policy ? { policy: { uri: o.policy, bytes: policy.bytes } } : {}),
            inputs: inputBytes,
            ...(policy?.policy.vsa?.verifiedLevels ? { verifiedLevels: policy.policy.vsa.verifiedLevels } : {}),
        });
        vsaPath = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(o.cwd, o.vsa);
        if (o.vsaSigning && (o.vsaSigning.keyFile || o.vsaSigning.keyless)) {
            await signVsa(statement, vsaPath, o);
            o.logger?.info(`custody verify: wrote a signed verification summary (${statement.predicate.verificationResult}) to ${vsaPath}`);
            return { report, vsaPath, vsaSigned: true };
        }
        await (0,_cli_output_js__WEBPACK_IMPORTED_MODULE_6__/* .writeFileAtomic */ .Z)(vsaPath, (0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .stableJson */ ._Y)(statement));
        o.logger?.info(`custody verify: wrote an unsigned verification summary (${(0,_custody_core__WEBPACK_IMPORTED_MODULE_4__/* .canonicalJson */ .dj)(statement.predicate.verificationResult)}) to ${vsaPath}`);
    }
    return { report, ...(vsaPath ? { vsaPath } : {}), vsaSigned: false };
}
/** Signs the VSA as a Sigstore bundle with the attest command (same signing code, instance and key handling). */
async function signVsa(statement, bundlePath, o) {
    const { attest } = await Promise.all(/* import() */[__webpack_require__.e(335), __webpack_require__.e(179), __webpack_require__.e(369), __webpack_require__.e(474), __webpack_require__.e(494), __webpack_require__.e(867)]).then(__webpack_require__.bind(__webpack_require__, 53867));
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'custody-vsa-'));
    try {
        const predicateFile = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'vsa-predicate.json');
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(predicateFile, JSON.stringify(statement.predicate));
        const raw = statement.subject[0].name;
        const name = /^sha(256|384|512):/.test(raw) ? 'artifact' : raw.replace(/^oci(-layout)?:/, '').replace(/[@][^/]*$/, '') || 'artifact';
        const subjects = Object.entries(statement.subject[0].digest)
            .filter(([alg]) => alg === 'sha256')
            .map(([alg, hex]) => `${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(name) || 'artifact'}@${alg}:${hex}`);
        await attest({
            subjects,
            predicateType: _custody_core__WEBPACK_IMPORTED_MODULE_4__/* .PREDICATE_VSA_V1 */ .ZC,
            predicateFile,
            ...(o.vsaSigning?.keyFile ? { keyFile: o.vsaSigning.keyFile } : {}),
            ...(o.vsaSigning?.signingConfigFile ? { signingConfigFile: o.vsaSigning.signingConfigFile } : {}),
            bundleFile: bundlePath,
            cwd: o.cwd,
            env: o.env ?? process.env,
            logger: o.logger ?? _custody_core__WEBPACK_IMPORTED_MODULE_4__/* .silentLogger */ .qq,
            ...(o.clock ? { clock: o.clock } : {}),
        });
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
    }
}


/***/ })

};
