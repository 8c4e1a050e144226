export const id = 558;
export const ids = [558];
export const modules = {

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


/***/ })

};
