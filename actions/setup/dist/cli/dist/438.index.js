export const id = 438;
export const ids = [438];
export const modules = {

/***/ 4669:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CU: () => (/* binding */ VERIFY_ERROR_CODES),
/* harmony export */   Oe: () => (/* binding */ MAX_SMALL_FILE_BYTES),
/* harmony export */   oY: () => (/* binding */ VerifyInputError),
/* harmony export */   zj: () => (/* binding */ PolicyFileError)
/* harmony export */ });
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7480);

/** The codes of @custody/verify (the verify command raises its file and target codes through VerifyInputError too). */
const VERIFY_ERROR_CODES = {
    VERIFY_BUNDLE_MALFORMED: 'VERIFY_BUNDLE_MALFORMED',
    VERIFY_BUNDLE_TOO_COMPLEX: 'VERIFY_BUNDLE_TOO_COMPLEX',
    VERIFY_FILE_UNREADABLE: 'VERIFY_FILE_UNREADABLE',
    VERIFY_IDENTITY_INVALID: 'VERIFY_IDENTITY_INVALID',
    VERIFY_IDENTITY_REQUIRED: 'VERIFY_IDENTITY_REQUIRED',
    VERIFY_INPUT_TOO_LARGE: 'VERIFY_INPUT_TOO_LARGE',
    VERIFY_KEY_INVALID: 'VERIFY_KEY_INVALID',
    VERIFY_KEY_PRIVATE: 'VERIFY_KEY_PRIVATE',
    VERIFY_POLICY_INVALID: 'VERIFY_POLICY_INVALID',
    VERIFY_TARGET_NOT_PINNED: 'VERIFY_TARGET_NOT_PINNED',
    VERIFY_TARGET_UNREADABLE: 'VERIFY_TARGET_UNREADABLE',
    VERIFY_TRUST_ROOT_INVALID: 'VERIFY_TRUST_ROOT_INVALID',
    VERIFY_TRUST_ROOT_MISSING: 'VERIFY_TRUST_ROOT_MISSING',
    VERIFY_TUF_REFRESH_FAILED: 'VERIFY_TUF_REFRESH_FAILED',
};
/** Verification cannot run: bad input, bad trust material, bad policy. Exit code 2. */
class VerifyInputError extends _custody_core__WEBPACK_IMPORTED_MODULE_0__/* .CustodyError */ .Kf {
    constructor(code, message, options = {}) {
        super(code, message, { ...options, exitCode: options.exitCode ?? _custody_core__WEBPACK_IMPORTED_MODULE_0__/* .EXIT_USAGE */ .Ri });
    }
}
/** A policy file that cannot be used (bad YAML, unknown keys, CEL that does not compile). Exit code 2. */
class PolicyFileError extends VerifyInputError {
    constructor(message, options = {}) {
        super('VERIFY_POLICY_INVALID', message, options);
    }
}
/* Attestation files and blobs are bounded by @custody/core's limits (bundleBytes, jsonDepth; docs/limits.md). */
/** Largest accepted trusted root, key or policy file. */
const MAX_SMALL_FILE_BYTES = 1024 * 1024;


/***/ }),

/***/ 6719:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CX: () => (/* binding */ hasSignerConstraint),
/* harmony export */   Nj: () => (/* binding */ validateIdentityPolicy),
/* harmony export */   Rc: () => (/* binding */ signerIdentity),
/* harmony export */   Wb: () => (/* binding */ certificateIdentity),
/* harmony export */   YI: () => (/* binding */ identityChecks),
/* harmony export */   mo: () => (/* binding */ hasAnyConstraint)
/* harmony export */ });
/* unused harmony exports GITHUB_ACTIONS_ISSUER, FULCIO_OIDS, usesShorthands */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4669);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(620);


const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** Fulcio extension OIDs (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
const FULCIO_OIDS = {
    '1.3.6.1.4.1.57264.1.1': 'issuerV1',
    '1.3.6.1.4.1.57264.1.2': 'githubWorkflowTrigger',
    '1.3.6.1.4.1.57264.1.3': 'githubWorkflowSha',
    '1.3.6.1.4.1.57264.1.4': 'githubWorkflowName',
    '1.3.6.1.4.1.57264.1.5': 'githubWorkflowRepository',
    '1.3.6.1.4.1.57264.1.6': 'githubWorkflowRef',
    '1.3.6.1.4.1.57264.1.8': 'issuer',
    '1.3.6.1.4.1.57264.1.9': 'buildSignerURI',
    '1.3.6.1.4.1.57264.1.10': 'buildSignerDigest',
    '1.3.6.1.4.1.57264.1.11': 'runnerEnvironment',
    '1.3.6.1.4.1.57264.1.12': 'sourceRepositoryURI',
    '1.3.6.1.4.1.57264.1.13': 'sourceRepositoryDigest',
    '1.3.6.1.4.1.57264.1.14': 'sourceRepositoryRef',
    '1.3.6.1.4.1.57264.1.15': 'sourceRepositoryIdentifier',
    '1.3.6.1.4.1.57264.1.16': 'sourceRepositoryOwnerURI',
    '1.3.6.1.4.1.57264.1.17': 'sourceRepositoryOwnerIdentifier',
    '1.3.6.1.4.1.57264.1.18': 'buildConfigURI',
    '1.3.6.1.4.1.57264.1.19': 'buildConfigDigest',
    '1.3.6.1.4.1.57264.1.20': 'buildTrigger',
    '1.3.6.1.4.1.57264.1.21': 'runInvocationURI',
    '1.3.6.1.4.1.57264.1.22': 'sourceRepositoryVisibilityAtSigning',
    '1.3.6.1.4.1.57264.1.23': 'deploymentEnvironment',
};
/** Extension values from 1.8 on are DER UTF8Strings; the older ones are the raw string bytes. */
function extensionText(value) {
    if (value.length >= 2 && value[0] === 0x0c) {
        let len = value[1];
        let off = 2;
        if (len & 0x80) {
            const n = len & 0x7f;
            len = 0;
            for (let i = 0; i < n; i++)
                len = (len << 8) | (value[2 + i] ?? 0);
            off = 2 + n;
        }
        if (off + len === value.length)
            return value.subarray(off).toString('utf8');
    }
    return value.toString('utf8');
}
function certificateIdentity(cert) {
    const extensions = {};
    for (const [oid, name] of Object.entries(FULCIO_OIDS)) {
        const ext = cert.extension(oid);
        if (ext)
            extensions[name] = extensionText(Buffer.from(ext.value));
    }
    return finish(cert.subjectAltName, extensions);
}
/**
 * The same, from what @sigstore/verify already decoded for a verified signer (its SAN and every extension's
 * value), so the certificate is not parsed twice.
 */
function signerIdentity(signer) {
    const extensions = {};
    for (const o of signer.oids ?? []) {
        const id = o.oid?.id;
        if (id?.length !== 9 || id[6] !== 57264 || id[7] !== 1)
            continue;
        const name = FULCIO_OIDS[id.join('.')];
        if (name)
            extensions[name] = extensionText(o.value);
    }
    return finish(signer.subjectAlternativeName, extensions);
}
function finish(san, extensions) {
    const issuer = extensions.issuer ?? extensions.issuerV1;
    return { ...(san !== undefined ? { san } : {}), ...(issuer !== undefined ? { issuer } : {}), extensions };
}
/**
 * Whether the policy pins down who built it: an exact SAN or SAN regexp, or the source repository's owner or the
 * repository itself. `signerRepo` / `signerWorkflow` alone do not: a reusable workflow (the SLSA generator, a
 * shared release workflow) signs for every repository that calls it, so they need `owner` or `repo` next to them
 * (as `gh attestation verify` requires --owner or --repo).
 */
function hasSignerConstraint(p) {
    return Boolean(p.san || p.sanRegexp || p.owner || p.repo);
}
/** Whether any constraint at all is set (the hostname alone is not one). */
function hasAnyConstraint(p) {
    return Boolean(hasSignerConstraint(p) || p.issuer || p.issuerRegexp || p.sourceRef || p.sourceDigest || p.denySelfHostedRunners);
}
function usesShorthands(p) {
    return Boolean(p.owner || p.repo || p.signerWorkflow || p.signerRepo || p.sourceRef || p.sourceDigest || p.denySelfHostedRunners);
}
/** Checks an identity policy for contradictions and bad regular expressions (exit 2 before any verification). */
function validateIdentityPolicy(p, where) {
    for (const [name, re] of [
        ['certificate-identity-regexp', p.sanRegexp],
        ['certificate-oidc-issuer-regexp', p.issuerRegexp],
    ]) {
        if (re === undefined)
            continue;
        try {
            new RegExp(re);
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .VerifyInputError */ .oY('VERIFY_IDENTITY_INVALID', `${name} "${re}" is not a valid regular expression (${err.message}).`, {
                location: where,
                hint: 'Write a JavaScript regular expression, anchored, e.g. ^https://github\\.com/org/repo/.',
            });
        }
    }
    if (p.san && p.sanRegexp) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .VerifyInputError */ .oY('VERIFY_IDENTITY_INVALID', 'both an exact certificate identity and a regular expression were given.', {
            location: where,
            hint: 'Use one of --certificate-identity or --certificate-identity-regexp.',
        });
    }
    if (p.repo && !/^[^/\s]+\/[^/\s]+$/.test(p.repo)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .VerifyInputError */ .oY('VERIFY_IDENTITY_INVALID', `repo "${p.repo}" is not OWNER/REPO.`, {
            location: where,
            hint: 'Write it as octo-org/octo-repo.',
        });
    }
    if (p.signerRepo && !/^[^/\s]+\/[^/\s]+$/.test(p.signerRepo)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .VerifyInputError */ .oY('VERIFY_IDENTITY_INVALID', `signer-repo "${p.signerRepo}" is not OWNER/REPO.`, {
            location: where,
            hint: 'Write it as octo-org/reusable-workflows.',
        });
    }
}
const lower = (s) => (s ?? '').toLowerCase();
const show = (s) => (s === undefined ? '(absent)' : `"${s}"`);
/** The checks an identity policy makes against a certificate identity. */
function identityChecks(p, id) {
    const host = `https://${p.hostname ?? 'github.com'}`;
    const checks = [];
    const ext = id.extensions;
    const sanNoRef = (id.san ?? '').split('@')[0] ?? '';
    const issuer = p.issuer ?? (p.issuerRegexp ? undefined : usesShorthands(p) ? GITHUB_ACTIONS_ISSUER : undefined);
    if (issuer !== undefined) {
        checks.push(id.issuer === issuer
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.issuer', `issuer is "${issuer}"`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.issuer', `expected issuer "${issuer}", certificate has ${show(id.issuer)}`));
    }
    if (p.issuerRegexp !== undefined) {
        const ok = id.issuer !== undefined && new RegExp(p.issuerRegexp).test(id.issuer);
        checks.push(ok
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.issuer', `issuer ${show(id.issuer)} matches /${p.issuerRegexp}/`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.issuer', `issuer ${show(id.issuer)} does not match /${p.issuerRegexp}/`));
    }
    if (p.san !== undefined) {
        checks.push(id.san === p.san
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.san', `identity is "${p.san}"`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.san', `expected identity "${p.san}", certificate has ${show(id.san)}`));
    }
    if (p.sanRegexp !== undefined) {
        const ok = id.san !== undefined && new RegExp(p.sanRegexp).test(id.san);
        checks.push(ok
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.san', `identity ${show(id.san)} matches /${p.sanRegexp}/`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.san', `identity ${show(id.san)} does not match /${p.sanRegexp}/`));
    }
    const signerGiven = Boolean(p.signerRepo || p.signerWorkflow);
    if (p.owner !== undefined) {
        const want = `${host}/${p.owner}`;
        const ownerOk = lower(ext.sourceRepositoryOwnerURI) === lower(want);
        const sanOk = signerGiven || lower(id.san).startsWith(`${lower(want)}/`);
        checks.push(ownerOk && sanOk
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.owner', `source repository owner is ${want}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.owner', !ownerOk
                ? `expected source repository owner ${want}, certificate has ${show(ext.sourceRepositoryOwnerURI)}`
                : `signer workflow ${show(id.san)} is not in ${want} (use --signer-repo or --signer-workflow for reusable workflows)`));
    }
    if (p.repo !== undefined) {
        const want = `${host}/${p.repo}`;
        const repoOk = lower(ext.sourceRepositoryURI) === lower(want);
        const sanOk = signerGiven || lower(id.san).startsWith(`${lower(want)}/`);
        checks.push(repoOk && sanOk
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.repo', `source repository is ${want}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.repo', !repoOk
                ? `expected source repository ${want}, certificate has ${show(ext.sourceRepositoryURI)}`
                : `signer workflow ${show(id.san)} is not in ${want} (use --signer-repo or --signer-workflow for reusable workflows)`));
    }
    if (p.signerRepo !== undefined) {
        const want = `${host}/${p.signerRepo}/`;
        checks.push(lower(id.san).startsWith(lower(want))
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.signer-repo', `signer workflow is in ${want.slice(0, -1)}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.signer-repo', `expected a signer workflow in ${want.slice(0, -1)}, certificate has ${show(id.san)}`));
    }
    if (p.signerWorkflow !== undefined) {
        const w = p.signerWorkflow.replace(/^https?:\/\/[^/]+\//, '');
        const want = `${host}/${w}`.split('@')[0];
        const withRef = p.signerWorkflow.includes('@');
        const ok = withRef ? lower(id.san) === lower(`${host}/${w}`) : lower(sanNoRef) === lower(want);
        checks.push(ok
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.signer-workflow', `signer workflow is ${id.san}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.signer-workflow', `expected signer workflow ${withRef ? `${host}/${w}` : want}, certificate has ${show(id.san)}`));
    }
    if (p.sourceRef !== undefined) {
        checks.push(ext.sourceRepositoryRef === p.sourceRef
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.source-ref', `source ref is ${p.sourceRef}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.source-ref', `expected source ref "${p.sourceRef}", certificate has ${show(ext.sourceRepositoryRef)}`));
    }
    if (p.sourceDigest !== undefined) {
        const want = p.sourceDigest.replace(/^sha1:/, '');
        checks.push(lower(ext.sourceRepositoryDigest) === lower(want)
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.source-digest', `source digest is ${want}`)
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.source-digest', `expected source digest ${want}, certificate has ${show(ext.sourceRepositoryDigest)}`));
    }
    if (p.denySelfHostedRunners) {
        checks.push(ext.runnerEnvironment === 'github-hosted'
            ? (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .pass */ .IX)('identity.runner', 'built on a GitHub-hosted runner')
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .fail */ .fJ)('identity.runner', `self-hosted runners are denied; certificate says runner environment ${show(ext.runnerEnvironment)}`));
    }
    return checks;
}


/***/ }),

/***/ 6438:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GITHUB_TUF_URL: () => (/* reexport */ GITHUB_TUF_URL),
  MAX_SMALL_FILE_BYTES: () => (/* reexport */ errors/* MAX_SMALL_FILE_BYTES */.Oe),
  PREDICATE_NPM_PUBLISH_V01: () => (/* reexport */ PREDICATE_NPM_PUBLISH_V01),
  PUBLIC_GOOD_TUF_URL: () => (/* reexport */ PUBLIC_GOOD_TUF_URL),
  PolicyFileError: () => (/* reexport */ errors/* PolicyFileError */.zj),
  REPORT_SCHEMA: () => (/* reexport */ dist_report/* REPORT_SCHEMA */.DC),
  VERIFY_ERROR_CODES: () => (/* reexport */ errors/* VERIFY_ERROR_CODES */.CU),
  VerifyInputError: () => (/* reexport */ errors/* VerifyInputError */.oY),
  buildTrust: () => (/* reexport */ buildTrust),
  buildVsa: () => (/* reexport */ buildVsa),
  cosignLegacyToBundle: () => (/* reexport */ cosignLegacyToBundle),
  embeddedNpmKeys: () => (/* reexport */ embeddedNpmKeys),
  embeddedPublicGoodRootJson: () => (/* reexport */ embeddedPublicGoodRootJson),
  failedChecks: () => (/* reexport */ dist_report/* failedChecks */.HH),
  fetchTrustedRootTarget: () => (/* reexport */ fetchTrustedRootTarget),
  formatMarkdown: () => (/* reexport */ dist_report/* formatMarkdown */.jI),
  formatTable: () => (/* reexport */ dist_report/* formatTable */.ku),
  loadPolicyParser: () => (/* binding */ loadPolicyParser),
  parseAttestationDocument: () => (/* reexport */ parseAttestationDocument),
  parsePublicKeyPem: () => (/* reexport */ parsePublicKeyPem),
  parseTrustedRoot: () => (/* reexport */ parseTrustedRoot),
  publicGoodRoot: () => (/* reexport */ publicGoodRoot),
  readAttestationBlob: () => (/* reexport */ readAttestationBlob),
  refreshTrustedRoot: () => (/* reexport */ refreshTrustedRoot),
  startVerification: () => (/* reexport */ startVerification),
  validateIdentityPolicy: () => (/* reexport */ identity/* validateIdentityPolicy */.Nj),
  verifyPrehashed: () => (/* reexport */ verifyPrehashed),
  verifyTarget: () => (/* reexport */ verifyTarget)
});

