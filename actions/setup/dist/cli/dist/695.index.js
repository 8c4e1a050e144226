export const id = 695;
export const ids = [695];
export const modules = {

/***/ 3695:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_RETRY: () => (/* reexport */ DEFAULT_RETRY),
  EMPTY_BLOB: () => (/* reexport */ EMPTY_BLOB),
  HttpTimeout: () => (/* reexport */ HttpTimeout),
  IMAGE_SCHEMES: () => (/* reexport */ IMAGE_SCHEMES),
  ImageSourceError: () => (/* reexport */ ImageSourceError),
  IndexUnconfirmedError: () => (/* reexport */ IndexUnconfirmedError),
  LayoutStore: () => (/* reexport */ LayoutStore),
  MEDIA_OCI_MANIFEST: () => (/* reexport */ dist/* MEDIA_OCI_MANIFEST */.ZN),
  MEDIA_SIGSTORE_BUNDLE_V03: () => (/* reexport */ dist/* MEDIA_SIGSTORE_BUNDLE_V03 */.L0),
  OCI_ERROR_CODES: () => (/* reexport */ OCI_ERROR_CODES),
  OciAuthError: () => (/* reexport */ OciAuthError),
  OciError: () => (/* reexport */ OciError),
  OciHttpError: () => (/* reexport */ OciHttpError),
  OciNotFoundError: () => (/* reexport */ OciNotFoundError),
  RegistryClient: () => (/* reexport */ RegistryClient),
  RemoteStore: () => (/* reexport */ RemoteStore),
  assertDigest: () => (/* reexport */ assertDigest),
  attachBundle: () => (/* reexport */ attachBundle),
  attestationTag: () => (/* reexport */ attestationTag),
  backoffDelay: () => (/* reexport */ backoffDelay),
  buildBundleArtifact: () => (/* reexport */ buildBundleArtifact),
  defaultLayoutImage: () => (/* reexport */ defaultLayoutImage),
  fallbackTag: () => (/* reexport */ fallbackTag),
  fetchAttestation: () => (/* reexport */ fetchAttestation),
  fetchBlob: () => (/* binding */ fetchBlob),
  findCredentials: () => (/* reexport */ findCredentials),
  indexTarFile: () => (/* reexport */ indexTarFile),
  isImageTarget: () => (/* reexport */ isImageTarget),
  isIndex: () => (/* reexport */ dist/* isIndex */.nw),
  isValidDigest: () => (/* reexport */ isValidDigest),
  isValidTag: () => (/* reexport */ dist/* isValidTag */.r_),
  legacyToBundle: () => (/* reexport */ legacyToBundle),
  listAttestations: () => (/* reexport */ listAttestations),
  openAndResolve: () => (/* reexport */ openAndResolve),
  openDockerArchive: () => (/* reexport */ openDockerArchive),
  openImage: () => (/* reexport */ openImage),
  openImageSource: () => (/* reexport */ openImageSource),
  openOciArchive: () => (/* reexport */ openOciArchive),
  openOciLayout: () => (/* reexport */ openOciLayout),
  openRegistrySource: () => (/* reexport */ openRegistrySource),
  parseAttestationTag: () => (/* reexport */ parseAttestationTag),
  parseChallenge: () => (/* reexport */ parseChallenge),
  parseLocation: () => (/* reexport */ dist/* parseLocation */.zS),
  parseManifest: () => (/* reexport */ parseManifest),
  parseOciJson: () => (/* reexport */ parseOciJson),
  parseReference: () => (/* reexport */ dist/* parseReference */.F2),
  readBundleInfo: () => (/* reexport */ readBundleInfo),
  readConfig: () => (/* reexport */ readConfig),
  readFallbackIndex: () => (/* reexport */ readFallbackIndex),
  referrerEntry: () => (/* reexport */ referrerEntry),
  resolveImage: () => (/* reexport */ resolveImage),
  resolveImages: () => (/* reexport */ resolveImages),
  retryAfterMs: () => (/* reexport */ retryAfterMs),
  selectPlatform: () => (/* reexport */ selectPlatform),
  sourceImages: () => (/* reexport */ sourceImages),
  verifyingStream: () => (/* reexport */ verifyingStream)
});

// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(7480);
;// CONCATENATED MODULE: ./packages/oci/dist/errors.js

/** The codes of @custody/oci (OCI_REFERENCE_INVALID, IMAGE_BLOB_MISSING and IMAGE_DIGEST_MISMATCH are core's shared codes). */
const OCI_ERROR_CODES = {
    /** not a docker or OCI archive (unreadable tar, no manifest.json, not a file) */
    IMAGE_ARCHIVE_INVALID: 'IMAGE_ARCHIVE_INVALID',
    /** a layout blob is a device, FIFO or socket (or a symlink to one) */
    IMAGE_BLOB_NOT_A_FILE: 'IMAGE_BLOB_NOT_A_FILE',
    /** a digest is not sha256:<64 hex> / sha512:<128 hex> */
    IMAGE_DIGEST_INVALID: 'IMAGE_DIGEST_INVALID',
    /** not an OCI layout (no oci-layout / index.json, not a directory) */
    IMAGE_LAYOUT_INVALID: 'IMAGE_LAYOUT_INVALID',
    /** a manifest, index or config is not a JSON object */
    IMAGE_MANIFEST_INVALID: 'IMAGE_MANIFEST_INVALID',
    /** not an image manifest or index, or a layer that is not a filesystem */
    IMAGE_MEDIA_TYPE_UNSUPPORTED: 'IMAGE_MEDIA_TYPE_UNSUPPORTED',
    /** no image of the platform asked for */
    IMAGE_PLATFORM_NOT_FOUND: 'IMAGE_PLATFORM_NOT_FOUND',
    /** the target names no image source Custody knows */
    IMAGE_TARGET_INVALID: 'IMAGE_TARGET_INVALID',
    /** a layout holds several images and none was named */
    OCI_AMBIGUOUS_IMAGE: 'OCI_AMBIGUOUS_IMAGE',
    /** 401/403 from a registry; names registry, repository and the credential sources tried */
    OCI_AUTH_FAILED: 'OCI_AUTH_FAILED',
    /** a file to push or a stored artifact is not a Sigstore bundle */
    OCI_BUNDLE_INVALID: 'OCI_BUNDLE_INVALID',
    /** a digest from a registry or layout is not alg:hex of a known algorithm and length */
    OCI_DIGEST_INVALID: 'OCI_DIGEST_INVALID',
    /** content read back does not match its digest */
    OCI_DIGEST_MISMATCH: 'OCI_DIGEST_MISMATCH',
    /** a digest of an algorithm Custody cannot compute */
    OCI_DIGEST_UNSUPPORTED: 'OCI_DIGEST_UNSUPPORTED',
    /** the referrers index answered 404 while the tags list shows it (nothing written) */
    OCI_INDEX_UNCONFIRMED: 'OCI_INDEX_UNCONFIRMED',
    /** an OCI image layout directory is malformed (or holds a non-regular file) */
    OCI_LAYOUT_INVALID: 'OCI_LAYOUT_INVALID',
    /** another process has held the layout's index.json.lock for too long */
    OCI_LAYOUT_LOCKED: 'OCI_LAYOUT_LOCKED',
    /** a cosign legacy .att layer is not a DSSE envelope, or is key-signed and cannot become a bundle */
    OCI_LEGACY_INVALID: 'OCI_LEGACY_INVALID',
    /** a manifest, index or referrers list is not a well-formed OCI document */
    OCI_MANIFEST_INVALID: 'OCI_MANIFEST_INVALID',
    /** connection failed or reset (after retries) */
    OCI_NETWORK_ERROR: 'OCI_NETWORK_ERROR',
    /** a manifest, blob or image does not exist */
    OCI_NOT_FOUND: 'OCI_NOT_FOUND',
    /** --platform names a platform the index does not have */
    OCI_PLATFORM_NOT_FOUND: 'OCI_PLATFORM_NOT_FOUND',
    /** the referrers API was required but the registry does not implement it */
    OCI_REFERRERS_UNSUPPORTED: 'OCI_REFERRERS_UNSUPPORTED',
    /** any other unexpected HTTP status (after retries) */
    OCI_REGISTRY_ERROR: 'OCI_REGISTRY_ERROR',
};
/** An error of the OCI package: registries, layouts, archives and attestation storage. */
class OciError extends dist/* CustodyError */.Kf {
    constructor(code, message, options = {}) {
        super(code, message, options);
    }
}
class OciNotFoundError extends OciError {
    constructor(message, options = {}) {
        super('OCI_NOT_FOUND', message, options);
    }
}
class OciAuthError extends OciError {
    status;
    registry;
    repository;
    sourcesTried;
    constructor(status, registry, repository, sourcesTried, detail, cause) {
        const tried = sourcesTried.length ? sourcesTried.join(', ') : 'none found';
        const verb = status === 403 ? 'denied access (403)' : 'refused the credentials (401)';
        super('OCI_AUTH_FAILED', `registry ${registry} ${verb} for repository ${repository}${detail ? `: ${detail}` : ''}. Credential sources tried: ${tried}.`, {
            location: `${registry}/${repository}`,
            hint: status === 403
                ? 'The credentials were accepted but lack permission: grant push/pull on this repository (for ghcr.io: packages: write in the workflow permissions).'
                : 'Log in with `docker login`, or set CUSTODY_REGISTRY_USERNAME and CUSTODY_REGISTRY_PASSWORD (GITHUB_TOKEN is used for ghcr.io).',
            cause,
        });
        this.status = status;
        this.registry = registry;
        this.repository = repository;
        this.sourcesTried = sourcesTried;
    }
}
/** An HTTP exchange that ended in an unexpected status (after retries); `registryCodes` from the error body. */
class OciHttpError extends OciError {
    status;
    registryCodes;
    constructor(status, registryCodes, message, options = {}) {
        super('OCI_REGISTRY_ERROR', message, options);
        this.status = status;
        this.registryCodes = registryCodes;
    }
}
/**
 * An image to scan could not be read from where it is stored (an OCI layout, an OCI or docker archive, a
 * registry). The codes keep the IMAGE_ names that docs/troubleshooting.md and scripts know (see OCI_ERROR_CODES).
 */
class ImageSourceError extends OciError {
}

;// CONCATENATED MODULE: ./packages/oci/dist/media.js
/**
 * Media types and the JSON shapes of OCI manifests, indexes and descriptors: the vocabulary is @custody/core's
 * (one definition for every package); what only the distribution API and the bundle artifact use is here.
 */


const ACCEPT_MANIFESTS = dist/* MANIFEST_MEDIA_TYPES */.$T.join(', ');
const ANNOTATION_BUNDLE_CONTENT = 'dev.sigstore.bundle.content';
const ANNOTATION_BUNDLE_PREDICATE_TYPE = 'dev.sigstore.bundle.predicateType';
/** The empty JSON blob `{}` that artifact manifests use as config. */
const EMPTY_BLOB = new TextEncoder().encode('{}');
const EMPTY_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

;// CONCATENATED MODULE: ./packages/oci/dist/reference.js
/**
 * Image references are parsed by @custody/core (one parser for every package); what only the transport needs is
 * here.
 */

/** Plain http is used for loopback registries only, unless the caller opts in with `insecure`. */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '127.0.0.1' || name === '::1' || name.endsWith('.localhost');
}

;// CONCATENATED MODULE: ./packages/oci/dist/digest.js
/**
 * Digests and OCI JSON documents read from a registry or a layout are checked before they are used: a digest goes
 * into URLs (`/v2/<repo>/blobs/<digest>`) and file names (`blobs/sha256/<hex>`, downloaded bundles), so one like
 * `sha256:../../etc` must never get that far.
 */



/** Algorithms Custody can compute, with the length of their hex encoding. */
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
/** `algorithm:hex` with a known algorithm and the hex length it has (lowercase hex, as the OCI spec registers them). */
function isValidDigest(digest) {
    if (typeof digest !== 'string')
        return false;
    const m = /^([a-z0-9]+):([0-9a-f]+)$/.exec(digest);
    return Boolean(m && DIGEST_HEX_LENGTH[m[1]] === m[2].length);
}
/** Throws OCI_DIGEST_INVALID unless `digest` is a valid digest (see isValidDigest). */
function assertDigest(digest, what, where) {
    if (isValidDigest(digest))
        return digest;
    // Well formed by the OCI digest grammar, but an algorithm Custody cannot compute: fail closed, say so.
    const grammar = typeof digest === 'string' ? /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):[a-zA-Z0-9=_-]+$/.exec(digest) : null;
    if (grammar && DIGEST_HEX_LENGTH[grammar[1]] === undefined) {
        throw new OciError('OCI_DIGEST_UNSUPPORTED', `${digest} (${what} in ${where}) uses the digest algorithm "${grammar[1]}", which Custody cannot check.`, {
            location: where,
            hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
        });
    }
    const shown = typeof digest === 'string' ? JSON.stringify(digest.length > 80 ? `${digest.slice(0, 80)}…` : digest) : String(digest);
    throw new OciError('OCI_DIGEST_INVALID', `${what} in ${where} names the digest ${shown}, which is not sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>.`, {
        location: where,
        hint: 'The registry or layout holds a malformed or hostile document; nothing was read or written with that digest. Check where it came from.',
    });
}
/** A reference used in a URL path: a valid digest or a valid tag. */
function assertReference(reference, where) {
    if (reference.includes(':')) {
        assertDigest(reference, 'the reference', where);
        return;
    }
    if (!(0,dist/* isValidTag */.r_)(reference)) {
        throw new OciError('OCI_REFERENCE_INVALID', `"${reference.slice(0, 140)}" is not a valid tag (in ${where}).`, {
            location: where,
            hint: 'Tags match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.',
        });
    }
}
function checkDescriptor(d, what, where) {
    if (!d || typeof d !== 'object' || Array.isArray(d))
        throw invalidDocument(where, `${what} is not an object`);
    const desc = d;
    assertDigest(desc.digest, what, where);
    if (typeof desc.size !== 'number' || !Number.isSafeInteger(desc.size) || desc.size < 0)
        throw invalidDocument(where, `${what} has no valid size`);
}
function invalidDocument(where, why) {
    return new OciError('OCI_MANIFEST_INVALID', `${where} is not a valid OCI manifest or index: ${why}.`, {
        location: where,
        hint: 'The registry or layout returned a malformed or hostile document; check the reference and where the content came from.',
    });
}
/**
 * Parses an OCI manifest or index within the OCI JSON size and depth limits and checks its shape: an object with a
 * `manifests` array (index) or `layers` array and `config` (manifest), every descriptor carrying a valid digest and
 * size. Throws LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH or OCI_MANIFEST_INVALID.
 */
