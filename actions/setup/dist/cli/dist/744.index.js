export const id = 744;
export const ids = [744];
export const modules = {

/***/ 8744:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  githubReader: () => (/* binding */ githubReader),
  planGitHubStore: () => (/* binding */ planGitHubStore),
  readGitHubAttestations: () => (/* binding */ readGitHubAttestations),
  storeOnGitHub: () => (/* binding */ storeOnGitHub)
});

// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(7480);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./packages/github/dist/api/http.js
/**
 * One bounded HTTP exchange with GitHub (node:http/https, no fetch): a connect timeout, an idle timeout, the call's
 * deadline, and a cap on the response body (Content-Length checked first, then bytes counted as they arrive), all
 * from packages/core's limits (CUSTODY_HTTP_* and CUSTODY_MAX_BUNDLE_BYTES). The same bounds as the registry and
 * Sigstore clients; this copy exists because packages never import each other.
 */



// As the registry client: proxies from HTTP(S)_PROXY/NO_PROXY when NODE_USE_ENV_PROXY is set (Node 24).
const proxyOption = process.env.NODE_USE_ENV_PROXY ? { proxyEnv: process.env } : {};
const agents = { http: new external_node_http_.Agent({ keepAlive: true, ...proxyOption }), https: new external_node_https_.Agent({ keepAlive: true, ...proxyOption }) };
class HttpTimeout extends Error {
    limit;
    name = 'HttpTimeout';
    constructor(limit, message) {
        super(message);
        this.limit = limit;
    }
}
function send(url, method, headers, body, bounds, what) {
    const bound = (0,dist/* limits */.Fy)();
    return new Promise((resolve, reject) => {
        const isHttps = url.protocol === 'https:';
        let settled = false;
        let connectTimer;
        let abortReason;
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
        const req = (isHttps ? external_node_https_.request : external_node_http_.request)(url, {
            method,
            agent: isHttps ? agents.https : agents.http,
            headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        }, (res) => {
            const declared = Number(res.headers['content-length'] ?? NaN);
            if (Number.isFinite(declared) && declared > bounds.maxBytes) {
                res.destroy();
                done(new dist/* LimitError */.oC('bundleBytes', `the answer of ${what} declares ${declared} bytes, over the limit of ${(0,dist/* formatLimit */.tW)('bundleBytes', bounds.maxBytes)}.`, { location: url.origin + url.pathname }));
                return;
            }
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size > bounds.maxBytes) {
                    res.destroy();
                    done(new dist/* LimitError */.oC('bundleBytes', `the answer of ${what} runs past the limit of ${(0,dist/* formatLimit */.tW)('bundleBytes', bounds.maxBytes)}.`, { location: url.origin + url.pathname }));
                    return;
                }
                chunks.push(c);
            });
            res.on('error', (err) => done(abortReason ?? err));
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
        const abort = (err) => {
            abortReason = err;
            req.destroy(err);
            done(err);
        };
        const deadlineTimer = setTimeout(() => abort(new HttpTimeout('httpDeadlineMs', `${what} was not done within ${(0,dist/* formatLimit */.tW)('httpDeadlineMs', bound.httpDeadlineMs)}`)), Math.max(0, bounds.deadline - Date.now()));
        deadlineTimer.unref();
        req.on('socket', (socket) => {
            if (socket.connecting) {
                connectTimer = setTimeout(() => abort(new HttpTimeout('httpConnectMs', `no connection within ${(0,dist/* formatLimit */.tW)('httpConnectMs', bound.httpConnectMs)}`)), bound.httpConnectMs);
                connectTimer.unref();
                socket.once('connect', () => clearTimeout(connectTimer));
            }
        });
        req.setTimeout(bound.httpIdleMs, () => abort(new HttpTimeout('httpIdleMs', `no byte for ${(0,dist/* formatLimit */.tW)('httpIdleMs', bound.httpIdleMs)}`)));
        req.on('error', (err) => done(abortReason ?? err));
        req.end(body);
    });
}

;// CONCATENATED MODULE: ./packages/github/dist/api/snappy.js
/**
 * Snappy block-format decoding (https://github.com/google/snappy/blob/main/format_description.txt), for bundles
 * GitHub serves through an attestation's `bundle_url`: gh (pkg/cmd/attestation/api) decodes those with
 * golang/snappy's block `Decode`, so Custody does the same. Bounded: the declared length is checked against `max`
 * before anything is allocated, and every copy is checked against what has been written so far.
 */
