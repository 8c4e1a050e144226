export const id = 494;
export const ids = [494];
export const modules = {

/***/ 3494:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  JR: () => (/* reexport */ KEY_ALGORITHMS),
  _j: () => (/* reexport */ SignInputError),
  YR: () => (/* reexport */ chooseGitHubInstance),
  ID: () => (/* reexport */ generateSigningKey),
  fm: () => (/* reexport */ loadSigningKey),
  iz: () => (/* reexport */ noCredentialsError),
  GO: () => (/* reexport */ resolveInstance),
  fT: () => (/* reexport */ signStatement)
});

// UNUSED EXPORTS: PRESETS, SIGN_ERROR_CODES, SigningServiceError, githubInstance, inspectIdentityToken, instanceFromSigningConfig, parseRetryAfter, tsaEndpoint

// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(7480);
;// CONCATENATED MODULE: ./packages/sign/dist/errors.js

/** The codes of @custody/sign. */
const SIGN_ERROR_CODES = {
    SIGN_CONFIG_INVALID: 'SIGN_CONFIG_INVALID',
    SIGN_CONFIG_UNSUPPORTED: 'SIGN_CONFIG_UNSUPPORTED',
    SIGN_CREDENTIALS_CONFLICT: 'SIGN_CREDENTIALS_CONFLICT',
    SIGN_INSTANCE_INCOMPLETE: 'SIGN_INSTANCE_INCOMPLETE',
    SIGN_INSTANCE_UNKNOWN: 'SIGN_INSTANCE_UNKNOWN',
    SIGN_KEY_NOT_FOUND: 'SIGN_KEY_NOT_FOUND',
    SIGN_KEY_PASSPHRASE_MISSING: 'SIGN_KEY_PASSPHRASE_MISSING',
    SIGN_KEY_PASSPHRASE_WRONG: 'SIGN_KEY_PASSPHRASE_WRONG',
    SIGN_KEY_UNSUPPORTED: 'SIGN_KEY_UNSUPPORTED',
    SIGN_NO_CREDENTIALS: 'SIGN_NO_CREDENTIALS',
    SIGN_SERVICE_BAD_RESPONSE: 'SIGN_SERVICE_BAD_RESPONSE',
    SIGN_SERVICE_REJECTED: 'SIGN_SERVICE_REJECTED',
    SIGN_SERVICE_UNAVAILABLE: 'SIGN_SERVICE_UNAVAILABLE',
    SIGN_TLOG_CONFLICT: 'SIGN_TLOG_CONFLICT',
    SIGN_TLOG_MISMATCH: 'SIGN_TLOG_MISMATCH',
    SIGN_TOKEN_EMAIL_UNVERIFIED: 'SIGN_TOKEN_EMAIL_UNVERIFIED',
    SIGN_TOKEN_EXPIRED: 'SIGN_TOKEN_EXPIRED',
    SIGN_TOKEN_MALFORMED: 'SIGN_TOKEN_MALFORMED',
    SIGN_TOKEN_NOT_YET_VALID: 'SIGN_TOKEN_NOT_YET_VALID',
    SIGN_TOKEN_REFUSED: 'SIGN_TOKEN_REFUSED',
    SIGN_URL_INSECURE: 'SIGN_URL_INSECURE',
    SIGN_URL_INVALID: 'SIGN_URL_INVALID',
};
/** Signing could not run: bad key, bad token, bad instance configuration. Exit 2. */
class SignInputError extends dist/* CustodyError */.Kf {
    constructor(code, message, options = {}) {
        super(code, message, { exitCode: 2, ...options });
    }
}
/**
 * A Sigstore service (Fulcio, Rekor, TSA) failed for good: after the retries, or with an answer retrying cannot
 * fix. The message names the service and the URL. Exit 2 (infrastructure).
 */
