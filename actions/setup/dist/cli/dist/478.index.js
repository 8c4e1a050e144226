export const id = 478;
export const ids = [478];
export const modules = {

/***/ 6478:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pushBundle: () => (/* binding */ pushBundle)
/* harmony export */ });
/* unused harmony export readBundleFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7480);
/* harmony import */ var _custody_oci__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3695);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7406);
/**
 * `custody push --bundle FILE --image REF`: attaches Sigstore bundles to an image in a registry or an OCI layout.
 * `pushBundle` is reused by `custody attest --push`.
 *
 * Order: bundles are read and checked, the image is resolved to its digest (once) and must exist — all before
 * anything is uploaded. Each bundle is attached to the image digests its in-toto statement names (the index and/or
 * platform manifests); a rerun with the same bundle finds the earlier upload and completes it without duplicates.
 */






/** A regular file of at most the attestation-blob limit (CUSTODY_MAX_BUNDLE_BYTES); devices and FIFOs are refused. */
async function readBounded(path) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    try {
        const st = await handle.stat();
        if (!st.isFile()) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppInputError */ .AC('PUSH_BUNDLE_UNREADABLE', `${path} is not a regular file.`, {
                location: path,
                hint: 'Pass the bundle file written by custody attest --bundle.',
            });
        }
        (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .checkSize */ .C1)('bundleBytes', st.size, `bundle file ${path}`, path);
        const max = (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .limits */ .Fy)().bundleBytes;
        const buf = Buffer.alloc(Math.min(st.size, max) + 1);
        let size = 0;
        for (;;) {
            const { bytesRead } = await handle.read(buf, size, buf.length - size, size);
            if (!bytesRead)
                break;
            size += bytesRead;
            if (size === buf.length)
                break;
        }
        (0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .checkSize */ .C1)('bundleBytes', size, `bundle file ${path}`, path);
        return buf.subarray(0, size);
    }
    finally {
        await handle.close();
    }
}
/** Reads a bundle file: a JSON document or JSON Lines of them. */
async function readBundleFile(path) {
    let text;
    try {
        text = (await readBounded(path)).toString('utf8');
    }
    catch (err) {
        if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .CustodyError */ .Kf)
            throw err;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppInputError */ .AC('PUSH_BUNDLE_UNREADABLE', `cannot read bundle file ${path}: ${(0,_custody_core__WEBPACK_IMPORTED_MODULE_3__/* .describeCause */ .V$)(err)}.`, {
            location: path,
            hint: 'Check the --bundle path.',
        });
    }
    const trimmed = text.trim();
    if (!trimmed)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppInputError */ .AC('PUSH_BUNDLE_EMPTY', `${path} is empty.`, {
            location: path,
            hint: 'Pass the bundle written by custody attest --bundle.',
        });
    try {
        JSON.parse(trimmed);
        return [Buffer.from(trimmed)];
    }
    catch {
        return trimmed
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => Buffer.from(l));
    }
}
function subjectsFor(image, statementDigests, options, where) {
    if (options.platform) {
        const d = (0,_custody_oci__WEBPACK_IMPORTED_MODULE_4__.selectPlatform)(image, options.platform);
        return [{ descriptor: { mediaType: d.mediaType, digest: d.digest, size: d.size }, platform: options.platform }];
    }
    const all = [
        { descriptor: image.descriptor },
        ...image.platforms.map((p) => ({
            descriptor: { mediaType: p.descriptor.mediaType, digest: p.descriptor.digest, size: p.descriptor.size },
            platform: p.platform,
        })),
    ];
    if (options.allPlatforms)
        return all;
    if (!statementDigests.length)
        return [all[0]];
    const named = all.filter((s) => statementDigests.includes(s.descriptor.digest.replace(/^sha256:/, '')));
    if (!named.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppError */ .uV('PUSH_SUBJECT_MISMATCH', `the statement in ${where} is about ${statementDigests.map((d) => `sha256:${d.slice(0, 12)}…`).join(', ')}, not image ${image.digest}${image.platforms.length ? ' or its platform manifests' : ''}.`, { location: where, hint: 'Push the bundle to the image it attests (check the tag: it may have moved), or pass --platform.' });
    }
    return named;
}
/** Attaches every bundle to the image. Nothing is uploaded unless all bundles parse and the image exists. */
async function pushBundle(options) {
    const where = options.bundleFile ?? 'bundle';
    const bundles = options.bundles ?? (options.bundleFile ? await readBundleFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(options.cwd, options.bundleFile)) : []);
    if (!bundles.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AppInputError */ .AC('PUSH_BUNDLE_MISSING', 'no bundle to push.', { hint: 'Pass --bundle FILE.' });
    const infos = bundles.map((b, i) => (0,_custody_oci__WEBPACK_IMPORTED_MODULE_4__.readBundleInfo)(b, bundles.length > 1 ? `${where} line ${i + 1}` : where));
    const opened = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_4__.openImage)(options.image, {
        cwd: options.cwd,
        env: options.env,
        logger: options.logger,
        intent: 'push',
        ...(options.insecure ? { insecure: true } : {}),
        ...(options.clients ? { clients: options.clients } : {}),
        ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
    });
    const image = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_4__.resolveImage)(opened.store, opened.reference, options.image);
    options.logger.info(`${options.image} resolved to ${image.digest}`);
    const plan = infos.map((info, i) => ({
        i,
        info,
        subjects: subjectsFor(image, info.subjectDigests, options, bundles.length > 1 ? `${where} line ${i + 1}` : where),
    }));
    const attestations = [];
    const clock = options.clock ?? _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .systemClock */ .ml;
    for (const { i, info, subjects } of plan) {
        for (const s of subjects) {
            const r = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_4__.attachBundle)(opened.store, s.descriptor, bundles[i], {
                clock,
                logger: options.logger,
                source: where,
                ...(options.mode ? { mode: options.mode } : {}),
            });
            options.logger.info(`${r.alreadyPresent ? 'already attached' : 'attached'}: ${info.predicateType ?? info.content} -> ${opened.store.name}@${r.manifestDigest} (subject ${r.subject}${s.platform ? `, ${s.platform}` : ''}, ${r.mode === 'referrers' ? 'referrers API' : 'referrers tag'})`);
            attestations.push({
                ...r,
                bundle: i,
                ...(info.predicateType ? { predicateType: info.predicateType } : {}),
                ...(s.platform ? { platform: s.platform } : {}),
            });
        }
    }
    return { image: options.image, digest: image.digest, store: opened.store.kind, attestations };
}


/***/ })

};