class SnappyError extends Error {
    name = 'SnappyError';
}
function varint(buf) {
    let value = 0;
    for (let i = 0; i < 5 && i < buf.length; i++) {
        const b = buf[i];
        value += (b & 0x7f) * 2 ** (7 * i);
        if ((b & 0x80) === 0)
            return { value, size: i + 1 };
    }
    throw new SnappyError('the length header is not a valid varint');
}
/** The decoded length a snappy block declares (its varint header). */
function snappyDecodedLength(buf) {
    return varint(buf).value;
}
/** Decodes one snappy block; refuses a declared length over `max` bytes before allocating. */
function snappyDecode(buf, max) {
    const { value: length, size } = varint(buf);
    if (length > max)
        throw new SnappyError(`it declares ${length} decoded bytes, over the limit of ${max}`);
    const out = Buffer.alloc(length);
    let o = 0;
    let i = size;
    while (i < buf.length) {
        const tag = buf[i];
        const kind = tag & 3;
        i++;
        if (kind === 0) {
            let len = tag >> 2;
            if (len >= 60) {
                const extra = len - 59;
                if (i + extra > buf.length)
                    throw new SnappyError('a literal length runs past the end');
                len = 0;
                for (let k = 0; k < extra; k++)
                    len += buf[i + k] * 2 ** (8 * k);
                i += extra;
            }
            len += 1;
            if (i + len > buf.length || o + len > length)
                throw new SnappyError('a literal runs past the end');
            out.set(buf.subarray(i, i + len), o);
            i += len;
            o += len;
            continue;
        }
        let len;
        let offset;
        if (kind === 1) {
            if (i + 1 > buf.length)
                throw new SnappyError('a copy runs past the end');
            len = ((tag >> 2) & 7) + 4;
            offset = ((tag >> 5) << 8) | buf[i];
            i += 1;
        }
        else if (kind === 2) {
            if (i + 2 > buf.length)
                throw new SnappyError('a copy runs past the end');
            len = (tag >> 2) + 1;
            offset = buf[i] | (buf[i + 1] << 8);
            i += 2;
        }
        else {
            if (i + 4 > buf.length)
                throw new SnappyError('a copy runs past the end');
            len = (tag >> 2) + 1;
            offset = (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16)) + buf[i + 3] * 2 ** 24;
            i += 4;
        }
        if (offset === 0 || offset > o || o + len > length)
            throw new SnappyError('a copy points outside the output');
        // Copies may overlap their own output (run-length style): byte by byte.
        for (let k = 0; k < len; k++)
            out[o + k] = out[o - offset + k];
        o += len;
    }
    if (o !== length)
        throw new SnappyError(`it decodes to ${o} bytes, not the ${length} it declares`);
    return out;
}

;// CONCATENATED MODULE: ./packages/github/dist/api/index.js
/**
 * GitHub's artifact attestations REST API: store a Sigstore bundle with a repository, and list the attestations
 * of a subject digest from a repository or an organization. `@custody/github/api` imports nothing from @actions/*
 * (unlike `@custody/github`), so the CLI can use it: src/commands composes it with signing and verification.
 *
 * Shapes, as GitHub documents them and as @actions/attest (writeAttestation) and gh (pkg/cmd/attestation/api) use them:
 * - POST {api}/repos/{owner}/{repo}/attestations, body {"bundle": <bundle>}, 201 {"id": N}; the page of an
 *   attestation is {server}/{owner}/{repo}/attestations/{id} (actions/attest's attestation-url).
 * - GET {api}/repos/{owner}/{repo}/attestations/{digest}?per_page=N and {api}/orgs/{org}/attestations/{digest},
 *   200 {"attestations": [{"bundle": {...} | null, "bundle_url"?: URL, "repository_id": N}]}, the next page in the
 *   Link header (rel="next", an `after` cursor). A `bundle_url` serves the bundle snappy-compressed (gh decodes it
 *   with snappy's block format); plain JSON is accepted too.
 * Headers: Accept application/vnd.github+json, X-GitHub-Api-Version 2022-11-28, Authorization Bearer.
 *
 * Every call is bounded (packages/core limits) and retried on network errors and 5xx; rate limits (429, or 403 with
 * Retry-After / x-ratelimit-remaining: 0) are waited out when the wait is short, else reported with the reset time.
 * The token is never printed: it is registered with the logger's masking and appears in no message.
 */