class SigningServiceError extends dist/* CustodyError */.Kf {
    service;
    url;
    status;
    constructor(service, url, code, message, options = {}) {
        // The message names the URL already; no separate location prefix.
        super(code, message, { exitCode: 2, ...options });
        this.service = service;
        this.url = url;
        this.status = options.status;
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./packages/sign/dist/http.js
/**
 * HTTP calls to Sigstore services with bounded retries: network errors, connect and idle timeouts, 408, 429 and 5xx
 * are retried with exponential backoff (capped), honouring Retry-After (seconds or HTTP date, capped). Anything
 * else is final. A final failure is a SigningServiceError naming the service and the URL.
 *
 * Every exchange is bounded (packages/core limits): a connect timeout (CUSTODY_HTTP_CONNECT_TIMEOUT_MS), an idle
 * timeout (the policy's `timeoutMs`, at most CUSTODY_HTTP_IDLE_TIMEOUT_MS), one deadline for the call with all its
 * retries (CUSTODY_HTTP_DEADLINE_MS -> LIMIT_HTTP_DEADLINE_MS), at most CUSTODY_HTTP_RETRIES retries, and a response
 * body cap (Content-Length checked first, bytes counted as they arrive; CUSTODY_MAX_BUNDLE_BYTES -> LIMIT_BUNDLE_BYTES).
 *
 * (@sigstore/sign retries too, but does not honour Retry-After, does not bound the wait, and its errors name
 * neither the service URL nor the cause of a timeout; so Custody talks to the services itself.)
 */




const DEFAULT_RETRY_POLICY = {
    retries: 3,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
    timeoutMs: 20_000,
};
const sleepFor = (ms) => new Promise((r) => setTimeout(r, ms));
// Keep-alive agents: a signing run talks to the same two or three hosts; idle sockets are unref'd by Node, so they
// never hold the process open. (node:http rather than fetch: measurably less overhead per call, see bench/sign.js.)
const agents = { http: new external_node_http_.Agent({ keepAlive: true }), https: new external_node_https_.Agent({ keepAlive: true }) };
class TimeoutError extends Error {
    name = 'TimeoutError';
}
/** The call's deadline passed (not retried). */
class DeadlineError extends Error {
    name = 'DeadlineError';
}
/**
 * One HTTP exchange, bounded: connect timeout, idle timeout (no byte either way), the call's deadline, and a cap on
 * the response body (Content-Length checked first, then bytes counted). Rejects on network errors and timeouts.
 */
function send(url, method, headers, body, bounds, what) {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const isHttps = u.protocol === 'https:';
        const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
        let connectTimer;
        let settled = false;
        const done = (err, value) => {
            clearTimeout(connectTimer);
            clearTimeout(deadlineTimer);
            if (settled)
                return;
            settled = true;
            if (err)
                reject(err);
            else
                resolve(value);
        };
        const req = (isHttps ? external_node_https_.request : external_node_http_.request)(u, {
            method,
            agent: isHttps ? agents.https : agents.http,
            headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
        }, (res) => {
            const declared = Number(res.headers['content-length'] ?? NaN);
            if (Number.isFinite(declared) && declared > bounds.maxBytes) {
                res.destroy();
                done(new dist/* LimitError */.oC('bundleBytes', `the answer of ${what} declares ${declared} bytes, over the limit of ${(0,dist/* formatLimit */.tW)('bundleBytes', bounds.maxBytes)}.`, { location: url }));
                return;
            }
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size > bounds.maxBytes) {
                    res.destroy();
                    done(new dist/* LimitError */.oC('bundleBytes', `the answer of ${what} runs past ${bounds.maxBytes} bytes, over the limit of ${(0,dist/* formatLimit */.tW)('bundleBytes', bounds.maxBytes)}.`, { location: url }));
                    return;
                }
                chunks.push(c);
            });
            res.on('error', (err) => done(err));
            res.on('close', () => {
                if (!res.complete)
                    done(abortReason ?? new Error('the connection closed before the answer ended'));
            });
            res.on('end', () => {
                const h = new Headers();
                for (const [k, v] of Object.entries(res.headers))
                    if (v !== undefined)
                        h.set(k, Array.isArray(v) ? v.join(', ') : v);
                done(undefined, { status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
            });
        });
        let abortReason;
        const abort = (err) => {
            abortReason = err;
            req.destroy(err);
            done(err);
        };
        const deadlineTimer = setTimeout(() => abort(new DeadlineError(`${what} was not done within ${(0,dist/* formatLimit */.tW)('httpDeadlineMs', (0,dist/* limits */.Fy)().httpDeadlineMs)}`)), Math.max(0, bounds.deadline - Date.now()));
        deadlineTimer.unref();
        req.on('socket', (socket) => {
            if (socket.connecting) {
                connectTimer = setTimeout(() => abort(new TimeoutError(`no connection within ${bounds.connectMs} ms`)), bounds.connectMs);
                connectTimer.unref();
                socket.once('connect', () => clearTimeout(connectTimer));
            }
        });
        req.setTimeout(bounds.idleMs, () => abort(new TimeoutError(`no answer within ${bounds.idleMs} ms`)));
        req.on('error', (err) => done(abortReason ?? err));
        req.end(payload);
    });
}
/** Parses Retry-After: delta seconds or an HTTP date. Returns milliseconds, or undefined when absent/invalid. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
const retryableStatus = (s) => s === 408 || s === 429 || s >= 500;
function messageOf(body) {
    const text = body.toString('utf8').trim();
    try {
        const parsed = JSON.parse(text);
        if (typeof parsed.message === 'string')
            return parsed.message;
    }
    catch {
        // not JSON
    }
    return text.slice(0, 200);
}
function networkCause(err, timeoutMs) {
    const e = err;
    if (e?.name === 'TimeoutError')
        return `${e.message ?? `no answer within ${timeoutMs} ms`} (timeout)`;
    if (e?.name === 'AbortError')
        return `no answer within ${timeoutMs} ms (timeout)`;
    if (e?.code === 'ECONNRESET' && /socket hang up/.test(e.message ?? ''))
        return 'ECONNRESET: the connection was closed without an answer';
    return (0,dist/* describeCause */.V$)(err);
}
async function callService(req, policy = DEFAULT_RETRY_POLICY, logger) {
    const sleep = policy.sleep ?? sleepFor;
    const method = req.method ?? 'POST';
    const bound = (0,dist/* limits */.Fy)();
    const retries = Math.min(policy.retries, bound.httpRetries);
    const bounds = {
        connectMs: policy.connectTimeoutMs ?? bound.httpConnectMs,
        idleMs: Math.min(policy.timeoutMs, bound.httpIdleMs),
        deadline: Date.now() + (policy.deadlineMs ?? bound.httpDeadlineMs),
        maxBytes: bound.bundleBytes,
    };
    let last = '';
    let lastStatus;
    let attempt = 0;
    for (;;) {
        attempt++;
        let delay;
        try {
            const startMs = performance.now();
            const res = await send(req.url, method, { 'user-agent': 'custody', ...req.headers }, req.body, bounds, `${req.service} at ${req.url}`).catch((err) => {
                policy.onExchange?.({ service: req.service, method, url: req.url, error: (0,dist/* describeCause */.V$)(err), startMs, endMs: performance.now() });
                throw err;
            });
            policy.onExchange?.({ service: req.service, method, url: req.url, status: res.status, startMs, endMs: performance.now() });
            const body = res.body;
            if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status))
                return { status: res.status, headers: res.headers, body, attempts: attempt };
            const msg = messageOf(body);
            lastStatus = res.status;
            last = `HTTP ${res.status}${msg ? ` ${msg}` : ''}`;
            if (!retryableStatus(res.status)) {
                const explained = req.explain?.(res.status, msg);
                throw new SigningServiceError(req.service, req.url, explained?.code ?? 'SIGN_SERVICE_REJECTED', explained?.message ?? `${req.service} at ${req.url} rejected the request: ${last}.`, {
                    status: res.status,
                    hint: explained?.hint ??
                        `Check that ${req.url} is a ${req.service} endpoint of the Sigstore instance you mean (--signing-config or the --*-url flags).`,
                });
            }
            const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
            if (retryAfter !== undefined) {
                if (retryAfter > policy.maxRetryAfterMs) {
                    throw new SigningServiceError(req.service, req.url, 'SIGN_SERVICE_UNAVAILABLE', `${req.service} at ${req.url} asked to retry after ${Math.ceil(retryAfter / 1000)} s (${last}), longer than Custody waits (${policy.maxRetryAfterMs / 1000} s).`, {
                        status: res.status,
                        hint: 'The service is rate-limiting or down; run the step again later.',
                    });
                }
                delay = retryAfter;
            }
        }
        catch (err) {
            if (err instanceof SigningServiceError || err instanceof dist/* LimitError */.oC)
                throw err;
            if (err instanceof DeadlineError) {
                throw new dist/* LimitError */.oC('httpDeadlineMs', `${err.message} (${attempt} attempt${attempt > 1 ? 's' : ''}${last ? `; before: ${last}` : ''}).`, { location: req.url });
            }
            lastStatus = undefined;
            last = networkCause(err, bounds.idleMs);
        }
        if (attempt > retries)
            break;
        delay ??= Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        // A retry that could not start before the deadline is not made.
        if (Date.now() + delay >= bounds.deadline)
            break;
        logger?.warn(`${req.service} ${method} ${req.url} failed (${last}); retry ${attempt} of ${retries} in ${delay} ms`);
        await sleep(delay);
    }
    throw new SigningServiceError(req.service, req.url, 'SIGN_SERVICE_UNAVAILABLE', `${req.service} at ${req.url} failed after ${attempt} attempt${attempt > 1 ? 's' : ''}: ${last}.`, {
        ...(lastStatus !== undefined ? { status: lastStatus } : {}),
        hint: `The service is down, overloaded or unreachable from here. Run the step again later, or check the ${req.service} URL (--signing-config / --${req.service.toLowerCase()}-url).`,
    });
}

