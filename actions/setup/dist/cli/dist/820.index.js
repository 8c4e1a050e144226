export const id = 820;
export const ids = [820];
export const modules = {

/***/ 1820:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   trustedRoot: () => (/* binding */ trustedRoot)
/* harmony export */ });
/* unused harmony export TRUSTED_ROOT_INSTANCES */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7480);
/* harmony import */ var _custody_verify__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6438);
/* harmony import */ var _io_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3585);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7406);
/**
 * `custody trusted-root`: prints a Sigstore trusted_root.json for offline verification (`custody verify
 * --trusted-root FILE`), as `gh attestation trusted-root` does. public-good: the snapshot embedded in @sigstore/tuf's
 * seeds, offline; `--refresh`: the current one through the instance's TUF repository (signed metadata, verified).
 * GitHub's instance has no embedded snapshot (no npm package ships its trusted root or its TUF root, and Custody
 * does not invent key material): it is fetched through TUF from tuf-repo.github.com with the repository's initial
 * root.json given as --tuf-root.
 */







const TRUSTED_ROOT_INSTANCES = ['public-good', 'github'];
const HOW_TO_GET_GITHUB_ROOT = 'Fetch it online through TUF: custody trusted-root --instance github --refresh --tuf-root ROOT.json, where ROOT.json is the initial root.json of ' +
    `${_custody_verify__WEBPACK_IMPORTED_MODULE_4__.GITHUB_TUF_URL} (the one the gh CLI embeds as pkg/cmd/attestation/verification/embed/tuf-repo.github.com/root.json); or run ` +
    '`gh attestation trusted-root` and keep its github line. Then verify with custody verify --trusted-root FILE.';
function defaultCacheDir(env, url) {
    const base = env.XDG_CACHE_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)(), '.cache');
    const host = new URL(url).host.replace(/[^\w.-]/g, '_');
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(base, 'custody', 'tuf', host);
}
async function trustedRoot(o) {
    const instance = (o.instance ?? 'public-good');
    if (!TRUSTED_ROOT_INSTANCES.includes(instance)) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`--instance "${o.instance}" is not public-good or github.`, {
            hint: 'Use --instance public-good (default) or --instance github.',
        });
    }
    if (!o.refresh && (o.tufUrl || o.tufRoot || o.cacheDir)) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('--tuf-url, --tuf-root and --cache-dir go with --refresh.', {
            hint: 'Add --refresh to fetch the trusted root through TUF.',
        });
    }
    let json;
    let source;
    if (!o.refresh) {
        if (instance === 'github') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .AppInputError */ .AC('TRUSTED_ROOT_NOT_EMBEDDED', "Custody has no embedded snapshot of GitHub's Sigstore trusted root: no package in the npm registry ships it (or its TUF root), and Custody does not make up key material.", {
                hint: HOW_TO_GET_GITHUB_ROOT,
            });
        }
        json = (0,_custody_verify__WEBPACK_IMPORTED_MODULE_4__.embeddedPublicGoodRootJson)();
        source = `embedded public-good snapshot (@sigstore/tuf seeds.json, ${_custody_verify__WEBPACK_IMPORTED_MODULE_4__.PUBLIC_GOOD_TUF_URL})`;
    }
    else {
        const url = o.tufUrl ?? (instance === 'github' ? _custody_verify__WEBPACK_IMPORTED_MODULE_4__.GITHUB_TUF_URL : _custody_verify__WEBPACK_IMPORTED_MODULE_4__.PUBLIC_GOOD_TUF_URL);
        let rootPath;
        if (o.tufRoot) {
            rootPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(o.cwd, o.tufRoot);
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_2__.existsSync)(rootPath))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .AppInputError */ .AC('TRUSTED_ROOT_TUF_ROOT_REQUIRED', `--tuf-root ${o.tufRoot} does not exist.`, {
                    location: rootPath,
                    hint: HOW_TO_GET_GITHUB_ROOT,
                });
        }
        else if (url !== _custody_verify__WEBPACK_IMPORTED_MODULE_4__.PUBLIC_GOOD_TUF_URL) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .AppInputError */ .AC('TRUSTED_ROOT_TUF_ROOT_REQUIRED', `refreshing from ${url} needs that TUF repository's initial root.json (--tuf-root FILE): Custody ships the public-good one only.`, {
                hint: instance === 'github'
                    ? HOW_TO_GET_GITHUB_ROOT
                    : "Give the repository's root.json with --tuf-root FILE (trust on first use is not an option).",
            });
        }
        const cacheDir = o.cacheDir ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(o.cwd, o.cacheDir) : defaultCacheDir(o.env, url);
        o.logger.info(`refreshing the ${instance} trusted root through TUF from ${url} (cache ${cacheDir})`);
        const text = await (0,_custody_verify__WEBPACK_IMPORTED_MODULE_4__.fetchTrustedRootTarget)({ cacheDir, mirrorURL: url, force: true, ...(rootPath ? { rootPath } : {}) });
        try {
            json = JSON.parse(text);
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .AppInputError */ .AC('TRUSTED_ROOT_INVALID', `the trusted_root.json served by ${url} is not JSON (${err.message}).`, {
                hint: "Check --tuf-url: it must be the instance's TUF repository.",
            });
        }
        source = `TUF repository ${url}`;
    }
    // What is printed must be usable by custody verify --trusted-root: checked with the same parser.
    (0,_custody_verify__WEBPACK_IMPORTED_MODULE_4__.parseTrustedRoot)(json, source);
    const text = `${JSON.stringify(json)}\n`;
    const result = { instance, source, trustedRoot: json, text };
    if (o.outputFile) {
        const out = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(o.cwd, o.outputFile);
        await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Z)(out, text);
        result.outputFile = out;
    }
    o.logger.info(`${instance} trusted root from ${source}`);
    return result;
}


/***/ })

};
