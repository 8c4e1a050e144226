export const id = 867;
export const ids = [867,613,478];
export const modules = {

/***/ 3867:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   attest: () => (/* binding */ attest),
/* harmony export */   describeAttestation: () => (/* binding */ describeAttestation)
/* harmony export */ });
/* unused harmony exports detectSbomPredicateType, defaultBundleName, signingInstanceFor, STORE_KINDS */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7480);
/* harmony import */ var _custody_ci__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3174);
/* harmony import */ var _custody_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3494);
/* harmony import */ var _io_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3585);
/* harmony import */ var _github_store_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8744);
/* harmony import */ var _provenance_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3613);
/* harmony import */ var _push_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6478);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7406);
/**
 * `custody attest`: builds an in-toto Statement v1 (SLSA provenance, an SBOM, or a custom predicate) for the
 * subjects, signs it through Sigstore (keyless with the CI's OIDC token, or with a key) and writes the bundle.
 */









function fileError(code, what, path, hint, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .AppInputError */ .AC(code, what, { location: path, hint, ...(cause ? { cause } : {}) });
}
async function readJson(path, flag, cwd) {
    const full = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(cwd, path);
    let text;
    try {
        text = (await (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .readBoundedFile */ .Mv)(full, `${flag} ${path}`)).toString('utf8');
    }
    catch (err) {
        if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .CustodyError */ .Kf)
            throw err;
        throw fileError('ATTEST_INPUT_NOT_FOUND', `${flag} ${path} cannot be read.`, full, 'Check the path (relative to the working directory).', err);
    }
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw fileError('ATTEST_INPUT_NOT_JSON', `${flag} ${path} is not JSON (${err.message}).`, full, 'Give a JSON document (CycloneDX JSON, SPDX JSON, or a JSON predicate).', err);
    }
}
/** The in-toto predicate type of an SBOM document: CycloneDX JSON or SPDX 2.x JSON. */
function detectSbomPredicateType(doc, location) {
    const d = doc;
    if (d && typeof d === 'object' && !Array.isArray(d)) {
        if (d.bomFormat === 'CycloneDX')
            return _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .PREDICATE_CYCLONEDX */ .Ok;
        if (typeof d.spdxVersion === 'string') {
            if (d.spdxVersion === 'SPDX-2.3')
                return _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .PREDICATE_SPDX_23 */ .cy;
            const m = /^SPDX-2\.(\d)$/.exec(d.spdxVersion);
            if (m)
                return `https://spdx.dev/Document/v2.${m[1]}`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .AppInputError */ .AC('ATTEST_SBOM_UNSUPPORTED', `the SBOM is ${d.spdxVersion}; Custody attests SPDX 2.x and CycloneDX JSON.`, {
                location,
                hint: 'Convert it to SPDX 2.3 JSON or CycloneDX JSON, or attest it as a custom predicate (--predicate-type URI --predicate FILE).',
            });
        }
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .AppInputError */ .AC('ATTEST_SBOM_UNKNOWN', 'the SBOM is neither CycloneDX JSON (bomFormat "CycloneDX") nor SPDX JSON (spdxVersion).', {
        location,
        hint: 'Generate one with custody sbom, or pass another document with --predicate-type URI --predicate FILE.',
    });
}
function checkPredicateType(uri) {
    try {
        const u = new URL(uri);
        if (!u.protocol || uri.trim() !== uri)
            throw new Error('x');
    }
    catch {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--predicate-type "${uri}" is not a URI.`, {
            hint: 'Predicate types are URIs, e.g. https://example.com/test-result/v1.',
        });
    }
    return uri;
}
/** The default bundle file: the first subject's base name, made safe, + .sigstore.json, in cwd. */
function defaultBundleName(subjects) {
    const name = subjects[0]?.name ?? 'attestation';
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(name.replace(/[\\/]+$/, '')).replace(/[^A-Za-z0-9._@+-]/g, '_') || 'attestation';
    return `${base}.sigstore.json`;
}
async function buildStatement(options, clock, token) {
    const modes = [
        options.provenance ? '--provenance' : '',
        options.sbomFile ? '--sbom' : '',
        options.predicateType || options.predicateFile || options.predicateJson ? '--predicate-type' : '',
    ].filter(Boolean);
    if (modes.length !== 1) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(modes.length === 0 ? 'no predicate: nothing to attest.' : `choose one of ${modes.join(', ')}.`, {
            hint: 'Give exactly one of --provenance, --sbom FILE, or --predicate-type URI --predicate FILE.',
        });
    }
    if (options.provenance) {
        return (0,_provenance_js__WEBPACK_IMPORTED_MODULE_6__.buildProvenanceStatement)({
            subjects: options.subjects,
            ...(options.subjectChecksums ? { subjectChecksums: options.subjectChecksums } : {}),
            ...(options.captureFile ? { captureFile: options.captureFile } : {}),
            allowFailedBuild: options.allowFailedBuild ?? false,
            allowUnrecordedSubject: options.allowUnrecordedSubject ?? false,
            cwd: options.cwd,
            env: options.env,
            clock,
            logger: options.logger,
            ...(token ? { idToken: token } : {}),
            ...(options.fetch ? { fetch: options.fetch } : {}),
        });
    }
    const subjects = await (0,_provenance_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveSubjects */ .Gl)(options.subjects, options.subjectChecksums, options.cwd);
    if (options.sbomFile) {
        const doc = await readJson(options.sbomFile, '--sbom', options.cwd);
        return (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .makeStatement */ .UT)(subjects, detectSbomPredicateType(doc, (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, options.sbomFile)), doc);
    }
    if (!options.predicateType)
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('--predicate needs --predicate-type URI.', {
            hint: 'Say what the predicate is: --predicate-type https://example.com/my-predicate/v1.',
        });
    const type = checkPredicateType(options.predicateType);
    if (options.predicateFile && options.predicateJson)
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('give the predicate once: a file or inline JSON, not both.');
    let predicate;
    if (options.predicateFile)
        predicate = await readJson(options.predicateFile, '--predicate', options.cwd);
    else if (options.predicateJson) {
        try {
            predicate = JSON.parse(options.predicateJson);
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .AppInputError */ .AC('ATTEST_INPUT_NOT_JSON', `the inline predicate is not JSON (${err.message}).`, {
                hint: 'Give a JSON object.',
            });
        }
    }
    else
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('--predicate-type needs --predicate FILE.', { hint: 'Give the predicate document as a JSON file.' });
    if (!predicate || typeof predicate !== 'object' || Array.isArray(predicate)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .AppInputError */ .AC('ATTEST_PREDICATE_NOT_OBJECT', 'the predicate must be a JSON object.', {
            hint: 'Wrap it in an object: {"...": ...}.',
        });
    }
    return (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .makeStatement */ .UT)(subjects, type, predicate);
}
/**
 * Which preset to sign with, and why. `--instance` wins; explicit services (a signing config, URLs) need no preset;
 * keyless on GitHub Actions chooses as @actions/attest does (public repositories on public-good, everything else on
 * GitHub's instance for the server: github.com or the GHE.com tenant); keyless elsewhere: public-good; with a key:
 * none (offline). The preset's endpoints can be replaced through `presetSigningConfigs` (a mirror, a proxy, a stand-in).
 */
async function choosePreset(options, keyBased) {
    const explicitServices = Boolean(options.signingConfigFile || options.fulcioUrl || options.rekorUrl || options.tsaUrl);
    const facts = (0,_custody_ci__WEBPACK_IMPORTED_MODULE_2__/* .githubSigningFacts */ .Ou)(options.env, {
        readFile: (path) => {
            try {
                return (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .readBoundedFileSync */ .Tq)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, path), 'the event payload', 'ociJsonBytes').toString('utf8');
            }
            catch {
                return undefined;
            }
        },
    });
    let preset = options.instance;
    let reason;
    if (!preset && !keyBased && !explicitServices) {
        if (facts)
            ({ preset, reason } = (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .chooseGitHubInstance */ .YR)(facts));
        else
            preset = 'public-good';
    }
    const out = {};
    if (!preset)
        return out;
    out.preset = preset;
    if (reason)
        out.reason = reason;
    if (facts)
        out.serverUrl = facts.serverUrl;
    const configPath = Object.hasOwn(options.presetSigningConfigs ?? {}, preset)
        ? options.presetSigningConfigs[preset]
        : undefined;
    if (configPath)
        out.presetSigningConfig = {
            json: await readJson(configPath, `the ${preset} signing config`, options.cwd),
            location: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, configPath),
        };
    return out;
}
/**
 * The Sigstore instance `attest` signs with for these options and this environment: the platform facts
 * (packages/ci) through the instance presets and their choice (packages/sign). `signingConfig` is the parsed
 * --signing-config file, when one is given (read here when not passed).
 */
async function signingInstanceFor(options, keyBased, signingConfig) {
    if (options.signingConfigFile && !signingConfig) {
        signingConfig = {
            json: await readJson(options.signingConfigFile, '--signing-config', options.cwd),
            location: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, options.signingConfigFile),
        };
    }
    const choice = await choosePreset(options, keyBased);
    return (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .resolveInstance */ .GO)({
        keyBased,
        ...choice,
        ...(signingConfig ? { signingConfig } : {}),
        ...(options.fulcioUrl ? { fulcioUrl: options.fulcioUrl } : {}),
        ...(options.rekorUrl ? { rekorUrl: options.rekorUrl } : {}),
        ...(options.tsaUrl ? { tsaUrl: options.tsaUrl } : {}),
    });
}
/** The --store values Custody knows: github (the attestations API) and oci (the same as --push). */
const STORE_KINDS = ['github', 'oci'];
async function attest(options) {
    const stores = options.store ?? [];
    for (const s of stores) {
        if (!STORE_KINDS.includes(s)) {
            throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--store ${s} is not one of ${STORE_KINDS.join(', ')}.`, {
                hint: "--store github uploads to GitHub's attestations API; --store oci stores next to the image (as --push).",
            });
        }
    }
    const push = options.push || stores.includes('oci');
    // --store github: the repository and the token are checked before anything is signed.
    const github = stores.includes('github') || options.githubStore === 'auto'
        ? (0,_github_store_js__WEBPACK_IMPORTED_MODULE_5__.planGitHubStore)({
            mode: stores.includes('github') ? 'required' : (options.githubStore ?? 'required'),
            ...(options.githubRepo ? { repo: options.githubRepo } : {}),
            ...(options.githubToken ? { token: options.githubToken } : {}),
            env: options.env,
            logger: options.logger,
        })
        : undefined;
    // --push stores the bundle next to each image subject; know where before anything is signed.
    const pushTargets = push ? options.subjects.filter((s) => s.startsWith('oci://')) : [];
    if (push && pushTargets.length === 0) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('--push needs an image subject to store the attestation next to.', {
            hint: 'Add --subject oci://REGISTRY/REPO@sha256:HEX (the image digest), or drop --push and use custody push --bundle FILE --image REF.',
        });
    }
    const clock = options.clock ?? (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .documentClock */ .ES)(options.env);
    const retry = { ...options.retry };
    // Credentials first: a wrong key or a missing token fails before any work is done.
    let key;
    if (options.keyFile || options.keyPem) {
        if (options.identityToken) {
            throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('both --key and --identity-token were given.', {
                hint: 'Use --key for key-based signing or --identity-token for keyless signing, not both.',
            });
        }
        if (options.keyFile && options.keyPem)
            throw new _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('give the signing key once: a file or the PEM, not both.');
        let pem;
        let location = 'key input';
        if (options.keyPem) {
            (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .addSecret */ .Ck)(options.keyPem.trim());
            pem = Buffer.from(options.keyPem);
        }
        else {
            location = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, options.keyFile);
            try {
                pem = await (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .readBoundedFile */ .Mv)(location, `--key ${options.keyFile}`, 'ociJsonBytes');
            }
            catch (err) {
                if (err instanceof _custody_core__WEBPACK_IMPORTED_MODULE_1__/* .CustodyError */ .Kf)
                    throw err;
                throw new _custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .SignInputError */ ._j('SIGN_KEY_NOT_FOUND', `--key ${options.keyFile} cannot be read.`, {
                    location,
                    hint: 'Check the path, or make a key with custody keys generate.',
                    cause: err,
                });
            }
        }
        const passphrase = options.keyPassphrase;
        key = (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .loadSigningKey */ .fm)(pem, { location, ...(passphrase ? { passphrase } : {}) });
    }
    let signingConfig;
    if (options.signingConfigFile) {
        const location = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, options.signingConfigFile);
        signingConfig = { json: await readJson(options.signingConfigFile, '--signing-config', options.cwd), location };
    }
    const instance = await signingInstanceFor(options, Boolean(key), signingConfig);
    options.logger.info(`Sigstore instance: ${instance.name}${instance.reason ? ` (${instance.reason})` : ''}`);
    let token;
    let tokenSource;
    if (!key) {
        if (options.identityToken) {
            (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .addSecret */ .Ck)(options.identityToken);
            token = options.identityToken;
            tokenSource = 'flag';
        }
        else if (options.tokenProvider) {
            token = await options.tokenProvider();
            if (token) {
                (0,_custody_core__WEBPACK_IMPORTED_MODULE_1__/* .addSecret */ .Ck)(token);
                tokenSource = 'action';
            }
        }
        if (!token) {
            const found = await (0,_custody_ci__WEBPACK_IMPORTED_MODULE_2__/* .acquireIdentityToken */ .qn)({ env: options.env, ...(options.fetch ? { fetch: options.fetch } : {}) });
            if (found) {
                token = found.token;
                tokenSource = found.source;
                options.logger.info(`identity token: ${found.description}`);
            }
        }
        if (!token)
            throw (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .noCredentialsError */ .iz)((0,_custody_ci__WEBPACK_IMPORTED_MODULE_2__/* .identityTokenHint */ .f9)(options.env));
    }
    const statement = await buildStatement(options, clock, token);
    const signed = await (0,_custody_sign__WEBPACK_IMPORTED_MODULE_3__/* .signStatement */ .fT)(statement, {
        ...(key ? { key } : { identityToken: token }),
        instance,
        logger: options.logger,
        retry,
    });
    const bundlePath = options.bundleFile
        ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.cwd, options.bundleFile)
        : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(options.bundleDir ?? options.cwd, defaultBundleName(statement.subject));
    await (0,_io_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Z)(bundlePath, signed.bundleJson);
    const pushed = [];
    for (const image of pushTargets) {
        pushed.push(await (0,_push_js__WEBPACK_IMPORTED_MODULE_7__.pushBundle)({
            bundles: [Buffer.from(signed.bundleJson)],
            image,
            cwd: options.cwd,
            env: options.env,
            logger: options.logger,
            clock,
        }));
    }
    const stored = github ? await (0,_github_store_js__WEBPACK_IMPORTED_MODULE_5__.storeOnGitHub)(github, signed.bundleJson, options.logger) : undefined;
    return {
        pushed,
        ...(stored ? { github: stored } : {}),
        bundlePath,
        subjects: statement.subject,
        predicateType: statement.predicateType,
        mediaType: signed.mediaType,
        ...(signed.identity ? { identity: signed.identity } : {}),
        ...(signed.keyId ? { keyId: signed.keyId } : {}),
        ...(tokenSource ? { tokenSource } : {}),
        tlogEntries: signed.tlogEntries,
        timestamps: signed.timestamps,
        instance,
        bundleBytes: Buffer.byteLength(signed.bundleJson),
    };
}
/** Lines for humans (CLI stdout, job summary source). */
function describeAttestation(r) {
    const rows = [];
    rows.push(['bundle', r.bundlePath]);
    for (const s of r.subjects)
        rows.push([
            'subject',
            `${s.name} ${Object.entries(s.digest)
                .map(([a, h]) => `${a}:${h}`)
                .join(' ')}`,
        ]);
    rows.push(['predicate type', r.predicateType]);
    if (r.identity)
        rows.push(['identity', `${r.identity.san} (issuer ${r.identity.issuer})`]);
    if (r.keyId)
        rows.push(['key id', r.keyId]);
    for (const e of r.tlogEntries)
        rows.push(['transparency log', `${e.url} index ${e.logIndex} (integrated ${new Date(Number(e.integratedTime) * 1000).toISOString()})`]);
    if (r.timestamps)
        rows.push(['timestamps', `${r.timestamps} RFC 3161 (${r.instance.tsaUrl ?? ''})`]);
    if (!r.tlogEntries.length && !r.timestamps)
        rows.push(['evidence', 'none (offline key signing: no transparency log, no timestamp)']);
    rows.push(['instance', r.instance.name]);
    for (const p of r.pushed)
        for (const a of p.attestations)
            rows.push(['stored', `${p.image} as ${a.manifestDigest} (${a.mode === 'referrers' ? 'referrers API' : 'referrers tag'})`]);
    if (r.github?.id)
        rows.push(['stored', `GitHub attestation ${r.github.id} of ${r.github.repository}: ${r.github.url}`]);
    else if (r.github?.skipped)
        rows.push(['not stored on GitHub', r.github.skipped]);
    return rows;
}