// EXTERNAL MODULE: ./packages/verify/dist/errors.js
var errors = __webpack_require__(4669);
// EXTERNAL MODULE: ./packages/verify/dist/report.js
var dist_report = __webpack_require__(620);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var dist = __webpack_require__(9654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(4187);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/seeds.json
var seeds = __webpack_require__(8032);
;// CONCATENATED MODULE: ./packages/verify/dist/trust.js
/**
 * Trust material: which CAs, transparency logs, CT logs, timestamp authorities and keys are trusted.
 * Built from data (a trusted_root.json document, PEM keys); the embedded public-good root comes from the
 * @sigstore/tuf seeds shipped with the package, decoded offline. Nothing here reads files or the network.
 */





const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
const TRUSTED_ROOT_MEDIA_TYPES = [
    'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    'application/vnd.dev.sigstore.trustedroot.v0.1+json',
    'application/vnd.dev.sigstore.trustedroot.v0.2+json',
];
/** The predicate type npm's registry signs with its attestation keys. */
const PREDICATE_NPM_PUBLISH_V01 = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
/**
 * The trusted key a key-based bundle's hint resolves to: the key with that id, else the only key the user gave
 * (a user key has no id). The same rule the trust material applies when @sigstore/verify asks for the key.
 */
function trustedKeyForHint(keys, hint) {
    const candidates = trustedKeysForHint(keys, hint);
    return candidates.length === 1 ? candidates[0] : undefined;
}
/**
 * The trusted keys to try for a key-based bundle: the key its hint names (a registry key by its id, or a `--key`
 * key whose fingerprint the hint spells: hex, base64, or `SHA256:` base64, as Custody, cosign and npm write hints);
 * when the hint names none of them, every `--key` key (each is tried in turn).
 */
function trustedKeysForHint(keys, hint) {
    if (hint !== undefined && hint !== '') {
        const exact = keys.find((k) => k.keyId !== undefined && k.keyId === hint);
        if (exact)
            return [exact];
        const named = keys.filter((k) => k.keyId === undefined && k.fingerprint !== undefined && hintNames(hint, k.fingerprint));
        if (named.length > 0)
            return named;
    }
    return keys.filter((k) => k.keyId === undefined);
}
/** Whether a bundle's public-key hint spells this fingerprint (hex SHA-256 of the SPKI DER). */
function hintNames(hint, fingerprintHex) {
    const h = hint.trim();
    if (h.toLowerCase() === fingerprintHex || h.toLowerCase() === `sha256:${fingerprintHex}`)
        return true;
    const b64 = Buffer.from(fingerprintHex, 'hex').toString('base64');
    const unpadded = b64.replace(/=+$/, '');
    const bare = h.replace(/^SHA256:/i, '');
    return bare === b64 || bare === unpadded || bare === b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
/** Hex SHA-256 of a public key's SPKI DER: Custody's key id. */
function fingerprintOf(key) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(key.export({ format: 'der', type: 'spki' }))
        .digest('hex');
}
/** Whether a trusted key is only valid in a time window (then a bundle it signed needs a trusted time). */
function hasValidityWindow(key) {
    return Boolean(key.validFor?.start || key.validFor?.end);
}
/**
 * The thresholds a trusted root implies, as gh attestation verify sets them per trusted root and sigstore-js takes
 * them as Verifier options: a transparency-log entry is required only when the root lists transparency logs, an SCT
 * only when it lists CT logs, and one verified signing time always. GitHub's instance has no public log: its trusted
 * root lists no tlogs, and its bundles carry an RFC 3161 timestamp instead of a log entry. A root that lists logs
 * (public-good) keeps requiring an entry: a bundle without one fails `signature.tlog`.
 */
function impliedThresholds(root) {
    return { tlog: root.tlogs.length > 0 ? 1 : 0, ctlog: root.ctlogs.length > 0 ? 1 : 0, timestamp: 1 };
}
function seedTarget(name) {
    const repo = seeds[PUBLIC_GOOD_TUF_URL];
    const b64 = repo?.targets[name];
    if (!b64)
        throw new errors/* VerifyInputError */.oY('VERIFY_TRUST_ROOT_MISSING', `the @sigstore/tuf seeds have no ${name}.`, {
            hint: 'Reinstall dependencies (npm ci), or pass --trusted-root FILE.',
        });
    return Buffer.from(b64, 'base64').toString('utf8');
}
/** The public-good Sigstore trusted_root.json embedded in @sigstore/tuf's seeds (no network). */
function embeddedPublicGoodRootJson() {
    return JSON.parse(seedTarget('trusted_root.json'));
}
/** npm registry attestation keys from the same seeds (keyUsage npm:attestations). */
function embeddedNpmKeys() {
    const doc = JSON.parse(seedTarget('registry.npmjs.org%2Fkeys.json'));
    return doc.keys
        .filter((k) => k.keyUsage === 'npm:attestations')
        .map((k) => ({
        source: `npm registry key ${k.keyId}`,
        keyId: k.keyId,
        usage: 'npm:attestations',
        key: (0,external_node_crypto_.createPublicKey)({ key: Buffer.from(k.publicKey.rawBytes, 'base64'), format: 'der', type: 'spki' }),
        validFor: {
            ...(k.publicKey.validFor?.start ? { start: new Date(k.publicKey.validFor.start) } : {}),
            ...(k.publicKey.validFor?.end ? { end: new Date(k.publicKey.validFor.end) } : {}),
        },
    }));
}
/**
 * Parses and checks a trusted_root.json document. Stricter than the protobuf decoder: every transparency log and
 * CT log key must say from when it is valid (a missing start is not "forever").
 */
function parseTrustedRoot(json, where) {
    const bad = (what) => new errors/* VerifyInputError */.oY('VERIFY_TRUST_ROOT_INVALID', `${what}.`, {
        location: where,
        hint: "Use a Sigstore trusted_root.json (e.g. from `gh attestation trusted-root` or the instance's TUF repository).",
    });
    if (!json || typeof json !== 'object' || Array.isArray(json))
        throw bad('the trusted root is not a JSON object');
    const doc = json;
    if (typeof doc.mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPES.includes(doc.mediaType)) {
        throw bad(`the trusted root media type "${String(doc.mediaType)}" is not a Sigstore trusted root`);
    }
    for (const list of ['tlogs', 'ctlogs']) {
        const items = doc[list];
        if (items !== undefined && !Array.isArray(items))
            throw bad(`"${list}" is not a list`);
        for (const [i, item] of (items ?? []).entries()) {
            if (!item?.publicKey?.rawBytes)
                throw bad(`${list}[${i}] has no publicKey.rawBytes`);
            if (!item.publicKey.validFor?.start)
                throw bad(`${list}[${i}] (${item.baseUrl ?? 'no baseUrl'}) has no publicKey.validFor.start`);
            if (!item.logId?.keyId && !item.checkpointKeyId?.keyId)
                throw bad(`${list}[${i}] has no logId.keyId`);
        }
    }
    for (const list of ['certificateAuthorities', 'timestampAuthorities']) {
        const items = doc[list];
        if (items !== undefined && !Array.isArray(items))
            throw bad(`"${list}" is not a list`);
        for (const [i, item] of (items ?? []).entries()) {
            if (!item?.certChain?.certificates?.length)
                throw bad(`${list}[${i}] has no certChain.certificates`);
        }
    }
    try {
        return dist.TrustedRoot.fromJSON(doc);
    }
    catch (err) {
        throw bad(`the trusted root cannot be decoded (${err.message})`);
    }
}
/** The key id Sigstore and npm use in hints: SHA256:<base64 of SHA-256 over the SPKI DER>. */
function keyIdOf(key) {
    const der = key.export({ format: 'der', type: 'spki' });
    return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}
/** Parses a PEM public key (SPKI). */
function parsePublicKeyPem(pem, where) {
    // createPublicKey would quietly derive the public half from a private key: refuse it instead, so that a private
    // key is never handed to a verifier (a CI log, a deploy gate) by mistake.
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
        throw new errors/* VerifyInputError */.oY('VERIFY_KEY_PRIVATE', 'this is a private key; --key takes a public key.', {
            location: where,
            hint: 'Pass the public half (the .pub file `custody keys generate` or `cosign generate-key-pair` wrote next to it, or `openssl pkey -in KEY -pubout`), and keep the private key away from the verifier.',
        });
    }
    try {
        const key = (0,external_node_crypto_.createPublicKey)(pem);
        if (key.type !== 'public')
            throw new Error('not a public key');
        return key;
    }
    catch (err) {
        throw new errors/* VerifyInputError */.oY('VERIFY_KEY_INVALID', `not a PEM public key (${err.message}).`, {
            location: where,
            hint: 'Pass the public half, e.g. the .pub file written by `custody keys generate` or `cosign generate-key-pair`.',
        });
    }
}
/** Builds the @sigstore/verify trust material once; reused for every bundle. */
function buildTrust(options) {
    const keys = (options.keys ?? []).map((k) => (k.fingerprint ? k : { ...k, fingerprint: fingerprintOf(k.key) }));
    const material = (0,verify_dist/* toTrustMaterial */.jO)(options.root, (hint) => {
        const found = trustedKeyForHint(keys, hint);
        const user = keys.filter((k) => k.keyId === undefined);
        if (!found) {
            throw new verify_dist/* VerificationError */.mk({
                code: 'PUBLIC_KEY_ERROR',
                message: user.length > 1 ? `several --key keys and none named by hint "${hint}"` : `no trusted key for hint "${hint}"`,
            });
        }
        return {
            publicKey: found.key,
            validFor: (date) => (!found.validFor?.start || found.validFor.start <= date) && (!found.validFor?.end || found.validFor.end >= date),
        };
    });
    return { source: options.source, root: options.root, keys, material, thresholds: impliedThresholds(options.root) };
}
let publicGood;
/** The public-good trust, decoded once per process. */
function publicGoodRoot() {
    publicGood ??= parseTrustedRoot(embeddedPublicGoodRootJson(), '@sigstore/tuf/seeds.json');
    return publicGood;
}

// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var core_dist = __webpack_require__(7480);
;// CONCATENATED MODULE: ./packages/verify/dist/documents.js
/**
 * Reading attestation documents: one Sigstore bundle (JSON), several (JSON Lines), or an npm registry
 * attestations document ({"attestations": [{"predicateType", "bundle"}]}). Bytes in, bundles out.
 */



function lineCol(text, offset) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return `${line}:${offset - before.lastIndexOf('\n')}`;
}
/**
 * The most JSON values (array elements, object members, nested containers) one attestation file may hold. A real
 * bundle has a few hundred (its statement travels as one base64 string, however large the SBOM in it), an npm
 * attestations document a few thousand; tens of millions of tiny values fit in the byte limit and would make
 * JSON.parse build gigabytes of heap, so they are refused before parsing.
 */
