export const id = 463;
export const ids = [463];
export const modules = {

/***/ 3463:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SBOM_FORMATS: () => (/* binding */ SBOM_FORMATS),
/* harmony export */   defaultSbomFile: () => (/* binding */ defaultSbomFile),
/* harmony export */   describeEcosystems: () => (/* binding */ describeEcosystems),
/* harmony export */   generateSbom: () => (/* binding */ generateSbom),
/* harmony export */   parseDepth: () => (/* binding */ parseDepth),
/* harmony export */   parseImageScope: () => (/* binding */ parseImageScope),
/* harmony export */   parseSbomFormat: () => (/* binding */ parseSbomFormat),
/* harmony export */   platformFile: () => (/* binding */ platformFile),
/* harmony export */   sbomFromPath: () => (/* binding */ sbomFromPath)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _custody_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7480);
/* harmony import */ var _custody_sbom__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(800);
/**
 * `custody sbom`: lockfiles under a directory (or one lockfile, or a container image) -> one SBOM document,
 * CycloneDX 1.6 JSON or SPDX 2.3 JSON. Shared by the CLI and actions/sbom.
 */




const SBOM_FORMATS = ['cyclonedx-json', 'spdx-json'];
/** The default output file name for a format. */
function defaultSbomFile(format) {
    return format === 'spdx-json' ? 'sbom.spdx.json' : 'sbom.cdx.json';
}
/** `label` names the option as the face shows it (`--format`, the action input `format`). */
function parseSbomFormat(value, label = 'SBOM format') {
    const v = (value ?? 'cyclonedx-json').trim().toLowerCase();
    if (SBOM_FORMATS.includes(v))
        return v;
    throw new _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${label} "${value}" is not supported.`, { hint: `Use one of: ${SBOM_FORMATS.join(', ')}.` });
}
function parseDepth(value, label = '--depth') {
    if (value === undefined || value === '')
        return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < 0) {
        throw new _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${label} is "${value}", not a whole number of directories.`, {
            hint: `Use e.g. ${label} 0 (only PATH itself) or ${label} 5 (the default).`,
        });
    }
    return n;
}
function render(input, format, clock, platform, logger) {
    const merged = (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .mergeGraphs */ .c2)(input);
    // No silent gaps: what the SBOM does not cover goes to stderr as well as into the document.
    for (const g of merged.gaps)
        logger.warn(`custody sbom: not covered${platform ? ` (${platform})` : ''}: ${g}`);
    const text = format === 'spdx-json' ? (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .writeMergedSpdx */ .$M)(merged, { clock }) : (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .writeMergedCycloneDx */ .bf)(merged, { clock });
    return {
        text,
        format,
        componentCount: merged.components.length,
        gaps: merged.gaps,
        ecosystems: merged.ecosystems,
        files: merged.files,
        ...(platform ? { platform } : {}),
    };
}
/** The SBOM of a project directory or lockfile. */
async function sbomFromPath(options) {
    const format = options.format ?? 'cyclonedx-json';
    const clock = options.clock ?? (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .documentClock */ .ES)(options.env);
    const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(options.cwd, options.target ?? '.');
    const gaps = [];
    const graphs = await (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .readLockfiles */ .HT)(target, _custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .readers */ .Xc, {
        ...(options.depth === undefined ? {} : { depth: options.depth }),
        ...(options.exclude?.length ? { exclude: options.exclude } : {}),
        logger: options.logger,
        gaps,
    });
    let dir = target;
    try {
        if ((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(target)).isFile())
            dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target);
    }
    catch {
        /* discoverLockfiles already reported a missing target */
    }
    const root = await (0,_custody_sbom__WEBPACK_IMPORTED_MODULE_3__/* .rootComponent */ .wh)(dir, graphs);
    return render({ root, graphs, gaps }, format, clock, undefined, options.logger);
}
/** One SBOM per document: one for a directory or lockfile, one per platform for a multi-platform image. */
async function generateSbom(options) {
    const target = options.target ?? '.';
    // Image targets have a scheme (oci://, oci-layout:, ...). The image scanner (and its registry client) loads only
    // for those, so a directory SBOM does not pay for it.
    if (!/^[a-z][a-z0-9+.-]+:/i.test(target))
        return [await sbomFromPath(options)];
    const { collectImage, isImageTarget } = await Promise.all(/* import() */[__webpack_require__.e(695), __webpack_require__.e(603)]).then(__webpack_require__.bind(__webpack_require__, 603));
    if (!isImageTarget(target))
        return [await sbomFromPath(options)];
    const format = options.format ?? 'cyclonedx-json';
    const clock = options.clock ?? (0,_custody_core__WEBPACK_IMPORTED_MODULE_2__/* .documentClock */ .ES)(options.env);
    const results = await collectImage({
        target,
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.scope ? { scope: options.scope } : {}),
        cwd: options.cwd,
        env: options.env,
        logger: options.logger,
        isTTY: options.isTTY ?? false,
    });
    return results.map((r) => render(r.input, format, clock, r.platform, options.logger));
}
/** FILE with a platform inserted before its extension: sbom.cdx.json + linux/arm64 -> sbom.linux-arm64.cdx.json. */
function parseImageScope(value, label = '--scope') {
    if (value === undefined || value === '')
        return undefined;
    if (value === 'squashed' || value === 'all-layers')
        return value;
    throw new _custody_core__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .eb(`${label} ${value} is not squashed or all-layers.`, {
        hint: 'squashed: the image as it runs (default); all-layers: also packages removed by later layers, with their layer digest.',
    });
}
function platformFile(file, platform) {
    const tag = platform.replace(/[^A-Za-z0-9._-]+/g, '-');
    const m = /^(.*?)((\.(cdx|spdx))?\.json)$/i.exec(file) ?? /^(.*?)(\.[^./\\]*)?$/.exec(file);
    const base = m?.[1] ?? file;
    const ext = m?.[2] ?? '';
    return `${base}.${tag}${ext}`;
}
/** "npm 120, pypi 4" */
function describeEcosystems(ecosystems) {
    const parts = Object.entries(ecosystems).map(([k, n]) => `${k} ${n}`);
    return parts.length ? parts.join(', ') : 'none';
}


/***/ }),

/***/ 800:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dd: () => (/* reexport */ formatPurl),
  c2: () => (/* reexport */ merge_mergeGraphs),
  HT: () => (/* reexport */ readLockfiles),
  Xc: () => (/* reexport */ readers_readers),
  wh: () => (/* reexport */ rootComponent),
  FW: () => (/* reexport */ scanImage),
  bf: () => (/* reexport */ writeMergedCycloneDx),
  $M: () => (/* reexport */ writeMergedSpdx)
});

// UNUSED EXPORTS: GoBuildInfoSink, ImageError, LockfileParseError, LockfileVersionError, NoLockfileError, NoPackagesError, SBOM_ERROR_CODES, SbomInputError, TarParser, addEdge, bdbHeaderBlobs, bufferAccess, checkJsonDepth, checkYamlFlowDepth, classifyLicense, discoverLockfiles, distroQualifier, findJsonError, goComponents, lineColumn, listZip, newGraph, npmReader, parseGemspec, parseGoModInfo, parseJsonLockfile, parseOsRelease, parsePythonMetadata, readApkInstalled, readDpkgStatus, readJar, readNpmLockfile, readRpmDbFile, readRpmHeaders, readRpmSqlite, readerFor, sniffRpmDb

;// CONCATENATED MODULE: ./packages/sbom/dist/purl.js
function enc(segment) {
    // encodeURIComponent leaves !'()* unescaped; purl only allows unreserved characters plus ':' in some segments.
    return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function formatPurl(p) {
    let out = `pkg:${p.type.toLowerCase()}/`;
    if (p.namespace)
        out += `${p.namespace.split('/').map(enc).join('/')}/`;
    out += enc(p.name);
    if (p.version !== undefined && p.version !== '')
        out += `@${enc(p.version)}`;
    const q = p.qualifiers ? Object.entries(p.qualifiers).filter(([, v]) => v !== '') : [];
    if (q.length) {
        q.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        out += `?${q.map(([k, v]) => `${k.toLowerCase()}=${enc(v)}`).join('&')}`;
    }
    if (p.subpath)
        out += `#${p.subpath.split('/').filter(Boolean).map(enc).join('/')}`;
    return out;
}
/** npm: `@scope/name` -> namespace `@scope` (encoded %40scope), name `name`. */
function npmPurl(fullName, version) {
    const { group, name } = splitNpmName(fullName);
    return formatPurl({ type: 'npm', ...(group ? { namespace: group } : {}), name, version });
}
function splitNpmName(fullName) {
    if (fullName.startsWith('@')) {
        const slash = fullName.indexOf('/');
        if (slash > 0)
            return { group: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
    }
    return { name: fullName };
}
/** PyPI names are normalized (PEP 503): lowercase, runs of -_. become a single -. */
function normalizePypiName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
/**
 * The name in a PyPI purl, as the purl spec's pypi type says: lowercased, `_` replaced by `-`; dots are kept
 * (`pkg:pypi/zope.interface`), as the reference purl libraries and vulnerability databases write it.
 */
function pypiPurlName(name) {
    return name.toLowerCase().replace(/_/g, '-');
}
function pypiPurl(name, version) {
    return formatPurl({ type: 'pypi', name: pypiPurlName(name), version });
}

;// CONCATENATED MODULE: ./packages/sbom/dist/hashes.js
const SRI_ALGS = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', md5: 'MD5' };
/** Parses an SRI integrity string (`sha512-BASE64 sha1-BASE64`) into hex hashes; unknown parts are ignored. */
function fromIntegrity(integrity) {
    if (!integrity)
        return [];
    const out = [];
    for (const part of integrity.trim().split(/\s+/)) {
        const dash = part.indexOf('-');
        if (dash <= 0)
            continue;
        const alg = SRI_ALGS[part.slice(0, dash).toLowerCase()];
        if (!alg)
            continue;
        const hex = Buffer.from(part.slice(dash + 1).replace(/\?.*$/, ''), 'base64').toString('hex');
        if (hex)
            out.push({ alg, content: hex });
    }
    return out;
}
/** `sha256:HEX` or `sha256=HEX` style to a hash; undefined when the algorithm is not one CycloneDX knows. */
function fromPrefixedHex(value) {
    if (!value)
        return undefined;
    const m = /^(md5|sha1|sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/i.exec(value.trim());
    if (!m)
        return undefined;
    return { alg: SRI_ALGS[m[1].toLowerCase()], content: m[2].toLowerCase() };
}

// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(7480);
;// CONCATENATED MODULE: ./packages/sbom/dist/model.js
/**
 * The component graph every reader returns and every writer (CycloneDX, SPDX) consumes.
 * Readers are pure: text in, graph out. No I/O, no clock.
 */
function newGraph(ecosystem, source, format) {
    return { ecosystem, source, format, components: [], dependencies: new Map(), direct: [] };
}
function addEdge(graph, from, to) {
    let set = graph.dependencies.get(from);
    if (!set)
        graph.dependencies.set(from, (set = new Set()));
    set.add(to);
}

;// CONCATENATED MODULE: ./packages/sbom/dist/graph.js
/**
 * The one graph builder, and the one rule for merging two records of the same package (same purl). Every lockfile
 * reader collects its components through GraphBuilder; mergeGraphs (merge.ts) applies the same rule across the
 * graphs of one SBOM. The rule:
 *
 * - scope: required beats optional beats excluded. A record without a scope is "may be required at run time": it
 *   is never downgraded by an optional or excluded record, and an explicit required record makes it required.
 * - hashes: one per algorithm, the first record's value kept; sorted by algorithm.
 * - licenses: the union, first-seen order (the writers sort).
 * - downloadUrl, description: the first record's, else the first one given.
 * - properties: per key, the first record's value.
 */


const SCOPE_RANK = { excluded: 0, optional: 1, required: 2 };
/** The scope of two records of one package (see the rule above). */
function mergeScope(a, b) {
    if (a === undefined || b === undefined)
        return a === 'required' || b === 'required' ? 'required' : undefined;
    return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}
/** One hash per algorithm, the first list's value kept; sorted by algorithm. */
function mergeHashes(a, b) {
    const out = [...a];
    for (const h of b)
        if (!out.some((x) => x.alg === h.alg))
            out.push(h);
    return out.sort((x, y) => (0,dist/* compareStrings */.Kt)(x.alg, y.alg) || (0,dist/* compareStrings */.Kt)(x.content, y.content));
}
/** Merges `other` into `into`, two records of the same purl, by the rule above. */
function mergeComponent(into, other) {
    const scope = mergeScope(into.scope, other.scope);
    if (scope === undefined)
        delete into.scope;
    else
        into.scope = scope;
    if (other.hashes?.length)
        into.hashes = mergeHashes(into.hashes ?? [], other.hashes);
    if (other.licenses?.length)
        into.licenses = [...new Set([...(into.licenses ?? []), ...other.licenses])];
    if (!into.downloadUrl && other.downloadUrl)
        into.downloadUrl = other.downloadUrl;
    if (!into.description && other.description)
        into.description = other.description;
    if (other.properties)
        into.properties = { ...other.properties, ...into.properties };
}
/**
 * Collects components keyed by purl (the same purl reached twice becomes one component, merged by the rule
 * above), edges and direct purls. `finish()` returns a graph in which every list is sorted and every edge and
 * direct purl names a component of the graph, so the same input gives the same bytes whatever its order.
 */
class GraphBuilder {
    graph;
    byPurl = new Map();
    edges = new Map();
    directSet = new Set();
    notes = [];
    constructor(ecosystem, source, format) {
        this.graph = newGraph(ecosystem, source, format);
    }
    has(purl) {
        return this.byPurl.has(purl);
    }
    get(purl) {
        return this.byPurl.get(purl);
    }
    /** Adds a component, or merges it into the one with the same purl; returns the component kept. */
    add(c) {
        const prev = this.byPurl.get(c.purl);
        if (!prev) {
            this.byPurl.set(c.purl, c);
            return c;
        }
        mergeComponent(prev, c);
        return prev;
    }
    edge(from, to) {
        if (from === to)
            return;
        let set = this.edges.get(from);
        if (!set)
            this.edges.set(from, (set = new Set()));
        set.add(to);
    }
    direct(purl) {
        this.directSet.add(purl);
    }
    note(text) {
        this.notes.push(text);
    }
    finish() {
        const g = this.graph;
        g.components = [...this.byPurl.values()].sort((a, b) => (0,dist/* compareStrings */.Kt)(a.purl, b.purl));
        for (const c of g.components)
            if (c.hashes)
                c.hashes.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.alg, b.alg) || (0,dist/* compareStrings */.Kt)(a.content, b.content));
        g.dependencies = new Map([...this.edges.entries()]
            .filter(([from]) => this.byPurl.has(from))
            .sort(([a], [b]) => (0,dist/* compareStrings */.Kt)(a, b))
            .map(([from, to]) => [from, new Set([...to].filter((p) => this.byPurl.has(p)).sort(dist/* compareStrings */.Kt))])
            .filter(([, to]) => to.size > 0));
        g.direct = [...this.directSet].filter((p) => this.byPurl.has(p)).sort(dist/* compareStrings */.Kt);
        const notes = [...new Set(this.notes)].sort(dist/* compareStrings */.Kt);
        if (notes.length)
            g.notes = notes;
        return g;
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/errors.js

/** The codes of @custody/sbom (a layer's IMAGE_BLOB_MISSING and IMAGE_DIGEST_MISMATCH are core's shared codes). */
const SBOM_ERROR_CODES = {
    IMAGE_BLOB_UNREADABLE: 'IMAGE_BLOB_UNREADABLE',
    IMAGE_LAYER_CORRUPT: 'IMAGE_LAYER_CORRUPT',
    LOCKFILE_MALFORMED: 'LOCKFILE_MALFORMED',
    LOCKFILE_NOT_FOUND: 'LOCKFILE_NOT_FOUND',
    LOCKFILE_NO_PACKAGES: 'LOCKFILE_NO_PACKAGES',
    LOCKFILE_UNSUPPORTED_VERSION: 'LOCKFILE_UNSUPPORTED_VERSION',
    RPMDB_MALFORMED: 'RPMDB_MALFORMED',
    RPMDB_UNREADABLE: 'RPMDB_UNREADABLE',
    SBOM_INPUT_NOT_A_FILE: 'SBOM_INPUT_NOT_A_FILE',
    SBOM_LOCKFILE_UNREADABLE: 'SBOM_LOCKFILE_UNREADABLE',
    SBOM_PATH_NOT_FOUND: 'SBOM_PATH_NOT_FOUND',
};
/** Throws LimitError (LIMIT_JSON_DEPTH) when a JSON text nests deeper than the limit. */
function checkJsonDepth(text, what, location) {
    const max = (0,dist/* limits */.Fy)().jsonDepth;
    if ((0,dist/* jsonDepth */.QV)(text, max) > max)
        throw new dist/* LimitError */.oC('jsonDepth', `${what} nests deeper than ${max} levels.`, { location });
}
/**
 * Errors of the SBOM package (codes shared with the readers' other-util.ts). Each says which file (and line), what was wrong and what is supported.
 * All are input errors: exit code 2.
 */
/** An input of the SBOM package is missing, unreadable or malformed. */
class SbomInputError extends dist/* InputError */.dz {
}
/** A lockfile that cannot be parsed: truncated, malformed, not the format its name says. */
class LockfileParseError extends SbomInputError {
    constructor(message, options = {}) {
        super('LOCKFILE_MALFORMED', message, options);
    }
}
/** A lockfile in a version of its format that no reader handles. */
class LockfileVersionError extends SbomInputError {
    constructor(message, options = {}) {
        super('LOCKFILE_UNSUPPORTED_VERSION', message, options);
    }
}
/** Nothing to read: a directory without any lockfile, or a file no reader handles. */
class NoLockfileError extends SbomInputError {
    constructor(message, options = {}) {
        super('LOCKFILE_NOT_FOUND', message, options);
    }
}
/** Lockfiles were found but none of them names a package. */
class NoPackagesError extends SbomInputError {
    constructor(message, options = {}) {
        super('LOCKFILE_NO_PACKAGES', message, options);
    }
}
/**
 * Throws LimitError (LIMIT_JSON_DEPTH) when the flow collections of a YAML text ([ ], { }) nest deeper than the
 * limit. Quoted scalars ('' and "" with \ escapes) and comments are skipped; a bracket inside a plain scalar counts,
 * which only matters for hostile input.
 */
function checkYamlFlowDepth(text, what, location) {
    const max = (0,dist/* limits */.Fy)().jsonDepth;
    let depth = 0;
    let lineStart = true;
    let prevSpace = true;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
            for (i++; i < text.length; i++) {
                const d = text.charCodeAt(i);
                if (c === 0x22 && d === 0x5c)
                    i++;
                else if (d === c) {
                    if (c === 0x27 && text.charCodeAt(i + 1) === 0x27)
                        i++;
                    else
                        break;
                }
            }
        }
        else if (c === 0x23 /* # */ && (prevSpace || lineStart)) {
            while (i < text.length && text.charCodeAt(i) !== 0x0a)
                i++;
        }
        else if (c === 0x5b || c === 0x7b) {
            if (++depth > max)
                throw new dist/* LimitError */.oC('jsonDepth', `${what} nests flow collections deeper than ${max} levels.`, { location });
        }
        else if ((c === 0x5d || c === 0x7d) && depth > 0)
            depth--;
        lineStart = c === 0x0a;
        prevSpace = c === 0x20 || c === 0x09 || c === 0x0a;
    }
}
/** 1-based line and column of a character offset. */
function lineColumn(text, offset) {
    let line = 1;
    let lineStart = 0;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: end - lineStart + 1 };
}
/**
 * Parses a JSON lockfile. On failure, throws LockfileParseError located at `source:line` with what was expected.
 * JSON.parse's own messages rarely carry a position, so the position comes from a small scanner that only runs
 * after a failure (no cost on good input).
 */
