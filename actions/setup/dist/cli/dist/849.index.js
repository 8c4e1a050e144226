export const id = 849;
export const ids = [849];
export const modules = {

/***/ 5849:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   downloadGitHubAttestations: () => (/* binding */ downloadGitHubAttestations),
/* harmony export */   downloadImageAttestations: () => (/* binding */ downloadImageAttestations),
/* harmony export */   listImageAttestations: () => (/* binding */ listImageAttestations)
/* harmony export */ });
/* unused harmony exports openTarget, attestationDocument, resolveOciTarget */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7480);
/* harmony import */ var _custody_oci__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3695);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7406);
/**
 * `custody attestations list|download REF`: the attestations attached to an image (referrers API, referrers tag,
 * Custody's per-attestation tags, cosign's legacy .att), for the index and its platform manifests.
 * `listImageAttestations` and `downloadImageAttestations` are reused by `custody verify oci://...`.
 */





/** Resolves the target once and names the subjects to look at (index + platforms, or the chosen platform). */
async function openTarget(options) {
    const opened = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.openImage)(options.target, {
        cwd: options.cwd,
        env: options.env,
        logger: options.logger,
        ...(options.insecure ? { insecure: true } : {}),
        ...(options.clients ? { clients: options.clients } : {}),
        ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
    });
    const image = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.resolveImage)(opened.store, opened.reference, options.target);
    const subjects = options.platform
        ? [{ digest: (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.selectPlatform)(image, options.platform).digest, platform: options.platform }]
        : [{ digest: image.digest }, ...image.platforms.map((p) => ({ digest: p.descriptor.digest, platform: p.platform }))];
    return { store: opened.store, image, subjects };
}
async function listImageAttestations(options) {
    const { store, image, subjects } = await openTarget(options);
    const attestations = [];
    for (const s of subjects) {
        const found = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.listAttestations)(store, s.digest, options.predicateType ? { predicateType: options.predicateType } : {});
        for (const a of found)
            attestations.push({ ...a, ...(s.platform ? { platform: s.platform } : {}) });
    }
    return { image: options.target, digest: image.digest, attestations, store };
}
function fileName(a) {
    // Both digests came from a registry or a layout: checked again here, where they become a file name.
    const subject = (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.assertDigest)(a.subject, 'the subject of an attestation', a.manifestDigest).replace(':', '-');
    const m = (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.assertDigest)(a.manifestDigest, 'an attestation manifest', a.subject).split(':')[1].slice(0, 16);
    const layer = a.layerIndex ?? 0;
    if (!Number.isSafeInteger(layer) || layer < 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AppError */ .uV('ATTESTATIONS_PATH_ESCAPES', `layer index ${String(layer)} is not a number.`, {
            hint: 'The registry or layout is malformed.',
        });
    return a.format === 'bundle' ? `${subject}.${m}.sigstore.json` : `${subject}.${m}.${layer}.cosign.sigstore.json`;
}
/** DIR/NAME, refused unless it is a plain file name directly inside DIR. */
function insideOutput(dir, name) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(dir, name);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path) !== dir || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(dir, path).startsWith('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AppError */ .uV('ATTESTATIONS_PATH_ESCAPES', `the file name "${name.slice(0, 200)}" would be written outside ${dir}; nothing more was written.`, {
            location: dir,
            hint: 'The registry or layout gave names that are not digests; it is malformed or hostile. Files already written are all inside --output.',
        });
    }
    return path;
}
/**
 * The document written for one attestation: the bundle as stored; for a cosign legacy layer, the same attestation as
 * a Sigstore bundle v0.1 (certificate + Rekor entry with its promise + envelope) when it carries a certificate, else
 * the envelope with cosign's annotations.
 */