function parseManifest(bytes, where) {
    let value;
    try {
        value = (0,dist/* parseJsonBounded */.Xg)(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), {
            what: `the OCI document ${where}`,
            location: where,
            maxBytes: 'ociJsonBytes',
        });
    }
    catch (err) {
        if (err instanceof dist/* LimitError */.oC)
            throw err;
        throw invalidDocument(where, 'it is not JSON');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw invalidDocument(where, 'it is not a JSON object');
    const m = value;
    if (Array.isArray(m.manifests)) {
        m.manifests.forEach((d, i) => checkDescriptor(d, `manifests[${i}]`, where));
    }
    else {
        if (!Array.isArray(m.layers))
            throw invalidDocument(where, 'it has neither "manifests" nor "layers"');
        m.layers.forEach((d, i) => checkDescriptor(d, `layers[${i}]`, where));
        if (m.config !== undefined)
            checkDescriptor(m.config, 'config', where);
    }
    if (m.subject !== undefined)
        checkDescriptor(m.subject, 'subject', where);
    return value;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./packages/oci/dist/http.js
/**
 * The HTTP transport of the registry client: node:http/https with every exchange bounded.
 *
 * - connect timeout (`limits().httpConnectMs`): from socket assignment (DNS included) to the TCP/TLS connection;
 * - idle timeout (`httpIdleMs`): the socket sends and receives nothing for that long (before or during the body);
 * - deadline (`httpDeadlineMs`): one request, its retries and its body together; the timer keeps running while the
 *   caller reads the body and is cleared when the body ends or is discarded;
 * - bodies are never buffered without a cap: `bytes(limit)` refuses a Content-Length over the limit before reading
 *   and counts bytes as they arrive, destroying the socket as soon as the count passes the limit.
 *
 * (fetch has no connect or idle timeout and buffers `arrayBuffer()` without a bound, hence node:http.)
 */




// Node's fetch and global agents use HTTP_PROXY/HTTPS_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set; these agents
// do the same (Node 24's `proxyEnv` agent option), so that moving off fetch keeps proxied networks working.
const proxyOption = process.env.NODE_USE_ENV_PROXY ? { proxyEnv: process.env } : {};
const agents = { http: new external_node_http_.Agent({ keepAlive: true, ...proxyOption }), https: new external_node_https_.Agent({ keepAlive: true, ...proxyOption }) };
/** Why an exchange was cut short by one of the time bounds. */
class HttpTimeout extends Error {
    limit;
    name = 'HttpTimeout';
    constructor(limit, message) {
        super(message);
        this.limit = limit;
    }
}
/** Turns a timeout into the LimitError that names it (exit 2). */
function timeoutError(err, what, location) {
    return new dist/* LimitError */.oC(err.limit, `${what}: ${err.message}.`, location === undefined ? {} : { location });
}
const MAX_ERROR_BODY = 64 * 1024;
/** A response whose body has not been read yet. Read it with one of the bounded readers, or discard it. */
class BoundedResponse {
    status;
    headers;
    url;
    res;
    done;
    state;
    consumed = false;
    head;
    constructor(url, res, done, state, head = false) {
        this.head = head;
        this.url = url;
        this.res = res;
        this.done = done;
        this.state = state;
        this.status = res.statusCode ?? 0;
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined)
                continue;
            try {
                h.set(k, Array.isArray(v) ? v.join(', ') : v);
            }
            catch {
                /* a header value Headers refuses: ignored */
            }
        }
        this.headers = h;
    }
    get ok() {
        return this.status >= 200 && this.status < 300;
    }
    /**
     * Drops the body: a small declared one (at most 64 KiB, e.g. an error answer) is drained so the connection can be
     * reused; anything else destroys the socket. The timers stay armed while draining.
     */
    discard() {
        if (this.consumed)
            return;
        this.consumed = true;
        const declared = this.declaredLength();
        if (this.res.complete) {
            this.res.resume();
            this.done();
        }
        else if (this.head || (declared !== undefined && declared <= MAX_ERROR_BODY)) {
            // (A HEAD answer has no body whatever its Content-Length says.)
            this.res.once('end', this.done);
            this.res.once('close', this.done);
            this.res.resume();
        }
        else {
            this.res.destroy();
            this.done();
        }
    }
    declaredLength() {
        const raw = this.headers.get('content-length');
        if (raw === null || !/^\d+$/.test(raw.trim()))
            return undefined;
        return Number(raw.trim());
    }
    /**
     * The whole body, at most `limits()[limit]` bytes: a larger Content-Length is refused before reading, and the
     * stream is cut as soon as more bytes arrive than the limit allows.
     */
    async bytes(limit, what, location) {
        return this.read((0,dist/* limits */.Fy)()[limit], what, location, (size) => new dist/* LimitError */.oC(limit, `${what} is ${size} bytes or more, over the limit of ${(0,dist/* formatLimit */.tW)(limit, (0,dist/* limits */.Fy)()[limit])}.`, location === undefined ? {} : { location }));
    }
    /** The body parsed as JSON within the size limit `limit` and the nesting-depth limit. */
    async json(limit, what, location) {
        const bytes = await this.bytes(limit, what, location);
        const text = bytes.toString('utf8');
        try {
            return (0,dist/* parseJsonBounded */.Xg)(text, { what, maxBytes: limit, ...(location === undefined ? {} : { location }) });
        }
        catch (err) {
            if (err instanceof dist/* LimitError */.oC)
                throw err;
            throw new OciError('OCI_REGISTRY_ERROR', `${what} is not JSON.`, {
                ...(location === undefined ? {} : { location }),
                hint: 'The registry answered something that is not an OCI document; check the address and the registry.',
                cause: err,
            });
        }
    }
    /** At most 64 KiB of the body as text (error details); never fails. */
    async text() {
        try {
            return (await this.read(MAX_ERROR_BODY, 'error body', undefined, undefined)).toString('utf8');
        }
        catch {
            return '';
        }
    }
    /** The body as a stream (for large blobs); idle timeout and deadline stay in force while it is read. */
    stream() {
        this.consumed = true;
        this.res.once('end', this.done);
        this.res.once('close', this.done);
        return this.res;
    }
    read(max, what, location, over) {
        if (this.consumed)
            return Promise.resolve(Buffer.alloc(0));
        this.consumed = true;
        const declared = this.declaredLength();
        if (declared !== undefined && declared > max) {
            this.res.destroy();
            this.done();
            return Promise.reject(over ? over(declared) : new Error('too large'));
        }
        return new Promise((resolve, reject) => {
            const chunks = [];
            let size = 0;
            let settled = false;
            const finish = (err, value) => {
                if (settled)
                    return;
                settled = true;
                this.done();
                if (err)
                    reject(err);
                else
                    resolve(value);
            };
            this.res.on('data', (c) => {
                size += c.length;
                if (size > max) {
                    if (!over) {
                        // Error details: keep what fits.
                        chunks.push(c.subarray(0, Math.max(0, c.length - (size - max))));
                        this.res.destroy();
                        finish(undefined, Buffer.concat(chunks));
                        return;
                    }
                    this.res.destroy();
                    finish(over(size));
                    return;
                }
                chunks.push(c);
            });
            this.res.on('end', () => finish(undefined, Buffer.concat(chunks)));
            const broken = (err) => {
                if (this.state.reason)
                    return finish(timeoutError(this.state.reason, what, location));
                const e = new OciError('OCI_NETWORK_ERROR', `${what}${location ? ` from ${location}` : ''}: the connection broke before the body ended${err ? ` (${err.message})` : ''}.`, {
                    ...(location === undefined ? {} : { location }),
                    hint: 'Retry; if it keeps happening, check the registry and the network path.',
                    cause: err,
                });
                finish(e);
            };
            this.res.on('error', broken);
            this.res.on('close', () => {
                if (!this.res.complete)
                    broken();
            });
        });
    }
}
/**
 * One HTTP exchange, no retries and no redirects: resolves when the response headers arrive. Rejects with
 * HttpTimeout (connect, idle, deadline) or the socket error. The timers stay armed until the body is read or discarded.
 */
function exchange(url, init) {
    const { httpConnectMs, httpIdleMs } = (0,dist/* limits */.Fy)();
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const isHttps = u.protocol === 'https:';
        const headers = { ...init.headers };
        if (init.body)
            headers['content-length'] = String(init.body.length);
        let connectTimer;
        let settled = false;
        const state = {};
        let response;
        const abort = (reason) => {
            state.reason = reason;
            // After the headers: the body stream errors with the LimitError itself (stream readers see it as is).
            if (response)
                response.destroy(timeoutError(reason, `${init.method} ${url}`));
            req.destroy(reason);
        };
        const remaining = init.deadline - Date.now();
        const clear = () => {
            clearTimeout(connectTimer);
            clearTimeout(deadlineTimer);
        };
        const req = (isHttps ? external_node_https_.request : external_node_http_.request)(u, { method: init.method, headers, agent: isHttps ? agents.https : agents.http }, (res) => {
            clearTimeout(connectTimer);
            settled = true;
            response = res;
            res.on('error', () => undefined);
            resolve(new BoundedResponse(url, res, clear, state, init.method === 'HEAD'));
        });
        const fail = (err) => {
            clear();
            if (!settled) {
                settled = true;
                reject(err);
            }
        };
        const deadlineTimer = setTimeout(() => {
            abort(new HttpTimeout('httpDeadlineMs', `not done within the deadline of ${(0,dist/* formatLimit */.tW)('httpDeadlineMs', (0,dist/* limits */.Fy)().httpDeadlineMs)}`));
        }, Math.max(0, remaining));
        deadlineTimer.unref();
        req.on('socket', (socket) => {
            if (socket.connecting) {
                connectTimer = setTimeout(() => {
                    abort(new HttpTimeout('httpConnectMs', `no connection to ${u.host} within ${(0,dist/* formatLimit */.tW)('httpConnectMs', httpConnectMs)}`));
                }, httpConnectMs);
                connectTimer.unref();
                socket.once('connect', () => clearTimeout(connectTimer));
            }
        });
        req.setTimeout(httpIdleMs, () => {
            abort(new HttpTimeout('httpIdleMs', `${u.host} sent nothing for ${(0,dist/* formatLimit */.tW)('httpIdleMs', httpIdleMs)}`));
        });
        req.on('error', fail);
        if (remaining <= 0) {
            abort(new HttpTimeout('httpDeadlineMs', `not done within the deadline of ${(0,dist/* formatLimit */.tW)('httpDeadlineMs', (0,dist/* limits */.Fy)().httpDeadlineMs)}`));
            return;
        }
        req.end(init.body ? Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength) : undefined);
    });
}
/** Follows redirects (at most 5); the Authorization header goes only to the origin it was meant for. */
async function exchangeFollowing(url, init, authOrigin) {
    let current = url;
    let method = init.method;
    let body = init.body;
    for (let hop = 0;; hop++) {
        const headers = { ...init.headers };
        if (new URL(current).origin !== authOrigin)
            delete headers.authorization;
        const res = await exchange(current, { method, headers, ...(body ? { body } : {}), deadline: init.deadline });
        const location = res.headers.get('location');
        if (![301, 302, 303, 307, 308].includes(res.status) || !location || hop >= 5)
            return res;
        res.discard();
        current = new URL(location, current).href;
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method !== 'GET' && method !== 'HEAD')) {
            method = 'GET';
            body = undefined;
        }
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/oci/dist/credentials.js





const HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/'];
function hostOfKey(key) {
    return key
        .replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
}
function sameRegistry(key, registry) {
    const host = hostOfKey(key);
    if (registry === 'docker.io')
        return HUB_KEYS.some((k) => hostOfKey(k) === host);
    return host === registry.toLowerCase();
}
function dockerConfigPath(options) {
    if (options.dockerConfig)
        return options.dockerConfig;
    const env = options.env ?? process.env;
    return (0,external_node_path_.join)(env.DOCKER_CONFIG ?? (0,external_node_path_.join)(env.HOME ?? (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
async function readDockerConfig(path) {
    try {
        return JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** Runs `docker-credential-<helper> get`; undefined when the program is missing or has nothing for this host. */
async function runCredentialHelper(helper, serverUrl, env) {
    if (!/^[A-Za-z0-9_.-]+$/.test(helper))
        return undefined;
    return new Promise((resolvePromise) => {
        let out = '';
        let done = false;
        const finish = (v) => {
            if (!done) {
                done = true;
                resolvePromise(v);
            }
        };
        let child;
        try {
            child = (0,external_node_child_process_.spawn)(`docker-credential-${helper}`, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
        }
        catch {
            finish(undefined);
            return;
        }
        const timer = setTimeout(() => {
            child.kill();
            finish(undefined);
        }, 10_000);
        child.on('error', () => finish(undefined));
        child.stdout.on('data', (d) => (out += d.toString('utf8')));
        child.on('close', (code) => {
            clearTimeout(timer);
            if (code !== 0)
                return finish(undefined);
            try {
                const parsed = JSON.parse(out);
                if (!parsed.Secret)
                    return finish(undefined);
                finish({ username: parsed.Username ?? '', password: parsed.Secret });
            }
            catch {
                finish(undefined);
            }
        });
        child.stdin.end(serverUrl);
    });
}
/**
 * Finds credentials for a registry. Order: CUSTODY_REGISTRY_USERNAME/_PASSWORD, docker config.json
 * (credHelpers for the host, auths entry, credsStore), GITHUB_TOKEN for ghcr.io.
 */
async function findCredentials(registry, options = {}) {
    const env = options.env ?? process.env;
    const tried = [];
    const found = (username, password, source) => {
        (0,dist/* addSecret */.Ck)(password);
        return { credential: { username, password, source }, tried: [...tried, source] };
    };
    const envSource = 'CUSTODY_REGISTRY_USERNAME/CUSTODY_REGISTRY_PASSWORD';
    if (env.CUSTODY_REGISTRY_PASSWORD)
        return found(env.CUSTODY_REGISTRY_USERNAME ?? '', env.CUSTODY_REGISTRY_PASSWORD, envSource);
    tried.push(`${envSource} (not set)`);
    const configPath = dockerConfigPath(options);
    const config = await readDockerConfig(configPath);
    if (config) {
        const helperKey = Object.keys(config.credHelpers ?? {}).find((k) => sameRegistry(k, registry));
        const serverUrl = registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
        if (helperKey) {
            const helper = config.credHelpers[helperKey];
            const source = `docker-credential-${helper} (credHelpers in ${configPath})`;
            const got = await runCredentialHelper(helper, serverUrl, env);
            if (got)
                return found(got.username, got.password, source);
            tried.push(`${source}: nothing for ${registry}`);
        }
        const authKey = Object.keys(config.auths ?? {}).find((k) => sameRegistry(k, registry));
        if (authKey) {
            const entry = config.auths[authKey];
            const source = `auths["${authKey}"] in ${configPath}`;
            if (entry.auth) {
                const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
                const i = decoded.indexOf(':');
                if (i > 0)
                    return found(decoded.slice(0, i), decoded.slice(i + 1), source);
            }
            if (entry.identitytoken)
                return found('<token>', entry.identitytoken, source);
            if (entry.password)
                return found(entry.username ?? '', entry.password, source);
            tried.push(source);
        }
        if (config.credsStore) {
            const source = `docker-credential-${config.credsStore} (credsStore in ${configPath})`;
            const got = await runCredentialHelper(config.credsStore, serverUrl, env);
            if (got)
                return found(got.username, got.password, source);
            tried.push(`${source}: nothing for ${registry}`);
        }
        if (!helperKey && !authKey && !config.credsStore)
            tried.push(`${configPath} (no entry for ${registry})`);
    }
    else {
        tried.push(`${configPath} (not found)`);
    }
    if (registry === 'ghcr.io') {
        if (env.GITHUB_TOKEN)
            return found(env.GITHUB_ACTOR || 'token', env.GITHUB_TOKEN, 'GITHUB_TOKEN');
        tried.push('GITHUB_TOKEN (not set)');
    }
    return { tried };
}

;// CONCATENATED MODULE: ./packages/oci/dist/retry.js
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };
function backoffDelay(policy, attempt, random = Math.random) {
    const exp = policy.baseDelayMs * 2 ** attempt;
    const jittered = exp / 2 + random() * (exp / 2);
    return Math.min(policy.maxDelayMs, Math.round(jittered));
}
/** Retry-After: seconds or an HTTP date; capped by the policy. Undefined when absent or unreadable. */
function retryAfterMs(header, policy, now = Date.now()) {
    if (!header)
        return undefined;
    const trimmed = header.trim();
    let ms;
    if (/^\d+$/.test(trimmed))
        ms = Number(trimmed) * 1000;
    else {
        const t = Date.parse(trimmed);
        if (!Number.isNaN(t))
            ms = Math.max(0, t - now);
    }
    return ms === undefined ? undefined : Math.min(policy.maxDelayMs, ms);
}
function isRetryableStatus(status) {
    return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'EAI_AGAIN']);
/** Connection resets and similar transport failures (undici wraps them in TypeError("fetch failed")). */
function isRetryableNetworkError(err) {
    let e = err;
    for (let depth = 0; e && depth < 4; depth++) {
        const code = e.code;
        if (code && RETRYABLE_CODES.has(code))
            return true;
        if (e instanceof Error && /socket hang up|other side closed|ECONNRESET/i.test(e.message))
            return true;
        e = e.cause;
    }
    return false;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./packages/oci/dist/client.js










function parseChallenge(header) {
    const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
    if (!m)
        return undefined;
    const params = {};
    const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
    let p;
    while ((p = re.exec(m[2] ?? '')))
        params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
    return { scheme: m[1].toLowerCase(), params };
}
function parseNextLink(link) {
    if (!link)
        return undefined;
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
    return m?.[1];
}
async function errorDetail(res) {
    try {
        const text = await res.text();
        try {
            const json = JSON.parse(text);
            if (json.errors?.length)
                return json.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
        }
        catch {
            /* not JSON */
        }
        return text.trim().slice(0, 200);
    }
    catch {
        return '';
    }
}
/** A client for one registry host (OCI distribution API). One per registry; tokens are cached per scope. */
class RegistryClient {
    host;
    /** The name credentials are looked up under (docker.io for Docker Hub). */
    registry;
    baseUrl;
    /** HTTP round trips made so far. */
    requests = 0;
    options;
    retry;
    logger;
    credentialLookup;
    basic;
    tokens = new Map();
    constructor(host, options = {}, registry = host) {
        this.host = host;
        this.registry = registry;
        this.options = options;
        this.retry = { ...DEFAULT_RETRY, attempts: (0,dist/* limits */.Fy)().httpRetries + 1, ...options.retry };
        this.logger = options.logger ?? dist/* silentLogger */.qq;
        const secure = !(isLoopbackHost(host) || options.insecure);
        this.baseUrl = `${secure ? 'https' : 'http'}://${host}`;
        if (options.credential) {
            (0,dist/* addSecret */.Ck)(options.credential.password);
            this.credentialLookup = Promise.resolve({ credential: options.credential, tried: [options.credential.source] });
        }
    }
    credentials() {
        this.credentialLookup ??= findCredentials(this.registry, {
            ...(this.options.env ? { env: this.options.env } : {}),
            ...(this.options.dockerConfig ? { dockerConfig: this.options.dockerConfig } : {}),
        });
        return this.credentialLookup;
    }
    scopeKey(repository, access) {
        return `repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
    }
    authHeader(repository, access) {
        if (this.basic)
            return this.basic;
        const now = Date.now();
        const exact = this.tokens.get(this.scopeKey(repository, access));
        if (exact && exact.expires > now)
            return `Bearer ${exact.token}`;
        if (access === 'pull') {
            const wider = this.tokens.get(this.scopeKey(repository, 'push'));
            if (wider && wider.expires > now)
                return `Bearer ${wider.token}`;
        }
        return undefined;
    }
    /**
     * One HTTP exchange with retries on 5xx, 429, connection resets and connect/idle timeouts, bounded by the retry
     * count and by the request's deadline (a retry that would end after the deadline is not made).
     */
    async send(url, init, authOrigin = new URL(this.baseUrl).origin) {
        const method = init.method;
        for (let attempt = 0;; attempt++) {
            let res;
            try {
                this.requests++;
                res = await exchangeFollowing(url, init, authOrigin);
            }
            catch (err) {
                this.options.onRequest?.(method, url, 'error');
                const timeout = err instanceof HttpTimeout ? err : undefined;
                const retryable = timeout ? timeout.limit !== 'httpDeadlineMs' : isRetryableNetworkError(err);
                const delay = backoffDelay(this.retry, attempt);
                if (attempt + 1 < this.retry.attempts && retryable && Date.now() + delay < init.deadline) {
                    this.logger.debug(`${method} ${url}: ${(0,dist/* describeCause */.V$)(err)}; retrying in ${delay} ms`);
                    await sleep(delay);
                    continue;
                }
                const tries = `${attempt + 1} attempt${attempt ? 's' : ''}`;
                if (timeout)
                    throw timeoutError(timeout, `${method} ${url} (${this.host}, ${tries})`, url);
                throw new OciError('OCI_NETWORK_ERROR', `cannot reach ${this.host}: ${(0,dist/* describeCause */.V$)(err.cause ?? err)} (${method} ${url}, ${tries}).`, {
                    location: url,
                    hint: isLoopbackHost(this.host)
                        ? 'Check that the registry is running.'
                        : 'Check the registry address and your network; plain-http registries need the insecure option. Retries: CUSTODY_HTTP_RETRIES.',
                    cause: err,
                });
            }
            this.options.onRequest?.(method, url, res.status);
            if (isRetryableStatus(res.status) && attempt + 1 < this.retry.attempts) {
                const delay = (res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), this.retry) : undefined) ??
                    backoffDelay(this.retry, attempt);
                if (Date.now() + delay < init.deadline) {
                    res.discard();
                    this.logger.debug(`${method} ${url}: HTTP ${res.status}; retrying in ${delay} ms`);
                    await sleep(delay);
                    continue;
                }
            }
            return res;
        }
    }
    /** An authenticated request: answers a 401 challenge once (Basic or Bearer token), then returns the response. */
    async request(repository, path, init = {}) {
        const method = init.method ?? 'GET';
        const access = this.options.intent === 'push' ? 'push' : (init.access ?? (method === 'GET' || method === 'HEAD' ? 'pull' : 'push'));
        const url = init.url ?? `${this.baseUrl}${path}`;
        const deadline = init.deadline ?? Date.now() + (0,dist/* limits */.Fy)().httpDeadlineMs;
        const build = () => {
            const headers = { 'user-agent': this.options.userAgent ?? 'custody', ...init.headers };
            const auth = new URL(url).origin === new URL(this.baseUrl).origin ? this.authHeader(repository, access) : undefined;
            if (auth)
                headers.authorization = auth;
            return { method, headers, ...(init.body ? { body: init.body } : {}), deadline };
        };
        const first = build();
        let res = await this.send(url, first);
        if (res.status === 401) {
            const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
            res.discard();
            const sent = first.headers.authorization;
            const now = this.authHeader(repository, access);
            // Concurrent requests share one authentication; one that raced ahead of it just retries with its result.
            const lookup = now && now !== sent ? await this.credentials() : await this.authenticateOnce(repository, access, challenge);
            res = await this.send(url, build());
            if (res.status === 401 || res.status === 403) {
                throw new OciAuthError(res.status, this.registry, repository, lookup.tried, await errorDetail(res));
            }
        }
        else if (res.status === 403) {
            const lookup = await this.credentials();
            throw new OciAuthError(403, this.registry, repository, lookup.tried, await errorDetail(res));
        }
        const ok = init.accept ? init.accept.includes(res.status) : res.status >= 200 && res.status < 300;
        if (!ok) {
            const detail = await errorDetail(res);
            if (res.status === 404) {
                throw new OciNotFoundError(`${method} ${url}: not found (404)${detail ? `: ${detail}` : ''}.`, {
                    location: `${this.registry}/${repository}`,
                });
            }
            const codes = [...detail.matchAll(/\b([A-Z][A-Z_]+[A-Z])\b:/g)].map((m) => m[1]);
            throw new OciHttpError(res.status, codes, `${method} ${url} failed: HTTP ${res.status}${detail ? ` (${detail})` : ''}.`, {
                location: `${this.registry}/${repository}`,
                hint: isRetryableStatus(res.status)
                    ? `The registry kept failing after ${this.retry.attempts} attempts; try again later (retries: CUSTODY_HTTP_RETRIES).`
                    : 'Check the reference and the registry logs.',
            });
        }
        return res;
    }
    authInFlight = new Map();
    authenticateOnce(repository, access, challenge) {
        const key = this.scopeKey(repository, access);
        let pending = this.authInFlight.get(key);
        if (!pending) {
            pending = this.authenticate(repository, access, challenge).finally(() => this.authInFlight.delete(key));
            this.authInFlight.set(key, pending);
        }
        return pending;
    }
    async authenticate(repository, access, challenge) {
        const lookup = await this.credentials();
        const cred = lookup.credential;
        if (!challenge || challenge.scheme === 'basic') {
            if (!cred)
                throw new OciAuthError(401, this.registry, repository, lookup.tried, 'the registry asks for Basic credentials and none were found');
            this.basic = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
            (0,dist/* addSecret */.Ck)(this.basic.slice(6));
            return lookup;
        }
        if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
            throw new OciAuthError(401, this.registry, repository, lookup.tried, `unsupported authentication challenge "${challenge.scheme}"`);
        }
        const tokenUrl = new URL(challenge.params.realm);
        if (challenge.params.service)
            tokenUrl.searchParams.set('service', challenge.params.service);
        tokenUrl.searchParams.set('scope', this.scopeKey(repository, access));
        const headers = { 'user-agent': this.options.userAgent ?? 'custody' };
        if (cred)
            headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
        // The token service is another origin: exchangeFollowing keeps Authorization only for the registry's origin,
        // so the Basic credentials are sent explicitly here, to the realm the registry named.
        const res = await this.send(tokenUrl.href, { method: 'GET', headers, deadline: Date.now() + (0,dist/* limits */.Fy)().httpDeadlineMs }, tokenUrl.origin);
        if (!res.ok) {
            res.discard();
            throw new OciAuthError(res.status === 403 ? 403 : 401, this.registry, repository, lookup.tried, `token service ${tokenUrl.origin} answered HTTP ${res.status}${cred ? '' : ' to an anonymous request'}`);
        }
        const parsed = await res.json('ociJsonBytes', `the token response of ${tokenUrl.origin}`, tokenUrl.origin);
        const body = (parsed && typeof parsed === 'object' ? parsed : {});
        const token = body.token ?? body.access_token;
        if (!token)
            throw new OciAuthError(401, this.registry, repository, lookup.tried, `token service ${tokenUrl.origin} returned no token`);
        (0,dist/* addSecret */.Ck)(token);
        const ttl = Math.max(30, (body.expires_in ?? 300) - 10) * 1000;
        this.tokens.set(this.scopeKey(repository, access), { token, expires: Date.now() + ttl });
        return lookup;
    }
    /** GET /v2/: the registry answers (authenticating when it asks). Returns the API version header. */
    async ping(repository = 'library/ping') {
        const res = await this.request(repository, '/v2/', { accept: [200] });
        res.discard();
        return res.headers.get('docker-distribution-api-version') ?? '';
    }
    // ---- manifests ----
    async headManifest(repository, reference) {
        assertReference(reference, `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
            method: 'HEAD',
            headers: { accept: ACCEPT_MANIFESTS },
            accept: [200, 404],
        });
        res.discard();
        if (res.status === 404)
            return undefined;
        const digest = res.headers.get('docker-content-digest');
        const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
        const size = Number(res.headers.get('content-length') ?? 0);
        // A header from the registry: used only when it is a valid digest (else the manifest is fetched and hashed).
        if (!digest || !isValidDigest(digest) || !Number.isSafeInteger(size) || !size) {
            // Some registries omit headers on HEAD: fall back to GET.
            const m = await this.getManifest(repository, reference);
            return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
        }
        return { mediaType, digest, size };
    }
    async getManifest(repository, reference) {
        const where = `${this.registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
        assertReference(reference, `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT_MANIFESTS } });
        const bytes = await res.bytes('ociJsonBytes', `manifest ${where}`, where);
        // Fetched by digest: checked with that digest's algorithm (fail closed on one we cannot compute).
        const digest = isDigestReference(reference)
            ? contentDigest(bytes, reference, `${this.registry}/${repository}`)
            : `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`;
        if (isDigestReference(reference) && reference !== digest) {
            throw new OciError('OCI_DIGEST_MISMATCH', `manifest ${reference} from ${this.registry}/${repository} hashes to ${digest}.`, {
                location: `${this.registry}/${repository}@${reference}`,
                hint: 'The registry returned different content than requested; do not trust it.',
            });
        }
        const manifest = parseManifest(bytes, where);
        const mediaType = manifest.mediaType ?? (res.headers.get('content-type') ?? '').split(';')[0].trim();
        return { bytes, mediaType, digest, manifest };
    }
    async putManifest(repository, reference, bytes, mediaType) {
        assertReference(reference, `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
            method: 'PUT',
            headers: { 'content-type': mediaType },
            body: bytes,
            accept: [200, 201, 202],
        });
        res.discard();
        const digest = `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`;
        const subject = res.headers.get('oci-subject') ?? undefined;
        return { digest, ...(subject ? { subject } : {}) };
    }
    async deleteManifest(repository, digest) {
        assertDigest(digest, 'the manifest to delete', `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/manifests/${digest}`, { method: 'DELETE', accept: [200, 202, 404] });
        res.discard();
    }
    // ---- blobs ----
    async hasBlob(repository, digest) {
        assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`, { method: 'HEAD', accept: [200, 404] });
        res.discard();
        return res.status === 200;
    }
    /**
     * The whole blob, checked against its digest, at most `limit` bytes (default the attestation-blob limit,
     * CUSTODY_MAX_BUNDLE_BYTES): a larger Content-Length is refused unread, a longer body is cut off.
     */
    async getBlob(repository, digest, limit = 'bundleBytes') {
        assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`);
        const bytes = await res.bytes(limit, `blob ${digest}`, `${this.registry}/${repository}@${digest}`);
        const got = contentDigest(bytes, digest, `${this.registry}/${repository}`);
        if (got !== digest) {
            throw new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} from ${this.registry}/${repository} hashes to ${got}.`, {
                location: `${this.registry}/${repository}@${digest}`,
                hint: 'The registry returned different content than requested; do not trust it.',
            });
        }
        return bytes;
    }
    /** The blob as a stream (constant memory); the stream errors with OCI_DIGEST_MISMATCH at the end if it does not match. */
    async openBlob(repository, digest) {
        assertDigest(digest, 'a blob', `${this.registry}/${repository}`);
        const res = await this.request(repository, `/v2/${repository}/blobs/${digest}`);
        const body = res.stream();
        const verify = verifyingStream(digest, `${this.registry}/${repository}`);
        // A body that breaks (reset, idle timeout, deadline) errors the returned stream instead of ending it early.
        body.on('error', (err) => verify.destroy(err));
        return body.pipe(verify);
    }
    /** Uploads a blob unless the registry has it (`skipExisting`). Monolithic PUT, or chunked PATCHes above the limit. */
    async putBlob(repository, bytes, opts = {}) {
        const digest = `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`;
        if (opts.skipExisting !== false && (await this.hasBlob(repository, digest)))
            return digest;
        for (let attempt = 0;; attempt++) {
            try {
                await this.uploadOnce(repository, bytes, digest);
                return digest;
            }
            catch (err) {
                // An upload session that broke half way (reset, registry restart) is started again once.
                if (attempt === 0 &&
                    err instanceof OciError &&
                    (err.code === 'OCI_NOT_FOUND' || err.code === 'OCI_NETWORK_ERROR' || err.code === 'OCI_REGISTRY_ERROR')) {
                    this.logger.debug(`upload of ${digest} failed (${err.message}); starting a new upload session`);
                    continue;
                }
                throw err;
            }
        }
    }
    async uploadOnce(repository, bytes, digest) {
        const start = await this.request(repository, `/v2/${repository}/blobs/uploads/`, {
            method: 'POST',
            accept: [202],
            headers: { 'content-length': '0' },
        });
        start.discard();
        let location = this.uploadLocation(start, repository);
        const limit = this.options.monolithicLimit ?? 16 * 1024 * 1024;
        if (bytes.length > limit) {
            const chunk = this.options.chunkSize ?? 8 * 1024 * 1024;
            for (let offset = 0; offset < bytes.length; offset += chunk) {
                const part = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
                const res = await this.request(repository, '', {
                    url: location,
                    method: 'PATCH',
                    access: 'push',
                    headers: {
                        'content-type': 'application/octet-stream',
                        'content-range': `${offset}-${offset + part.length - 1}`,
                        'content-length': String(part.length),
                    },
                    body: part,
                    accept: [202],
                });
                res.discard();
                location = this.uploadLocation(res, repository, location);
            }
            const url = new URL(location);
            url.searchParams.set('digest', digest);
            const done = await this.request(repository, '', { url: url.href, method: 'PUT', access: 'push', accept: [201, 204] });
            done.discard();
            return;
        }
        const url = new URL(location);
        url.searchParams.set('digest', digest);
        const res = await this.request(repository, '', {
            url: url.href,
            method: 'PUT',
            access: 'push',
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
            body: bytes,
            accept: [201, 204],
        });
        res.discard();
    }
    uploadLocation(res, repository, previous) {
        const loc = res.headers.get('location');
        if (!loc) {
            if (previous)
                return previous;
            throw new OciError('OCI_REGISTRY_ERROR', `${this.registry}/${repository}: upload started without a Location header.`, {
                hint: 'The registry does not follow the distribution spec.',
            });
        }
        return new URL(loc, this.baseUrl).href;
    }
    // ---- tags and referrers ----
    /** Every tag of the repository, following Link pagination. A repository with no tags gives []. */
    async listTags(repository, pageSize = 1000) {
        const tags = [];
        let path = `/v2/${repository}/tags/list?n=${pageSize}`;
        const pages = new PagedTotal(`the tags list of ${this.registry}/${repository}`);
        for (let page = 0; path && page < 10_000; page++) {
            const res = await this.request(repository, path, { accept: [200, 404] });
            if (res.status === 404) {
                res.discard();
                return tags;
            }
            const bytes = await res.bytes('ociJsonBytes', `the tags list of ${this.registry}/${repository}`, `${this.registry}/${repository}`);
            pages.add(bytes.length);
            const body = parseListJson(bytes, `the tags list of ${this.registry}/${repository}`);
            const pageTags = body && typeof body === 'object' ? body.tags : undefined;
            if (pageTags !== undefined && pageTags !== null && !Array.isArray(pageTags)) {
                throw new OciError('OCI_REGISTRY_ERROR', `the tags list of ${this.registry}/${repository} is not {"tags": [...]}.`, {
                    location: `${this.registry}/${repository}`,
                    hint: 'The registry does not follow the distribution spec.',
                });
            }
            // Tags are names from the registry: only valid ones are kept (they are used in URLs later).
            for (const t of pageTags ?? [])
                if (typeof t === 'string' && (0,dist/* isValidTag */.r_)(t))
                    tags.push(t);
            const next = parseNextLink(res.headers.get('link'));
            path = next ? (next.startsWith('http') ? new URL(next).pathname + new URL(next).search : next) : undefined;
        }
        return tags;
    }
    /** GET /v2/<name>/referrers/<digest>: `supported: false` when the registry lacks the API. */
    async referrers(repository, digest, artifactType) {
        assertDigest(digest, 'the subject', `${this.registry}/${repository}`);
        const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
        let path = `/v2/${repository}/referrers/${digest}${query}`;
        const manifests = [];
        let filtered = false;
        const pages = new PagedTotal(`the referrers list of ${digest} in ${this.registry}/${repository}`);
        for (let page = 0; path && page < 1000; page++) {
            const res = await this.request(repository, path, { accept: [200, 404, 400, 405] });
            const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
            if (res.status !== 200 || type !== dist/* MEDIA_OCI_INDEX */.K$) {
                res.discard();
                if (page === 0)
                    return { supported: false, manifests: [], filtered: false };
                break;
            }
            const applied = (res.headers.get('oci-filters-applied') ?? '').split(',').map((s) => s.trim());
            if (applied.includes('artifactType'))
                filtered = true;
            const where = `${this.registry}/${repository} referrers of ${digest}`;
            const pageBytes = await res.bytes('ociJsonBytes', `the referrers list of ${digest}`, where);
            pages.add(pageBytes.length);
            const index = parseManifest(pageBytes, where);
            if (!Array.isArray(index.manifests))
                throw new OciError('OCI_MANIFEST_INVALID', `the referrers list of ${digest} in ${this.registry}/${repository} is not an index.`, {
                    location: where,
                    hint: 'The registry does not follow the distribution spec.',
                });
            manifests.push(...index.manifests);
            const next = parseNextLink(res.headers.get('link'));
            path = next ? (next.startsWith('http') ? new URL(next).pathname + new URL(next).search : next) : undefined;
        }
        // A registry that ignored the filter: apply it here.
        const result = artifactType && !filtered ? manifests.filter((m) => m.artifactType === artifactType) : manifests;
        return { supported: true, manifests: result, filtered };
    }
}
/** Paginated lists (tags, referrers): all pages together stay within 16 times the OCI JSON limit. */
class PagedTotal {
    what;
    total = 0;
    constructor(what) {
        this.what = what;
    }
    add(bytes) {
        this.total += bytes;
        const max = (0,dist/* limits */.Fy)().ociJsonBytes * 16;
        if (this.total > max) {
            throw new dist/* LimitError */.oC('ociJsonBytes', `${this.what} runs to more than ${max} bytes over its pages (16 times the OCI JSON limit).`);
        }
    }
}
function parseListJson(bytes, what) {
    try {
        return (0,dist/* parseJsonBounded */.Xg)(bytes.toString('utf8'), { what, maxBytes: 'ociJsonBytes' });
    }
    catch (err) {
        if (err instanceof dist/* LimitError */.oC)
            throw err;
        throw new OciError('OCI_REGISTRY_ERROR', `${what} is not JSON.`, {
            hint: 'The registry does not follow the distribution spec.',
            cause: err,
        });
    }
}
/** A pass-through stream that fails at the end when the content does not hash to `digest`. */
const DIGEST_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);
/** `alg:hex` as OCI references write digests (any algorithm name; checked separately). */
function isDigestReference(reference) {
    return /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}