const MAX_JSON_VALUES = 1_000_000;
/** Counts separators and containers outside strings (an upper bound of the values), stopping past `stopAt`. */
function countJsonValues(text, stopAt = Number.MAX_SAFE_INTEGER) {
    let n = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
            continue;
        }
        if (c === 0x22)
            inString = true;
        else if (c === 0x2c || c === 0x5b || c === 0x7b) {
            if (++n > stopAt)
                return n;
        }
    }
    return n;
}
/** `source:LINE` of the line where the nesting first goes past `max` (the whole file's name for one-line files). */
function lineOfDepth(text, max, source) {
    let depth = 0;
    let inString = false;
    let line = 1;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a)
            line++;
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
            continue;
        }
        if (c === 0x22)
            inString = true;
        else if (c === 0x7b || c === 0x5b) {
            if (++depth > max)
                return line === 1 && !text.includes('\n') ? source : `${source}:${line}`;
        }
        else if (c === 0x7d || c === 0x5d)
            depth--;
    }
    return source;
}
/** Bounded JSON.parse (size and nesting depth checked first, LimitError); malformed JSON names line and column. */
function parseJson(text, where, what, lineBase = 0) {
    try {
        // Text that does not start like a JSON object or array cannot nest: JSON.parse alone says where it goes wrong.
        const first = text.trimStart().charAt(0);
        if (first !== '{' && first !== '[')
            return JSON.parse(text);
        return (0,core_dist/* parseJsonBounded */.Xg)(text, { what, location: where, maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof core_dist/* CustodyError */.Kf)
            throw err;
        const msg = err.message;
        const pos = /position (\d+)/.exec(msg);
        let loc = where;
        if (pos) {
            const [l, c] = lineCol(text, Number(pos[1])).split(':').map(Number);
            loc = `${where}:${l + lineBase}:${c}`;
        }
        else if (lineBase)
            loc = `${where}:${lineBase + 1}`;
        throw new errors/* VerifyInputError */.oY('VERIFY_BUNDLE_MALFORMED', `not valid JSON (${msg}).`, {
            location: loc,
            hint: 'Pass a Sigstore bundle (.sigstore.json), JSON Lines of bundles (.intoto.jsonl), or an npm attestations document.',
        });
    }
}
/**
 * Reads an attestation file the user named: one bundle, JSON Lines of bundles, or an npm attestations document.
 * Bounded: the file by the bundleBytes limit, every JSON value by the nesting-depth limit (LimitError, exit 2),
 * checked before anything is parsed. Malformed JSON cannot run either (VERIFY_BUNDLE_MALFORMED, exit 2).
 */
function parseAttestationDocument(bytes, source) {
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    (0,core_dist/* checkSize */.C1)('bundleBytes', size, 'the attestation file', source);
    // A view, not a copy (Buffer.from(Uint8Array) copies: 64 MiB more for the largest allowed file).
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    // Nesting first (the more specific reason), then the number of values; both before anything is parsed.
    const maxDepth = (0,core_dist/* limits */.Fy)().jsonDepth;
    if ((0,core_dist/* jsonDepth */.QV)(text, maxDepth) > maxDepth)
        throw new core_dist/* LimitError */.oC('jsonDepth', `the attestation file nests deeper than ${maxDepth} levels.`, {
            location: lineOfDepth(text, maxDepth, source),
        });
    if (countJsonValues(text, MAX_JSON_VALUES) > MAX_JSON_VALUES) {
        throw new errors/* VerifyInputError */.oY('VERIFY_BUNDLE_TOO_COMPLEX', `the attestation file holds more than ${MAX_JSON_VALUES} JSON values; a Sigstore bundle holds a few hundred.`, {
            location: source,
            hint: 'Check that this is an attestation file (an SBOM travels inside a bundle as one base64 string, so a large SBOM does not make a bundle complex).',
        });
    }
    const trimmed = text.trim();
    if (trimmed === '') {
        throw new errors/* VerifyInputError */.oY('VERIFY_BUNDLE_MALFORMED', 'the attestation file is empty.', {
            location: source,
            hint: 'Pass a Sigstore bundle file.',
        });
    }
    // JSON Lines: more than one non-empty line, each a JSON value on its own.
    const lines = text.split('\n');
    const nonEmpty = lines.map((l, i) => [l.trim(), i]).filter(([l]) => l !== '');
    if (nonEmpty.length > 1 && nonEmpty.every(([l]) => l.startsWith('{') && l.endsWith('}'))) {
        let allJson = true;
        const values = [];
        for (const [l, i] of nonEmpty) {
            try {
                values.push([
                    (0,core_dist/* parseJsonBounded */.Xg)(l, { what: `line ${i + 1} of the attestation file`, location: `${source}:${i + 1}` }),
                    i,
                    Buffer.byteLength(l),
                ]);
            }
            catch (err) {
                if (err instanceof core_dist/* LimitError */.oC)
                    throw err;
                allJson = false;
                break;
            }
        }
        if (allJson)
            return values.map(([json, i, n]) => ({ source: `${source}:${i + 1}`, json, size: n }));
    }
    const json = parseLargeBundle(text, source) ?? parseJson(text, source, 'the attestation file');
    if (json && typeof json === 'object' && !Array.isArray(json) && Array.isArray(json.attestations)) {
        const list = json.attestations;
        return list.map((a, i) => ({
            source: `${source}#attestations[${i}]`,
            json: a && typeof a === 'object' ? a.bundle : undefined,
            size: Buffer.byteLength(JSON.stringify(a?.bundle ?? null)),
            origin: 'npm-attestations',
        }));
    }
    return [{ source, json, size }];
}
/** Texts from this size on are parsed without copying their DSSE payload (parseLargeBundle). */
const LARGE_TEXT = 1024 * 1024;
/**
 * A large bundle is almost all DSSE payload: one base64 string. JSON.parse would copy it into the heap, on top of the
 * text it was read as, which for a hostile 64 MiB blob is 64 MiB more. Here the payload's string literal is replaced
 * by a random sentinel before parsing, and the parsed bundle gets the literal back as a slice of the text (no copy).
 * The sentinel is random per call, so if it does not come back at `dsseEnvelope.payload` of a top-level bundle (the
 * literal was something else), the text is parsed as it is. Undefined: not such a bundle.
 */
function parseLargeBundle(text, source) {
    if (text.length < LARGE_TEXT)
        return undefined;
    const key = /"payload"\s*:\s*"/g;
    let best;
    for (let m = key.exec(text); m; m = key.exec(text)) {
        const start = m.index + m[0].length;
        let end = start;
        while (end < text.length && text.charCodeAt(end) !== 0x22) {
            // Escapes or control characters: not plain base64, and JSON.parse must judge it: take the ordinary path.
            const c = text.charCodeAt(end);
            if (c === 0x5c || c < 0x20)
                return undefined;
            end++;
        }
        if (end >= text.length)
            return undefined;
        if (!best || end - start > best.end - best.start)
            best = { start, end };
        key.lastIndex = end + 1;
    }
    if (!best || best.end - best.start < LARGE_TEXT / 2)
        return undefined;
    const sentinel = `custody-payload-${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`;
    let json;
    try {
        json = parseJson(`${text.slice(0, best.start)}${sentinel}${text.slice(best.end)}`, source, 'the attestation file');
    }
    catch (err) {
        if (err instanceof core_dist/* LimitError */.oC)
            throw err;
        return undefined; // malformed: the ordinary path reports it, with the right line and column
    }
    const env = json?.dsseEnvelope;
    if (!env || typeof env !== 'object' || env.payload !== sentinel)
        return undefined;
    env.payload = text.slice(best.start, best.end);
    return json;
}
/**
 * Reads one attestation blob found next to an image (registry or layout). Never throws for its content: a blob that
 * is too large, too deep or not JSON becomes one input marked `unreadable`, which the verifier reports as ignored.
 */
function readAttestationBlob(bytes, source) {
    try {
        return parseAttestationDocument(bytes, source);
    }
    catch (err) {
        if (!(err instanceof core_dist/* CustodyError */.Kf))
            throw err;
        return [{ source, json: undefined, size: bytes.length, unreadable: `${err.code}: ${err.message}${err.hint ? ` ${err.hint}` : ''}` }];
    }
}

// EXTERNAL MODULE: ./packages/verify/dist/identity.js
var identity = __webpack_require__(6719);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var _sigstore_core_dist = __webpack_require__(3917);
// EXTERNAL MODULE: ./packages/verify/dist/purl.js
var purl = __webpack_require__(7523);
// EXTERNAL MODULE: ./packages/verify/dist/license.js
var license = __webpack_require__(2071);
;// CONCATENATED MODULE: ./packages/verify/dist/sbom.js
/**
 * SBOM rules over CycloneDX and SPDX 2.x predicates: license rules (denied / allowed SPDX licenses, and what a
 * component without license data means) and package rules (denied / allowed package URLs). Purls are compared
 * as parsed package URLs (purl.ts), licenses as SPDX expressions (license.ts): by meaning, not by spelling.
 */



/** The default of `unknownLicenses` (docs/policy.md says why). */
const DEFAULT_UNKNOWN_LICENSES = 'deny';
function cyclonedxPackages(bom) {
    const out = [];
    const walk = (list, subject) => {
        if (!Array.isArray(list))
            return;
        for (const c of list) {
            if (!c || typeof c !== 'object')
                continue;
            const licenses = [];
            const known = (s) => typeof s === 'string' && s.trim() !== '' && !(0,license/* isNoAssertion */.QC)(s);
            for (const l of Array.isArray(c.licenses) ? c.licenses : []) {
                if (known(l?.expression))
                    licenses.push({ expression: l.expression.trim() });
                if (known(l?.license?.id))
                    licenses.push({ expression: l.license.id.trim() });
                else if (known(l?.license?.name))
                    licenses.push({ name: l.license.name.trim() });
            }
            out.push({
                name: String(c.name ?? c['bom-ref'] ?? '?'),
                purls: typeof c.purl === 'string' && c.purl.trim() !== '' ? [c.purl.trim()] : [],
                licenses,
                ...(subject ? { subject: true } : {}),
            });
            walk(c.components, false);
        }
    };
    walk(bom?.components, false);
    if (bom?.metadata?.component)
        walk([bom.metadata.component], true);
    return out;
}
function spdxPackages(doc) {
    const described = new Set(Array.isArray(doc?.documentDescribes) ? doc.documentDescribes.filter((x) => typeof x === 'string') : []);
    for (const r of Array.isArray(doc?.relationships) ? doc.relationships : []) {
        if (r?.relationshipType === 'DESCRIBES' && r.spdxElementId === doc?.SPDXID && typeof r.relatedSpdxElement === 'string')
            described.add(r.relatedSpdxElement);
        if (r?.relationshipType === 'DESCRIBED_BY' && r.relatedSpdxElement === doc?.SPDXID && typeof r.spdxElementId === 'string')
            described.add(r.spdxElementId);
    }
    return (Array.isArray(doc?.packages) ? doc.packages : []).map((p) => {
        const licenses = [p?.licenseConcluded, p?.licenseDeclared].filter((l) => typeof l === 'string' && l.trim() !== '' && !(0,license/* isNoAssertion */.QC)(l));
        // referenceType "purl" (any case), under PACKAGE-MANAGER (SPDX 2.3) or PACKAGE_MANAGER (2.2) or any
        // other category: a purl is read wherever it is, so that a deny rule cannot miss it.
        const purls = (Array.isArray(p?.externalRefs) ? p.externalRefs : [])
            .filter((r) => typeof r?.referenceType === 'string' &&
            r.referenceType.toLowerCase() === 'purl' &&
            typeof r.referenceLocator === 'string' &&
            r.referenceLocator.trim() !== '')
            .map((r) => r.referenceLocator.trim());
        return {
            name: String(p?.name ?? p?.SPDXID ?? '?'),
            purls: [...new Set(purls)],
            licenses: [...new Set(licenses.map((l) => l.trim()))].map((expression) => ({ expression })),
            ...(typeof p?.SPDXID === 'string' && described.has(p.SPDXID) ? { subject: true } : {}),
        };
    });
}
/**
 * The packages of a CycloneDX or SPDX 2.x document, or why it cannot be read as one. Recognised only by its own
 * markers (`bomFormat: "CycloneDX"`, `spdxVersion: "SPDX-2.x"`) with list-shaped component / package fields: an
 * SBOM in any other shape is unreadable, never an empty SBOM (which would pass every deny rule).
 */
function readSbom(predicate) {
    const p = predicate;
    if (!p || typeof p !== 'object' || Array.isArray(p))
        return { unreadable: 'the predicate is not a JSON object' };
    if (p.bomFormat === 'CycloneDX') {
        if (p.components !== undefined && !Array.isArray(p.components))
            return { unreadable: 'CycloneDX "components" is not a list' };
        return { packages: cyclonedxPackages(p) };
    }
    if (typeof p.spdxVersion === 'string' && /^SPDX-2\./.test(p.spdxVersion)) {
        if (p.packages !== undefined && !Array.isArray(p.packages))
            return { unreadable: 'SPDX "packages" is not a list' };
        return { packages: spdxPackages(p) };
    }
    return {
        unreadable: typeof p.spdxVersion === 'string'
            ? `SPDX version "${p.spdxVersion}" is not read (SPDX 2.x JSON is)`
            : 'the predicate is neither a CycloneDX JSON document (bomFormat "CycloneDX") nor SPDX 2.x JSON (spdxVersion "SPDX-2.x")',
    };
}
function sbomPackages(predicate) {
    const r = readSbom(predicate);
    return 'packages' in r ? r.packages : [];
}
/** Whether a policy's SBOM rules have anything to check. */
function hasSbomRules(rules) {
    return Boolean(rules &&
        (rules.deniedLicenses.length ||
            rules.allowedLicenses?.length ||
            rules.unknownLicenses ||
            rules.deniedPurls.length ||
            rules.allowedPurls?.length));
}
function hasLicenseRules(rules) {
    return Boolean(rules.deniedLicenses.length || rules.allowedLicenses?.length || rules.unknownLicenses);
}
const list = (items, max = 10) => `${items.slice(0, max).join(', ')}${items.length > max ? `, … (${items.length - max} more)` : ''}`;
/** Compiles rule entries; a policy file's entries were checked when it was read, so this throws only for rules built in code. */
function compile(entries, f) {
    return (entries ?? []).map(f);
}
function licenseCheck(rules, pkgs) {
    const id = 'policy.sbom.licenses';
    let denied;
    let allowed;
    try {
        denied = compile(rules.deniedLicenses, license/* licensePattern */.EU);
        allowed = compile(rules.allowedLicenses, license/* licensePattern */.EU);
    }
    catch (e) {
        return (0,dist_report/* fail */.fJ)(id, `a license rule cannot be used: ${e.message}`);
    }
    const unknown = rules.unknownLicenses ?? DEFAULT_UNKNOWN_LICENSES;
    const counts = { components: pkgs.length, withoutLicense: 0 };
    const hits = [];
    const noData = [];
    for (const p of pkgs) {
        if (p.licenses.length === 0) {
            // The subject is the software the SBOM describes, usually your own: its license is not a dependency's.
            if (!p.subject)
                noData.push(p.name);
            continue;
        }
        const items = p.licenses.map((l) => ('name' in l ? { op: 'license', id: l.name } : (0,license/* readLicense */.Uf)(l.expression).expr));
        const expr = items.length === 1 ? items[0] : { op: 'and', items };
        const verdict = (0,license/* evaluateLicense */.bT)(expr, denied, allowed);
        if (!verdict.ok)
            hits.push(`${p.name}: ${[...new Set(verdict.problems)].join(' + ')}`);
    }
    counts.withoutLicense = noData.length;
    const rulesText = [denied.length ? 'deniedLicenses' : '', allowed.length ? 'allowedLicenses' : ''].filter(Boolean).join(' and ');
    const unknownText = `${noData.length} of ${pkgs.length} component(s) have no license data`;
    const problems = [];
    if (hits.length)
        problems.push(`${hits.length} component(s) break ${rulesText}: ${list(hits)}`);
    if (noData.length && unknown === 'deny') {
        problems.push(`${unknownText} (${list(noData, 5)}); unknownLicenses is deny${rules.unknownLicenses ? '' : ' (the default)'}: add license data to the SBOM, or set unknownLicenses: allow to accept them`);
    }
    if (problems.length)
        return { ...(0,dist_report/* fail */.fJ)(id, problems.join('; ')), sbom: counts };
    const okText = rulesText ? `no component breaks ${rulesText} among ${pkgs.length} component(s)` : `${pkgs.length} component(s) checked`;
    return {
        ...(0,dist_report/* pass */.IX)(id, noData.length ? `${okText}; ${unknownText}, accepted by unknownLicenses: allow` : `${okText}; no component lacks license data`),
        sbom: counts,
    };
}
function purlCheck(rules, pkgs) {
    const id = 'policy.sbom.purls';
    let denied;
    let allowed;
    try {
        denied = compile(rules.deniedPurls, purl/* purlPattern */.wq);
        allowed = compile(rules.allowedPurls, purl/* purlPattern */.wq);
    }
    catch (e) {
        return (0,dist_report/* fail */.fJ)(id, `a purl rule cannot be used: ${e.message}`);
    }
    const counts = { components: pkgs.length, withoutPurl: 0, malformedPurls: 0 };
    const deniedHits = [];
    const notAllowed = [];
    const malformed = [];
    const noPurl = [];
    for (const p of pkgs) {
        if (p.purls.length === 0) {
            counts.withoutPurl++;
            // Nothing identifies it: no deny rule can name it, and no allow entry can admit it.
            if (allowed.length && !p.subject)
                noPurl.push(p.name);
            continue;
        }
        const parsed = [];
        for (const text of p.purls) {
            try {
                parsed.push((0,purl/* parsePurl */.$l)(text));
            }
            catch (e) {
                if (!(e instanceof purl/* PurlError */.eH))
                    throw e;
                malformed.push(`${p.name}: "${text}" (${e.message})`);
            }
        }
        const deniedBy = denied.find((d) => parsed.some((x) => d.test(x)));
        if (deniedBy)
            deniedHits.push(`${p.purls.join(' ')} (${deniedBy.text})`);
        if (allowed.length && !p.subject && parsed.length && !allowed.some((a) => parsed.some((x) => a.test(x))))
            notAllowed.push(p.purls.join(' '));
    }
    counts.malformedPurls = malformed.length;
    const problems = [];
    if (deniedHits.length)
        problems.push(`${deniedHits.length} denied package(s): ${list(deniedHits)}`);
    if (notAllowed.length)
        problems.push(`${notAllowed.length} package(s) not in allowedPurls: ${list(notAllowed)}`);
    if (noPurl.length)
        problems.push(`${noPurl.length} component(s) without a purl cannot be matched against allowedPurls: ${list(noPurl, 5)}`);
    // A purl that cannot be read could name a denied package (or one outside the allow list): fail closed.
    if (malformed.length)
        problems.push(`${malformed.length} component purl(s) cannot be parsed, so the purl rules cannot be checked for them: ${list(malformed, 5)}`);
    if (problems.length)
        return { ...(0,dist_report/* fail */.fJ)(id, problems.join('; ')), sbom: counts };
    const rulesText = [denied.length ? 'no denied package' : '', allowed.length ? 'every package in allowedPurls' : '']
        .filter(Boolean)
        .join(', ');
    return {
        ...(0,dist_report/* pass */.IX)(id, `${rulesText} among ${pkgs.length} component(s)${counts.withoutPurl ? ` (${counts.withoutPurl} without a purl)` : ''}`),
        sbom: counts,
    };
}
function sbomChecks(rules, predicate) {
    const read = readSbom(predicate);
    const checks = [];
    const licenses = hasLicenseRules(rules);
    const purls = Boolean(rules.deniedPurls.length || rules.allowedPurls?.length);
    if ('unreadable' in read) {
        const why = `the SBOM cannot be read: ${read.unreadable}; the rule cannot be checked`;
        if (licenses)
            checks.push((0,dist_report/* fail */.fJ)('policy.sbom.licenses', why));
        if (purls)
            checks.push((0,dist_report/* fail */.fJ)('policy.sbom.purls', why));
        return checks;
    }
    if (licenses)
        checks.push(licenseCheck(rules, read.packages));
    if (purls)
        checks.push(purlCheck(rules, read.packages));
    return checks;
}

;// CONCATENATED MODULE: ./packages/verify/dist/policy-eval.js
/**
 * Evaluating a compiled policy (see policy.ts for the file format and parser). Kept apart from the parser so that
 * verification without --policy does not load the YAML parser and the CEL compiler.
 */



/** The identities allowed for a predicate type: its own list, else the policy-wide one. */
function policyIdentities(policy, predicateType) {
    return (predicateType ? policy.predicates[predicateType]?.identities : undefined) ?? policy.identities;
}
const SBOM_TYPES = [
    core_dist/* PREDICATE_CYCLONEDX */.Ok,
    core_dist/* PREDICATE_SPDX_23 */.cy,
    'https://spdx.dev/Document',
    'https://cyclonedx.org/bom/v1.6',
    'https://cyclonedx.org/bom/v1.5',
    'https://cyclonedx.org/bom/v1.4',
];
/**
 * The policy's checks for one attestation. maxAge applies to every bundle (its signing times are known without a
 * statement); CEL and SBOM rules need a statement, and fail when the policy has them but the bundle carries none.
 */
function policyChecks(policy, ctx) {
    const type = ctx.statement?.predicateType;
    const own = type !== undefined ? policy.predicates[type] : undefined;
    const checks = [];
    const maxAge = own?.maxAgeSeconds ?? policy.maxAgeSeconds;
    if (maxAge !== undefined) {
        const first = ctx.signedAt.length ? Math.min(...ctx.signedAt.map((d) => d.getTime())) : undefined;
        if (first === undefined)
            checks.push((0,dist_report/* fail */.fJ)('policy.max-age', 'the policy sets a maximum age but the bundle has no trusted signing time'));
        else {
            const age = (ctx.now.getTime() - first) / 1000;
            checks.push(age <= maxAge
                ? (0,dist_report/* pass */.IX)('policy.max-age', `signed ${Math.floor(age / 86400)} day(s) ago (limit ${Math.floor(maxAge / 86400)} day(s))`)
                : (0,dist_report/* fail */.fJ)('policy.max-age', `signed ${new Date(first).toISOString()}, ${Math.floor(age / 3600)} hour(s) ago; the policy allows ${Math.floor(maxAge / 3600)} hour(s)`));
        }
    }
    const rules = [...(policy.expressions ?? []), ...(own?.expressions ?? [])];
    const sbom = own?.sbom ?? policy.sbom;
    const sbomRules = hasSbomRules(sbom);
    if (!ctx.statement) {
        const why = 'the bundle carries no in-toto statement (a message signature, or an unreadable payload), so this rule cannot be evaluated';
        for (const r of rules)
            checks.push((0,dist_report/* fail */.fJ)(`policy.cel:${r.name}`, `${r.expr}: ${why}`));
        if (sbomRules)
            checks.push((0,dist_report/* fail */.fJ)('policy.sbom', `the policy has SBOM rules but ${why}`));
        return checks;
    }
    const statement = ctx.statement;
    if (rules.length) {
        const celCtx = {
            statement: statement,
            predicate: statement.predicate ?? {},
            predicateType: type,
            subject: statement.subject,
            signer: ctx.signer,
        };
        for (const r of rules) {
            const id = `policy.cel:${r.name}`;
            try {
                const v = r.run(celCtx);
                checks.push(v === true
                    ? (0,dist_report/* pass */.IX)(id, `${r.expr} is true`)
                    : (0,dist_report/* fail */.fJ)(id, `${r.expr} is ${typeof v === 'boolean' ? 'false' : `not a boolean (${String(v)})`}`));
            }
            catch (e) {
                checks.push((0,dist_report/* fail */.fJ)(id, `${r.expr} cannot be evaluated: ${(e.message ?? String(e)).split('\n')[0]}`));
            }
        }
    }
    if (sbom && sbomRules) {
        const t = statement.predicateType;
        if (SBOM_TYPES.includes(t) || t.startsWith('https://spdx.dev/Document') || t.startsWith('https://cyclonedx.org/bom')) {
            checks.push(...sbomChecks(sbom, statement.predicate));
        }
        else if (own?.sbom)
            checks.push((0,dist_report/* skip */.iv)('policy.sbom', `predicate type ${t} is not a CycloneDX or SPDX SBOM`));
    }
    return checks;
}

;// CONCATENATED MODULE: ./packages/verify/dist/prehash.js
/**
 * Signature verification over a precomputed digest (a "prehashed" message signature): what a `sha256:HEX`
 * target needs, since Node's crypto always hashes the message itself. ECDSA P-256/P-384/P-521 is checked with
 * the curve arithmetic below (public data only, so constant time does not matter); RSA PKCS#1 v1.5 with
 * `publicDecrypt`. Ed25519 signs the message itself and cannot be checked from a digest.
 */

const CURVES = {
    'P-256': {
        p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
        a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
        b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
        n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
        gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
        gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
        bytes: 32,
    },
    'P-384': {
        p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
        a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
        b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
        n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
        gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
        gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
        bytes: 48,
    },
    'P-521': {
        p: (1n << 521n) - 1n,
        a: (1n << 521n) - 4n,
        b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
        n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
        gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
        gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
        bytes: 66,
    },
};
function mod(a, m) {
    const r = a % m;
    return r >= 0n ? r : r + m;
}
function inv(a, m) {
    let [r0, r1] = [mod(a, m), m];
    let [s0, s1] = [1n, 0n];
    while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1] = [r1, r0 - q * r1];
        [s0, s1] = [s1, s0 - q * s1];
    }
    return mod(s0, m);
}
function add(c, P, Q) {
    if (!P)
        return Q;
    if (!Q)
        return P;
    if (P.x === Q.x) {
        if (mod(P.y + Q.y, c.p) === 0n)
            return null;
        const l = mod((3n * P.x * P.x + c.a) * inv(2n * P.y, c.p), c.p);
        const x = mod(l * l - 2n * P.x, c.p);
        return { x, y: mod(l * (P.x - x) - P.y, c.p) };
    }
    const l = mod((Q.y - P.y) * inv(Q.x - P.x, c.p), c.p);
    const x = mod(l * l - P.x - Q.x, c.p);
    return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}