;// CONCATENATED MODULE: ./packages/sign/dist/token.js
/**
 * Local checks on an OIDC identity token before it is sent to Fulcio, so that a malformed or expired token gets a
 * clear message instead of a 401. The token is a secret: it never appears in a message. (Fulcio verifies the
 * signature; nothing here trusts the claims beyond choosing the proof-of-possession subject and printing the issuer.)
 */


const HINT_SOURCE = 'Pass the raw OIDC ID token (three base64url parts separated by dots) with --identity-token or SIGSTORE_ID_TOKEN, let Custody fetch one from the CI platform, or sign with --key.';
function inspectIdentityToken(token, options = {}) {
    (0,dist/* addSecret */.Ck)(token);
    const parts = token.trim().split('.');
    if (parts.length !== 3 || parts.some((p) => p === '' || !/^[A-Za-z0-9_-]+$/.test(p))) {
        throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token is not a JWT.', { hint: HINT_SOURCE });
    }
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token is not a JWT: its payload is not base64url JSON.', {
            hint: HINT_SOURCE,
        });
    }
    if (!claims || typeof claims !== 'object' || typeof claims.iss !== 'string' || !claims.iss) {
        throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token has no issuer (iss) claim.', { hint: HINT_SOURCE });
    }
    const now = (options.now ?? new Date()).getTime() / 1000;
    const leeway = options.leewaySeconds ?? 30;
    const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
    if (typeof claims.exp === 'number' && claims.exp + leeway <= now) {
        const ago = Math.round(now - claims.exp);
        throw new SignInputError('SIGN_TOKEN_EXPIRED', `the identity token from ${claims.iss} expired at ${expiresAt.toISOString()} (${ago} s ago).`, { hint: 'OIDC tokens live minutes: request a fresh one right before signing (in CI, let Custody fetch it), or sign with --key.' });
    }
    if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) {
        throw new SignInputError('SIGN_TOKEN_NOT_YET_VALID', `the identity token from ${claims.iss} is not valid before ${new Date(claims.nbf * 1000).toISOString()}.`, {
            hint: "Check this machine's clock.",
        });
    }
    const audience = options.audience ?? 'sigstore';
    const auds = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    const warnings = [];
    // Not an error: some issuers (CircleCI's v2 token) carry their own audience and Fulcio is configured for it.
    if (!auds.includes(audience)) {
        warnings.push(`the identity token's audience is ${JSON.stringify(claims.aud ?? null)}, not "${audience}"; Fulcio may refuse it (request the token with audience "${audience}").`);
    }
    let subject;
    if (typeof claims.email === 'string' && claims.email) {
        if (claims.email_verified === false) {
            throw new SignInputError('SIGN_TOKEN_EMAIL_UNVERIFIED', `the identity token's email is not verified by ${claims.iss}.`, {
                hint: 'Verify the email address with the identity provider, or use a workload identity token.',
            });
        }
        subject = claims.email;
    }
    else if (typeof claims.sub === 'string' && claims.sub)
        subject = claims.sub;
    if (!subject)
        throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token has neither an email nor a sub claim.', { hint: HINT_SOURCE });
    return { claims, subject, issuer: claims.iss, expiresAt, warnings };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/sign/dist/keys.js