/** The digest of `bytes` in the algorithm `expected` names; an algorithm Custody cannot compute fails closed. */
function contentDigest(bytes, expected, where) {
    const alg = expected.slice(0, expected.indexOf(':'));
    if (!DIGEST_ALGORITHMS.has(alg)) {
        throw new OciError('OCI_DIGEST_UNSUPPORTED', `${expected} uses the digest algorithm "${alg}", which Custody cannot check.`, {
            location: where,
            hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
        });
    }
    return `${alg}:${(0,external_node_crypto_.createHash)(alg).update(bytes).digest('hex')}`;
}
function verifyingStream(digest, where) {
    const [alg, hex] = digest.split(':');
    if (!alg || !DIGEST_ALGORITHMS.has(alg)) {
        throw new OciError('OCI_DIGEST_UNSUPPORTED', `${digest} uses the digest algorithm "${alg ?? ''}", which Custody cannot check.`, {
            location: where,
            hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
        });
    }
    const hash = (0,external_node_crypto_.createHash)(alg);
    return new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
        },
        flush(cb) {
            const got = hash.digest('hex');
            if (got !== hex) {
                cb(new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} from ${where} hashes to ${alg}:${got}.`, {
                    location: where,
                    hint: 'The content was altered; do not trust it.',
                }));
            }
            else
                cb();
        },
    });
}

;// CONCATENATED MODULE: ./packages/oci/dist/store.js

/** One repository of a registry. */
class RemoteStore {
    client;
    repository;
    kind = 'registry';
    name;
    constructor(client, repository) {
        this.client = client;
        this.repository = repository;
        this.name = `${client.registry}/${repository}`;
    }
    headManifest(reference) {
        return this.client.headManifest(this.repository, reference);
    }
    getManifest(reference) {
        return this.client.getManifest(this.repository, reference);
    }
    putManifest(bytes, mediaType, tag) {
        return this.client.putManifest(this.repository, tag ?? `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`, bytes, mediaType);
    }
    hasBlob(digest) {
        return this.client.hasBlob(this.repository, digest);
    }
    getBlob(digest, limit) {
        return this.client.getBlob(this.repository, digest, limit);
    }
    openBlob(digest) {
        return this.client.openBlob(this.repository, digest);
    }
    putBlob(bytes, opts) {
        return this.client.putBlob(this.repository, bytes, opts);
    }
    listTags() {
        return this.client.listTags(this.repository);
    }
    referrers(digest, artifactType) {
        return this.client.referrers(this.repository, digest, artifactType);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/oci/dist/files.js
/**
 * The files of an image layout or archive, wherever they are: a directory (each file opened non-blocking and
 * refused unless it is a regular file) or a tar archive, indexed by reading its headers only (random access, at
 * most CUSTODY_MAX_ARCHIVE_ENTRIES entries) and read by byte range. JSON documents are read within the OCI JSON
 * limit; blobs are streamed.
 */





const CHUNK = 64 * 1024;
/** A layout file that is a device, FIFO or socket (or a symlink to one) is refused before it is read. */
function notAFile(rel, kind, location) {
    return new ImageSourceError('IMAGE_BLOB_NOT_A_FILE', `${rel} is ${kind}, not a regular file`, {
        location,
        hint: 'An image layout holds regular files only; a blob that is a device, FIFO or socket (or a symbolic link to one) is never read. Copy the image again with skopeo or buildx.',
    });
}
/**
 * Opens a file that must be a regular file: without blocking (a FIFO opens at once instead of waiting for a
 * writer) and checked on the handle (no race with a rename). A device, FIFO, socket or directory, also behind a
 * symlink, is refused with the caller's error. The one guarded open of this package: layouts read through it
 * whether they are scanned (sources.ts) or hold attestations (layout.ts).
 */
async function openRegularFile(path, refuse) {
    const handle = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    let st;
    try {
        st = await handle.stat();
    }
    catch (err) {
        await handle.close();
        throw err;
    }
    if (!st.isFile()) {
        await handle.close();
        throw refuse(st);
    }
    return { handle, size: st.size };
}
/**
 * Reads a regular file of at most `max` bytes (see openRegularFile): a size over `max` is refused before reading
 * (`tooBig(size, false)`), and no more than `max + 1` bytes are ever read, so a file that grows is caught too
 * (`tooBig(bytesRead, true)`).
 */
async function readRegularFile(path, max, refuse, tooBig) {
    const { handle, size } = await openRegularFile(path, refuse);
    try {
        if (size > max)
            throw tooBig(size, false);
        const chunks = [];
        let total = 0;
        for (;;) {
            const want = Math.min(Math.max(64 * 1024, size - total + 1), max + 1 - total);
            const buf = Buffer.allocUnsafe(want);
            const { bytesRead } = await handle.read(buf, 0, want, total);
            if (bytesRead === 0)
                break;
            chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
            total += bytesRead;
            if (total > max)
                throw tooBig(total, true);
        }
        return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    }
    finally {
        await handle.close();
    }
}
/** A layout JSON file (index.json, a manifest, a config) of at most the OCI JSON limit. */
function readLayoutJson(path, rel, location) {
    const max = (0,dist/* limits */.Fy)().ociJsonBytes;
    return readRegularFile(path, max, (st) => notAFile(rel, (0,dist/* fileKind */.h_)(st), location), (size, grew) => new dist/* LimitError */.oC('ociJsonBytes', `${rel} (OCI JSON document) is ${grew ? `more than ${max}` : size} bytes, over the limit of ${(0,dist/* formatLimit */.tW)('ociJsonBytes', max)}.`, { location }));
}
/** Parses an OCI JSON document with the size and depth limits (LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH). */
function parseOciJson(bytes, what, location) {
    return (0,dist/* parseJsonBounded */.Xg)(bytes.toString('utf8'), { what, location, maxBytes: 'ociJsonBytes' });
}
function dirStore(dir, location) {
    return {
        location,
        async read(rel) {
            return readLayoutJson((0,external_node_path_.join)(dir, rel), rel, location);
        },
        async stream(rel) {
            // A blob that is a FIFO or /dev/zero (or a symlink to one) is refused here instead of hanging or streaming
            // forever. A missing blob fails with ENOENT.
            const { handle } = await openRegularFile((0,external_node_path_.join)(dir, rel), (st) => notAFile(rel, (0,dist/* fileKind */.h_)(st), location));
            return handle.createReadStream({ highWaterMark: CHUNK });
        },
        async exists(rel) {
            return (0,promises_.stat)((0,external_node_path_.join)(dir, rel)).then(() => true, () => false);
        },
    };
}
/** Indexes a tar file by reading its headers only (seeking over the data). */
async function indexTarFile(file) {
    const fh = await (0,promises_.open)(file, 'r');
    const out = new Map();
    try {
        const { size: total } = await fh.stat();
        const meta = new dist/* MetaState */.$d();
        const block = Buffer.alloc(512);
        let pos = 0;
        while (pos + 512 <= total) {
            const { bytesRead } = await fh.read(block, 0, 512, pos);
            if (bytesRead < 512)
                break;
            const h = (0,dist/* parseHeader */.RW)(block, pos);
            if (!h)
                break;
            const dataAt = pos + 512;
            const padded = Math.ceil(h.size / 512) * 512;
            if (meta.isMeta(h)) {
                if (h.size > 1 << 20)
                    throw new Error(`tar metadata record of ${h.size} bytes at byte ${pos}`);
                const data = Buffer.alloc(h.size);
                await fh.read(data, 0, h.size, dataAt);
                meta.absorb(h, data);
                pos = dataAt + padded;
                continue;
            }
            const e = meta.apply(h);
            if (out.size >= (0,dist/* limits */.Fy)().archiveEntries) {
                throw new dist/* LimitError */.oC('archiveEntries', `the archive holds more than ${(0,dist/* limits */.Fy)().archiveEntries} entries.`, { location: file });
            }
            const headerOnly = e.type === 'directory' || e.type === 'symlink' || e.type === 'hardlink';
            if (!headerOnly && dataAt + e.size > total)
                throw new Error(`${e.path} runs past the end of the archive (truncated?)`);
            out.set(e.path, { offset: dataAt, size: headerOnly ? 0 : e.size, type: e.type, linkname: e.linkname });
            pos = dataAt + (headerOnly ? 0 : Math.ceil(e.size / 512) * 512);
        }
    }
    finally {
        await fh.close();
    }
    return out;
}
async function tarStore(file, location) {
    let index;
    try {
        index = await indexTarFile(file);
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `cannot read the archive: ${(0,dist/* describeCause */.V$)(err)}`, {
            location,
            cause: err,
            hint: 'Give a tar written by docker save, skopeo copy or buildx (--output type=oci / type=docker).',
        });
    }
    const find = (rel) => {
        let p = external_node_path_.posix.normalize(rel).replace(/^(\.\/)+/, '');
        for (let hops = 0; hops < 8; hops++) {
            const e = index.get(p);
            if (!e)
                return undefined;
            if (e.type === 'file')
                return e;
            if (e.type === 'symlink')
                p = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(p), e.linkname));
            else if (e.type === 'hardlink')
                p = external_node_path_.posix.normalize(e.linkname).replace(/^(\.\/)+/, '');
            else
                return undefined;
        }
        return undefined;
    };
    const need = (rel) => {
        const e = find(rel);
        if (!e)
            throw Object.assign(new Error(`${rel} is not in the archive`), { code: 'ENOENT' });
        return e;
    };
    return {
        location,
        async read(rel, maxSize) {
            const e = need(rel);
            if (e.size > maxSize) {
                throw new dist/* LimitError */.oC('ociJsonBytes', `${rel} is ${e.size} bytes, over the limit of ${(0,dist/* formatLimit */.tW)('ociJsonBytes', maxSize)}.`, {
                    location,
                });
            }
            const fh = await (0,promises_.open)(file, 'r');
            try {
                const b = Buffer.alloc(e.size);
                await fh.read(b, 0, e.size, e.offset);
                return b;
            }
            finally {
                await fh.close();
            }
        },
        async stream(rel) {
            const e = need(rel);
            if (e.size === 0)
                return (async function* () { })();
            return (0,external_node_fs_.createReadStream)(file, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: CHUNK });
        },
        async exists(rel) {
            return find(rel) !== undefined;
        },
    };
}

;// CONCATENATED MODULE: ./packages/oci/dist/layout.js










const LAYOUT_FILE = 'oci-layout';
const LAYOUT_VERSION = '{"imageLayoutVersion":"1.0.0"}';
const LOCK_STALE_MS = 30_000;
const LOCK_TIMEOUT_MS = 20_000;
/** blobs/<alg>/<hex>, for a digest checked first (a hostile index.json cannot name `sha256:../../etc`). */
function blobPath(dir, digest) {
    const valid = assertDigest(digest, 'a descriptor', `oci-layout:${dir}`);
    const [alg, hex] = valid.split(':');
    return (0,external_node_path_.join)(dir, 'blobs', alg, hex);
}
/**
 * Reads a layout file of at most `limits()[limit]` bytes. Only regular files are read (a blob that is a device,
 * FIFO or socket, or a symlink to one such as /dev/zero, is refused): opened non-blocking so a FIFO cannot hang the
 * open, sized with fstat before reading, and read no further than the limit allows even if the file grows.
 */
async function readLayoutFile(path, limit, what, layout) {
    const max = (0,dist/* limits */.Fy)()[limit];
    return readRegularFile(path, max, (st) => notRegular(`${what} in ${layout}`, st, path), (size) => new dist/* LimitError */.oC(limit, `${what} is ${size} bytes, over the limit of ${(0,dist/* formatLimit */.tW)(limit, max)}.`, { location: path }));
}
function notRegular(what, st, path) {
    return new OciError('OCI_LAYOUT_INVALID', `${what} is not a regular file (${describeFileType(st)}).`, {
        location: path,
        hint: 'A layout holds regular files only; this one was crafted or damaged. Copy the layout again from its source.',
    });
}
function describeFileType(st) {
    if (st.isCharacterDevice())
        return 'a character device';
    if (st.isBlockDevice())
        return 'a block device';
    if (st.isFIFO())
        return 'a FIFO';
    if (st.isSocket())
        return 'a socket';
    if (st.isDirectory())
        return 'a directory';
    return 'not a file';
}
async function exists(path) {
    try {
        await (0,promises_.stat)(path);
        return true;
    }
    catch {
        return false;
    }
}
/** Writes a file under a temporary name in the same directory and renames it into place (atomic on POSIX). */
async function atomicWrite(path, data) {
    const tmp = `${path}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`;
    try {
        await (0,promises_.writeFile)(tmp, data);
        await (0,promises_.rename)(tmp, path);
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true });
        throw err;
    }
}
/**
 * An OCI image layout directory (oci-layout, index.json, blobs/sha256/...). Tags are index.json entries with
 * `org.opencontainers.image.ref.name` (as skopeo and cosign write them). Blob writes are atomic renames; index.json
 * is rewritten under a lock file (index.json.lock, created with O_EXCL), so writers on one machine never lose entries.
 * There is no referrers API in a layout: attach uses the referrers-tag fallback and per-attestation tags.
 */
class LayoutStore {
    kind = 'layout';
    name;
    dir;
    constructor(dir) {
        this.dir = dir;
        this.name = `oci-layout:${dir}`;
    }
    /** Opens a layout; with `create`, makes an empty one when the directory has none. */
    static async open(dir, opts = {}) {
        const abs = (0,external_node_path_.resolve)(dir);
        const store = new LayoutStore(abs);
        if (!(await exists((0,external_node_path_.join)(abs, LAYOUT_FILE)))) {
            if (!opts.create) {
                throw new OciError('OCI_LAYOUT_INVALID', `${abs} is not an OCI image layout (no oci-layout file).`, {
                    location: abs,
                    hint: 'Name a directory written by skopeo copy ... oci:DIR, cosign save, or custody; or push to a registry.',
                });
            }
            await (0,promises_.mkdir)((0,external_node_path_.join)(abs, 'blobs', 'sha256'), { recursive: true });
            await store.withLock(async () => {
                if (!(await exists((0,external_node_path_.join)(abs, 'index.json'))))
                    await atomicWrite((0,external_node_path_.join)(abs, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: dist/* MEDIA_OCI_INDEX */.K$, manifests: [] }));
                if (!(await exists((0,external_node_path_.join)(abs, LAYOUT_FILE))))
                    await atomicWrite((0,external_node_path_.join)(abs, LAYOUT_FILE), LAYOUT_VERSION);
            });
        }
        return store;
    }
    async readIndex() {
        const path = (0,external_node_path_.join)(this.dir, 'index.json');
        let bytes;
        try {
            bytes = await readLayoutFile(path, 'ociJsonBytes', 'index.json', this.name);
        }
        catch (err) {
            if (err instanceof OciError || err instanceof dist/* LimitError */.oC)
                throw err;
            throw new OciError('OCI_LAYOUT_INVALID', `cannot read ${path}: ${(0,dist/* describeCause */.V$)(err)}.`, {
                location: path,
                hint: 'An OCI layout needs an index.json.',
            });
        }
        let index;
        try {
            index = parseManifest(bytes, path);
        }
        catch (err) {
            if (err instanceof OciError && err.code === 'OCI_MANIFEST_INVALID') {
                throw new OciError('OCI_LAYOUT_INVALID', `${path} is not an OCI index: ${err.message}`, {
                    location: path,
                    hint: 'Repair or re-create the layout.',
                });
            }
            throw err;
        }
        if (!Array.isArray(index.manifests)) {
            throw new OciError('OCI_LAYOUT_INVALID', `${path} is not an OCI index: no "manifests" array.`, {
                location: path,
                hint: 'Repair or re-create the layout.',
            });
        }
        return index;
    }
    /** Runs `fn` holding index.json.lock. A lock older than 30 s is taken as left behind by a crashed writer. */
    async withLock(fn) {
        const lock = (0,external_node_path_.join)(this.dir, 'index.json.lock');
        const started = Date.now();
        for (let attempt = 0;; attempt++) {
            try {
                const handle = await (0,promises_.open)(lock, 'wx');
                await handle.writeFile(`${process.pid}\n`);
                await handle.close();
                break;
            }
            catch (err) {
                if (err.code !== 'EEXIST')
                    throw err;
                try {
                    const s = await (0,promises_.stat)(lock);
                    if (Date.now() - s.mtimeMs > LOCK_STALE_MS) {
                        await (0,promises_.rm)(lock, { force: true });
                        continue;
                    }
                }
                catch {
                    continue;
                }
                if (Date.now() - started > LOCK_TIMEOUT_MS) {
                    throw new OciError('OCI_LAYOUT_LOCKED', `${lock} has been held for ${Math.round((Date.now() - started) / 1000)} s.`, {
                        location: lock,
                        hint: 'Another custody process is writing this layout; if none is, delete the lock file.',
                    });
                }
                await sleep(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
            }
        }
        try {
            return await fn();
        }
        finally {
            await (0,promises_.rm)(lock, { force: true });
        }
    }
    async updateIndex(change) {
        await this.withLock(async () => {
            const index = await this.readIndex();
            change(index);
            await atomicWrite((0,external_node_path_.join)(this.dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
        });
    }
    async findDescriptor(reference) {
        const index = await this.readIndex();
        if (reference.includes(':')) {
            const hit = index.manifests.find((d) => d.digest === reference);
            if (hit)
                return hit;
            // A manifest not listed in index.json (a platform manifest of a listed index): read the blob.
            const path = blobPath(this.dir, reference);
            if (!(await exists(path)))
                return undefined;
            const bytes = await this.getBlob(reference, 'ociJsonBytes');
            const m = parseManifest(bytes, `${this.name}@${reference}`);
            const mediaType = m.mediaType ?? (Array.isArray(m.manifests) ? dist/* MEDIA_OCI_INDEX */.K$ : dist/* MEDIA_OCI_MANIFEST */.ZN);
            return { mediaType, digest: reference, size: bytes.length };
        }
        const tagged = index.manifests.filter((d) => d.annotations?.[dist/* ANNOTATION_REF_NAME */._0] === reference);
        return tagged[tagged.length - 1];
    }
    async headManifest(reference) {
        const d = await this.findDescriptor(reference);
        return d ? { mediaType: d.mediaType, digest: d.digest, size: d.size } : undefined;
    }
    async getManifest(reference) {
        const d = await this.findDescriptor(reference);
        if (!d)
            throw new OciNotFoundError(`${reference} is not in ${this.name}.`, {
                location: this.name,
                hint: 'List what the layout holds with: custody attestations list oci-layout:DIR',
            });
        const bytes = await this.getBlob(d.digest, 'ociJsonBytes');
        const manifest = parseManifest(bytes, `${this.name}@${d.digest}`);
        return { bytes, mediaType: manifest.mediaType ?? d.mediaType, digest: d.digest, manifest };
    }
    async putManifest(bytes, mediaType, tag) {
        const digest = await this.putBlob(bytes);
        const parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
        const descriptor = { mediaType, digest, size: bytes.length };
        if (parsed.artifactType)
            descriptor.artifactType = parsed.artifactType;
        await this.updateIndex((index) => {
            if (tag) {
                index.manifests = index.manifests.filter((d) => d.annotations?.[dist/* ANNOTATION_REF_NAME */._0] !== tag);
                index.manifests.push({ ...descriptor, annotations: { [dist/* ANNOTATION_REF_NAME */._0]: tag } });
            }
            else if (!index.manifests.some((d) => d.digest === digest)) {
                index.manifests.push(descriptor);
            }
        });
        return { digest };
    }
    async hasBlob(digest) {
        return exists(blobPath(this.dir, digest));
    }
    async getBlob(digest, limit = 'bundleBytes') {
        const path = blobPath(this.dir, digest);
        let bytes;
        try {
            bytes = await readLayoutFile(path, limit, `blob ${digest}`, this.name);
        }
        catch (err) {
            if (err instanceof OciError || err instanceof dist/* LimitError */.oC)
                throw err;
            throw new OciNotFoundError(`blob ${digest} is missing from ${this.name}.`, {
                location: path,
                hint: 'The layout is incomplete; copy it again.',
            });
        }
        const alg = digest.slice(0, digest.indexOf(':'));
        const got = `${alg}:${(0,external_node_crypto_.createHash)(alg).update(bytes).digest('hex')}`;
        if (got !== digest) {
            throw new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} in ${this.name} hashes to ${got}.`, {
                location: path,
                hint: 'The layout was altered; do not trust it.',
            });
        }
        return bytes;
    }
    async openBlob(digest) {
        const path = blobPath(this.dir, digest);
        let opened;
        try {
            opened = await openRegularFile(path, (st) => notRegular(`blob ${digest} in ${this.name}`, st, path));
        }
        catch (err) {
            if (err instanceof OciError)
                throw err;
            throw new OciNotFoundError(`blob ${digest} is missing from ${this.name}.`, { location: path });
        }
        const { handle, size } = opened;
        // Read no more than the size seen now (a file that keeps growing cannot make the stream endless).
        const verify = verifyingStream(digest, this.name);
        if (size === 0) {
            await handle.close();
            verify.end();
            return verify;
        }
        const stream = handle.createReadStream({ start: 0, end: size - 1 });
        stream.on('error', (err) => verify.destroy(err));
        return stream.pipe(verify);
    }
    async putBlob(bytes) {
        const digest = `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`;
        const path = blobPath(this.dir, digest);
        if (await exists(path))
            return digest;
        await (0,promises_.mkdir)((0,external_node_path_.join)(this.dir, 'blobs', 'sha256'), { recursive: true });
        await atomicWrite(path, bytes);
        return digest;
    }
    async listTags() {
        const index = await this.readIndex();
        return [...new Set(index.manifests.map((d) => d.annotations?.[dist/* ANNOTATION_REF_NAME */._0]).filter((t) => Boolean(t)))];
    }
    async referrers() {
        return { supported: false, manifests: [], filtered: false };
    }
}