function mul(c, k, P) {
    let R = null;
    let A = P;
    while (k > 0n) {
        if (k & 1n)
            R = add(c, R, A);
        A = add(c, A, A);
        k >>= 1n;
    }
    return R;
}
function toBig(b) {
    return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}
/** Parses a DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs). Returns undefined when malformed. */
function parseDerSignature(sig) {
    let i = 0;
    const len = () => {
        const first = sig[i++];
        if (first === undefined)
            return undefined;
        if (first < 0x80)
            return first;
        const n = first & 0x7f;
        if (n === 0 || n > 2)
            return undefined;
        let v = 0;
        for (let k = 0; k < n; k++)
            v = (v << 8) | (sig[i++] ?? 0);
        return v;
    };
    if (sig[i++] !== 0x30)
        return undefined;
    const total = len();
    if (total === undefined || i + total !== sig.length)
        return undefined;
    const ints = [];
    for (let k = 0; k < 2; k++) {
        if (sig[i++] !== 0x02)
            return undefined;
        const l = len();
        if (l === undefined || l === 0 || i + l > sig.length)
            return undefined;
        ints.push(toBig(sig.subarray(i, i + l)));
        i += l;
    }
    if (i !== sig.length)
        return undefined;
    return [ints[0], ints[1]];
}
function ecdsaVerify(curve, pub, digest, sig) {
    const rs = parseDerSignature(sig);
    if (!rs)
        return false;
    const [r, s] = rs;
    if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n)
        return false;
    // Leftmost bits of the digest, as many as the order has (FIPS 186-4 6.4).
    const nBits = curve.n.toString(2).length;
    let e = toBig(digest);
    const dBits = digest.length * 8;
    if (dBits > nBits)
        e >>= BigInt(dBits - nBits);
    const w = inv(s, curve.n);
    const u1 = mod(e * w, curve.n);
    const u2 = mod(r * w, curve.n);
    const X = add(curve, mul(curve, u1, { x: curve.gx, y: curve.gy }), mul(curve, u2, pub));
    if (!X)
        return false;
    return mod(X.x, curve.n) === r;
}
const DIGEST_INFO_PREFIX = {
    sha256: '3031300d060960864801650304020105000420',
    sha384: '3041300d060960864801650304020205000430',
    sha512: '3051300d060960864801650304020305000440',
};
/** Verifies `signature` over the message whose `algorithm` digest is `digest`, with `key`. */
function verifyPrehashed(key, algorithm, digest, signature) {
    const type = key.asymmetricKeyType;
    if (type === 'ec') {
        const jwk = key.export({ format: 'jwk' });
        const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
        if (!curve || !jwk.x || !jwk.y)
            return { ok: false, unsupported: `EC curve ${jwk.crv ?? 'unknown'}` };
        const pub = { x: toBig(Buffer.from(jwk.x, 'base64url')), y: toBig(Buffer.from(jwk.y, 'base64url')) };
        return { ok: ecdsaVerify(curve, pub, digest, signature) };
    }
    if (type === 'rsa') {
        const prefix = DIGEST_INFO_PREFIX[algorithm];
        if (!prefix)
            return { ok: false, unsupported: `RSA with ${algorithm}` };
        try {
            const recovered = (0,external_node_crypto_.publicDecrypt)({ key, padding: external_node_crypto_.constants.RSA_PKCS1_PADDING }, signature);
            return { ok: recovered.equals(Buffer.concat([Buffer.from(prefix, 'hex'), digest])) };
        }
        catch {
            return { ok: false };
        }
    }
    return { ok: false, unsupported: `${type ?? 'unknown'} keys sign the message itself, not its digest` };
}

;// CONCATENATED MODULE: ./packages/verify/dist/sigstore.js
/**
 * The Sigstore part of verification, on @sigstore/verify, run stage by stage so that the report has one check
 * per stage (trusted time, signing certificate or key, transparency log, signature) instead of the first error.
 * The stages are the Verifier's own methods, called in the order Verifier.verify calls them.
 */