/**
 * Signing keys for key-based signing: ECDSA P-256 and Ed25519, PEM (PKCS#8, SEC1 "EC PRIVATE KEY"), optionally
 * encrypted PKCS#8 with a passphrase. The key id (bundle public-key hint and DSSE keyid) is the hex SHA-256 of the
 * public key's SPKI DER.
 */



const KEY_ALGORITHMS = ['ecdsa-p256', 'ed25519'];
const SUPPORTED_HINT = 'Custody signs with ECDSA P-256 or Ed25519 keys in PEM (PKCS#8 or SEC1); `custody keys generate` makes one.';
function keyIdOf(publicKey) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(publicKey.export({ format: 'der', type: 'spki' }))
        .digest('hex');
}
function algorithmOf(key, location) {
    if (key.asymmetricKeyType === 'ed25519')
        return 'ed25519';
    if (key.asymmetricKeyType === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1' || curve === 'P-256')
            return 'ecdsa-p256';
        throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the key is ECDSA on curve ${curve ?? 'unknown'}, not P-256.`, {
            location,
            hint: SUPPORTED_HINT,
        });
    }
    throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the key is ${key.asymmetricKeyType?.toUpperCase() ?? 'of an unknown type'}, not ECDSA P-256 or Ed25519.`, {
        location,
        hint: SUPPORTED_HINT,
    });
}
function fromPrivate(privateKey, location) {
    const algorithm = algorithmOf(privateKey, location);
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    return {
        algorithm,
        privateKey,
        publicKey,
        publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        keyId: keyIdOf(publicKey),
    };
}
/**
 * Loads a PEM private key. `location` names it in errors (the file path). The passphrase (for encrypted PKCS#8)
 * is registered as a secret and never printed.
 */
