export const id = 603;
export const ids = [603];
export const modules = {

/***/ 603:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   collectImage: () => (/* binding */ collectImage),
/* harmony export */   isImageTarget: () => (/* reexport safe */ _custody_oci__WEBPACK_IMPORTED_MODULE_1__.tL)
/* harmony export */ });
/* harmony import */ var _custody_sbom__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5975);
/* harmony import */ var _custody_oci__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3695);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7480);




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
        (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .parsePlatform */ .FL)(options.platform); // a bad value fails before any I/O
    const local = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_1__/* .openImageSource */ .Xe)(options.target, { cwd: options.cwd, env: options.env, logger: options.logger });
    const images = await (0,_custody_oci__WEBPACK_IMPORTED_MODULE_1__/* .sourceImages */ .UC)(local, options.platform);
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


/***/ })

};
