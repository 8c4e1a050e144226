export const id = 603;
export const ids = [603];
export const modules = {

/***/ 50603:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   collectImage: () => (/* binding */ collectImage),
/* harmony export */   isImageTarget: () => (/* binding */ isImageTarget)
/* harmony export */ });
/* unused harmony export IMAGE_SCHEMES */
/* harmony import */ var _custody_sbom__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25684);
/* harmony import */ var _custody_oci__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53541);
var __webpack_async_dependencies__ = __webpack_handle_async_dependencies__([_custody_sbom__WEBPACK_IMPORTED_MODULE_0__]);
_custody_sbom__WEBPACK_IMPORTED_MODULE_0__ = (__webpack_async_dependencies__.then ? (await __webpack_async_dependencies__)() : __webpack_async_dependencies__)[0];


/** Targets that name a container image rather than a directory. */
const IMAGE_SCHEMES = ['oci://', 'oci-layout:', 'docker-archive:', 'oci-archive:'];
function isImageTarget(target) {
    return IMAGE_SCHEMES.some((s) => target.startsWith(s));
}
async function openTarget(options) {
    const t = options.target;
    if (t.startsWith('oci-layout:'))
        return (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .openOciLayout */ .eM)(t.slice('oci-layout:'.length), options.cwd);
    if (t.startsWith('oci-archive:'))
        return (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .openOciArchive */ .kh)(t.slice('oci-archive:'.length), options.cwd);
    if (t.startsWith('docker-archive:'))
        return (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .openDockerArchive */ .Vw)(t.slice('docker-archive:'.length), options.cwd);
    if (t.startsWith('oci://'))
        return openRegistryImage(t.slice('oci://'.length), options);
    throw new _custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .ImageError */ .C8('IMAGE_TARGET_INVALID', `"${t}" is not an image target`, { hint: `Use one of ${IMAGE_SCHEMES.join(', ')}.` });
}
/**
 * `oci://REF`: the registry client of @custody/oci adapted to the scanner's BlobReader. The reference is resolved
 * to a digest once (root()); everything after reads by digest. Layer streams are digest-checked by both sides.
 */
async function openRegistryImage(ref, options) {
    const loc = (0,_custody_oci__WEBPACK_IMPORTED_MODULE_1__.parseReference)(ref);
    const client = new _custody_oci__WEBPACK_IMPORTED_MODULE_1__.RegistryClient(loc.apiHost, { env: options.env, logger: options.logger }, loc.registry);
    const store = new _custody_oci__WEBPACK_IMPORTED_MODULE_1__.RemoteStore(client, loc.repository);
    const reference = loc.digest ?? loc.tag ?? 'latest';
    const reader = {
        location: `${store.name}${loc.digest ? `@${loc.digest}` : `:${reference}`}`,
        async root() {
            const m = await store.getManifest(reference);
            return { descriptor: { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length }, bytes: m.bytes };
        },
        manifest: async (d) => (await store.getManifest(d.digest)).bytes,
        blob: (d) => store.getBlob(d.digest),
        open: (d) => store.openBlob(d.digest),
    };
    return {
        name: loc.repository,
        ...(loc.tag ? { version: loc.tag } : {}),
        repositoryUrl: `${loc.registry}/${loc.repository}`,
        location: `oci://${reader.location}`,
        reader,
    };
}
/** A throttled one-line progress display for a TTY. */
function progressLine(write) {
    let last = 0;
    let shown = false;
    const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
    return {
        update(p) {
            const now = Date.now();
            if (now - last < 100 && p.bytes !== 0)
                return;
            last = now;
            shown = true;
            const size = p.size !== undefined ? ` / ${mb(p.size)}` : '';
            write(`\r\u001b[2Kscanning layer ${p.layer + 1}/${p.layers} ${p.digest.slice(0, 19)} ${mb(p.bytes)}${size}`);
        },
        done() {
            if (shown)
                write('\r\u001b[2K');
        },
    };
}
/** Scans an image's layers into component graphs: one result per platform. */
async function collectImage(options) {
    if (options.platform)
        (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .parsePlatform */ .FL)(options.platform); // a bad value fails before any I/O
    const local = await openTarget(options);
    let images;
    if (local.images) {
        images = local.images;
        if (options.platform) {
            const want = (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .parsePlatform */ .FL)(options.platform);
            const base = `${want.os}/${want.architecture}`;
            // linux/arm picks linux/arm/v7 but never linux/arm64: a variant may follow, only after a slash.
            images = images.filter((i) => !i.platform || i.platform === options.platform || i.platform === base || i.platform.startsWith(`${base}/`));
            if (!images.length) {
                throw new _custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .ImageError */ .C8('IMAGE_PLATFORM_NOT_FOUND', `the image is ${local.images[0]?.platform ?? 'of an unknown platform'}, not ${options.platform}`, { location: local.location });
            }
        }
    }
    else
        images = await (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .resolveImages */ .Be)(local.reader, options.platform);
    const progress = options.isTTY ? progressLine(options.progressWrite ?? ((t) => void process.stderr.write(t))) : undefined;
    const results = [];
    try {
        for (const img of images) {
            const scan = await (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .scanImage */ .FW)(img, {
                ...(options.scope ? { scope: options.scope } : {}),
                ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
            });
            const [alg, hex] = img.digest.split(':');
            const input = {
                root: {
                    name: local.name,
                    ...(local.version ? { version: local.version } : {}),
                    type: 'container',
                    purl: (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_0__/* .formatPurl */ .dd)({
                        type: 'oci',
                        name: local.name.slice(local.name.lastIndexOf('/') + 1).toLowerCase(),
                        version: img.digest,
                        qualifiers: {
                            ...(local.repositoryUrl ? { repository_url: local.repositoryUrl } : {}),
                            ...(img.platform ? { arch: img.platform.split('/').slice(1).join('/') } : {}),
                            ...(local.version ? { tag: local.version } : {}),
                        },
                    }),
                    ...(alg && hex ? { digest: { [alg]: hex } } : {}),
                },
                graphs: scan.graphs,
                gaps: scan.notes,
            };
            results.push({ ...(img.platform ? { platform: img.platform } : {}), input, scan: { layers: scan.layers, notes: scan.notes } });
        }
    }
    finally {
        progress?.done();
    }
    return results;
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } });

/***/ })

};