function loadSigningKey(pem, options = {}) {
    const location = options.location ?? 'signing key';
    const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
    const passphrase = options.passphrase || undefined;
    if (passphrase)
        (0,dist/* addSecret */.Ck)(passphrase);
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
    if (!label) {
        throw new SignInputError('SIGN_KEY_UNSUPPORTED', 'the key file is not PEM (no -----BEGIN ...----- line).', {
            location,
            hint: `${SUPPORTED_HINT} A DER or JWK key has to be converted to PEM first.`,
        });
    }
    if (label === 'PUBLIC KEY' || label === 'CERTIFICATE') {
        throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the file holds a ${label.toLowerCase()}, not a private key.`, {
            location,
            hint: '--key takes the private key; the public key is what verifiers get (custody verify --key).',
        });
    }
    if (label.includes('SIGSTORE') || label.includes('COSIGN')) {
        throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the key is a cosign-encrypted key (${label}), which Custody does not read.`, {
            location,
            hint: `Export it as PKCS#8 PEM first, or make a new key with custody keys generate. ${SUPPORTED_HINT}`,
        });
    }
    const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(text);
    if (encrypted && !passphrase) {
        throw new SignInputError('SIGN_KEY_PASSPHRASE_MISSING', 'the key is encrypted and no passphrase was given.', {
            location,
            hint: 'Set CUSTODY_KEY_PASSWORD to the key passphrase (from a CI secret).',
        });
    }
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: text, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    }
    catch (err) {
        const reason = (0,dist/* describeCause */.V$)(err);
        // A wrong passphrase usually fails the padding check ("bad decrypt"), but about 1 time in 200 the padding
        // happens to be valid and the garbage then fails to decode ("unsupported"): for an encrypted key, both mean
        // the passphrase does not open it.
        if (encrypted) {
            throw new SignInputError('SIGN_KEY_PASSPHRASE_WRONG', 'the key passphrase is wrong: the encrypted key does not decrypt with it.', {
                location,
                hint: 'Set CUSTODY_KEY_PASSWORD to the passphrase the key was encrypted with.',
            });
        }
        throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the ${label} PEM could not be read as a private key (${reason.replace(/\s+/g, ' ').slice(0, 120)}).`, {
            location,
            hint: SUPPORTED_HINT,
            cause: err,
        });
    }
    return fromPrivate(key, location);
}
/** Makes a new key pair; with a passphrase the private key is PKCS#8 encrypted with AES-256-CBC (PBKDF2). */
function generateSigningKey(algorithm = 'ecdsa-p256', passphrase) {
    const { privateKey, publicKey } = algorithm === 'ed25519' ? (0,external_node_crypto_.generateKeyPairSync)('ed25519') : (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
    if (passphrase)
        (0,dist/* addSecret */.Ck)(passphrase);
    const privateKeyPem = privateKey
        .export({ format: 'pem', type: 'pkcs8', ...(passphrase ? { cipher: 'aes-256-cbc', passphrase } : {}) })
        .toString();
    return {
        algorithm,
        privateKeyPem,
        publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        keyId: keyIdOf(publicKey),
        encrypted: Boolean(passphrase),
    };
}
/** Signs bytes: ECDSA P-256 with SHA-256 (DER signature), or Ed25519 (pure). */
function signWithKey(key, data) {
    return key.algorithm === 'ed25519' ? (0,external_node_crypto_.sign)(null, data, key.privateKey) : (0,external_node_crypto_.sign)('sha256', data, key.privateKey);
}

;// CONCATENATED MODULE: ./packages/sign/dist/signers.js
/**
 * The two signers plugged into @sigstore/sign's DSSEBundleBuilder:
 * - KeySigner: a long-lived key (the bundle carries the public-key hint);
 * - FulcioKeylessSigner: an ephemeral P-256 key certified by Fulcio for the OIDC identity (proof of possession =
 *   the token subject signed with the ephemeral key). The token never appears in an error.
 */





class KeySigner {
    key;
    constructor(key) {
        this.key = key;
    }
    async sign(data) {
        return {
            signature: signWithKey(this.key, data),
            key: { $case: 'publicKey', publicKey: this.key.publicKeyPem, hint: this.key.keyId },
        };
    }
}
function sanOf(cert) {
    const raw = cert.subjectAltName ?? '';
    const m = /(?:URI|email):([^,]+)/.exec(raw);
    return m ? m[1].trim() : raw;
}
class FulcioKeylessSigner {
    fulcioUrl;
    token;
    policy;
    logger;
    /** Set after sign(): what Fulcio certified. */
    identity;
    constructor(fulcioUrl, token, policy, logger) {
        this.fulcioUrl = fulcioUrl;
        this.token = token;
        this.policy = policy;
        this.logger = logger;
    }
    async sign(data) {
        const inspected = inspectIdentityToken(this.token);
        const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
        const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
        const proof = (0,external_node_crypto_.sign)('sha256', Buffer.from(inspected.subject), privateKey);
        const url = `${this.fulcioUrl.replace(/\/+$/, '')}/api/v2/signingCert`;
        const res = await callService({
            service: 'Fulcio',
            url,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({
                credentials: { oidcIdentityToken: this.token },
                publicKeyRequest: { publicKey: { algorithm: 'ECDSA', content: publicPem }, proofOfPossession: proof.toString('base64') },
            }),
            explain: (status, message) => status === 401 || status === 403
                ? {
                    code: 'SIGN_TOKEN_REFUSED',
                    message: `Fulcio at ${url} refused the identity token from ${inspected.issuer} (HTTP ${status}${message ? `: ${message}` : ''}).`,
                    hint: 'The token must be fresh, have audience "sigstore", and come from an issuer this Fulcio trusts. Request a new token, check the issuer, or sign with --key.',
                }
                : undefined,
        }, this.policy, this.logger);
        let chain;
        try {
            const body = JSON.parse(res.body.toString('utf8'));
            chain = (body.signedCertificateEmbeddedSct ?? body.signedCertificateDetachedSct)?.chain?.certificates;
        }
        catch {
            chain = undefined;
        }
        const leaf = chain?.[0];
        if (!leaf) {
            throw new SigningServiceError('Fulcio', url, 'SIGN_SERVICE_BAD_RESPONSE', `Fulcio at ${url} answered without a certificate chain.`, {
                hint: 'Check that the URL is a Fulcio v2 API (…/api/v2/signingCert).',
            });
        }
        let cert;
        try {
            cert = new external_node_crypto_.X509Certificate(leaf);
        }
        catch (err) {
            throw new SigningServiceError('Fulcio', url, 'SIGN_SERVICE_BAD_RESPONSE', `Fulcio at ${url} answered with a certificate that does not parse.`, { cause: err });
        }
        if (!cert.publicKey.equals(publicKey)) {
            throw new SigningServiceError('Fulcio', url, 'SIGN_SERVICE_BAD_RESPONSE', `Fulcio at ${url} certified a different public key than the one sent.`, {
                hint: 'Do not sign through this service; check the URL.',
            });
        }
        this.identity = { san: sanOf(cert), issuer: inspected.issuer, certificatePem: leaf };
        return {
            signature: (0,external_node_crypto_.sign)('sha256', data, privateKey),
            key: { $case: 'x509Certificate', certificate: leaf },
        };
    }
}
/** Thrown by the command layer when neither a key nor a token is available. */
function noCredentialsError(hint) {
    return new SignInputError('SIGN_NO_CREDENTIALS', 'no signing key and no OIDC identity token: nothing to sign with.', { hint });
}

// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(1040);
;// CONCATENATED MODULE: ./packages/sign/dist/witnesses.js
/**
 * Witnesses for @sigstore/sign's bundle builder, on Custody's retrying HTTP client:
 * - RekorV1Witness: logs a `dsse` 0.0.1 entry; a 409 "entry already exists" (e.g. a retry after a lost answer) is
 *   resolved by fetching the existing entry from its Location, which must match what was submitted.
 * - TsaWitness: an RFC 3161 timestamp over the signature (Sigstore TSA JSON API).
 */




const trimSlash = (u) => u.replace(/\/+$/, '');
function dsseOnly(content) {
    if (content.$case !== 'dsseEnvelope')
        throw new Error('Custody signs DSSE envelopes only');
    return content.dsseEnvelope;
}
class RekorV1Witness {
    rekorUrl;
    policy;
    logger;
    entries = [];
    constructor(rekorUrl, policy, logger) {
        this.rekorUrl = rekorUrl;
        this.policy = policy;
        this.logger = logger;
    }
    async testify(content, publicKey) {
        const envelope = dsseOnly(content);
        const base = trimSlash(this.rekorUrl);
        const url = `${base}/api/v1/log/entries`;
        const proposed = {
            apiVersion: '0.0.1',
            kind: 'dsse',
            spec: {
                proposedContent: {
                    envelope: JSON.stringify((0,bundle_dist.envelopeToJSON)(envelope)),
                    verifiers: [Buffer.from(publicKey, 'utf8').toString('base64')],
                },
            },
        };
        const res = await callService({
            service: 'Rekor',
            url,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(proposed),
            accept: [409],
        }, this.policy, this.logger);
        let body = res.body;
        let entryUrl = url;
        const existing = res.status === 409;
        if (existing) {
            const location = res.headers.get('location');
            if (!location) {
                throw new SigningServiceError('Rekor', url, 'SIGN_TLOG_CONFLICT', `Rekor at ${url} says the entry already exists but gives no Location to fetch it from.`, {
                    status: 409,
                    hint: 'Sign again (a new signature makes a new entry).',
                });
            }
            entryUrl = new URL(location, `${base}/`).href;
            this.logger?.info(`Rekor already has this entry; fetching it from ${entryUrl}`);
            body = (await callService({ service: 'Rekor', url: entryUrl, method: 'GET', headers: { accept: 'application/json' } }, this.policy, this.logger)).body;
        }
        const [uuid, entry] = parseEntryResponse(body, entryUrl);
        const tlogEntry = toTransparencyLogEntry(entry, entryUrl);
        checkEntryMatches(tlogEntry, envelope.payload, envelope.signatures[0].sig, entryUrl);
        this.entries.push({ url: base, logIndex: tlogEntry.logIndex, integratedTime: tlogEntry.integratedTime, uuid, existing });
        return { tlogEntries: [tlogEntry] };
    }
}
function parseEntryResponse(body, url) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const all = Object.entries(parsed);
        if (all.length === 1 && typeof all[0][1].body === 'string')
            return all[0];
    }
    catch {
        // fall through
    }
    throw new SigningServiceError('Rekor', url, 'SIGN_SERVICE_BAD_RESPONSE', `Rekor at ${url} answered with something that is not one log entry.`, {
        hint: 'Check that the URL is a Rekor v1 API.',
    });
}
function toTransparencyLogEntry(entry, url) {
    const canonicalizedBody = Buffer.from(entry.body, 'base64');
    let kind;
    try {
        kind = JSON.parse(canonicalizedBody.toString('utf8'));
    }
    catch {
        throw new SigningServiceError('Rekor', url, 'SIGN_SERVICE_BAD_RESPONSE', `Rekor at ${url} returned an entry body that is not JSON.`);
    }
    const proof = entry.verification?.inclusionProof;
    const set = entry.verification?.signedEntryTimestamp;
    return {
        logIndex: String(entry.logIndex),
        logId: { keyId: Buffer.from(entry.logID, 'hex') },
        kindVersion: { kind: kind.kind, version: kind.apiVersion },
        integratedTime: String(entry.integratedTime),
        inclusionPromise: set ? { signedEntryTimestamp: Buffer.from(set, 'base64') } : undefined,
        inclusionProof: proof
            ? {
                logIndex: String(proof.logIndex),
                treeSize: String(proof.treeSize),
                rootHash: Buffer.from(proof.rootHash, 'hex'),
                hashes: proof.hashes.map((h) => Buffer.from(h, 'hex')),
                checkpoint: { envelope: proof.checkpoint },
            }
            : undefined,
        canonicalizedBody,
    };
}
/** The entry Rekor returned (fresh or existing) must be for this payload and signature. */
function checkEntryMatches(entry, payload, sig, url) {
    const body = JSON.parse(entry.canonicalizedBody.toString('utf8'));
    const payloadHash = (0,external_node_crypto_.createHash)('sha256').update(payload).digest('hex');
    const ok = body.kind === 'dsse' &&
        body.spec?.payloadHash?.value === payloadHash &&
        body.spec.signatures?.length === 1 &&
        body.spec.signatures[0].signature === sig.toString('base64');
    if (!ok) {
        throw new SigningServiceError('Rekor', url, 'SIGN_TLOG_MISMATCH', `Rekor at ${url} returned an entry that is not for this signature.`, {
            hint: 'The log answered with another entry; do not use this Rekor instance until that is explained.',
        });
    }
}
class TsaWitness {
    tsaUrl;
    policy;
    logger;
    timestamps = [];
    constructor(tsaUrl, policy, logger) {
        this.tsaUrl = tsaUrl;
        this.policy = policy;
        this.logger = logger;
    }
    async testify(content) {
        const sig = dsseOnly(content).signatures[0].sig;
        const url = tsaEndpoint(this.tsaUrl);
        const res = await callService({
            service: 'TSA',
            url,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ artifactHash: (0,external_node_crypto_.createHash)('sha256').update(sig).digest('base64'), hashAlgorithm: 'sha256' }),
        }, this.policy, this.logger);
        if (res.body.length < 16 || res.body[0] !== 0x30) {
            throw new SigningServiceError('TSA', url, 'SIGN_SERVICE_BAD_RESPONSE', `the TSA at ${url} answered with something that is not an RFC 3161 timestamp response.`, {
                hint: 'Check that the URL is a timestamp endpoint (…/api/v1/timestamp).',
            });
        }
        this.timestamps.push({ url });
        return { rfc3161Timestamps: [{ signedTimestamp: res.body }] };
    }
}
/** A TSA base URL gets the Sigstore TSA path; a URL that already has a path is used as is. */
function tsaEndpoint(url) {
    const u = new URL(url);
    return u.pathname === '/' || u.pathname === '' ? `${trimSlash(url)}/api/v1/timestamp` : url;
}

;// CONCATENATED MODULE: ./packages/sign/dist/instance.js
/**
 * Which Sigstore instance to sign with: public-good (default), GitHub's instance (preset `github`), a Sigstore
 * signing_config.json (v0.2), or explicit URLs.
 */

const PRESETS = {
    // Public-good Sigstore: Fulcio + Rekor v1 (the dsse entry is the timestamp evidence).
    'public-good': { name: 'public-good', fulcioUrl: 'https://fulcio.sigstore.dev', rekorUrl: 'https://rekor.sigstore.dev' },
    // GitHub's Sigstore instance (private repositories): Fulcio + TSA, no public transparency log.
    github: { name: 'github', fulcioUrl: 'https://fulcio.githubapp.com', tsaUrl: 'https://timestamp.githubapp.com/api/v1/timestamp' },
};
const INSTANCE_PRESETS = Object.keys(PRESETS);
/**
 * GitHub's Sigstore instance for a GitHub server, derived as @actions/attest derives it: github.com (or no server)
 * -> fulcio.githubapp.com and timestamp.githubapp.com; any other server host H (a GHE.com tenant TENANT.ghe.com, or a
 * GHES host) -> https://fulcio.H and https://timestamp.H. No transparency log: the TSA's timestamp is the evidence.
 */
function githubInstance(serverUrl) {
    let host = 'github.com';
    if (serverUrl) {
        try {
            host = new URL(serverUrl).hostname;
        }
        catch {
            throw new SignInputError('SIGN_URL_INVALID', `the GitHub server URL "${serverUrl}" is not a URL.`, {
                hint: 'GITHUB_SERVER_URL is set by the runner (https://github.com, https://TENANT.ghe.com); unset it or fix it.',
            });
        }
    }
    if (host === 'github.com')
        return { ...PRESETS.github };
    return { name: `github (${host})`, fulcioUrl: `https://fulcio.${host}`, tsaUrl: `https://timestamp.${host}/api/v1/timestamp` };
}
/**
 * The instance @actions/attest picks on GitHub Actions: public repositories sign on public-good Sigstore (the
 * transparency log is public anyway); private and internal ones, and any repository not known to be public, on
 * GitHub's instance for the server, so that their names, workflows and commits stay out of a public log.
 */