const HASH_NAMES = {
    [dist.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
    [dist.HashAlgorithm.SHA2_256]: 'sha256',
    [dist.HashAlgorithm.SHA2_384]: 'sha384',
    [dist.HashAlgorithm.SHA2_512]: 'sha512',
    [dist.HashAlgorithm.SHA3_256]: 'sha3-256',
    [dist.HashAlgorithm.SHA3_384]: 'sha3-384',
};
function messageDigestAlgorithm(bundle) {
    if (bundle.content.$case !== 'messageSignature')
        return undefined;
    return HASH_NAMES[bundle.content.messageSignature.messageDigest?.algorithm ?? 0] ?? 'sha256';
}
/** Signature content for a message signature checked against the target's digest (no artifact bytes). */
class DigestMessageContent {
    algorithm;
    targetDigest;
    signature;
    bundleDigest;
    constructor(algorithm, bundle, targetDigest) {
        this.algorithm = algorithm;
        this.targetDigest = targetDigest;
        const ms = bundle.content.messageSignature;
        this.signature = ms.signature;
        this.bundleDigest = ms.messageDigest?.digest ?? Buffer.alloc(0);
    }
    compareSignature(s) {
        return _sigstore_core_dist.crypto.bufferEqual(s, this.signature);
    }
    compareDigest(d) {
        return _sigstore_core_dist.crypto.bufferEqual(d, this.bundleDigest);
    }
    compareSignedDigest(d) {
        return this.compareDigest(d);
    }
    verifySignature(key) {
        if (!this.targetDigest)
            return false;
        const r = verifyPrehashed(key, this.algorithm, this.targetDigest, this.signature);
        if (r.unsupported)
            throw new Error(`cannot check this signature from a digest (${r.unsupported}); verify the artifact file instead`);
        return r.ok;
    }
}
/**
 * The reason for a failed stage. @sigstore/verify's own errors say what did not verify; anything else (a TypeError
 * on a field the bundle lacks) is a malformed bundle, reported as such rather than as a JavaScript error.
 */
function msg(err, stage = 'this stage') {
    if (err instanceof verify_dist/* VerificationError */.mk ||
        (err instanceof Error && err.name !== 'TypeError' && err.name !== 'RangeError' && err.name !== 'ReferenceError')) {
        return err.message;
    }
    return `the bundle is malformed: ${stage} cannot read the data it needs from it`;
}
/** Structural problems of transparency-log entries that @sigstore/verify does not report cleanly. */
function tlogEntryProblem(entity) {
    for (const [i, e] of entity.tlogEntries.entries()) {
        const proof = e.inclusionProof;
        if (proof && !proof.checkpoint?.envelope) {
            return `transparency-log entry ${i} (log index ${e.logIndex}) has an inclusion proof without a checkpoint (signed tree head): the proof cannot be verified`;
        }
    }
    return undefined;
}
function verifySigstore(bundle, o) {
    const vm = bundle.verificationMaterial.content;
    const keyBased = vm.$case === 'publicKey';
    let entity;
    try {
        if (bundle.content.$case === 'messageSignature' && !o.artifact) {
            const alg = messageDigestAlgorithm(bundle);
            const hex = o.digests[alg];
            entity = (0,verify_dist/* toSignedEntity */.DC)(bundle, Buffer.alloc(0));
            entity.signature = new DigestMessageContent(alg, bundle, hex ? Buffer.from(hex, 'hex') : undefined);
        }
        else {
            entity = (0,verify_dist/* toSignedEntity */.DC)(bundle, o.artifact ? Buffer.from(o.artifact) : undefined);
        }
    }
    catch (err) {
        return {
            checks: [
                (0,dist_report/* fail */.fJ)('signature.material', `the bundle's verification material cannot be read: ${msg(err, 'reading the verification material')}`),
            ],
            signedAt: [],
            keyBased,
        };
    }
    if (vm.$case !== 'publicKey')
        return runStages(entity, o, o.trust.material, false, undefined);
    // Key-based: the key the hint names, else each --key key in turn (the first that verifies is the signer).
    const hint = vm.publicKey.hint || undefined;
    const candidates = trustedKeysForHint(o.trust.keys, hint);
    if (candidates.length === 0) {
        const out = runStages(entity, o, o.trust.material, true, undefined);
        return withKeyReason(out, 'signature.key', `no trusted key for this bundle${hint ? ` (its hint names key id ${hint})` : ' (it names no key id)'}: ${o.trust.keys.length === 0 ? 'no --key was given' : 'none of the trusted keys is the one it names'}`);
    }
    const outcomes = [];
    for (const k of candidates) {
        const out = runStages(entity, o, materialFor(o.trust.material, k), true, k);
        if (out.checks.every((c) => c.status !== 'fail'))
            return out;
        outcomes.push(out);
    }
    const first = outcomes[0];
    const keyName = (k) => `${k.source} (key id ${k.keyId ?? k.fingerprint ?? 'unknown'})`;
    const fails = candidates.length === 1
        ? `the signature does not verify with ${keyName(candidates[0])}`
        : `the signature verifies with none of the ${candidates.length} keys given (${candidates.map(keyName).join(', ')})`;
    // Only a signature that fails with every key tried gets a new reason; other failures keep their own.
    if (outcomes.every((x) => x.checks.find((c) => c.id === 'signature.value')?.status === 'fail')) {
        const named = hint !== undefined && candidates.some((k) => k.keyId === hint || (k.fingerprint !== undefined && hintNames(hint, k.fingerprint)));
        return withKeyReason(first, 'signature.value', named
            ? `${fails}, the key the bundle names (key id ${hint}): the signed content or the signature was altered`
            : hint
                ? `key mismatch: ${fails}; the bundle names key id ${hint}`
                : `${fails}; the bundle names no key id, so another key signed it or its content was altered`);
    }
    return first;
}
/** Trust material whose key lookup answers with one given key. */
function materialFor(material, k) {
    return {
        ...material,
        publicKey: () => ({
            publicKey: k.key,
            validFor: (date) => (!k.validFor?.start || k.validFor.start <= date) && (!k.validFor?.end || k.validFor.end >= date),
        }),
    };
}
/** Replaces the reason of a failed check (a clearer one than the library's). */
function withKeyReason(out, id, reason) {
    return { ...out, checks: out.checks.map((c) => (c.id === id && c.status === 'fail' ? (0,dist_report/* fail */.fJ)(id, reason) : c)) };
}
function runStages(entity, o, material, keyBased, trustedKey) {
    const checks = [];
    const certificate = entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
    const hasTimestamps = entity.timestamps.length > 0;
    // Keyless: the thresholds the trusted root implies (no tlogs in the root: no entry required, as for GitHub's
    // instance), lowered only by the insecure flags.
    const implied = o.trust.thresholds ?? impliedThresholds(o.trust.root);
    const options = keyBased
        ? { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
        : {
            tlogThreshold: o.ignoreTlog ? 0 : implied.tlog,
            ctlogThreshold: o.ignoreSct ? 0 : implied.ctlog,
            timestampThreshold: implied.timestamp,
        };
    const v = new verify_dist/* Verifier */.BL(material, options);
    // 1. Trusted time: RFC 3161 tokens and transparency-log promises, each verified against the trusted root.
    let times;
    try {
        times = v.verifyTimestamps(entity);
        const late = times.filter((t) => t.getTime() > o.now.getTime() + o.skewSeconds * 1000);
        if (late.length > 0) {
            checks.push((0,dist_report/* fail */.fJ)('signature.timestamps', `a signing time is in the future (${late[0].toISOString()}, now ${o.now.toISOString()})`));
        }
        else if (times.length === 0) {
            checks.push((0,dist_report/* pass */.IX)('signature.timestamps', keyBased ? 'no trusted timestamp (key-based bundle: key validity is not checked against a time)' : 'no timestamp required'));
        }
        else {
            checks.push((0,dist_report/* pass */.IX)('signature.timestamps', `${times.length} verified signing time(s): ${times.map((t) => t.toISOString()).join(', ')}`));
        }
    }
    catch (err) {
        checks.push((0,dist_report/* fail */.fJ)('signature.timestamps', msg(err, 'timestamp verification')));
    }
    // 2. The signing key: a certificate chaining to a trusted CA at the signing time (with SCTs), or a trusted key.
    let signer;
    const keyCheck = keyBased ? 'signature.key' : 'signature.certificate';
    if (!keyBased && !times) {
        checks.push((0,dist_report/* skip */.iv)(keyCheck, 'not checked: no verified signing time to check the certificate chain at'));
    }
    else if (!keyBased && times && times.length === 0) {
        checks.push((0,dist_report/* fail */.fJ)(keyCheck, 'no verified signing time: a certificate can only be checked at a trusted time'));
    }
    else if (keyBased && trustedKey && hasValidityWindow(trustedKey) && (!times || times.length === 0)) {
        // A key valid only in a window (npm's registry keys rotate and retire) proves nothing without a trusted time:
        // a retired key would otherwise verify anything signed after its retirement.
        const w = trustedKey.validFor;
        checks.push((0,dist_report/* fail */.fJ)(keyCheck, `${trustedKey.source} is trusted only from ${w.start?.toISOString() ?? 'any time'} to ${w.end?.toISOString() ?? 'now'}, and the bundle has no verified signing time (transparency-log entry or RFC 3161 timestamp) to check that window at`));
    }
    else {
        try {
            signer = v.verifySigningKey(entity, times ?? []);
            checks.push((0,dist_report/* pass */.IX)(keyCheck, keyBased
                ? `signed by a trusted key${hasTimestamps ? '' : ' (no timestamp in the bundle)'}`
                : `certificate chains to a trusted CA at the signing time${options.ctlogThreshold ? ', SCT verified' : o.ignoreSct ? '' : ' (no SCT required: the trusted root lists no CT log)'}`));
        }
        catch (err) {
            checks.push((0,dist_report/* fail */.fJ)(keyCheck, msg(err, 'the signing key check')));
        }
    }
    // 3. Transparency log: inclusion proof (checkpoint) and/or promise, and the entry must be for this signature.
    try {
        const problem = tlogEntryProblem(entity);
        if (problem)
            throw new verify_dist/* VerificationError */.mk({ code: 'TLOG_INCLUSION_PROOF_ERROR', message: problem });
        if (entity.tlogEntries.length === 0 && (options.tlogThreshold ?? 1) > 0) {
            const n = o.trust.root.tlogs.length;
            throw new verify_dist/* VerificationError */.mk({
                code: 'TLOG_ERROR',
                message: `the bundle has no transparency-log entry, and the trusted root (${o.trust.source}) lists ${n} transparency log${n === 1 ? '' : 's'}: an entry is required. A bundle from GitHub's Sigstore instance (an RFC 3161 timestamp, no log entry) verifies with GitHub's trusted root (--trusted-root; see custody trusted-root --instance github)`,
            });
        }
        v.verifyTLogs(entity);
        const n = entity.tlogEntries.length;
        checks.push(n > 0
            ? (0,dist_report/* pass */.IX)('signature.tlog', `${n} transparency-log entr${n === 1 ? 'y' : 'ies'} verified (${entity.tlogEntries.map((e) => `${e.kindVersion.kind} ${e.kindVersion.version}`).join(', ')})`)
            : (0,dist_report/* pass */.IX)('signature.tlog', keyBased
                ? 'no transparency-log entry (not required for a key-based bundle)'
                : implied.tlog === 0
                    ? "no transparency-log entry (not required: the trusted root lists no transparency log, as GitHub's Sigstore instance; the signing time comes from the RFC 3161 timestamp)"
                    : 'no transparency-log entry (allowed by --insecure-ignore-tlog)'));
    }
    catch (err) {
        checks.push((0,dist_report/* fail */.fJ)('signature.tlog', msg(err, 'transparency-log verification')));
    }
    // 4. The signature itself, with the verified key (or, for the report, the certificate's key when the chain failed).
    const key = signer?.key ?? (certificate ? _sigstore_core_dist.crypto.createPublicKey(certificate.publicKey) : undefined);
    if (!key) {
        checks.push((0,dist_report/* skip */.iv)('signature.value', 'not checked: no trusted key'));
    }
    else {
        try {
            v.verifySignature(entity, { key });
            checks.push((0,dist_report/* pass */.IX)('signature.value', entity.signature instanceof DigestMessageContent ? 'signature verified over the target digest' : 'signature verified'));
        }
        catch (err) {
            checks.push((0,dist_report/* fail */.fJ)('signature.value', msg(err, 'signature verification')));
        }
    }
    return {
        checks,
        ...(signer ? { signer } : {}),
        ...(certificate ? { certificate } : {}),
        ...(trustedKey ? { trustedKey } : {}),
        signedAt: times ?? [],
        keyBased,
    };
}

;// CONCATENATED MODULE: ./packages/verify/dist/statement.js
/** The in-toto statement inside a DSSE envelope, and the subject binding (ours: sigstore-js does not do it). */


const STATEMENT_TYPE_V01 = 'https://in-toto.io/Statement/v0.1';
function parseStatement(payloadType, payload) {
    if (payloadType !== core_dist/* INTOTO_PAYLOAD_TYPE */.w9) {
        return { check: (0,dist_report/* fail */.fJ)('statement', `DSSE payload type is "${payloadType}", not ${core_dist/* INTOTO_PAYLOAD_TYPE */.w9}`) };
    }
    let value;
    try {
        // Bounded (size and nesting depth, checked before parsing): the payload is read before anyone knows whether its
        // signature verifies, and the policy rules that later walk it recurse.
        value = (0,core_dist/* parseJsonBounded */.Xg)(payload.toString('utf8'), { what: 'the DSSE payload (in-toto statement)', maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof core_dist/* CustodyError */.Kf)
            return { check: (0,dist_report/* fail */.fJ)('statement', `${err.code}: ${err.message} ${err.hint ?? ''}`.trim()) };
        return { check: (0,dist_report/* fail */.fJ)('statement', `the DSSE payload is not JSON (${err.message})`) };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        return { check: (0,dist_report/* fail */.fJ)('statement', 'the DSSE payload is not a JSON object') };
    const st = value;
    if (st._type !== core_dist/* STATEMENT_TYPE_V1 */.HL && st._type !== STATEMENT_TYPE_V01) {
        return { check: (0,dist_report/* fail */.fJ)('statement', `_type is ${JSON.stringify(st._type)}, not ${core_dist/* STATEMENT_TYPE_V1 */.HL}`) };
    }
    if (typeof st.predicateType !== 'string' || st.predicateType === '') {
        return { check: (0,dist_report/* fail */.fJ)('statement', 'the statement has no predicateType') };
    }
    if (!Array.isArray(st.subject) || st.subject.length === 0) {
        return { check: (0,dist_report/* fail */.fJ)('statement', 'the statement has no subjects: it binds to no artifact') };
    }
    for (const [i, s] of st.subject.entries()) {
        const d = s?.digest;
        if (!d ||
            typeof d !== 'object' ||
            Array.isArray(d) ||
            Object.keys(d).length === 0 ||
            !Object.values(d).every((v) => typeof v === 'string')) {
            return { check: (0,dist_report/* fail */.fJ)('statement', `subject[${i}] has no digest set`) };
        }
    }
    return {
        statement: st,
        check: (0,dist_report/* pass */.IX)('statement', `in-toto statement (${st._type === core_dist/* STATEMENT_TYPE_V1 */.HL ? 'v1' : 'v0.1'}), ${st.subject.length} subject(s)`),
    };
}
/**
 * The target is bound when a subject has a digest equal to the target's under an algorithm both know, and no
 * algorithm they share disagrees.
 */
function subjectCheck(statement, target) {
    const known = Object.keys(target);
    let shared = false;
    for (const s of statement.subject) {
        const common = Object.keys(s.digest).filter((a) => known.includes(a.toLowerCase()));
        if (common.length === 0)
            continue;
        shared = true;
        if (common.every((a) => s.digest[a].toLowerCase() === target[a.toLowerCase()])) {
            const a = common[0];
            return (0,dist_report/* pass */.IX)('subject', `subject ${JSON.stringify(s.name ?? '')} has ${a}:${s.digest[a].toLowerCase().slice(0, 16)}…`);
        }
    }
    const have = known.map((a) => `${a}:${target[a].slice(0, 16)}…`).join(', ');
    if (!shared) {
        const algs = [...new Set(statement.subject.flatMap((s) => Object.keys(s.digest)))].join(', ');
        return (0,dist_report/* fail */.fJ)('subject', `no subject digest can be compared with the target (subjects use ${algs}; target has ${known.join(', ') || 'no digest'})`);
    }
    return (0,dist_report/* fail */.fJ)('subject', `the target (${have}) is not a subject of the statement (${statement.subject.length} subject(s))`);
}

;// CONCATENATED MODULE: ./packages/verify/dist/verify.js
/**
 * Verification of a target against attestations: pure over data (trust material, clock, target digests and
 * bundle JSON in; a report out). Every check runs and is reported; nothing stops at the first failure.
 */











const BUNDLE_MEDIA_TYPES = {
    'application/vnd.dev.sigstore.bundle+json;version=0.1': 'v0.1',
    'application/vnd.dev.sigstore.bundle+json;version=0.2': 'v0.2',
    'application/vnd.dev.sigstore.bundle+json;version=0.3': 'v0.3',
    [core_dist/* MEDIA_SIGSTORE_BUNDLE_V03 */.L0]: 'v0.3',
};
/** Unverified DSSE payloads up to this size are read for the predicate type they claim (for the report only). */
const CLAIM_PEEK_BYTES = 1024 * 1024;
const INSECURE_FLAG_NAMES = {
    ignoreTlog: '--insecure-ignore-tlog',
    ignoreSct: '--insecure-ignore-sct',
};
function decode(input, trust) {
    if (input.unreadable)
        return { input, bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `cannot be read: ${input.unreadable}`) };
    const max = (0,core_dist/* limits */.Fy)().bundleBytes;
    if (input.size > max) {
        return {
            input,
            bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `${core_dist/* LIMIT_SPECS */.jO.bundleBytes.code}: the bundle is ${input.size} bytes, over the limit of ${(0,core_dist/* formatLimit */.tW)('bundleBytes', max)} (${core_dist/* LIMIT_SPECS */.jO.bundleBytes.env})`),
        };
    }
    const json = input.json;
    if (!json || typeof json !== 'object' || Array.isArray(json))
        return { input, bundleCheck: (0,dist_report/* fail */.fJ)('bundle', 'not a Sigstore bundle (not a JSON object)') };
    const version = typeof json.mediaType === 'string' ? BUNDLE_MEDIA_TYPES[json.mediaType] : undefined;
    if (!version) {
        return {
            input,
            bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `unsupported bundle media type ${JSON.stringify(json.mediaType ?? null)} (Custody reads bundles v0.1, v0.2 and v0.3)`),
        };
    }
    let bundle;
    try {
        // A large DSSE payload is decoded from base64 once, here: the protobuf decoder would copy it three times, which
        // for a hostile 64 MiB bundle is the difference between staying well inside the memory budget and not.
        const env = json.dsseEnvelope;
        let payload;
        let forDecoder = json;
        if (env && typeof env === 'object' && typeof env.payload === 'string' && env.payload.length > 64 * 1024) {
            payload = Buffer.from(env.payload, 'base64');
            forDecoder = { ...json, dsseEnvelope: { ...env, payload: 'AA==' } };
        }
        bundle = (0,bundle_dist.bundleFromJSON)(forDecoder);
        if (payload && bundle.content.$case === 'dsseEnvelope')
            bundle.content.dsseEnvelope.payload = payload;
    }
    catch (err) {
        return { input, bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `invalid ${version} bundle: ${err.message}`) };
    }
    const vm = bundle.verificationMaterial.content;
    if (vm.$case === 'x509CertificateChain') {
        const certs = vm.x509CertificateChain.certificates;
        try {
            // Only the leaf is used, and trust anchors come from the trusted root, never from the bundle: a root
            // (self-signed) certificate in the chain is refused. One exception, for the bundles npm's registry served in
            // 2023: a v0.1 bundle read from an npm attestations document may end with a root the trusted root already has.
            for (const [i, c] of certs.entries()) {
                if (i === 0)
                    continue;
                const cert = _sigstore_core_dist.X509Certificate.parse(Buffer.from(c.rawBytes));
                if (!cert.issuer.equals(cert.subject))
                    continue;
                const npmV01 = version === 'v0.1' && input.origin === 'npm-attestations' && i === certs.length - 1;
                if (!npmV01) {
                    return {
                        input,
                        bundle,
                        bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `the certificate chain in the bundle includes a root (self-signed) certificate at position ${i}; a ${version} bundle must carry the signing certificate (and intermediates) only, trust anchors come from the trusted root`),
                    };
                }
                const trusted = trust.material.certificateAuthorities.some((ca) => ca.certChain.some((x) => x.equals(cert)));
                if (!trusted) {
                    return {
                        input,
                        bundle,
                        bundleCheck: (0,dist_report/* fail */.fJ)('bundle', 'the certificate chain in the bundle includes a root certificate that is not in the trusted root'),
                    };
                }
            }
        }
        catch (err) {
            return { input, bundleCheck: (0,dist_report/* fail */.fJ)('bundle', `a certificate in the bundle cannot be parsed: ${err.message}`) };
        }
    }
    return {
        input,
        bundle,
        bundleCheck: (0,dist_report/* pass */.IX)('bundle', `Sigstore bundle ${version}, ${bundle.content.$case === 'dsseEnvelope' ? 'DSSE envelope' : 'message signature'}`),
    };
}
function signerInfo(keyBased, id, key, hint) {
    if (keyBased || !id) {
        return { kind: 'key', ...(key ? { identity: key.source } : hint ? { identity: `key ${hint}` } : {}) };
    }
    return {
        kind: 'certificate',
        ...(id.san ? { identity: id.san } : {}),
        ...(id.issuer ? { issuer: id.issuer } : {}),
        extensions: id.extensions,
    };
}
/** The best-matching identity when several are allowed: any full match passes; otherwise the closest is reported. */
function bestIdentity(policies, id) {
    let best;
    for (const [i, p] of policies.entries()) {
        const checks = (0,identity/* identityChecks */.YI)(p, id);
        if (checks.every((c) => c.status === 'pass'))
            return checks;
        const tagged = checks.map((c) => c.status === 'fail' && policies.length > 1 ? { ...c, reason: `${c.reason} (allowed identity ${i + 1} of ${policies.length})` } : c);
        if (!best || tagged.filter((c) => c.status === 'fail').length < best.filter((c) => c.status === 'fail').length)
            best = tagged;
    }
    return best ?? [];
}
/** Verifies a target against a list of attestations (see startVerification, which this runs). */
function verifyTarget(target, inputs, options) {
    const v = startVerification(target, options);
    for (const input of inputs)
        v.add(input);
    return v.finish();
}
/**
 * Verification one attestation at a time, so that the caller can read, verify and drop each (a registry may hold
 * many large attestations: their sizes add up only if they are all held at once).
 */