const GITHUB_API_VERSION = '2022-11-28';
/** gh's default and maximum number of attestations read for one digest (gh attestation verify --limit). */
const DEFAULT_ATTESTATION_LIMIT = 30;
const MAX_ATTESTATION_LIMIT = 1000;
/** The most GitHub returns on one page. */
const MAX_PER_PAGE = 100;
/** An error talking to GitHub's API. Exit 2: the run cannot tell whether the artifact is attested. */
class GitHubApiError extends dist/* CustodyError */.Kf {
    status;
    constructor(code, message, options = {}) {
        super(code, message, options);
        this.status = options.status;
    }
}
const isLoopback = (host) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
function checkBase(raw, source) {
    let u;
    try {
        u = new URL(raw);
    }
    catch {
        throw new GitHubApiError('GITHUB_API_URL_INVALID', `${source} is "${raw}", not a URL.`, {
            hint: 'Give the REST API base, e.g. https://api.github.com or https://HOST/api/v3 (GitHub Enterprise Server).',
        });
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
        throw new GitHubApiError('GITHUB_API_URL_INVALID', `${source} is ${u.origin}: the token would be sent in clear text.`, {
            hint: 'Use an https:// URL (plain http is accepted on loopback only).',
        });
    }
    return u;
}
/**
 * Where GitHub's API is and which token to use. The API base: GITHUB_API_URL (set on every GitHub Actions runner, so
 * GHES and GHE.com work), else derived from `hostname` as gh does (github.com -> api.github.com, *.ghe.com ->
 * api.HOST, another host -> HOST/api/v3). The token: `token` (an action input), else GITHUB_TOKEN, else GH_TOKEN.
 */