function chooseGitHubInstance(facts) {
    const from = facts.visibilitySource ? ` (${facts.visibilitySource})` : '';
    if (facts.visibility === 'public')
        return { preset: 'public-good', reason: `the repository is public${from}` };
    return {
        preset: 'github',
        reason: facts.visibility ? `the repository is ${facts.visibility}${from}` : `the repository is not known to be public${from}`,
    };
}
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
function pick(entries, maxApi, what, location, now) {
    if (entries === undefined)
        return undefined;
    if (!Array.isArray(entries))
        throw new SignInputError('SIGN_CONFIG_INVALID', `${what} is not a list.`, {
            location,
            hint: 'Use the Sigstore signing_config.json v0.2 format.',
        });
    const skipped = [];
    const usable = entries
        .filter((e) => {
        if (typeof e?.url !== 'string')
            return false;
        const api = typeof e.majorApiVersion === 'number' ? e.majorApiVersion : 1;
        if (api > maxApi) {
            skipped.push(api);
            return false;
        }
        const start = typeof e.validFor?.start === 'string' ? Date.parse(e.validFor.start) : 0;
        const end = typeof e.validFor?.end === 'string' ? Date.parse(e.validFor.end) : Infinity;
        return start <= now.getTime() && now.getTime() <= end;
    })
        .sort((a, b) => Date.parse(String(b.validFor?.start ?? 0)) - Date.parse(String(a.validFor?.start ?? 0)));
    const first = usable[0];
    return first ? { url: first.url, skipped } : { url: '', skipped };
}
/** Reads a signing_config.json (already parsed). `location` is the file for messages. */
function instanceFromSigningConfig(config, location, now = new Date()) {
    const c = config;
    if (!c || typeof c !== 'object') {
        throw new SignInputError('SIGN_CONFIG_INVALID', 'the signing config is not a JSON object.', {
            location,
            hint: 'Use the Sigstore signing_config.json v0.2 format.',
        });
    }
    if (c.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
        throw new SignInputError('SIGN_CONFIG_INVALID', `the signing config's mediaType is ${JSON.stringify(c.mediaType ?? null)}, not ${SIGNING_CONFIG_MEDIA_TYPE}.`, {
            location,
            hint: 'Custody reads Sigstore signing_config.json v0.2 (as shipped in the instance TUF repository).',
        });
    }
    const ca = pick(c.caUrls, 1, 'caUrls', location, now);
    const tlog = pick(c.rekorTlogUrls, 1, 'rekorTlogUrls', location, now);
    const tsa = pick(c.tsaUrls, 1, 'tsaUrls', location, now);
    if (tlog && !tlog.url && tlog.skipped.length) {
        throw new SignInputError('SIGN_CONFIG_UNSUPPORTED', `the signing config lists only Rekor API v${tlog.skipped[0]} logs; Custody writes Rekor v1 entries.`, {
            location,
            hint: 'Add a Rekor v1 log to rekorTlogUrls, or leave the log out and use a TSA (tsaUrls).',
        });
    }
    const instance = { name: `signing config ${location}` };
    if (ca?.url)
        instance.fulcioUrl = ca.url;
    if (tlog?.url)
        instance.rekorUrl = tlog.url;
    if (tsa?.url)
        instance.tsaUrl = tsa.url;
    if (!instance.fulcioUrl && !instance.rekorUrl && !instance.tsaUrl) {
        throw new SignInputError('SIGN_CONFIG_INVALID', 'the signing config lists no usable Fulcio, Rekor or TSA service (none valid now).', {
            location,
            hint: 'Check caUrls / rekorTlogUrls / tsaUrls and their validFor dates.',
        });
    }
    return instance;
}
function checkUrl(url, flag) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        throw new SignInputError('SIGN_URL_INVALID', `${flag} "${url}" is not a URL.`, { hint: `Give ${flag} as https://host[:port].` });
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))) {
        throw new SignInputError('SIGN_URL_INSECURE', `${flag} ${url} is not https.`, {
            hint: 'Sigstore services are reached over https (plain http only on loopback, for tests).',
        });
    }
    return url;
}
/**
 * The instance to use. Explicit URLs override the signing config's, which override the preset's. Keyless without
 * anything: public-good. Key-based without anything: no services (no tlog, no timestamp).
 */