function parseJsonLockfile(text, source, what, hint) {
    // Depth first (a scan without allocation): a hostile document nested a million levels deep must neither exhaust
    // the stack of a recursive reader nor pass as an internal error.
    checkJsonDepth(text, what, source);
    try {
        return JSON.parse(text);
    }
    catch (err) {
        const found = findJsonError(text);
        const { line, column } = lineColumn(text, found.offset);
        throw new LockfileParseError(`${what} is not valid JSON: ${found.message} at line ${line}, column ${column}.`, {
            location: `${source}:${line}`,
            hint,
            cause: err,
        });
    }
}
/** Finds where and why a JSON text is invalid. */
function findJsonError(text) {
    let i = 0;
    const n = text.length;
    class Stop extends Error {
        offset;
        constructor(offset, message) {
            super(message);
            this.offset = offset;
        }
    }
    const ws = () => {
        while (i < n) {
            const c = text.charCodeAt(i);
            if (c === 32 || c === 9 || c === 10 || c === 13)
                i++;
            else
                break;
        }
    };
    const fail = (expected) => {
        if (i >= n)
            throw new Stop(n, `the file ends early (truncated?) where ${expected} was expected`);
        throw new Stop(i, `found ${JSON.stringify(text[i])} where ${expected} was expected`);
    };
    const str = () => {
        i++; // opening quote
        while (i < n) {
            const c = text[i];
            if (c === '"') {
                i++;
                return;
            }
            if (c === '\\') {
                const e = text[i + 1];
                if (e === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
                        i += 1;
                        fail('a \\u escape with 4 hex digits');
                    }
                    i += 6;
                }
                else if (e !== undefined && '"\\/bfnrt'.includes(e))
                    i += 2;
                else {
                    i++;
                    fail('an escape character');
                }
            }
            else if (c.charCodeAt(0) < 32)
                fail('a closing quote (control character in a string)');
            else
                i++;
        }
        fail('a closing quote');
    };
    const value = () => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            ws();
            if (text[i] === '}') {
                i++;
                return;
            }
            for (;;) {
                ws();
                if (text[i] !== '"')
                    fail('a property name in double quotes');
                str();
                ws();
                if (text[i] !== ':')
                    fail("':'");
                i++;
                value();
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === '}') {
                    i++;
                    return;
                }
                fail("',' or '}'");
            }
        }
        else if (c === '[') {
            i++;
            ws();
            if (text[i] === ']') {
                i++;
                return;
            }
            for (;;) {
                value();
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === ']') {
                    i++;
                    return;
                }
                fail("',' or ']'");
            }
        }
        else if (c === '"')
            str();
        else if (c !== undefined && /[-0-9]/.test(c)) {
            const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
            if (!m || m[0] === '-')
                fail('a number');
            i += m[0].length;
        }
        else {
            for (const lit of ['true', 'false', 'null']) {
                if (text.startsWith(lit, i)) {
                    i += lit.length;
                    return;
                }
            }
            fail('a value');
        }
    };
    try {
        value();
        ws();
        if (i < n)
            fail('the end of the file');
        return { offset: n, message: 'JSON.parse rejected it' };
    }
    catch (err) {
        if (err instanceof Stop)
            return { offset: err.offset, message: err.message };
        if (err instanceof RangeError)
            return { offset: i, message: 'it is nested too deeply' };
        throw err;
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/npm.js
/**
 * npm lockfiles: package-lock.json and npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies` tree),
 * 2 and 3 (`packages` map keyed by install path).
 *
 * Both shapes become one map, install path -> entry ("node_modules/a/node_modules/b"), and dependency names are
 * resolved the way Node resolves them at run time: from the requiring package's folder up through every
 * ancestor `node_modules`. Workspace folders (paths without node_modules) and `link: true` entries are part of
 * the project, not components; a workspace's dependencies are direct dependencies of the project.
 */





const SUPPORTED = 'Custody reads package-lock.json and npm-shrinkwrap.json with lockfileVersion 1, 2 or 3 (npm 5 to npm 11).';
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function scopeOf(e) {
    if (e.dev)
        return 'excluded';
    if (e.optional || e.devOptional)
        return 'optional';
    return 'required';
}
/** The package name installed at a path: the part after the last node_modules/. */
function nameFromPath(path) {
    const at = path.lastIndexOf('node_modules/');
    return at === -1 ? path : path.slice(at + 'node_modules/'.length);
}
function licenseOf(e) {
    const l = e.license;
    const text = typeof l === 'string' ? l : isObject(l) && typeof l.type === 'string' ? l.type : undefined;
    return text?.trim() ? [text.trim()] : undefined;
}
function isUrl(s) {
    return typeof s === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}
/** `npm:real-name@1.2.3` (v1 alias versions). */
function parseAliasVersion(version) {
    if (!version.startsWith('npm:'))
        return undefined;
    const spec = version.slice(4);
    const at = spec.lastIndexOf('@');
    if (at <= 0)
        return undefined;
    return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}
/** Converts the v1 tree into install paths. */
function flattenV1(tree, prefix, out) {
    for (const [name, node] of Object.entries(tree)) {
        if (!isObject(node))
            continue;
        const path = `${prefix}node_modules/${name}`;
        const version = typeof node.version === 'string' ? node.version : undefined;
        const entry = {
            resolved: node.resolved,
            integrity: node.integrity,
            dev: node.dev,
            optional: node.optional,
            inBundle: node.bundled,
            dependencies: node.requires,
        };
        if (version?.startsWith('file:')) {
            entry.link = true;
        }
        else if (version) {
            const alias = parseAliasVersion(version);
            if (alias) {
                entry.name = alias.name;
                entry.version = alias.version;
            }
            else
                entry.version = version;
        }
        out.set(path, entry);
        if (isObject(node.dependencies))
            flattenV1(node.dependencies, `${path}/`, out);
    }
}
/**
 * Where `name`, required from the package at `from`, is installed: `from/node_modules/name`, then each ancestor
 * folder's node_modules (folders named node_modules themselves are skipped), up to the project root.
 */
function resolveFrom(paths, from, name) {
    let dir = from;
    for (;;) {
        if (!dir.endsWith('node_modules') && !dir.endsWith('/node_modules')) {
            const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
            if (paths.has(candidate))
                return candidate;
        }
        if (dir === '')
            return undefined;
        const slash = dir.lastIndexOf('/');
        dir = slash === -1 ? '' : dir.slice(0, slash);
    }
}
function depNames(e, withDev) {
    const names = new Set();
    const maps = [e.dependencies, e.optionalDependencies, e.peerDependencies, withDev ? e.devDependencies : undefined];
    for (const m of maps)
        if (isObject(m))
            for (const n of Object.keys(m))
                names.add(n);
    return [...names];
}
function workspacePatterns(e) {
    if (!e?.workspaces)
        return false;
    return Array.isArray(e.workspaces) ? e.workspaces.length > 0 : Array.isArray(e.workspaces.packages);
}
function readNpmLockfile(text, source) {
    const hint = `Regenerate it with \`npm install --package-lock-only\`. ${SUPPORTED}`;
    const lock = parseJsonLockfile(text, source, 'this npm lockfile', hint);
    if (!isObject(lock)) {
        throw new LockfileParseError('this npm lockfile is not a JSON object.', { location: `${source}:1`, hint });
    }
    const data = lock;
    const v = data.lockfileVersion;
    if (v !== 1 && v !== 2 && v !== 3) {
        const line = lineOf(text, '"lockfileVersion"');
        throw new LockfileVersionError(v === undefined ? 'this npm lockfile has no lockfileVersion field.' : `npm lockfileVersion ${JSON.stringify(v)} is not supported.`, { location: `${source}:${line}`, hint: `${SUPPORTED} Regenerate it with a current npm (\`npm install --package-lock-only\`).` });
    }
    const paths = new Map();
    let root;
    let inferDirect = false;
    if (v === 1 || !isObject(data.packages)) {
        if (v !== 1 && !isObject(data.dependencies)) {
            throw new LockfileParseError(`this lockfileVersion ${v} file has neither a "packages" nor a "dependencies" map.`, {
                location: `${source}:1`,
                hint,
            });
        }
        flattenV1(isObject(data.dependencies) ? data.dependencies : {}, '', paths);
        root = { name: data.name, version: data.version };
        inferDirect = true;
    }
    else {
        for (const [path, entry] of Object.entries(data.packages))
            if (path !== '' && isObject(entry))
                paths.set(path, entry);
        root = isObject(data.packages['']) ? data.packages[''] : {};
    }
    const graph = newGraph('npm', source, `${/shrinkwrap/i.test(source) ? 'npm-shrinkwrap.json' : 'package-lock.json'} v${v}`);
    const rootName = root.name ?? data.name;
    const rootVersion = root.version ?? data.version;
    if (rootName)
        graph.root = { name: rootName, ...(rootVersion ? { version: rootVersion } : {}), purl: npmPurl(rootName, rootVersion ?? '') };
    const notes = [];
    // Components: every installed path that is not a link and not a workspace folder.
    const purlAt = new Map();
    const byPurl = new Map();
    const workspaces = [];
    for (const [path, e] of paths) {
        if (e.link) {
            notes.push(`${path}: link to ${e.resolved ?? '?'} (part of the project, not a component)`);
            continue;
        }
        if (!path.includes('node_modules/')) {
            workspaces.push(path);
            continue;
        }
        const fullName = typeof e.name === 'string' && e.name ? e.name : nameFromPath(path);
        const version = typeof e.version === 'string' ? e.version : '';
        if (!version) {
            notes.push(`${path}: no version (not installed from this lockfile), skipped`);
            continue;
        }
        const purl = npmPurl(fullName, version);
        purlAt.set(path, purl);
        const scope = scopeOf(e);
        const known = byPurl.get(purl);
        const alias = fullName !== nameFromPath(path) ? nameFromPath(path) : undefined;
        if (known) {
            if (SCOPE_RANK[scope] > SCOPE_RANK[known.scope ?? 'required'])
                known.scope = scope;
            if (!known.hashes?.length && e.integrity)
                known.hashes = fromIntegrity(e.integrity);
            if (alias && !known.properties?.['custody:npm:alias'])
                known.properties = { ...known.properties, 'custody:npm:alias': alias };
            continue;
        }
        const { group, name } = splitNpmName(fullName);
        const c = { purl, name, version, scope };
        if (group)
            c.group = group;
        const hashes = fromIntegrity(e.integrity);
        if (hashes.length)
            c.hashes = hashes;
        const licenses = licenseOf(e);
        if (licenses)
            c.licenses = licenses;
        if (isUrl(e.resolved))
            c.downloadUrl = e.resolved;
        const props = {};
        if (e.inBundle)
            props['custody:npm:bundled'] = 'true';
        if (alias)
            props['custody:npm:alias'] = alias;
        if (Object.keys(props).length)
            c.properties = props;
        byPurl.set(purl, c);
    }
    graph.components = [...byPurl.values()];
    /** The component a dependency name resolves to from `from`, following links; undefined for workspaces. */
    const target = (from, name) => {
        let at = resolveFrom(paths, from, name);
        for (let hops = 0; at !== undefined && hops < 8; hops++) {
            const e = paths.get(at);
            if (!e.link)
                break;
            const dest = typeof e.resolved === 'string' ? e.resolved.replace(/^file:/, '') : undefined;
            at = dest !== undefined && paths.has(dest) ? dest : undefined;
        }
        return at === undefined ? undefined : purlAt.get(at);
    };
    // Package -> package edges.
    for (const [path, purl] of purlAt) {
        const e = paths.get(path);
        for (const dep of depNames(e, false)) {
            const to = target(path, dep);
            if (to && to !== purl)
                addEdge(graph, purl, to);
        }
    }
    // Direct dependencies: the root's and every workspace's (dev included: they are the project's own).
    const direct = new Set();
    const addDirect = (from, e) => {
        for (const dep of depNames(e, true)) {
            const to = target(from, dep);
            if (to)
                direct.add(to);
        }
    };
    if (inferDirect) {
        // v1 does not record the root's own dependencies: the top-level packages nothing else requires are direct.
        const required = new Set();
        for (const deps of graph.dependencies.values())
            for (const d of deps)
                required.add(d);
        for (const [path, purl] of purlAt)
            if (!path.slice('node_modules/'.length).includes('node_modules/') && !required.has(purl))
                direct.add(purl);
        notes.push("lockfileVersion 1 does not list the project's own dependencies: direct ones inferred as top-level packages nothing else requires");
    }
    else {
        addDirect('', root);
        for (const ws of workspaces)
            addDirect(ws, paths.get(ws));
        if (workspaces.length)
            notes.push(`workspaces (part of the project, not components): ${workspaces.join(', ')}`);
    }
    if (!workspacePatterns(root) && workspaces.length === 0 && inferDirect === false && direct.size === 0 && graph.components.length) {
        notes.push('the lockfile root lists no dependencies');
    }
    graph.direct = [...direct];
    if (notes.length)
        graph.notes = notes;
    return graph;
}
function lineOf(text, needle) {
    const at = text.indexOf(needle);
    if (at === -1)
        return 1;
    let line = 1;
    for (let i = 0; i < at; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
const npmReader = {
    id: 'npm',
    fileNames: ['package-lock.json', 'npm-shrinkwrap.json'],
    sniff(fileName, head) {
        return fileName.endsWith('.json') && /"lockfileVersion"\s*:/.test(head);
    },
    read: readNpmLockfile,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/group-npm.js

const readers = [npmReader];

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
;// CONCATENATED MODULE: ./packages/sbom/dist/parsers.js
/**
 * The YAML (js-yaml, chosen by measurement: 8-23x faster than the yaml package on the pnpm and yarn berry fixtures,
 * the same values) and TOML parsers, loaded only when a lockfile needs them: an npm-only run never loads either (issue 16:
 * they were about a third of the modules a run loaded). readLockfiles awaits a reader's `prepare` (an async
 * import) before its synchronous `read`; a reader called directly (tests, library users) loads its parser
 * synchronously on first use instead.
 */

let yamlModule;
let tomlModule;
async function loadYaml() {
    yamlModule ??= (await __webpack_require__.e(/* import() */ 243).then(__webpack_require__.bind(__webpack_require__, 3243))).default;
}
async function loadToml() {
    tomlModule ??= await __webpack_require__.e(/* import() */ 292).then(__webpack_require__.bind(__webpack_require__, 3292));
}
function yaml() {
    return (yamlModule ??= (0,external_node_module_.createRequire)(import.meta.url)('js-yaml'));
}
function toml() {
    return (tomlModule ??= (0,external_node_module_.createRequire)(import.meta.url)('smol-toml'));
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/js-util.js
/**
 * Helpers shared by the JavaScript lockfile readers (yarn v1, yarn berry, pnpm, deno): errors with a location,
 * npm components and scope from reachability. The graph builder is ../graph.ts, shared by every reader.
 */






/** `source:line` when the line is known, else `source`. */
function js_util_location(source, line) {
    return line !== undefined && line > 0 ? `${source}:${line}` : source;
}
/** LOCKFILE_MALFORMED (exit 2) at `source:line`. */
function malformed(source, line, message, hint) {
    return new LockfileParseError(`${message}.`, { location: js_util_location(source, line), hint, exitCode: 2 });
}
/** LOCKFILE_UNSUPPORTED_VERSION (exit 2) at `source:line`; the hint says which versions are supported. */
function unsupportedVersion(source, line, message, hint) {
    return new LockfileVersionError(`${message}.`, { location: js_util_location(source, line), hint, exitCode: 2 });
}
/** 1-based line of a character offset. */
function lineAt(text, offset) {
    let line = 1;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
/** 1-based line where `needle` first occurs, or undefined. */
function js_util_lineOf(text, needle) {
    const at = text.indexOf(needle);
    return at < 0 ? undefined : lineAt(text, at);
}
/**
 * Splits `name@range` (npm style, the scope's `@` is part of the name). Returns undefined when there is no
 * version part (`lodash`, `@babel/core`).
 */
function splitNameAt(spec) {
    const at = spec.indexOf('@', 1);
    if (at <= 0)
        return undefined;
    return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}
const GIT_URL = /^(git\+|git:|github:|gitlab:|bitbucket:)|\.git(#|$)|^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+(#|$)/;
/** A resolved URL that points at a git repository rather than a tarball. */
function isGitUrl(url) {
    return GIT_URL.test(url);
}
/** A tarball from an npm-compatible registry: `<registry>/<name>/-/<base>-<version>.tgz`. */
function isRegistryTarball(url) {
    return /^https?:\/\/[^#?]+\/-\/[^/#?]+\.tgz([#?].*)?$/.test(url);
}
/** An npm package component: purl with `@scope` encoded, name/group split, hashes from the SRI integrity. */
function npmComponent(fullName, version, opts = {}) {
    const { group, name } = splitNpmName(fullName);
    const purl = formatPurl({
        type: 'npm',
        ...(group ? { namespace: group } : {}),
        name,
        version,
        ...(opts.qualifiers && Object.keys(opts.qualifiers).length ? { qualifiers: opts.qualifiers } : {}),
    });
    const c = { purl, name, version, type: 'library' };
    if (group)
        c.group = group;
    const hashes = mergeHashes(fromIntegrity(opts.integrity), opts.hashes ?? []);
    if (hashes.length)
        c.hashes = hashes;
    if (opts.scope)
        c.scope = opts.scope;
    if (opts.downloadUrl)
        c.downloadUrl = opts.downloadUrl;
    if (opts.properties && Object.keys(opts.properties).length)
        c.properties = { ...opts.properties };
    return c;
}
/** Qualifiers for a package that did not come from the registry, from where it was resolved. */
function sourceQualifiers(resolved) {
    if (!resolved)
        return {};
    if (isGitUrl(resolved)) {
        // Yarn berry writes `#commit=<sha>`; npm and yarn v1 write `#<sha>`: one form in the purl.
        const url = (resolved.startsWith('git+') || resolved.startsWith('git:') ? resolved : `git+${resolved}`).replace('#commit=', '#');
        return { vcs_url: url };
    }
    if (/^https?:/.test(resolved) && !isRegistryTarball(resolved))
        return { download_url: resolved.replace(/#.*$/, '') };
    return {};
}
/**
 * Scope from reachability: what the project's runtime roots reach over required edges is `required`; what they
 * reach only through an optional root or edge is `optional`; what only the development roots reach is `excluded`.
 * Returns purl -> scope for every node reached.
 */
function scopesByReachability(roots, edges) {
    const out = new Map();
    const walk = (start, scope, useOptional) => {
        const stack = [...start];
        while (stack.length) {
            const n = stack.pop();
            if (out.has(n))
                continue;
            out.set(n, scope);
            for (const m of edges.required.get(n) ?? [])
                if (!out.has(m))
                    stack.push(m);
            if (useOptional)
                for (const m of edges.optional.get(n) ?? [])
                    if (!out.has(m))
                        stack.push(m);
        }
    };
    walk(roots.required, 'required', false);
    // Optional: from the runtime roots through optional edges, and from optional roots.
    const optionalStarts = [...roots.optional];
    for (const [n, scope] of out)
        if (scope === 'required')
            for (const m of edges.optional.get(n) ?? [])
                optionalStarts.push(m);
    walk(optionalStarts, 'optional', true);
    walk(roots.dev, 'excluded', true);
    return out;
}
/** Alias uses accepted in a YAML lockfile: pnpm and yarn write none; the yaml package's default bound. */
const MAX_YAML_ALIASES = 100;
/**
 * Counts alias uses (`*name` after a space, a line start or a flow indicator), outside quoted scalars and comments.
 * js-yaml shares an aliased node instead of copying it, so aliases cannot blow up memory; the bound keeps a
 * hostile file from multiplying the readers' work (a map aliased thousands of times).
 */
function countYamlAliases(text) {
    let n = 0;
    let prev = 0x0a;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if ((c === 0x22 || c === 0x27) &&
            (prev === 0x20 || prev === 0x0a || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c || prev === 0x3a)) {
            for (i++; i < text.length; i++) {
                const d = text.charCodeAt(i);
                if (c === 0x22 && d === 0x5c)
                    i++;
                else if (d === c) {
                    if (c === 0x27 && text.charCodeAt(i + 1) === 0x27)
                        i++;
                    else
                        break;
                }
            }
        }
        else if (c === 0x23 && (prev === 0x20 || prev === 0x0a || prev === 0x09)) {
            while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a)
                i++;
        }
        else if (c === 0x2a && (prev === 0x20 || prev === 0x0a || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c)) {
            const d = text.charCodeAt(i + 1);
            if (d && d !== 0x20 && d !== 0x0a && d !== 0x09)
                n++;
        }
        prev = text.charCodeAt(i);
    }
    return n;
}
/** A top-level key as written at the start of a line (plain, 'single' or "double" quoted), or undefined. */
function topLevelKey(line) {
    const c = line.charCodeAt(0);
    if (!c || c === 0x20 || c === 0x09 || c === 0x23 || c === 0x2d || c === 0x0d)
        return undefined;
    if (c === 0x22) {
        const m = /^"((?:[^"\\]|\\.)*)"\s*:/.exec(line);
        if (!m)
            return undefined;
        try {
            return JSON.parse(`"${m[1]}"`);
        }
        catch {
            return m[1];
        }
    }
    if (c === 0x27) {
        const m = /^'((?:[^']|'')*)'\s*:/.exec(line);
        return m ? m[1].replace(/''/g, "'") : undefined;
    }
    const m = /^([^#]*?)\s*:(\s|$)/.exec(line);
    return m ? m[1] : undefined;
}
/**
 * Parses a YAML lockfile (js-yaml, core schema) and returns its top-level entries with their lines. A syntax
 * error becomes LOCKFILE_MALFORMED at the line js-yaml reports; nesting deeper than the JSON depth limit (flow or
 * block) is LIMIT_JSON_DEPTH before any recursion; more than MAX_YAML_ALIASES alias uses is LOCKFILE_MALFORMED.
 */
function parseYamlLockfile(text, source, what, hint) {
    // Flow collections ([ ], { }) nested past the JSON depth limit are refused before the recursive parser sees them.
    checkYamlFlowDepth(text, what, source);
    const aliases = countYamlAliases(text);
    if (aliases > MAX_YAML_ALIASES) {
        throw malformed(source, undefined, `${what} uses ${aliases} YAML aliases, more than the ${MAX_YAML_ALIASES} accepted (pnpm and yarn write none)`, hint);
    }
    const { load, CORE_SCHEMA } = yaml();
    const maxDepth = (0,dist/* limits */.Fy)().jsonDepth;
    let doc;
    try {
        doc = load(text, { schema: CORE_SCHEMA, maxDepth });
    }
    catch (err) {
        const e = err;
        const reason = e.reason ?? e.message ?? String(err);
        // js-yaml appends a newline to a text that lacks one: an error at the end is on the text's last line.
        const pos = e.mark?.position;
        const line = typeof pos === 'number'
            ? lineAt(text, Math.min(pos, Math.max(0, text.length - 1)))
            : typeof e.mark?.line === 'number'
                ? e.mark.line + 1
                : undefined;
        if (/maxDepth/.test(reason))
            throw new dist/* LimitError */.oC('jsonDepth', `${what} nests deeper than ${maxDepth} levels.`, { location: js_util_location(source, line) });
        throw malformed(source, line, `${what} is not valid YAML: ${reason}`, hint);
    }
    if (!isRecord(doc)) {
        throw malformed(source, 1, `${what} should be a YAML mapping at the top level`, hint);
    }
    // Lines of the top-level keys, from the text (js-yaml returns plain values without positions).
    const lines = new Map();
    let lineNo = 0;
    for (let at = 0; at < text.length;) {
        let end = text.indexOf('\n', at);
        if (end < 0)
            end = text.length;
        lineNo++;
        const c = text.charCodeAt(at);
        if (c !== 0x20 && c !== 0x0a && c !== 0x23 && c !== 0x2d) {
            const key = topLevelKey(text.slice(at, Math.min(end, at + 4096)));
            if (key !== undefined && !lines.has(key))
                lines.set(key, lineNo);
        }
        at = end + 1;
    }
    const top = doc;
    return Object.keys(top).map((key) => ({ key, value: top[key], line: lines.get(key) ?? 1 }));
}
/** The line of a key nested below a top-level entry (`  key:`), searched in the text after that entry's line. */
function nestedLine(text, fromLine, key) {
    const lines = text.split('\n');
    for (let i = fromLine; i < lines.length && i < fromLine + 200; i++) {
        if (lines[i].trimStart().startsWith(`${key}:`))
            return i + 1;
    }
    return fromLine;
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** A string -> string map from an unknown YAML/JSON value (non-string values become strings). */
function stringMap(v) {
    const out = {};
    if (!isRecord(v))
        return out;
    for (const [k, x] of Object.entries(v))
        if (x !== null && x !== undefined)
            out[k] = String(x);
    return out;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/deno.js




const deno_SUPPORTED = 'Supported: deno.lock versions 1 to 5.';
const REGENERATE = 'Regenerate it with `deno install` (or `deno cache --frozen=false`), or check that the file is a complete deno.lock.';
/** `name@1.2.3_peer@4.5.6` -> name, version (peer suffix removed). */
function npmKeyParts(key) {
    const s = splitNameAt(key);
    if (!s)
        return undefined;
    return { name: s.name, version: s.rest.replace(/_.*$/, '') };
}
function jsrComponent(key, integrity) {
    const s = splitNameAt(key);
    if (!s)
        return undefined;
    const { group, name } = splitNpmName(s.name);
    const manifest = `https://jsr.io/${s.name}/${s.rest}_meta.json`;
    const purl = formatPurl({
        type: 'generic',
        ...(group ? { namespace: group } : {}),
        name,
        version: s.rest,
        qualifiers: { download_url: manifest },
    });
    const c = { purl, name, version: s.rest, type: 'library', downloadUrl: manifest };
    if (group)
        c.group = group;
    if (integrity && /^[0-9a-f]{64}$/i.test(integrity))
        c.hashes = [{ alg: 'SHA-256', content: integrity.toLowerCase() }];
    c.properties = { 'custody:jsr:package': key };
    return c;
}
function remoteComponent(url, hash) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return undefined;
    }
    const segments = u.pathname
        .split('/')
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
    const file = segments.pop() ?? u.host;
    const namespace = [u.host, ...segments].join('/');
    const versionSeg = segments.map((s) => /@(v?\d[\w.+-]*)$/.exec(s)).find(Boolean);
    const version = versionSeg ? versionSeg[1] : '';
    const purl = formatPurl({ type: 'generic', namespace, name: file, ...(version ? { version } : {}), qualifiers: { download_url: url } });
    const c = { purl, name: file, group: namespace, version, type: 'library', downloadUrl: url };
    if (typeof hash === 'string' && /^[0-9a-f]{64}$/i.test(hash))
        c.hashes = [{ alg: 'SHA-256', content: hash.toLowerCase() }];
    return c;
}
/** Line of an object key in the pretty-printed file (`"key": {`), falling back to the first mention. */
function keyLine(text, key) {
    return js_util_lineOf(text, `${JSON.stringify(key)}: {`) ?? js_util_lineOf(text, JSON.stringify(key));
}
function readDeno(text, source) {
    const doc = parseJsonLockfile(text, source, 'deno.lock', REGENERATE);
    if (!isRecord(doc))
        throw malformed(source, 1, 'deno.lock should be a JSON object', REGENERATE);
    const declared = doc.version;
    let version;
    if (declared === undefined) {
        // Version 1: only URL -> hash pairs.
        if (!Object.values(doc).every((v) => typeof v === 'string')) {
            throw malformed(source, 1, 'deno.lock has no "version" and is not a version 1 map of URLs to hashes', `${REGENERATE} ${deno_SUPPORTED}`);
        }
        version = 1;
    }
    else {
        version = Number(declared);
        if (![2, 3, 4, 5].includes(version)) {
            throw unsupportedVersion(source, js_util_lineOf(text, '"version"'), `deno.lock version ${JSON.stringify(declared)} is not supported`, deno_SUPPORTED);
        }
    }
    const b = new GraphBuilder('deno', source, `deno.lock v${version}`);
    const _graph = b.graph;
    const section = (obj, name) => {
        if (obj === undefined)
            return {};
        if (!isRecord(obj))
            throw malformed(source, js_util_lineOf(text, `"${name}"`), `"${name}" in deno.lock is not an object`, REGENERATE);
        return obj;
    };
    // Gather the sections in one shape.
    let remote;
    let specifiers = {};
    let npmRaw = {};
    let jsrRaw = {};
    const requests = [];
    if (version === 1) {
        remote = doc;
    }
    else if (version === 2) {
        remote = section(doc.remote, 'remote');
        const npm = section(doc.npm, 'npm');
        npmRaw = section(npm.packages, 'packages');
        const spec = section(npm.specifiers, 'specifiers');
        // v2 specifiers are `name@range -> name@version` without the npm: prefix.
        for (const [k, v] of Object.entries(spec))
            specifiers[`npm:${k}`] = typeof v === 'string' ? `npm:${v}` : v;
        requests.push(...Object.keys(specifiers));
    }
    else {
        const root = version === 3 ? section(doc.packages, 'packages') : doc;
        remote = section(doc.remote, 'remote');
        specifiers = section(root.specifiers, 'specifiers');
        npmRaw = section(root.npm, 'npm');
        jsrRaw = section(root.jsr, 'jsr');
        const ws = section(doc.workspace, 'workspace');
        const collect = (w) => {
            if (Array.isArray(w.dependencies))
                requests.push(...w.dependencies.map(String));
            if (isRecord(w.packageJson) && Array.isArray(w.packageJson.dependencies))
                requests.push(...w.packageJson.dependencies.map(String));
        };
        collect(ws);
        if (isRecord(ws.members))
            for (const m of Object.values(ws.members))
                if (isRecord(m))
                    collect(m);
    }
    // npm packages.
    const npm = [];
    for (const [key, v] of Object.entries(npmRaw)) {
        if (!isRecord(v))
            throw malformed(source, keyLine(text, key), `npm package "${key}" is not an object`, REGENERATE);
        const deps = Array.isArray(v.dependencies)
            ? v.dependencies.map(String)
            : isRecord(v.dependencies)
                ? Object.entries(v.dependencies).map(([alias, target]) => `${alias}@npm:${String(target)}`)
                : [];
        const optionalDeps = Array.isArray(v.optionalDependencies) ? v.optionalDependencies.map(String) : [];
        npm.push({
            key,
            ...(typeof v.integrity === 'string' ? { integrity: v.integrity } : {}),
            deps,
            optionalDeps,
            ...(typeof v.tarball === 'string' ? { tarball: v.tarball } : {}),
        });
    }
    const npmPurlByKey = new Map();
    const npmKeysByName = new Map();
    for (const e of npm) {
        const parts = npmKeyParts(e.key);
        if (!parts)
            throw malformed(source, keyLine(text, e.key), `cannot read an npm package name and version from "${e.key}"`, REGENERATE);
        const c = npmComponent(parts.name, parts.version, { integrity: e.integrity, downloadUrl: e.tarball });
        npmPurlByKey.set(e.key, b.add(c).purl);
        const list = npmKeysByName.get(parts.name) ?? [];
        list.push(e.key);
        npmKeysByName.set(parts.name, list);
    }
    // jsr packages.
    const jsr = [];
    for (const [key, v] of Object.entries(jsrRaw)) {
        if (!isRecord(v))
            throw malformed(source, keyLine(text, key), `jsr package "${key}" is not an object`, REGENERATE);
        jsr.push({
            key,
            ...(typeof v.integrity === 'string' ? { integrity: v.integrity } : {}),
            deps: Array.isArray(v.dependencies) ? v.dependencies.map(String) : [],
        });
    }
    const jsrPurlByKey = new Map();
    const jsrKeysByName = new Map();
    for (const e of jsr) {
        const c = jsrComponent(e.key, e.integrity);
        if (!c)
            throw malformed(source, keyLine(text, e.key), `cannot read a jsr package name and version from "${e.key}"`, REGENERATE);
        jsrPurlByKey.set(e.key, b.add(c).purl);
        const name = splitNameAt(e.key).name;
        const list = jsrKeysByName.get(name) ?? [];
        list.push(e.key);
        jsrKeysByName.set(name, list);
    }
    // Remote modules.
    for (const [url, hash] of Object.entries(remote)) {
        const c = remoteComponent(url, hash);
        if (c)
            b.add(c);
        else
            b.note(`${source}: skipped remote entry "${url}" (not a URL)`);
    }
    /** Resolves `npm:name@req` / `jsr:@scope/name@req` / bare `npm:name` to component purls. */
    const resolveRequest = (req) => {
        const kind = req.startsWith('jsr:') ? 'jsr' : req.startsWith('npm:') ? 'npm' : undefined;
        if (!kind)
            return [];
        const resolved = specifiers[req];
        const body = req.slice(4);
        const split = splitNameAt(body);
        const name = split ? split.name : body;
        const byKey = kind === 'jsr' ? jsrPurlByKey : npmPurlByKey;
        if (typeof resolved === 'string') {
            // v3: "npm:name@1.2.3" / "jsr:@s/n@1.2.3"; v4+: just "1.2.3" (npm may carry a peer suffix).
            const target = /^(npm|jsr):/.test(resolved) ? resolved.slice(4) : `${name}@${resolved}`;
            const hit = byKey.get(target);
            if (hit)
                return [hit];
        }
        // A bare name (v4+ writes `jsr:@std/fs` when only one version is locked) or an exact key.
        if (split && byKey.has(body))
            return [byKey.get(body)];
        const keys = (kind === 'jsr' ? jsrKeysByName : npmKeysByName).get(name) ?? [];
        if (keys.length === 1)
            return [byKey.get(keys[0])];
        // Several versions and a range we cannot pick from: use the specifiers that resolved this name.
        const out = [];
        for (const [k, v] of Object.entries(specifiers)) {
            if (typeof v !== 'string' || !k.startsWith(`${kind}:${name}@`))
                continue;
            const target = /^(npm|jsr):/.test(v) ? v.slice(4) : `${name}@${v}`;
            const hit = byKey.get(target);
            if (hit)
                out.push(hit);
        }
        return out;
    };
    /** npm dependency reference inside an npm entry: `name`, `name@version`, `alias@npm:real@version`. */
    const resolveNpmDep = (ref) => {
        const split = splitNameAt(ref);
        if (split) {
            const target = split.rest.startsWith('npm:') ? split.rest.slice(4) : ref;
            const hit = npmPurlByKey.get(target);
            if (hit)
                return hit;
        }
        const keys = npmKeysByName.get(split ? split.name : ref) ?? [];
        return keys.length ? npmPurlByKey.get(keys.at(-1)) : undefined;
    };
    for (const e of npm) {
        const from = npmPurlByKey.get(e.key);
        for (const d of [...e.deps, ...e.optionalDeps]) {
            const to = resolveNpmDep(d);
            if (to)
                b.edge(from, to);
        }
    }
    for (const e of jsr) {
        const from = jsrPurlByKey.get(e.key);
        for (const d of e.deps)
            for (const to of resolveRequest(d))
                b.edge(from, to);
    }
    for (const r of requests)
        for (const to of resolveRequest(r))
            b.direct(to);
    return b.finish();
}
const denoReader = {
    id: 'deno',
    fileNames: ['deno.lock'],
    // Also deno-test.lock.json and the like.
    sniff(fileName, head) {
        return /^deno[\w.-]*\.lock(\.json)?$/.test(fileName.replace(/^.*[\\/]/, '')) && /^\s*\{/.test(head);
    },
    read: readDeno,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/pnpm.js



const pnpm_SUPPORTED = 'Supported: pnpm-lock.yaml lockfileVersion 5.x (pnpm 5-7), 6.x (pnpm 8) and 9.0 (pnpm 9-10).';
const pnpm_REGENERATE = 'Regenerate it with `pnpm install --lockfile-only`, or check that the file is a complete pnpm-lock.yaml.';
const RANK = { required: 2, optional: 1, excluded: 0 };
const NPM_NAME = /^(@[^/@:\s]+\/)?[^/@:\s]+$/;
/** Importer dependency values: `{specifier, version}` (6.x, 9.0) or a plain version string (5.x). */
function importerVersions(v) {
    const out = {};
    if (!isRecord(v))
        return out;
    for (const [name, x] of Object.entries(v)) {
        if (isRecord(x) && x.version !== undefined)
            out[name] = String(x.version);
        else if (typeof x === 'string' || typeof x === 'number')
            out[name] = String(x);
    }
    return out;
}
function stripPeers(version, major) {
    if (major === 5)
        return version.replace(/_.*$/, '');
    const paren = version.indexOf('(');
    return paren < 0 ? version : version.slice(0, paren);
}
/** Name and version from a package key, when the key has the registry form. */
function parseKey(key, major) {
    if (major === 9) {
        const s = splitNameAt(stripPeers(key, 9));
        return s && NPM_NAME.test(s.name) ? { name: s.name, version: s.rest } : undefined;
    }
    if (!key.startsWith('/'))
        return undefined;
    if (major === 6) {
        const s = splitNameAt(stripPeers(key.slice(1), 6));
        return s && NPM_NAME.test(s.name) ? { name: s.name, version: s.rest } : undefined;
    }
    const parts = key.slice(1).split('/');
    if (parts.length < 2)
        return undefined;
    const version = stripPeers(parts.at(-1), 5);
    const name = parts.slice(0, -1).join('/');
    return NPM_NAME.test(name) && version ? { name, version } : undefined;
}
/** The package/snapshot key a dependency `name: value` points at. */
function depKey(name, value, major) {
    if (major === 9) {
        const alias = splitNameAt(stripPeers(value, 9));
        if (alias && NPM_NAME.test(alias.name))
            return value; // alias: real-name@1.0.0(peers)
        return `${name}@${value}`;
    }
    if (value.startsWith('/'))
        return value;
    const bare = stripPeers(value, major);
    if (bare.includes('/'))
        return value; // a non-registry key such as github.com/user/repo/<sha>
    return major === 6 ? `/${name}@${value}` : `/${name}/${value}`;
}
/** Line of a two-space indented section key (`  key:` or `  'key':`), else of its first mention. */
function pnpm_keyLine(text, key) {
    for (const form of [`\n  '${key}':`, `\n  ${key}:`]) {
        const at = js_util_lineOf(text, form);
        if (at !== undefined)
            return at + 1;
    }
    return js_util_lineOf(text, key);
}
function readPnpm(text, source) {
    const entries = parseYamlLockfile(text, source, 'pnpm-lock.yaml', pnpm_REGENERATE);
    const top = new Map(entries.map((e) => [e.key, e]));
    const lv = top.get('lockfileVersion');
    if (!lv)
        throw malformed(source, 1, 'pnpm-lock.yaml has no lockfileVersion', `${pnpm_REGENERATE} ${pnpm_SUPPORTED}`);
    const versionText = String(lv.value);
    const majorNum = Math.floor(Number.parseFloat(versionText));
    if (majorNum !== 5 && majorNum !== 6 && majorNum !== 9) {
        throw unsupportedVersion(source, lv.line, `pnpm lockfileVersion ${versionText} is not supported`, pnpm_SUPPORTED);
    }
    const major = majorNum;
    const b = new GraphBuilder('npm', source, `pnpm-lock.yaml v${versionText}`);
    const _graph = b.graph;
    const importers = [];
    const imp = top.get('importers');
    if (imp) {
        if (!isRecord(imp.value))
            throw malformed(source, imp.line, 'importers is not a mapping', pnpm_REGENERATE);
        for (const [path, v] of Object.entries(imp.value)) {
            const r = isRecord(v) ? v : {};
            importers.push({
                path,
                dependencies: importerVersions(r.dependencies),
                devDependencies: importerVersions(r.devDependencies),
                optionalDependencies: importerVersions(r.optionalDependencies),
            });
        }
    }
    else {
        importers.push({
            path: '.',
            dependencies: importerVersions(top.get('dependencies')?.value),
            devDependencies: importerVersions(top.get('devDependencies')?.value),
            optionalDependencies: importerVersions(top.get('optionalDependencies')?.value),
        });
    }
    const pk = top.get('packages');
    const packages = pk?.value ?? {};
    if (!isRecord(packages))
        throw malformed(source, pk?.line, 'packages is not a mapping', pnpm_REGENERATE);
    const sn = top.get('snapshots');
    const snapshots = sn?.value ?? {};
    if (!isRecord(snapshots))
        throw malformed(source, sn?.line, 'snapshots is not a mapping', pnpm_REGENERATE);
    // The nodes of the graph: snapshots in 9.0 (each points at its package by the key without peers), else packages.
    const nodeKeys = major === 9 ? [...new Set([...Object.keys(snapshots), ...Object.keys(packages)])] : Object.keys(packages);
    const purlOf = new Map();
    const flags = new Map();
    for (const key of nodeKeys) {
        const snap = major === 9 ? snapshots[key] : undefined;
        const metaKey = major === 9 ? (key in packages ? key : stripPeers(key, 9)) : key;
        const meta = packages[metaKey];
        if (major === 9 && meta === undefined) {
            throw malformed(source, pnpm_keyLine(text, key), `snapshot "${key}" has no entry "${metaKey}" under packages`, pnpm_REGENERATE);
        }
        if (!isRecord(meta))
            throw malformed(source, pnpm_keyLine(text, metaKey), `package "${metaKey}" is not a mapping`, pnpm_REGENERATE);
        const parsed = parseKey(key, major);
        const name = typeof meta.name === 'string' ? meta.name : parsed?.name;
        const version = meta.version !== undefined ? String(meta.version) : parsed?.version;
        if (!name || !version) {
            throw malformed(source, pnpm_keyLine(text, key), `cannot read a package name and version from "${key}"`, pnpm_REGENERATE);
        }
        // pnpm writes a resolution for every package: without one the entry (usually the file) was cut short.
        if (!isRecord(meta.resolution)) {
            throw malformed(source, pnpm_keyLine(text, metaKey), `package "${metaKey}" has no resolution: the file looks truncated or hand-edited`, pnpm_REGENERATE);
        }
        const resolution = meta.resolution;
        if (typeof resolution.directory === 'string') {
            b.note(`${source}: skipped local directory package ${name} (${resolution.directory})`);
            continue;
        }
        const qualifiers = {};
        const tarball = typeof resolution.tarball === 'string' ? resolution.tarball : undefined;
        if (resolution.type === 'git' && typeof resolution.repo === 'string') {
            const repo = resolution.repo.startsWith('git+') ? resolution.repo : `git+${resolution.repo}`;
            qualifiers.vcs_url = typeof resolution.commit === 'string' ? `${repo}#${resolution.commit}` : repo;
        }
        else if (tarball && /^https?:/.test(tarball) && !isRegistryTarball(tarball)) {
            qualifiers.download_url = tarball;
        }
        // `(patch_hash=…)` in the key: pnpm applied a patch (patchedDependencies) to this package.
        const patch = /\(patch_hash=([^)]+)\)/.exec(key);
        const c = npmComponent(name, version, {
            integrity: typeof resolution.integrity === 'string' ? resolution.integrity : undefined,
            downloadUrl: tarball && /^https?:/.test(tarball) ? tarball : undefined,
            qualifiers,
            ...(patch ? { properties: { 'custody:pnpm:patch_hash': patch[1] } } : {}),
        });
        const purl = b.add(c).purl;
        purlOf.set(key, purl);
        // Peer variants of one package share a purl: the widest scope wins (required > optional > excluded).
        const flagSource = major === 9 ? (isRecord(snap) ? snap : {}) : meta;
        const flag = flagSource.dev === true ? 'excluded' : flagSource.optional === true ? 'optional' : major === 9 ? undefined : 'required';
        const prev = flags.get(purl);
        if (flag && (!prev || RANK[flag] > RANK[prev]))
            flags.set(purl, flag);
    }
    // Edges.
    const required = new Map();
    const optional = new Map();
    const resolveDep = (name, value) => {
        if (value.startsWith('link:'))
            return undefined;
        return purlOf.get(depKey(name, value, major));
    };
    for (const key of nodeKeys) {
        const from = purlOf.get(key);
        if (!from)
            continue;
        const node = major === 9 ? snapshots[key] : packages[key];
        if (!isRecord(node))
            continue;
        for (const [field, into] of [
            ['dependencies', required],
            ['optionalDependencies', optional],
        ]) {
            for (const [dep, value] of Object.entries(stringMap(node[field]))) {
                const to = resolveDep(dep, value);
                if (!to)
                    continue;
                b.edge(from, to);
                let list = into.get(from);
                if (!list)
                    into.set(from, (list = []));
                list.push(to);
            }
        }
    }
    // Direct dependencies and scopes.
    const roots = { required: [], optional: [], dev: [] };
    for (const im of importers) {
        for (const [field, bucket] of [
            ['dependencies', roots.required],
            ['optionalDependencies', roots.optional],
            ['devDependencies', roots.dev],
        ]) {
            for (const [dep, value] of Object.entries(im[field])) {
                if (value.startsWith('link:')) {
                    b.note(`${source}: ${im.path} links ${dep} (${value}) - a workspace package, part of the project`);
                    continue;
                }
                const to = resolveDep(dep, value);
                if (!to)
                    continue;
                b.direct(to);
                bucket.push(to);
            }
        }
    }
    if (major === 9) {
        // 9.0 has no dev flags: what the importers reach decides; the snapshot's `optional: true` covers the rest.
        for (const [purl, scope] of scopesByReachability(roots, { required, optional }))
            flags.set(purl, scope);
    }
    for (const [purl, scope] of flags) {
        const c = b.get(purl);
        if (c)
            c.scope = scope;
    }
    return b.finish();
}
const pnpmReader = {
    id: 'pnpm',
    fileNames: ['pnpm-lock.yaml'],
    prepare: loadYaml,
    // Also pnpm-lock6.yaml, pnpm-lock9a.yaml and the like.
    sniff(fileName, head) {
        return /^pnpm-lock[\w.-]*\.ya?ml$/.test(fileName.replace(/^.*[\\/]/, '')) && /^lockfileVersion:/m.test(head);
    },
    read: readPnpm,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/yarn-berry.js



/** Lockfile format versions written by Yarn 2.0 … 4.x. */
const BERRY_VERSIONS = [3, 4, 5, 6, 7, 8];
const yarn_berry_SUPPORTED = `Supported: Yarn berry lockfiles with __metadata.version ${BERRY_VERSIONS[0]}-${BERRY_VERSIONS.at(-1)} (Yarn 2-4) and yarn.lock v1 (Yarn classic).`;
const yarn_berry_REGENERATE = 'Regenerate it with `yarn install`, or check that the file is a complete yarn.lock.';
/** `name@protocol:ref` -> parts; a GitHub shorthand (`user/repo`) has no protocol. */
function parseLocator(s) {
    const split = splitNameAt(s);
    if (!split)
        return undefined;
    const colon = split.rest.indexOf(':');
    if (colon < 0)
        return { name: split.name, protocol: '', ref: split.rest };
    return { name: split.name, protocol: split.rest.slice(0, colon), ref: split.rest.slice(colon + 1) };
}
/**
 * Berry's `checksum` is the SHA-512 of the package as Yarn stores it: a zip archive it builds itself, prefixed
 * with the cache key (`10c0/<hex>`, or bare hex with `__metadata.cacheKey` elsewhere). It does not identify the
 * tarball published to the registry — nobody else can recompute it from the published artifact — so putting it in
 * component.hashes would make a verifier compare the wrong bytes. It is kept as a property instead.
 */
const checksumProperty = 'custody:yarn:checksum';
function readYarnBerry(text, source) {
    const entries = parseYamlLockfile(text, source, 'yarn.lock (berry)', yarn_berry_REGENERATE);
    const meta = entries.find((e) => e.key === '__metadata');
    if (!meta || !isRecord(meta.value)) {
        throw malformed(source, 1, 'yarn.lock has no __metadata entry', `${yarn_berry_REGENERATE} ${yarn_berry_SUPPORTED}`);
    }
    const version = Number(meta.value.version);
    if (!BERRY_VERSIONS.includes(version)) {
        throw unsupportedVersion(source, nestedLine(text, meta.line, 'version'), `yarn.lock __metadata.version ${String(meta.value.version)} is not supported`, yarn_berry_SUPPORTED);
    }
    const b = new GraphBuilder('npm', source, `yarn.lock (berry v${version})`);
    const graph = b.graph;
    // descriptor -> purl of the component (or null for workspaces / skipped local packages)
    const byDescriptor = new Map();
    const packages = [];
    for (const e of entries) {
        if (e.key === '__metadata')
            continue;
        const v = e.value;
        if (!isRecord(v))
            throw malformed(source, e.line, `entry "${e.key}" is not a mapping`, yarn_berry_REGENERATE);
        const resolution = typeof v.resolution === 'string' ? v.resolution : undefined;
        const loc = resolution ? parseLocator(resolution) : undefined;
        if (!resolution || !loc) {
            throw malformed(source, e.line, `entry "${e.key}" has no readable resolution`, yarn_berry_REGENERATE);
        }
        // Yarn writes `linkType` last in every entry: without it the entry (usually the file) was cut short.
        if (typeof v.linkType !== 'string') {
            throw malformed(source, e.line, `entry "${e.key}" is incomplete (no linkType): the file looks truncated`, yarn_berry_REGENERATE);
        }
        const deps = stringMap(v.dependencies);
        const optionalDeps = new Set();
        if (isRecord(v.dependenciesMeta)) {
            for (const [dep, m] of Object.entries(v.dependenciesMeta))
                if (isRecord(m) && m.optional === true)
                    optionalDeps.add(dep);
        }
        const descriptors = e.key.split(/,\s*/).filter(Boolean);
        let purl = null;
        let workspace;
        if (loc.protocol === 'workspace') {
            workspace = loc.ref;
            if (loc.ref === '.')
                graph.root = { name: loc.name, purl: npmPurl(loc.name, '') };
            b.note(`${source}: workspace ${loc.name} (${loc.ref}) is part of the project, not a component`);
        }
        else if (loc.protocol === 'link' || loc.protocol === 'portal' || loc.protocol === 'file') {
            b.note(`${source}: skipped ${loc.protocol}: package ${loc.name} (${loc.ref.replace(/::.*$/, '')}) - a local path, not a published package`);
        }
        else {
            const entryVersion = v.version === undefined || v.version === null ? '' : String(v.version);
            if (!entryVersion)
                throw malformed(source, e.line, `entry "${e.key}" has no version`, yarn_berry_REGENERATE);
            let base = loc;
            const properties = {};
            if (loc.protocol === 'patch') {
                // patch:<url-encoded base descriptor or locator>#<patch path>::version=…&hash=…
                const inner = decodeURIComponent(loc.ref.replace(/::.*$/, '').replace(/#.*$/, ''));
                const innerLoc = parseLocator(inner);
                if (!innerLoc)
                    throw malformed(source, e.line, `cannot read the patched package in "${resolution}"`, yarn_berry_REGENERATE);
                base = innerLoc;
                const patch = /#(.*?)(::|$)/.exec(loc.ref);
                properties['custody:yarn:patch'] = patch ? decodeURIComponent(patch[1]) : 'yes';
            }
            else if (typeof v.checksum === 'string' || typeof v.checksum === 'number') {
                properties[checksumProperty] = String(v.checksum);
            }
            const realName = base.name;
            let qualifiers = {};
            let downloadUrl;
            if (base.protocol !== 'npm' && base.protocol !== '') {
                const url = `${base.protocol}:${base.ref}`.replace(/::.*$/, '');
                qualifiers = sourceQualifiers(url);
                if (/^https?:/.test(url))
                    downloadUrl = url.replace(/#.*$/, '');
            }
            const aliasOf = descriptors.map(parseLocator).find((d) => d && d.name !== realName);
            if (aliasOf)
                properties['custody:npm:alias'] = aliasOf.name;
            const c = npmComponent(realName, entryVersion, { qualifiers, downloadUrl, properties });
            purl = b.add(c).purl;
        }
        for (const d of descriptors)
            byDescriptor.set(d, purl);
        packages.push({ purl, deps, optionalDeps, ...(workspace !== undefined ? { workspace } : {}), line: e.line });
    }
    // package name -> the components locked for it (for descriptors the lockfile does not list, below)
    const byName = new Map();
    for (const [d, purl] of byDescriptor) {
        const loc = purl ? parseLocator(d) : undefined;
        if (!loc || !purl)
            continue;
        let set = byName.get(loc.name);
        if (!set)
            byName.set(loc.name, (set = new Set()));
        set.add(purl);
    }
    const lookup = (name, range) => {
        const exact = byDescriptor.get(`${name}@${range}`);
        if (exact !== undefined)
            return exact;
        const implied = byDescriptor.get(`${name}@npm:${range}`);
        if (implied !== undefined)
            return implied;
        // A `resolutions` override in package.json replaces the descriptor (`ink@npm:^3.0.8` becomes a patch of
        // ink 3.0.8) and the lockfile keeps only the replacement. When one version of the package is locked, that is it.
        const only = byName.get(name);
        if (only && only.size === 1)
            return [...only][0];
        if (!/^(workspace|link|portal|file):/.test(range))
            b.note(`${source}: dependency ${name}@${range} has no entry in the lockfile; no edge recorded`);
        return undefined;
    };
    const required = new Map();
    const optional = new Map();
    const roots = [];
    const optionalRoots = [];
    for (const p of packages) {
        for (const [dep, range] of Object.entries(p.deps)) {
            const to = lookup(dep, range);
            if (!to)
                continue; // a workspace, a skipped local package, or absent from the lockfile
            const isOptional = p.optionalDeps.has(dep);
            if (p.purl === null) {
                if (p.workspace === undefined)
                    continue; // deps of a skipped link:/portal: package are not reached here
                b.direct(to);
                (isOptional ? optionalRoots : roots).push(to);
                continue;
            }
            b.edge(p.purl, to);
            const into = isOptional ? optional : required;
            let list = into.get(p.purl);
            if (!list)
                into.set(p.purl, (list = []));
            list.push(to);
        }
    }
    const scopes = scopesByReachability({ required: roots, optional: optionalRoots, dev: [] }, { required, optional });
    for (const [purl, scope] of scopes)
        setScope(b, purl, scope);
    return b.finish();
}
function setScope(b, purl, scope) {
    const c = b.get(purl);
    if (c)
        c.scope = scope;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/yarn-v1.js


const yarn_v1_SUPPORTED = 'Supported: yarn.lock v1 (Yarn classic) and Yarn berry lockfiles (__metadata version 3-8).';
/** Reads a quoted string starting at `s[i] === '"'`; returns the value and the index after the closing quote. */
function readQuoted(s, i, source, line) {
    let out = '';
    let j = i + 1;
    while (j < s.length) {
        const ch = s[j];
        if (ch === '\\' && j + 1 < s.length) {
            out += s[j + 1];
            j += 2;
            continue;
        }
        if (ch === '"')
            return [out, j + 1];
        out += ch;
        j++;
    }
    throw malformed(source, line, 'unterminated quoted string in yarn.lock', 'The file looks truncated or hand-edited: regenerate it with `yarn install`.');
}
/** Splits a line's content into tokens: quoted strings, bare words; commas and a trailing colon are separators. */
function tokenize(s, source, line) {
    const tokens = [];
    let colon = false;
    let i = 0;
    while (i < s.length) {
        const ch = s[i];
        if (ch === ' ' || ch === '\t' || ch === ',') {
            i++;
        }
        else if (ch === '"') {
            const [v, next] = readQuoted(s, i, source, line);
            tokens.push(v);
            i = next;
        }
        else if (ch === ':' && i === s.length - 1) {
            colon = true;
            i++;
        }
        else {
            let j = i;
            while (j < s.length && s[j] !== ' ' && s[j] !== '\t' && s[j] !== ',' && !(s[j] === ':' && j === s.length - 1))
                j++;
            tokens.push(s.slice(i, j));
            i = j;
        }
    }
    return { tokens, colon };
}
/** Parses the whole file into entries (pure syntax; no package semantics). */
function parseYarnV1(text, source) {
    const lines = text.split('\n');
    const entries = [];
    // Stack of open objects by indentation level (0 = top, 1 = entry, 2 = field of entry).
    let entry;
    let nested;
    const flush = () => {
        if (!entry)
            return;
        const fields = {};
        const deps = {};
        const opt = {};
        for (const [k, v] of Object.entries(entry.obj)) {
            if (typeof v === 'string')
                fields[k] = v;
            else if (k === 'dependencies')
                Object.assign(deps, v);
            else if (k === 'optionalDependencies')
                Object.assign(opt, v);
        }
        entries.push({ line: entry.line, specifiers: entry.specifiers, fields, dependencies: deps, optionalDependencies: opt });
        entry = undefined;
    };
    for (let n = 0; n < lines.length; n++) {
        const raw = lines[n].replace(/\r$/, '');
        const lineNo = n + 1;
        const content = raw.trimStart();
        if (content === '' || content.startsWith('#'))
            continue;
        const indent = raw.length - content.length;
        if (indent % 2 !== 0 || indent > 4) {
            throw malformed(source, lineNo, `unexpected indentation (${indent} spaces) in yarn.lock`, 'Entries use 0, 2 or 4 spaces: regenerate the file with `yarn install`.');
        }
        const { tokens, colon } = tokenize(content.trimEnd(), source, lineNo);
        if (indent === 0) {
            if (!colon || tokens.length === 0) {
                throw malformed(source, lineNo, 'expected an entry header (`name@range:`) at the start of a line', 'The file looks truncated or hand-edited: regenerate it with `yarn install`.');
            }
            flush();
            entry = { line: lineNo, specifiers: tokens, obj: {} };
            nested = undefined;
            continue;
        }
        if (!entry)
            throw malformed(source, lineNo, 'indented line outside of an entry', 'Regenerate the file with `yarn install`.');
        if (indent === 2) {
            if (colon && tokens.length === 1) {
                nested = {};
                entry.obj[tokens[0]] = nested;
            }
            else if (!colon && tokens.length >= 1) {
                entry.obj[tokens[0]] = tokens.slice(1).join(' ');
                nested = undefined;
            }
            else {
                throw malformed(source, lineNo, `cannot read the field line \`${content.trim()}\``, 'Regenerate the file with `yarn install`.');
            }
            continue;
        }
        // indent === 4
        if (!nested || colon || tokens.length !== 2) {
            throw malformed(source, lineNo, `unexpected nested line \`${content.trim()}\``, 'Only `name "range"` lines belong under dependencies; regenerate the file with `yarn install`.');
        }
        nested[tokens[0]] = tokens[1];
    }
    flush();
    return entries;
}
/** The package name an entry describes, from its first specifier (`name@range`, `alias@npm:real@range`). */
function entryName(spec) {
    const s = splitNameAt(spec);
    if (!s)
        return undefined;
    return { name: s.name, range: s.rest };
}
function readYarnV1(text, source) {
    const head = text.slice(0, 500);
    const declared = /^# yarn lockfile v(\d+)/m.exec(head);
    if (declared && declared[1] !== '1') {
        throw unsupportedVersion(source, 2, `yarn lockfile v${declared[1]} is not supported`, yarn_v1_SUPPORTED);
    }
    const entries = parseYarnV1(text, source);
    const b = new GraphBuilder('npm', source, 'yarn.lock v1');
    const _graph = b.graph;
    const bySpec = new Map(); // specifier -> purl
    const resolvedEntries = [];
    for (const e of entries) {
        const first = entryName(e.specifiers[0]);
        if (!first)
            throw malformed(source, e.line, `cannot read the package name in \`${e.specifiers[0]}\``, 'Entry headers are `name@range`.');
        const version = e.fields.version;
        if (!version) {
            throw malformed(source, e.line, `entry \`${e.specifiers.join(', ')}\` has no version`, 'The file looks truncated or hand-edited: regenerate it with `yarn install`.');
        }
        let name = first.name;
        // `alias@npm:real-name@range`: the component is the real package.
        const alias = /^npm:(.+)$/.exec(first.range);
        if (alias) {
            const real = splitNameAt(alias[1]);
            name = real ? real.name : alias[1];
        }
        if (/^(file|link|portal):/.test(first.range)) {
            b.note(`${source}: skipped local package ${e.specifiers[0]} (${first.range.split(':')[0]}: dependency, part of the project)`);
            continue;
        }
        const resolved = e.fields.resolved;
        const hashes = [];
        // Old lockfiles carry only the SHA-1 of the tarball, as the URL fragment (not for git URLs: that is a commit).
        const frag = resolved && !isGitUrl(resolved) ? /#([0-9a-f]{40})$/.exec(resolved) : null;
        if (frag)
            hashes.push({ alg: 'SHA-1', content: frag[1] });
        const c = npmComponent(name, version, {
            integrity: e.fields.integrity,
            hashes,
            downloadUrl: resolved ? resolved.replace(/#.*$/, '') : undefined,
            qualifiers: sourceQualifiers(resolved),
            ...(alias ? { properties: { 'custody:npm:alias': first.name } } : {}),
        });
        const purl = b.add(c).purl;
        for (const spec of e.specifiers)
            bySpec.set(spec, purl);
        resolvedEntries.push({ purl, entry: e });
    }
    const required = new Map();
    const optional = new Map();
    const incoming = new Set();
    const link = (from, deps, into) => {
        for (const [dep, range] of Object.entries(deps)) {
            const to = bySpec.get(`${dep}@${range}`);
            if (!to)
                continue; // a local (file:/link:) package noted above, or an entry the lockfile lacks
            b.edge(from, to);
            incoming.add(to);
            let list = into.get(from);
            if (!list)
                into.set(from, (list = []));
            list.push(to);
        }
    };
    for (const { purl, entry } of resolvedEntries) {
        link(purl, entry.dependencies, required);
        link(purl, entry.optionalDependencies, optional);
    }
    // Without package.json the roots are the packages nothing else depends on; they are assumed required.
    const roots = resolvedEntries.map((r) => r.purl).filter((p) => !incoming.has(p));
    const scopes = scopesByReachability({ required: roots, optional: [], dev: [] }, { required, optional });
    for (const [purl, scope] of scopes)
        if (scope === 'optional')
            b.get(purl).scope = 'optional';
    return b.finish();
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/group-js.js





/** Berry lockfiles are YAML with a top-level `__metadata:` key; v1 files never have one. */
function isYarnBerry(text) {
    return /^__metadata:/m.test(text.slice(0, 4096));
}
const yarnReader = {
    id: 'yarn',
    fileNames: ['yarn.lock'],
    // Also yarn-v1.lock, yarn-berry-v4.lock and the like, when the content looks like a yarn lockfile.
    sniff(fileName, head) {
        if (!/^yarn[\w.-]*\.lock$/.test(fileName.replace(/^.*[\\/]/, '')))
            return false;
        return /^__metadata:/m.test(head) || /# yarn lockfile v\d/.test(head) || /^"?@?[^\s@"]+@[^\n]*:\s*$/m.test(head);
    },
    async prepare(text) {
        if (isYarnBerry(text))
            await loadYaml();
    },
    read(text, source) {
        return isYarnBerry(text) ? readYarnBerry(text, source) : readYarnV1(text, source);
    },
};
const group_js_readers = [yarnReader, pnpmReader, denoReader];

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/other-util.js


// Errors: the package's classes (errors.ts), so every reader reports a problem with the same stable code:
// LOCKFILE_MALFORMED, LOCKFILE_UNSUPPORTED_VERSION, LOCKFILE_NO_PACKAGES; all exit 2.
function where(source, line) {
    return line !== undefined && line > 0 ? `${source}:${line}` : source;
}
/** The file is not what its name says (syntax error, missing field, wrong shape). Exit 2. */
function other_util_malformed(source, line, what, supported, cause) {
    return new LockfileParseError(what, {
        location: where(source, line),
        hint: `${supported} If the file was cut short or edited by hand, regenerate it with its package manager.`,
        ...(cause === undefined ? {} : { cause }),
    });
}
/** The file declares a format version this reader does not know. Exit 2. */
function other_util_unsupportedVersion(source, line, what, supported) {
    return new LockfileVersionError(what, {
        location: where(source, line),
        hint: `${supported} Regenerate the file with a supported tool version, or file an issue with a sample.`,
    });
}
/** The file parsed but names no package this reader can report. Exit 2. */
function noPackages(source, what, hint) {
    return new NoPackagesError(what, { location: source, hint });
}
/** 1-based line of a character offset. */
function other_util_lineAt(text, offset) {
    let line = 1;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
/** 1-based line of the first occurrence of `needle` (from `from`), or undefined. */
function other_util_lineOf(text, needle, from = 0) {
    const at = text.indexOf(needle, from);
    return at < 0 ? undefined : other_util_lineAt(text, at);
}
/** Lines of the `[[name]]` array-table headers, in document order (entry i of the parsed array is on line i). */
function arrayTableLines(text, name) {
    const out = [];
    const header = `[[${name}]]`;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++)
        if (lines[i].trim() === header)
            out.push(i + 1);
    return out;
}
/** Parses TOML; a syntax error becomes LOCKFILE_MALFORMED at `source:line`. */
function parseToml(text, source, supported) {
    try {
        return toml().parse(text);
    }
    catch (err) {
        if (err instanceof toml().TomlError) {
            const first = err.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? 'syntax error';
            throw other_util_malformed(source, err.line, `not valid TOML at column ${err.column}: ${first}.`, supported, err);
        }
        throw other_util_malformed(source, undefined, `not valid TOML: ${String(err)}.`, supported, err);
    }
}
/** Parses JSON; a syntax error becomes LOCKFILE_MALFORMED at `source:line` (end of file for a truncated one). */
function parseJson(text, source, supported) {
    const name = source.slice(source.lastIndexOf('/') + 1);
    return parseJsonLockfile(text, source, name, `${supported} If the file was cut short or edited by hand, regenerate it with its package manager.`);
}
function isTable(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
/** Code-unit order, locale-independent (deterministic output). */
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/cargo.js
/**
 * Cargo.lock (TOML): `version = 3` or `4` at the top (no version: the v1/v2 formats), `[[package]]` entries with
 * name, version, source ("registry+URL", "sparse+URL", "git+URL?ref#commit"; absent for path and workspace
 * packages), checksum (SHA-256 of the .crate, hex; in v1 it sits in `[metadata]` under "checksum NAME VERSION
 * (SOURCE)"), and dependencies as "name", "name version" or "name version (source)" — the shortest form that is
 * unambiguous in the file.
 *
 * Packages without a source are the project (workspace members and path dependencies): they are not registry
 * components. Their dependencies are the direct ones; when exactly one of them is not depended on by another,
 * it is the root. Cargo.lock does not record dev- or build-only dependencies separately: scope is left unset.
 */




const cargo_SUPPORTED = 'Supported: Cargo.lock formats v1 and v2 (no version field), version = 3 and version = 4.';
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const CRATES_IO_SPARSE = 'sparse+https://index.crates.io/';
function cargoPurl(name, version) {
    return formatPurl({ type: 'cargo', name, version });
}
function readCargoLock(text, source) {
    const doc = parseToml(text, source, cargo_SUPPORTED);
    const version = doc.version;
    if (version !== undefined && version !== 3 && version !== 4) {
        const line = text.split('\n').findIndex((l) => /^version\s*=/.test(l)) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `Cargo.lock version ${JSON.stringify(version)} is not supported.`, cargo_SUPPORTED);
    }
    const meta = isTable(doc.metadata) ? doc.metadata : {};
    const v1Checksums = Object.keys(meta).some((k) => k.startsWith('checksum '));
    const label = version !== undefined ? `v${String(version)}` : v1Checksums ? 'v1' : 'v2';
    const b = new GraphBuilder('cargo', source, `Cargo.lock (${label})`);
    const list = doc.package ?? [];
    if (!Array.isArray(list))
        throw other_util_malformed(source, undefined, '`package` is not an array of tables.', cargo_SUPPORTED);
    const lines = arrayTableLines(text, 'package');
    const pkgs = list.map((raw, i) => {
        const line = lines[i];
        if (!isTable(raw))
            throw other_util_malformed(source, line, `package #${i + 1} is not a table.`, cargo_SUPPORTED);
        const name = str(raw.name);
        const ver = str(raw.version);
        if (!name || !ver)
            throw other_util_malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, cargo_SUPPORTED);
        const deps = raw.dependencies === undefined ? [] : raw.dependencies;
        if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) {
            throw other_util_malformed(source, line, `package "${name}" has dependencies that are not a list of strings.`, cargo_SUPPORTED);
        }
        const p = { name, version: ver, deps: deps, line };
        const src = str(raw.source);
        if (src)
            p.source = src;
        const sum = str(raw.checksum) ?? (src ? str(meta[`checksum ${name} ${ver} (${src})`]) : undefined);
        if (sum) {
            if (!/^[0-9a-f]{64}$/i.test(sum))
                throw other_util_malformed(source, line, `package "${name}" has a checksum that is not 64 hex digits.`, cargo_SUPPORTED);
            p.checksum = sum.toLowerCase();
        }
        return p;
    });
    const byName = new Map();
    for (const p of pkgs) {
        const l = byName.get(p.name);
        if (l)
            l.push(p);
        else
            byName.set(p.name, [p]);
        if (!p.source)
            continue;
        const c = { purl: cargoPurl(p.name, p.version), name: p.name, version: p.version, type: 'library' };
        if (p.checksum)
            c.hashes = [{ alg: 'SHA-256', content: p.checksum }];
        if (p.source === CRATES_IO || p.source === CRATES_IO_SPARSE) {
            c.downloadUrl = `https://crates.io/api/v1/crates/${encodeURIComponent(p.name)}/${encodeURIComponent(p.version)}/download`;
        }
        else {
            c.properties = { 'custody:cargo:source': p.source };
        }
        p.purl = b.add(c).purl;
    }
    const resolve = (dep, from) => {
        const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(dep.trim());
        let c = m ? (byName.get(m[1]) ?? []) : [];
        if (m?.[2])
            c = c.filter((p) => p.version === m[2]);
        if (m?.[3])
            c = c.filter((p) => p.source === m[3]);
        if (c.length !== 1) {
            const why = c.length === 0 ? 'names no package in the file' : 'matches several packages';
            throw other_util_malformed(source, from.line, `dependency "${dep}" of ${from.name} ${from.version} ${why}.`, cargo_SUPPORTED);
        }
        return c[0];
    };
    const local = pkgs.filter((p) => !p.source);
    const dependedOn = new Set();
    for (const p of pkgs) {
        for (const d of p.deps) {
            const t = resolve(d, p);
            dependedOn.add(t);
            if (p.purl && t.purl)
                b.edge(p.purl, t.purl);
            else if (!p.source && t.purl)
                b.direct(t.purl);
        }
    }
    const tops = local.filter((p) => !dependedOn.has(p));
    if (tops.length === 1) {
        const r = tops[0];
        b.graph.root = { name: r.name, version: r.version, purl: cargoPurl(r.name, r.version) };
    }
    if (local.length) {
        b.note(`${local.length} workspace or path packages are the project, not listed: ${local.map((p) => `${p.name} ${p.version}`).join(', ')}`);
    }
    return b.finish();
}
const cargoReader = {
    id: 'cargo',
    fileNames: ['Cargo.lock'],
    prepare: loadToml,
    read: readCargoLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/composer.js



const composer_SUPPORTED = 'Supported: composer.lock from Composer 1.x and 2.x (plugin-api-version 1.x or 2.x).';
function composerPurl(fullName, version) {
    const slash = fullName.indexOf('/');
    return slash > 0
        ? formatPurl({ type: 'composer', namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1), version })
        : formatPurl({ type: 'composer', name: fullName, version });
}
function keys(v) {
    return isTable(v) ? Object.keys(v) : [];
}
function readComposerLock(text, source) {
    const doc = parseJson(text, source, composer_SUPPORTED);
    if (!isTable(doc) || !Array.isArray(doc.packages)) {
        throw other_util_malformed(source, undefined, 'not a composer.lock: no "packages" array.', composer_SUPPORTED);
    }
    const api = str(doc['plugin-api-version']);
    if (api !== undefined && !/^[12]\./.test(api)) {
        const line = text.split('\n').findIndex((l) => l.includes('"plugin-api-version"')) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `composer.lock plugin-api-version "${api}" is not supported.`, composer_SUPPORTED);
    }
    const b = new GraphBuilder('composer', source, `composer.lock${api ? ` (plugin-api ${api})` : ''}`);
    const byName = new Map(); // lowercase package name (or replaced/provided name) -> purls
    const entries = [];
    const sections = [
        ['packages', 'required'],
        ['packages-dev', 'excluded'],
    ];
    for (const [section, scope] of sections) {
        const list = doc[section] ?? [];
        if (!Array.isArray(list))
            throw other_util_malformed(source, undefined, `"${section}" is not an array.`, composer_SUPPORTED);
        list.forEach((raw, i) => {
            const sectionLine = other_util_lineOf(text, `"${section}": [`);
            if (!isTable(raw))
                throw other_util_malformed(source, sectionLine, `${section}[${i}] is not an object.`, composer_SUPPORTED);
            const name = str(raw.name);
            const version = str(raw.version);
            if (!name || !version) {
                const line = (name && other_util_lineOf(text, `"name": ${JSON.stringify(name)}`)) || sectionLine;
                throw other_util_malformed(source, line, `${section}[${i}]${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, composer_SUPPORTED);
            }
            const slash = name.indexOf('/');
            const c = {
                purl: composerPurl(name, version),
                name: slash > 0 ? name.slice(slash + 1) : name,
                ...(slash > 0 ? { group: name.slice(0, slash) } : {}),
                version,
                type: 'library',
                scope,
            };
            const dist = isTable(raw.dist) ? raw.dist : {};
            const shasum = str(dist.shasum);
            if (shasum && /^[0-9a-f]{40}$/i.test(shasum))
                c.hashes = [{ alg: 'SHA-1', content: shasum.toLowerCase() }];
            const url = str(dist.url);
            if (url)
                c.downloadUrl = url;
            const licenses = Array.isArray(raw.license)
                ? raw.license.filter((l) => typeof l === 'string')
                : typeof raw.license === 'string'
                    ? [raw.license]
                    : [];
            if (licenses.length)
                c.licenses = licenses;
            const description = str(raw.description);
            if (description)
                c.description = description;
            const src = isTable(raw.source) ? raw.source : undefined;
            if (src && str(src.url))
                c.properties = { 'custody:composer:source': [str(src.type), str(src.url), str(src.reference)].filter(Boolean).join(' ') };
            const added = b.add(c);
            entries.push({ purl: added.purl, raw });
            for (const n of [name, ...keys(raw.replace), ...keys(raw.provide)]) {
                const k = n.toLowerCase();
                const l = byName.get(k) ?? [];
                if (!l.includes(added.purl))
                    l.push(added.purl);
                byName.set(k, l);
            }
        });
    }
    for (const { purl, raw } of entries) {
        for (const dep of keys(raw.require)) {
            for (const t of byName.get(dep.toLowerCase()) ?? [])
                b.edge(purl, t);
        }
    }
    return b.finish();
}
const composerReader = {
    id: 'composer',
    fileNames: ['composer.lock'],
    read: readComposerLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/gemfile.js



const gemfile_SUPPORTED = 'Supported: Gemfile.lock written by Bundler 1.x to 2.x (GEM, GIT, PATH, PLATFORMS, DEPENDENCIES, CHECKSUMS sections).';
const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
function gemPurl(name, version, platform) {
    return formatPurl({ type: 'gem', name, version, ...(platform && platform !== 'ruby' ? { qualifiers: { platform } } : {}) });
}
const SPEC_RE = /^([^\s()]+) \(([^()\s]+)\)$/;
const DEP_RE = /^([^\s()!]+)(?: \(([^()]*)\))?(!)?$/;
function splitVersion(v) {
    const dash = v.indexOf('-');
    return dash > 0 ? { version: v.slice(0, dash), platform: v.slice(dash + 1) } : { version: v };
}
function readGemfileLock(text, source) {
    const lines = text.split(/\r?\n/);
    const specs = [];
    const directNames = [];
    const checksums = new Map();
    let bundler;
    let section;
    let remote;
    let revision;
    let inSpecs = false;
    let current;
    let sawSource = false;
    lines.forEach((raw, i) => {
        const lineNo = i + 1;
        if (raw.trim() === '')
            return;
        if (!raw.startsWith(' ')) {
            section = raw.trim();
            remote = revision = undefined;
            inSpecs = false;
            current = undefined;
            if (SOURCE_SECTIONS.has(section))
                sawSource = true;
            return;
        }
        if (section === undefined)
            throw other_util_malformed(source, lineNo, 'indented line before any section header.', gemfile_SUPPORTED);
        const indent = raw.length - raw.trimStart().length;
        const body = raw.trim();
        if (SOURCE_SECTIONS.has(section)) {
            if (indent === 2) {
                inSpecs = body === 'specs:';
                const kv = /^([a-z_]+): ?(.*)$/.exec(body);
                if (!inSpecs && !kv)
                    throw other_util_malformed(source, lineNo, `unexpected line in ${section} section: "${body}".`, gemfile_SUPPORTED);
                if (kv?.[1] === 'remote')
                    remote = kv[2];
                if (kv?.[1] === 'revision')
                    revision = kv[2];
                current = undefined;
                return;
            }
            if (!inSpecs)
                throw other_util_malformed(source, lineNo, `unexpected indented line in ${section} section: "${body}".`, gemfile_SUPPORTED);
            if (indent === 4) {
                const m = SPEC_RE.exec(body);
                if (!m)
                    throw other_util_malformed(source, lineNo, `"${body}" is not a gem spec "name (version)".`, gemfile_SUPPORTED);
                const { version, platform } = splitVersion(m[2]);
                current = { name: m[1], version, section, deps: [], line: lineNo, ...(platform ? { platform } : {}) };
                if (remote !== undefined)
                    current.remote = remote;
                if (revision !== undefined)
                    current.revision = revision;
                specs.push(current);
            }
            else if (indent === 6) {
                const m = DEP_RE.exec(body);
                if (!m || !current)
                    throw other_util_malformed(source, lineNo, `"${body}" is not a gem dependency "name (constraints)".`, gemfile_SUPPORTED);
                current.deps.push(m[1]);
            }
            else {
                throw other_util_malformed(source, lineNo, `unexpected indentation (${indent} spaces) in ${section} specs.`, gemfile_SUPPORTED);
            }
            return;
        }
        if (section === 'DEPENDENCIES') {
            const m = DEP_RE.exec(body);
            if (!m || indent !== 2)
                throw other_util_malformed(source, lineNo, `"${body}" is not a dependency "name (constraints)".`, gemfile_SUPPORTED);
            directNames.push(m[1]);
        }
        else if (section === 'CHECKSUMS') {
            const m = /^([^\s()]+) \(([^()\s]+)\)(?: (.*))?$/.exec(body);
            if (!m)
                throw other_util_malformed(source, lineNo, `"${body}" is not a checksum line "name (version) sha256=HEX".`, gemfile_SUPPORTED);
            for (const part of (m[3] ?? '').split(',')) {
                const h = /^sha256=([0-9a-f]{64})$/i.exec(part.trim());
                if (h)
                    checksums.set(`${m[1]} ${m[2]}`, h[1].toLowerCase());
            }
        }
        else if (section === 'BUNDLED WITH') {
            bundler = body;
        }
        // PLATFORMS, RUBY VERSION and unknown sections carry nothing the SBOM needs.
    });
    if (!sawSource)
        throw other_util_malformed(source, 1, 'no GEM, GIT or PATH section: not a Gemfile.lock.', gemfile_SUPPORTED);
    const b = new GraphBuilder('gem', source, `Gemfile.lock${bundler ? ` (Bundler ${bundler})` : ''}`);
    const byName = new Map();
    for (const s of specs) {
        const l = byName.get(s.name);
        if (l)
            l.push(s);
        else
            byName.set(s.name, [s]);
        if (s.section === 'PATH') {
            if (s.remote === '.' && !b.graph.root)
                b.graph.root = { name: s.name, version: s.version, purl: gemPurl(s.name, s.version) };
            else
                b.note(`${s.name} ${s.version} comes from the local path ${s.remote ?? '?'}: part of the project, not listed`);
            continue;
        }
        const c = { purl: gemPurl(s.name, s.version, s.platform), name: s.name, version: s.version, type: 'library' };
        const sum = checksums.get(`${s.name} ${s.version}${s.platform ? `-${s.platform}` : ''}`);
        if (sum)
            c.hashes = [{ alg: 'SHA-256', content: sum }];
        const props = {};
        if (s.platform)
            props['custody:gem:platform'] = s.platform;
        if (s.section === 'GIT')
            props['custody:gem:source'] = `git ${s.remote ?? '?'}${s.revision ? ` ${s.revision}` : ''}`;
        else if (s.remote && s.remote !== 'https://rubygems.org/')
            props['custody:gem:source'] = s.remote;
        if (Object.keys(props).length)
            c.properties = props;
        s.purl = b.add(c).purl;
    }
    for (const s of specs) {
        for (const d of s.deps) {
            for (const t of byName.get(d) ?? []) {
                if (!t.purl)
                    continue;
                if (s.purl)
                    b.edge(s.purl, t.purl);
                else
                    b.direct(t.purl); // a PATH gem is the project: its dependencies are direct
            }
        }
    }
    for (const name of directNames)
        for (const t of byName.get(name) ?? [])
            if (t.purl)
                b.direct(t.purl);
    if (specs.length === 0)
        b.note('Gemfile.lock lists no gems');
    return b.finish();
}
const gemfileReader = {
    id: 'bundler',
    fileNames: ['Gemfile.lock', 'gems.locked'],
    read: readGemfileLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/gomod.js



const SUPPORTED_MOD = 'Supported: go.mod files as written by the go command (module, go, require, replace, exclude, retract, toolchain, godebug, tool, ignore).';
const SUPPORTED_SUM = 'Supported: go.sum lines "<module> <version>[/go.mod] h1:<base64>".';
function golangPurl(path, version) {
    const slash = path.lastIndexOf('/');
    return formatPurl({
        type: 'golang',
        ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
        name: slash > 0 ? path.slice(slash + 1) : path,
        version,
    });
}
/** Splits a go.mod line into tokens (quoted strings allowed) and its comment. */
function gomod_tokenize(line, source, lineNo) {
    const tokens = [];
    let i = 0;
    while (i < line.length) {
        const ch = line[i];
        if (ch === ' ' || ch === '\t' || ch === '\r') {
            i++;
        }
        else if (line.startsWith('//', i)) {
            return { tokens, comment: line.slice(i + 2).trim() };
        }
        else if (ch === '"' || ch === '`') {
            let j = i + 1;
            let out = '';
            while (j < line.length && line[j] !== ch) {
                if (ch === '"' && line[j] === '\\' && j + 1 < line.length)
                    j++;
                out += line[j];
                j++;
            }
            if (j >= line.length)
                throw other_util_malformed(source, lineNo, 'unterminated quoted string.', SUPPORTED_MOD);
            tokens.push(out);
            i = j + 1;
        }
        else if (ch === '(' || ch === ')') {
            tokens.push(ch);
            i++;
        }
        else {
            let j = i;
            while (j < line.length && !/[\s()]/.test(line[j]) && !line.startsWith('//', j))
                j++;
            tokens.push(line.slice(i, j));
            i = j;
        }
    }
    return { tokens, comment: '' };
}
const VERSION_RE = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const KNOWN = new Set(['module', 'go', 'toolchain', 'require', 'replace', 'exclude', 'retract', 'godebug', 'tool', 'ignore']);
function parseGoMod(text, source) {
    const mod = { requires: [], replaces: [], unknown: [] };
    const lines = text.split('\n');
    let block;
    const entry = (verb, args, comment, lineNo) => {
        if (verb === 'module')
            mod.module = args[0];
        else if (verb === 'go')
            mod.go = args[0];
        else if (verb === 'require') {
            if (args.length !== 2)
                throw other_util_malformed(source, lineNo, `require needs a module path and a version, got "${args.join(' ')}".`, SUPPORTED_MOD);
            const [path, version] = args;
            if (!VERSION_RE.test(version))
                throw other_util_malformed(source, lineNo, `"${version}" is not a module version (vMAJOR.MINOR.PATCH).`, SUPPORTED_MOD);
            mod.requires.push({ path, version, indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment), line: lineNo });
        }
        else if (verb === 'replace') {
            const arrow = args.indexOf('=>');
            if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) {
                throw other_util_malformed(source, lineNo, `replace must be "old [version] => new [version]", got "${args.join(' ')}".`, SUPPORTED_MOD);
            }
            const r = { path: args[0], newPath: args[arrow + 1] };
            if (arrow === 2)
                r.version = args[1];
            if (args.length - arrow - 1 === 2)
                r.newVersion = args[arrow + 2];
            mod.replaces.push(r);
        }
        else if (!KNOWN.has(verb))
            mod.unknown.push(`${source}:${lineNo}: ${verb}`);
    };
    lines.forEach((raw, i) => {
        const lineNo = i + 1;
        const { tokens, comment } = gomod_tokenize(raw, source, lineNo);
        if (tokens.length === 0)
            return;
        if (block) {
            if (tokens.length === 1 && tokens[0] === ')') {
                block = undefined;
                return;
            }
            entry(block.verb, tokens, comment, lineNo);
            return;
        }
        const [verb, ...args] = tokens;
        if (args.length === 1 && args[0] === '(') {
            block = { verb, line: lineNo };
            return;
        }
        if (args.includes('(') || args.includes(')'))
            throw other_util_malformed(source, lineNo, `unexpected parenthesis in "${raw.trim()}".`, SUPPORTED_MOD);
        entry(verb, args, comment, lineNo);
    });
    if (block)
        throw other_util_malformed(source, block.line, `the "${block.verb} (" block is never closed (file cut short?).`, SUPPORTED_MOD);
    if (!mod.module)
        throw other_util_malformed(source, 1, 'no module directive: not a go.mod file.', SUPPORTED_MOD);
    return mod;
}
function parseGoSum(text, source) {
    const out = new Map();
    text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (!line)
            return;
        const parts = line.split(/\s+/);
        const [path, ver, hash] = parts;
        if (parts.length !== 3 || !path || !ver || !hash || !/^h\d+:[A-Za-z0-9+/=]+$/.test(hash)) {
            throw other_util_malformed(source, i + 1, `not a go.sum line: "${line.slice(0, 80)}".`, SUPPORTED_SUM);
        }
        const isMod = ver.endsWith('/go.mod');
        const version = isMod ? ver.slice(0, -'/go.mod'.length) : ver;
        if (!VERSION_RE.test(version))
            throw other_util_malformed(source, i + 1, `"${ver}" is not a module version.`, SUPPORTED_SUM);
        const key = `${path} ${version}`;
        const e = out.get(key) ?? {};
        if (isMod)
            e.mod = hash;
        else
            e.zip = hash;
        out.set(key, e);
    });
    return out;
}
/** Go semantic version order (prerelease before release; build metadata such as +incompatible ignored). */
function compareGoVersions(a, b) {
    const parse = (v) => {
        const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
        return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : { nums: [0, 0, 0], pre: v };
    };
    const x = parse(a);
    const y = parse(b);
    for (let i = 0; i < 3; i++)
        if (x.nums[i] !== y.nums[i])
            return x.nums[i] - y.nums[i];
    if (x.pre === y.pre)
        return 0;
    if (x.pre === undefined)
        return 1;
    if (y.pre === undefined)
        return -1;
    const xs = x.pre.split('.');
    const ys = y.pre.split('.');
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
        const p = xs[i];
        const q = ys[i];
        if (p === undefined)
            return -1;
        if (q === undefined)
            return 1;
        const pn = /^\d+$/.test(p);
        const qn = /^\d+$/.test(q);
        if (pn && qn && Number(p) !== Number(q))
            return Number(p) - Number(q);
        if (pn !== qn)
            return pn ? -1 : 1;
        if (p !== q)
            return cmp(p, q);
    }
    return 0;
}
function isLocalPath(p) {
    return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p === '.' || p === '..';
}
/** go.mod with Go >= 1.17 lists every module that provides packages to the build (module graph pruning). */
function isPruned(go) {
    const m = go ? /^(\d+)\.(\d+)/.exec(go) : null;
    return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= 17);
}
function readGoModules(modText, source, sumText) {
    const mod = parseGoMod(modText, source);
    const sumSource = source.replace(/go\.mod$/, 'go.sum');
    const sums = sumText === undefined ? new Map() : parseGoSum(sumText, sumSource);
    const b = new GraphBuilder('golang', source, `go.mod${sumText === undefined ? '' : ' + go.sum'}${mod.go ? ` (go ${mod.go})` : ''}`);
    b.graph.root = { name: mod.module, purl: golangPurl(mod.module, '') };
    if (sumText === undefined)
        b.note('go.sum not found beside go.mod: modules are listed without checksums');
    for (const u of mod.unknown)
        b.note(`unknown go.mod directive ignored at ${u}`);
    const replaceFor = (path, version) => mod.replaces.find((r) => r.path === path && r.version === version) ??
        mod.replaces.find((r) => r.path === path && r.version === undefined);
    const listed = new Set();
    const add = (path, version, extra) => {
        const r = replaceFor(path, version);
        let realPath = path;
        let realVersion = version;
        const properties = {};
        if (r) {
            if (isLocalPath(r.newPath) || !r.newVersion) {
                b.note(`${path} ${version} is replaced by the local directory ${r.newPath}: part of the project, not listed`);
                return;
            }
            realPath = r.newPath;
            realVersion = r.newVersion;
            properties['custody:go:replaces'] = `${path}@${version}`;
        }
        const sum = sums.get(`${realPath} ${realVersion}`);
        if (sum?.zip)
            properties['custody:go:h1'] = sum.zip;
        else if (sumText !== undefined)
            b.note(`${realPath} ${realVersion} has no module checksum in go.sum`);
        if (extra.fromSum)
            properties['custody:go:listed-in'] = 'go.sum';
        const c = { purl: golangPurl(realPath, realVersion), name: realPath, version: realVersion, type: 'library' };
        if (Object.keys(properties).length)
            c.properties = properties;
        b.add(c);
        listed.add(path);
        if (extra.direct)
            b.direct(c.purl);
    };
    for (const r of mod.requires)
        add(r.path, r.version, { direct: !r.indirect });
    // go.sum modules with a zip checksum that go.mod does not require.
    const extraZip = new Map();
    for (const [key, e] of sums) {
        if (!e.zip)
            continue;
        const [path, version] = key.split(' ');
        if (listed.has(path) || path === mod.module)
            continue;
        const prev = extraZip.get(path);
        if (!prev || compareGoVersions(version, prev) > 0)
            extraZip.set(path, version);
    }
    if (isPruned(mod.go)) {
        if (extraZip.size) {
            b.note(`${extraZip.size} modules have a module checksum in go.sum but no require in go.mod; with go ${mod.go} (pruned module graph) go.mod requires every module that provides packages to this module's build, so these are not listed`);
        }
    }
    else {
        for (const path of [...extraZip.keys()].sort(cmp))
            add(path, extraZip.get(path), { fromSum: true });
        if (extraZip.size)
            b.note(`go.mod predates module graph pruning (go ${mod.go ?? 'directive missing'}): ${extraZip.size} modules added from go.sum`);
    }
    return b.finish();
}
const goModReader = {
    id: 'gomod',
    fileNames: ['go.mod'],
    siblings: ['go.sum'],
    read: (text, source) => readGoModules(text, source, undefined),
    readWithSiblings: (text, source, siblings) => readGoModules(text, source, siblings['go.sum']),
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/nuget.js



const nuget_SUPPORTED = 'Supported: packages.lock.json version 1 or 2 (NuGet RestorePackagesWithLockFile).';
function nugetPurl(name, version) {
    return formatPurl({ type: 'nuget', name, version });
}
function readNugetLock(text, source) {
    const doc = parseJson(text, source, nuget_SUPPORTED);
    if (!isTable(doc) || !isTable(doc.dependencies)) {
        throw other_util_malformed(source, undefined, 'not a NuGet packages.lock.json: no "dependencies" object.', nuget_SUPPORTED);
    }
    if (doc.version !== 1 && doc.version !== 2) {
        const line = text.split('\n').findIndex((l) => l.includes('"version"')) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `packages.lock.json version ${JSON.stringify(doc.version)} is not supported.`, nuget_SUPPORTED);
    }
    const b = new GraphBuilder('nuget', source, `packages.lock.json (version ${doc.version})`);
    const frameworks = new Map(); // purl -> frameworks
    const projects = new Set();
    for (const [fw, entries] of Object.entries(doc.dependencies)) {
        if (!isTable(entries))
            throw other_util_malformed(source, undefined, `dependencies["${fw}"] is not an object.`, nuget_SUPPORTED);
        const local = new Map();
        const fwAt = text.indexOf(`${JSON.stringify(fw)}: {`);
        for (const [name, raw] of Object.entries(entries)) {
            const at = other_util_lineOf(text, `${JSON.stringify(name)}: {`, Math.max(fwAt, 0));
            if (!isTable(raw))
                throw other_util_malformed(source, at, `dependencies["${fw}"]["${name}"] is not an object.`, nuget_SUPPORTED);
            const type = str(raw.type) ?? '';
            const deps = isTable(raw.dependencies) ? Object.keys(raw.dependencies) : [];
            if (type === 'Project') {
                projects.add(name);
                local.set(name.toLowerCase(), { deps, type });
                continue;
            }
            if (!['Direct', 'Transitive', 'CentralTransitive'].includes(type)) {
                throw other_util_malformed(source, at, `dependencies["${fw}"]["${name}"] has unknown type "${type}" (expected Direct, Transitive, CentralTransitive or Project).`, nuget_SUPPORTED);
            }
            const version = str(raw.resolved);
            if (!version)
                throw other_util_malformed(source, at, `dependencies["${fw}"]["${name}"] has no "resolved" version.`, nuget_SUPPORTED);
            const c = { purl: nugetPurl(name, version), name, version, type: 'library' };
            const hash = str(raw.contentHash);
            if (hash) {
                const hex = Buffer.from(hash, 'base64').toString('hex');
                if (hex.length !== 128)
                    throw other_util_malformed(source, at, `dependencies["${fw}"]["${name}"].contentHash is not a base64 SHA-512.`, nuget_SUPPORTED);
                c.hashes = [{ alg: 'SHA-512', content: hex }];
            }
            const added = b.add(c);
            let set = frameworks.get(added.purl);
            if (!set)
                frameworks.set(added.purl, (set = new Set()));
            set.add(fw);
            local.set(name.toLowerCase(), { purl: added.purl, deps, type });
            if (type === 'Direct')
                b.direct(added.purl);
        }
        for (const e of local.values()) {
            for (const d of e.deps) {
                const t = local.get(d.toLowerCase());
                if (!t?.purl)
                    continue;
                if (e.purl)
                    b.edge(e.purl, t.purl);
                else
                    b.direct(t.purl); // a project reference is part of this solution: what it needs is direct
            }
        }
    }
    for (const [purl, fws] of frameworks) {
        const c = b.get(purl);
        c.properties = { ...c.properties, 'custody:nuget:frameworks': [...fws].sort(cmp).join(',') };
    }
    if (projects.size)
        b.note(`project references (local code, not listed): ${[...projects].sort(cmp).join(', ')}`);
    return b.finish();
}
const nugetReader = {
    id: 'nuget',
    fileNames: ['packages.lock.json'],
    read: readNugetLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/python-util.js
/**
 * Helpers shared by the Python readers (poetry, uv, pdm, Pipfile.lock, requirements).
 *
 * Hashes: a locked Python release usually lists many files (one sdist and a wheel per platform), each with its own
 * SHA-256. A CycloneDX component carries one hash per algorithm (the library models hashes as a map), and a hash in
 * `component.hashes` should be the hash of *the* component artifact. So:
 * - when the lockfile names the files, the sdist's SHA-256 goes in `hashes` (the one artifact every platform can
 *   build from; `custody:pypi:hash-file` names it); with a single file, that file's hash;
 * - when there are several hashes and no way to tell which file is which (Pipfile.lock, requirements --hash), none is
 *   singled out;
 * - in every case with more than one hash, all of them go in the `custody:pypi:hashes` property (sorted, space
 *   separated), which is what pip's --require-hashes accepts for the release.
 */



const SDIST = /\.(tar\.gz|tar\.bz2|tar\.xz|tgz|zip|tar)$/i;
function baseName(fileOrUrl) {
    const noQuery = fileOrUrl.replace(/[?#].*$/, '');
    return noQuery.slice(noQuery.lastIndexOf('/') + 1);
}
/** Picks the component hash and the all-hashes property from a release's files (see the module comment). */
function pythonHashes(files) {
    const valid = files
        .map((f) => ({ ...f, parsed: fromPrefixedHex(f.hash) }))
        .filter((f) => f.parsed !== undefined);
    if (valid.length === 0)
        return {};
    const all = [...new Set(valid.map((f) => `${f.parsed.alg.toLowerCase().replace('-', '')}:${f.parsed.content}`))].sort(cmp);
    let pick;
    if (all.length === 1)
        pick = valid[0];
    else
        pick = valid.find((f) => f.file !== undefined && SDIST.test(baseName(f.file)) && !/\.whl$/i.test(f.file));
    const out = {};
    if (pick)
        out.hashes = [pick.parsed];
    const props = {};
    if (pick?.file && all.length > 1)
        props['custody:pypi:hash-file'] = baseName(pick.file);
    if (all.length > 1)
        props['custody:pypi:hashes'] = all.join(' ');
    if (Object.keys(props).length)
        out.properties = props;
    return out;
}
function pyComponent(name, version, extra) {
    const c = { purl: pypiPurl(name, version), name, version, type: 'library' };
    if (extra.scope)
        c.scope = extra.scope;
    if (extra.description)
        c.description = extra.description;
    const h = extra.files ? pythonHashes(extra.files) : {};
    if (h.hashes)
        c.hashes = h.hashes;
    const props = { ...extra.properties, ...h.properties };
    if (Object.keys(props).length)
        c.properties = props;
    return c;
}
const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*([^;]*?)\s*(?:;\s*(.*?))?\s*$/;
function parsePep508(text) {
    const m = PEP508.exec(text);
    if (!m)
        return undefined;
    const extras = (m[2] ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
    const out = { name: m[1], extras, spec: m[3] ?? '' };
    if (m[4])
        out.marker = m[4];
    return out;
}
/** `==1.2.3` / `===1.2.3` (no wildcard, no other clause) -> the pinned version. */
function pinnedVersion(spec) {
    const m = /^\(?\s*===?\s*([^\s,;()*]+)\s*\)?$/.exec(spec.trim());
    return m ? m[1] : undefined;
}
const CLAUSE = String.raw `\s*(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9*+!._-]+\s*`;
const SPEC_LIST = new RegExp(String.raw `^\(?(?:${CLAUSE})(?:,${CLAUSE})*\)?$`);
/** Whether a requirement's tail is a PEP 440 specifier list (or empty, or a `@ url` direct reference). */
function isVersionSpec(spec) {
    const s = spec.trim();
    return s === '' || /^@\s*\S+$/.test(s) || SPEC_LIST.test(s);
}
/** Python dev-like dependency group names: a package only in such groups is scoped `excluded`. */
const DEV_GROUPS = new Set([
    'dev',
    'develop',
    'development',
    'test',
    'tests',
    'testing',
    'lint',
    'linting',
    'doc',
    'docs',
    'typing',
    'format',
    'style',
]);
/** Index of packages by normalized name, for resolving dependency names to the locked entries. */
class NameIndex {
    map = new Map();
    add(name, value) {
        const key = normalizePypiName(name);
        const list = this.map.get(key);
        if (list)
            list.push(value);
        else
            this.map.set(key, [value]);
    }
    get(name) {
        return this.map.get(normalizePypiName(name)) ?? [];
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/pdm.js
/**
 * pdm.lock (TOML, `[metadata] lock_version` 3.x or 4.x): `[[package]]` entries with name, version, optional
 * `extras` (PDM writes one extra entry per requested extra set; they are the same release and merge into one
 * component), `dependencies` as PEP 508 strings with markers, `groups` (lock 4.4+), and hashes either per package
 * (`files`, 4.3+) or in `[metadata.files]` keyed "name version".
 *
 * Scope, from per-package `groups` when present: "default" -> required; otherwise dev-like groups only
 * (dev, test, lint, docs, ...) -> excluded; other groups (optional-dependency groups) -> optional. Older locks
 * carry no groups per package: scope left unset. The lock does not say which packages are direct.
 */




const pdm_SUPPORTED = 'Supported: pdm.lock with lock_version 3.x or 4.x (PDM 1.x and 2.x).';
function filesOf(v) {
    if (!Array.isArray(v))
        return [];
    const out = [];
    for (const f of v) {
        if (!isTable(f) || typeof f.hash !== 'string')
            continue;
        const file = str(f.file) ?? str(f.url);
        out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
    }
    return out;
}
function pdm_scopeOf(groups) {
    if (!groups || groups.length === 0)
        return undefined;
    if (groups.includes('default'))
        return 'required';
    return groups.every((g) => DEV_GROUPS.has(g.toLowerCase())) ? 'excluded' : 'optional';
}
function readPdmLock(text, source) {
    const doc = parseToml(text, source, pdm_SUPPORTED);
    const meta = isTable(doc.metadata) ? doc.metadata : undefined;
    const lockVersion = meta ? str(meta.lock_version) : undefined;
    if (!lockVersion)
        throw other_util_malformed(source, undefined, 'pdm.lock has no [metadata] lock_version.', pdm_SUPPORTED);
    if (!/^[34]\.\d+(\.\d+)?$/.test(lockVersion)) {
        const line = text.split('\n').findIndex((l) => /^lock_version\s*=/.test(l)) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `pdm.lock lock_version "${lockVersion}" is not supported.`, pdm_SUPPORTED);
    }
    const b = new GraphBuilder('pypi', source, `pdm.lock (lock_version ${lockVersion})`);
    const packages = doc.package ?? [];
    if (!Array.isArray(packages))
        throw other_util_malformed(source, undefined, '`package` is not an array of tables.', pdm_SUPPORTED);
    const lines = arrayTableLines(text, 'package');
    const metaFiles = isTable(meta.files) ? meta.files : {};
    const index = new NameIndex();
    const entries = [];
    packages.forEach((raw, i) => {
        const line = lines[i];
        if (!isTable(raw))
            throw other_util_malformed(source, line, `package #${i + 1} is not a table.`, pdm_SUPPORTED);
        const name = str(raw.name);
        const version = str(raw.version);
        if (!name || !version) {
            throw other_util_malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, pdm_SUPPORTED);
        }
        const groups = Array.isArray(raw.groups) ? raw.groups.filter((g) => typeof g === 'string') : undefined;
        const files = raw.files !== undefined ? filesOf(raw.files) : filesOf(metaFiles[`${name} ${version}`]);
        const properties = {};
        if (groups?.length)
            properties['custody:pypi:groups'] = [...groups].sort().join(',');
        for (const k of ['git', 'url', 'path']) {
            const v = str(raw[k]);
            if (v)
                properties['custody:pypi:source'] = `${k} ${v}${str(raw.revision) ? ` ${str(raw.revision)}` : ''}`;
            if (v && k === 'path')
                b.note(`${name} ${version} comes from a local path (${v})`);
        }
        const description = str(raw.summary);
        const c = b.add(pyComponent(name, version, { scope: pdm_scopeOf(groups), files, properties, ...(description ? { description } : {}) }));
        const isNew = !index.get(name).some((x) => x.purl === c.purl);
        if (isNew)
            index.add(name, { purl: c.purl, version });
        const deps = Array.isArray(raw.dependencies) ? raw.dependencies.filter((d) => typeof d === 'string') : [];
        entries.push({ purl: c.purl, deps, line });
    });
    for (const e of entries) {
        for (const dep of e.deps) {
            const req = parsePep508(dep);
            if (!req)
                throw other_util_malformed(source, e.line, `dependency "${dep}" is not a PEP 508 requirement.`, pdm_SUPPORTED);
            const candidates = index.get(req.name);
            const pin = pinnedVersion(req.spec);
            const chosen = candidates.length > 1 && pin ? candidates.filter((c) => c.version === pin) : candidates;
            for (const c of chosen.length ? chosen : candidates)
                b.edge(e.purl, c.purl);
        }
    }
    return b.finish();
}
const pdmReader = {
    id: 'pdm',
    fileNames: ['pdm.lock'],
    prepare: loadToml,
    read: readPdmLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/pipfile.js



const pipfile_SUPPORTED = 'Supported: Pipfile.lock with _meta.pipfile-spec 6 or lower (pipenv).';
function readPipfileLock(text, source) {
    const doc = parseJson(text, source, pipfile_SUPPORTED);
    if (!isTable(doc) || !isTable(doc._meta))
        throw other_util_malformed(source, undefined, 'not a Pipfile.lock: no `_meta` object.', pipfile_SUPPORTED);
    const spec = doc._meta['pipfile-spec'];
    if (typeof spec !== 'number' || spec > 6 || spec < 1) {
        const line = text.split('\n').findIndex((l) => l.includes('"pipfile-spec"')) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `Pipfile.lock pipfile-spec ${JSON.stringify(spec)} is not supported.`, pipfile_SUPPORTED);
    }
    const b = new GraphBuilder('pypi', source, `Pipfile.lock (spec ${spec})`);
    let seen = 0;
    for (const [section, scope] of [
        ['default', 'required'],
        ['develop', 'excluded'],
    ]) {
        const entries = doc[section] ?? {};
        if (!isTable(entries))
            throw other_util_malformed(source, undefined, `"${section}" is not an object.`, pipfile_SUPPORTED);
        for (const [name, raw] of Object.entries(entries)) {
            seen++;
            if (!isTable(raw))
                throw other_util_malformed(source, undefined, `"${section}.${name}" is not an object.`, pipfile_SUPPORTED);
            const spec = str(raw.version);
            const version = spec ? pinnedVersion(spec) : undefined;
            if (!version) {
                const kind = ['git', 'path', 'file', 'hg', 'svn', 'bzr'].find((k) => typeof raw[k] === 'string');
                b.note(`${section}: ${name} has no pinned version (${kind ? `${kind} ${String(raw[kind])}` : (spec ?? 'no version')}); skipped`);
                continue;
            }
            const hashes = Array.isArray(raw.hashes) ? raw.hashes.filter((h) => typeof h === 'string') : [];
            const properties = {};
            if (typeof raw.markers === 'string')
                properties['custody:pypi:markers'] = raw.markers;
            b.add(pyComponent(name, version, { scope, files: hashes.map((hash) => ({ hash })), properties }));
        }
    }
    if (seen === 0)
        b.note('Pipfile.lock lists no packages');
    return b.finish();
}
const pipfileReader = {
    id: 'pipenv',
    fileNames: ['Pipfile.lock'],
    read: readPipfileLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/poetry.js
/**
 * poetry.lock (TOML): `[[package]]` entries with name, version, and either `category` ("main"/"dev", Poetry < 1.2)
 * or `groups` (Poetry 2), `optional` (an extra), `[package.dependencies]` (name -> constraint, table or array of
 * tables), `[package.source]` for git/url/path/legacy-index packages, and file hashes: per package (`files`,
 * lock-version 2.x), in `[metadata.files]` (1.x) or `[metadata.hashes]` (Poetry 0.x).
 *
 * Scope: main -> required (optional when `optional = true`), any other category/group -> excluded (Poetry's
 * non-main groups are dependency groups such as dev/test/docs). No category and no groups -> scope left unset.
 * The lockfile does not say which packages the project requires directly (pyproject.toml does), so `direct` is empty.
 */




const poetry_SUPPORTED = 'Supported: poetry.lock from Poetry 0.12 to 2.x (lock-version absent, 1.x or 2.x).';
function poetry_filesOf(v) {
    if (!Array.isArray(v))
        return [];
    const out = [];
    for (const f of v) {
        if (isTable(f) && typeof f.hash === 'string') {
            const file = str(f.file) ?? str(f.url);
            out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
        }
        else if (typeof f === 'string')
            out.push({ hash: f.includes(':') ? f : `sha256:${f}` });
    }
    return out;
}
/** The exact version a constraint pins (`1.2.3`, `==1.2.3`), if any. */
function exactVersion(constraint) {
    const s = typeof constraint === 'string' ? constraint : isTable(constraint) ? str(constraint.version) : undefined;
    const m = s ? /^\s*(?:==)?\s*([0-9][^\s,<>=!~^*|]*)\s*$/.exec(s) : null;
    return m ? m[1] : undefined;
}
function readPoetryLock(text, source) {
    const doc = parseToml(text, source, poetry_SUPPORTED);
    const meta = isTable(doc.metadata) ? doc.metadata : {};
    const lockVersion = str(meta['lock-version']);
    if (lockVersion !== undefined && !/^[12]\.\d+$/.test(lockVersion)) {
        const line = text.split('\n').findIndex((l) => /^lock-version\s*=/.test(l)) + 1;
        throw other_util_unsupportedVersion(source, line || undefined, `poetry.lock lock-version "${lockVersion}" is not supported.`, poetry_SUPPORTED);
    }
    const b = new GraphBuilder('pypi', source, `poetry.lock${lockVersion ? ` (lock-version ${lockVersion})` : ' (Poetry < 1.1)'}`);
    const packages = doc.package ?? [];
    if (!Array.isArray(packages))
        throw other_util_malformed(source, undefined, '`package` is not an array of tables.', poetry_SUPPORTED);
    const lines = arrayTableLines(text, 'package');
    const metaFiles = isTable(meta.files) ? meta.files : isTable(meta.hashes) ? meta.hashes : {};
    const metaFilesByName = new NameIndex();
    for (const [k, v] of Object.entries(metaFiles))
        metaFilesByName.add(k, v);
    const index = new NameIndex();
    const entries = [];
    packages.forEach((raw, i) => {
        const line = lines[i];
        if (!isTable(raw))
            throw other_util_malformed(source, line, `package #${i + 1} is not a table.`, poetry_SUPPORTED);
        const name = str(raw.name);
        const version = str(raw.version);
        if (!name || !version) {
            throw other_util_malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, poetry_SUPPORTED);
        }
        const groups = Array.isArray(raw.groups) ? raw.groups.filter((g) => typeof g === 'string') : undefined;
        const category = str(raw.category);
        const inMain = groups ? groups.includes('main') : category !== undefined ? category === 'main' : undefined;
        const scope = inMain === undefined ? undefined : !inMain ? 'excluded' : raw.optional === true ? 'optional' : 'required';
        const files = raw.files !== undefined ? poetry_filesOf(raw.files) : poetry_filesOf(metaFilesByName.get(name)[0]);
        const properties = {};
        if (isTable(raw.source)) {
            const type = str(raw.source.type);
            const url = str(raw.source.url);
            const ref = str(raw.source.resolved_reference) ?? str(raw.source.reference);
            if (type)
                properties['custody:pypi:source'] = [type, url, ref].filter(Boolean).join(' ');
            if (type === 'directory' || type === 'file')
                b.note(`${name} ${version} comes from a local ${type} (${url ?? '?'})`);
        }
        if (groups?.length)
            properties['custody:pypi:groups'] = [...groups].sort().join(',');
        const description = str(raw.description);
        const c = b.add(pyComponent(name, version, { scope, files, properties, ...(description ? { description } : {}) }));
        index.add(name, { purl: c.purl, version });
        entries.push({ purl: c.purl, deps: isTable(raw.dependencies) ? raw.dependencies : {} });
    });
    for (const { purl, deps } of entries) {
        for (const [depName, constraint] of Object.entries(deps)) {
            const candidates = index.get(depName);
            if (candidates.length === 0)
                continue; // not locked for this environment (e.g. a marker that never applies)
            const exact = Array.isArray(constraint) ? undefined : exactVersion(constraint);
            const chosen = candidates.length > 1 && exact ? candidates.filter((c) => c.version === exact) : candidates;
            for (const c of chosen.length ? chosen : candidates)
                b.edge(purl, c.purl);
        }
    }
    if (entries.length === 0)
        b.note('poetry.lock lists no packages');
    return b.finish();
}
const poetryReader = {
    id: 'poetry',
    fileNames: ['poetry.lock'],
    prepare: loadToml,
    read: readPoetryLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/requirements.js



const NAME_RE = /^(requirements.*\.txt|.*\.freeze\.txt|requirements\.(in\.)?lock)$/i;
/** Options that stand on their own line and do not name a package. */
const GLOBAL_OPTIONS = /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host|--no-binary|--only-binary|--prefer-binary|--require-hashes|--pre|--use-feature|--config-settings)\b/;
/** Joins `\` continuations; keeps the first physical line number of each logical line. */
function logicalLines(text) {
    const out = [];
    const physical = text.split(/\r?\n/);
    let cur;
    physical.forEach((raw, i) => {
        const continued = /\\\s*$/.test(raw) && !/(^|\s)#/.test(raw);
        const part = continued ? raw.replace(/\\\s*$/, '') : raw;
        if (cur)
            cur.text += ` ${part}`;
        else
            cur = { line: i + 1, text: part };
        if (!continued) {
            out.push(cur);
            cur = undefined;
        }
    });
    if (cur)
        out.push(cur);
    return out;
}
function readRequirements(text, source) {
    const b = new GraphBuilder('pypi', source, 'requirements.txt (pinned)');
    const index = new NameIndex();
    const via = [];
    let pinned = 0;
    let unpinned = 0;
    let notRequirement = 0;
    let last;
    let inVia = false;
    for (const { line, text: raw } of logicalLines(text)) {
        const trimmed = raw.trim();
        // pip-compile annotations: "    # via x" or "    # via" followed by "    #   x" lines.
        const viaHead = /^#\s*via\b\s*(.*)$/.exec(trimmed);
        if (viaHead && last) {
            inVia = viaHead[1] === '';
            if (!inVia)
                last.parents.push(viaHead[1]);
            continue;
        }
        if (inVia && last && /^#\s{2,}\S/.test(trimmed)) {
            last.parents.push(trimmed.replace(/^#\s+/, ''));
            continue;
        }
        inVia = false;
        const body = raw.replace(/(^|\s)#.*$/, '').trim();
        if (!body)
            continue;
        last = undefined;
        if (body.startsWith('-')) {
            const inc = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(body);
            const edit = /^(-e|--editable)(?:\s+|=)(\S+)/.exec(body);
            if (inc)
                b.note(`line ${line}: ${inc[1].includes('c') ? 'constraints' : 'requirements'} file ${inc[2]} is not followed (scan it on its own)`);
            else if (edit) {
                unpinned++;
                b.note(`line ${line}: editable requirement ${edit[2]} has no pinned version; skipped`);
            }
            else if (!GLOBAL_OPTIONS.test(body))
                b.note(`line ${line}: option ${body.split(/\s/)[0]} ignored`);
            continue;
        }
        // Per-requirement options (--hash, --config-settings, ...) come after the requirement itself.
        const hashes = [...body.matchAll(/--hash[=\s]\s*(\S+)/g)].map((m) => m[1]);
        const req = body.replace(/\s--[a-z][\w-]*(?:[=\s]\s*\S+)?/g, '').trim();
        const isUrl = /^[a-z][\w+.-]*:\/\/|^\.{0,2}\//i.test(req);
        const candidate = isUrl ? undefined : parsePep508(req);
        const parsed = candidate && isVersionSpec(candidate.spec) ? candidate : undefined;
        if (!parsed) {
            if (isUrl) {
                unpinned++;
                b.note(`line ${line}: URL or path requirement ${req} has no pinned version; skipped`);
            }
            else if (++notRequirement <= 5)
                b.note(`line ${line}: not a requirement: ${req.slice(0, 60)}`);
            continue;
        }
        const version = pinnedVersion(parsed.spec);
        if (!version) {
            unpinned++;
            b.note(`line ${line}: ${parsed.name}${parsed.spec ? ` ${parsed.spec}` : ''} is not pinned to one version; skipped`);
            continue;
        }
        pinned++;
        const properties = {};
        if (parsed.extras.length)
            properties['custody:pypi:extras'] = [...parsed.extras].sort().join(',');
        if (parsed.marker)
            properties['custody:pypi:markers'] = parsed.marker;
        const c = b.add(pyComponent(parsed.name, version, { files: hashes.map((hash) => ({ hash })), properties }));
        index.add(parsed.name, c.purl);
        last = { purl: c.purl, parents: [] };
        via.push({ child: c.purl, parents: last.parents, line });
    }
    if (pinned === 0 && unpinned > 0 && notRequirement === 0) {
        // A real requirements file whose lines are all ranges (e.g. requirements-dev.txt: "-r requirements.txt",
        // "pytest"): nothing to list, but not an error that should fail a whole directory scan.
        b.note(`no pinned requirements found in ${source}: ${unpinned} requirements are not pinned to one version`);
        return b.finish();
    }
    if (pinned === 0) {
        const parts = [`${unpinned} unpinned`, `${notRequirement} not in requirements syntax`];
        throw noPackages(source, `no pinned requirements found in ${source} (${parts.join(', ')}).`, 'Custody reads pinned requirements (`name==version`, as written by `pip freeze` or `pip-compile`); pin the file, or scan a lockfile (poetry.lock, uv.lock, pdm.lock, Pipfile.lock) instead.');
    }
    if (notRequirement > 5)
        b.note(`${notRequirement - 5} more lines are not requirements`);
    for (const { child, parents } of via) {
        for (const p of parents) {
            if (/^-r\s/.test(p) || /^-r$/.test(p))
                b.direct(child);
            else if (/^-c\s/.test(p))
                continue;
            else {
                const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(p)?.[0];
                if (!name)
                    continue;
                if (/^\(.*\)$/.test(p.slice(name.length).trim()) || p.slice(name.length).trim() === '') {
                    const parentPurls = index.get(name);
                    if (parentPurls.length)
                        for (const pp of parentPurls)
                            b.edge(pp, child);
                    else if (/\((pyproject\.toml|setup\.(py|cfg))\)$/.test(p))
                        b.direct(child);
                }
            }
        }
    }
    return b.finish();
}
const requirementsReader = {
    id: 'requirements',
    fileNames: ['requirements.txt'],
    sniff: (fileName) => NAME_RE.test(fileName),
    read: readRequirements,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/uv.js
/**
 * uv.lock (TOML, `version = 1`): `[[package]]` entries with name, version, `source` (registry, git, url, path,
 * directory, editable, virtual), `dependencies` ({name, version?, source?, marker?, extra?}), per-extra
 * `[package.optional-dependencies]`, per-group `[package.dev-dependencies]`, and `sdist`/`wheels` with hashes.
 *
 * The project: packages whose source is `editable` or `virtual` are the workspace members (the project itself),
 * not components. The one at "." is the root; their dependencies are the direct ones.
 * Scope, by reachability from the members: what their plain dependencies pull in (following the extras each edge
 * asks for) is required; what only their extras pull in is optional; what only their dev groups pull in is
 * excluded. Packages nothing reaches keep no scope.
 */





const uv_SUPPORTED = 'Supported: uv.lock version 1 (uv 0.3 and later).';
function sourceKey(src) {
    if (!isTable(src))
        return '';
    const [k, v] = Object.entries(src).sort(([a], [b]) => (a < b ? -1 : 1))[0] ?? [];
    return k ? `${k}=${String(v)}` : '';
}
function depList(v) {
    if (!Array.isArray(v))
        return [];
    const out = [];
    for (const d of v) {
        if (!isTable(d) || typeof d.name !== 'string')
            continue;
        const ref = { name: d.name, extras: Array.isArray(d.extra) ? d.extra.filter((e) => typeof e === 'string') : [] };
        if (typeof d.version === 'string')
            ref.version = d.version;
        if (d.source !== undefined)
            ref.source = sourceKey(d.source);
        out.push(ref);
    }
    return out;
}
function groupMap(v) {
    const m = new Map();
    if (isTable(v))
        for (const [k, list] of Object.entries(v))
            m.set(k, depList(list));
    return m;
}
function files(raw) {
    const out = [];
    const push = (f) => {
        if (isTable(f) && typeof f.hash === 'string') {
            const file = str(f.url) ?? str(f.path) ?? str(f.filename);
            out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
        }
    };
    push(raw.sdist);
    if (Array.isArray(raw.wheels))
        raw.wheels.forEach(push);
    return out;
}
function readUvLock(text, source) {
    const doc = parseToml(text, source, uv_SUPPORTED);
    const version = doc.version;
    if (version !== 1) {
        const line = text.split('\n').findIndex((l) => /^version\s*=/.test(l)) + 1;
        const what = version === undefined ? 'uv.lock has no top-level `version`.' : `uv.lock version ${String(version)} is not supported.`;
        throw version === undefined ? other_util_malformed(source, 1, what, uv_SUPPORTED) : other_util_unsupportedVersion(source, line || undefined, what, uv_SUPPORTED);
    }
    const revision = typeof doc.revision === 'number' ? `, revision ${doc.revision}` : '';
    const b = new GraphBuilder('pypi', source, `uv.lock (version 1${revision})`);
    const packages = doc.package ?? [];
    if (!Array.isArray(packages))
        throw other_util_malformed(source, undefined, '`package` is not an array of tables.', uv_SUPPORTED);
    const lines = arrayTableLines(text, 'package');
    const entries = [];
    const byName = new NameIndex();
    packages.forEach((raw, i) => {
        const line = lines[i];
        if (!isTable(raw))
            throw other_util_malformed(source, line, `package #${i + 1} is not a table.`, uv_SUPPORTED);
        const name = str(raw.name);
        if (!name)
            throw other_util_malformed(source, line, `package #${i + 1} has no name.`, uv_SUPPORTED);
        const src = isTable(raw.source) ? raw.source : {};
        const project = 'editable' in src || 'virtual' in src;
        const ver = str(raw.version);
        const kind = Object.keys(src)[0];
        // uv omits the version only for source trees with a dynamic version; a registry package must have one.
        if (!ver && !project && (kind === undefined || kind === 'registry')) {
            throw other_util_malformed(source, line, `package #${i + 1} ("${name}") has no version.`, uv_SUPPORTED);
        }
        const e = {
            name,
            version: ver ?? '',
            sourceKey: sourceKey(raw.source),
            project,
            deps: depList(raw.dependencies),
            optional: groupMap(raw['optional-dependencies']),
            dev: groupMap(raw['dev-dependencies']),
        };
        if (!project && !ver) {
            b.note(`${name} from ${kind} ${String(src[kind])} has no version (dynamic): not listed`);
        }
        else if (!project) {
            const props = {};
            if (kind && kind !== 'registry')
                props['custody:pypi:source'] = `${kind} ${String(src[kind])}`;
            if (kind === 'registry' && src.registry !== 'https://pypi.org/simple')
                props['custody:pypi:index'] = String(src.registry);
            if (kind === 'path' || kind === 'directory')
                b.note(`${name} ${ver} comes from a local ${kind} (${String(src[kind])})`);
            e.purl = b.add(pyComponent(name, e.version, { files: files(raw), properties: props })).purl;
        }
        else if ((src.editable ?? src.virtual) === '.') {
            b.graph.root = { name, ...(ver ? { version: ver, purl: pypiPurl(name, ver) } : {}) };
        }
        else {
            b.note(`${name} is a workspace member (${'editable' in src ? 'editable' : 'virtual'} ${String(src.editable ?? src.virtual)}), part of the project`);
        }
        entries.push(e);
        byName.add(name, e);
    });
    const resolve = (d) => {
        let c = byName.get(d.name);
        if (c.length > 1 && d.version !== undefined)
            c = c.filter((e) => e.version === d.version);
        if (c.length > 1 && d.source !== undefined)
            c = c.filter((e) => e.sourceKey === d.source);
        return c;
    };
    // Edges: plain dependencies, plus an extra's dependencies when some edge asks for that extra.
    const wantedExtras = new Map();
    for (const e of entries) {
        const all = [...e.deps, ...[...e.optional.values()].flat(), ...[...e.dev.values()].flat()];
        for (const d of all) {
            for (const t of resolve(d)) {
                let set = wantedExtras.get(t);
                if (!set)
                    wantedExtras.set(t, (set = new Set()));
                d.extras.forEach((x) => set.add(x));
            }
        }
    }
    const outgoing = (e, extras) => {
        const refs = [...e.deps];
        for (const x of extras)
            refs.push(...(e.optional.get(x) ?? []));
        return refs.flatMap(resolve);
    };
    for (const e of entries) {
        if (!e.purl)
            continue;
        for (const t of outgoing(e, wantedExtras.get(e) ?? []))
            if (t.purl)
                b.edge(e.purl, t.purl);
    }
    // Direct dependencies and scopes, from the project members.
    const members = entries.filter((e) => e.project);
    const scopes = new Map();
    const walk = (starts, scope) => {
        const queue = starts.flatMap((d) => resolve(d).map((t) => [t, d.extras]));
        const seen = new Set();
        while (queue.length) {
            const [e, extras] = queue.pop();
            const key = `${e.name}@${e.version}#${e.sourceKey}[${extras.join(',')}]`;
            if (seen.has(key))
                continue;
            seen.add(key);
            if (!e.project && !scopes.has(e))
                scopes.set(e, scope);
            const refs = [...e.deps];
            for (const x of extras)
                refs.push(...(e.optional.get(x) ?? []));
            for (const d of refs)
                for (const t of resolve(d))
                    queue.push([t, d.extras]);
        }
    };
    const required = members.flatMap((m) => m.deps);
    const optional = members.flatMap((m) => [...m.optional.values()].flat());
    const dev = members.flatMap((m) => [...m.dev.values()].flat());
    walk(required, 'required');
    walk(optional, 'optional');
    walk(dev, 'excluded');
    for (const [e, scope] of scopes)
        if (e.purl)
            b.get(e.purl).scope = scope;
    for (const d of [...required, ...optional, ...dev])
        for (const t of resolve(d))
            if (t.purl)
                b.direct(t.purl);
    return b.finish();
}
const uvReader = {
    id: 'uv',
    fileNames: ['uv.lock'],
    prepare: loadToml,
    read: readUvLock,
};

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/group-other.js










/**
 * Python, Go, Rust, Ruby, PHP and .NET readers. go.mod declares `siblings: ['go.sum']` (see LockfileReader):
 * go.sum is read through it, never on its own.
 */
const group_other_readers = [
    poetryReader,
    uvReader,
    pdmReader,
    pipfileReader,
    requirementsReader,
    goModReader,
    cargoReader,
    gemfileReader,
    composerReader,
    nugetReader,
];

;// CONCATENATED MODULE: ./packages/sbom/dist/readers/index.js



/** Every lockfile reader, one module per ecosystem, grouped by who maintains them. */
const readers_readers = [...readers, ...group_js_readers, ...group_other_readers];

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/sbom/dist/files.js
/**
 * Bounded reads of the files an SBOM is made from. A lockfile, manifest or package database path may name anything:
 * /dev/zero, a FIFO nobody writes to, a symlink to either, or a file of many gigabytes. Files are opened without
 * blocking (a FIFO opens at once instead of waiting for a writer), checked to be regular files on the open handle
 * (no race with a rename), and read up to a limit plus one byte (a file that grows while read is caught too).
 */




/** A path that should be a regular file is a device, FIFO, socket or directory (or a symlink to one). */
class NotAFileError extends SbomInputError {
    kind;
    constructor(path, kind, what) {
        super('SBOM_INPUT_NOT_A_FILE', `${path} is ${kind}, not a regular file: ${what} must be a regular file.`, {
            location: path,
            hint: 'Give the path of the file itself. Devices, FIFOs and sockets (and symbolic links to them) are never read, so that an input cannot hang or exhaust Custody.',
        });
        this.kind = kind;
    }
}
/** Reads a regular file of at most the limit's bytes; throws NotAFileError or LimitError otherwise. */
async function readBoundedFile(path, options) {
    const limitName = options.limit ?? 'lockfileBytes';
    const max = (0,dist/* limits */.Fy)()[limitName];
    const shown = options.display ?? path;
    const fh = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    try {
        const st = await fh.stat();
        if (!st.isFile())
            throw new NotAFileError(shown, (0,dist/* fileKind */.h_)(st), `a ${options.what}`);
        const tooBig = (size) => new dist/* LimitError */.oC(limitName, `${shown} (${options.what}) is ${size} bytes, over the limit of ${(0,dist/* formatLimit */.tW)(limitName, max)}.`, {
            location: shown,
        });
        if (st.size > max)
            throw tooBig(st.size);
        // Read to the end, but never past max + 1 bytes: a file that grows after fstat is caught as well.
        const chunks = [];
        let total = 0;
        for (;;) {
            const want = Math.min(Math.max(64 * 1024, st.size - total + 1), max + 1 - total);
            if (want <= 0)
                throw tooBig(`more than ${max}`);
            const buf = Buffer.allocUnsafe(want);
            const { bytesRead } = await fh.read(buf, 0, want, total);
            if (bytesRead === 0)
                break;
            chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
            total += bytesRead;
            if (total > max)
                throw tooBig(`more than ${max}`);
        }
        return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    }
    finally {
        await fh.close();
    }
}
/** readBoundedFile as UTF-8 text. */
async function readBoundedText(path, options) {
    return (await readBoundedFile(path, options)).toString('utf8');
}

;// CONCATENATED MODULE: ./packages/sbom/dist/discover.js
/**
 * Finds the lockfiles under a directory (or takes one file given directly) and matches each to its reader.
 * Exact file names first (every reader's `fileNames`), then the readers' `sniff` on the first bytes of files that
 * look like lockfiles. node_modules, vendor and .git are never entered.
 */






const SKIPPED_DIRECTORIES = ['node_modules', 'vendor', '.git'];
const DEFAULT_DEPTH = 5;
/** Files whose head is worth sniffing when no reader claims their exact name. */
const SNIFF_CANDIDATE = /(\.(json|lock|ya?ml|toml|txt|mod|sum|in)$)|lock/i;
const HEAD_BYTES = 2048;
/** "package-lock.json, npm-shrinkwrap.json (npm); yarn.lock (yarn); …": what the registered readers accept. */
function supportedLockfiles(readers) {
    return readers.map((r) => `${r.fileNames.join(', ')} (${r.id})`).join('; ');
}
async function readHead(path) {
    // O_NONBLOCK and a check on the handle: callers only sniff regular files, but a file swapped for a FIFO or a
    // device after the directory was listed must not block or stream forever either.
    const fh = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    try {
        if (!(await fh.stat()).isFile())
            return '';
        const buf = Buffer.alloc(HEAD_BYTES);
        const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
        return buf.subarray(0, bytesRead).toString('utf8');
    }
    finally {
        await fh.close();
    }
}
/** The reader for a file: by exact name, else by sniffing its first bytes. */
async function readerFor(path, readers) {
    const name = (0,external_node_path_.basename)(path);
    const byName = readers.find((r) => r.fileNames.includes(name));
    if (byName)
        return byName;
    const sniffers = readers.filter((r) => r.sniff);
    if (!sniffers.length || !SNIFF_CANDIDATE.test(name))
        return undefined;
    const head = await readHead(path);
    return sniffers.find((r) => r.sniff(name, head));
}
/** Lists the lockfiles at `target` (a directory or one file), sorted by path. */
async function discoverLockfiles(target, readers, options = {}) {
    const depth = options.depth ?? DEFAULT_DEPTH;
    let info;
    try {
        info = await (0,promises_.stat)(target);
    }
    catch (err) {
        throw new SbomInputError('SBOM_PATH_NOT_FOUND', `cannot read ${target}: ${(0,dist/* describeCause */.V$)(err)}.`, {
            location: target,
            hint: 'Give a project directory or a lockfile path (default: the current directory).',
            cause: err,
        });
    }
    const supported = supportedLockfiles(readers);
    if (!info.isFile() && !info.isDirectory())
        throw new NotAFileError(target, (0,dist/* fileKind */.h_)(info), 'a lockfile');
    if (info.isFile()) {
        const reader = await readerFor(target, readers);
        if (!reader) {
            throw new NoLockfileError(`${(0,external_node_path_.basename)(target)} is not a lockfile Custody can read.`, {
                location: target,
                hint: `Supported lockfiles: ${supported}. Give one of those, or a directory to search.`,
            });
        }
        return [{ path: target, source: (0,external_node_path_.basename)(target), reader }];
    }
    const excludeNames = new Set();
    const excludePaths = new Set();
    for (const raw of options.exclude ?? []) {
        const e = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
        if (!e)
            continue;
        if (e.includes('/'))
            excludePaths.add(e);
        else
            excludeNames.add(e);
    }
    const skipped = (name, path) => {
        if (SKIPPED_DIRECTORIES.includes(name) || excludeNames.has(name))
            return true;
        return excludePaths.size > 0 && excludePaths.has((0,external_node_path_.relative)(target, path).split(external_node_path_.sep).join('/'));
    };
    const found = [];
    const gaps = options.gaps;
    const rel = (path) => (0,external_node_path_.relative)(target, path).split(external_node_path_.sep).join('/') || '.';
    let realRoot;
    const inside = (real) => {
        const r = (0,external_node_path_.relative)(realRoot, real);
        return r === '' || (r !== '..' && !r.startsWith(`..${external_node_path_.sep}`) && !(0,external_node_path_.isAbsolute)(r));
    };
    const walk = async (dir, level) => {
        let entries;
        try {
            entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch (err) {
            if (dir === target)
                throw err;
            // An unreadable subdirectory is not the user's target: skipped, and said so.
            gaps?.push(`${rel(dir)}/: directory not searched (${errnoOf(err)})`);
            return;
        }
        entries.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.name, b.name));
        for (const e of entries) {
            const path = (0,external_node_path_.join)(dir, e.name);
            if (e.isDirectory()) {
                if (level < depth && !skipped(e.name, path))
                    await walk(path, level + 1);
            }
            else if (e.isFile()) {
                const reader = await readerFor(path, readers);
                if (reader)
                    found.push({ path, source: rel(path), reader });
            }
            else if (e.isSymbolicLink()) {
                await followLink(path, e.name, level);
            }
            else if (readers.some((r) => r.fileNames.includes(e.name))) {
                gaps?.push(`${rel(path)}: ${(0,dist/* fileKind */.h_)(e)}, not a regular file: not read`);
            }
        }
    };
    // A symlinked lockfile is read when it resolves to a regular file inside the target; anything else is reported.
    // Symlinked directories are not followed: a directory inside the target is searched under its real path.
    const followLink = async (path, name, level) => {
        const byName = readers.some((r) => r.fileNames.includes(name));
        realRoot ??= await (0,promises_.realpath)(target);
        let real;
        try {
            real = await (0,promises_.realpath)(path);
        }
        catch (err) {
            if (byName)
                gaps?.push(`${rel(path)}: symbolic link that does not resolve (${errnoOf(err)}): not read`);
            return;
        }
        let st;
        try {
            st = await (0,promises_.stat)(real);
        }
        catch (err) {
            if (byName)
                gaps?.push(`${rel(path)}: symbolic link to an unreadable file (${errnoOf(err)}): not read`);
            return;
        }
        if (st.isDirectory()) {
            if (level < depth && !skipped(name, path))
                gaps?.push(`${rel(path)}/: symbolic link to a directory, not followed${inside(real) ? '' : ' (it leads outside the target)'}`);
            return;
        }
        const reader = st.isFile() && inside(real) ? await readerFor(path, readers) : byName ? readers.find((r) => r.fileNames.includes(name)) : undefined;
        if (!reader)
            return;
        if (!inside(real))
            gaps?.push(`${rel(path)}: symbolic link to a file outside the target: not read`);
        else if (!st.isFile())
            gaps?.push(`${rel(path)}: symbolic link to ${(0,dist/* fileKind */.h_)(st)}, not a regular file: not read`);
        else
            found.push({ path, source: rel(path), reader });
    };
    await walk(target, 0);
    if (!found.length) {
        const skips = [...SKIPPED_DIRECTORIES, ...excludeNames, ...excludePaths].join(', ');
        throw new NoLockfileError(`no lockfile found in ${target} (searched ${depth} directories deep, skipping ${skips}).`, {
            location: target,
            hint: `Supported lockfiles: ${supported}. Generate one with your package manager (e.g. npm install --package-lock-only), pass --depth to search deeper, or give the lockfile path.`,
        });
    }
    found.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.source, b.source));
    return found;
}
/** The errno code of a failure (EACCES, ELOOP, …): stable across machines, unlike messages that hold paths. */
function errnoOf(err) {
    return err?.code ?? (0,dist/* describeCause */.V$)(err);
}
/** Reads the sibling files a reader asks for (go.sum beside go.mod); missing ones are left out of the map. */
async function readSiblings(dir, names) {
    const out = {};
    for (const name of names) {
        try {
            out[name] = await readBoundedText((0,external_node_path_.join)(dir, name), { what: name });
        }
        catch (err) {
            if (err instanceof dist/* CustodyError */.Kf)
                throw err;
            if (err.code !== 'ENOENT') {
                throw new SbomInputError('SBOM_LOCKFILE_UNREADABLE', `cannot read ${(0,external_node_path_.join)(dir, name)}: ${(0,dist/* describeCause */.V$)(err)}.`, {
                    location: (0,external_node_path_.join)(dir, name),
                    cause: err,
                });
            }
        }
    }
    return out;
}
/**
 * Finds and reads every lockfile at `target` into component graphs. Errors name the file (and line) the user can
 * open. A lockfile that names its project but has no dependencies gives an empty graph; when no file yields a
 * package and none names a project (e.g. prose saved as requirements.txt), NoPackagesError.
 */
async function readLockfiles(target, readers, options = {}) {
    const logger = options.logger ?? dist/* silentLogger */.qq;
    const found = await discoverLockfiles(target, readers, options);
    const graphs = [];
    for (const f of found) {
        let text;
        try {
            text = await readBoundedText(f.path, { what: `${f.reader.id} lockfile` });
        }
        catch (err) {
            if (err instanceof dist/* CustodyError */.Kf)
                throw err;
            throw new SbomInputError('SBOM_LOCKFILE_UNREADABLE', `cannot read ${f.path}: ${(0,dist/* describeCause */.V$)(err)}.`, {
                location: f.path,
                cause: err,
            });
        }
        let graph;
        try {
            await f.reader.prepare?.(text);
            graph =
                f.reader.siblings && f.reader.readWithSiblings
                    ? f.reader.readWithSiblings(text, f.source, await readSiblings((0,external_node_path_.dirname)(f.path), f.reader.siblings))
                    : f.reader.read(text, f.source);
        }
        catch (err) {
            if (err instanceof dist/* CustodyError */.Kf) {
                // Readers locate errors by the source name; point at the path the user can open.
                const srcDir = (0,external_node_path_.dirname)(f.source);
                if (err.location?.startsWith(f.source) && f.source !== f.path) {
                    err.location = f.path + err.location.slice(f.source.length);
                }
                else if (f.reader.siblings && err.location && f.reader.siblings.some((n) => err.location.startsWith((0,external_node_path_.join)(srcDir, n)))) {
                    // An error in a sibling file (go.sum beside go.mod): point at that file's real path.
                    err.location = (0,external_node_path_.join)((0,external_node_path_.dirname)(f.path), err.location.slice(srcDir === '.' ? 0 : srcDir.length + 1));
                }
                throw err;
            }
            throw new LockfileParseError(`cannot read this ${f.reader.id} lockfile: ${(0,dist/* describeCause */.V$)(err)}.`, {
                location: f.path,
                hint: `Check that it is a complete, current lockfile. Supported lockfiles: ${supportedLockfiles(readers)}.`,
                cause: err,
            });
        }
        logger.debug(`${f.source}: ${graph.format}, ${graph.components.length} components`);
        for (const note of graph.notes ?? [])
            logger.debug(`${f.source}: ${note}`);
        graphs.push(graph);
    }
    if (graphs.every((g) => g.components.length === 0) && !graphs.some((g) => g.root)) {
        const names = found.map((f) => f.path).join(', ');
        throw new NoPackagesError(`no packages found in ${names}: ${found.length === 1 ? 'it names' : 'they name'} no package with a version.`, {
            location: found[0]?.path ?? target,
            hint: `Check that ${found.length === 1 ? 'this is a real lockfile' : 'these are real lockfiles'} (for requirements files: pinned name==version lines). Supported lockfiles: ${supportedLockfiles(readers)}.`,
        });
    }
    return graphs;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/root.js
/**
 * The component an SBOM describes: the project, read from its manifest. package.json (name, version), else
 * pyproject.toml ([project] or [tool.poetry]), Cargo.toml ([package]), go.mod (module), composer.json (name);
 * else what a lockfile says about its project; else the directory name.
 */






/** A manifest's text; undefined when it is missing or unreadable. Devices, FIFOs and oversized files are refused. */
async function root_text(path) {
    try {
        return await readBoundedText(path, { what: (0,external_node_path_.basename)(path) });
    }
    catch (err) {
        if (err instanceof NotAFileError && err.kind === 'a directory')
            return undefined; // not a manifest
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        return undefined;
    }
}
function root_str(v) {
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
function obj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}
function json(t, where) {
    if (t === undefined)
        return undefined;
    checkJsonDepth(t, (0,external_node_path_.basename)(where), where);
    try {
        return obj(JSON.parse(t));
    }
    catch {
        return undefined;
    }
}
async function root_toml(t) {
    if (t === undefined)
        return undefined;
    await loadToml();
    try {
        return toml().parse(t);
    }
    catch {
        return undefined;
    }
}
function make(name, version, purl) {
    return { name, ...(version ? { version } : {}), ...(purl ? { purl } : {}), type: 'application' };
}
const packageJson = async (dir) => {
    const m = json(await root_text((0,external_node_path_.join)(dir, 'package.json')), (0,external_node_path_.join)(dir, 'package.json'));
    const name = root_str(m?.name);
    if (!name)
        return undefined;
    const version = root_str(m?.version);
    return make(name, version, npmPurl(name, version ?? ''));
};
const pyproject = async (dir) => {
    const m = await root_toml(await root_text((0,external_node_path_.join)(dir, 'pyproject.toml')));
    const project = obj(m?.project) ?? obj(obj(m?.tool)?.poetry);
    const name = root_str(project?.name);
    if (!name)
        return undefined;
    const version = root_str(project?.version);
    return make(name, version, pypiPurl(name, version ?? ''));
};
const cargoToml = async (dir) => {
    const pkg = obj((await root_toml(await root_text((0,external_node_path_.join)(dir, 'Cargo.toml'))))?.package);
    const name = root_str(pkg?.name);
    if (!name)
        return undefined;
    const version = root_str(pkg?.version); // `version.workspace = true` is a table: no version
    return make(name, version, formatPurl({ type: 'cargo', name, ...(version ? { version } : {}) }));
};
const goMod = async (dir) => {
    const t = await root_text((0,external_node_path_.join)(dir, 'go.mod'));
    const m = t ? /^\s*module\s+"?([^\s"]+)"?/m.exec(t) : null;
    if (!m)
        return undefined;
    const path = m[1];
    const slash = path.lastIndexOf('/');
    const purl = formatPurl({ type: 'golang', ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}), name: path.slice(slash + 1) });
    return make(path, undefined, purl);
};
const composerJson = async (dir) => {
    const m = json(await root_text((0,external_node_path_.join)(dir, 'composer.json')), (0,external_node_path_.join)(dir, 'composer.json'));
    const full = root_str(m?.name);
    if (!full)
        return undefined;
    const version = root_str(m?.version);
    const [vendor, name] = full.includes('/') ? [full.slice(0, full.indexOf('/')), full.slice(full.indexOf('/') + 1)] : [undefined, full];
    return make(full, version, formatPurl({ type: 'composer', ...(vendor ? { namespace: vendor } : {}), name: name, ...(version ? { version } : {}) }));
};
const MANIFESTS = [packageJson, pyproject, cargoToml, goMod, composerJson];
/** The project's root component for `dir`; `graphs` give a fallback when no manifest names the project. */
async function rootComponent(dir, graphs = []) {
    for (const manifest of MANIFESTS) {
        const found = await manifest(dir);
        if (found)
            return found;
    }
    const fromLock = graphs.find((g) => g.root?.name)?.root;
    if (fromLock)
        return make(fromLock.name, fromLock.version, fromLock.purl);
    return make((0,external_node_path_.basename)(dir) || 'project', undefined, undefined);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/sbom/dist/merge.js
/**
 * Merges the graphs read under one root into one deterministic component list: components deduplicated by purl
 * and sorted, bom-refs = purls (made unique deterministically should the root clash with a component), edges
 * root -> direct and package -> package, every list sorted by code point.
 */



/** The gaps of a BOM input: its own, then every graph's notes prefixed with the graph's source; sorted, unique. */
function collectGaps(input) {
    const out = new Set(input.gaps ?? []);
    for (const g of input.graphs)
        for (const n of g.notes ?? [])
            out.add(`${g.source}: ${n}`);
    return [...out].sort(dist/* compareStrings */.Kt);
}
function purlType(purl) {
    const m = /^pkg:([^/]+)\//.exec(purl);
    return m ? m[1].toLowerCase() : 'unknown';
}
function sortHashes(hashes) {
    if (!hashes?.length)
        return undefined;
    const seen = new Set();
    return [...hashes]
        .sort((x, y) => (0,dist/* compareStrings */.Kt)(x.alg, y.alg) || (0,dist/* compareStrings */.Kt)(x.content, y.content))
        .filter((h) => (seen.has(h.alg) ? false : (seen.add(h.alg), true)));
}
function merge_mergeGraphs(input) {
    const byPurl = new Map();
    const files = new Set();
    for (const g of input.graphs) {
        files.add(g.source);
        for (const c of g.components) {
            const known = byPurl.get(c.purl);
            if (known)
                mergeComponent(known, c); // the one merge rule (graph.ts), across graphs as within one
            else
                byPurl.set(c.purl, { ...c });
        }
    }
    const purls = [...byPurl.keys()].sort(dist/* compareStrings */.Kt);
    // The copies in byPurl are this function's own: finished in place (ref last, as `{ ...c, ref }` would put it;
    // the content key hashes components in key order), not copied a second time.
    const components = purls.map((purl) => {
        const c = byPurl.get(purl);
        const out = c;
        out.ref = purl;
        const hashes = sortHashes(c.hashes);
        if (hashes)
            out.hashes = hashes;
        else
            delete out.hashes;
        if (c.licenses?.length)
            out.licenses = [...new Set(c.licenses)].sort(dist/* compareStrings */.Kt);
        return out;
    });
    // The root's ref: its purl, unless a component already has that ref (a project listed in its own lockfile).
    const base = input.root.purl ?? `root:${input.root.name}${input.root.version ? `@${input.root.version}` : ''}`;
    let rootRef = base;
    for (let n = 2; byPurl.has(rootRef); n++)
        rootRef = `${base}#root${n === 2 ? '' : n}`;
    const edges = new Map();
    const direct = new Set();
    for (const g of input.graphs) {
        for (const d of g.direct)
            if (byPurl.has(d))
                direct.add(d);
        for (const [from, tos] of g.dependencies) {
            if (!byPurl.has(from))
                continue;
            let set = edges.get(from);
            if (!set)
                edges.set(from, (set = new Set()));
            for (const to of tos)
                if (to !== from && byPurl.has(to))
                    set.add(to);
        }
    }
    const dependencies = [{ ref: rootRef, dependsOn: [...direct].sort(dist/* compareStrings */.Kt) }];
    for (const purl of purls)
        dependencies.push({ ref: purl, dependsOn: [...(edges.get(purl) ?? [])].sort(dist/* compareStrings */.Kt) });
    const counts = new Map();
    for (const purl of purls)
        counts.set(purlType(purl), (counts.get(purlType(purl)) ?? 0) + 1);
    const ecosystems = {};
    for (const k of [...counts.keys()].sort(dist/* compareStrings */.Kt))
        ecosystems[k] = counts.get(k);
    return {
        root: { ...input.root, ref: rootRef },
        components,
        dependencies,
        ecosystems,
        files: [...files].sort(dist/* compareStrings */.Kt),
        gaps: collectGaps(input),
    };
}
/** A UUID (RFC 4122 layout, version 5 bits) from a content digest: same content, same serial. */
function contentUuid(digest) {
    const h = Buffer.from(typeof digest === 'string' ? (0,external_node_crypto_.createHash)('sha256').update(digest).digest() : digest);
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.subarray(0, 16).toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
/**
 * SHA-256 over everything a document says but its own serial / namespace: format, timestamp, tool version, root,
 * components, dependencies. Components are hashed one JSON line each (their key order is fixed by construction),
 * which is much cheaper than canonicalizing the whole graph.
 */
function contentKey(merged, timestamp, format) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    h.update((0,dist/* canonicalJson */.dj)({ format, timestamp, tool: dist/* CUSTODY_VERSION */.NP, root: merged.root }));
    for (const c of merged.components)
        h.update(`\n${JSON.stringify(c)}`);
    for (const d of merged.dependencies)
        h.update(`\n${d.ref}>${d.dependsOn.join(' ')}`);
    for (const g of merged.gaps)
        h.update(`\ngap ${g}`);
    return h.digest();
}

// EXTERNAL MODULE: ./node_modules/@cyclonedx/cyclonedx-library/dist.node/spdx.js
var spdx = __webpack_require__(1290);
;// CONCATENATED MODULE: ./packages/sbom/dist/spdx.js
/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): one document describing the root package, a package per
 * component (no files analysed), DESCRIBES and DEPENDS_ON relationships. Deterministic: sorted lists, injected
 * clock, SPDX ids derived from purls, a document namespace derived from a hash of the content.
 */



const OPERATORS = new Set(['AND', 'OR', 'WITH']);
/**
 * Classifies a license string from a lockfile: one SPDX license id (canonical case), a valid SPDX license
 * expression (ids canonicalized), or a free-text name.
 */
function classifyLicense(raw) {
    const text = raw.trim();
    const single = /^([A-Za-z0-9.+-]+)$/.exec(text);
    if (single) {
        const id = (0,spdx/* fixupSpdxId */.Xg)(text);
        if (id)
            return { kind: 'id', value: id };
        if (/^LicenseRef-[A-Za-z0-9.-]+$/.test(text))
            return { kind: 'expression', value: text };
        return { kind: 'named', value: text };
    }
    const expr = parseExpression(text);
    return expr ? { kind: 'expression', value: expr } : { kind: 'named', value: text };
}
/** Validates an SPDX license expression (annex D grammar) and returns it with ids canonicalized, or undefined. */
function parseExpression(text) {
    const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
    let i = 0;
    const simple = () => {
        const t = tokens[i];
        if (t === undefined || t === '(' || t === ')' || OPERATORS.has(t))
            return undefined;
        i++;
        if (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(t))
            return t;
        const plus = t.endsWith('+');
        const id = (0,spdx/* fixupSpdxId */.Xg)(plus ? t.slice(0, -1) : t);
        return id ? `${id}${plus ? '+' : ''}` : undefined;
    };
    const atom = () => {
        if (tokens[i] === '(') {
            i++;
            const inner = orExpr();
            if (inner === undefined || tokens[i] !== ')')
                return undefined;
            i++;
            return `(${inner})`;
        }
        const lic = simple();
        if (lic === undefined)
            return undefined;
        if (tokens[i] === 'WITH') {
            i++;
            const exc = tokens[i];
            if (exc === undefined || !/^[A-Za-z0-9.+-]+$/.test(exc))
                return undefined;
            i++;
            return `${lic} WITH ${(0,spdx/* fixupSpdxId */.Xg)(exc) ?? exc}`;
        }
        return lic;
    };
    const andExpr = () => {
        let left = atom();
        while (left !== undefined && tokens[i] === 'AND') {
            i++;
            const right = atom();
            left = right === undefined ? undefined : `${left} AND ${right}`;
        }
        return left;
    };
    const orExpr = () => {
        let left = andExpr();
        while (left !== undefined && tokens[i] === 'OR') {
            i++;
            const right = andExpr();
            left = right === undefined ? undefined : `${left} OR ${right}`;
        }
        return left;
    };
    const out = orExpr();
    return out !== undefined && i === tokens.length ? out : undefined;
}
/** Relationship from a component to what depends on it, by the component's scope (none: DEPENDS_ON). */
const SCOPE_RELATIONSHIP = {
    required: undefined,
    optional: 'OPTIONAL_DEPENDENCY_OF',
    excluded: 'DEV_DEPENDENCY_OF',
};
/** How an SPDX annotation naming something the SBOM does not cover begins. */
const GAP_PREFIX = 'custody:gap: ';
const CHECKSUM = {
    MD5: 'MD5',
    'SHA-1': 'SHA1',
    'SHA-256': 'SHA256',
    'SHA-384': 'SHA384',
    'SHA-512': 'SHA512',
};
/** SPDX ids allow letters, digits, `.` and `-` only. */
function sanitize(s) {
    return s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
function declaredLicense(values) {
    if (!values?.length)
        return { declared: 'NOASSERTION' };
    const kinds = values.map(classifyLicense);
    const named = kinds.filter((k) => k.kind === 'named');
    if (named.length)
        return { declared: 'NOASSERTION', comment: `The lockfile states: ${values.join('; ')}` };
    if (kinds.length === 1)
        return { declared: kinds[0].value };
    return { declared: kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ') };
}
function isDownloadLocation(url) {
    return typeof url === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/.test(url);
}
/** The name people know a package by: @scope/name (npm), vendor/name (composer), module path (golang), group:name (maven). */
function packageName(purl, group, name) {
    if (!group)
        return name;
    if (/^pkg:(npm|composer|golang)\//.test(purl))
        return `${group}/${name}`;
    if (purl.startsWith('pkg:maven/'))
        return `${group}:${name}`;
    return name;
}
/** Serializes a merged BOM as SPDX 2.3 JSON. */
function writeMergedSpdx(merged, options) {
    const created = (0,dist/* isoSeconds */.nE)(options.clock.now());
    const uuid = contentUuid(contentKey(merged, created, 'spdx-2.3'));
    const root = merged.root;
    // SPDX ids: sanitized purls; the rare collision after sanitizing gets a numbered suffix (in sorted order).
    const ids = new Map();
    const used = new Set(['SPDXRef-DOCUMENT']);
    const assign = (ref, base) => {
        let id = base;
        for (let n = 2; used.has(id); n++)
            id = `${base}-${n}`;
        used.add(id);
        ids.set(ref, id);
    };
    assign(root.ref, `SPDXRef-RootPackage-${sanitize(root.name)}`);
    for (const c of merged.components)
        assign(c.ref, `SPDXRef-Package-${sanitize(c.purl.replace(/^pkg:/, ''))}`);
    const rootPackage = {
        SPDXID: ids.get(root.ref),
        name: root.name,
        ...(root.version ? { versionInfo: root.version } : {}),
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        ...(root.digest
            ? {
                checksums: Object.entries(root.digest)
                    .filter(([alg]) => ['sha256', 'sha384', 'sha512', 'sha1'].includes(alg))
                    .sort(([a], [b]) => (0,dist/* compareStrings */.Kt)(a, b))
                    .map(([alg, hex]) => ({ algorithm: alg.toUpperCase(), checksumValue: hex })),
            }
            : {}),
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        ...(root.purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: root.purl }] } : {}),
        primaryPackagePurpose: root.type === 'container' ? 'CONTAINER' : 'APPLICATION',
    };
    const packages = merged.components.map((c) => {
        const license = declaredLicense(c.licenses);
        const name = packageName(c.purl, c.group, c.name);
        return {
            SPDXID: ids.get(c.ref),
            name,
            ...(c.version ? { versionInfo: c.version } : {}),
            downloadLocation: isDownloadLocation(c.downloadUrl) ? c.downloadUrl : 'NOASSERTION',
            filesAnalyzed: false,
            ...(c.hashes?.length ? { checksums: c.hashes.map((h) => ({ algorithm: CHECKSUM[h.alg], checksumValue: h.content })) } : {}),
            licenseConcluded: 'NOASSERTION',
            licenseDeclared: license.declared,
            ...(license.comment ? { licenseComments: license.comment } : {}),
            copyrightText: 'NOASSERTION',
            externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }],
            ...(c.description ? { description: c.description } : {}),
        };
    });
    const relationships = [
        { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: ids.get(root.ref) },
    ];
    // Edges: DEPENDS_ON, except to a development or optional component, which SPDX says the other way round
    // (`dev DEV_DEPENDENCY_OF app`, `opt OPTIONAL_DEPENDENCY_OF app`) so that the scope is not lost. A scoped
    // component nothing points at is related to the root.
    const scopeOf = new Map(merged.components.map((c) => [c.ref, c.scope]));
    const edges = [];
    const reached = new Set();
    for (const { ref, dependsOn: tos } of merged.dependencies) {
        const from = ids.get(ref);
        if (!from)
            continue;
        for (const to of tos) {
            const target = ids.get(to);
            if (!target)
                continue;
            reached.add(to);
            const type = SCOPE_RELATIONSHIP[scopeOf.get(to) ?? 'required'];
            edges.push(type ? [target, type, from] : [from, 'DEPENDS_ON', target]);
        }
    }
    for (const c of merged.components) {
        const type = SCOPE_RELATIONSHIP[c.scope ?? 'required'];
        if (type && !reached.has(c.ref))
            edges.push([ids.get(c.ref), type, ids.get(root.ref)]);
    }
    edges.sort((a, b) => (0,dist/* compareStrings */.Kt)(a[0], b[0]) || (0,dist/* compareStrings */.Kt)(a[2], b[2]) || (0,dist/* compareStrings */.Kt)(a[1], b[1]));
    for (const [from, type, to] of edges)
        relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });
    const docName = `${root.name}${root.version ? `@${root.version}` : ''}`;
    const doc = {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: docName,
        documentNamespace: `${dist/* CUSTODY_URL */.Ms}/spdx/${encodeURIComponent(sanitize(docName))}-${uuid}`,
        creationInfo: { created, creators: [`Tool: ${dist/* CUSTODY_NAME */.iJ}-${dist/* CUSTODY_VERSION */.NP}`] },
        packages: [rootPackage, ...packages.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.SPDXID, b.SPDXID))],
        relationships,
        // Everything skipped, one annotation each (sorted): an SBOM never hides what it does not cover.
        ...(merged.gaps.length
            ? {
                annotations: merged.gaps.map((g) => ({
                    annotationDate: created,
                    annotationType: 'OTHER',
                    annotator: `Tool: ${dist/* CUSTODY_NAME */.iJ}-${dist/* CUSTODY_VERSION */.NP}`,
                    comment: `${GAP_PREFIX}${g}`,
                })),
            }
            : {}),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
}
/** One SPDX 2.3 JSON document for everything in `input`. */
function writeSpdx(input, options) {
    return writeMergedSpdx(mergeGraphs(input), options);
}

;// CONCATENATED MODULE: ./packages/sbom/dist/cyclonedx.js
/**
 * CycloneDX 1.6 JSON, written directly in one pass: no intermediate object model. Building the
 * @cyclonedx/cyclonedx-library model and normalizing it cost more CPU and memory than the rest of an SBOM run
 * (issue 16); the library stays where it serves: validation and an equivalence test that serializes the same BOM
 * through its public Models + Serialize API and compares bytes (__tests__/cyclonedx-equivalence.test.ts).
 *
 * The output is what the library's JsonSerializer writes for CycloneDX 1.6 with `sortLists: false, space: 2`:
 * the same key order, the same omissions (empty lists, empty strings), hashes whose value is not a hex digest of a
 * known length dropped, URLs escaped as the library escapes them, at most one license expression per component.
 * Determinism: every list arrives sorted by code point from mergeGraphs; the serial number is a UUID derived from
 * a SHA-256 of the content, the timestamp comes from the injected clock.
 */




/** The CycloneDX metadata property that names one thing the SBOM does not cover. */
const GAP_PROPERTY = 'custody:gap';
const SCHEMA = 'http://cyclonedx.org/schema/bom-1.6.schema.json';
/** CycloneDX 1.6 `hash-content`: a hex digest of 32, 40, 64, 96 or 128 digits (MD5 … SHA-512). */
const HEX = /^[a-fA-F0-9]+$/;
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128]);
const isHashValue = (v) => HASH_LENGTHS.has(v.length) && HEX.test(v);
const TYPES = new Set(['library', 'application', 'framework', 'operating-system', 'container']);
const ROOT_HASH = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const URI_ESCAPES = [
    [/ /g, '%20'],
    [/"/g, '%22'],
    [/'/g, '%27'],
    [/\[/g, '%5B'],
    [/]/g, '%5D'],
    [/</g, '%3C'],
    [/>/g, '%3E'],
    [/\{/g, '%7B'],
    [/}/g, '%7D'],
];
const URI_SPECIAL = /[ "'[\]<>{}]/;
/** Escapes the characters a JSON-schema iri-reference refuses, as the library does. */
function escapeUri(url) {
    if (!URI_SPECIAL.test(url))
        return url;
    for (const [re, to] of URI_ESCAPES)
        url = url.replace(re, to);
    return url;
}
function hashesJson(hashes) {
    const out = [];
    const seen = new Map();
    for (const h of hashes) {
        // A dictionary by algorithm: a second value for an algorithm replaces the first in its place.
        const known = seen.get(h.alg);
        if (known)
            known.content = h.content;
        else {
            const entry = { alg: h.alg, content: h.content };
            seen.set(h.alg, entry);
            out.push(entry);
        }
    }
    const kept = out.filter((h) => isHashValue(h.content));
    return kept.length ? kept : undefined;
}
function licensesJson(values) {
    if (!values?.length)
        return undefined;
    const kinds = values.map(classifyLicense);
    // CycloneDX allows one expression or a list of licenses, not both: combine into one expression when needed.
    if (kinds.some((k) => k.kind === 'expression') && kinds.every((k) => k.kind !== 'named')) {
        const expr = kinds.length === 1 ? kinds[0].value : kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ');
        return [{ expression: expr }];
    }
    return kinds.map((k) => (k.kind === 'id' && (0,spdx/* isSupportedSpdxId */.JD)(k.value) ? { license: { id: k.value } } : { license: { name: k.value } }));
}
const q = JSON.stringify;
/**
 * One component as JSON.stringify(…, null, 2) writes it four spaces deep inside the document, written as a string
 * directly: no object per component, no re-indenting pass.
 */
function componentText(c) {
    let s = `{\n      "type": ${q(TYPES.has(c.type ?? 'library') ? (c.type ?? 'library') : 'library')},\n      "name": ${q(c.name)}`;
    if (c.group)
        s += `,\n      "group": ${q(c.group)}`;
    if (c.version)
        s += `,\n      "version": ${q(c.version)}`;
    if (c.ref)
        s += `,\n      "bom-ref": ${q(c.ref)}`;
    if (c.description)
        s += `,\n      "description": ${q(c.description)}`;
    if (c.scope !== undefined)
        s += `,\n      "scope": ${q(c.scope)}`;
    const hashes = c.hashes?.length ? hashesJson(c.hashes) : undefined;
    if (hashes) {
        s += ',\n      "hashes": [';
        for (let i = 0; i < hashes.length; i++) {
            s += `${i ? ',' : ''}\n        {\n          "alg": ${q(hashes[i].alg)},\n          "content": ${q(hashes[i].content)}\n        }`;
        }
        s += '\n      ]';
    }
    const licenses = licensesJson(c.licenses);
    if (licenses) {
        s += ',\n      "licenses": [';
        for (let i = 0; i < licenses.length; i++) {
            const l = licenses[i];
            const lic = l.license;
            const body = lic
                ? `{\n          "license": {\n            ${lic.id !== undefined ? `"id": ${q(lic.id)}` : `"name": ${q(lic.name)}`}\n          }\n        }`
                : `{\n          "expression": ${q(l.expression)}\n        }`;
            s += `${i ? ',' : ''}\n        ${body}`;
        }
        s += '\n      ]';
    }
    if (c.purl !== undefined)
        s += `,\n      "purl": ${q(c.purl)}`;
    if (c.downloadUrl)
        s += `,\n      "externalReferences": [\n        {\n          "url": ${q(escapeUri(c.downloadUrl))},\n          "type": "distribution"\n        }\n      ]`;
    if (c.properties) {
        const keys = Object.keys(c.properties).sort(dist/* compareStrings */.Kt);
        if (keys.length) {
            s += ',\n      "properties": [';
            for (let i = 0; i < keys.length; i++) {
                s += `${i ? ',' : ''}\n        {\n          "name": ${q(keys[i])},\n          "value": ${q(c.properties[keys[i]])}\n        }`;
            }
            s += '\n      ]';
        }
    }
    return `${s}\n    }`;
}
/** One dependency entry, as JSON.stringify writes it four spaces deep. */
function dependencyText(ref, dependsOn) {
    if (!dependsOn?.size)
        return `{\n      "ref": ${q(ref)}\n    }`;
    let s = `{\n      "ref": ${q(ref)},\n      "dependsOn": [`;
    let i = 0;
    for (const d of dependsOn)
        s += `${i++ ? ',' : ''}\n        ${q(d)}`;
    return `${s}\n      ]\n    }`;
}
/** Serializes a merged BOM. */
function writeMergedCycloneDx(merged, options) {
    const now = options.clock.now();
    const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const root = merged.root;
    const rootHashes = hashesJson(Object.entries(root.digest ?? {})
        .sort(([a], [b]) => (0,dist/* compareStrings */.Kt)(a, b))
        .filter(([alg]) => ROOT_HASH[alg])
        .map(([alg, hex]) => ({ alg: ROOT_HASH[alg], content: hex })));
    // An npm project named @scope/name is group @scope, name name, as its components are.
    const scoped = root.purl?.startsWith('pkg:npm/') && /^@[^/]+\/./.test(root.name) ? root.name.indexOf('/') : -1;
    const rootJson = {
        type: TYPES.has(root.type) ? root.type : 'application',
        name: scoped > 0 ? root.name.slice(scoped + 1) : root.name,
        group: scoped > 0 ? root.name.slice(0, scoped) : undefined,
        version: root.version || undefined,
        'bom-ref': root.ref || undefined,
        hashes: rootHashes,
        purl: root.purl || undefined,
    };
    const serialNumber = `urn:uuid:${contentUuid(contentKey(merged, timestamp.toISOString(), 'cyclonedx-1.6'))}`;
    const metadata = {
        timestamp: timestamp.toISOString(),
        tools: {
            components: [
                {
                    type: 'application',
                    name: dist/* CUSTODY_NAME */.iJ,
                    version: dist/* CUSTODY_VERSION */.NP,
                    externalReferences: [{ url: escapeUri(dist/* CUSTODY_URL */.Ms), type: 'website' }],
                },
            ],
        },
        component: rootJson,
        // Everything skipped, one `custody:gap` property each (sorted): an SBOM never hides what it does not cover.
        properties: merged.gaps.length ? merged.gaps.map((g) => ({ name: GAP_PROPERTY, value: g })) : undefined,
    };
    const head = { $schema: SCHEMA, bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, serialNumber, metadata };
    const headText = JSON.stringify(head, null, 2);
    const parts = [headText.slice(0, -2), ',\n  "components": ['];
    const count = merged.components.length;
    for (let i = 0; i < count; i++) {
        parts.push(`${i ? ',' : ''}\n    ${componentText(merged.components[i])}`);
    }
    parts.push(count ? '\n  ],\n  "dependencies": [' : '],\n  "dependencies": [');
    // Every ref in the BOM gets an entry (the root first, then the components in order), with the refs it depends
    // on that are in the BOM and not itself.
    const known = new Set([root.ref]);
    for (const c of merged.components)
        known.add(c.ref);
    const edges = new Map();
    for (const { ref, dependsOn } of merged.dependencies) {
        if (!known.has(ref))
            continue;
        let list = edges.get(ref);
        if (!list)
            edges.set(ref, (list = new Set()));
        for (const to of dependsOn)
            if (to !== ref && known.has(to))
                list.add(to);
    }
    let first = true;
    for (const ref of known) {
        parts.push(`${first ? '' : ','}\n    ${dependencyText(ref, edges.get(ref))}`);
        first = false;
    }
    parts.push('\n  ]\n}\n');
    return parts.join('');
}
/** One CycloneDX 1.6 JSON document for everything in `input`. */
function writeCycloneDx(input, options) {
    return writeMergedCycloneDx(mergeGraphs(input), options);
}

;// CONCATENATED MODULE: ./packages/sbom/dist/os/os-release.js
function parseOsRelease(text) {
    const fields = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        fields[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
    }
    const id = fields.ID?.toLowerCase();
    if (!id)
        return undefined;
    const os = { id };
    if (fields.VERSION_ID)
        os.versionId = fields.VERSION_ID;
    if (fields.NAME)
        os.name = fields.NAME;
    if (fields.PRETTY_NAME)
        os.prettyName = fields.PRETTY_NAME;
    if (fields.VERSION_CODENAME)
        os.versionCodename = fields.VERSION_CODENAME;
    if (fields.ID_LIKE)
        os.idLike = fields.ID_LIKE.split(/\s+/).filter(Boolean);
    return os;
}
function unquote(v) {
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
        const inner = v.slice(1, -1);
        return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
    }
    return v;
}
/** The purl `distro` qualifier: `debian-12`, `alpine-3.19.1`, `ubuntu-22.04`; the id alone when there is no version. */
function distroQualifier(os) {
    if (!os)
        return undefined;
    return os.versionId ? `${os.id}-${os.versionId}` : os.id;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/os/control.js
function parseStanzas(text) {
    const out = [];
    let current;
    let lastKey;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/\r$/, '');
        if (line.trim() === '') {
            current = undefined;
            lastKey = undefined;
            continue;
        }
        if (line.startsWith('#'))
            continue;
        if ((line[0] === ' ' || line[0] === '\t') && current && lastKey) {
            current.fields.set(lastKey, `${current.fields.get(lastKey)}\n${line.slice(1)}`);
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        if (!current) {
            current = { line: i + 1, fields: new Map() };
            out.push(current);
        }
        lastKey = line.slice(0, colon).trim().toLowerCase();
        current.fields.set(lastKey, line.slice(colon + 1).trim());
    }
    return out;
}
function field(stanza, name) {
    const v = stanza.fields.get(name.toLowerCase());
    return v === undefined ? undefined : v.trim();
}

;// CONCATENATED MODULE: ./packages/sbom/dist/os/dpkg.js




/** Distributions whose purl namespace is their os-release ID; others (derivatives) fall back to `debian`. */
const DEB_NAMESPACES = new Set(['debian', 'ubuntu']);
/**
 * Reads a dpkg status database (`var/lib/dpkg/status`) or one file of `var/lib/dpkg/status.d/` (distroless).
 * Only installed packages count: the third word of `Status:` is `installed` (`install ok installed`,
 * `hold ok installed`); removed packages whose config files remain (`deinstall ok config-files`) are skipped.
 * Files under status.d have no Status field: every stanza there is installed.
 */
function readDpkgStatus(text, source, options = {}) {
    const graph = newGraph('deb', source, source.includes('status.d/') ? 'dpkg status.d' : 'dpkg status');
    const ns = options.os && DEB_NAMESPACES.has(options.os.id) ? options.os.id : 'debian';
    const distro = distroQualifier(options.os);
    const pkgs = [];
    let skipped = 0;
    const malformed = [];
    for (const st of parseStanzas(text)) {
        const name = field(st, 'Package');
        const version = field(st, 'Version');
        if (!name || !version) {
            malformed.push(st.line);
            continue;
        }
        const status = field(st, 'Status');
        if (status !== undefined && status.split(/\s+/)[2] !== 'installed') {
            skipped++;
            continue;
        }
        const arch = field(st, 'Architecture') ?? '';
        const qualifiers = {};
        if (arch)
            qualifiers.arch = arch;
        if (distro)
            qualifiers.distro = distro;
        const purl = formatPurl({ type: 'deb', namespace: ns, name, version, qualifiers });
        const component = { purl, name, version };
        const properties = {};
        const src = field(st, 'Source');
        if (src) {
            const m = /^(\S+)(?:\s+\((\S+)\))?/.exec(src);
            if (m) {
                properties['custody:deb:source'] = m[1];
                if (m[2])
                    properties['custody:deb:source-version'] = m[2];
            }
        }
        if (Object.keys(properties).length)
            component.properties = properties;
        graph.components.push(component);
        const deps = [field(st, 'Pre-Depends'), field(st, 'Depends')].filter(Boolean).join(', ');
        const provides = (field(st, 'Provides') ?? '')
            .split(',')
            .map((p) => depName(p))
            .filter((p) => !!p);
        pkgs.push({ name, version, arch, purl, depends: deps, provides });
    }
    const notes = [];
    if (skipped)
        notes.push(`${skipped} package(s) listed but not installed (removed, config files only, half-installed)`);
    if (malformed.length)
        notes.push(`${malformed.length} stanza(s) without Package or Version skipped (line ${malformed.slice(0, 5).join(', ')}${malformed.length > 5 ? ', …' : ''})`);
    if (notes.length)
        graph.notes = notes;
    const byName = new Map();
    const add = (key, p) => {
        const list = byName.get(key);
        if (list)
            list.push(p);
        else
            byName.set(key, [p]);
    };
    for (const p of pkgs)
        add(p.name, p);
    for (const p of pkgs)
        for (const v of p.provides)
            if (!byName.has(v) || byName.get(v)[0].name !== v)
                add(v, p);
    for (const p of pkgs) {
        for (const group of p.depends.split(',')) {
            // `a (>= 1) | b`: the first alternative that is installed (or provided) satisfies it.
            for (const alt of group.split('|')) {
                const dn = depName(alt);
                const cands = dn ? byName.get(dn) : undefined;
                if (!cands?.length)
                    continue;
                const target = cands.find((c) => c.arch === p.arch) ?? cands.find((c) => c.arch === 'all') ?? cands[0];
                if (target.purl !== p.purl)
                    addEdge(graph, p.purl, target.purl);
                break;
            }
        }
    }
    return graph;
}
/** `libc6:amd64 (>= 2.36) [linux-any] <!nocheck>` -> `libc6`. */
function depName(spec) {
    const m = /^\s*([a-z0-9][a-z0-9+.-]*)/i.exec(spec);
    return m ? m[1].toLowerCase() : undefined;
}

// EXTERNAL MODULE: external "node:sqlite"
var external_node_sqlite_ = __webpack_require__(99);
;// CONCATENATED MODULE: ./packages/sbom/dist/os/rpmdb-files.js
/**
 * The two rpm database formats before and beside sqlite, read-only, one header blob at a time (a large rpmdb is
 * never held in memory whole):
 *
 * - Berkeley DB `Packages` (rpm < 4.16: RHEL/CentOS 7-8, Amazon Linux 2): a Berkeley DB Hash file. Page 0 is the
 *   hash metadata page (magic 0x061561, page size); hash pages (type 13, or 2 in old files) hold key/data items
 *   packed from the end of the page, indexed by an array of 16-bit offsets after the 26-byte page header. An item is
 *   a type byte then the bytes (H_KEYDATA, type 1), or a reference to a chain of overflow pages (H_OFFPAGE, type 3:
 *   page number and total length; type 7 pages carry their byte count in the header's free-offset field). rpm keys
 *   the Packages database by a 4-byte header number; the data is the header blob. Key 0 holds rpm's own counter.
 * - ndb `Packages.db` (SUSE, rpm >= 4.15 `--with-ndb`): a 32-byte header (`RpmP`, version 0, generation, number of
 *   slot pages, next package index), then slot pages of 16-byte slots (`Slot`, package index, block offset, block
 *   count; 16-byte blocks), and per package a blob: `BlbS`, package index, timestamp, length, the header blob, then
 *   an adler32, the length again and `BlbE` at the end of its blocks.
 *
 * Both are read from a file handle with positioned reads, every offset and length checked against the file size.
 */


const HASH_MAGIC = 0x061561;
const NDB_MAGIC = 0x506d7052; // 'RpmP' little-endian
/** The format of an rpm database, from its first bytes (at least 16). */
function sniffRpmDb(head) {
    const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
    if (b.length >= 16 && b.toString('latin1', 0, 16) === 'SQLite format 3\u0000')
        return 'sqlite';
    if (b.length >= 4 && b.readUInt32LE(0) === NDB_MAGIC)
        return 'ndb';
    if (b.length >= 16 && (b.readUInt32LE(12) === HASH_MAGIC || b.readUInt32BE(12) === HASH_MAGIC))
        return 'bdb';
    return 'unknown';
}
class RpmDbFormatError extends Error {
}
async function readAt(fh, pos, len, size, what) {
    if (pos < 0 || len < 0 || pos + len > size)
        throw new RpmDbFormatError(`${what} at byte ${pos} (${len} bytes) runs past the end of the file (${size} bytes)`);
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
        const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
        if (bytesRead === 0)
            throw new RpmDbFormatError(`${what} at byte ${pos}: the file ended early`);
        got += bytesRead;
    }
    return buf;
}
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;
/** Header blobs of a Berkeley DB Hash `Packages` file, in page order. `maxBlob` bounds one blob. */
async function* bdbHeaderBlobs(path, maxBlob, stats) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        const size = (await fh.stat()).size;
        const meta = await readAt(fh, 0, 72, size, 'the metadata page');
        const le = meta.readUInt32LE(12) === HASH_MAGIC;
        if (!le && meta.readUInt32BE(12) !== HASH_MAGIC)
            throw new RpmDbFormatError('not a Berkeley DB hash database (bad magic)');
        const u32 = (b, o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
        const u16 = (b, o) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
        const pageSize = u32(meta, 20);
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
            throw new RpmDbFormatError(`page size ${pageSize} is not a power of two from 512 to 65536`);
        if (meta[24] !== 0)
            throw new RpmDbFormatError('the database is encrypted');
        if (meta[25] !== P_HASHMETA)
            throw new RpmDbFormatError(`page 0 is of type ${meta[25]}, not hash metadata`);
        const lastPage = Math.min(u32(meta, 32), Math.floor(size / pageSize) - 1);
        // Every overflow page belongs to one item: a page reached twice (chains that share pages or loop) is damage,
        // and refusing it keeps the bytes read to the size of the file, whatever the items claim.
        const used = new Set();
        const overflow = async (first, total) => {
            if (total > maxBlob)
                throw new RpmDbFormatError(`an item of ${total} bytes is larger than a header can be`);
            const out = Buffer.alloc(total);
            let filled = 0;
            let pg = first;
            while (filled < total) {
                if (pg === 0 || pg > lastPage || used.has(pg))
                    throw new RpmDbFormatError(`overflow chain from page ${first} is broken at page ${pg}`);
                used.add(pg);
                const page = await readAt(fh, pg * pageSize, pageSize, size, `overflow page ${pg}`);
                if (page[25] !== P_OVERFLOW)
                    throw new RpmDbFormatError(`page ${pg} is of type ${page[25]}, not an overflow page`);
                const len = u16(page, 22);
                if (len > pageSize - PAGE_HEADER || filled + len > total)
                    throw new RpmDbFormatError(`overflow page ${pg} says it holds ${len} bytes`);
                page.copy(out, filled, PAGE_HEADER, PAGE_HEADER + len);
                filled += len;
                pg = u32(page, 16); // next_pgno
            }
            return out;
        };
        for (let pg = 1; pg <= lastPage; pg++) {
            const page = await readAt(fh, pg * pageSize, pageSize, size, `page ${pg}`);
            const type = page[25];
            if (type !== P_HASH && type !== P_HASH_UNSORTED)
                continue;
            const entries = u16(page, 20);
            if (PAGE_HEADER + entries * 2 > pageSize)
                throw new RpmDbFormatError(`hash page ${pg} says it holds ${entries} items`);
            const offsetOf = (i) => u16(page, PAGE_HEADER + i * 2);
            // Items alternate key, data; each ends where the previous one (by index) starts, the first at the page end.
            for (let i = 0; i + 1 < entries; i += 2) {
                const keyAt = offsetOf(i);
                const keyEnd = i === 0 ? pageSize : offsetOf(i - 1);
                const dataAt = offsetOf(i + 1);
                const dataEnd = keyAt;
                if (keyAt >= keyEnd || dataAt >= dataEnd || keyEnd > pageSize || dataAt < PAGE_HEADER + entries * 2) {
                    throw new RpmDbFormatError(`hash page ${pg} item ${i} has offsets out of order`);
                }
                // Key 0 is rpm's record of the next header number, not a header.
                if (page[keyAt] === H_KEYDATA && keyEnd - keyAt - 1 === 4 && page.readUInt32LE(keyAt + 1) === 0)
                    continue;
                const kind = page[dataAt];
                if (kind === H_KEYDATA) {
                    if (stats)
                        stats.inline++;
                    yield page.subarray(dataAt + 1, dataEnd);
                }
                else if (kind === H_OFFPAGE) {
                    if (dataAt + 12 > dataEnd)
                        throw new RpmDbFormatError(`hash page ${pg} item ${i + 1} is too short for an off-page reference`);
                    if (stats)
                        stats.overflow++;
                    yield await overflow(u32(page, dataAt + 4), u32(page, dataAt + 8));
                }
                else
                    throw new RpmDbFormatError(`hash page ${pg} item ${i + 1} is of type ${kind}, which rpm does not write`);
            }
        }
    }
    finally {
        await fh.close();
    }
}
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_HEAD = 0x53626c42; // 'BlbS'
const BLOB_TAIL = 0x45626c42; // 'BlbE'
const NDB_PAGE = 4096;
const NDB_BLK = 16;
function adler32(b) {
    let s1 = 1;
    let s2 = 0;
    for (let i = 0; i < b.length;) {
        const end = Math.min(b.length, i + 5552);
        for (; i < end; i++) {
            s1 += b[i];
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    return ((s2 << 16) | s1) >>> 0;
}
/** Header blobs of an ndb `Packages.db`, in file order. `maxBlob` bounds one blob. */
async function* ndbHeaderBlobs(path, maxBlob) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        const size = (await fh.stat()).size;
        const head = await readAt(fh, 0, 32, size, 'the file header');
        if (head.readUInt32LE(0) !== NDB_MAGIC)
            throw new RpmDbFormatError('not an ndb Packages.db (bad magic)');
        if (head.readUInt32LE(4) !== 0)
            throw new RpmDbFormatError(`ndb version ${head.readUInt32LE(4)} is not version 0`);
        const slotPages = head.readUInt32LE(12);
        if (slotPages === 0 || slotPages * NDB_PAGE > size)
            throw new RpmDbFormatError(`${slotPages} slot pages do not fit in the file`);
        const slots = [];
        for (let p = 0; p < slotPages; p++) {
            const page = await readAt(fh, p * NDB_PAGE, NDB_PAGE, size, `slot page ${p}`);
            for (let o = p === 0 ? 32 : 0; o < NDB_PAGE; o += 16) {
                if (page.readUInt32LE(o) !== SLOT_MAGIC)
                    throw new RpmDbFormatError(`slot at byte ${p * NDB_PAGE + o} has a bad magic`);
                const blkoff = page.readUInt32LE(o + 8);
                if (blkoff === 0)
                    continue; // a free slot
                slots.push({ pkgidx: page.readUInt32LE(o + 4), blkoff, blkcnt: page.readUInt32LE(o + 12) });
            }
        }
        // Blobs in file order, none overlapping another (as rpm requires): the bytes read stay within the file size.
        slots.sort((a, b) => a.blkoff - b.blkoff);
        let end = 0;
        for (const s of slots) {
            if (s.blkoff < end)
                throw new RpmDbFormatError(`package ${s.pkgidx}: its blob overlaps another one`);
            end = s.blkoff + s.blkcnt;
            const at = s.blkoff * NDB_BLK;
            const span = s.blkcnt * NDB_BLK;
            if (span < 28 || at < slotPages * NDB_PAGE)
                throw new RpmDbFormatError(`package ${s.pkgidx}: slot points at blocks ${s.blkoff}+${s.blkcnt}, outside the blob area`);
            if (span > maxBlob + 16 + 12 + NDB_BLK)
                throw new RpmDbFormatError(`package ${s.pkgidx}: a blob of ${span} bytes is larger than a header can be`);
            const whole = await readAt(fh, at, span, size, `package ${s.pkgidx} blob`);
            if (whole.readUInt32LE(0) !== BLOB_HEAD || whole.readUInt32LE(4) !== s.pkgidx)
                throw new RpmDbFormatError(`package ${s.pkgidx}: bad blob header`);
            const len = whole.readUInt32LE(12);
            if (16 + len + 12 > span)
                throw new RpmDbFormatError(`package ${s.pkgidx}: blob length ${len} does not fit its ${span} bytes`);
            const tail = whole.subarray(span - 12);
            if (tail.readUInt32LE(8) !== BLOB_TAIL || tail.readUInt32LE(4) !== len)
                throw new RpmDbFormatError(`package ${s.pkgidx}: bad blob tail`);
            // The adler32 covers the blob head, the blob and the zero padding up to the tail.
            if (adler32(whole.subarray(0, span - 12)) !== tail.readUInt32LE(0))
                throw new RpmDbFormatError(`package ${s.pkgidx}: blob checksum mismatch`);
            const blob = whole.subarray(16, 16 + len);
            yield blob;
        }
    }
    finally {
        await fh.close();
    }
}
/** Wraps a format error as RPMDB_MALFORMED naming the database. */
function rpmDbError(err, source, format) {
    return new SbomInputError('RPMDB_MALFORMED', `the ${format} rpm database is malformed: ${err.message}.`, {
        location: source,
        hint: 'The rpm database may be corrupt or still being written; check it with `rpm --rebuilddb` in the image.',
        cause: err,
    });
}

;// CONCATENATED MODULE: ./packages/sbom/dist/os/rpm.js








/** Header tags read (rpmtag.h). */
const RPMTAG = {
    NAME: 1000,
    VERSION: 1001,
    RELEASE: 1002,
    EPOCH: 1003,
    SUMMARY: 1004,
    VENDOR: 1011,
    LICENSE: 1014,
    ARCH: 1022,
    SOURCERPM: 1044,
    PROVIDENAME: 1047,
    REQUIRENAME: 1049,
};
/** Entry types (rpm header format). */
const T_INT8 = 2, T_INT16 = 3, T_INT32 = 4, T_INT64 = 5, T_STRING = 6, T_STRING_ARRAY = 8, T_I18NSTRING = 9;
/**
 * Parses an rpm header blob as stored in the rpmdb (no lead, no 8-byte magic): big-endian `il` (index entries)
 * and `dl` (data bytes), `il` 16-byte entries {tag, type, offset, count}, then the data store.
 * Returns tag -> value for the string and integer types; other types are skipped. Throws on a malformed blob.
 */
function parseRpmHeader(blob) {
    const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (buf.length < 8)
        throw new Error('rpm header blob shorter than 8 bytes');
    const il = buf.readUInt32BE(0);
    const dl = buf.readUInt32BE(4);
    const dataStart = 8 + il * 16;
    if (il > 0xffff || dataStart + dl > buf.length)
        throw new Error(`rpm header sizes out of range (il=${il}, dl=${dl}, ${buf.length} bytes)`);
    const data = buf.subarray(dataStart, dataStart + dl);
    const out = new Map();
    for (let i = 0; i < il; i++) {
        const e = 8 + i * 16;
        const tag = buf.readUInt32BE(e);
        const type = buf.readUInt32BE(e + 4);
        const offset = buf.readInt32BE(e + 8);
        const count = buf.readUInt32BE(e + 12);
        if (offset < 0 || offset > data.length)
            continue;
        switch (type) {
            case T_STRING:
            case T_STRING_ARRAY:
            case T_I18NSTRING: {
                const strings = [];
                let pos = offset;
                const n = type === T_STRING ? 1 : count;
                for (let k = 0; k < n && pos < data.length; k++) {
                    const end = data.indexOf(0, pos);
                    if (end < 0)
                        throw new Error(`rpm header string for tag ${tag} is not terminated`);
                    strings.push(data.toString('utf8', pos, end));
                    pos = end + 1;
                }
                out.set(tag, type === T_STRING_ARRAY ? strings : (strings[0] ?? ''));
                break;
            }
            case T_INT8:
            case T_INT16:
            case T_INT32:
            case T_INT64: {
                const size = type === T_INT8 ? 1 : type === T_INT16 ? 2 : type === T_INT32 ? 4 : 8;
                if (offset + size * count > data.length)
                    throw new Error(`rpm header integers for tag ${tag} run past the data`);
                const nums = [];
                for (let k = 0; k < count; k++) {
                    const at = offset + k * size;
                    nums.push(size === 1
                        ? data.readUInt8(at)
                        : size === 2
                            ? data.readUInt16BE(at)
                            : size === 4
                                ? data.readUInt32BE(at)
                                : Number(data.readBigUInt64BE(at)));
                }
                out.set(tag, nums);
                break;
            }
            default:
                break;
        }
    }
    return out;
}
const rpm_str = (h, tag) => {
    const v = h.get(tag);
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
};
const list = (h, tag) => {
    const v = h.get(tag);
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};
/** Builds the graph from header blobs (one per installed package). `gpg-pubkey` pseudo-packages are skipped. */
function readRpmHeaders(blobs, source, options = {}, format = 'rpmdb (sqlite)') {
    const graph = newGraph('rpm', source, format);
    const b = new RpmGraphBuilder(graph, source, options);
    for (const blob of blobs)
        b.add(blob);
    return b.finish();
}
/** The same from an async stream of blobs (the Berkeley DB and ndb readers read one header at a time). */
async function readRpmHeadersAsync(blobs, source, options, format) {
    const graph = newGraph('rpm', source, format);
    const b = new RpmGraphBuilder(graph, source, options);
    for await (const blob of blobs)
        b.add(blob);
    return b.finish();
}
class RpmGraphBuilder {
    graph;
    source;
    options;
    distro;
    provider = new Map();
    requires = [];
    index = 0;
    malformed = 0;
    constructor(graph, source, options) {
        this.graph = graph;
        this.source = source;
        this.options = options;
        this.distro = distroQualifier(options.os);
    }
    add(blob) {
        const { graph, source, options, distro, provider, requires } = this;
        const index = ++this.index;
        let h;
        try {
            h = parseRpmHeader(blob);
        }
        catch (err) {
            throw new SbomInputError('RPMDB_MALFORMED', `rpm header #${index} is malformed: ${(0,dist/* describeCause */.V$)(err)}`, {
                location: source,
                hint: 'The rpm database may be corrupt; check it with `rpm --rebuilddb` in the image.',
            });
        }
        const name = rpm_str(h, RPMTAG.NAME);
        const version = rpm_str(h, RPMTAG.VERSION);
        if (name === 'gpg-pubkey')
            return; // a key rpm imported, not a package
        if (!name || !version) {
            this.malformed++;
            return;
        }
        const release = rpm_str(h, RPMTAG.RELEASE);
        const epochV = h.get(RPMTAG.EPOCH);
        const epoch = Array.isArray(epochV) && typeof epochV[0] === 'number' ? String(epochV[0]) : undefined;
        const arch = rpm_str(h, RPMTAG.ARCH);
        const full = release ? `${version}-${release}` : version;
        const qualifiers = {};
        if (arch)
            qualifiers.arch = arch;
        if (epoch && epoch !== '0')
            qualifiers.epoch = epoch;
        if (distro)
            qualifiers.distro = distro;
        const purl = formatPurl({ type: 'rpm', ...(options.os ? { namespace: options.os.id } : {}), name, version: full, qualifiers });
        const c = { purl, name, version: epoch && epoch !== '0' ? `${epoch}:${full}` : full };
        const license = rpm_str(h, RPMTAG.LICENSE);
        if (license)
            c.licenses = [license];
        const srpm = rpm_str(h, RPMTAG.SOURCERPM);
        if (srpm)
            c.properties = { 'custody:rpm:sourcerpm': srpm };
        graph.components.push(c);
        for (const p of [name, ...list(h, RPMTAG.PROVIDENAME)])
            if (!provider.has(p))
                provider.set(p, purl);
        requires.push([purl, list(h, RPMTAG.REQUIRENAME)]);
    }
    finish() {
        const { graph, provider, requires } = this;
        if (this.malformed)
            graph.notes = [`${this.malformed} header(s) without a name or version skipped`];
        for (const [from, reqs] of requires) {
            for (const r of reqs) {
                if (r.startsWith('rpmlib('))
                    continue;
                const to = provider.get(r);
                if (to && to !== from)
                    addEdge(graph, from, to);
            }
        }
        return graph;
    }
}
/**
 * Reads an rpm sqlite database (`usr/lib/sysimage/rpm/rpmdb.sqlite`, `var/lib/rpm/rpmdb.sqlite`, or a `Packages.db`
 * that is sqlite) with node:sqlite, read-only. `path` is a file on disk; `source` names it in messages.
 */
function readRpmSqlite(path, source, options = {}) {
    let db;
    try {
        db = new external_node_sqlite_.DatabaseSync(path, { readOnly: true });
    }
    catch (err) {
        throw new SbomInputError('RPMDB_UNREADABLE', `cannot open the rpm database: ${(0,dist/* describeCause */.V$)(err)}`, { location: source });
    }
    try {
        let rows;
        try {
            rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').iterate();
        }
        catch (err) {
            throw new SbomInputError('RPMDB_UNREADABLE', `not an rpm sqlite database (no Packages table): ${(0,dist/* describeCause */.V$)(err)}`, {
                location: source,
                hint: 'Custody reads rpm databases in sqlite (rpm >= 4.16), Berkeley DB (Packages) and ndb (Packages.db) format.',
            });
        }
        // One header at a time: a large rpmdb is never held in memory whole.
        function* blobs() {
            for (const r of rows)
                if (r.blob instanceof Uint8Array)
                    yield r.blob;
        }
        try {
            return readRpmHeaders(blobs(), source, options);
        }
        catch (err) {
            if (err instanceof dist/* InputError */.dz)
                throw err;
            // sqlite reports damage while stepping through rows ("database disk image is malformed").
            throw rpmDbError(new RpmDbFormatError((0,dist/* describeCause */.V$)(err)), source, 'sqlite');
        }
    }
    finally {
        db.close();
    }
}
/** True when the first bytes are an sqlite 3 database header. */
function isSqlite(head) {
    return Buffer.from(head.subarray(0, 16)).toString('latin1') === 'SQLite format 3\u0000';
}
/**
 * Reads an rpm database file of any of the three formats (sniffed from its first bytes): sqlite, Berkeley DB
 * `Packages`, ndb `Packages.db`. Undefined when the file is none of them (the caller reports it).
 */
async function readRpmDbFile(path, source, options = {}) {
    const fh = await (0,promises_.open)(path, 'r');
    const head = Buffer.alloc(16);
    try {
        await fh.read(head, 0, 16, 0);
    }
    finally {
        await fh.close();
    }
    const format = sniffRpmDb(head);
    const maxBlob = Math.min((0,dist/* limits */.Fy)().lockfileBytes, 256 << 20);
    if (format === 'sqlite')
        return { format, graph: readRpmSqlite(path, source, options) };
    if (format === 'bdb' || format === 'ndb') {
        const name = format === 'bdb' ? 'Berkeley DB' : 'ndb';
        try {
            const blobs = format === 'bdb' ? bdbHeaderBlobs(path, maxBlob) : ndbHeaderBlobs(path, maxBlob);
            return { format, graph: await readRpmHeadersAsync(blobs, source, options, `rpmdb (${name})`) };
        }
        catch (err) {
            if (err instanceof RpmDbFormatError)
                throw rpmDbError(err, source, name);
            throw err;
        }
    }
    return { format };
}

;// CONCATENATED MODULE: ./packages/sbom/dist/os/index.js







;// CONCATENATED MODULE: ./packages/sbom/dist/image/errors.js

/** A layer could not be read as a filesystem: bad bytes, a blob that fails its digest, a stream that broke. */
class ImageError extends dist/* CustodyError */.Kf {
    constructor(code, message, options = {}) {
        super(code, message, options);
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/tar.js
/**
 * A streaming tar reader over the header grammar of @custody/core (ustar, pax, GNU long names, base-256 sizes).
 * Push chunks in; for each entry the handler decides whether it wants the content (returns a sink) or not.
 * Skipped content is never copied: memory stays at one 512-byte header plus whatever the sinks keep.
 */

const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
class TarParser {
    onEntry;
    bounds;
    state = 'header';
    header = Buffer.alloc(dist/* TAR_BLOCK */.mv);
    headerFill = 0;
    headerStart = 0;
    remaining = 0;
    pad = 0;
    sink;
    metaHeader;
    metaChunks = [];
    meta = new dist/* MetaState */.$d();
    /** Bytes consumed so far (uncompressed). */
    offset = 0;
    entries = 0;
    constructor(onEntry, bounds = {}) {
        this.onEntry = onEntry;
        this.bounds = bounds;
    }
    get finished() {
        return this.state === 'done';
    }
    async write(chunk) {
        let pos = 0;
        while (pos < chunk.length) {
            switch (this.state) {
                case 'done':
                    this.offset += chunk.length - pos;
                    return;
                case 'header': {
                    if (this.headerFill === 0)
                        this.headerStart = this.offset;
                    const n = Math.min(dist/* TAR_BLOCK */.mv - this.headerFill, chunk.length - pos);
                    chunk.copy(this.header, this.headerFill, pos, pos + n);
                    this.headerFill += n;
                    pos += n;
                    this.offset += n;
                    if (this.headerFill === dist/* TAR_BLOCK */.mv) {
                        this.headerFill = 0;
                        await this.startEntry(this.headerStart);
                    }
                    break;
                }
                case 'data':
                case 'meta': {
                    const n = Math.min(this.remaining, chunk.length - pos);
                    if (n > 0) {
                        const part = chunk.subarray(pos, pos + n);
                        if (this.state === 'meta')
                            this.metaChunks.push(Buffer.from(part));
                        else if (this.sink) {
                            const r = this.sink.write(part);
                            if (r)
                                await r;
                        }
                    }
                    pos += n;
                    this.offset += n;
                    this.remaining -= n;
                    if (this.remaining === 0)
                        await this.endData();
                    break;
                }
                case 'pad': {
                    const n = Math.min(this.pad, chunk.length - pos);
                    pos += n;
                    this.offset += n;
                    this.pad -= n;
                    if (this.pad === 0)
                        this.state = 'header';
                    break;
                }
            }
        }
    }
    /** Call at the end of the stream: a truncated archive is an error. */
    end() {
        if (this.state === 'done')
            return;
        if (this.state === 'header' && this.headerFill === 0)
            return; // no end-of-archive blocks: tolerated
        throw new dist/* TarFormatError */.ZV('tar stream ends in the middle of an entry (truncated layer?)', this.offset);
    }
    async startEntry(at) {
        const h = (0,dist/* parseHeader */.RW)(this.header, at);
        if (!h) {
            this.state = 'done';
            return;
        }
        this.pad = (dist/* TAR_BLOCK */.mv - (h.size % dist/* TAR_BLOCK */.mv)) % dist/* TAR_BLOCK */.mv;
        this.remaining = h.size;
        if (this.meta.isMeta(h)) {
            if (h.size > dist/* TAR_MAX_META */._x)
                throw new dist/* TarFormatError */.ZV(`tar metadata record of ${h.size} bytes is too large`, at);
            this.metaHeader = h;
            this.metaChunks = [];
            this.state = 'meta';
        }
        else {
            const entry = this.meta.apply(h);
            this.entries++;
            if (this.bounds.maxEntries !== undefined && this.entries > this.bounds.maxEntries) {
                throw new dist/* LimitError */.oC('archiveEntries', `${this.bounds.where ?? 'the tar stream'} holds more than ${this.bounds.maxEntries} entries.`);
            }
            if (HEADER_ONLY.has(h.typeflag)) {
                // Links, devices, directories and fifos carry no data whatever the size field says (as Go's archive/tar).
                this.remaining = this.pad = entry.size = 0;
            }
            else if (entry.size !== h.size) {
                this.remaining = entry.size;
                this.pad = (dist/* TAR_BLOCK */.mv - (entry.size % dist/* TAR_BLOCK */.mv)) % dist/* TAR_BLOCK */.mv;
            }
            this.sink = this.onEntry(entry);
            this.state = 'data';
        }
        if (this.remaining === 0)
            await this.endData();
    }
    async endData() {
        if (this.state === 'meta') {
            this.meta.absorb(this.metaHeader, Buffer.concat(this.metaChunks));
            this.metaChunks = [];
        }
        else if (this.sink) {
            const s = this.sink;
            this.sink = undefined;
            const r = s.end();
            if (r)
                await r;
        }
        this.state = this.pad > 0 ? 'pad' : 'header';
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./packages/sbom/dist/image/layer.js
/**
 * Reads one layer as a stream: raw bytes are hashed (checked against the expected digest) and decompressed
 * (gzip, zstd or none; sniffed from the first bytes when the media type does not say), then parsed as tar.
 * Where the bytes come from (a registry, a layout, an archive) is @custody/oci's business: a layer is a stream.
 */







function sniffCompression(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
        return 'zstd';
    return 'none';
}
const CHUNK = 64 * 1024;
/** Streams one layer through `onEntry`; throws an ImageError naming the layer for anything wrong with it. */
async function scanLayer(layer, onEntry, onBytes, location) {
    const fail = (code, what, cause, hint) => new ImageError(code, `layer ${layer.digest}: ${what}.`, {
        ...(location ? { location } : {}),
        ...(cause !== undefined ? { cause } : {}),
        hint: hint ?? 'The image is damaged or incomplete; pull or save it again.',
    });
    let source;
    try {
        source = await layer.open();
    }
    catch (err) {
        // The source's own IMAGE_* errors (a blob that is a FIFO, say) already name the blob; anything else is wrapped.
        if (err instanceof dist/* CustodyError */.Kf && err.code.startsWith('IMAGE_'))
            throw err;
        throw fail('IMAGE_BLOB_MISSING', `cannot read the blob: ${(0,dist/* describeCause */.V$)(err)}`, err);
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const maxTar = (0,dist/* limits */.Fy)().layerBytes;
    let rawBytes = 0;
    let compression = layer.compression;
    const it = source[Symbol.asyncIterator]();
    let first;
    try {
        first = await it.next();
    }
    catch (err) {
        throw fail('IMAGE_BLOB_MISSING', `cannot read the blob: ${(0,dist/* describeCause */.V$)(err)}`, err);
    }
    if (compression === 'sniff')
        compression = first.done ? 'none' : sniffCompression(first.value);
    let readError;
    async function* raw() {
        let r = first;
        while (!r.done) {
            const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
            hash.update(b);
            rawBytes += b.length;
            // A blob larger than its descriptor says is not the blob it names (and may be endless: /dev/zero).
            if (layer.size !== undefined && rawBytes > layer.size) {
                throw fail('IMAGE_DIGEST_MISMATCH', `the blob is larger than the ${layer.size} bytes its descriptor says`, undefined, 'The blob was altered or replaced; pull or save the image again.');
            }
            onBytes?.(rawBytes);
            yield b;
            try {
                r = await it.next();
            }
            catch (err) {
                readError = err;
                throw err;
            }
        }
    }
    const parser = new TarParser(onEntry, { maxEntries: (0,dist/* limits */.Fy)().archiveEntries, where: `layer ${layer.digest}` });
    const consume = async (chunks) => {
        for await (const c of chunks) {
            // The decompressed size is checked as it grows: a few KB of gzip can expand to terabytes.
            if (parser.offset + c.length > maxTar) {
                throw new dist/* LimitError */.oC('layerBytes', `layer ${layer.digest} decompresses to more than ${(0,dist/* formatLimit */.tW)('layerBytes', maxTar)} (${rawBytes} compressed bytes read so far).`, location ? { location } : {});
            }
            await parser.write(c);
        }
        parser.end();
    };
    try {
        if (compression === 'none')
            await consume(raw());
        else {
            const dec = compression === 'gzip' ? (0,external_node_zlib_.createGunzip)({ chunkSize: CHUNK }) : (0,external_node_zlib_.createZstdDecompress)({ chunkSize: CHUNK });
            await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(raw(), { objectMode: false, highWaterMark: CHUNK }), dec, consume);
        }
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err; // ImageError, LimitError: already say what and where
        if (readError !== undefined)
            throw fail('IMAGE_BLOB_UNREADABLE', `reading the blob failed after ${rawBytes} bytes: ${(0,dist/* describeCause */.V$)(readError)}`, readError);
        if (err instanceof dist/* TarFormatError */.ZV)
            throw fail('IMAGE_LAYER_CORRUPT', `not a valid tar archive: ${err.message}`, err);
        if (err?.code?.startsWith?.('Z_') || err?.code?.startsWith?.('ERR_')) {
            throw fail('IMAGE_LAYER_CORRUPT', `cannot decompress (${compression}): ${(0,dist/* describeCause */.V$)(err)}`, err);
        }
        throw fail('IMAGE_LAYER_CORRUPT', `${(0,dist/* describeCause */.V$)(err)}`, err);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    if (layer.expectedDigest && layer.expectedDigest !== digest) {
        throw fail('IMAGE_DIGEST_MISMATCH', `content hashes to ${digest}, not the digest the manifest names`, undefined, 'The blob was altered or truncated; pull or save the image again.');
    }
    return { rawBytes, tarBytes: parser.offset, entries: parser.entries, digest };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./packages/sbom/dist/os/apk.js



/**
 * Reads the apk installed database (`lib/apk/db/installed`): one stanza per installed package, `K:value` lines
 * (P name, V version, A arch, L license, o origin, D depends, p provides, C checksum `Q1` + base64 SHA-1).
 */
function readApkInstalled(text, source, options = {}) {
    const graph = newGraph('apk', source, 'apk installed');
    const ns = options.os?.id ?? 'alpine';
    const distro = distroQualifier(options.os);
    const pkgs = [];
    let cur = new Map();
    let malformed = 0;
    const flush = () => {
        const name = cur.get('P')?.[0];
        const version = cur.get('V')?.[0];
        if (cur.size && !(name && version))
            malformed++;
        if (name && version) {
            const arch = cur.get('A')?.[0];
            const qualifiers = {};
            if (arch)
                qualifiers.arch = arch;
            if (distro)
                qualifiers.distro = distro;
            const purl = formatPurl({ type: 'apk', namespace: ns, name, version, qualifiers });
            const c = { purl, name, version };
            const license = cur.get('L')?.[0];
            if (license)
                c.licenses = [license];
            const sum = cur.get('C')?.[0];
            if (sum?.startsWith('Q1')) {
                const hex = Buffer.from(sum.slice(2), 'base64').toString('hex');
                if (hex.length === 40)
                    c.hashes = [{ alg: 'SHA-1', content: hex }];
            }
            const props = {};
            const origin = cur.get('o')?.[0];
            if (origin)
                props['custody:apk:origin'] = origin;
            if (Object.keys(props).length)
                c.properties = props;
            graph.components.push(c);
            const split = (k) => (cur.get(k) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
            pkgs.push({ name, purl, depends: split('D'), provides: split('p') });
        }
        cur = new Map();
    };
    for (const raw of text.split('\n')) {
        const line = raw.replace(/\r$/, '');
        if (line === '') {
            flush();
            continue;
        }
        if (line.length < 2 || line[1] !== ':')
            continue;
        const k = line[0];
        const list = cur.get(k);
        if (list)
            list.push(line.slice(2));
        else
            cur.set(k, [line.slice(2)]);
    }
    flush();
    if (malformed)
        graph.notes = [`${malformed} entr${malformed === 1 ? 'y' : 'ies'} without a package name (P:) or version (V:) skipped`];
    const provider = new Map();
    for (const p of pkgs)
        provider.set(p.name, p.purl);
    for (const p of pkgs)
        for (const pr of p.provides) {
            const key = pr.replace(/[=<>~].*$/, '');
            if (!provider.has(key))
                provider.set(key, p.purl);
        }
    for (const p of pkgs) {
        for (const d of p.depends) {
            if (d.startsWith('!'))
                continue; // a conflict, not a dependency
            const to = provider.get(d.replace(/[=<>~].*$/, ''));
            if (to && to !== p.purl)
                addEdge(graph, p.purl, to);
        }
    }
    return graph;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/lang.js


/** `node_modules/NAME/package.json` or `node_modules/@SCOPE/NAME/package.json` (not package.json deeper inside). */
const NODE_PACKAGE_JSON = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;
function parseNodePackageJson(text, where = 'package.json') {
    // Depth bounded (LIMIT_JSON_DEPTH) before parsing; a package.json that is not JSON is simply not a package.
    checkJsonDepth(text, where, where);
    let pkg;
    try {
        pkg = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!pkg || typeof pkg !== 'object')
        return undefined;
    const p = pkg;
    if (typeof p.name !== 'string' || typeof p.version !== 'string' || !p.name || !p.version)
        return undefined;
    const { group, name } = splitNpmName(p.name);
    const c = { purl: npmPurl(p.name, p.version), name, version: p.version, type: 'library' };
    if (group)
        c.group = group;
    const licenses = npmLicenses(p);
    if (licenses.length)
        c.licenses = licenses;
    return c;
}
function npmLicenses(p) {
    const one = (v) => typeof v === 'string'
        ? v
        : v && typeof v === 'object' && typeof v.type === 'string'
            ? v.type
            : undefined;
    const l = one(p.license);
    if (l)
        return [l];
    return Array.isArray(p.licenses) ? p.licenses.map(one).filter((x) => !!x) : [];
}
/** Core metadata (`METADATA`, `PKG-INFO`): RFC 822 headers up to the first blank line. */
function parsePythonMetadata(text) {
    const headers = new Map();
    let last;
    for (const line of text.split('\n')) {
        const l = line.replace(/\r$/, '');
        if (l === '')
            break;
        if ((l[0] === ' ' || l[0] === '\t') && last)
            continue; // continuation (long License text): not needed
        const colon = l.indexOf(':');
        if (colon <= 0)
            continue;
        last = l.slice(0, colon).toLowerCase();
        const list = headers.get(last) ?? [];
        list.push(l.slice(colon + 1).trim());
        headers.set(last, list);
    }
    const name = headers.get('name')?.[0];
    const version = headers.get('version')?.[0];
    if (!name || !version)
        return undefined;
    const c = { purl: pypiPurl(name, version), name, version, type: 'library' };
    const expr = headers.get('license-expression')?.[0];
    const lic = headers.get('license')?.[0];
    if (expr)
        c.licenses = [expr];
    else if (lic && lic.length <= 100 && lic.toUpperCase() !== 'UNKNOWN')
        c.licenses = [lic];
    else {
        const classifiers = (headers.get('classifier') ?? []).filter((x) => x.startsWith('License :: ')).map((x) => x.split(' :: ').pop());
        if (classifiers.length)
            c.licenses = classifiers;
    }
    return c;
}
/** A RubyGems specification file (`specifications/NAME-VERSION.gemspec`, generated Ruby). */
function parseGemspec(text) {
    const name = /\.name\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
    const version = /\.version\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
    if (!name || !version)
        return undefined;
    const c = { purl: formatPurl({ type: 'gem', name, version }), name, version, type: 'library' };
    const lic = /\.licenses?\s*=\s*\[?([^\n\]]*)/.exec(text)?.[1];
    if (lic) {
        const list = [...lic.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
        if (list.length)
            c.licenses = list;
    }
    return c;
}
/** `META-INF/maven/GROUP/ARTIFACT/pom.properties`: groupId, artifactId, version. */
function parsePomProperties(text) {
    const props = {};
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*([^#!=:\s]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
        if (m)
            props[m[1]] = m[2];
    }
    const { groupId, artifactId, version } = props;
    if (!groupId || !artifactId || !version)
        return undefined;
    return {
        purl: formatPurl({ type: 'maven', namespace: groupId, name: artifactId, version }),
        group: groupId,
        name: artifactId,
        version,
        type: 'library',
    };
}
function goPurl(path, version) {
    const slash = path.lastIndexOf('/');
    const namespace = slash > 0 ? path.slice(0, slash) : undefined;
    const name = slash > 0 ? path.slice(slash + 1) : path;
    return formatPurl({
        type: 'golang',
        ...(namespace ? { namespace } : {}),
        name,
        ...(version && version !== '(devel)' ? { version } : {}),
    });
}
/** A replacement target that is a directory, not a module path (as the go command decides: ./, ../, or absolute). */
function isLocalModulePath(p) {
    return (p.startsWith('./') ||
        p.startsWith('../') ||
        p.startsWith('/') ||
        p === '.' ||
        p === '..' ||
        /^[A-Za-z]:[\\/]/.test(p) ||
        p.startsWith('.\\') ||
        p.startsWith('..\\'));
}
/** The module-info text embedded by the Go linker (`go version -m` prints it). */
function parseGoModInfo(goVersion, mod) {
    const info = { goVersion, deps: [] };
    let lastDep;
    for (const line of mod.split('\n')) {
        const f = line.split('\t');
        switch (f[0]) {
            case 'path':
                if (f[1])
                    info.path = f[1];
                break;
            case 'mod':
                if (f[1])
                    info.main = { path: f[1], version: f[2] || '(devel)', ...(f[3] ? { sum: f[3] } : {}) };
                break;
            case 'dep':
                if (f[1] && f[2])
                    info.deps.push((lastDep = { path: f[1], version: f[2], ...(f[3] ? { sum: f[3] } : {}) }));
                break;
            case '=>':
                // Replacement of the previous dep: the code actually linked. A local directory (`=> ../fork`, no
                // version) is not a module path: the dep keeps its own path and version (a valid purl) and says what
                // replaced it.
                if (lastDep && f[1] && isLocalModulePath(f[1])) {
                    lastDep.localReplace = f[1];
                    delete lastDep.sum;
                }
                else if (lastDep && f[1]) {
                    lastDep.path = f[1];
                    lastDep.version = f[2] || lastDep.version;
                    if (f[3])
                        lastDep.sum = f[3];
                    else
                        delete lastDep.sum;
                }
                break;
            default:
                break;
        }
    }
    return info;
}
function goComponents(info) {
    const mk = (m) => {
        const slash = m.path.lastIndexOf('/');
        const c = {
            purl: goPurl(m.path, m.version),
            name: slash > 0 ? m.path.slice(slash + 1) : m.path,
            version: m.version,
            type: 'library',
        };
        if (slash > 0)
            c.group = m.path.slice(0, slash);
        if (m.sum)
            c.properties = { 'custody:go:sum': m.sum };
        if (m.localReplace)
            c.properties = { ...c.properties, 'custody:go:replaced-by-directory': m.localReplace };
        return c;
    };
    const deps = info.deps.map(mk);
    deps.push({
        purl: formatPurl({ type: 'golang', name: 'stdlib', version: info.goVersion }),
        name: 'stdlib',
        version: info.goVersion,
        type: 'library',
    });
    const main = info.main ? { ...mk(info.main), type: 'application' } : undefined;
    return { ...(main ? { main } : {}), deps };
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/gobuildinfo.js

const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** The module info of a large program is tens of KB; anything beyond this is not build info. */
const MAX_CAPTURE = 1 << 20;
const EXEC_MAGICS = [
    Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
    Buffer.from([0xfe, 0xed, 0xfa, 0xce]), // Mach-O 32
    Buffer.from([0xfe, 0xed, 0xfa, 0xcf]), // Mach-O 64
    Buffer.from([0xce, 0xfa, 0xed, 0xfe]),
    Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
];
function uvarint(b, pos) {
    let x = 0;
    let s = 1;
    for (let i = 0; i < 10; i++) {
        if (pos + i >= b.length)
            return undefined;
        const c = b[pos + i];
        x += (c & 0x7f) * s;
        if (c < 0x80)
            return [x, i + 1];
        s *= 128;
    }
    return undefined;
}
/** Parses the build-info header at the start of `b` (which starts with the magic). */
function parseBuildInfoHeader(b) {
    if (b.length < 32)
        return { kind: 'more', need: 32 };
    const ptrSize = b[14];
    const flags = b[15];
    if (ptrSize !== 4 && ptrSize !== 8)
        return { kind: 'bad' };
    if ((flags & 2) === 0)
        return { kind: 'old' };
    let pos = 32;
    const strings = [];
    for (let k = 0; k < 2; k++) {
        const v = uvarint(b, pos);
        if (!v)
            return b.length - pos >= 10 ? { kind: 'bad' } : { kind: 'more', need: pos + 10 };
        const [len, n] = v;
        if (len > MAX_CAPTURE)
            return { kind: 'bad' };
        if (pos + n + len > b.length)
            return { kind: 'more', need: pos + n + len };
        strings.push(b.toString('utf8', pos + n, pos + n + len));
        pos += n + len;
    }
    const version = strings[0];
    let mod = strings[1];
    if (!/^(go\d|devel)/.test(version))
        return { kind: 'bad' };
    // The module info is wrapped in 16-byte sentinels (cmd/go modload.ModInfoData).
    if (mod.length >= 33 && mod[mod.length - 17] === '\n')
        mod = mod.slice(16, -16);
    return { kind: 'ok', info: parseGoModInfo(version, mod) };
}
class GoBuildInfoSink {
    onDone;
    state = 'head';
    head = Buffer.alloc(0);
    carry = Buffer.alloc(0);
    capture = [];
    captured = 0;
    need = 32;
    result;
    /** A Go binary older than 1.18: the build info is there but in the pointer form, not read. */
    old = false;
    constructor(onDone) {
        this.onDone = onDone;
    }
    write(chunk) {
        if (this.state === 'done')
            return;
        if (this.state === 'head') {
            this.head = Buffer.concat([this.head, chunk.subarray(0, 4 - this.head.length)]);
            if (this.head.length < 4)
                return;
            if (!EXEC_MAGICS.some((m) => m.equals(this.head)) && this.head.toString('latin1', 0, 2) !== 'MZ') {
                this.state = 'done';
                return;
            }
            this.state = 'scan';
        }
        if (this.state === 'capture') {
            this.capture.push(Buffer.from(chunk));
            this.captured += chunk.length;
            this.tryParse();
            return;
        }
        this.scan(this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk);
    }
    scan(window) {
        const at = window.indexOf(GO_BUILDINFO_MAGIC);
        if (at < 0) {
            this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (GO_BUILDINFO_MAGIC.length - 1))));
            return;
        }
        this.state = 'capture';
        this.carry = Buffer.alloc(0);
        const rest = Buffer.from(window.subarray(at));
        this.capture = [rest];
        this.captured = rest.length;
        this.tryParse();
    }
    tryParse() {
        while (this.state === 'capture' && this.captured >= this.need) {
            const b = this.capture.length === 1 ? this.capture[0] : Buffer.concat(this.capture);
            this.capture = [b];
            const r = parseBuildInfoHeader(b);
            if (r.kind === 'more') {
                if (r.need > MAX_CAPTURE)
                    return this.rescan(b);
                this.need = r.need;
                continue;
            }
            if (r.kind === 'ok') {
                this.result = r.info;
                this.finish();
                return;
            }
            if (r.kind === 'old')
                this.old = true;
            this.rescan(b);
        }
    }
    /** The magic was a false hit (e.g. the string constant inside the Go toolchain): keep looking after it. */
    rescan(b) {
        this.state = 'scan';
        this.need = 32;
        this.capture = [];
        this.captured = 0;
        this.scan(b.subarray(1));
    }
    finish() {
        this.state = 'done';
        this.capture = [];
        this.carry = Buffer.alloc(0);
    }
    end() {
        if (this.state === 'capture') {
            const b = Buffer.concat(this.capture);
            const r = parseBuildInfoHeader(b);
            if (r.kind === 'ok')
                this.result = r.info;
        }
        this.finish();
        this.onDone(this.result, this.old && !this.result);
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/zip.js
/**
 * A minimal zip reader for jars: the central directory locates entries, only the wanted ones are read and
 * inflated (inflateRaw, bounded). Works over any random-access source (a buffer or an open file).
 */

function bufferAccess(b) {
    return { size: b.length, read: async (pos, len) => b.subarray(pos, Math.min(b.length, pos + len)) };
}
function fileAccess(fh, size) {
    return {
        size,
        async read(pos, len) {
            const n = Math.max(0, Math.min(len, size - pos));
            const buf = Buffer.alloc(n);
            let got = 0;
            while (got < n) {
                const { bytesRead } = await fh.read(buf, got, n - got, pos + got);
                if (bytesRead === 0)
                    break;
                got += bytesRead;
            }
            return buf.subarray(0, got);
        },
    };
}
class ZipFormatError extends Error {
}
const MAX_CENTRAL_DIRECTORY = 64 << 20;
async function listZip(ra) {
    const tailLen = Math.min(ra.size, 22 + 0xffff);
    const tail = await ra.read(ra.size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        throw new ZipFormatError('no end-of-central-directory record (not a zip, or truncated)');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
        const z64 = Number(tail.readBigUInt64LE(eocd - 20 + 8));
        const rec = await ra.read(z64, 56);
        if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50)
            throw new ZipFormatError('bad zip64 end-of-central-directory record');
        count = Number(rec.readBigUInt64LE(32));
        cdSize = Number(rec.readBigUInt64LE(40));
        cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > ra.size)
        throw new ZipFormatError('central directory out of range');
    const cd = await ra.read(cdOffset, cdSize);
    const out = [];
    let p = 0;
    for (let i = 0; i < count && p + 46 <= cd.length; i++) {
        if (cd.readUInt32LE(p) !== 0x02014b50)
            throw new ZipFormatError(`bad central directory entry #${i}`);
        const method = cd.readUInt16LE(p + 10);
        let compressedSize = cd.readUInt32LE(p + 20);
        let size = cd.readUInt32LE(p + 24);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        let localOffset = cd.readUInt32LE(p + 42);
        const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
        // zip64 extra field: the 0xffffffff fields, in order size, compressed size, offset.
        let e = p + 46 + nameLen;
        const eEnd = e + extraLen;
        while (e + 4 <= eEnd) {
            const id = cd.readUInt16LE(e);
            const len = cd.readUInt16LE(e + 2);
            if (id === 0x0001) {
                let q = e + 4;
                if (size === 0xffffffff && q + 8 <= e + 4 + len)
                    (size = Number(cd.readBigUInt64LE(q))), (q += 8);
                if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len)
                    (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
                if (localOffset === 0xffffffff && q + 8 <= e + 4 + len)
                    localOffset = Number(cd.readBigUInt64LE(q));
            }
            e += 4 + len;
        }
        out.push({ name, method, compressedSize, size, localOffset });
        p = eEnd + commentLen;
    }
    return out;
}
async function readZipEntry(ra, entry, maxSize) {
    if (entry.size > maxSize || entry.compressedSize > maxSize)
        throw new ZipFormatError(`${entry.name} is larger than ${maxSize} bytes`);
    const lh = await ra.read(entry.localOffset, 30);
    if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50)
        throw new ZipFormatError(`bad local header for ${entry.name}`);
    const start = entry.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    const data = await ra.read(start, entry.compressedSize);
    if (data.length < entry.compressedSize)
        throw new ZipFormatError(`${entry.name} is truncated`);
    if (entry.method === 0)
        return data;
    if (entry.method === 8)
        return (0,external_node_zlib_.inflateRawSync)(data, { maxOutputLength: Math.max(1, maxSize) });
    throw new ZipFormatError(`${entry.name} uses unsupported compression method ${entry.method}`);
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/jar.js



const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const NESTED_JAR = /\.(jar|war|ear)$/i;
/** Nested jars (Spring Boot BOOT-INF/lib, WEB-INF/lib) up to this size are opened in memory, one at a time. */
const MAX_NESTED = 16 << 20;
const UNBOUNDED = { maxDepth: 2, entriesLeft: Number.MAX_SAFE_INTEGER, bytesLeft: Number.MAX_SAFE_INTEGER };
/**
 * Maven coordinates of a jar and of the jars nested in it (pom.properties only: no guessing from file names).
 * A budget bounds the tree; going past one of its bounds throws LimitError (LIMIT_ARCHIVE_DEPTH,
 * LIMIT_ARCHIVE_ENTRIES, LIMIT_LAYER_BYTES). A damaged nested jar hides only its own packages.
 */
async function readJar(ra, depth = 0, nestedIn, budget = { where: 'jar', ...UNBOUNDED }) {
    const out = [];
    const entries = await listZip(ra);
    budget.entriesLeft -= entries.length;
    if (budget.entriesLeft < 0) {
        throw new dist/* LimitError */.oC('archiveEntries', `${budget.where}${nestedIn ? `!${nestedIn}` : ''}: the jar and the jars nested in it list more entries than the limit allows.`);
    }
    const inflate = async (e, max) => {
        const data = await readZipEntry(ra, e, max);
        budget.bytesLeft -= data.length;
        if (budget.bytesLeft < 0) {
            throw new dist/* LimitError */.oC('layerBytes', `${budget.where}: the jar and the jars nested in it inflate to more than ${(0,dist/* formatLimit */.tW)('layerBytes', (0,dist/* limits */.Fy)().layerBytes)}.`);
        }
        return data;
    };
    for (const e of entries) {
        if (POM_PROPERTIES.test(e.name)) {
            const c = parsePomProperties((await inflate(e, 1 << 20)).toString('utf8'));
            if (c) {
                if (nestedIn)
                    c.properties = { ...c.properties, 'custody:java:nested-in': nestedIn };
                out.push(c);
            }
        }
        else if (NESTED_JAR.test(e.name) && e.size <= MAX_NESTED) {
            const name = nestedIn ? `${nestedIn}!${e.name}` : e.name;
            if (depth + 1 > budget.maxDepth) {
                throw new dist/* LimitError */.oC('archiveDepth', `${budget.where}!${name}: jars are nested more than ${budget.maxDepth} deep.`);
            }
            let inner;
            try {
                inner = await inflate(e, MAX_NESTED);
            }
            catch (err) {
                if (err instanceof dist/* LimitError */.oC)
                    throw err;
                continue; // a damaged nested jar hides only its own packages
            }
            try {
                out.push(...(await readJar(bufferAccess(inner), depth + 1, name, budget)));
            }
            catch (err) {
                if (err instanceof dist/* LimitError */.oC)
                    throw err;
            }
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/finders.js
/**
 * Which files of a layer are worth keeping, and what is kept of them. Decided from the tar header alone, so a
 * layer's other bytes pass by without being copied. OS databases are kept as text (their purls need the
 * os-release, which may come later); language packages become components as soon as their file ends.
 */







const MB = 1 << 20;
/** osdb: read at each use from the lockfile limit (CUSTODY_MAX_LOCKFILE_BYTES). */
const LIMITS = {
    get osdb() {
        return (0,dist/* limits */.Fy)().lockfileBytes;
    },
    small: 4 * MB,
    metadata: 256 * 1024,
    jarInMemory: 16 * MB,
};
/** Collects a file's bytes up to `limit`; with `truncate`, keeps the first `limit` bytes of a longer file. */
class BufferSink {
    limit;
    done;
    parts = [];
    size = 0;
    constructor(limit, done) {
        this.limit = limit;
        this.done = done;
    }
    write(chunk) {
        if (this.size >= this.limit)
            return;
        const part = chunk.length > this.limit - this.size ? chunk.subarray(0, this.limit - this.size) : chunk;
        this.parts.push(Buffer.from(part));
        this.size += part.length;
    }
    end() {
        const data = Buffer.concat(this.parts);
        this.parts = [];
        return this.done(data);
    }
}
/** Writes a file to a temp file (the sqlite rpmdb, big jars): never held in memory. */
class SpoolSink {
    path;
    done;
    count;
    fh;
    opening;
    constructor(path, done, count = () => { }) {
        this.path = path;
        this.done = done;
        this.count = count;
    }
    async ensure() {
        if (!this.fh)
            this.fh = await (0,promises_.open)(await this.path, 'w');
    }
    async write(chunk) {
        this.count(chunk.length);
        await (this.opening ??= this.ensure());
        await this.fh.write(chunk);
    }
    async end() {
        await (this.opening ??= this.ensure());
        await this.fh.close();
        await this.done(await this.path);
    }
}
let spoolCounter = 0;
const base = (p) => p.slice(p.lastIndexOf('/') + 1);
const dir = (p) => p.slice(0, Math.max(0, p.lastIndexOf('/')));
const RPM_DIRS = new Set(['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm']);
/** An OS package database larger than the lockfile limit stops the scan (LIMIT_LOCKFILE_BYTES): never a silent gap. */
function osdbBound(entry, layer) {
    (0,dist/* checkSize */.C1)('lockfileBytes', entry.size, `${entry.path} (layer ${layer + 1}, a package database)`);
}
/** The bounds of one jar and everything nested in it: depth, entries, inflated bytes (see jar.ts). */
function jarBudget(path) {
    const l = (0,dist/* limits */.Fy)();
    return { where: path, maxDepth: l.archiveDepth, entriesLeft: l.archiveEntries, bytesLeft: l.layerBytes };
}
/** The sink for an entry, or undefined when nothing in it is wanted. */
function finderFor(entry, hooks) {
    if (entry.type !== 'file')
        return undefined;
    const { path, layer } = { path: entry.path, layer: hooks.layer };
    const name = base(path);
    const parent = dir(path);
    const text = (kind, limit) => new BufferSink(limit, (d) => hooks.found({ path, layer, kind, text: d.toString('utf8') }));
    const spooled = (n) => hooks.spooled?.(n);
    const tooBig = (limit) => {
        if (entry.size <= limit)
            return false;
        hooks.note(`${path} (layer ${layer + 1}) is ${entry.size} bytes, more than the ${limit} read: skipped`);
        return true;
    };
    if (path === 'etc/os-release' || path === 'usr/lib/os-release')
        return tooBig(LIMITS.small) ? undefined : text('os-release', LIMITS.small);
    // status.d (distroless): one file per package (names may hold dots: python3.11-minimal) beside NAME.md5sums.
    if (path === 'var/lib/dpkg/status' || (parent === 'var/lib/dpkg/status.d' && !/\.(md5sums|list|conffiles)$/.test(name))) {
        osdbBound(entry, layer);
        return text('dpkg', LIMITS.osdb);
    }
    if (parent.startsWith('usr/share/doc/') && name === 'copyright' && parent.indexOf('/', 14) === -1) {
        // Debian machine-readable copyright (DEP-5): the License: lines are cheap to take.
        return new BufferSink(LIMITS.metadata, (d) => {
            const licenses = dep5Licenses(d.toString('utf8'));
            if (licenses.length)
                hooks.found({ path, layer, kind: 'deb-copyright', licenses });
        });
    }
    if (path === 'lib/apk/db/installed') {
        osdbBound(entry, layer);
        return text('apk', LIMITS.osdb);
    }
    if ((name === 'rpmdb.sqlite' || name === 'Packages.db' || name === 'Packages') && RPM_DIRS.has(parent)) {
        // sqlite (rpmdb.sqlite), ndb (Packages.db) or Berkeley DB (Packages): spooled, the format is sniffed later.
        osdbBound(entry, layer);
        const file = hooks.spoolDir().then((d) => (0,external_node_path_.join)(d, `rpmdb-${++spoolCounter}`));
        return new SpoolSink(file, async (f) => hooks.found({ path, layer, kind: 'rpm', file: f }), spooled);
    }
    if (name === 'package.json' && NODE_PACKAGE_JSON.test(path)) {
        if (tooBig(LIMITS.small))
            return undefined;
        return new BufferSink(LIMITS.small, (d) => {
            const c = parseNodePackageJson(d.toString('utf8'), path);
            if (c)
                hooks.found({ path, layer, kind: 'npm', components: [c] });
        });
    }
    if ((name === 'METADATA' && parent.endsWith('.dist-info')) ||
        (name === 'PKG-INFO' && parent.endsWith('.egg-info')) ||
        name.endsWith('.egg-info')) {
        // Only the headers matter; a long description after them is cut off.
        return new BufferSink(LIMITS.metadata, (d) => {
            const c = parsePythonMetadata(d.toString('utf8'));
            if (c)
                hooks.found({ path, layer, kind: 'pypi', components: [c] });
        });
    }
    if (name.endsWith('.gemspec') && base(parent) === 'specifications') {
        if (tooBig(LIMITS.small))
            return undefined;
        return new BufferSink(LIMITS.small, (d) => {
            const c = parseGemspec(d.toString('utf8'));
            if (c)
                hooks.found({ path, layer, kind: 'gem', components: [c] });
        });
    }
    if (/\.(jar|war|ear)$/i.test(name)) {
        const record = (components) => {
            if (components.length)
                hooks.found({ path, layer, kind: 'maven', components });
        };
        const fail = (err) => hooks.note(`${path} (layer ${layer + 1}) is not a readable jar: ${err.message}`);
        if (entry.size <= LIMITS.jarInMemory) {
            return new BufferSink(LIMITS.jarInMemory, async (d) => {
                try {
                    record(await readJar(bufferAccess(d), 0, undefined, jarBudget(path)));
                }
                catch (err) {
                    if (err instanceof dist/* CustodyError */.Kf)
                        throw err;
                    fail(err);
                }
            });
        }
        const file = hooks.spoolDir().then((d) => (0,external_node_path_.join)(d, `jar-${++spoolCounter}.jar`));
        return new SpoolSink(file, async (f) => {
            const fh = await (0,promises_.open)(f, 'r');
            try {
                record(await readJar(fileAccess(fh, entry.size), 0, undefined, jarBudget(path)));
            }
            catch (err) {
                if (err instanceof dist/* CustodyError */.Kf)
                    throw err;
                fail(err);
            }
            finally {
                await fh.close();
                await (0,promises_.rm)(f, { force: true });
            }
        }, spooled);
    }
    if ((entry.mode & 0o111) !== 0 && entry.size >= 1024) {
        return new GoBuildInfoSink((info, old) => {
            if (info) {
                const { main, deps } = goComponents(info);
                hooks.found({ path, layer, kind: 'golang', components: deps, ...(main ? { main } : {}) });
            }
            else if (old)
                hooks.note(`${path} (layer ${layer + 1}) is a Go binary built before Go 1.18: its modules are not listed`);
        });
    }
    return undefined;
}
/** License names of a DEP-5 copyright file (first line of each License: field), sorted, unique. */
function dep5Licenses(text) {
    if (!/^Format:\s*https?:\/\/(www\.)?debian\.org\/doc\/packaging-manuals\/copyright-format\//m.test(text))
        return [];
    const out = new Set();
    for (const m of text.matchAll(/^License:[ \t]*(\S[^\r\n]*)/gm))
        out.add(m[1].trim());
    return [...out].sort();
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/view.js
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
class FindingView {
    keepHidden;
    onDrop;
    visible = new Map();
    /** Directory -> number of visible findings below it: a whiteout of an unrelated path costs a map lookup. */
    dirs = new Map();
    hidden = [];
    constructor(keepHidden, onDrop = () => { }) {
        this.keepHidden = keepHidden;
        this.onDrop = onDrop;
    }
    /** Applies one tar entry of layer `layer` (before its finding, if any, is added). */
    entry(path, isDir, layer) {
        const slash = path.lastIndexOf('/');
        const name = path.slice(slash + 1);
        if (name.startsWith(WHITEOUT_PREFIX)) {
            const parent = slash >= 0 ? path.slice(0, slash) : '';
            if (name === OPAQUE_MARKER)
                this.hideUnder(parent, layer);
            else {
                const target = (parent ? `${parent}/` : '') + name.slice(WHITEOUT_PREFIX.length);
                this.hide(target, layer);
                this.hideUnder(target, layer);
            }
            return;
        }
        // A file (or link) replaces whatever was at its path, including a directory and all below it;
        // a directory replaces a file but merges with a directory.
        this.hide(path, layer);
        if (!isDir)
            this.hideUnder(path, layer);
    }
    add(f) {
        const old = this.visible.get(f.path);
        if (old)
            this.drop(old, f.layer);
        this.visible.set(f.path, f);
        this.count(f.path, 1);
    }
    isWhiteout(path) {
        return path.slice(path.lastIndexOf('/') + 1).startsWith(WHITEOUT_PREFIX);
    }
    findings() {
        return [...this.visible.values()];
    }
    all() {
        return [...this.hidden, ...this.visible.values()].sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    hide(path, layer) {
        const f = this.visible.get(path);
        if (f && f.layer < layer)
            this.drop(f, layer);
    }
    hideUnder(dirPath, layer) {
        if (dirPath !== '' && !this.dirs.has(dirPath))
            return;
        const prefix = dirPath === '' ? '' : `${dirPath}/`;
        for (const f of [...this.visible.values()])
            if (f.layer < layer && f.path.startsWith(prefix))
                this.drop(f, layer);
    }
    drop(f, layer) {
        this.visible.delete(f.path);
        this.count(f.path, -1);
        f.hiddenBy = layer;
        if (this.keepHidden)
            this.hidden.push(f);
        else
            this.onDrop(f);
    }
    count(path, delta) {
        for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            const d = path.slice(0, i);
            const n = (this.dirs.get(d) ?? 0) + delta;
            if (n > 0)
                this.dirs.set(d, n);
            else
                this.dirs.delete(d);
        }
    }
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/scan.js
/**
 * Scans the layers of one image, bottom to top, into component graphs: the squashed view (what a container
 * started from the image sees) or, with scope `all-layers`, every package found in any layer with the layer
 * that holds it.
 */












const PROP_LAYER = 'custody:image:layer';
const PROP_PATH = 'custody:image:path';
const PROP_DELETED = 'custody:image:deleted';
async function scanImage(img, options = {}) {
    const allLayers = options.scope === 'all-layers';
    const notes = [];
    let spool;
    const spoolDir = () => (spool ??= (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tmpDir ?? (0,external_node_os_.tmpdir)(), 'custody-scan-')));
    const view = new FindingView(allLayers, (f) => {
        if (f.file)
            void (0,promises_.rm)(f.file, { force: true });
    });
    const layers = [];
    // Bytes copied to temp files (spooled rpm databases and big jars), bounded for the whole run.
    const maxTemp = (0,dist/* limits */.Fy)().tempBytes;
    let tempBytes = 0;
    const spooled = (n) => {
        tempBytes += n;
        if (tempBytes > maxTemp)
            throw new dist/* LimitError */.oC('tempBytes', `scanning ${img.location ?? img.digest} would copy more than ${(0,dist/* formatLimit */.tW)('tempBytes', maxTemp)} to temporary files.`);
    };
    try {
        let doneBytes = 0;
        for (let i = 0; i < img.layers.length; i++) {
            const layer = img.layers[i];
            const hooks = { layer: i, found: (f) => view.add(f), spoolDir, spooled, note: (m) => notes.push(m) };
            const progress = options.onProgress;
            progress?.({
                layer: i,
                layers: img.layers.length,
                digest: layer.digest,
                bytes: 0,
                ...(layer.size !== undefined ? { size: layer.size } : {}),
                doneBytes,
            });
            const stats = await scanLayer(layer, (entry) => {
                view.entry(entry.path, entry.type === 'directory', i);
                if (view.isWhiteout(entry.path))
                    return undefined;
                return finderFor(entry, hooks);
            }, progress
                ? (bytes) => progress({
                    layer: i,
                    layers: img.layers.length,
                    digest: layer.digest,
                    bytes,
                    ...(layer.size !== undefined ? { size: layer.size } : {}),
                    doneBytes,
                })
                : undefined, img.location);
            doneBytes += stats.rawBytes;
            layers.push({ digest: layer.digest, rawBytes: stats.rawBytes, tarBytes: stats.tarBytes, entries: stats.entries });
        }
        const visible = view.findings();
        const os = pickOs(visible) ?? pickOs(view.all());
        const graphs = await buildGraphs(allLayers ? view.all() : visible, new Set(visible), img, os, allLayers, notes);
        return { graphs, ...(os ? { os } : {}), layers, notes };
    }
    finally {
        if (spool)
            await (0,promises_.rm)(await spool, { recursive: true, force: true });
    }
}
function pickOs(findings) {
    const osr = findings.filter((f) => f.kind === 'os-release' && f.text);
    // etc/os-release wins over usr/lib/os-release; a higher layer over a lower one.
    osr.sort((a, b) => (a.path === b.path ? b.layer - a.layer : a.path === 'etc/os-release' ? -1 : 1));
    for (const f of osr) {
        const os = parseOsRelease(f.text);
        if (os)
            return os;
    }
    return undefined;
}
const LANG_FORMAT = {
    npm: 'node_modules package.json',
    pypi: 'python dist-info/egg-info metadata',
    gem: 'rubygems specifications',
    maven: 'jar META-INF/maven pom.properties',
};
async function osGraph(f, os, notes) {
    const opts = os ? { os } : {};
    if (f.kind === 'dpkg')
        return readDpkgStatus(f.text ?? '', f.path, opts);
    if (f.kind === 'apk')
        return readApkInstalled(f.text ?? '', f.path, opts);
    if (f.kind === 'rpm' && f.file) {
        const { graph } = await readRpmDbFile(f.file, f.path, opts);
        if (!graph)
            notes.push(`${f.path}: not an rpm database Custody knows (sqlite, Berkeley DB, ndb): its packages are not listed`);
        return graph;
    }
    return undefined;
}
async function buildGraphs(findings, visible, img, os, allLayers, notes) {
    const layerDigest = (f) => img.layers[f.layer]?.digest ?? String(f.layer);
    const graphs = [];
    const lang = new Map();
    // Debian packages' licenses from usr/share/doc/NAME/copyright (the final image's file, else any layer's).
    const debLicenses = new Map();
    for (const f of [...findings].sort((a, b) => Number(visible.has(a)) - Number(visible.has(b)))) {
        if (f.kind === 'deb-copyright' && f.licenses)
            debLicenses.set(f.path.split('/')[3], f.licenses);
    }
    for (const f of findings) {
        if (f.kind === 'os-release' || f.kind === 'deb-copyright')
            continue;
        if (f.kind === 'dpkg' || f.kind === 'apk' || f.kind === 'rpm') {
            const g = await osGraph(f, os, notes);
            if (g && f.kind === 'dpkg') {
                for (const c of g.components) {
                    const lic = debLicenses.get(c.name);
                    if (lic && !c.licenses)
                        c.licenses = lic;
                }
            }
            if (g)
                graphs.push({ g, f });
            continue;
        }
        const tag = (c) => ({ ...c, properties: { ...c.properties, [PROP_PATH]: f.path } });
        if (f.kind === 'golang') {
            const g = newGraph('golang', f.path, 'go build info');
            const main = f.main ? tag(f.main) : undefined;
            if (main)
                g.root = { name: f.main.group ? `${f.main.group}/${f.main.name}` : f.main.name, version: f.main.version, purl: f.main.purl };
            g.components = (f.components ?? []).map(tag);
            if (main) {
                g.components.unshift(main);
                for (const c of f.components ?? [])
                    addEdge(g, main.purl, c.purl);
            }
            g.direct = (f.components ?? []).map((c) => c.purl);
            graphs.push({ g, f });
            continue;
        }
        let entry = lang.get(f.kind);
        if (!entry) {
            entry = { g: newGraph(f.kind, `image:${f.kind}`, LANG_FORMAT[f.kind] ?? f.kind), f };
            lang.set(f.kind, entry);
            graphs.push(entry);
        }
        for (const c of f.components ?? [])
            entry.g.components.push(allLayers ? withLayer(tag(c), layerDigest(f), !visible.has(f)) : tag(c));
    }
    if (!allLayers)
        return sortGraphs(graphs.map((x) => x.g));
    // all-layers: OS databases are rewritten whole by each layer that installs something; a package is reported
    // once, with the lowest layer that lists it, and marked deleted when the final image no longer has it.
    const finalPurls = new Set();
    for (const { g, f } of graphs)
        if (visible.has(f) && (f.kind === 'dpkg' || f.kind === 'apk' || f.kind === 'rpm' || f.kind === 'golang'))
            for (const c of g.components)
                finalPurls.add(c.purl);
    const seen = new Set();
    const out = [];
    for (const { g, f } of graphs.sort((a, b) => a.f.layer - b.f.layer)) {
        if (lang.get(g.ecosystem)?.g === g) {
            out.push(g);
            continue;
        }
        const key = (c) => `${g.ecosystem} ${f.kind === 'golang' ? f.path : ''} ${c.purl}`;
        g.components = g.components
            .filter((c) => !seen.has(key(c)))
            .map((c) => {
            seen.add(key(c));
            return withLayer(c, layerDigest(f), !finalPurls.has(c.purl));
        });
        if (g.components.length)
            out.push(g);
    }
    return sortGraphs(out);
}
function withLayer(c, digest, deleted) {
    return { ...c, properties: { ...c.properties, [PROP_LAYER]: digest, ...(deleted ? { [PROP_DELETED]: 'true' } : {}) } };
}
function sortGraphs(gs) {
    for (const g of gs)
        g.components.sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
    return gs.sort((a, b) => a.ecosystem + a.source < b.ecosystem + b.source ? -1 : a.ecosystem + a.source > b.ecosystem + b.source ? 1 : 0);
}

;// CONCATENATED MODULE: ./packages/sbom/dist/image/index.js









;// CONCATENATED MODULE: ./packages/sbom/dist/index.js














/***/ })

};