function githubApi(env, options = {}) {
    const host = (options.hostname || 'github.com').toLowerCase();
    let apiUrl;
    let apiUrlSource;
    if (env.GITHUB_API_URL) {
        apiUrl = env.GITHUB_API_URL;
        apiUrlSource = 'GITHUB_API_URL';
    }
    else {
        apiUrl =
            host === 'github.com' ? 'https://api.github.com' : host.endsWith('.ghe.com') ? `https://api.${host}` : `https://${host}/api/v3`;
        apiUrlSource = `the API of ${host}`;
    }
    const base = checkBase(apiUrl, apiUrlSource);
    const serverUrl = (env.GITHUB_SERVER_URL || `https://${host}`).replace(/\/+$/, '');
    const tried = [];
    let token;
    let tokenSource;
    const candidates = [
        ...(options.tokenSource ? [[options.tokenSource, options.token]] : []),
        ['GITHUB_TOKEN', env.GITHUB_TOKEN],
        ['GH_TOKEN', env.GH_TOKEN],
    ];
    for (const [name, value] of candidates) {
        tried.push(name);
        if (value?.trim()) {
            token = value.trim();
            tokenSource = name;
            break;
        }
    }
    if (token)
        (0,dist/* addSecret */.Ck)(token);
    return {
        apiUrl: base.href.replace(/\/+$/, ''),
        serverUrl,
        apiUrlSource,
        ...(token ? { token, tokenSource: tokenSource } : {}),
        tokenSourcesTried: tried,
        ...(options.logger ? { logger: options.logger } : {}),
    };
}
/** The token, or GITHUB_TOKEN_MISSING (exit 2) naming the variables tried and the permission needed. */
function requireToken(api, purpose, permission, alternative) {
    if (api.token)
        return api.token;
    throw new GitHubApiError('GITHUB_TOKEN_MISSING', `${purpose} needs a GitHub token, and none is set (tried ${api.tokenSourcesTried.join(', ')}).`, {
        hint: `Set GITHUB_TOKEN or GH_TOKEN to a token with ${permission} (in a workflow: env: GITHUB_TOKEN: \${{ github.token }} and permissions: ${permission})${alternative ? `, or ${alternative}` : ''}.`,
    });
}
const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;
/** owner/repo, checked (no path tricks reach the URL). */
function parseRepo(text, source = '--repo') {
    const m = /^([^/]+)\/([^/]+)$/.exec(text.trim());
    if (!m || !OWNER_RE.test(m[1]) || !OWNER_RE.test(m[2]) || m[2] === '.' || m[2] === '..') {
        throw new GitHubApiError('GITHUB_REPO_INVALID', `${source} is "${text.slice(0, 200)}", not OWNER/REPO.`, {
            hint: 'Name the repository as OWNER/REPO, e.g. octo-org/app.',
        });
    }
    return { owner: m[1], repo: m[2].replace(/\.git$/, '') };
}
function checkOwner(text, source = '--owner') {
    if (!OWNER_RE.test(text.trim()))
        throw new GitHubApiError('GITHUB_REPO_INVALID', `${source} is "${text.slice(0, 200)}", not an organization name.`, {
            hint: 'Give the organization, e.g. octo-org.',
        });
    return text.trim();
}
const sleepFor = (ms) => new Promise((r) => setTimeout(r, ms));
function messageOf(body) {
    const text = body.toString('utf8').trim();
    try {
        const parsed = JSON.parse(text);
        if (typeof parsed.message === 'string')
            return parsed.message.slice(0, 300);
    }
    catch {
        // not JSON
    }
    return text.slice(0, 200).replace(/\s+/g, ' ');
}
/** How long a rate-limited answer asks to wait, or undefined when it is not a rate limit. */
function rateLimitWait(status, headers, body, now = Date.now()) {
    if (status !== 429 && status !== 403)
        return undefined;
    const retryAfter = headers.get('retry-after');
    if (retryAfter && /^\d+$/.test(retryAfter.trim()))
        return Number(retryAfter.trim()) * 1000;
    if (retryAfter) {
        const at = Date.parse(retryAfter);
        if (!Number.isNaN(at))
            return Math.max(0, at - now);
    }
    if (headers.get('x-ratelimit-remaining') === '0') {
        const reset = Number(headers.get('x-ratelimit-reset'));
        if (Number.isFinite(reset) && reset > 0)
            return Math.max(1000, reset * 1000 - now);
        return 60_000;
    }
    // GitHub's secondary rate limits: 403/429 with a message and no header; its docs say to wait at least a minute.
    if (status === 429 || /rate limit/i.test(messageOf(body)))
        return 60_000;
    return undefined;
}
function headersFor(api, ctx, json) {
    return {
        accept: 'application/vnd.github+json',
        'x-github-api-version': GITHUB_API_VERSION,
        'user-agent': `custody/${dist/* CUSTODY_VERSION */.NP}`,
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...(ctx.auth && api.token ? { authorization: `Bearer ${api.token}` } : {}),
    };
}
function statusError(api, ctx, url, res) {
    const msg = messageOf(res.body);
    const detail = `HTTP ${res.status}${msg ? ` ${msg}` : ''}`;
    const location = `${url.origin}${url.pathname}`;
    const token = ctx.auth && api.token ? `the token from ${api.tokenSource}` : 'no token';
    if (res.status === 401) {
        return new GitHubApiError('GITHUB_AUTH_FAILED', `GitHub refused ${token} while ${ctx.what} (${detail}).`, {
            location,
            status: 401,
            hint: `Check that ${api.tokenSource ?? 'GITHUB_TOKEN / GH_TOKEN'} holds a valid, unexpired token for ${api.apiUrl}.`,
        });
    }
    if (res.status === 403) {
        return new GitHubApiError('GITHUB_FORBIDDEN', `GitHub did not allow ${ctx.what}: ${token} lacks access to the ${ctx.scope} (${detail}).`, {
            location,
            status: 403,
            hint: `Give the token ${ctx.permission} on the ${ctx.scope} (in a workflow: permissions: ${ctx.permission}). Attestations in private repositories need GitHub Enterprise Cloud.`,
        });
    }
    if (res.status === 404) {
        return new GitHubApiError('GITHUB_NOT_FOUND', `GitHub answered 404 while ${ctx.what}: the ${ctx.scope} does not exist at ${api.apiUrl}, or ${token} cannot see it (${detail}).`, {
            location,
            status: 404,
            hint: `Check the name, the API (${api.apiUrlSource}: ${api.apiUrl}) and that the token can read the ${ctx.scope} (${ctx.permission}). GitHub Enterprise Server has no attestations API.`,
        });
    }
    return new GitHubApiError('GITHUB_API_REJECTED', `GitHub rejected ${ctx.what}: ${detail}.`, {
        location,
        status: res.status,
        hint: res.status === 422
            ? 'GitHub did not accept the request body; for an upload, the bundle must be a Sigstore bundle GitHub can store.'
            : 'Check the request; run again with --verbose for details.',
    });
}
/** One API call with bounded retries (network errors, 5xx) and rate limits honoured. 2xx answers are returned. */
async function call(api, method, url, body, ctx) {
    const bound = (0,dist/* limits */.Fy)();
    const sleep = api.sleep ?? sleepFor;
    const maxWait = api.maxWaitMs ?? 60_000;
    const deadline = Date.now() + bound.httpDeadlineMs;
    const location = `${url.origin}${url.pathname}`;
    let last = '';
    let rateLimited = false;
    for (let attempt = 1;; attempt++) {
        let delay;
        rateLimited = false;
        try {
            const res = await send(url, method, headersFor(api, ctx, body !== undefined), body, { deadline, maxBytes: ctx.maxBytes ?? bound.bundleBytes }, ctx.what);
            if (res.status >= 200 && res.status < 300)
                return res;
            const wait = rateLimitWait(res.status, res.headers, res.body);
            if (wait !== undefined) {
                const reset = res.headers.get('x-ratelimit-reset');
                const when = reset && /^\d+$/.test(reset) ? ` (the limit resets at ${new Date(Number(reset) * 1000).toISOString()})` : '';
                last = `HTTP ${res.status} rate limited${when}`;
                rateLimited = true;
                if (wait > maxWait) {
                    throw new GitHubApiError('GITHUB_RATE_LIMITED', `GitHub's rate limit stopped ${ctx.what}: it asks to wait ${Math.ceil(wait / 1000)} s${when}, longer than Custody waits (${maxWait / 1000} s).`, {
                        location,
                        status: res.status,
                        hint: 'Run again after the reset; an authenticated token (GITHUB_TOKEN / GH_TOKEN) has a higher limit than none.',
                    });
                }
                delay = wait;
            }
            else if (res.status >= 500 || res.status === 408) {
                last = `HTTP ${res.status} ${messageOf(res.body)}`.trim();
                delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
            }
            else
                throw statusError(api, ctx, url, res);
        }
        catch (err) {
            if (err instanceof GitHubApiError || err instanceof dist/* LimitError */.oC)
                throw err;
            if (err instanceof HttpTimeout && err.limit === 'httpDeadlineMs')
                throw new dist/* LimitError */.oC('httpDeadlineMs', `${ctx.what}: ${err.message}.`, { location });
            last = (0,dist/* describeCause */.V$)(err);
            delay = Math.min(8_000, 500 * 2 ** (attempt - 1));
        }
        if (attempt > bound.httpRetries || Date.now() + delay >= deadline)
            break;
        api.logger?.warn(`GitHub API: ${method} ${location} failed (${last}); retry ${attempt} of ${bound.httpRetries} in ${Math.ceil(delay / 1000)} s`);
        await sleep(delay);
    }
    if (rateLimited) {
        throw new GitHubApiError('GITHUB_RATE_LIMITED', `GitHub's rate limit stopped ${ctx.what}: still limited after ${bound.httpRetries + 1} attempts (${last}).`, {
            location,
            hint: 'Run again after the reset; an authenticated token (GITHUB_TOKEN / GH_TOKEN) has a higher limit than none.',
        });
    }
    throw new GitHubApiError('GITHUB_API_UNAVAILABLE', `GitHub's API did not answer ${ctx.what} after ${bound.httpRetries + 1} attempts: ${last}.`, {
        location,
        hint: `Check that ${api.apiUrl} (${api.apiUrlSource}) is reachable from here, then run again.`,
    });
}
function parseJson(res, what, location) {
    try {
        return (0,dist/* parseJsonBounded */.Xg)(res.body.toString('utf8'), { what, location, maxBytes: 'bundleBytes' });
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `${what} is not JSON.`, {
            location,
            hint: `Check that ${location} is GitHub's REST API.`,
        });
    }
}
/** Stores one Sigstore bundle (its JSON text) with the repository: POST /repos/{owner}/{repo}/attestations. */
async function uploadAttestation(api, repository, bundleJson) {
    const { owner, repo } = parseRepo(repository, 'the repository');
    requireToken(api, `uploading the attestation to ${owner}/${repo}`, 'attestations: write');
    const url = new URL(`${api.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/attestations`);
    // The bundle exactly as signed and written: {"bundle": <its JSON>}.
    const body = Buffer.from(`{"bundle":${bundleJson.trim()}}`);
    const res = await call(api, 'POST', url, body, {
        what: `uploading the attestation to ${owner}/${repo}`,
        scope: `repository ${owner}/${repo}`,
        permission: 'attestations: write',
        auth: true,
        maxBytes: 1024 * 1024,
    });
    const parsed = parseJson(res, 'the answer to the attestation upload', url.href);
    const id = parsed && typeof parsed === 'object' ? parsed.id : undefined;
    if (!(typeof id === 'number' && Number.isSafeInteger(id)) && !(typeof id === 'string' && /^\d+$/.test(id))) {
        throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `GitHub accepted the attestation but its answer has no id.`, {
            location: url.href,
            hint: `Check that ${api.apiUrl} is GitHub's REST API.`,
        });
    }
    return { id: String(id), url: `${api.serverUrl}/${owner}/${repo}/attestations/${id}`, repository: `${owner}/${repo}` };
}
/**
 * The attestations of a subject digest (GET …/attestations/{digest}?per_page=N), following the Link header's
 * rel="next" (on the API's own origin only: the token goes nowhere else) until the limit.
 */