function resolveInstance(options) {
    let base;
    if (options.preset) {
        const preset = Object.hasOwn(PRESETS, options.preset) ? PRESETS[options.preset] : undefined;
        if (!preset) {
            throw new SignInputError('SIGN_INSTANCE_UNKNOWN', `"${options.preset}" is not a Sigstore instance Custody knows.`, {
                hint: `Use one of ${INSTANCE_PRESETS.join(', ')}, or --signing-config FILE for any other instance.`,
            });
        }
        base = options.preset === 'github' ? githubInstance(options.serverUrl) : { ...preset };
        if (options.presetSigningConfig) {
            const fromConfig = instanceFromSigningConfig(options.presetSigningConfig.json, options.presetSigningConfig.location, options.now);
            base = { ...fromConfig, name: `${base.name} (endpoints from ${options.presetSigningConfig.location})` };
        }
        if (options.reason)
            base.reason = options.reason;
    }
    else
        base = { name: 'custom URLs' };
    if (options.signingConfig)
        base = instanceFromSigningConfig(options.signingConfig.json, options.signingConfig.location, options.now);
    const explicit = Boolean(options.fulcioUrl || options.rekorUrl || options.tsaUrl);
    if (options.fulcioUrl)
        base.fulcioUrl = checkUrl(options.fulcioUrl, '--fulcio-url');
    if (options.rekorUrl)
        base.rekorUrl = checkUrl(options.rekorUrl, '--rekor-url');
    if (options.tsaUrl)
        base.tsaUrl = checkUrl(options.tsaUrl, '--tsa-url');
    if (!options.preset && !options.signingConfig && !explicit) {
        return options.keyBased ? { name: 'none (offline key signing)' } : { ...PRESETS['public-good'] };
    }
    if (!options.keyBased) {
        if (!base.fulcioUrl) {
            throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a Fulcio URL and ${base.name} has none.`, {
                hint: 'Add --fulcio-url, or use a signing config with caUrls, or sign with --key.',
            });
        }
        if (!base.rekorUrl && !base.tsaUrl) {
            throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a transparency log or a timestamp authority and ${base.name} has neither.`, {
                hint: 'A certificate is valid for minutes, so a verifier needs a signed time: add --rekor-url and/or --tsa-url.',
            });
        }
    }
    return base;
}

// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
;// CONCATENATED MODULE: ./packages/sign/dist/sign.js
/**
 * Statement -> DSSE envelope (payload type application/vnd.in-toto+json) -> Sigstore bundle v0.3, through
 * @sigstore/sign's DSSEBundleBuilder with Custody's signers and witnesses (retrying, error-naming HTTP).
 */








/** The media type of the bundles written here (@custody/core's constant). */
const BUNDLE_MEDIA_TYPE_V03 = (/* unused pure expression or super */ null && (MEDIA_SIGSTORE_BUNDLE_V03));
async function signPayload(payload, options) {
    const { instance, logger } = options;
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (options.key && options.identityToken) {
        throw new SignInputError('SIGN_CREDENTIALS_CONFLICT', 'both a signing key and an identity token were given.', {
            hint: 'Use --key for key-based signing or an OIDC token for keyless signing, not both.',
        });
    }
    let signer;
    if (options.key)
        signer = new KeySigner(options.key);
    else if (options.identityToken) {
        if (!instance.fulcioUrl) {
            throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a Fulcio URL and ${instance.name} has none.`, {
                hint: 'Add --fulcio-url or use a signing config with caUrls.',
            });
        }
        const inspected = inspectIdentityToken(options.identityToken, { ...(options.now ? { now: options.now } : {}) });
        for (const w of inspected.warnings)
            logger?.warn(w);
        signer = new FulcioKeylessSigner(instance.fulcioUrl, options.identityToken, policy, logger);
    }
    else {
        throw new SignInputError('SIGN_NO_CREDENTIALS', 'no signing key and no OIDC identity token: nothing to sign with.', {
            hint: 'Pass --key FILE or an identity token.',
        });
    }
    const rekor = instance.rekorUrl ? new RekorV1Witness(instance.rekorUrl, policy, logger) : undefined;
    const tsa = instance.tsaUrl ? new TsaWitness(instance.tsaUrl, policy, logger) : undefined;
    const witnesses = [rekor, tsa].filter((w) => w !== undefined);
    const builder = new sign_dist/* DSSEBundleBuilder */.VV({ signer, witnesses });
    const bundle = await builder.create({ data: payload, type: options.payloadType ?? dist/* INTOTO_PAYLOAD_TYPE */.w9 });
    const json = (0,bundle_dist.bundleToJSON)(bundle);
    const identity = signer instanceof FulcioKeylessSigner ? signer.identity : undefined;
    return {
        bundle: json,
        bundleJson: `${JSON.stringify(json)}\n`,
        mediaType: json.mediaType,
        ...(identity ? { identity: { san: identity.san, issuer: identity.issuer } } : {}),
        ...(options.key ? { keyId: options.key.keyId } : {}),
        tlogEntries: rekor?.entries ?? [],
        timestamps: tsa?.timestamps.length ?? 0,
        instance,
    };
}
/** Signs an in-toto Statement v1 (serialized as canonical JSON). */
function signStatement(statement, options) {
    return signPayload(Buffer.from((0,dist/* canonicalJson */.dj)(statement), 'utf8'), options);
}

;// CONCATENATED MODULE: ./packages/sign/dist/index.js










/***/ })

};