;// CONCATENATED MODULE: ./packages/oci/dist/image.js


/** Resolves a tag or digest in a store to the image descriptor, its manifest and (for an index) its platforms. */
async function resolveImage(store, reference, shown = `${store.name}${reference.includes(':') ? '@' : ':'}${reference}`) {
    // One GET: the digest is computed from the bytes (and checked against a digest reference).
    let fetched;
    try {
        fetched = await store.getManifest(reference);
    }
    catch (err) {
        if (err instanceof OciError && err.code === 'OCI_NOT_FOUND') {
            throw new OciNotFoundError(`image ${shown} does not exist.`, {
                location: shown,
                hint: 'Check the repository, tag and digest; push the image first (nothing was uploaded).',
                cause: err,
            });
        }
        throw err;
    }
    const descriptor = { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    const platforms = [];
    if ((0,dist/* isIndex */.nw)(fetched.manifest)) {
        for (const d of fetched.manifest.manifests) {
            if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
                continue;
            if (d.platform && d.platform.os === 'unknown' && d.platform.architecture === 'unknown')
                continue;
            platforms.push({ platform: (0,dist/* formatPlatform */.Bq)(d.platform) ?? 'unknown', descriptor: d });
        }
    }
    return {
        store,
        reference: shown,
        descriptor: { mediaType: fetched.mediaType || descriptor.mediaType, digest: descriptor.digest, size: descriptor.size },
        digest: descriptor.digest,
        manifest: fetched.manifest,
        platforms,
    };
}
/** Picks `os/arch[/variant]` from an index; throws OCI_PLATFORM_NOT_FOUND naming the platforms it has. */
function selectPlatform(image, platform) {
    if (!image.platforms.length) {
        throw new OciError('OCI_PLATFORM_NOT_FOUND', `${image.reference} is a single-platform image; --platform ${platform} does not apply.`, {
            hint: 'Drop --platform for single-platform images.',
        });
    }
    const want = platform.toLowerCase();
    // An exact match first; then the rule of @custody/core (linux/arm never picks linux/arm64; linux/arm picks linux/arm/v7).
    const hit = image.platforms.find((p) => p.platform === want) ?? image.platforms.find((p) => (0,dist/* platformStringMatches */.am)(want, p.platform));
    if (!hit) {
        throw new OciError('OCI_PLATFORM_NOT_FOUND', `${image.reference} has no ${platform} manifest (it has ${image.platforms.map((p) => p.platform).join(', ')}).`, {
            hint: 'Write --platform OS/ARCH[/VARIANT] as listed.',
        });
    }
    return hit.descriptor;
}
const NOT_IMAGE_KINDS = new Set(['dev.cosignproject.cosign/atts', 'dev.cosignproject.cosign/sigs', 'dev.cosignproject.cosign/sboms']);
/** The image of a layout when none is named: the one entry that is not an attestation, signature or referrers index. */
async function defaultLayoutImage(layout) {
    const index = await layout.readIndex();
    const candidates = index.manifests.filter((d) => {
        if (d.artifactType)
            return false;
        const a = d.annotations ?? {};
        if (a.kind && NOT_IMAGE_KINDS.has(a.kind))
            return false;
        const ref = a[dist/* ANNOTATION_REF_NAME */._0];
        if (ref && /^sha256-[0-9a-f]{64}/.test(ref))
            return false;
        return true;
    });
    const digests = [...new Set(candidates.map((d) => d.digest))];
    if (digests.length === 1)
        return digests[0];
    if (!digests.length)
        throw new OciNotFoundError(`${layout.name} holds no image.`, {
            location: layout.dir,
            hint: 'Copy an image into it first (skopeo copy ... oci:DIR:TAG).',
        });
    const names = candidates.map((d) => `${d.digest}${d.annotations?.[dist/* ANNOTATION_REF_NAME */._0] ? ` (${d.annotations[dist/* ANNOTATION_REF_NAME */._0]})` : ''}`);
    throw new OciError('OCI_AMBIGUOUS_IMAGE', `${layout.name} holds ${digests.length} images: ${names.join(', ')}.`, {
        location: layout.dir,
        hint: 'Name one: oci-layout:DIR@sha256:<digest>.',
    });
}

;// CONCATENATED MODULE: ./packages/oci/dist/artifact.js



function bad(where, why) {
    return new OciError('OCI_BUNDLE_INVALID', `${where} is not a Sigstore bundle: ${why}.`, {
        location: where,
        hint: 'Pass the .sigstore.json bundle written by custody attest, cosign (--new-bundle-format) or GitHub attestations.',
    });
}
/** Parses the parts of a bundle that label its OCI artifact. Throws OCI_BUNDLE_INVALID. */
function readBundleInfo(bytes, where = 'bundle') {
    let bundle;
    try {
        bundle = (0,dist/* parseJsonBounded */.Xg)(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), {
            what: where,
            location: where,
            maxBytes: 'bundleBytes',
        });
    }
    catch (err) {
        if (err instanceof dist/* LimitError */.oC)
            throw err;
        throw bad(where, 'it is not JSON');
    }
    if (!bundle || typeof bundle !== 'object')
        throw bad(where, 'it is not a JSON object');
    if (typeof bundle.mediaType !== 'string' || !bundle.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) {
        throw bad(where, 'its mediaType is not application/vnd.dev.sigstore.bundle...');
    }
    const info = {
        mediaType: bundle.mediaType,
        content: bundle.dsseEnvelope ? 'dsse-envelope' : 'message-signature',
        subjectDigests: [],
        digest: `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`,
        size: bytes.length,
    };
    if (!bundle.dsseEnvelope && !bundle.messageSignature)
        throw bad(where, 'it has neither dsseEnvelope nor messageSignature');
    if (bundle.dsseEnvelope?.payload) {
        try {
            const statement = (0,dist/* parseJsonBounded */.Xg)(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'), {
                what: `the statement in ${where}`,
                maxBytes: 'bundleBytes',
            });
            if (typeof statement.predicateType === 'string')
                info.predicateType = statement.predicateType;
            for (const s of statement.subject ?? [])
                if (s.digest?.sha256)
                    info.subjectDigests.push(s.digest.sha256.toLowerCase());
        }
        catch (err) {
            if (err instanceof dist/* LimitError */.oC)
                throw err;
            /* a DSSE payload that is not an in-toto statement: stored all the same */
        }
    }
    return info;
}
/** The referrers tag schema: `sha256-<hex>` for subject `sha256:<hex>`. */
function fallbackTag(subjectDigest) {
    return subjectDigest.replace(':', '-');
}
/** Cosign's legacy attestation tag: `sha256-<hex>.att`. */
function legacyAttestationTag(subjectDigest) {
    return `${fallbackTag(subjectDigest)}.att`;
}
const ATTESTATION_TAG_SUFFIX = '.sigstore';
/**
 * Custody's per-attestation tag: `sha256-<subject hex>.<first 16 hex of the bundle digest>.<first 16 hex of the
 * artifact manifest digest>.sigstore` (114 characters, within the 128 of the tag grammar). One tag per attestation,
 * written once and never rewritten, so concurrent writers cannot lose each other's work (see README.md).
 */