function startVerification(target, options) {
    const now = options.clock.now();
    const insecure = options.insecure ?? {};
    const flagsIdentity = options.identity ?? {};
    let count = 0;
    const policyHasIdentities = Boolean(options.policy && (options.policy.identities || Object.values(options.policy.predicates).some((p) => p.identities)));
    if ((flagsIdentity.signerRepo || flagsIdentity.signerWorkflow) && !(0,identity/* hasSignerConstraint */.CX)(flagsIdentity) && !policyHasIdentities) {
        throw new errors/* VerifyInputError */.oY('VERIFY_IDENTITY_REQUIRED', `${flagsIdentity.signerRepo ? '--signer-repo' : '--signer-workflow'} names the signing (reusable) workflow, not the source repository: alone it accepts builds of any repository that calls that workflow.`, {
            hint: 'Add --owner ORG or --repo ORG/REPO (the source repository built), or give --certificate-identity / --certificate-identity-regexp with --certificate-oidc-issuer, or identities in --policy.',
        });
    }
    // Keyless bundles with no expected signer: the run cannot decide anything about them. With --key keys given they
    // are ignored (reported as such); otherwise the command is missing its identity flags.
    const userKeys = options.trust.keys.some((k) => k.usage === undefined);
    const checkKeyless = () => {
        if (!userKeys && !(0,identity/* hasSignerConstraint */.CX)(flagsIdentity) && !policyHasIdentities) {
            throw new errors/* VerifyInputError */.oY('VERIFY_IDENTITY_REQUIRED', 'a keyless (certificate) bundle needs an expected signer identity.', {
                hint: 'Pass --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, or a shorthand such as --owner ORG or --repo ORG/REPO, or identities in --policy.',
            });
        }
        if ((flagsIdentity.san || flagsIdentity.sanRegexp) && !flagsIdentity.issuer && !flagsIdentity.issuerRegexp) {
            throw new errors/* VerifyInputError */.oY('VERIFY_IDENTITY_REQUIRED', 'a certificate identity was given without its OIDC issuer.', {
                hint: 'Add --certificate-oidc-issuer, e.g. https://token.actions.githubusercontent.com.',
            });
        }
    };
    // Identity constraints apply: then at least one attestation must have had its signer identity checked and matched.
    const identityApplies = (0,identity/* hasAnyConstraint */.mo)(flagsIdentity) || policyHasIdentities;
    // --predicate-type and the policy's requiredPredicateTypes are joined; with neither, SLSA Provenance v1 when a
    // verified attestation holds a statement (decided after the loop: an unverified bundle cannot change the rule).
    const policyTypes = options.policy?.requiredPredicateTypes ?? [];
    const explicitRequired = options.requiredPredicateTypes === undefined && policyTypes.length === 0
        ? undefined
        : [...new Set([...(options.requiredPredicateTypes ?? []), ...policyTypes])];
    // A predicate type the policy has rules for (`predicates: {T: {sbom|expressions|maxAge}}`) is required as well:
    // otherwise an attestation that breaks those rules would only be ignored, and a missing one never noticed.
    const ruledTypes = Object.entries(options.policy?.predicates ?? {})
        .filter(([, r]) => r.expressions.length > 0 || r.maxAgeSeconds !== undefined || hasSbomRules(r.sbom))
        .map(([t]) => t);
    const notes = [...(target.notes ?? [])];
    // As with cosign, a regular expression matches anywhere in the identity: one without ^ (and $) also accepts an
    // identity that merely contains what it names (https://github.com/evil/x/…/https://github.com/acme/app/…). Said.
    const regexps = [
        ['--certificate-identity-regexp', flagsIdentity.sanRegexp],
        ['--certificate-oidc-issuer-regexp', flagsIdentity.issuerRegexp],
        ...[
            ...(options.policy?.identities ?? []),
            ...Object.values(options.policy?.predicates ?? {}).flatMap((r) => r.identities ?? []),
        ].flatMap((p) => [
            ['policy identityRegexp', p.sanRegexp],
            ['policy issuerRegexp', p.issuerRegexp],
        ]),
    ];
    for (const [name, re] of regexps) {
        if (re === undefined || (re.startsWith('^') && re.endsWith('$')))
            continue;
        const n = `${name} /${re}/ is not anchored (${re.startsWith('^') ? 'no $' : 'no ^'}): it accepts any identity that contains a match; write ^…$`;
        if (!notes.includes(n))
            notes.push(n);
    }
    /** Per attestation: whether its signer identity was checked and matched (not skipped, not key-trust alone from npm). */
    const identityMatched = [];
    let npmIdentitySkipped = false;
    const attestations = [];
    const verifyOne = (d, index) => {
        identityMatched[index] = false;
        const checks = [d.bundleCheck];
        const report = { source: d.input.source, checks, passed: false, outcome: 'ignored' };
        if (d.mediaType !== undefined)
            report.mediaType = d.mediaType;
        const bundle = d.bundle;
        if (!bundle || d.bundleCheck.status === 'fail') {
            for (const id of ['signature', 'identity', 'subject'])
                checks.push((0,dist_report/* skip */.iv)(id, 'not checked: the bundle cannot be read'));
            return report;
        }
        report.content = bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature';
        const sig = verifySigstore(bundle, {
            trust: options.trust,
            now,
            skewSeconds: options.skewSeconds ?? 300,
            ignoreTlog: Boolean(insecure.ignoreTlog),
            ignoreSct: Boolean(insecure.ignoreSct),
            digests: target.digests,
            ...(target.bytes ? { artifact: target.bytes } : {}),
        });
        checks.push(...sig.checks);
        if (sig.signedAt.length)
            report.signedAt = sig.signedAt.map((t) => t.toISOString());
        const vm = bundle.verificationMaterial.content;
        const hint = vm.$case === 'publicKey' ? vm.publicKey.hint : undefined;
        // The identity as @sigstore/verify decoded it for a verified signer, else read from the (unverified) certificate.
        const certId = sig.keyBased || !sig.certificate
            ? undefined
            : sig.signer?.identity
                ? (0,identity/* signerIdentity */.Rc)(sig.signer.identity)
                : (0,identity/* certificateIdentity */.Wb)(sig.certificate);
        report.signer = signerInfo(sig.keyBased, certId, sig.trustedKey, hint);
        const npmKey = sig.keyBased && sig.trustedKey?.usage === 'npm:attestations';
        const keyTrusted = sig.keyBased && sig.checks.find((c) => c.id === 'signature.key')?.status === 'pass';
        if (keyTrusted && !sig.signedAt.length && !npmKey) {
            const n = `${d.input.source}: key-based bundle without a trusted timestamp; verified with timestamp and transparency-log thresholds of 0`;
            if (!notes.includes(n))
                notes.push(n);
        }
        // Content: the statement and its subject, or the message digest.
        let statement;
        const signatureVerified = checks.every((c) => c.status !== 'fail');
        if (bundle.content.$case === 'dsseEnvelope' && !signatureVerified) {
            // A payload whose signature did not verify is not read (a forged document of any size costs nothing more);
            // only a small one is peeked at for the predicate type it claims, so the report can say what was ignored.
            const env = bundle.content.dsseEnvelope;
            const claimed = env.payload.length <= CLAIM_PEEK_BYTES ? parseStatement(env.payloadType, env.payload).statement?.predicateType : undefined;
            if (claimed)
                report.predicateType = claimed;
            checks.push((0,dist_report/* skip */.iv)('statement', `not read: the signature did not verify${claimed ? ` (the payload claims predicate type ${claimed})` : ''}`));
            checks.push((0,dist_report/* skip */.iv)('subject', 'not checked: the signature did not verify'));
        }
        else if (bundle.content.$case === 'dsseEnvelope') {
            const env = bundle.content.dsseEnvelope;
            const parsed = parseStatement(env.payloadType, env.payload);
            checks.push(parsed.check);
            statement = parsed.statement;
            if (statement) {
                report.predicateType = statement.predicateType;
                checks.push(subjectCheck(statement, target.digests));
            }
            else {
                checks.push((0,dist_report/* skip */.iv)('subject', 'not checked: no readable statement'));
            }
        }
        else {
            const alg = messageDigestAlgorithm(bundle);
            const ms = bundle.content.messageSignature;
            const signed = ms.messageDigest?.digest ? Buffer.from(ms.messageDigest.digest).toString('hex') : undefined;
            const have = target.digests[alg];
            checks.push(!signed
                ? (0,dist_report/* fail */.fJ)('subject', 'the message signature carries no digest')
                : !have
                    ? (0,dist_report/* fail */.fJ)('subject', `the signed digest is ${alg}; the target's ${alg} digest is not known (give the artifact file)`)
                    : signed === have
                        ? (0,dist_report/* pass */.IX)('subject', `signed ${alg} digest equals the target's (${alg}:${have.slice(0, 16)}…)`)
                        : (0,dist_report/* fail */.fJ)('subject', `signed digest ${alg}:${signed.slice(0, 16)}… is not the target's ${alg}:${have.slice(0, 16)}…`));
        }
        // npm registry keys sign npm publish attestations, served in npm attestations documents, and nothing else.
        if (npmKey) {
            const misuse = d.input.origin !== 'npm-attestations'
                ? `signed by ${report.signer.identity}: npm registry keys are trusted only for attestations read from an npm registry attestations document (a bundle file on its own is not one)`
                : statement?.predicateType !== PREDICATE_NPM_PUBLISH_V01
                    ? `signed by ${report.signer.identity}: npm registry keys are trusted only for npm publish attestations (${PREDICATE_NPM_PUBLISH_V01}); this bundle holds ${statement ? statement.predicateType : 'no statement'}`
                    : undefined;
            if (misuse) {
                const i = checks.findIndex((c) => c.id === 'signature.key');
                if (i >= 0 && checks[i].status !== 'fail')
                    checks[i] = (0,dist_report/* fail */.fJ)('signature.key', misuse);
                else if (i < 0)
                    checks.push((0,dist_report/* fail */.fJ)('signature.key', misuse));
            }
        }
        // Identity (keyless): flags, or the policy's identities for this predicate type.
        if (sig.keyBased) {
            if (!keyTrusted) {
                checks.push((0,dist_report/* skip */.iv)('identity', 'not checked: the bundle is not signed by a trusted key (see signature.key)'));
            }
            else if (npmKey && identityApplies) {
                checks.push((0,dist_report/* skip */.iv)('identity', `signed by the npm registry (${report.signer.identity}): identity is checked on the keyless attestations`));
                npmIdentitySkipped = true;
            }
            else {
                checks.push((0,dist_report/* pass */.IX)('identity', `key-based bundle: trust comes from ${report.signer.identity ?? 'the given key'}`));
                identityMatched[index] = !npmKey;
            }
        }
        else if (certId) {
            const fromPolicy = options.policy ? policyIdentities(options.policy, statement?.predicateType) : undefined;
            const flagsApply = (0,identity/* hasAnyConstraint */.mo)(flagsIdentity);
            const policies = [...(flagsApply ? [flagsIdentity] : []), ...(fromPolicy ?? [])];
            if (policies.length === 0 || (!fromPolicy && !(0,identity/* hasSignerConstraint */.CX)(flagsIdentity))) {
                checks.push((0,dist_report/* fail */.fJ)('identity', `no allowed signer for predicate type ${statement?.predicateType ?? '(none)'}: neither the flags nor the policy name one`));
            }
            else {
                // Flags and policy both apply: the flags must match, and one of the policy identities too.
                const ids = flagsApply && fromPolicy
                    ? [...(0,identity/* identityChecks */.YI)(flagsIdentity, certId), ...bestIdentity(fromPolicy, certId)]
                    : bestIdentity(policies, certId);
                checks.push(...ids);
                identityMatched[index] = ids.length > 0 && ids.every((c) => c.status === 'pass');
            }
        }
        // The policy: maxAge for every bundle; CEL and SBOM rules over the statement (they fail when there is none).
        // Only for an attestation whose every other check passed (signature, identity, statement, subject): a forged,
        // unsigned or foreign document never reaches the rules, so it cannot crash them or slow them down.
        const unverified = checks.filter((c) => c.status === 'fail');
        if (options.policy && unverified.length > 0) {
            checks.push((0,dist_report/* skip */.iv)('policy', `not evaluated: the attestation did not verify (${unverified.map((c) => c.id).join(', ')})`));
        }
        else if (options.policy) {
            checks.push(...policyChecks(options.policy, {
                ...(statement ? { statement } : {}),
                signer: { ...report.signer, extensions: report.signer.extensions ?? {} },
                signedAt: sig.signedAt,
                now,
            }));
        }
        report.passed = checks.every((c) => c.status !== 'fail');
        return report;
    };
    const add = (input) => {
        const mediaType = input.json?.mediaType;
        const d = decode(input, options.trust);
        if (typeof mediaType === 'string')
            d.mediaType = mediaType;
        // Once decoded, the JSON is not needed: released now (a large payload is held once, as the decoded bytes), and
        // only the report is kept after this attestation (the decoded bundle goes out of scope).
        input.json = undefined;
        if (d.bundle && d.bundle.verificationMaterial.content.$case !== 'publicKey')
            checkKeyless();
        attestations.push(verifyOne(d, count++));
    };
    const finish = () => {
        // The required predicate types, now that it is known which attestations verified.
        // The default (SLSA Provenance v1) applies when a verified attestation holds a statement, or, when none verified,
        // when any bundle holds one (the run fails either way; the required check then says which type was missing).
        const anyVerified = attestations.some((a) => a.passed);
        const anyStatement = attestations.some((a) => (a.passed || !anyVerified) && a.content === 'dsse');
        const required = [...new Set([...(explicitRequired ?? (anyStatement ? [core_dist/* PREDICATE_SLSA_PROVENANCE_V1 */.EK] : [])), ...ruledTypes])];
        // Gate semantics (as cosign and gh attestation verify): an attestation is used when it passed every check and is
        // of a required predicate type (any type when none is required); every other one is ignored, with its reason,
        // and never fails the run by itself.
        for (const a of attestations) {
            const t = a.predicateType;
            if (t !== undefined) {
                const wanted = required.length === 0 || required.includes(t);
                const at = a.checks.findIndex((c) => c.id === 'subject');
                const check = wanted
                    ? (0,dist_report/* pass */.IX)('predicate-type', `predicate type ${t}`)
                    : (0,dist_report/* skip */.iv)('predicate-type', `predicate type ${t} is not required here (${required.join(', ')})`);
                a.checks.splice(at >= 0 ? at + 1 : a.checks.length, 0, check);
            }
            const failedHere = a.checks.filter((c) => c.status === 'fail');
            if (failedHere.length > 0) {
                a.outcome = 'ignored';
                a.ignoredReason = ignoredReason(failedHere);
            }
            else if (required.length > 0 && (t === undefined || !required.includes(t))) {
                a.outcome = 'ignored';
                a.ignoredReason =
                    t === undefined
                        ? `verified, but it is a ${a.content === 'message-signature' ? 'message signature' : 'bundle without a statement'}, not an attestation of a required predicate type`
                        : `verified, but its predicate type ${t} is not required here`;
            }
            else
                a.outcome = 'used';
        }
        const used = attestations.filter((a) => a.outcome === 'used');
        const ignored = attestations.filter((a) => a.outcome === 'ignored');
        const checks = [];
        const ignoredNote = ignored.length ? `; ${ignored.length} ignored` : '';
        if (attestations.length === 0)
            checks.push((0,dist_report/* fail */.fJ)('attestations', 'no attestation was given or found for the target'));
        else if (used.length > 0)
            checks.push((0,dist_report/* pass */.IX)('attestations', `${used.length} attestation(s) verified and used${ignoredNote}`));
        else if (required.length === 0)
            checks.push((0,dist_report/* fail */.fJ)('attestations', `no attestation verified: ${ignoredSummary(ignored)}`));
        else
            checks.push((0,dist_report/* skip */.iv)('attestations', `no attestation of a required predicate type verified${ignoredNote} (see the required:… checks)`));
        if (identityApplies) {
            // This makes sure one of the attestations used was actually held to the expected identity.
            const matched = attestations.filter((a, i) => a.outcome === 'used' && identityMatched[i]).length;
            checks.push(used.length === 0
                ? (0,dist_report/* skip */.iv)('identity', 'not checked: no attestation verified')
                : matched > 0
                    ? (0,dist_report/* pass */.IX)('identity', `${matched} attestation(s) matched the expected signer identity`)
                    : (0,dist_report/* fail */.fJ)('identity', `no attestation matched the expected signer identity (identity flags or policy identities)${npmIdentitySkipped ? '; attestations signed by the npm registry key are not checked against it, so they cannot satisfy it alone: give the keyless provenance too' : ''}`));
        }
        // SBOM rules state facts about the artifact: a verified SBOM of the target (signature, signer, statement and
        // subject all pass) that breaks them fails the run, even beside another SBOM that passes them or when no SBOM
        // type is required. It is not "another attestation" that may be ignored: it is the evidence the rules look for.
        const sbomBreaches = attestations.filter((a) => a.content === 'dsse' &&
            a.predicateType !== undefined &&
            a.checks.some((c) => c.status === 'fail' && c.id.startsWith('policy.sbom')) &&
            a.checks.every((c) => c.status !== 'fail' || c.id.startsWith('policy.')));
        if (sbomBreaches.length > 0) {
            checks.push((0,dist_report/* fail */.fJ)('policy.sbom', `${sbomBreaches.length} verified SBOM(s) of the target break the SBOM rules: ${sbomBreaches.map((a) => `${a.source}: ${ignoredReason(a.checks.filter((c) => c.status === 'fail' && c.id.startsWith('policy.sbom')))}`).join(' | ')}`));
        }
        for (const type of required) {
            const found = used.filter((a) => a.predicateType === type).length;
            // The ignored attestations that claim this type, or whose type could not be read (it might have been this one).
            const candidates = ignored.filter((a) => a.predicateType === type || a.predicateType === undefined);
            checks.push(found > 0
                ? (0,dist_report/* pass */.IX)(`required:${type}`, `${found} verified attestation(s) of ${type}`)
                : (0,dist_report/* fail */.fJ)(`required:${type}`, `no attestation of type ${type} verified: ${ignoredSummary(candidates)}`));
        }
        const insecureFlags = Object.keys(INSECURE_FLAG_NAMES)
            .filter((k) => insecure[k])
            .map((k) => INSECURE_FLAG_NAMES[k]);
        const passed = checks.every((c) => c.status !== 'fail');
        return {
            schema: dist_report/* REPORT_SCHEMA */.DC,
            target: { name: target.name, digests: target.digests, ...(target.resolved ? { resolved: target.resolved } : {}) },
            passed,
            exitCode: passed ? 0 : 1,
            verifiedAt: now.toISOString(),
            trustRoot: options.trust.source,
            insecure: insecureFlags,
            notes,
            checks,
            attestations,
            ignored: ignored.map((a) => ({
                source: a.source,
                ...(a.predicateType ? { predicateType: a.predicateType } : {}),
                reason: a.ignoredReason,
            })),
        };
    };
    return { add, finish };
}
/** Why an attestation is ignored: its failed checks, each with its reason (long reasons shortened). */
function ignoredReason(failed) {
    const short = (r) => (r.length > 240 ? `${r.slice(0, 237)}...` : r);
    return failed.map((c) => `${c.id}: ${short(c.reason)}`).join('; ');
}
/** "N ignored (source: reason; …)", or that there were none. */
function ignoredSummary(list) {
    if (list.length === 0)
        return 'none found';
    return `${list.length} ignored (${list.map((a) => `${a.source}: ${a.ignoredReason}`).join(' | ')})`;
}