async function listAttestations(api, o) {
    if (!/^sha(256|512):[0-9a-f]+$/.test(o.digest))
        throw new GitHubApiError('GITHUB_DIGEST_INVALID', `"${o.digest.slice(0, 100)}" is not a sha256:HEX digest.`, {
            hint: 'Give the artifact or its sha256:HEX digest.',
        });
    const limit = o.limit ?? DEFAULT_ATTESTATION_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ATTESTATION_LIMIT) {
        throw new GitHubApiError('GITHUB_LIMIT_INVALID', `the limit ${limit} is not a whole number from 1 to ${MAX_ATTESTATION_LIMIT}.`, {
            hint: `Pass --limit 1..${MAX_ATTESTATION_LIMIT} (default ${DEFAULT_ATTESTATION_LIMIT}).`,
        });
    }
    let path;
    let scope;
    if (o.repo) {
        const { owner, repo } = parseRepo(o.repo);
        path = `repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
        scope = `repository ${owner}/${repo}`;
    }
    else if (o.owner) {
        const org = checkOwner(o.owner);
        path = `orgs/${encodeURIComponent(org)}`;
        scope = `organization ${org}`;
    }
    else
        throw new GitHubApiError('GITHUB_REPO_INVALID', 'reading attestations from GitHub needs --repo OWNER/REPO or --owner ORG.', {
            hint: 'Say whose attestations to read: --repo octo-org/app or --owner octo-org.',
        });
    requireToken(api, `reading attestations from the ${scope}`, 'attestations: read (or contents: read)', 'pass the attestations with --bundle FILE');
    const origin = new URL(api.apiUrl).origin;
    let next = new URL(`${api.apiUrl}/${path}/attestations/${o.digest}?per_page=${Math.min(limit, MAX_PER_PAGE)}`);
    const seen = new Set();
    const out = [];
    let pages = 0;
    while (next && out.length < limit) {
        seen.add(next.href);
        const res = await call(api, 'GET', next, undefined, {
            what: `listing the attestations of ${o.digest} in the ${scope}`,
            scope,
            permission: 'attestations: read (or contents: read)',
            auth: true,
        });
        pages++;
        const where = `${next.origin}${next.pathname}`;
        const page = parseJson(res, `a page of attestations from ${where}`, where);
        if (!page || typeof page !== 'object' || !Array.isArray(page.attestations)) {
            throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `the answer from ${where} has no "attestations" list.`, {
                location: where,
                hint: `Check that ${api.apiUrl} is GitHub's REST API.`,
            });
        }
        for (const entry of page.attestations) {
            if (out.length >= limit)
                break;
            const source = `${api.apiUrl}/${path}/attestations/${o.digest}#${out.length + 1}`;
            const e = entry;
            const item = { source };
            if (e && typeof e === 'object') {
                if (typeof e.repository_id === 'number')
                    item.repositoryId = e.repository_id;
                if (e.bundle && typeof e.bundle === 'object')
                    item.bundle = JSON.stringify(e.bundle);
                else if (typeof e.bundle_url === 'string' && e.bundle_url)
                    item.bundleUrl = e.bundle_url;
                else
                    item.invalid = 'the entry has neither a bundle nor a bundle_url';
            }
            else
                item.invalid = 'the entry is not an object';
            out.push(item);
        }
        const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '');
        next = undefined;
        if (link && page.attestations.length > 0) {
            let u;
            try {
                u = new URL(link[1], api.apiUrl);
            }
            catch {
                throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `the next-page link from ${where} is not a URL.`, { location: where });
            }
            if (u.origin !== origin) {
                throw new GitHubApiError('GITHUB_API_INVALID_RESPONSE', `the next-page link from ${where} points to ${u.origin}, not the API (${origin}); the token is not sent there.`, { location: where, hint: 'The API or a proxy in between is misbehaving.' });
            }
            if (!seen.has(u.href))
                next = u;
        }
    }
    return { attestations: out, pages, truncated: Boolean(next), scope };
}
/**
 * The bundle behind a `bundle_url`: fetched (the token is sent only to the API's own origin; blob storage URLs are
 * signed), then snappy-decoded as gh does; a body that already is JSON is taken as is. Returns the bundle's JSON text.
 * A body that cannot be decoded is GITHUB_BUNDLE_INVALID (that one attestation is ignored by the caller).
 */
