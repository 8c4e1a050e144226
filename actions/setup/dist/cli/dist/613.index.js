export const id = 613;
export const ids = [613];
export const modules = {

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


/***/ })

};
