export const id = 848;
export const ids = [848];
export const modules = {

/***/ 9848:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseDuration: () => (/* binding */ parseDuration),
/* harmony export */   parsePolicy: () => (/* binding */ parsePolicy)
/* harmony export */ });
/* harmony import */ var _marcbachmann_cel_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7337);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4669);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6719);
/* harmony import */ var _purl_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7523);
/* harmony import */ var _license_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2071);
/**
 * The policy file (`--policy FILE`, YAML or JSON; schema in docs/policy.md): required predicate types, the
 * identities allowed for each, CEL expressions over the statement, a maximum age, SBOM rules. Parsed once,
 * with every error naming FILE:LINE; evaluated per attestation as plain checks.
 */






const TOP_KEYS = ['version', 'requiredPredicateTypes', 'identities', 'maxAge', 'sbom', 'expressions', 'predicates', 'vsa'];
const PREDICATE_KEYS = ['identities', 'expressions', 'maxAge', 'sbom'];
const IDENTITY_KEYS = {
    issuer: 'issuer',
    issuerRegexp: 'issuerRegexp',
    identity: 'san',
    identityRegexp: 'sanRegexp',
    owner: 'owner',
    repo: 'repo',
    signerWorkflow: 'signerWorkflow',
    signerRepo: 'signerRepo',
    sourceRef: 'sourceRef',
    sourceDigest: 'sourceDigest',
    denySelfHostedRunners: 'denySelfHostedRunners',
    hostname: 'hostname',
};
const SBOM_KEYS = ['deniedLicenses', 'allowedLicenses', 'unknownLicenses', 'deniedPurls', 'allowedPurls'];
const EXPR_KEYS = ['name', 'expr'];
const VSA_KEYS = ['verifiedLevels', 'policyUri'];
/** A CEL environment: `statement`, `predicate`, `predicateType`, `subject`, `signer` (identity and extensions). */
function celEnvironment() {
    return new _marcbachmann_cel_js__WEBPACK_IMPORTED_MODULE_0__/* .Environment */ .OH()
        .registerVariable('statement', 'map')
        .registerVariable('predicate', 'dyn')
        .registerVariable('predicateType', 'string')
        .registerVariable('subject', 'list')
        .registerVariable('signer', 'map');
}
/** Parses a duration: 90d, 12h, 30m, 45s, 2w, or ISO 8601 like P30D / PT12H. */
function parseDuration(text) {
    const simple = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
    if (simple)
        return Number(simple[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[simple[2].toLowerCase()];
    const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
    if (iso && text.trim().length > 1 && !/T$/i.test(text.trim())) {
        const [, w, d, h, m, s] = iso.map((x) => Number(x ?? 0));
        return w * 604800 + d * 86400 + h * 3600 + m * 60 + s;
    }
    return undefined;
}
function parsePolicy(text, file) {
    const lc = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
    const at = (node) => {
        const off = node?.range?.[0];
        if (off === undefined)
            return file;
        const { line, col } = lc.linePos(off);
        return `${file}:${line}:${col}`;
    };
    const err = (node, message, hint = 'See docs/policy.md for the policy file schema.') => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PolicyFileError */ .zj(message, { location: at(node), hint });
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const pos = e.linePos?.[0];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PolicyFileError */ .zj(`the policy is not valid YAML/JSON: ${e.message.split('\n')[0]}`, {
            location: pos ? `${file}:${pos.line}:${pos.col}` : file,
            hint: 'Fix the syntax; JSON is accepted too.',
        });
    }
    const root = doc.contents;
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(root))
        throw err(root, 'the policy must be a mapping (YAML) or an object (JSON).');
    const mapOf = (node, keys, what) => {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(node))
            throw err(node, `${what} must be a mapping.`);
        const out = new Map();
        for (const item of node.items) {
            const k = item.key;
            const name = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(k) ? String(k.value) : '';
            if (keys.length > 0 && !keys.includes(name)) {
                throw err(k, `unknown key "${name}" in ${what}.`, `Allowed keys: ${keys.join(', ')}. See docs/policy.md.`);
            }
            out.set(name, { key: k, value: item.value });
        }
        return out;
    };
    const str = (node, what) => {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) || typeof node.value !== 'string' || node.value === '')
            throw err(node, `${what} must be a non-empty string.`);
        return node.value;
    };
    const strList = (node, what) => {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node))
            throw err(node, `${what} must be a list of strings.`);
        return node.items.map((n) => str(n, `each entry of ${what}`));
    };
    const duration = (node, what) => {
        const s = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) ? String(node.value) : '';
        const d = parseDuration(s);
        if (d === undefined || d <= 0)
            throw err(node, `${what} "${s}" is not a duration.`, 'Write e.g. 30d, 12h, 90m or P30D.');
        return d;
    };
    const identities = (node, what) => {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node) || node.items.length === 0)
            throw err(node, `${what} must be a non-empty list of identities.`);
        return node.items.map((item, i) => {
            const m = mapOf(item, Object.keys(IDENTITY_KEYS), `${what}[${i}]`);
            const p = {};
            for (const [k, { value }] of m) {
                const field = IDENTITY_KEYS[k];
                if (field === 'denySelfHostedRunners') {
                    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(value) || typeof value.value !== 'boolean')
                        throw err(value, `${what}[${i}].${k} must be true or false.`);
                    p.denySelfHostedRunners = value.value;
                }
                else
                    p[field] = str(value, `${what}[${i}].${k}`);
            }
            if (!p.san && !p.sanRegexp && !p.owner && !p.repo) {
                throw err(item, p.signerWorkflow || p.signerRepo
                    ? `${what}[${i}] names a signer workflow but not the source: ${p.signerRepo ? 'signerRepo' : 'signerWorkflow'} alone accepts builds of any repository that calls that workflow.`
                    : `${what}[${i}] names no signer.`, 'Add owner or repo (the source repository), or give identity / identityRegexp.');
            }
            if ((p.san || p.sanRegexp) && !p.issuer && !p.issuerRegexp) {
                throw err(item, `${what}[${i}] gives an identity without an issuer.`, 'Add issuer: (e.g. https://token.actions.githubusercontent.com).');
            }
            try {
                (0,_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .validateIdentityPolicy */ .Nj)(p, at(item));
            }
            catch (e) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PolicyFileError */ .zj(e.message, { location: at(item), hint: 'See docs/policy.md.' });
            }
            return p;
        });
    };
    const env = celEnvironment();
    const expressions = (node, what) => {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node))
            throw err(node, `${what} must be a list.`);
        return node.items.map((item, i) => {
            let name;
            let exprNode;
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(item)) {
                exprNode = item;
                name = `${what}[${i}]`;
            }
            else {
                const m = mapOf(item, EXPR_KEYS, `${what}[${i}]`);
                exprNode = m.get('expr')?.value;
                if (!exprNode)
                    throw err(item, `${what}[${i}] has no expr.`);
                name = m.has('name') ? str(m.get('name').value, `${what}[${i}].name`) : `${what}[${i}]`;
            }
            const expr = str(exprNode, `${what}[${i}].expr`);
            let run;
            try {
                const parsed = env.parse(expr);
                const checked = parsed.check();
                if (!checked.valid)
                    throw checked.error ?? new Error('type check failed');
                if (checked.type && checked.type !== 'bool' && checked.type !== 'dyn')
                    throw new Error(`the expression is of type ${checked.type}, not bool`);
                run = (ctx) => parsed(ctx);
            }
            catch (e) {
                const first = (e.message ?? String(e)).split('\n')[0];
                throw err(exprNode, `CEL expression "${name}" does not compile: ${first}`, 'Fix the expression; variables: statement, predicate, predicateType, subject, signer.');
            }
            return { name, expr, run };
        });
    };
    /** A list whose every entry must compile: a bad entry is named at its own line. */
    const checkedList = (node, what, kind, compile, hint) => {
        const entries = strList(node, what);
        node.items.forEach((item, i) => {
            try {
                compile(entries[i]);
            }
            catch (e) {
                throw err(item, `${what}[${i}] "${entries[i]}" is not ${kind}: ${e.message}.`, hint);
            }
        });
        return entries;
    };
    const PURL_HINT = 'Write a package URL (https://github.com/package-url/purl-spec): pkg:TYPE/NAMESPACE/NAME@VERSION, e.g. pkg:npm/%40scope/name@1.0.0 or pkg:pypi/requests; leave out @VERSION to match every version; "*" matches any characters in the namespace, name or version. See docs/policy.md.';
    const LICENSE_HINT = 'Give one SPDX license id per entry (MIT, GPL-3.0-only, LicenseRef-acme), a glob (GPL-*), or "ID WITH EXCEPTION". See docs/policy.md.';
    const sbom = (node, what) => {
        const m = mapOf(node, SBOM_KEYS, what);
        const purls = (key) => m.has(key) ? checkedList(m.get(key).value, `${what}.${key}`, 'a package URL', _purl_js__WEBPACK_IMPORTED_MODULE_4__/* .purlPattern */ .wq, PURL_HINT) : undefined;
        const licenses = (key) => m.has(key) ? checkedList(m.get(key).value, `${what}.${key}`, 'one license', _license_js__WEBPACK_IMPORTED_MODULE_5__/* .licensePattern */ .EU, LICENSE_HINT) : undefined;
        const rules = { deniedLicenses: licenses('deniedLicenses') ?? [], deniedPurls: purls('deniedPurls') ?? [] };
        const allowedLicenses = licenses('allowedLicenses');
        if (allowedLicenses) {
            if (allowedLicenses.length === 0)
                throw err(m.get('allowedLicenses').value, `${what}.allowedLicenses is empty: it would refuse every license.`, 'List the licenses you accept, or remove the key.');
            rules.allowedLicenses = allowedLicenses;
        }
        const allowedPurls = purls('allowedPurls');
        if (allowedPurls) {
            if (allowedPurls.length === 0)
                throw err(m.get('allowedPurls').value, `${what}.allowedPurls is empty: it would refuse every package.`, 'List the packages you accept, or remove the key.');
            rules.allowedPurls = allowedPurls;
        }
        if (m.has('unknownLicenses')) {
            const v = m.get('unknownLicenses').value;
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(v) || (v.value !== 'allow' && v.value !== 'deny')) {
                throw err(v, `${what}.unknownLicenses must be allow or deny.`, 'deny (the default) fails the license rules on a component without license data; allow accepts it (the report still counts it).');
            }
            rules.unknownLicenses = v.value;
        }
        return rules;
    };
    const top = mapOf(root, TOP_KEYS, 'the policy');
    const version = top.get('version');
    if (version && !((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(version.value) && (version.value.value === 1 || version.value.value === '1'))) {
        throw err(version.value, 'version must be 1.');
    }
    const policy = {
        source: file,
        requiredPredicateTypes: top.has('requiredPredicateTypes')
            ? strList(top.get('requiredPredicateTypes').value, 'requiredPredicateTypes')
            : [],
        predicates: {},
    };
    if (top.has('identities'))
        policy.identities = identities(top.get('identities').value, 'identities');
    if (top.has('maxAge'))
        policy.maxAgeSeconds = duration(top.get('maxAge').value, 'maxAge');
    if (top.has('sbom'))
        policy.sbom = sbom(top.get('sbom').value, 'sbom');
    const topExpr = top.has('expressions') ? expressions(top.get('expressions').value, 'expressions') : [];
    if (top.has('predicates')) {
        for (const [type, { key, value }] of mapOf(top.get('predicates').value, [], 'predicates')) {
            if (type.includes('*') || type.trim() === '') {
                throw err(key, `predicates["${type}"]: predicate types are matched exactly; "*" and other wildcards are not supported.`, 'Put rules for every predicate type at the top level of the policy (identities, maxAge, sbom, expressions), and rules for one type under its exact URI.');
            }
            const m = mapOf(value, PREDICATE_KEYS, `predicates["${type}"]`);
            const rules = { expressions: [] };
            if (m.has('identities'))
                rules.identities = identities(m.get('identities').value, `predicates["${type}"].identities`);
            if (m.has('expressions'))
                rules.expressions = expressions(m.get('expressions').value, `predicates["${type}"].expressions`);
            if (m.has('maxAge'))
                rules.maxAgeSeconds = duration(m.get('maxAge').value, `predicates["${type}"].maxAge`);
            if (m.has('sbom'))
                rules.sbom = sbom(m.get('sbom').value, `predicates["${type}"].sbom`);
            policy.predicates[type] = rules;
        }
    }
    if (topExpr.length)
        policy.expressions = topExpr;
    if (top.has('vsa')) {
        const m = mapOf(top.get('vsa').value, VSA_KEYS, 'vsa');
        policy.vsa = {
            ...(m.has('verifiedLevels') ? { verifiedLevels: strList(m.get('verifiedLevels').value, 'vsa.verifiedLevels') } : {}),
            ...(m.has('policyUri') ? { policyUri: str(m.get('policyUri').value, 'vsa.policyUri') } : {}),
        };
    }
    return policy;
}


/***/ })

};