function attestationTag(subjectDigest, bundleDigest, manifestDigest) {
    const b = bundleDigest.split(':')[1].slice(0, 16);
    const m = manifestDigest.split(':')[1].slice(0, 16);
    return `${fallbackTag(subjectDigest)}.${b}.${m}${ATTESTATION_TAG_SUFFIX}`;
}
/** Parses a tag written by `attestationTag` for this subject; undefined for any other tag. */
function parseAttestationTag(tag, subjectDigest) {
    const prefix = `${fallbackTag(subjectDigest)}.`;
    if (!tag.startsWith(prefix) || !tag.endsWith(ATTESTATION_TAG_SUFFIX))
        return undefined;
    const m = /^([0-9a-f]{16})\.([0-9a-f]{16})$/.exec(tag.slice(prefix.length, -ATTESTATION_TAG_SUFFIX.length));
    return m ? { bundlePrefix: m[1], manifestPrefix: m[2] } : undefined;
}
/**
 * The OCI artifact for a bundle, as GitHub's attest action (@sigstore/oci) and cosign v3 write it: artifactType =
 * the bundle media type, config = the empty descriptor, one layer = the bundle JSON, subject = the image,
 * annotations dev.sigstore.bundle.content / .predicateType and org.opencontainers.image.created.
 */
function buildBundleArtifact(info, subject, created) {
    const annotations = { [ANNOTATION_BUNDLE_CONTENT]: info.content };
    if (info.predicateType)
        annotations[ANNOTATION_BUNDLE_PREDICATE_TYPE] = info.predicateType;
    annotations[dist/* ANNOTATION_CREATED */.H] = created.toISOString();
    const manifest = {
        schemaVersion: 2,
        mediaType: dist/* MEDIA_OCI_MANIFEST */.ZN,
        artifactType: info.mediaType,
        config: { mediaType: dist/* MEDIA_OCI_EMPTY */.r4, digest: `sha256:${(0,dist/* digestBytes */.QN)(EMPTY_BLOB)}`, size: EMPTY_BLOB.length },
        layers: [
            {
                mediaType: info.mediaType,
                digest: info.digest,
                size: info.size,
                annotations: { [dist/* ANNOTATION_TITLE */.hg]: `${info.digest.replace(':', '-')}.sigstore.json` },
            },
        ],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return { manifest, bytes, digest: `sha256:${(0,dist/* digestBytes */.QN)(bytes)}`, annotations };
}
function isBundleArtifactType(t) {
    return Boolean(t?.startsWith('application/vnd.dev.sigstore.bundle'));
}

;// CONCATENATED MODULE: ./packages/oci/dist/attach.js





/** An index entry for an artifact manifest: descriptor + artifactType + annotations (referrers tag schema). */
function referrerEntry(digest, size, manifest) {
    const d = { mediaType: manifest.mediaType ?? dist/* MEDIA_OCI_MANIFEST */.ZN, digest, size };
    const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
    if (artifactType)
        d.artifactType = artifactType;
    if (manifest.annotations && Object.keys(manifest.annotations).length)
        d.annotations = { ...manifest.annotations };
    return d;
}
/**
 * Attaches a Sigstore bundle to `subject` in `store`.
 *
 * Referrers API present: upload the blobs and the artifact manifest (by digest); the registry indexes it.
 * Otherwise (Debian's registry, Docker Hub, layouts): the artifact manifest is pushed under its own tag
 * `sha256-<subject>.<bundle16>.<manifest16>.sigstore` (written once, never rewritten), then the `sha256-<subject>`
 * referrers index is read, merged with every tagged attestation it misses, written, and re-read until it lists
 * this attestation (bounded). A registry that ignores If-Match can lose an index update; it cannot lose a tag, and
 * discovery unions both. A rerun with the same bundle finds its tag and writes nothing new.
 */
async function attachBundle(store, subject, bundle, opts = {}) {
    const logger = opts.logger ?? dist/* silentLogger */.qq;
    const info = readBundleInfo(bundle, opts.source);
    const mode = opts.mode ?? 'auto';
    const probe = mode === 'fallback' ? { supported: false, manifests: [] } : await store.referrers(subject.digest);
    if (mode === 'referrers' && !probe.supported) {
        throw new OciError('OCI_REFERRERS_UNSUPPORTED', `${store.name} does not implement the referrers API.`, {
            hint: 'Use the default mode, which falls back to the referrers tag.',
        });
    }
    if (probe.supported) {
        for (const d of probe.manifests) {
            if (!isBundleArtifactType(d.artifactType))
                continue;
            const pt = d.annotations?.['dev.sigstore.bundle.predicateType'];
            if (pt && info.predicateType && pt !== info.predicateType)
                continue;
            const m = await store.getManifest(d.digest);
            if (!(0,dist/* isIndex */.nw)(m.manifest) && m.manifest.layers?.[0]?.digest === info.digest) {
                logger.info(`${store.name}: bundle ${info.digest} is already attached to ${subject.digest} as ${d.digest}`);
                return { subject: subject.digest, bundleDigest: info.digest, manifestDigest: d.digest, mode: 'referrers', alreadyPresent: true };
            }
        }
        const artifact = buildBundleArtifact(info, subject, (opts.clock ?? dist/* systemClock */.ml).now());
        const put = await uploadArtifact(store, bundle, artifact.bytes, undefined, probe.manifests.some((d) => isBundleArtifactType(d.artifactType)));
        if (!put.subject)
            logger.debug(`${store.name}: no OCI-Subject header on the manifest PUT although the referrers API answered`);
        return {
            subject: subject.digest,
            bundleDigest: info.digest,
            manifestDigest: artifact.digest,
            mode: 'referrers',
            alreadyPresent: false,
        };
    }
    // Fallback: per-attestation tag + referrers tag index. The index is read (and a 404 confirmed against the tags
    // list) before anything is written: a registry whose index cannot be read reliably gets nothing from this push.
    let tags = await store.listTags();
    ({ tags } = await readIndexConfirmed(store, subject.digest, tags, logger, true));
    const bundlePrefix = info.digest.split(':')[1].slice(0, 16);
    const existingTag = tags.find((t) => parseAttestationTag(t, subject.digest)?.bundlePrefix === bundlePrefix);
    let entry;
    let tag;
    let alreadyPresent = false;
    if (existingTag) {
        const m = await store.getManifest(existingTag);
        entry = referrerEntry(m.digest, m.bytes.length, m.manifest);
        tag = existingTag;
        alreadyPresent = true;
        logger.info(`${store.name}: bundle ${info.digest} is already attached to ${subject.digest} (tag ${existingTag})`);
    }
    else {
        const artifact = buildBundleArtifact(info, subject, (opts.clock ?? dist/* systemClock */.ml).now());
        tag = attestationTag(subject.digest, info.digest, artifact.digest);
        await uploadArtifact(store, bundle, artifact.bytes, tag, tags.some((t) => t.endsWith(ATTESTATION_TAG_SUFFIX)));
        entry = referrerEntry(artifact.digest, artifact.bytes.length, artifact.manifest);
        tags.push(tag);
    }
    const { confirmed, rounds } = await ensureInFallbackIndex(store, subject.digest, entry, tags, opts.indexAttempts ?? 8, logger);
    return {
        subject: subject.digest,
        bundleDigest: info.digest,
        manifestDigest: entry.digest,
        mode: 'fallback',
        tag,
        alreadyPresent,
        indexConfirmed: confirmed,
        indexRounds: rounds,
    };
}
/**
 * Blobs, then the manifest. distribution 2.8 has a window while another writer commits the same blob (the shared
 * empty config) in which a manifest PUT is refused with MANIFEST_BLOB_UNKNOWN: upload again and retry, bounded.
 */
async function uploadArtifact(store, bundle, manifest, tag, emptyLikelyPresent = false) {
    for (let attempt = 0;; attempt++) {
        // The empty config blob is shared by every artifact: when earlier artifacts exist in the repository it is
        // there, and a manifest PUT that says otherwise (MANIFEST_BLOB_UNKNOWN) leads to uploading it below.
        if (attempt > 0 || !emptyLikelyPresent)
            await store.putBlob(EMPTY_BLOB, { skipExisting: attempt === 0 });
        await store.putBlob(bundle, { skipExisting: false });
        try {
            return await store.putManifest(manifest, dist/* MEDIA_OCI_MANIFEST */.ZN, tag);
        }
        catch (err) {
            const blobRace = err instanceof OciHttpError &&
                err.status === 400 &&
                err.registryCodes.some((c) => c === 'MANIFEST_BLOB_UNKNOWN' || c === 'BLOB_UNKNOWN');
            if (!blobRace || attempt >= 4)
                throw err;
            await sleep(20 * (attempt + 1) + Math.random() * 30);
        }
    }
}
/** The fallback index could not be read reliably: the registry says 404 for a tag its tags list shows. */
class IndexUnconfirmedError extends OciError {
    constructor(store, subjectDigest, reads, beforeUpload) {
        super('OCI_INDEX_UNCONFIRMED', `${store.name}: the referrers index ${fallbackTag(subjectDigest)} answered 404 ${reads} times while the tags list shows that tag; starting a new index would drop the attestations it holds, so ${beforeUpload ? 'nothing was written' : 'the index was not written (the attestation itself was stored under its own tag; rerun the push to complete the index)'}.`, {
            location: `${store.name}:${fallbackTag(subjectDigest)}`,
            hint: 'The registry (or a proxy or cache in front of it) is inconsistent. Retry later; if it persists, check the registry and anything caching it. Discovery (custody attestations list) still finds attestations by their own tags.',
        });
    }
}
/**
 * Reads the referrers tag index; a 404 is believed only when the tags list (refreshed) does not show the tag. When it
 * does, the index is read again (a few times, with a pause: a tag written a moment ago); still 404 -> OCI_INDEX_UNCONFIRMED.
 */
async function readIndexConfirmed(store, subjectDigest, knownTags, logger, beforeUpload = false) {
    const tag = fallbackTag(subjectDigest);
    let tags = knownTags;
    const reads = 3;
    for (let read = 1;; read++) {
        const got = await readFallbackIndex(store, subjectDigest);
        if (got.index || got.foreign)
            return { ...got, tags: tags ?? [] };
        // 404: confirm it against a tags list fetched after the read.
        tags = await store.listTags();
        if (!tags.includes(tag))
            return { foreign: false, tags };
        logger.debug(`${store.name}:${tag} answered 404 but the tags list shows it (read ${read} of ${reads})`);
        if (read >= reads)
            throw new IndexUnconfirmedError(store, subjectDigest, reads, beforeUpload);
        await sleep(50 * read + Math.random() * 50);
    }
}
/** Reads the `sha256-<hex>` referrers tag index: `foreign` when that tag holds something else. */
async function readFallbackIndex(store, subjectDigest) {
    try {
        const m = await store.getManifest(fallbackTag(subjectDigest));
        if (!(0,dist/* isIndex */.nw)(m.manifest))
            return { foreign: true };
        return { index: m.manifest, foreign: false };
    }
    catch (err) {
        if (err instanceof OciError && err.code === 'OCI_NOT_FOUND')
            return { foreign: false };
        throw err;
    }
}
function mergeTags(a, b) {
    return [...new Set([...a, ...b])];
}
/**
 * Read-modify-write of the referrers tag index until it lists `own` (and every tagged attestation of the subject),
 * confirmed by reading it back. Bounded: after `attempts` rounds the attestation is still discoverable by its tag.
 */
async function ensureInFallbackIndex(store, subjectDigest, own, knownTags, attempts, logger) {
    const entries = new Map(); // manifest-prefix -> entry, for tagged attestations fetched so far
    let tags = knownTags;
    for (let round = 0; round < attempts; round++) {
        // A 404 is confirmed against the tags list before a new index is started (never drop what the registry holds).
        const read = await readIndexConfirmed(store, subjectDigest, undefined, logger);
        const { index: current, foreign } = read;
        tags = mergeTags(tags, read.tags);
        if (foreign) {
            logger.warn(`${store.name}:${fallbackTag(subjectDigest)} is not an OCI index; left as it is (the attestation is found by its own tag)`);
            return { confirmed: false, rounds: round };
        }
        const index = current ?? { schemaVersion: 2, mediaType: dist/* MEDIA_OCI_INDEX */.K$, manifests: [] };
        const listed = new Set(index.manifests.map((d) => d.digest));
        // After a write: when our entry survived, the tags known so far are enough. When it was lost, another writer
        // raced us: refresh the tags so this round also repairs what the other writers added.
        if (round > 0 && !listed.has(own.digest))
            tags = mergeTags(tags, await store.listTags());
        const missingTags = tags.filter((t) => {
            const p = parseAttestationTag(t, subjectDigest);
            return p && ![...listed].some((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
        });
        const additions = [];
        if (!listed.has(own.digest))
            additions.push(own);
        await Promise.all(missingTags.map(async (t) => {
            const p = parseAttestationTag(t, subjectDigest);
            if (own.digest.startsWith(`sha256:${p.manifestPrefix}`))
                return;
            let e = entries.get(p.manifestPrefix);
            if (!e) {
                try {
                    const m = await store.getManifest(t);
                    if ((0,dist/* isIndex */.nw)(m.manifest) || m.manifest.subject?.digest !== subjectDigest)
                        return;
                    e = referrerEntry(m.digest, m.bytes.length, m.manifest);
                    entries.set(p.manifestPrefix, e);
                }
                catch {
                    return;
                }
            }
            additions.push(e);
        }));
        if (!additions.length)
            return { confirmed: true, rounds: round };
        index.manifests.push(...additions.sort((a, b) => (a.digest < b.digest ? -1 : 1)));
        await store.putManifest(Buffer.from(JSON.stringify(index)), dist/* MEDIA_OCI_INDEX */.K$, fallbackTag(subjectDigest));
        // Let concurrent writers' PUTs land before reading back, so a lost update is seen and repaired.
        await sleep(5 + Math.random() * 20 * (round + 1));
    }
    const last = await readFallbackIndex(store, subjectDigest);
    const confirmed = Boolean(last.index?.manifests.some((d) => d.digest === own.digest));
    if (!confirmed)
        logger.warn(`${store.name}: the referrers index ${fallbackTag(subjectDigest)} was rewritten concurrently ${attempts} times; the attestation stays discoverable by its tag`);
    return { confirmed, rounds: attempts };
}

;// CONCATENATED MODULE: ./packages/oci/dist/discover.js






async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    }));
    return out;
}
/**
 * Every attestation attached to `subjectDigest`: the referrers API ∪ the `sha256-<hex>` referrers tag index ∪
 * Custody's per-attestation tags ∪ cosign's legacy `sha256-<hex>.att` (and `kind: dev.cosignproject.cosign/atts`
 * entries of a `cosign save` layout). Deduplicated by manifest digest; sorted by created time then digest.
 */