async function fetchBundleUrl(api, raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new GitHubApiError('GITHUB_BUNDLE_INVALID', `the bundle_url "${raw.slice(0, 200)}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
        throw new GitHubApiError('GITHUB_BUNDLE_INVALID', `the bundle_url ${url.origin} is not https.`);
    }
    const sameOrigin = url.origin === new URL(api.apiUrl).origin;
    const res = await call(api, 'GET', url, undefined, {
        what: `fetching a bundle from ${url.origin}${url.pathname}`,
        scope: 'attestation bundle',
        permission: 'attestations: read',
        auth: sameOrigin,
    });
    const body = res.body;
    const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first === 0x7b)
        return body.toString('utf8');
    try {
        return snappyDecode(body, (0,dist/* limits */.Fy)().bundleBytes).toString('utf8');
    }
    catch (err) {
        if (err instanceof SnappyError)
            throw new GitHubApiError('GITHUB_BUNDLE_INVALID', `the bundle at ${url.origin}${url.pathname} is neither JSON nor snappy-compressed JSON (${err.message}).`, { location: `${url.origin}${url.pathname}` });
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/src/commands/github-store.js
/**
 * Storing bundles in GitHub's attestations API (`custody attest --store github`, the actions' store-github input),
 * through @custody/github/api (no @actions/* in the CLI's import graph).
 */


/** Checks, before anything is signed, that an upload can be attempted: the repository and a token. */
function planGitHubStore(o) {
    const repoText = o.repo || o.env.GITHUB_REPOSITORY;
    if (!repoText) {
        if (o.mode === 'auto')
            return { mode: 'auto', skipped: 'no repository (GITHUB_REPOSITORY is not set)' };
        throw new GitHubApiError('GITHUB_REPO_INVALID', '--store github needs the repository to store the attestation with, and none was given.', {
            hint: 'Pass --repo OWNER/REPO (on GitHub Actions, GITHUB_REPOSITORY names it).',
        });
    }
    const repo = parseRepo(repoText, o.repo ? '--repo' : 'GITHUB_REPOSITORY');
    const api = githubApi(o.env, { ...(o.token ? { token: o.token, tokenSource: 'the github-token input' } : {}), logger: o.logger });
    if (!api.token && o.mode === 'auto')
        return { mode: 'auto', skipped: `no GitHub token (tried ${api.tokenSourcesTried.join(', ')})` };
    requireToken(api, `--store github (uploading to ${repo.owner}/${repo.repo})`, 'attestations: write', 'drop --store github');
    return { mode: o.mode, repo: `${repo.owner}/${repo.repo}`, api };
}
/** Uploads one bundle. In auto mode a GitHub error becomes a warning and the result says why. */
async function storeOnGitHub(plan, bundleJson, logger) {
    if (!plan.api || !plan.repo) {
        logger.info(`GitHub attestations API: not used (${plan.skipped ?? 'not asked'})`);
        return { skipped: plan.skipped ?? 'not asked' };
    }
    try {
        const up = await uploadAttestation(plan.api, plan.repo, bundleJson);
        logger.info(`stored with GitHub as attestation ${up.id}: ${up.url}`);
        return { repository: up.repository, id: up.id, url: up.url };
    }
    catch (err) {
        // Auto mode: anything GitHub or the way to it says (refusals, outages, timeouts) is a warning; the bundle file
        // is written either way. Other errors are Custody's and still fail.
        const gitHubSide = err instanceof GitHubApiError || (err instanceof dist/* CustodyError */.Kf && err.code.startsWith('LIMIT_HTTP_'));
        if (plan.mode !== 'auto' || !gitHubSide)
            throw err;
        const status = err instanceof GitHubApiError ? err.status : undefined;
        const fix = status === 403 || status === 401 ? ' Give the job `permissions: attestations: write`, or set store-github: false.' : '';
        logger.warn(`the attestation was not stored with GitHub: ${err.describe()}${fix}`);
        return { repository: plan.repo, skipped: err.message, code: err.code };
    }
}
/** Checks that GitHub can be asked (a token is set); undefined with `optional` when there is none. */
function githubReader(o, env, logger, optional = false) {
    const api = githubApi(env, {
        ...(o.hostname ? { hostname: o.hostname } : {}),
        ...(o.token ? { token: o.token, tokenSource: o.tokenSource ?? 'the given token' } : {}),
        ...(logger ? { logger } : {}),
    });
    if (!api.token && optional)
        return undefined;
    const scope = o.repo ? `repository ${o.repo}` : `organization ${o.owner ?? ''}`;
    requireToken(api, `reading the attestations from GitHub (${scope})`, 'attestations: read (or contents: read)', 'pass the attestations with --bundle FILE');
    return api;
}
/**
 * Lists the attestations of `digest` (repository endpoint with a repo, else the organization's), then yields each
 * bundle's bytes: inline ones at once, `bundle_url` ones fetched one at a time as they are iterated. A bundle that
 * cannot be decoded is yielded as unreadable (ignored, with its reason); API errors stop the run (exit 2).
 */
async function readGitHubAttestations(api, o, digest) {
    const listed = await listAttestations(api, {
        ...(o.repo ? { repo: o.repo } : { owner: o.owner }),
        digest,
        ...(o.limit ? { limit: o.limit } : {}),
    });
    const notes = [
        `${listed.attestations.length} attestation(s) read from GitHub's attestations API (${listed.scope}, ${api.apiUrl}, ${listed.pages} page(s))${listed.truncated ? `; stopped at the limit of ${o.limit ?? 30}, more are listed (raise --limit)` : ''}`,
    ];
    async function* each() {
        for (const a of listed.attestations) {
            if (a.invalid) {
                yield { uri: a.source, bytes: new Uint8Array(0), unreadable: a.invalid };
            }
            else if (a.bundle !== undefined) {
                yield { uri: a.source, bytes: Buffer.from(a.bundle) };
            }
            else {
                try {
                    yield { uri: a.source, bytes: Buffer.from(await fetchBundleUrl(api, a.bundleUrl)) };
                }
                catch (err) {
                    if (!(err instanceof GitHubApiError) || err.code !== 'GITHUB_BUNDLE_INVALID')
                        throw err;
                    yield { uri: a.source, bytes: new Uint8Array(0), unreadable: `${err.code}: ${err.message}` };
                }
            }
        }
    }
    return { notes, count: listed.attestations.length, attestations: each() };
}


/***/ })

};