;// CONCATENATED MODULE: ./packages/verify/dist/vsa.js
/** An in-toto Verification Summary Attestation (https://slsa.dev/verification_summary/v1) for a report. */


function buildVsa(report, o) {
    const sha256 = (b) => (0,external_node_crypto_.createHash)('sha256').update(b).digest('hex');
    const digest = { ...report.target.digests };
    return (0,core_dist/* makeStatement */.UT)([{ name: report.target.name, digest }], core_dist/* PREDICATE_VSA_V1 */.ZC, {
        verifier: { id: `${core_dist/* CUSTODY_URL */.Ms}/verify`, version: { custody: core_dist/* CUSTODY_VERSION */.NP } },
        timeVerified: report.verifiedAt,
        resourceUri: o.resourceUri,
        policy: o.policy ? { uri: o.policy.uri, digest: { sha256: sha256(o.policy.bytes) } } : {},
        inputAttestations: o.inputs.map((i) => ({ uri: i.uri, digest: { sha256: 'sha256' in i ? i.sha256 : sha256(i.bytes) } })),
        verificationResult: report.passed ? 'PASSED' : 'FAILED',
        verifiedLevels: report.passed ? [...(o.verifiedLevels ?? [])].sort() : ['FAILED'],
        slsaVersion: '1.0',
    });
}

;// CONCATENATED MODULE: ./packages/verify/dist/tuf.js



/** GitHub's Sigstore instance TUF repository (trusted_root.json for GitHub-signed attestations). */
const GITHUB_TUF_URL = 'https://tuf-repo.github.com';
async function refreshTrustedRoot(options) {
    return boundedTuf(options, async (tufOptions) => (await Promise.all(/* import() */[__webpack_require__.e(335), __webpack_require__.e(694)]).then(__webpack_require__.t.bind(__webpack_require__, 4423, 19))).getTrustedRoot(tufOptions), 'Check network access to the TUF mirror, or verify offline with the embedded root (the default) or --trusted-root FILE.');
}
/**
 * The trusted_root.json target of a TUF repository, as served (the bytes TUF verified against the signed targets
 * metadata, not a re-serialization), after a refresh of the metadata chain from the repository's root.
 */
async function fetchTrustedRootTarget(options) {
    return boundedTuf(options, async (tufOptions) => (await (await Promise.all(/* import() */[__webpack_require__.e(335), __webpack_require__.e(694)]).then(__webpack_require__.t.bind(__webpack_require__, 4423, 19))).initTUF(tufOptions)).getTarget('trusted_root.json'), "Check network access to the TUF mirror and that --tuf-root is that repository's root.json, or verify offline with the embedded root (the default) or --trusted-root FILE.");
}
/**
 * Runs one TUF refresh bounded: each request within the connect + idle limits (tuf-js aborts the request and its
 * body), retries at most CUSTODY_HTTP_RETRIES, metadata sizes by tuf-js's own maxima, and the whole refresh within
 * the deadline limit. Failures other than a limit become VERIFY_TUF_REFRESH_FAILED with `hint`.
 */
async function boundedTuf(options, work, hint) {
    const mirrorURL = options.mirrorURL ?? PUBLIC_GOOD_TUF_URL;
    const bound = (0,core_dist/* limits */.Fy)();
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new core_dist/* LimitError */.oC('httpDeadlineMs', `the trusted-root refresh from ${mirrorURL} was not done within ${(0,core_dist/* formatLimit */.tW)('httpDeadlineMs', bound.httpDeadlineMs)}.`)), bound.httpDeadlineMs);
        timer.unref();
    });
    try {
        return await Promise.race([
            work({
                cachePath: options.cacheDir,
                mirrorURL,
                force: options.force ?? false,
                timeout: bound.httpConnectMs + bound.httpIdleMs,
                retry: bound.httpRetries,
                ...(options.rootPath ? { rootPath: options.rootPath } : {}),
            }),
            deadline,
        ]);
    }
    catch (err) {
        if (err instanceof core_dist/* LimitError */.oC)
            throw err;
        throw new errors/* VerifyInputError */.oY('VERIFY_TUF_REFRESH_FAILED', `cannot refresh the trusted root from ${mirrorURL}: ${(0,core_dist/* describeCause */.V$)(err)}.`, {
            hint,
            cause: err,
        });
    }
    finally {
        clearTimeout(timer);
    }
}

;// CONCATENATED MODULE: ./packages/verify/dist/cosign.js
/**
 * cosign's legacy attestation form (an OCI `sha256-<hex>.att` manifest whose layers are DSSE envelopes, with the
 * certificate, chain and Rekor SET in layer annotations) turned into the equivalent Sigstore bundle v0.1, so the
 * same verifier checks it: certificate at the log's integrated time (SET-verified), the SET, the log entry against
 * the envelope, the DSSE signature.
 */


const COSIGN_ANNOTATION_CERTIFICATE = 'dev.sigstore.cosign/certificate';
const COSIGN_ANNOTATION_BUNDLE = 'dev.sigstore.cosign/bundle';
function pemToDerBase64(pem) {
    const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    // Parse to be sure it is a certificate; throws otherwise.
    _sigstore_core_dist.X509Certificate.parse(Buffer.from(b64, 'base64'));
    return b64;
}
/** Returns the bundle JSON, or a reason why the layer cannot be one. */
function cosignLegacyToBundle(envelope, annotations) {
    let env;
    try {
        env = (0,core_dist/* parseJsonBounded */.Xg)(Buffer.from(envelope).toString('utf8'), { what: 'the cosign layer (DSSE envelope)', maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof core_dist/* CustodyError */.Kf)
            return { reason: `${err.code}: ${err.message}` };
        return { reason: 'the cosign layer is not a JSON DSSE envelope' };
    }
    const cert = annotations[COSIGN_ANNOTATION_CERTIFICATE];
    const rekor = annotations[COSIGN_ANNOTATION_BUNDLE];
    if (!cert)
        return { reason: 'the cosign layer has no certificate annotation (key-signed legacy attestations are not supported)' };
    if (!rekor)
        return { reason: 'the cosign layer has no Rekor bundle annotation: no log entry and no trusted time' };
    try {
        const r = (0,core_dist/* parseJsonBounded */.Xg)(rekor, { what: 'the cosign Rekor bundle annotation', maxBytes: 'bundleBytes' });
        const body = (0,core_dist/* parseJsonBounded */.Xg)(Buffer.from(r.Payload.body, 'base64').toString('utf8'), {
            what: 'the cosign Rekor entry body',
            maxBytes: 'bundleBytes',
        });
        return {
            bundle: {
                mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
                verificationMaterial: {
                    x509CertificateChain: { certificates: [{ rawBytes: pemToDerBase64(cert) }] },
                    tlogEntries: [
                        {
                            logIndex: String(r.Payload.logIndex),
                            logId: { keyId: Buffer.from(r.Payload.logID, 'hex').toString('base64') },
                            kindVersion: { kind: body.kind, version: body.apiVersion },
                            integratedTime: String(r.Payload.integratedTime),
                            inclusionPromise: { signedEntryTimestamp: r.SignedEntryTimestamp },
                            canonicalizedBody: r.Payload.body,
                        },
                    ],
                    timestampVerificationData: { rfc3161Timestamps: [] },
                },
                dsseEnvelope: env,
            },
        };
    }
    catch (err) {
        return { reason: `the cosign annotations cannot be read (${err.message})` };
    }
}

;// CONCATENATED MODULE: ./packages/verify/dist/index.js





/** The policy file parser, loaded on demand (it brings the YAML parser and the CEL compiler). */
async function loadPolicyParser() {
    return Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(848)]).then(__webpack_require__.bind(__webpack_require__, 9848));
}







/***/ }),

/***/ 2071:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ licensePattern),
/* harmony export */   QC: () => (/* binding */ isNoAssertion),
/* harmony export */   Uf: () => (/* binding */ readLicense),
/* harmony export */   bT: () => (/* binding */ evaluateLicense)
/* harmony export */ });
/* unused harmony exports normalizeLicenseId, parseLicenseExpression */
/**
 * SPDX license expressions (SPDX 2.3 annex D) for license rules: `MIT OR Apache-2.0`, `(A AND B)`,
 * `GPL-2.0-only WITH Classpath-exception-2.0`, `LicenseRef-…`, `GPL-2.0+`. Ids are compared case-insensitively
 * (SPDX license ids are), the deprecated GNU ids (`GPL-2.0`, `GPL-2.0+`) as their current ones
 * (`GPL-2.0-only`, `GPL-2.0-or-later`), and any other `X+` ("X or later") as X.
 */
/** The values SPDX uses for "no license information": not a license. */
function isNoAssertion(text) {
    return /^(NOASSERTION|NONE)$/i.test(text.trim());
}
/** One id as compared: lowercase, deprecated GNU ids mapped to their -only / -or-later forms, `+` dropped. */
function normalizeLicenseId(id) {
    const gnu = /^(AGPL|GPL|LGPL|GFDL)-(\d+(?:\.\d+)?)(\+)?$/i.exec(id);
    if (gnu)
        return `${gnu[1]}-${gnu[2]}-${gnu[3] ? 'or-later' : 'only'}`.toLowerCase();
    return id.replace(/\+$/, '').toLowerCase();
}
function tokenize(text) {
    return text
        .replace(/([()])/g, ' $1 ')
        .split(/\s+/)
        .filter(Boolean);
}
const OPERATOR = /^(AND|OR|WITH)$/i;
/** Parses an expression; throws (a plain Error) when it is not one. Operators are read in any case. */
function parseLicenseExpression(text) {
    const tokens = tokenize(text);
    let i = 0;
    const peek = () => tokens[i];
    const isOp = (t, op) => t !== undefined && t.toUpperCase() === op;
    const primary = () => {
        const t = tokens[i++];
        if (t === undefined)
            throw new Error('the expression ends early');
        if (t === '(') {
            const e = or();
            if (tokens[i++] !== ')')
                throw new Error('a "(" is not closed');
            return e;
        }
        if (t === ')' || OPERATOR.test(t))
            throw new Error(`"${t}" where a license id was expected`);
        if (!/^[A-Za-z0-9.\-:+]+$/.test(t))
            throw new Error(`"${t}" is not a license id`);
        if (isOp(peek(), 'WITH')) {
            i++;
            const exc = tokens[i++];
            if (exc === undefined || exc === '(' || exc === ')' || OPERATOR.test(exc))
                throw new Error('WITH needs an exception id');
            return { op: 'license', id: t, exception: exc };
        }
        return { op: 'license', id: t };
    };
    const and = () => {
        const items = [primary()];
        while (isOp(peek(), 'AND')) {
            i++;
            items.push(primary());
        }
        return items.length === 1 ? items[0] : { op: 'and', items };
    };
    const or = () => {
        const items = [and()];
        while (isOp(peek(), 'OR')) {
            i++;
            items.push(and());
        }
        return items.length === 1 ? items[0] : { op: 'or', items };
    };
    const e = or();
    if (i !== tokens.length)
        throw new Error(`unexpected "${tokens[i]}"`);
    return e;
}
/**
 * Reads license text from an SBOM: an SPDX expression, or when it is not one, the conjunction of every id-like
 * word in it (so that no license in it is ignored), or when it has none of those, one opaque license name.
 */
function readLicense(text) {
    // Compatibility forms (fullwidth letters) and Unicode dashes are the ASCII ones, so a look-alike spelling
    // ("GPL‐3.0-only" with U+2010) is the license it looks like.
    const plain = text.normalize('NFKC').replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
    try {
        return { expr: parseLicenseExpression(plain), parsed: true };
    }
    catch {
        // Every id-like run in it, whatever separates them (spaces, commas, slashes, semicolons, quotes): a deny rule
        // must not be escaped by punctuation glued to an id ("GPL-3.0-only;", "GPL-3.0-only/MIT").
        const ids = plain.split(/[^A-Za-z0-9.\-:+]+/).filter((t) => t !== '' && !OPERATOR.test(t));
        if (ids.length === 0)
            return { expr: { op: 'license', id: text.trim() }, parsed: false };
        return {
            expr: ids.length === 1 ? { op: 'license', id: ids[0] } : { op: 'and', items: ids.map((id) => ({ op: 'license', id })) },
            parsed: false,
        };
    }
}
function glob(pattern) {
    return new RegExp(`^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`, 'i');
}
/**
 * Compiles a rule entry; throws (a plain Error) when it is an expression rather than one license: an id or glob
 * (`GPL-3.0-*`), a license name as an SBOM may carry it (CycloneDX `license.name`), or `ID WITH EXCEPTION`.
 */
function licensePattern(text) {
    const words = text.trim().split(/\s+/);
    if (words.some((w) => /^(AND|OR)$/i.test(w)) || /[()]/.test(text)) {
        throw new Error('it is an expression; list each license as its own entry (AND, OR and parentheses belong in SBOMs, not in rules)');
    }
    const withAt = words.findIndex((w) => /^WITH$/i.test(w));
    if (withAt >= 0 && (withAt !== 1 || words.length !== 3))
        throw new Error('WITH must stand between one license id and one exception id');
    const id = withAt >= 0 ? words[0] : text.trim();
    const idRe = glob(normalizeLicenseId(id));
    const raw = glob(id);
    const excRe = withAt >= 0 ? glob(words[2]) : undefined;
    return {
        text,
        withException: excRe !== undefined,
        test: (l) => (idRe.test(normalizeLicenseId(l.id)) || raw.test(l.id)) &&
            (excRe === undefined || (l.exception !== undefined && excRe.test(l.exception))),
    };
}
/**
 * Whether an expression can be satisfied under the rules: `A OR B` when either can, `A AND B` when both can.
 * A license is acceptable when no deny entry matches it and, with an allow list, an allow entry does. A deny
 * entry without WITH matches the license with or without an exception; an allow entry without WITH allows the
 * license with any exception (an exception only grants more).
 */
function evaluateLicense(expr, denied, allowed) {
    if (expr.op === 'license') {
        const shown = expr.exception ? `${expr.id} WITH ${expr.exception}` : expr.id;
        // A denied license written in the exception's place ("MIT WITH GPL-3.0-only") is still that license.
        if (denied.some((d) => d.test(expr) || (expr.exception !== undefined && !d.withException && d.test({ id: expr.exception })))) {
            return { ok: false, problems: [`${shown} (denied)`] };
        }
        if (allowed.length && !allowed.some((a) => a.test(expr)))
            return { ok: false, problems: [`${shown} (not in allowedLicenses)`] };
        return { ok: true, problems: [] };
    }
    const parts = expr.items.map((e) => evaluateLicense(e, denied, allowed));
    if (expr.op === 'and')
        return { ok: parts.every((p) => p.ok), problems: parts.flatMap((p) => p.problems) };
    return parts.some((p) => p.ok) ? { ok: true, problems: [] } : { ok: false, problems: parts.flatMap((p) => p.problems) };
}