async function listAttestations(store, subjectDigest, opts = {}) {
    const found = new Map();
    const add = (d, source) => {
        if (!isBundleArtifactType(d.artifactType))
            return;
        const seen = found.get(d.digest);
        if (seen) {
            if (!seen.sources.includes(source))
                seen.sources.push(source);
            seen.predicateType ??= d.annotations?.[ANNOTATION_BUNDLE_PREDICATE_TYPE];
            seen.created ??= d.annotations?.[dist/* ANNOTATION_CREATED */.H];
            return;
        }
        const ref = {
            subject: subjectDigest,
            format: 'bundle',
            manifestDigest: d.digest,
            mediaType: d.artifactType,
            sources: [source],
        };
        const pt = d.annotations?.[ANNOTATION_BUNDLE_PREDICATE_TYPE];
        if (pt)
            ref.predicateType = pt;
        const created = d.annotations?.[dist/* ANNOTATION_CREATED */.H];
        if (created)
            ref.created = created;
        found.set(d.digest, ref);
    };
    const [referrers, fallback, tags] = await Promise.all([
        store.referrers(subjectDigest),
        readFallbackIndex(store, subjectDigest),
        store.listTags(),
    ]);
    for (const d of referrers.manifests)
        add(d, 'referrers');
    for (const d of fallback.index?.manifests ?? [])
        add(d, 'fallback-index');
    const known = () => [...found.keys()];
    const unlisted = tags.filter((t) => {
        const p = parseAttestationTag(t, subjectDigest);
        return p && !known().some((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
    });
    for (const t of tags) {
        const p = parseAttestationTag(t, subjectDigest);
        if (!p)
            continue;
        const hit = known().find((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
        if (hit)
            found.get(hit).sources.push('tag');
    }
    await mapLimit(unlisted, opts.concurrency ?? 8, async (t) => {
        const m = await store.getManifest(t);
        if ((0,dist/* isIndex */.nw)(m.manifest) || m.manifest.subject?.digest !== subjectDigest)
            return;
        const mf = m.manifest;
        add({
            mediaType: m.mediaType,
            digest: m.digest,
            size: m.bytes.length,
            ...(mf.artifactType ? { artifactType: mf.artifactType } : {}),
            ...(mf.annotations ? { annotations: mf.annotations } : {}),
        }, 'tag');
    });
    const results = [...found.values()];
    if (opts.legacy !== false)
        results.push(...(await legacyAttestations(store, subjectDigest, tags)));
    // Entries without a predicateType annotation: read it from the bundle when a filter needs it.
    if (opts.predicateType) {
        await mapLimit(results.filter((r) => r.format === 'bundle' && !r.predicateType), opts.concurrency ?? 8, async (r) => {
            const bytes = await fetchAttestation(store, r);
            const pt = readBundleInfo(bytes.bytes).predicateType;
            if (pt)
                r.predicateType = pt;
        });
    }
    const filtered = opts.predicateType ? results.filter((r) => r.predicateType === opts.predicateType) : results;
    for (const r of filtered)
        r.sources.sort(dist/* compareStrings */.Kt);
    return filtered.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.created ?? '', b.created ?? '') ||
        (0,dist/* compareStrings */.Kt)(a.manifestDigest, b.manifestDigest) ||
        (a.layerIndex ?? 0) - (b.layerIndex ?? 0));
}
/** Cosign's legacy layout: `sha256-<hex>.att` (registries, tagged layouts) or `kind: .../atts` (cosign save). */
async function legacyAttestations(store, subjectDigest, tags) {
    const manifests = new Set();
    if (tags.includes(legacyAttestationTag(subjectDigest)))
        manifests.add(legacyAttestationTag(subjectDigest));
    if (store.kind === 'layout') {
        const layout = store;
        const index = await layout.readIndex();
        const atts = index.manifests.filter((d) => d.annotations?.kind === 'dev.cosignproject.cosign/atts');
        if (atts.length) {
            let image;
            try {
                image = await defaultLayoutImage(layout);
            }
            catch {
                image = undefined;
            }
            // `cosign save` writes one image with its attestations: they belong to that image.
            if (image === subjectDigest)
                for (const d of atts)
                    manifests.add(d.digest);
        }
    }
    const out = [];
    for (const ref of manifests) {
        const m = await store.getManifest(ref);
        if ((0,dist/* isIndex */.nw)(m.manifest))
            continue;
        m.manifest.layers.forEach((layer, i) => {
            if (layer.mediaType !== dist/* MEDIA_DSSE_ENVELOPE */.Q2)
                return;
            const r = {
                subject: subjectDigest,
                format: 'cosign-dsse',
                manifestDigest: m.digest,
                mediaType: layer.mediaType,
                layerDigest: layer.digest,
                layerIndex: i,
                sources: ['cosign-legacy'],
            };
            const pt = layer.annotations?.predicateType;
            if (pt)
                r.predicateType = pt;
            out.push(r);
        });
    }
    return out;
}
/** The layer's declared size is checked against the attestation-blob limit before anything is downloaded. */
function checkLayer(layer, store, manifestDigest) {
    (0,dist/* checkSize */.C1)('bundleBytes', layer.size, `attestation blob ${layer.digest} (declared in ${manifestDigest})`, store.name);
}
/** Downloads one attestation's content, checked against its digests and the attestation-blob limit. */
async function fetchAttestation(store, ref) {
    const m = await store.getManifest(ref.manifestDigest);
    if ((0,dist/* isIndex */.nw)(m.manifest))
        throw new OciError('OCI_NOT_FOUND', `${ref.manifestDigest} in ${store.name} is an index, not an attestation.`);
    if (ref.format === 'cosign-dsse') {
        const layer = m.manifest.layers[ref.layerIndex ?? 0];
        if (!layer || layer.digest !== ref.layerDigest)
            throw new OciError('OCI_NOT_FOUND', `layer ${ref.layerDigest} is not in ${ref.manifestDigest}.`);
        checkLayer(layer, store, ref.manifestDigest);
        return {
            ref,
            bytes: await store.getBlob(layer.digest, 'bundleBytes'),
            ...(layer.annotations ? { annotations: layer.annotations } : {}),
        };
    }
    const layer = m.manifest.layers[0];
    if (!layer)
        throw new OciError('OCI_NOT_FOUND', `attestation manifest ${ref.manifestDigest} in ${store.name} has no layer.`);
    checkLayer(layer, store, ref.manifestDigest);
    return { ref, bytes: await store.getBlob(layer.digest, 'bundleBytes') };
}

;// CONCATENATED MODULE: ./packages/oci/dist/open.js







/**
 * Turns what the user wrote into a store and a reference. `oci-layout:DIR[@DIGEST]` and a directory holding an
 * `oci-layout` file are layouts; anything else is REGISTRY/REPO[:TAG][@DIGEST] (`oci://` prefix allowed).
 */
async function openImage(text, options = {}) {
    let input = text;
    const cwd = options.cwd ?? process.cwd();
    if (!input.startsWith('oci-layout:') &&
        !input.startsWith('oci://') &&
        (0,external_node_fs_.existsSync)((0,external_node_path_.join)((0,external_node_path_.resolve)(cwd, input.replace(/@sha256:[0-9a-f]{64}$/, '')), 'oci-layout'))) {
        input = `oci-layout:${input}`;
    }
    const location = (0,dist/* parseLocation */.zS)(input);
    if (location.kind === 'layout') {
        const store = await LayoutStore.open((0,external_node_path_.resolve)(cwd, location.dir), { create: Boolean(options.createLayout) });
        const reference = location.digest ?? (await defaultLayoutImage(store));
        return { location, store, reference };
    }
    const key = location.apiHost;
    let client = options.clients?.get(key);
    if (!client) {
        client = new RegistryClient(location.apiHost, options, location.registry);
        options.clients?.set(key, client);
    }
    return { location, store: new RemoteStore(client, location.repository), reference: location.digest ?? location.tag ?? 'latest' };
}
/** openImage + resolveImage: the image resolved to its digest, once. */
async function openAndResolve(text, options = {}) {
    const opened = await openImage(text, options);
    return resolveImage(opened.store, opened.reference, text);
}

;// CONCATENATED MODULE: ./packages/oci/dist/legacy.js
/**
 * Cosign's legacy attestation layout: one DSSE envelope per layer of `sha256-<hex>.att`, with the Fulcio
 * certificate (`dev.sigstore.cosign/certificate`, PEM) and the Rekor entry with its signed entry timestamp
 * (`dev.sigstore.cosign/bundle`) as layer annotations. `legacyToBundle` re-expresses one layer as a Sigstore bundle
 * v0.1 (certificate + tlog entry with inclusion promise + DSSE envelope), which bundle verifiers accept.
 */


const MEDIA_SIGSTORE_BUNDLE_V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
function pemToDer(pem) {
    return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1].replace(/\s+/g, ''));
}
/** One legacy layer (DSSE envelope bytes + its annotations) as a Sigstore bundle v0.1 (JSON bytes). */
function legacyToBundle(envelope, annotations, where = 'cosign attestation') {
    let dsse;
    try {
        dsse = (0,dist/* parseJsonBounded */.Xg)(Buffer.from(envelope).toString('utf8'), { what: where, maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof dist/* LimitError */.oC)
            throw err;
        throw new OciError('OCI_LEGACY_INVALID', `${where}: the layer is not a DSSE envelope (not JSON).`, { location: where });
    }
    const certs = pemToDer(annotations['dev.sigstore.cosign/certificate'] ?? '');
    if (!certs.length || !dsse.payload) {
        throw new OciError('OCI_LEGACY_INVALID', `${where}: no certificate annotation or no payload; key-signed cosign attestations cannot be converted.`, {
            location: where,
            hint: 'Verify it with the public key (cosign verify-attestation --key).',
        });
    }
    const verificationMaterial = {
        x509CertificateChain: { certificates: [{ rawBytes: certs[0] }] },
        tlogEntries: [],
    };
    const rekorText = annotations['dev.sigstore.cosign/bundle'];
    if (rekorText) {
        const rekor = JSON.parse(rekorText);
        const p = rekor.Payload;
        if (p?.body && rekor.SignedEntryTimestamp) {
            const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8'));
            verificationMaterial.tlogEntries = [
                {
                    logIndex: String(p.logIndex ?? 0),
                    logId: { keyId: Buffer.from(p.logID ?? '', 'hex').toString('base64') },
                    kindVersion: { kind: body.kind ?? 'dsse', version: body.apiVersion ?? '0.0.1' },
                    integratedTime: String(p.integratedTime ?? 0),
                    inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
                    canonicalizedBody: p.body,
                },
            ];
        }
    }
    return Buffer.from(JSON.stringify({
        mediaType: MEDIA_SIGSTORE_BUNDLE_V01,
        verificationMaterial,
        dsseEnvelope: {
            payload: dsse.payload,
            payloadType: dsse.payloadType ?? 'application/vnd.in-toto+json',
            signatures: (dsse.signatures ?? []).map((s) => ({ sig: s.sig ?? '', keyid: s.keyid ?? '' })),
        },
    }));
}

;// CONCATENATED MODULE: ./packages/oci/dist/walk.js
/**
 * From a root descriptor (index or manifest) to the images to scan, through any BlobSource: an OCI layout on
 * disk, an OCI archive, or a registry repository. Multi-arch indexes give one image per platform; attestation
 * manifests and non-image artifacts in an index are skipped. Manifests and configs are digest-checked here;
 * layer streams are checked by whoever reads them (the expected digest travels with each layer).
 */



function parseJson(bytes, what, where) {
    try {
        // Size and depth bounded (LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH): a registry or layout may be hostile.
        const v = (0,dist/* parseJsonBounded */.Xg)(bytes.toString('utf8'), { what, location: where, maxBytes: 'ociJsonBytes' });
        if (v && typeof v === 'object' && !Array.isArray(v))
            return v;
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_MANIFEST_INVALID', `${what} is not valid JSON: ${(0,dist/* describeCause */.V$)(err)}`, { location: where });
    }
    throw new ImageSourceError('IMAGE_MANIFEST_INVALID', `${what} is not a JSON object`, { location: where });
}
function checkDigest(bytes, digest, what) {
    const [alg, hex] = digest.split(':');
    if (alg !== 'sha256' && alg !== 'sha512')
        return;
    const got = (0,external_node_crypto_.createHash)(alg).update(bytes).digest('hex');
    if (got !== hex) {
        throw new ImageSourceError('IMAGE_DIGEST_MISMATCH', `${what} hashes to ${alg}:${got}, not ${digest}`, {
            hint: 'The blob was altered or truncated; pull or save the image again.',
        });
    }
}
function descriptors(v) {
    return Array.isArray(v)
        ? v.filter((d) => !!d && typeof d === 'object' && typeof d.digest === 'string')
        : [];
}
function isAttestation(d) {
    return (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
}
/** The images a root descriptor stands for, optionally one platform of a multi-arch index. */
async function resolveImages(reader, platform) {
    const want = platform ? (0,dist/* parsePlatform */.FL)(platform) : undefined;
    const { descriptor, bytes } = await reader.root();
    checkDigest(bytes, descriptor.digest, `manifest ${descriptor.digest}`);
    const doc = parseJson(bytes, `manifest ${descriptor.digest}`, reader.location);
    const type = descriptor.mediaType || doc.mediaType || (Array.isArray(doc.manifests) ? dist/* MEDIA_OCI_INDEX */.K$ : dist/* MEDIA_OCI_MANIFEST */.ZN);
    if (!(0,dist/* isIndexMediaType */.$$)(type)) {
        if (!(0,dist/* isManifestMediaType */.CM)(type))
            throw unknownManifest(type, descriptor.digest, reader.location);
        const img = await fromManifest(reader, descriptor, doc, true);
        if (!img)
            throw unknownManifest(type, descriptor.digest, reader.location);
        if (want &&
            img.config?.os &&
            img.config.architecture &&
            !(0,dist/* platformMatches */.J5)(want, {
                os: img.config.os,
                architecture: img.config.architecture,
                ...(img.config.variant ? { variant: img.config.variant } : {}),
            })) {
            throw new ImageSourceError('IMAGE_PLATFORM_NOT_FOUND', `the image is ${img.platform}, not ${platform}`, {
                location: reader.location,
                hint: 'Drop --platform, or name the multi-arch index.',
            });
        }
        return [img];
    }
    // An index: walk it (nested indexes too), collecting image manifests.
    const found = [];
    const available = [];
    const seen = new Set();
    const walk = async (idx, depth) => {
        for (const d of descriptors(idx.manifests)) {
            if (seen.has(d.digest) || isAttestation(d))
                continue;
            seen.add(d.digest);
            if ((0,dist/* isIndexMediaType */.$$)(d.mediaType)) {
                if (depth < 4)
                    await walk(parseJson(await fetchManifest(reader, d), `index ${d.digest}`, reader.location), depth + 1);
                continue;
            }
            if (d.mediaType && !(0,dist/* isManifestMediaType */.CM)(d.mediaType))
                continue; // an artifact, not an image
            const listed = (0,dist/* formatPlatform */.Bq)(d.platform);
            if (listed)
                available.push(listed);
            if (want && d.platform && !(0,dist/* platformMatches */.J5)(want, d.platform))
                continue;
            found.push({ d, doc: parseJson(await fetchManifest(reader, d), `manifest ${d.digest}`, reader.location) });
        }
    };
    await walk(doc, 0);
    const images = [];
    for (const { d, doc: m } of found) {
        const img = await fromManifest(reader, d, m, false);
        if (!img)
            continue;
        if (!d.platform && img.platform)
            available.push(img.platform);
        if (want &&
            img.config?.os &&
            img.config.architecture &&
            !(0,dist/* platformMatches */.J5)(want, {
                os: img.config.os,
                architecture: img.config.architecture,
                ...(img.config.variant ? { variant: img.config.variant } : {}),
            }))
            continue;
        images.push(img);
    }
    if (!images.length) {
        throw new ImageSourceError('IMAGE_PLATFORM_NOT_FOUND', want ? `no image for platform ${platform} in index ${descriptor.digest}` : `index ${descriptor.digest} holds no container image`, {
            location: reader.location,
            hint: `Platforms available: ${available.join(', ') || 'none'}.`,
        });
    }
    images.sort((a, b) => ((a.platform ?? '') < (b.platform ?? '') ? -1 : (a.platform ?? '') > (b.platform ?? '') ? 1 : 0));
    return images;
}
async function fetchManifest(reader, d) {
    let bytes;
    try {
        bytes = await reader.manifest(d);
    }
    catch (err) {
        if (err instanceof ImageSourceError)
            throw err;
        throw new ImageSourceError('IMAGE_BLOB_MISSING', `cannot read manifest ${d.digest}: ${(0,dist/* describeCause */.V$)(err)}`, {
            location: reader.location,
            cause: err,
        });
    }
    checkDigest(bytes, d.digest, `manifest ${d.digest}`);
    return bytes;
}
function unknownManifest(type, digest, where) {
    return new ImageSourceError('IMAGE_MEDIA_TYPE_UNSUPPORTED', `${digest} has media type ${type}, which is not an image manifest or index`, {
        location: where,
        hint: 'Name an image (OCI or Docker v2 schema 2 manifest) or a multi-arch index.',
    });
}
/**
 * An image manifest to a PlatformImage. `explicit`: the user named this manifest, so a layer of an unknown
 * media type is an error; inside an index, a manifest without any filesystem layer is an artifact and skipped.
 */
async function fromManifest(reader, d, m, explicit) {
    const layers = descriptors(m.layers);
    const configD = descriptors([m.config])[0];
    if (!explicit) {
        if (m.artifactType || (configD && configD.mediaType !== dist/* MEDIA_OCI_CONFIG */.im && configD.mediaType !== dist/* MEDIA_DOCKER_CONFIG */.Lm))
            return undefined;
        if (!layers.some((l) => l.mediaType !== undefined && (0,dist/* layerCompression */.AH)(l.mediaType) !== undefined))
            return undefined;
    }
    let config;
    if (configD) {
        let bytes;
        try {
            bytes = await reader.blob(configD);
        }
        catch (err) {
            if (err instanceof ImageSourceError)
                throw err;
            throw new ImageSourceError('IMAGE_BLOB_MISSING', `cannot read image config ${configD.digest}: ${(0,dist/* describeCause */.V$)(err)}`, {
                location: reader.location,
                cause: err,
            });
        }
        checkDigest(bytes, configD.digest, `config ${configD.digest}`);
        config = readConfig(parseJson(bytes, `config ${configD.digest}`, reader.location));
    }
    const refs = layers.map((l) => {
        const compression = (0,dist/* layerCompression */.AH)(l.mediaType);
        if (!compression || !l.mediaType) {
            throw new ImageSourceError('IMAGE_MEDIA_TYPE_UNSUPPORTED', `layer ${l.digest} has media type ${l.mediaType ?? '(none)'}, which is not a filesystem layer Custody can read.`, {
                location: reader.location,
                hint: 'Supported: OCI and Docker tar layers, uncompressed, gzip or zstd.',
            });
        }
        return {
            digest: l.digest,
            mediaType: l.mediaType,
            size: l.size,
            compression,
            ...(l.digest.startsWith('sha256:') ? { expectedDigest: l.digest } : {}),
            open: () => reader.open(l),
        };
    });
    const platform = (0,dist/* formatPlatform */.Bq)(d.platform) ??
        (config?.os && config.architecture
            ? (0,dist/* formatPlatform */.Bq)({ os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) })
            : undefined);
    return { digest: d.digest, layers: refs, location: reader.location, ...(platform ? { platform } : {}), ...(config ? { config } : {}) };
}
function readConfig(c) {
    const out = {};
    if (typeof c.os === 'string')
        out.os = c.os;
    if (typeof c.architecture === 'string')
        out.architecture = c.architecture;
    if (typeof c.variant === 'string')
        out.variant = c.variant;
    const labels = c.config?.Labels;
    if (labels && typeof labels === 'object')
        out.labels = labels;
    const diff = c.rootfs?.diff_ids;
    if (Array.isArray(diff))
        out.diffIds = diff.filter((x) => typeof x === 'string');
    return out;
}

;// CONCATENATED MODULE: ./packages/oci/dist/sources.js
/**
 * Image sources to scan, each a BlobSource (@custody/core): an OCI image layout directory, an OCI archive (a layout
 * in a tar), a docker archive (`docker save`: manifest.json, config JSON and layer tars) and a registry repository.
 * The files of layouts and archives are read through ./files.ts; the walk from a root to its images is ./walk.ts.
 */










const DIGEST_SYNTAX = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The bound of an OCI JSON document (index.json, manifests, configs, docker manifest.json): read at each use. */
const maxJson = () => (0,dist/* limits */.Fy)().ociJsonBytes;
function checkDigestSyntax(digest, where) {
    if (!DIGEST_SYNTAX.test(digest)) {
        throw new ImageSourceError('IMAGE_DIGEST_INVALID', `"${digest}" is not a digest (sha256:<64 hex>)`, { location: where });
    }
}
function sources_blobPath(digest, where) {
    checkDigestSyntax(digest, where);
    const [alg, hex] = digest.split(':');
    return `blobs/${alg}/${hex}`;
}
/** An OCI image layout (DIR) or a layout inside a tar, as a BlobSource. */
async function layoutReader(store, pin) {
    if (!(await store.exists('oci-layout')) || !(await store.exists('index.json'))) {
        throw new ImageSourceError('IMAGE_LAYOUT_INVALID', 'not an OCI image layout (no oci-layout or index.json file)', {
            location: store.location,
            hint: 'Write one with skopeo copy docker://IMAGE oci:DIR, or buildx --output type=oci.',
        });
    }
    const indexBytes = await store.read('index.json', maxJson());
    let index;
    try {
        index = parseOciJson(indexBytes, 'index.json', store.location);
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_LAYOUT_INVALID', `index.json is not valid JSON: ${(0,dist/* describeCause */.V$)(err)}`, { location: store.location });
    }
    const manifests = Array.isArray(index.manifests) ? index.manifests : [];
    const readBlob = (d) => store.read(sources_blobPath(d.digest, store.location), maxJson());
    return {
        location: store.location,
        async root() {
            if (pin) {
                checkDigestSyntax(pin, store.location);
                const listed = manifests.find((m) => m.digest === pin);
                const bytes = await store.read(sources_blobPath(pin, store.location), maxJson()).catch((err) => {
                    if (err instanceof dist/* CustodyError */.Kf)
                        throw err;
                    throw new ImageSourceError('IMAGE_BLOB_MISSING', `${pin} is not in the layout: ${(0,dist/* describeCause */.V$)(err)}`, {
                        location: store.location,
                    });
                });
                const mediaType = listed?.mediaType ?? parseOciJson(bytes, pin, store.location)?.mediaType ?? '';
                return { descriptor: { mediaType, digest: pin, size: bytes.length }, bytes };
            }
            if (manifests.length === 1) {
                const d = manifests[0];
                return { descriptor: d, bytes: await readBlob(d) };
            }
            // Several entries: index.json itself is the index to walk (platform images; artifacts are skipped).
            const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(indexBytes).digest('hex')}`;
            return { descriptor: { mediaType: dist/* MEDIA_OCI_INDEX */.K$, digest, size: indexBytes.length }, bytes: indexBytes };
        },
        manifest: readBlob,
        blob: readBlob,
        async open(d) {
            return store.stream(sources_blobPath(d.digest, store.location));
        },
    };
}
function splitPin(spec) {
    const at = spec.lastIndexOf('@');
    if (at > 0 && /^sha(256|512):/.test(spec.slice(at + 1)))
        return { path: spec.slice(0, at), pin: spec.slice(at + 1) };
    return { path: spec };
}
/** `oci-layout:DIR[@DIGEST]`. */
async function openOciLayout(spec, cwd) {
    const { path, pin } = splitPin(spec);
    const dir = (0,external_node_path_.resolve)(cwd, path);
    const location = `oci-layout:${path}`;
    if (!(await (0,promises_.stat)(dir).then((s) => s.isDirectory(), () => false))) {
        throw new ImageSourceError('IMAGE_LAYOUT_INVALID', `${dir} is not a directory`, {
            location,
            hint: 'oci-layout: takes a directory holding oci-layout, index.json and blobs/.',
        });
    }
    return { name: (0,external_node_path_.basename)(dir), location, reader: await layoutReader(dirStore(dir, location), pin) };
}
/** `oci-archive:FILE.tar[@DIGEST]`. */
async function openOciArchive(spec, cwd) {
    const { path, pin } = splitPin(spec);
    const file = (0,external_node_path_.resolve)(cwd, path);
    const location = `oci-archive:${path}`;
    await mustBeFile(file, location);
    return { name: (0,external_node_path_.basename)(file).replace(/\.(tar|oci)$/i, ''), location, reader: await layoutReader(await tarStore(file, location), pin) };
}
async function mustBeFile(file, location) {
    if (!(await (0,promises_.stat)(file).then((s) => s.isFile(), () => false))) {
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `${file} does not exist or is not a file`, { location });
    }
}
/** `docker-archive:FILE.tar` (docker save). The first image of the archive is scanned. */
async function openDockerArchive(spec, cwd) {
    const file = (0,external_node_path_.resolve)(cwd, spec);
    const location = `docker-archive:${spec}`;
    await mustBeFile(file, location);
    const store = await tarStore(file, location);
    if (!(await store.exists('manifest.json'))) {
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', 'not a docker archive (no manifest.json)', {
            location,
            hint: 'Write one with docker save IMAGE -o FILE.tar.',
        });
    }
    let entries;
    try {
        entries = parseOciJson(await store.read('manifest.json', maxJson()), 'manifest.json', location);
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `manifest.json is not valid JSON: ${(0,dist/* describeCause */.V$)(err)}`, { location });
    }
    const first = Array.isArray(entries) ? entries[0] : undefined;
    if (!first?.Config || !Array.isArray(first.Layers)) {
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', 'manifest.json lists no image (Config and Layers)', { location });
    }
    let configBytes;
    try {
        configBytes = await store.read(first.Config, maxJson());
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_BLOB_MISSING', `image config ${first.Config} is missing: ${(0,dist/* describeCause */.V$)(err)}`, { location });
    }
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(configBytes).digest('hex')}`;
    let config;
    try {
        config = readConfig((parseOciJson(configBytes, `image config ${first.Config}`, location) ?? {}));
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `image config ${first.Config} is not valid JSON: ${(0,dist/* describeCause */.V$)(err)}`, {
            location,
        });
    }
    const layers = first.Layers.map((rel, i) => {
        const blob = /(?:^|\/)blobs\/(sha256)\/([a-f0-9]{64})$/.exec(rel);
        const diffId = config.diffIds?.[i];
        // Old-format `ID/layer.tar` files are the uncompressed tar, so they hash to the diff ID.
        const expected = blob ? `sha256:${blob[2]}` : rel.endsWith('/layer.tar') && diffId?.startsWith('sha256:') ? diffId : undefined;
        return {
            digest: blob ? `sha256:${blob[2]}` : (diffId ?? rel),
            compression: 'sniff',
            ...(expected ? { expectedDigest: expected } : {}),
            open: () => store.stream(rel),
        };
    });
    const tag = first.RepoTags?.[0];
    const [name, version] = tag ? splitTag(tag) : [(0,external_node_path_.basename)(file).replace(/\.tar$/i, ''), undefined];
    const platform = config.os && config.architecture ? [config.os, config.architecture, config.variant].filter(Boolean).join('/') : undefined;
    return {
        name,
        ...(version ? { version } : {}),
        location,
        images: [{ digest, layers, config, location, ...(platform ? { platform } : {}) }],
    };
}
function splitTag(ref) {
    const colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}
/** Targets that name a container image rather than a directory. */
const IMAGE_SCHEMES = ['oci://', 'oci-layout:', 'docker-archive:', 'oci-archive:'];
function isImageTarget(target) {
    return IMAGE_SCHEMES.some((s) => target.startsWith(s));
}
/** `oci-layout:DIR[@DIGEST]`, `oci-archive:FILE[@DIGEST]`, `docker-archive:FILE` or `oci://REF`, opened. */
async function openImageSource(target, options) {
    const t = target;
    if (t.startsWith('oci-layout:'))
        return openOciLayout(t.slice('oci-layout:'.length), options.cwd);
    if (t.startsWith('oci-archive:'))
        return openOciArchive(t.slice('oci-archive:'.length), options.cwd);
    if (t.startsWith('docker-archive:'))
        return openDockerArchive(t.slice('docker-archive:'.length), options.cwd);
    if (t.startsWith('oci://'))
        return openRegistrySource(t.slice('oci://'.length), options);
    throw new ImageSourceError('IMAGE_TARGET_INVALID', `"${t}" is not an image target`, { hint: `Use one of ${IMAGE_SCHEMES.join(', ')}.` });
}
/**
 * `oci://REF`: a registry repository as a BlobSource. The reference is resolved to a digest once (root());
 * everything after reads by digest. Blobs and layer streams are digest-checked by the registry client.
 */
async function openRegistrySource(ref, options = {}) {
    const loc = (0,dist/* parseReference */.F2)(ref);
    const client = new RegistryClient(loc.apiHost, { ...(options.env ? { env: options.env } : {}), ...(options.logger ? { logger: options.logger } : {}) }, loc.registry);
    const store = new RemoteStore(client, loc.repository);
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
/** The images of an opened source, one per platform, or the one of `platform` (OS/ARCH[/VARIANT]). */
async function sourceImages(source, platform) {
    if (!source.images)
        return resolveImages(source.reader, platform);
    if (!platform)
        return source.images;
    (0,dist/* parsePlatform */.FL)(platform); // a malformed value is IMAGE_PLATFORM_INVALID, not an empty match
    const images = source.images.filter((i) => !i.platform || i.platform === platform || (0,dist/* platformStringMatches */.am)(platform, i.platform));
    if (!images.length) {
        throw new ImageSourceError('IMAGE_PLATFORM_NOT_FOUND', `the image is ${source.images[0]?.platform ?? 'of an unknown platform'}, not ${platform}`, { location: source.location });
    }
    return images;
}

;// CONCATENATED MODULE: ./packages/oci/dist/index.js
/**
 * @custody/oci: the OCI distribution API Custody needs (auth, retries, manifests, blobs, tags, referrers), OCI image
 * layouts with the same read methods, and attestation storage (attach + discovery). See README.md for the design.
 */















/** Reads a whole blob from a registry repository or a layout, checked against its digest. */
function fetchBlob(store, digest) {
    return store.getBlob(digest);
}






/***/ })

};