function attestationDocument(f) {
    // Within the size and depth limits (a hostile registry's deep-nested JSON must not reach a recursive consumer).
    const where = `${f.ref.manifestDigest}${f.ref.format === 'cosign-dsse' ? `#${f.ref.layerIndex}` : ''}`;
    let parsed;
    try {
        parsed = (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .parseJsonBounded */ .Xg)(f.bytes.toString('utf8'), { what: `attestation ${where}`, maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .CustodyError */ .Kf)
            throw err;
        throw new _custody_oci__WEBPACK_IMPORTED_MODULE_3__.OciError('OCI_BUNDLE_INVALID', `attestation ${where} is not JSON.`, {
            location: where,
            hint: 'The stored attestation is damaged; push it again.',
        });
    }
    if (f.ref.format === 'bundle')
        return f.bytes.toString('utf8');
    const annotations = f.annotations ?? {};
    if (annotations['dev.sigstore.cosign/certificate'])
        return (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.legacyToBundle)(f.bytes, annotations, `${f.ref.manifestDigest}#${f.ref.layerIndex}`).toString('utf8');
    return JSON.stringify({ format: 'cosign-legacy-dsse', dsseEnvelope: parsed, annotations });
}
/**
 * For `custody verify oci://REF | oci-layout:DIR`: the target resolved to its digest once, and every attestation
 * stored with it as bundle bytes (cosign legacy layers converted). Shaped for setOciResolver in src/commands/verify.ts.
 */
async function resolveOciTarget(target, cwd, logger, extra = {}) {
    const text = target.startsWith('oci://') ? target.slice('oci://'.length) : target;
    const listed = await listImageAttestations({ target: text, cwd, env: process.env, logger: logger ?? silentLogger, ...extra });
    const attestations = [];
    for (const a of listed.attestations) {
        const doc = attestationDocument(await fetchAttestation(listed.store, a));
        attestations.push({
            uri: `${listed.store.name}@${a.manifestDigest}${a.format === 'cosign-dsse' ? `#${a.layerIndex}` : ''}`,
            bytes: Buffer.from(doc),
        });
    }
    return { target: { name: target, digests: { sha256: listed.digest.replace(/^sha256:/, '') } }, attestations };
}
async function writeAtomic(path, text) {
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
        // 'wx': never through a file (or symlink) that is already there; the rename replaces the name, not its target.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(tmp, text, { flag: 'wx' });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rename)(tmp, path);
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(tmp, { force: true });
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AppError */ .uV('OUTPUT_WRITE_FAILED', `cannot write ${path}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .describeCause */ .V$)(err)}.`, {
            hint: 'Check that the directory is writable.',
            cause: err,
        });
    }
}
/** Downloads every listed attestation; with `outputDir`, one file each (atomic writes). */
async function downloadImageAttestations(options) {
    const listed = await listImageAttestations(options);
    const documents = [];
    for (const a of listed.attestations)
        documents.push(attestationDocument(await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_3__.fetchAttestation)(listed.store, a)));
    const files = [];
    if (options.outputDir) {
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.outputDir);
        // Every name is checked before the first file is written.
        const paths = listed.attestations.map((a) => insideOutput(dir, fileName(a)));
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
        for (const [i, path] of paths.entries()) {
            await writeAtomic(path, documents[i].endsWith('\n') ? documents[i] : `${documents[i]}\n`);
            files.push(path);
        }
    }
    return { image: listed.image, digest: listed.digest, attestations: listed.attestations, files, documents };
}
/** The predicate type in a bundle's DSSE payload, when it has one. */
function predicateTypeOf(bundle) {
    const payload = bundle?.dsseEnvelope?.payload;
    if (typeof payload !== 'string')
        return undefined;
    try {
        const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
        return typeof statement.predicateType === 'string' ? statement.predicateType : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * `custody attestations download TARGET --repo OWNER/REPO | --owner ORG`: the target's attestations from GitHub's
 * attestations API, written as gh attestation download writes them: one file named after the digest,
 * `sha256:HEX.jsonl`, one bundle per line (any previous content replaced).
 */
async function downloadGitHubAttestations(o) {
    const github = await __webpack_require__.e(/* import() */ 744).then(__webpack_require__.bind(__webpack_require__, 8744));
    const read = {
        ...(o.repo ? { repo: o.repo } : { owner: o.owner }),
        ...(o.limit ? { limit: o.limit } : {}),
        ...(o.hostname ? { hostname: o.hostname } : {}),
    };
    const api = github.githubReader(read, o.env, o.logger);
    const { resolveTarget } = await Promise.all(/* import() */[__webpack_require__.e(128), __webpack_require__.e(242), __webpack_require__.e(438), __webpack_require__.e(955)]).then(__webpack_require__.bind(__webpack_require__, 6955));
    const { target } = await resolveTarget(o.target, o.cwd, o.env, o.logger);
    const digest = `sha256:${target.digests.sha256}`;
    const gh = await github.readGitHubAttestations(api, read, digest);
    o.logger.info(gh.notes[0]);
    const lines = [];
    const skipped = [];
    for await (const a of gh.attestations) {
        if (a.unreadable) {
            skipped.push(`${a.uri}: ${a.unreadable}`);
            continue;
        }
        let bundle;
        try {
            bundle = (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .parseJsonBounded */ .Xg)(Buffer.from(a.bytes).toString('utf8'), { what: `the bundle ${a.uri}`, maxBytes: 'bundleBytes' });
        }
        catch (err) {
            if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .CustodyError */ .Kf && !err.code.startsWith('LIMIT_'))
                throw err;
            skipped.push(`${a.uri}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .describeCause */ .V$)(err)}`);
            continue;
        }
        if (o.predicateType && predicateTypeOf(bundle) !== o.predicateType) {
            skipped.push(`${a.uri}: predicate type ${predicateTypeOf(bundle) ?? 'none'}`);
            continue;
        }
        lines.push(JSON.stringify(bundle));
    }
    for (const s of skipped)
        o.logger.warn(`not written: ${s}`);
    if (lines.length === 0)
        return { digest, count: 0, skipped };
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(o.cwd, o.outputDir ?? '.');
    const name = `${process.platform === 'win32' ? digest.replace(':', '-') : digest}.jsonl`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
    if (!/^sha256[:-][0-9a-f]{64}\.jsonl$/.test(name))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AppError */ .uV('ATTESTATIONS_PATH_ESCAPES', `the file name "${name.slice(0, 200)}" is not a digest.`, { location: dir });
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
    await writeAtomic(file, `${lines.join('\n')}\n`);
    return { digest, file, count: lines.length, skipped };
}


/***/ })

};