/***/ }),

/***/ 3613:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gl: () => (/* binding */ resolveSubjects),
/* harmony export */   buildProvenanceStatement: () => (/* binding */ buildProvenanceStatement)
/* harmony export */ });
/* unused harmony exports DEFAULT_OIDC_AUDIENCE, resolveIdentity */
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7480);
/* harmony import */ var _custody_ci__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3174);
/* harmony import */ var _custody_provenance__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8103);
/* harmony import */ var _capture_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5474);
/**
 * `custody provenance`: an in-toto Statement v1 with a SLSA Provenance v1 predicate for the given subjects.
 * `buildProvenanceStatement` and `resolveSubjects` are reused by `custody attest --provenance`.
 *
 * Identity: where the platform issues OIDC tokens (GitHub Actions, GitLab CI) and a token is available, the
 * identity fields come from the token's verified claims, as GitHub's own attestations do (through Fulcio); the
 * environment is used only when there is no token, and the predicate says which
 * (internalParameters.custody.identity).
 */




/** Default audience of the identity token: the one Sigstore uses, so one token serves signing too. */
const DEFAULT_OIDC_AUDIENCE = 'sigstore';
/** Resolves subject specs and a checksum file (relative to cwd) to sorted, de-duplicated subjects. */
function resolveSubjects(specs, checksumsFile, cwd) {
    return (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_2__/* .resolveSubjects */ .Gl)(specs, checksumsFile, cwd);
}
/** Finds a token for identity (GitHub Actions and GitLab CI only): given, or from the platform (packages/ci oidc). */
async function findToken(ctx, options, audience) {
    if (options.idToken)
        return { token: options.idToken };
    if (ctx.platform !== 'github-actions' && ctx.platform !== 'gitlab-ci') {
        return { reason: `no OIDC token: ${ctx.platform} identity comes from the environment` };
    }
    try {
        const got = await (0,_custody_ci__WEBPACK_IMPORTED_MODULE_1__/* .acquireIdentityToken */ .qn)({ env: options.env, audience, ...(options.fetch ? { fetch: options.fetch } : {}) });
        if (got)
            return { token: got.token };
        return {
            reason: ctx.platform === 'github-actions'
                ? 'no OIDC token: the job lacks `permissions: id-token: write`'
                : 'no OIDC token: the job defines no id_tokens SIGSTORE_ID_TOKEN',
        };
    }
    catch (err) {
        options.logger.warn(`could not get an OIDC token (${(0,_custody_core__WEBPACK_IMPORTED_MODULE_0__/* .describeCause */ .V$)(err)}); identity fields come from the environment.`);
        return { reason: `no OIDC token: the request failed (${(0,_custody_core__WEBPACK_IMPORTED_MODULE_0__/* .describeCause */ .V$)(err)})` };
    }
}
/** The CI context with verified identity applied, and where the identity came from. */
async function resolveIdentity(options, base) {
    const ctx = base ?? (0,_capture_js__WEBPACK_IMPORTED_MODULE_3__/* .detectContext */ .h)(options.env);
    const audience = options.oidcAudience ?? DEFAULT_OIDC_AUDIENCE;
    const { token, reason } = await findToken(ctx, options, audience);
    if (!token)
        return { ci: ctx, identity: { source: 'environment', ...(reason ? { reason } : {}) } };
    const issuer = options.oidcIssuer ?? (0,_custody_ci__WEBPACK_IMPORTED_MODULE_1__/* .defaultIssuer */ .LV)(ctx);
    if (!issuer)
        return { ci: ctx, identity: { source: 'environment', reason: `no OIDC issuer is known for ${ctx.platform}` } };
    // A token from another issuer (e.g. one given for signing) cannot speak for this platform: the environment is used.
    const claimedIssuer = String((0,_custody_ci__WEBPACK_IMPORTED_MODULE_1__/* .decodeJwtParts */ .wQ)(token).claims.iss ?? '').replace(/\/+$/, '');
    if (claimedIssuer !== issuer.replace(/\/+$/, '')) {
        options.logger.info(`the identity token comes from ${claimedIssuer || 'an unnamed issuer'}, not ${issuer}; identity fields come from the environment.`);
        return {
            ci: ctx,
            identity: {
                source: 'environment',
                reason: `the identity token was issued by ${claimedIssuer || 'an unnamed issuer'}, not by ${issuer}`,
            },
        };
    }
    // A token that claims this platform's issuer but fails verification is an error, never a silent fallback.
    const claims = await (0,_custody_ci__WEBPACK_IMPORTED_MODULE_1__/* .verifyIdTokenClaims */ .R9)(token, {
        issuer,
        audience,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        now: Math.floor(Date.now() / 1000),
    });
    return { ci: (0,_custody_ci__WEBPACK_IMPORTED_MODULE_1__/* .applyTokenClaims */ .Xn)(ctx, claims), identity: { source: 'oidc-token', issuer } };
}
async function buildProvenanceStatement(options) {
    // Hashing the subjects and capturing the build are independent: run them side by side.
    const [subjects, capture] = await Promise.all([
        resolveSubjects(options.subjects, options.subjectChecksums, options.cwd),
        captureWithIdentity(options),
    ]);
    // A capture with a command record vouches only for a command that succeeded, and only for what it recorded.
    const overrides = (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_2__/* .checkProvenanceHonesty */ .ed)(capture, subjects, { allowFailedBuild: options.allowFailedBuild ?? false, allowUnrecordedSubject: options.allowUnrecordedSubject ?? false }, options.captureFile ?? '--capture');
    if (overrides.failedBuild)
        options.logger.warn(`provenance of a failed build (${overrides.failedBuild.reason}), as --allow-failed-build asked; the predicate records it.`);
    if (overrides.unrecordedSubjects)
        options.logger.warn(`${overrides.unrecordedSubjects.length} subjects are not among the recorded outputs, as --allow-unrecorded-subject allowed; the predicate lists them.`);
    const predicate = (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_2__/* .buildSlsaPredicate */ .Fq)({ capture, now: options.clock.now(), overrides });
    return (0,_custody_core__WEBPACK_IMPORTED_MODULE_0__/* .makeStatement */ .UT)(subjects, _custody_core__WEBPACK_IMPORTED_MODULE_0__/* .PREDICATE_SLSA_PROVENANCE_V1 */ .EK, predicate);
}
async function captureWithIdentity(options) {
    const given = options.capture ?? (options.captureFile ? await (0,_custody_provenance__WEBPACK_IMPORTED_MODULE_2__/* .readCapture */ .po)(options.captureFile, options.cwd) : undefined);
    const { ci, identity } = await resolveIdentity(options, given?.ci);
    if (given)
        return { ...given, ci, identity };
    return (0,_capture_js__WEBPACK_IMPORTED_MODULE_3__.captureBuild)({
        cwd: options.cwd,
        env: options.env,
        clock: options.clock,
        logger: options.logger,
        ci,
        identity,
        materials: options.materials ?? [],
        tools: options.tools ?? [],
        ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
        ...(options.host ? { host: options.host } : {}),
        ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
    });
}


/***/ }),

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