/***/ }),

/***/ 7523:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ parsePurl),
/* harmony export */   eH: () => (/* binding */ PurlError),
/* harmony export */   wq: () => (/* binding */ purlPattern)
/* harmony export */ });
/* unused harmony exports formatPurl, purlMatches */
/**
 * Package URLs as the purl specification defines them (https://github.com/package-url/purl-spec,
 * docs/specification: "How to parse"), for policy matching: `pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH`.
 *
 * Two purls that spell one package differently (`%40scope` and `@scope`, `1.0.0%2Bbuild` and `1.0.0+build`,
 * `pkg:PyPI/Jinja_2`, qualifiers in another order) parse to the same components; `purlMatches` compares those
 * components, never the text. @custody/sbom has its own purl builder: packages do not import each other.
 */
/** A purl that cannot be parsed; the message says what is wrong with it. */
class PurlError extends Error {
    name = 'PurlError';
}
/** Stands for `*` in a pattern's namespace, name or version (a raw `*`; `%2A` is a literal asterisk). */
const WILD = '\u0000';
const TYPE_RE = /^[a-z][a-z0-9.-]*$/;
const KEY_RE = /^[a-z][a-z0-9._-]*$/;
/**
 * Namespace and name case per type, from the purl-spec type definitions (`case_sensitive: false`: compared
 * lowercase). Types not listed are case-sensitive.
 */
const CASE_INSENSITIVE_NAMESPACE = new Set([
    'alpm',
    'apk',
    'bitbucket',
    'brew',
    'composer',
    'deb',
    'github',
    'hex',
    'luarocks',
    'qpkg',
    'rpm',
    'vscode-extension',
    'yocto',
]);
const CASE_INSENSITIVE_NAME = new Set([
    'alpm',
    'apk',
    'bitbucket',
    'bitnami',
    'brew',
    'chrome-extension',
    'composer',
    'deb',
    'github',
    'hex',
    'luarocks',
    'oci',
    'otp',
    'pub',
    'pypi',
    'vscode-extension',
]);
const CASE_INSENSITIVE_VERSION = new Set(['huggingface', 'oci', 'pypi', 'vscode-extension']);
/**
 * Compared lowercase for matching although the spec keeps their case: the registries treat names that differ
 * only in case as one package. npm has refused new names with capitals since 2015 and names that differ from an
 * existing one only in case or punctuation since 2017; NuGet package ids are case-insensitive. A deny rule must
 * not be escaped by capitalisation.
 */
const MATCH_CASE_INSENSITIVE = new Set(['npm', 'nuget']);
function decode(text, what, wildcards) {
    const one = (s) => {
        try {
            return decodeURIComponent(s);
        }
        catch {
            throw new PurlError(`the ${what} "${text}" has a malformed percent-encoding (write % as %25)`);
        }
    };
    const out = wildcards ? text.split('*').map(one).join(WILD) : one(text);
    if (/[\u0000-\u001f\u007f]/.test(wildcards ? out.split(WILD).join('') : out))
        throw new PurlError(`the ${what} "${text}" holds a control character`);
    return out;
}
/** Parses a purl (spec "How to parse", right to left), applying the spec's per-type normalisation. */
function parsePurl(text, options = {}) {
    const wild = options.wildcards === true;
    if (typeof text !== 'string' || text === '')
        throw new PurlError('the purl is empty');
    if (/\s/.test(text))
        throw new PurlError('it contains whitespace (percent-encode it: a space is %20)');
    let rest = text;
    let subpath;
    const hash = rest.lastIndexOf('#');
    if (hash >= 0) {
        const segs = rest
            .slice(hash + 1)
            .split('/')
            .map((s) => decode(s, 'subpath segment', false))
            .filter((s) => s !== '' && s !== '.' && s !== '..');
        if (segs.some((s) => s.includes('/')))
            throw new PurlError('a subpath segment contains an encoded "/"');
        if (segs.length)
            subpath = segs.join('/');
        rest = rest.slice(0, hash);
    }
    const qualifiers = {};
    const question = rest.lastIndexOf('?');
    if (question >= 0) {
        for (const pair of rest.slice(question + 1).split('&')) {
            if (pair === '')
                continue;
            const eq = pair.indexOf('=');
            if (eq < 0)
                throw new PurlError(`the qualifier "${pair}" has no "=" (write key=value)`);
            const key = pair.slice(0, eq).toLowerCase();
            if (!KEY_RE.test(key))
                throw new PurlError(`the qualifier key "${pair.slice(0, eq)}" is not valid (letters, digits, ".", "-", "_", starting with a letter; not percent-encoded)`);
            if (key in qualifiers)
                throw new PurlError(`the qualifier "${key}" appears twice`);
            const value = decode(pair.slice(eq + 1), `value of qualifier "${key}"`, false);
            if (value !== '')
                qualifiers[key] = value;
        }
        rest = rest.slice(0, question);
    }
    const colon = rest.indexOf(':');
    if (colon < 0 || rest.slice(0, colon).toLowerCase() !== 'pkg')
        throw new PurlError('it does not start with "pkg:"');
    rest = rest.slice(colon + 1).replace(/^\/+/, '');
    const slash = rest.indexOf('/');
    if (slash < 0)
        throw new PurlError('it has no "/" after the type: write pkg:TYPE/NAME');
    const type = rest.slice(0, slash).toLowerCase();
    if (!TYPE_RE.test(type)) {
        throw new PurlError(`the type "${rest.slice(0, slash)}" is not valid (ASCII letters, digits, ".", "-", starting with a letter; not percent-encoded)`);
    }
    rest = rest.slice(slash + 1).replace(/\/+$/, '');
    // The version follows the last "@" -- unless that "@" opens a path segment, as an unencoded npm scope does
    // (pkg:npm/@babel/core). An "@" opening the last segment leaves no name (pkg:maven/@1.3.4).
    let version;
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
        const lastSlash = rest.lastIndexOf('/');
        const opensSegment = at === 0 || rest[at - 1] === '/';
        if (!opensSegment || at > lastSlash) {
            if (opensSegment)
                throw new PurlError('it has no name before the "@" of the version');
            version = decode(rest.slice(at + 1), 'version', wild);
            if (version === '')
                throw new PurlError('the version after "@" is empty (leave out the "@" to mean any version)');
            rest = rest.slice(0, at).replace(/\/+$/, '');
        }
    }
    const segments = rest.split('/').filter((s) => s !== '');
    const rawName = segments.pop();
    if (rawName === undefined)
        throw new PurlError('it has no name');
    let name = decode(rawName, 'name', wild);
    if (name === '')
        throw new PurlError('it has no name');
    const ns = segments.map((s) => decode(s, 'namespace segment', wild));
    if (ns.some((s) => s.includes('/')))
        throw new PurlError('a namespace segment contains an encoded "/"');
    let namespace = ns.length ? ns.join('/') : undefined;
    if (namespace !== undefined && CASE_INSENSITIVE_NAMESPACE.has(type))
        namespace = namespace.toLowerCase();
    if (CASE_INSENSITIVE_NAME.has(type))
        name = name.toLowerCase();
    if (type === 'pypi')
        name = name.replace(/_/g, '-');
    if (version !== undefined && CASE_INSENSITIVE_VERSION.has(type))
        version = version.toLowerCase();
    return {
        type,
        ...(namespace !== undefined ? { namespace } : {}),
        name,
        ...(version !== undefined ? { version } : {}),
        qualifiers,
        ...(subpath !== undefined ? { subpath } : {}),
    };
}
/** The purl in canonical form (lowercase type, sorted qualifiers, percent-encoding as the spec's builders write). */
function formatPurl(p) {
    const enc = (s) => s
        .split(WILD)
        .map((part) => encodeURIComponent(part)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%3A/g, ':'))
        .join('*');
    let out = `pkg:${p.type}/`;
    if (p.namespace !== undefined)
        out += `${p.namespace.split('/').map(enc).join('/')}/`;
    out += enc(p.name);
    if (p.version !== undefined)
        out += `@${enc(p.version)}`;
    const keys = Object.keys(p.qualifiers).sort();
    if (keys.length)
        out += `?${keys.map((k) => `${k}=${enc(p.qualifiers[k])}`).join('&')}`;
    if (p.subpath !== undefined)
        out += `#${p.subpath.split('/').map(enc).join('/')}`;
    return out;
}
/** Beyond the spec's canonical form: what makes two spellings of one package compare equal for matching. */
function matchName(type, name) {
    if (type === 'pypi')
        return name.toLowerCase().replace(/[-_.]+/g, '-'); // PEP 503: runs of - _ . are one -
    return MATCH_CASE_INSENSITIVE.has(type) ? name.toLowerCase() : name;
}
function matchNamespace(type, namespace) {
    return namespace !== undefined && MATCH_CASE_INSENSITIVE.has(type) ? namespace.toLowerCase() : namespace;
}
function segmentMatcher(pattern) {
    if (!pattern.includes(WILD))
        return (v) => v === pattern;
    const re = new RegExp(`^${pattern
        .split(WILD)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`, 's');
    return (v) => re.test(v);
}
/**
 * Compiles a rule purl. Matching: same type; namespace and name equal (per the type's case and name rules);
 * a rule without a version (or with `@*`) matches every version, one with a version matches that version only
 * (a component without a version does not match it); every qualifier the rule names must be on the component
 * with the same value, qualifiers the rule does not name are ignored; a rule subpath must equal the component's.
 */
function purlPattern(text) {
    const purl = resplit(parsePurl(text, { wildcards: true }));
    const ns = purl.namespace === undefined ? undefined : segmentMatcher(matchNamespace(purl.type, purl.namespace));
    const name = segmentMatcher(matchName(purl.type, purl.name));
    const anyVersion = purl.version === undefined || purl.version === WILD;
    const version = anyVersion ? undefined : segmentMatcher(purl.version);
    const quals = Object.entries(purl.qualifiers);
    return {
        text,
        purl,
        test: (component) => {
            const p = resplit(component);
            return (p.type === purl.type &&
                (ns === undefined ? p.namespace === undefined : p.namespace !== undefined && ns(matchNamespace(p.type, p.namespace))) &&
                name(matchName(p.type, p.name)) &&
                (version === undefined || (p.version !== undefined && version(p.version))) &&
                quals.every(([k, v]) => p.qualifiers[k] === v) &&
                (purl.subpath === undefined || p.subpath === purl.subpath));
        },
    };
}
/**
 * A component's namespace and name as the package they name: a `/` that was percent-encoded (`%40scope%2Fx`, one
 * name "@scope/x" with no namespace) still separates the namespace from the name, so that a deny rule for
 * `pkg:npm/@scope/x` is not escaped by encoding the slash.
 */
function resplit(p) {
    if (!p.name.includes('/'))
        return p;
    const parts = `${p.namespace ?? ''}/${p.name}`.split('/').filter((s) => s !== '');
    const { namespace: _ns, ...rest } = p;
    const name = parts.pop() ?? '';
    return { ...rest, name, ...(parts.length ? { namespace: parts.join('/') } : {}) };
}
/** Whether the component purl `component` is matched by the rule purl `rule` (both as text). */
function purlMatches(rule, component) {
    return purlPattern(rule).test(parsePurl(component));
}


/***/ }),

/***/ 620:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DC: () => (/* binding */ REPORT_SCHEMA),
/* harmony export */   HH: () => (/* binding */ failedChecks),
/* harmony export */   IX: () => (/* binding */ pass),
/* harmony export */   fJ: () => (/* binding */ fail),
/* harmony export */   iv: () => (/* binding */ skip),
/* harmony export */   jI: () => (/* binding */ formatMarkdown),
/* harmony export */   ku: () => (/* binding */ formatTable)
/* harmony export */ });
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7480);
/**
 * The verification report: every check with its status and reason. Its JSON form is a stable, documented
 * schema (docs/verify-report.md); fields are only ever added.
 */

const REPORT_SCHEMA = 'https://custody.dev/verify-report/v1';
const pass = (id, reason) => ({ id, status: 'pass', reason });
const fail = (id, reason) => ({ id, status: 'fail', reason });
const skip = (id, reason) => ({ id, status: 'skip', reason });
/**
 * The failed checks: first those over the whole run (they decide the result), then those of each attestation
 * (attestations with failed checks are ignored; they explain why a required type has no verified attestation).
 */
function failedChecks(report) {
    return [
        ...report.checks.filter((c) => c.status === 'fail'),
        ...report.attestations.flatMap((a) => a.checks.filter((c) => c.status === 'fail').map((c) => ({ ...c, source: a.source }))),
    ];
}
/** A plain-text table for terminals: one row per check. */
function formatTable(report) {
    // Every string may hold text from an attestation that did not verify: printed with its control characters escaped.
    const p = _custody_core__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$;
    const rows = [];
    for (const a of report.attestations) {
        for (const c of a.checks)
            rows.push([p(a.source), p(c.id), c.status.toUpperCase(), p(c.reason)]);
    }
    for (const c of report.checks)
        rows.push(['(all)', p(c.id), c.status.toUpperCase(), p(c.reason)]);
    const header = ['ATTESTATION', 'CHECK', 'RESULT', 'REASON'];
    const widths = [0, 1, 2].map((i) => Math.min(48, Math.max(header[i].length, ...rows.map((r) => r[i].length))));
    const cell = (s, w) => (s.length > w ? `…${s.slice(s.length - w + 1)}` : s.padEnd(w));
    const line = (r) => `${cell(r[0], widths[0])}  ${cell(r[1], widths[1])}  ${cell(r[2], widths[2])}  ${r[3]}`.trimEnd();
    const digests = Object.entries(report.target.digests).map(([a, h]) => `${a}:${h}`);
    const out = [
        `target: ${p(report.target.name)}${digests.length ? ` (${p(digests[0])})` : ''}`,
        ...(report.target.resolved
            ? [
                `resolved: ${p(report.target.resolved.reference)} -> ${p(report.target.resolved.digest)} (a tag; pin the digest, or use --require-digest)`,
            ]
            : []),
        `trust: ${p(report.trustRoot)}`,
        ...report.insecure.map((f) => `WARNING: weakened by ${f}`),
        ...report.notes.map((n) => `note: ${p(n)}`),
        '',
        line(header),
        ...rows.map(line),
        '',
        ...(report.ignored.length
            ? [
                `IGNORED: ${report.ignored.length} attestation(s) do not count towards the result:`,
                ...report.ignored.map((i) => `  ${p(i.source)}${i.predicateType ? ` [${p(i.predicateType)}]` : ''}: ${p(i.reason)}`),
                '',
            ]
            : []),
        report.passed
            ? `PASSED: ${report.attestations.filter((a) => a.outcome === 'used').length} attestation(s) verified and used, ${report.ignored.length} ignored.`
            : `FAILED: ${report.checks
                .filter((c) => c.status === 'fail')
                .map((c) => `${p(c.id)}: ${p(c.reason)}`)
                .join('\nFAILED: ')}`,
    ];
    return `${out.join('\n')}\n`;
}
/** A markdown table for job summaries. */
function formatMarkdown(report) {
    const esc = (s) => (0,_custody_core__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
    const rows = [
        ...report.attestations.flatMap((a) => a.checks.map((c) => [a.source, c.id, c.status, c.reason])),
        ...report.checks.map((c) => ['(all)', c.id, c.status, c.reason]),
    ];
    const icon = (s) => (s === 'pass' ? '✅ pass' : s === 'fail' ? '❌ fail' : '➖ skip');
    return [
        `### Custody verify: ${report.passed ? '✅ passed' : '❌ failed'}`,
        '',
        `Target \`${esc(report.target.name)}\`, trust: ${esc(report.trustRoot)}`,
        ...report.insecure.map((f) => `\n> **Warning:** verification weakened by \`${f}\``),
        '',
        '| Attestation | Check | Result | Reason |',
        '| --- | --- | --- | --- |',
        ...rows.map((r) => `| ${esc(r[0])} | \`${r[1]}\` | ${icon(r[2])} | ${esc(r[3])} |`),
        '',
        ...(report.ignored.length
            ? [
                `**Ignored** (${report.ignored.length}, they do not count towards the result):`,
                '',
                ...report.ignored.map((i) => `- \`${esc(i.source)}\`${i.predicateType ? ` (${esc(i.predicateType)})` : ''}: ${esc(i.reason)}`),
                '',
            ]
            : []),
    ].join('\n');
}


/***/ })

};
