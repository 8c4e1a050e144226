export const id = 216;
export const ids = [216];
export const modules = {

/***/ 11216:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  attest: () => (/* binding */ attest)
});

// UNUSED EXPORTS: STORE_KINDS, defaultBundleName, describeAttestation, detectSbomPredicateType, signingInstanceFor

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/dist/index.js + 13 modules
var dist = __webpack_require__(87480);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./packages/ci/dist/fetch.js
/**
 * Bounded JSON fetches for the OIDC endpoints (GitHub's token endpoint, an issuer's discovery document and JWKS):
 * the answer's headers must come within the connect + idle limits, the body may not stall longer than the idle
 * limit, the whole exchange ends by the request timeout (at most the deadline limit), and the body is capped
 * (Content-Length checked first, then bytes counted as they arrive). These documents are a few KiB; 1 MiB is plenty.
 */

/** The most any OIDC answer (token, discovery document, JWKS) may be. */
const OIDC_MAX_BODY_BYTES = 1024 * 1024;
class BodyTooLargeError extends Error {
    name = 'BodyTooLargeError';
}
/**
 * fetch(url) within the time and size bounds; returns the status and the parsed JSON body of a 2xx answer.
 * Rejects on network errors, timeouts (AbortError/TimeoutError), an over-large body (BodyTooLargeError) and
 * LimitError (JSON nesting).
 */
async function fetchJsonBounded(fetcher, url, init) {
    const bound = (0,dist/* limits */.Fy)();
    const total = Math.min(init.timeoutMs, bound.httpDeadlineMs);
    const controller = new AbortController();
    const abort = (why) => controller.abort(Object.assign(new Error(why), { name: 'TimeoutError' }));
    const overall = setTimeout(() => abort(`no complete answer within ${total} ms`), total);
    let idle = setTimeout(() => abort(`no answer within ${bound.httpConnectMs + bound.httpIdleMs} ms`), bound.httpConnectMs + bound.httpIdleMs);
    try {
        const res = await fetcher(url, {
            headers: init.headers,
            ...(init.redirect ? { redirect: init.redirect } : {}),
            signal: controller.signal,
        });
        clearTimeout(idle);
        if (!res.ok) {
            await res.body?.cancel().catch(() => undefined);
            return { status: res.status, ok: false, body: undefined };
        }
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (Number.isFinite(declared) && declared > OIDC_MAX_BODY_BYTES) {
            await res.body?.cancel().catch(() => undefined);
            throw new BodyTooLargeError(`the answer declares ${declared} bytes (more than ${OIDC_MAX_BODY_BYTES})`);
        }
        const chunks = [];
        let size = 0;
        if (res.body) {
            const reader = res.body.getReader();
            for (;;) {
                idle = setTimeout(() => abort(`the answer stalled for ${bound.httpIdleMs} ms`), bound.httpIdleMs);
                const { done, value } = await reader.read();
                clearTimeout(idle);
                if (done)
                    break;
                size += value.byteLength;
                if (size > OIDC_MAX_BODY_BYTES) {
                    await reader.cancel().catch(() => undefined);
                    throw new BodyTooLargeError(`the answer runs past ${OIDC_MAX_BODY_BYTES} bytes`);
                }
                chunks.push(value);
            }
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let body;
        try {
            body = (0,dist/* parseJsonBounded */.Xg)(text, { what: `the answer of ${typeof url === 'string' ? url : url.href}`, maxBytes: 'ociJsonBytes' });
        }
        catch (err) {
            if (err instanceof dist/* LimitError */.oC)
                throw err;
            body = undefined;
        }
        return { status: res.status, ok: true, body };
    }
    catch (err) {
        // An abort surfaces as the reason we gave it (or a generic AbortError): report the reason.
        if (controller.signal.aborted && controller.signal.reason instanceof Error)
            throw controller.signal.reason;
        throw err;
    }
    finally {
        clearTimeout(overall);
        clearTimeout(idle);
    }
}

;// CONCATENATED MODULE: ./packages/ci/dist/errors.js

/** The codes of @custody/ci: identity tokens that cannot be obtained or verified (OIDC_TOKEN_REQUEST_FAILED is core's, shared with @custody/github). */
const CI_ERROR_CODES = {
    OIDC_AUDIENCE_MISMATCH: 'OIDC_AUDIENCE_MISMATCH',
    OIDC_DISCOVERY_FAILED: 'OIDC_DISCOVERY_FAILED',
    OIDC_ISSUER_INSECURE: 'OIDC_ISSUER_INSECURE',
    OIDC_ISSUER_INVALID: 'OIDC_ISSUER_INVALID',
    OIDC_ISSUER_MISMATCH: 'OIDC_ISSUER_MISMATCH',
    OIDC_KEY_NOT_FOUND: 'OIDC_KEY_NOT_FOUND',
    OIDC_SIGNATURE_INVALID: 'OIDC_SIGNATURE_INVALID',
    OIDC_TOKEN_ALGORITHM: 'OIDC_TOKEN_ALGORITHM',
    OIDC_TOKEN_EXPIRED: 'OIDC_TOKEN_EXPIRED',
    OIDC_TOKEN_MALFORMED: 'OIDC_TOKEN_MALFORMED',
    OIDC_TOKEN_NOT_YET_VALID: 'OIDC_TOKEN_NOT_YET_VALID',
    OIDC_TOKEN_REQUEST_DENIED: 'OIDC_TOKEN_REQUEST_DENIED',
};
/** An OIDC identity token could not be obtained or verified (bad signature, wrong issuer or audience, expired, unreachable JWKS). */
class IdTokenError extends dist/* CustodyError */.Kf {
    constructor(code, message, options = {}) {
        super(code, message, { exitCode: 2, ...options });
    }
}

;// CONCATENATED MODULE: ./packages/ci/dist/oidc.js
/**
 * OIDC identity-token acquisition for keyless signing, per CI platform:
 *
 *   1. an explicit token (`--identity-token`), then `SIGSTORE_ID_TOKEN` (GitLab's `id_tokens:` name, usable anywhere);
 *   2. GitHub Actions: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud> with `Authorization: Bearer
 *      $ACTIONS_ID_TOKEN_REQUEST_TOKEN` -> {"value": "<jwt>"} (needs `permissions: id-token: write`);
 *   3. Buildkite: `buildkite-agent oidc request-token --audience <aud>`;
 *   4. CircleCI: `CIRCLE_OIDC_TOKEN_V2`.
 *
 * Every token (and the GitHub request token) is registered with core's addSecret before anything else happens, and
 * never appears in an error message. Reads env and runs the platform's own tool only; no verification here (Fulcio
 * verifies the token; `claims.ts` verifies tokens whose claims Custody itself uses).
 */




const DEFAULT_AUDIENCE = 'sigstore';
function defaultRun(file, args, env, timeoutMs) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(file, args, { env: env, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
            if (error) {
                const detail = String(stderr || '')
                    .trim()
                    .split('\n')
                    .slice(-1)[0];
                reject(Object.assign(error, { detail }));
            }
            else
                resolve(String(stdout));
        });
    });
}
const nonEmpty = (v) => (v?.trim() ? v.trim() : undefined);
async function fromGitHub(url, requestToken, audience, options) {
    const doFetch = options.fetch ?? fetch;
    let target;
    try {
        target = new URL(url);
    }
    catch {
        throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.', {
            hint: 'It is set by the GitHub runner; do not override it in the workflow.',
        });
    }
    target.searchParams.set('audience', audience);
    const where = `${target.origin}${target.pathname}`;
    let lastError = '';
    // At most 3 attempts (fewer when CUSTODY_HTTP_RETRIES says so); each bounded in time and size (fetch.ts).
    const attempts = Math.min(3, (0,dist/* limits */.Fy)().httpRetries + 1);
    for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
            const res = await fetchJsonBounded(doFetch, target, {
                headers: { accept: 'application/json', authorization: `Bearer ${requestToken}` },
                timeoutMs: options.timeoutMs ?? 15_000,
            });
            if (res.ok) {
                const body = res.body;
                if (typeof body?.value === 'string' && body.value)
                    return body.value;
                throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', `the GitHub OIDC endpoint ${where} answered without a token value.`, {
                    hint: 'Retry the job; if it persists, check https://www.githubstatus.com.',
                });
            }
            lastError = `HTTP ${res.status}`;
            if (res.status === 401 || res.status === 403) {
                throw new IdTokenError('OIDC_TOKEN_REQUEST_DENIED', `the GitHub OIDC endpoint ${where} refused the request (${lastError}).`, {
                    hint: 'Give the job `permissions: id-token: write` (and keep `contents: read`).',
                });
            }
            if (res.status < 500 && res.status !== 429)
                break;
        }
        catch (err) {
            if (err instanceof IdTokenError || err instanceof dist/* LimitError */.oC)
                throw err;
            lastError = (0,dist/* describeCause */.V$)(err);
        }
        if (attempt < attempts)
            await new Promise((r) => setTimeout(r, 200 * attempt));
    }
    throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', `could not get an OIDC token from the GitHub endpoint ${where}: ${lastError}.`, {
        hint: 'Retry the job. The step needs `permissions: id-token: write`.',
    });
}
async function fromBuildkite(audience, options) {
    const args = ['oidc', 'request-token', '--audience', audience];
    try {
        const out = options.run
            ? await options.run('buildkite-agent', args, options.env)
            : await defaultRun('buildkite-agent', args, options.env, options.timeoutMs ?? 15_000);
        const token = out.trim();
        if (!token)
            throw new Error('it printed nothing');
        return token;
    }
    catch (err) {
        const detail = err.detail;
        const missing = err.code === 'ENOENT';
        throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', missing
            ? 'BUILDKITE=true but buildkite-agent is not on PATH, so no OIDC token can be requested.'
            : `buildkite-agent oidc request-token --audience ${audience} failed: ${detail || (0,dist/* describeCause */.V$)(err)}.`, { hint: 'Run the step on a Buildkite agent (v3.48 or later), or pass --identity-token / SIGSTORE_ID_TOKEN, or sign with --key.' });
    }
}
/**
 * Finds an identity token for `audience` on this platform. Returns undefined when the platform offers none
 * (see `identityTokenHint` for what to do); throws IdTokenError when a platform's token request fails.
 */
async function acquireIdentityToken(options) {
    const { env } = options;
    const audience = options.audience ?? DEFAULT_AUDIENCE;
    const found = (token, source, description) => {
        (0,dist/* addSecret */.Ck)(token);
        return { token, source, description };
    };
    const explicit = nonEmpty(options.explicit);
    if (explicit)
        return found(explicit, 'flag', '--identity-token');
    const sigstoreEnv = nonEmpty(env.SIGSTORE_ID_TOKEN);
    if (sigstoreEnv) {
        return found(sigstoreEnv, 'SIGSTORE_ID_TOKEN', env.GITLAB_CI === 'true' ? 'GitLab id_tokens (SIGSTORE_ID_TOKEN)' : 'SIGSTORE_ID_TOKEN');
    }
    const ghUrl = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL);
    const ghRequest = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    if (ghUrl && ghRequest) {
        (0,dist/* addSecret */.Ck)(ghRequest);
        const token = await fromGitHub(ghUrl, ghRequest, audience, options);
        return found(token, 'github-actions', 'GitHub Actions OIDC (ACTIONS_ID_TOKEN_REQUEST_URL)');
    }
    if (env.BUILDKITE === 'true') {
        const token = await fromBuildkite(audience, options);
        return found(token, 'buildkite', 'Buildkite OIDC (buildkite-agent oidc request-token)');
    }
    const circle = nonEmpty(env.CIRCLE_OIDC_TOKEN_V2);
    if (circle)
        return found(circle, 'circleci', 'CircleCI OIDC (CIRCLE_OIDC_TOKEN_V2)');
    return undefined;
}
/** What to do on this platform when no token was found (for the "no token and no key" error). */
function identityTokenHint(env) {
    if (env.GITHUB_ACTIONS === 'true') {
        return 'On GitHub Actions give the job `permissions: id-token: write` so the runner sets ACTIONS_ID_TOKEN_REQUEST_URL, or sign with --key.';
    }
    if (env.GITLAB_CI === 'true') {
        return 'On GitLab CI add `id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }` to the job, or sign with --key.';
    }
    if (env.CIRCLECI === 'true') {
        return 'On CircleCI run the job in a context so CIRCLE_OIDC_TOKEN_V2 is set, or sign with --key.';
    }
    return 'Pass --identity-token TOKEN or set SIGSTORE_ID_TOKEN (an OIDC token with audience "sigstore"), or sign with --key FILE (custody keys generate makes one).';
}

;// CONCATENATED MODULE: ./packages/ci/dist/context.js
/** Returns the value when it is set and not empty. */
function v(env, name) {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
}
/** Strips trailing slashes. */
function trimSlash(url) {
    return url?.replace(/\/+$/, '');
}
/** Removes user:password@ from a URL, for repository URLs taken from the environment. */
function stripUrlCredentials(url) {
    if (!url)
        return url;
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
/** Turns a bare branch name into refs/heads/NAME; leaves full refs alone. */
function branchRef(name) {
    if (!name)
        return undefined;
    return name.startsWith('refs/') ? name : `refs/heads/${name}`;
}
/** Drops undefined fields, so contexts compare and serialize cleanly. */
function compact(value) {
    const out = {};
    for (const [k, val] of Object.entries(value))
        if (val !== undefined)
            out[k] = val;
    return out;
}
function compactStrings(value) {
    const out = {};
    for (const [k, val] of Object.entries(value))
        if (val !== undefined && val !== '')
            out[k] = val;
    return out;
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/github.js

// https://docs.github.com/actions/reference/workflows-and-actions/variables (default environment variables)
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
/** The workflow file path inside the repository, from GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/x.yml@ref). */
function workflowPathFromRef(workflowRef, repository) {
    if (!workflowRef)
        return undefined;
    const at = workflowRef.lastIndexOf('@');
    const withoutRef = at === -1 ? workflowRef : workflowRef.slice(0, at);
    if (repository && withoutRef.startsWith(`${repository}/`))
        return withoutRef.slice(repository.length + 1);
    return withoutRef.split('/').slice(2).join('/') || undefined;
}
function readEvent(env, options) {
    const path = v(env, 'GITHUB_EVENT_PATH');
    if (!path || !options.readFile)
        return undefined;
    const text = options.readFile(path);
    if (!text)
        return undefined;
    try {
        const parsed = JSON.parse(text);
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** Undefined off GitHub Actions. Reads the event payload file through `options.readFile` only. */
function githubSigningFacts(env, options = {}) {
    if (v(env, 'GITHUB_ACTIONS') !== 'true')
        return undefined;
    const serverUrl = trimSlash(v(env, 'GITHUB_SERVER_URL')) ?? 'https://github.com';
    const path = v(env, 'GITHUB_EVENT_PATH');
    const repo = readEvent(env, options)?.repository;
    const visibility = typeof repo?.visibility === 'string' && repo.visibility ? repo.visibility : undefined;
    const visibilitySource = !path
        ? 'GITHUB_EVENT_PATH is not set'
        : visibility
            ? `repository.visibility in the event payload (${path})`
            : `the event payload (${path}) has no repository.visibility`;
    return { serverUrl, ...(visibility ? { visibility } : {}), visibilitySource };
}
/** Whether a GitHub server URL is a GHE.com tenant (https://TENANT.ghe.com), as @actions/attest recognizes one. */
function isGheComServer(serverUrl) {
    return /^https:\/\/[a-z0-9-]+\.ghe\.com\/?$/.test(serverUrl ?? '');
}
/**
 * The issuer of GitHub Actions OIDC tokens for a server: github.com -> https://token.actions.githubusercontent.com,
 * a GHE.com tenant -> https://token.actions.TENANT.ghe.com (as @actions/attest derives it), GHES ->
 * SERVER/_services/token.
 */
function githubOidcIssuer(serverUrl) {
    const server = trimSlash(serverUrl);
    if (!server || server === 'https://github.com')
        return 'https://token.actions.githubusercontent.com';
    if (isGheComServer(server))
        return `https://token.actions.${new URL(server).hostname}`;
    return `${server}/_services/token`;
}
function detectGitHub(env, options = {}) {
    const server = trimSlash(v(env, 'GITHUB_SERVER_URL')) ?? 'https://github.com';
    const repository = v(env, 'GITHUB_REPOSITORY');
    const eventName = v(env, 'GITHUB_EVENT_NAME') ?? 'unknown';
    const ref = v(env, 'GITHUB_REF');
    const runId = v(env, 'GITHUB_RUN_ID');
    const isPullRequest = PR_EVENTS.has(eventName);
    let prNumber = /^refs\/pull\/(\d+)\//.exec(ref ?? '')?.[1];
    if (isPullRequest && !prNumber) {
        const pr = readEvent(env, options)?.pull_request;
        if (pr && (typeof pr.number === 'number' || typeof pr.number === 'string'))
            prNumber = String(pr.number);
    }
    const runnerEnv = v(env, 'RUNNER_ENVIRONMENT');
    const workflowRef = v(env, 'GITHUB_WORKFLOW_REF');
    return {
        platform: 'github-actions',
        serverUrl: server,
        repository,
        repositoryUrl: repository ? `${server}/${repository}` : undefined,
        commit: v(env, 'GITHUB_SHA'),
        ref,
        pipeline: compact({
            name: v(env, 'GITHUB_WORKFLOW'),
            path: workflowPathFromRef(workflowRef, repository),
            url: repository && workflowRef ? `${server}/${repository}/actions` : undefined,
        }),
        job: compact({ name: v(env, 'GITHUB_JOB') }),
        runId,
        runAttempt: v(env, 'GITHUB_RUN_ATTEMPT') ?? '1',
        runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
        runner: compact({
            kind: runnerEnv === 'github-hosted' ? 'hosted' : runnerEnv === 'self-hosted' ? 'self-hosted' : 'unknown',
            name: v(env, 'RUNNER_NAME'),
            os: v(env, 'RUNNER_OS'),
            arch: v(env, 'RUNNER_ARCH'),
        }),
        actor: v(env, 'GITHUB_ACTOR'),
        event: {
            name: eventName,
            isPullRequest,
            ...(isPullRequest
                ? {
                    pullRequest: compact({
                        number: prNumber,
                        url: prNumber && repository ? `${server}/${repository}/pull/${prNumber}` : undefined,
                        headRef: v(env, 'GITHUB_HEAD_REF'),
                        baseRef: v(env, 'GITHUB_BASE_REF'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({
            repository_id: v(env, 'GITHUB_REPOSITORY_ID'),
            repository_owner: v(env, 'GITHUB_REPOSITORY_OWNER'),
            repository_owner_id: v(env, 'GITHUB_REPOSITORY_OWNER_ID'),
            workflow_ref: workflowRef,
            workflow_sha: v(env, 'GITHUB_WORKFLOW_SHA'),
            runner_environment: runnerEnv,
            run_number: v(env, 'GITHUB_RUN_NUMBER'),
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/gitlab.js

// https://docs.gitlab.com/ci/variables/predefined_variables/
const MR_SOURCES = new Set(['merge_request_event', 'external_pull_request_event']);
/**
 * Hosted or self-hosted from the environment alone. GitLab documents no variable for this (the ID token's
 * `runner_environment` claim is authoritative and wins when a token is verified): runners on a self-managed
 * instance are self-hosted; on GitLab.com, GitLab's hosted runners are named *.runners-manager.gitlab.com.
 */
function runnerKind(env) {
    const host = v(env, 'CI_SERVER_HOST');
    const description = v(env, 'CI_RUNNER_DESCRIPTION') ?? '';
    if (!host)
        return 'unknown';
    if (host !== 'gitlab.com')
        return 'self-hosted';
    return /runners-manager\.gitlab\.com/.test(description) ? 'hosted' : 'self-hosted';
}
function detectGitLab(env) {
    const server = trimSlash(v(env, 'CI_SERVER_URL'));
    const projectUrl = trimSlash(v(env, 'CI_PROJECT_URL'));
    const source = v(env, 'CI_PIPELINE_SOURCE') ?? 'unknown';
    const tag = v(env, 'CI_COMMIT_TAG');
    const refName = v(env, 'CI_COMMIT_REF_NAME');
    const mrIid = v(env, 'CI_MERGE_REQUEST_IID') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_IID');
    const isPullRequest = MR_SOURCES.has(source) || mrIid !== undefined;
    const headBranch = v(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME');
    const ref = tag
        ? `refs/tags/${tag}`
        : isPullRequest && headBranch
            ? `refs/heads/${headBranch}`
            : refName
                ? `refs/heads/${refName}`
                : undefined;
    return {
        platform: 'gitlab-ci',
        serverUrl: server,
        repository: v(env, 'CI_PROJECT_PATH'),
        repositoryUrl: projectUrl,
        commit: v(env, 'CI_COMMIT_SHA'),
        ref,
        pipeline: compact({
            name: v(env, 'CI_PIPELINE_NAME'),
            path: v(env, 'CI_CONFIG_PATH') ?? '.gitlab-ci.yml',
            url: projectUrl ? `${projectUrl}/-/pipelines` : undefined,
        }),
        job: compact({ id: v(env, 'CI_JOB_ID'), name: v(env, 'CI_JOB_NAME'), url: v(env, 'CI_JOB_URL') }),
        runId: v(env, 'CI_PIPELINE_ID'),
        // GitLab retries a job as a new job (new CI_JOB_ID); the pipeline itself has no attempt counter.
        runAttempt: '1',
        runUrl: v(env, 'CI_PIPELINE_URL'),
        runner: compact({
            kind: runnerKind(env),
            name: v(env, 'CI_RUNNER_DESCRIPTION'),
            arch: v(env, 'CI_RUNNER_EXECUTABLE_ARCH'),
        }),
        actor: v(env, 'GITLAB_USER_LOGIN'),
        event: {
            name: source,
            isPullRequest,
            ...(isPullRequest
                ? {
                    pullRequest: compact({
                        number: mrIid,
                        url: v(env, 'CI_MERGE_REQUEST_PROJECT_URL') && mrIid
                            ? `${trimSlash(v(env, 'CI_MERGE_REQUEST_PROJECT_URL'))}/-/merge_requests/${mrIid}`
                            : undefined,
                        headRef: v(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME'),
                        baseRef: v(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({
            project_id: v(env, 'CI_PROJECT_ID'),
            runner_id: v(env, 'CI_RUNNER_ID'),
            runner_version: v(env, 'CI_RUNNER_VERSION'),
            runner_tags: v(env, 'CI_RUNNER_TAGS'),
            ref_protected: v(env, 'CI_COMMIT_REF_PROTECTED'),
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/jenkins.js

// https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables (env-vars.html on any instance),
// the Git plugin's GIT_* variables and the Branch API's CHANGE_* variables for pull requests.
function detectJenkins(env) {
    const server = trimSlash(v(env, 'JENKINS_URL'));
    const changeId = v(env, 'CHANGE_ID');
    const branch = v(env, 'CHANGE_BRANCH') ?? v(env, 'BRANCH_NAME') ?? v(env, 'GIT_BRANCH')?.replace(/^origin\//, '');
    const tag = v(env, 'TAG_NAME');
    const repositoryUrl = stripUrlCredentials(v(env, 'GIT_URL'));
    return {
        platform: 'jenkins',
        serverUrl: server,
        repository: repositoryUrl
            ?.replace(/^[a-z+]+:\/\/[^/]+\//i, '')
            .replace(/^[^@]+@[^:]+:/, '')
            .replace(/\.git$/, ''),
        repositoryUrl,
        commit: v(env, 'GIT_COMMIT'),
        ref: tag ? `refs/tags/${tag}` : changeId ? `refs/pull/${changeId}/head` : branchRef(branch),
        pipeline: compact({ name: v(env, 'JOB_NAME'), url: trimSlash(v(env, 'JOB_URL')), path: 'Jenkinsfile' }),
        job: compact({ name: v(env, 'STAGE_NAME') }),
        runId: v(env, 'BUILD_NUMBER'),
        runAttempt: '1',
        runUrl: trimSlash(v(env, 'BUILD_URL')),
        // Jenkins is always operated by its users: there is no vendor-hosted Jenkins agent.
        runner: compact({ kind: 'self-hosted', name: v(env, 'NODE_NAME') }),
        actor: v(env, 'BUILD_USER_ID') ?? v(env, 'CHANGE_AUTHOR'),
        event: {
            name: changeId ? 'pull_request' : tag ? 'tag' : 'build',
            isPullRequest: changeId !== undefined,
            ...(changeId
                ? {
                    pullRequest: compact({
                        number: changeId,
                        url: v(env, 'CHANGE_URL'),
                        headRef: v(env, 'CHANGE_BRANCH'),
                        baseRef: v(env, 'CHANGE_TARGET'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({ build_tag: v(env, 'BUILD_TAG'), executor_number: v(env, 'EXECUTOR_NUMBER') }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/buildkite.js

// https://buildkite.com/docs/pipelines/configure/environment-variables
function detectBuildkite(env) {
    const org = v(env, 'BUILDKITE_ORGANIZATION_SLUG');
    const pipeline = v(env, 'BUILDKITE_PIPELINE_SLUG');
    const pr = v(env, 'BUILDKITE_PULL_REQUEST');
    const isPullRequest = pr !== undefined && pr !== 'false';
    const tag = v(env, 'BUILDKITE_TAG');
    const branch = v(env, 'BUILDKITE_BRANCH');
    const compute = v(env, 'BUILDKITE_COMPUTE_TYPE');
    const repositoryUrl = stripUrlCredentials(v(env, 'BUILDKITE_REPO'));
    const retry = Number(v(env, 'BUILDKITE_RETRY_COUNT') ?? '0');
    return {
        platform: 'buildkite',
        serverUrl: 'https://buildkite.com',
        repository: repositoryUrl
            ?.replace(/^[a-z+]+:\/\/[^/]+\//i, '')
            .replace(/^[^@]+@[^:]+:/, '')
            .replace(/\.git$/, ''),
        repositoryUrl,
        commit: v(env, 'BUILDKITE_COMMIT'),
        ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
        pipeline: compact({
            id: v(env, 'BUILDKITE_PIPELINE_ID'),
            name: org && pipeline ? `${org}/${pipeline}` : pipeline,
            url: org && pipeline ? `https://buildkite.com/${org}/${pipeline}` : undefined,
        }),
        job: compact({ id: v(env, 'BUILDKITE_JOB_ID'), name: v(env, 'BUILDKITE_LABEL') ?? v(env, 'BUILDKITE_STEP_KEY') }),
        runId: v(env, 'BUILDKITE_BUILD_NUMBER'),
        runAttempt: String((Number.isFinite(retry) ? retry : 0) + 1),
        runUrl: v(env, 'BUILDKITE_BUILD_URL'),
        runner: compact({
            // BUILDKITE_COMPUTE_TYPE: "hosted" on Buildkite hosted agents, otherwise "self-hosted".
            kind: compute === 'hosted' ? 'hosted' : compute === 'self-hosted' ? 'self-hosted' : 'unknown',
            name: v(env, 'BUILDKITE_AGENT_NAME'),
        }),
        actor: v(env, 'BUILDKITE_BUILD_CREATOR_EMAIL') ?? v(env, 'BUILDKITE_BUILD_CREATOR'),
        event: {
            name: v(env, 'BUILDKITE_SOURCE') ?? 'unknown',
            isPullRequest,
            ...(isPullRequest
                ? {
                    pullRequest: compact({
                        number: pr,
                        headRef: branch,
                        baseRef: v(env, 'BUILDKITE_PULL_REQUEST_BASE_BRANCH'),
                        url: v(env, 'BUILDKITE_PULL_REQUEST_REPO'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({
            build_id: v(env, 'BUILDKITE_BUILD_ID'),
            organization: org,
            pipeline_slug: pipeline,
            agent_id: v(env, 'BUILDKITE_AGENT_ID'),
            retry_count: v(env, 'BUILDKITE_RETRY_COUNT'),
            compute_type: compute,
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/circleci.js

// https://circleci.com/docs/reference/variables/ (built-in environment variables)
function detectCircleCI(env) {
    const user = v(env, 'CIRCLE_PROJECT_USERNAME');
    const repo = v(env, 'CIRCLE_PROJECT_REPONAME');
    const prUrl = v(env, 'CIRCLE_PULL_REQUEST');
    const prNumber = v(env, 'CIRCLE_PR_NUMBER') ?? (prUrl ? /\/(\d+)\/?$/.exec(prUrl)?.[1] : undefined);
    const isPullRequest = prUrl !== undefined || prNumber !== undefined;
    const tag = v(env, 'CIRCLE_TAG');
    const branch = v(env, 'CIRCLE_BRANCH');
    const workflowId = v(env, 'CIRCLE_WORKFLOW_ID');
    return {
        platform: 'circleci',
        serverUrl: 'https://app.circleci.com',
        repository: user && repo ? `${user}/${repo}` : undefined,
        repositoryUrl: stripUrlCredentials(v(env, 'CIRCLE_REPOSITORY_URL')),
        commit: v(env, 'CIRCLE_SHA1'),
        ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
        pipeline: compact({ id: workflowId, name: v(env, 'CIRCLE_WORKFLOW_NAME'), path: '.circleci/config.yml' }),
        job: compact({ id: v(env, 'CIRCLE_WORKFLOW_JOB_ID'), name: v(env, 'CIRCLE_JOB'), url: v(env, 'CIRCLE_BUILD_URL') }),
        runId: v(env, 'CIRCLE_BUILD_NUM'),
        // Every CircleCI rerun gets a new job number (CIRCLE_BUILD_NUM): each job run is its own attempt.
        runAttempt: '1',
        runUrl: v(env, 'CIRCLE_BUILD_URL'),
        // CircleCI documents no job variable that tells its cloud executors from self-hosted runners.
        runner: compact({ kind: 'unknown', name: v(env, 'CIRCLE_NODE_INDEX') ? `node-${v(env, 'CIRCLE_NODE_INDEX')}` : undefined }),
        actor: v(env, 'CIRCLE_USERNAME'),
        event: {
            name: isPullRequest ? 'pull_request' : tag ? 'tag' : 'push',
            isPullRequest,
            ...(isPullRequest ? { pullRequest: compact({ number: prNumber, url: prUrl, headRef: branch }) } : {}),
        },
        extra: compactStrings({
            workflow_id: workflowId,
            workflow_job_id: v(env, 'CIRCLE_WORKFLOW_JOB_ID'),
            pipeline_id: v(env, 'CIRCLE_PIPELINE_ID'),
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/azure.js

// https://learn.microsoft.com/azure/devops/pipelines/build/variables (predefined variables, as environment
// variables: Build.SourceVersion -> BUILD_SOURCEVERSION).
function azure_runnerKind(env) {
    const flag = v(env, 'AGENT_ISSELFHOSTED');
    if (flag !== undefined)
        return flag === '1' || flag.toLowerCase() === 'true' ? 'self-hosted' : 'hosted';
    const name = v(env, 'AGENT_NAME');
    if (!name)
        return 'unknown';
    // Microsoft-hosted agents are named "Azure Pipelines N" (older images: "Hosted Agent").
    return /^(Azure Pipelines( \d+)?|Hosted Agent)$/.test(name) ? 'hosted' : 'self-hosted';
}
function detectAzure(env) {
    const collection = trimSlash(v(env, 'SYSTEM_COLLECTIONURI'));
    const project = v(env, 'SYSTEM_TEAMPROJECT');
    const reason = v(env, 'BUILD_REASON') ?? 'unknown';
    const isPullRequest = reason === 'PullRequest';
    const prId = v(env, 'SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ?? v(env, 'SYSTEM_PULLREQUEST_PULLREQUESTID');
    const projectUrl = collection && project ? `${collection}/${encodeURIComponent(project)}` : undefined;
    const buildId = v(env, 'BUILD_BUILDID');
    const definitionId = v(env, 'SYSTEM_DEFINITIONID');
    return {
        platform: 'azure-pipelines',
        serverUrl: collection,
        repository: v(env, 'BUILD_REPOSITORY_NAME'),
        repositoryUrl: stripUrlCredentials(v(env, 'BUILD_REPOSITORY_URI')),
        commit: v(env, 'BUILD_SOURCEVERSION'),
        ref: v(env, 'BUILD_SOURCEBRANCH'),
        pipeline: compact({
            id: definitionId,
            name: v(env, 'BUILD_DEFINITIONNAME'),
            url: projectUrl && definitionId ? `${projectUrl}/_build?definitionId=${definitionId}` : undefined,
        }),
        job: compact({ id: v(env, 'SYSTEM_JOBID'), name: v(env, 'SYSTEM_JOBDISPLAYNAME') ?? v(env, 'AGENT_JOBNAME') }),
        runId: buildId,
        runAttempt: v(env, 'SYSTEM_JOBATTEMPT') ?? '1',
        runUrl: projectUrl && buildId ? `${projectUrl}/_build/results?buildId=${buildId}` : undefined,
        runner: compact({ kind: azure_runnerKind(env), name: v(env, 'AGENT_NAME'), os: v(env, 'AGENT_OS'), arch: v(env, 'AGENT_OSARCHITECTURE') }),
        actor: v(env, 'BUILD_REQUESTEDFOREMAIL') ?? v(env, 'BUILD_REQUESTEDFOR'),
        event: {
            name: reason,
            isPullRequest,
            ...(isPullRequest
                ? {
                    pullRequest: compact({
                        number: prId,
                        headRef: v(env, 'SYSTEM_PULLREQUEST_SOURCEBRANCH'),
                        baseRef: v(env, 'SYSTEM_PULLREQUEST_TARGETBRANCH'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({
            project_id: v(env, 'SYSTEM_TEAMPROJECTID'),
            project,
            definition_id: definitionId,
            repository_provider: v(env, 'BUILD_REPOSITORY_PROVIDER'),
            build_number: v(env, 'BUILD_BUILDNUMBER'),
            job_id: v(env, 'SYSTEM_JOBID'),
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/bitbucket.js

// https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/ (default variables)
function detectBitbucket(env) {
    const full = v(env, 'BITBUCKET_REPO_FULL_NAME');
    const prId = v(env, 'BITBUCKET_PR_ID');
    const tag = v(env, 'BITBUCKET_TAG');
    const branch = v(env, 'BITBUCKET_BRANCH');
    const build = v(env, 'BITBUCKET_BUILD_NUMBER');
    const repoUrl = stripUrlCredentials(v(env, 'BITBUCKET_GIT_HTTP_ORIGIN')) ?? (full ? `https://bitbucket.org/${full}` : undefined);
    return {
        platform: 'bitbucket-pipelines',
        serverUrl: 'https://bitbucket.org',
        repository: full,
        repositoryUrl: repoUrl,
        commit: v(env, 'BITBUCKET_COMMIT'),
        ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
        pipeline: compact({
            id: v(env, 'BITBUCKET_PIPELINE_UUID'),
            path: 'bitbucket-pipelines.yml',
            url: full ? `https://bitbucket.org/${full}/pipelines` : undefined,
        }),
        job: compact({ id: v(env, 'BITBUCKET_STEP_UUID') }),
        runId: build,
        runAttempt: '1',
        runUrl: full && build ? `https://bitbucket.org/${full}/pipelines/results/${build}` : undefined,
        // Bitbucket documents no step variable that tells Atlassian's cloud runners from self-hosted runners.
        runner: { kind: 'unknown' },
        actor: v(env, 'BITBUCKET_STEP_TRIGGERER_UUID'),
        event: {
            name: prId ? 'pull_request' : tag ? 'tag' : 'push',
            isPullRequest: prId !== undefined,
            ...(prId
                ? {
                    pullRequest: compact({
                        number: prId,
                        url: full ? `https://bitbucket.org/${full}/pull-requests/${prId}` : undefined,
                        headRef: branch,
                        baseRef: v(env, 'BITBUCKET_PR_DESTINATION_BRANCH'),
                    }),
                }
                : {}),
        },
        extra: compactStrings({
            workspace: v(env, 'BITBUCKET_WORKSPACE'),
            repo_uuid: v(env, 'BITBUCKET_REPO_UUID'),
            pipeline_uuid: v(env, 'BITBUCKET_PIPELINE_UUID'),
            step_uuid: v(env, 'BITBUCKET_STEP_UUID'),
        }),
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/platforms/local.js
/** No CI detected: a developer machine (or an unsupported CI). Git facts come from the capture, not from here. */
function detectLocal() {
    return {
        platform: 'local',
        pipeline: {},
        runner: { kind: 'self-hosted' },
        event: { name: 'manual', isPullRequest: false },
        extra: {},
    };
}

;// CONCATENATED MODULE: ./packages/ci/dist/detect.js









/** Which platform the environment belongs to, by each platform's documented marker variable. */
function detectPlatform(env) {
    if (v(env, 'GITHUB_ACTIONS') === 'true')
        return 'github-actions';
    if (v(env, 'GITLAB_CI') === 'true')
        return 'gitlab-ci';
    if (v(env, 'BUILDKITE') === 'true')
        return 'buildkite';
    if (v(env, 'CIRCLECI') === 'true')
        return 'circleci';
    if (v(env, 'TF_BUILD')?.toLowerCase() === 'true')
        return 'azure-pipelines';
    if (v(env, 'BITBUCKET_BUILD_NUMBER') !== undefined && v(env, 'BITBUCKET_COMMIT') !== undefined)
        return 'bitbucket-pipelines';
    if (v(env, 'JENKINS_URL') !== undefined && v(env, 'BUILD_NUMBER') !== undefined)
        return 'jenkins';
    return 'local';
}
/** The CI context of a run, from its environment only (plus the GitHub event file when `readFile` is given). */
function detectCi(env, options = {}) {
    switch (detectPlatform(env)) {
        case 'github-actions':
            return detectGitHub(env, options);
        case 'gitlab-ci':
            return detectGitLab(env);
        case 'buildkite':
            return detectBuildkite(env);
        case 'circleci':
            return detectCircleCI(env);
        case 'azure-pipelines':
            return detectAzure(env);
        case 'bitbucket-pipelines':
            return detectBitbucket(env);
        case 'jenkins':
            return detectJenkins(env);
        default:
            return detectLocal();
    }
}
const PLATFORM_NAMES = {
    'github-actions': 'GitHub Actions',
    'gitlab-ci': 'GitLab CI/CD',
    jenkins: 'Jenkins',
    buildkite: 'Buildkite',
    circleci: 'CircleCI',
    'azure-pipelines': 'Azure Pipelines',
    'bitbucket-pipelines': 'Bitbucket Pipelines',
    local: 'local (no CI detected)',
};

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./packages/ci/dist/claims.js
/**
 * Verifies an OIDC identity token (a JWT) before any of its claims are used: keys from the issuer's JWKS (found
 * through /.well-known/openid-configuration), RS256 or ES256 signatures through node:crypto, then iss, aud, exp and
 * nbf. Only then are claims returned. The token itself is a secret: it is registered for masking and never appears
 * in an error message.
 */




const SUPPORTED = new Set(['RS256', 'ES256']);
function isLoopback(url) {
    return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}
function checkHttps(raw, what) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new IdTokenError('OIDC_ISSUER_INVALID', `the ${what} "${raw}" is not a URL.`, { hint: 'Give the issuer as an https:// URL.' });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
        throw new IdTokenError('OIDC_ISSUER_INSECURE', `the ${what} ${raw} is not https.`, {
            hint: 'OIDC discovery and keys must be fetched over https (plain http is allowed on loopback only, for tests).',
        });
    }
    return url;
}
function decodeJwtParts(token) {
    const parts = token.trim().split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
        throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token is not a compact JWT (three base64url parts).', {
            hint: 'Pass the raw ID token from the CI platform, not a file name or a JSON wrapper.',
        });
    }
    const [h, p, s] = parts;
    let header;
    let claims;
    try {
        header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
        claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    }
    catch {
        throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token header or payload is not base64url JSON.', {
            hint: 'Pass the raw ID token from the CI platform.',
        });
    }
    if (!header || typeof header !== 'object' || Array.isArray(header) || !claims || typeof claims !== 'object' || Array.isArray(claims)) {
        throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token header or payload is not a JSON object.', {
            hint: 'Pass the raw ID token.',
        });
    }
    return {
        header: header,
        claims: claims,
        signingInput: `${h}.${p}`,
        signature: Buffer.from(s, 'base64url'),
    };
}
async function getJson(fetcher, url, what) {
    let res;
    try {
        // Bounded in time (connect, idle, 15 s overall) and size (1 MiB): see fetch.ts.
        res = await fetchJsonBounded(fetcher, url, { headers: { accept: 'application/json' }, redirect: 'error', timeoutMs: 15_000 });
    }
    catch (err) {
        if (err instanceof dist/* LimitError */.oC)
            throw err;
        throw new IdTokenError('OIDC_DISCOVERY_FAILED', `cannot fetch the ${what} ${url}: ${(0,dist/* describeCause */.V$)(err)}.`, {
            hint: 'Check that the issuer is reachable from this machine.',
            cause: err,
        });
    }
    if (!res.ok) {
        throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the ${what} ${url} answered HTTP ${res.status}.`, { hint: 'Check the issuer URL.' });
    }
    const body = res.body;
    if (!body || typeof body !== 'object') {
        throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the ${what} ${url} is not a JSON object.`, { hint: 'Check the issuer URL.' });
    }
    return body;
}
function keyFor(jwk) {
    try {
        return (0,external_node_crypto_.createPublicKey)({ key: jwk, format: 'jwk' });
    }
    catch {
        return undefined;
    }
}
function verifySignature(alg, key, signingInput, signature) {
    try {
        if (alg === 'RS256')
            return key.asymmetricKeyType === 'rsa' && (0,external_node_crypto_.verify)('sha256', Buffer.from(signingInput), key, signature);
        if (alg === 'ES256') {
            if (key.asymmetricKeyType !== 'ec' || signature.length !== 64)
                return false;
            return (0,external_node_crypto_.verify)('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature);
        }
    }
    catch {
        return false;
    }
    return false;
}
/** Verifies the token and returns its claims; throws IdTokenError (exit 2) saying which check failed. */
async function verifyIdTokenClaims(token, options) {
    (0,dist/* addSecret */.Ck)(token.trim());
    const fetcher = options.fetch ?? fetch;
    const issuer = options.issuer.replace(/\/+$/, '');
    checkHttps(issuer, 'OIDC issuer');
    const { header, claims, signingInput, signature } = decodeJwtParts(token);
    const alg = String(header.alg);
    if (!SUPPORTED.has(alg)) {
        throw new IdTokenError('OIDC_TOKEN_ALGORITHM', `the identity token is signed with "${alg}"; only RS256 and ES256 are accepted.`, {
            hint: 'Use a token issued by the CI platform; unsigned (alg "none") and HMAC tokens are refused.',
        });
    }
    if (claims.iss !== issuer && claims.iss !== `${issuer}/`) {
        throw new IdTokenError('OIDC_ISSUER_MISMATCH', `the identity token was issued by "${String(claims.iss)}", not by ${issuer}.`, {
            hint: 'Request the token from the CI platform the build runs on, or set the expected issuer.',
        });
    }
    const discovery = await getJson(fetcher, `${issuer}/.well-known/openid-configuration`, 'OIDC discovery document');
    const advertised = String(discovery.issuer ?? '').replace(/\/+$/, '');
    if (advertised !== issuer) {
        throw new IdTokenError('OIDC_ISSUER_MISMATCH', `the discovery document of ${issuer} names issuer "${advertised}".`, {
            hint: 'The issuer URL must match the discovery document exactly.',
        });
    }
    if (typeof discovery.jwks_uri !== 'string') {
        throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the discovery document of ${issuer} has no jwks_uri.`, {
            hint: 'Check the issuer URL.',
        });
    }
    checkHttps(discovery.jwks_uri, 'JWKS URL');
    const jwks = await getJson(fetcher, discovery.jwks_uri, 'JWKS');
    const keys = (Array.isArray(jwks.keys) ? jwks.keys : []);
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const kty = alg === 'RS256' ? 'RSA' : 'EC';
    const candidates = keys.filter((k) => k && k.kty === kty && (kid === undefined || k.kid === kid) && (k.use === undefined || k.use === 'sig'));
    if (candidates.length === 0) {
        throw new IdTokenError('OIDC_KEY_NOT_FOUND', `no ${alg} key${kid ? ` with kid "${kid}"` : ''} in the JWKS of ${issuer}.`, {
            hint: 'The token was not signed by this issuer, or its keys rotated; request a fresh token.',
        });
    }
    const ok = candidates.some((jwk) => {
        const key = keyFor(jwk);
        return key !== undefined && verifySignature(alg, key, signingInput, signature);
    });
    if (!ok) {
        throw new IdTokenError('OIDC_SIGNATURE_INVALID', `the identity token signature does not verify against the JWKS of ${issuer}.`, {
            hint: 'The token was forged or altered; request a fresh token from the CI platform.',
        });
    }
    const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!auds.includes(options.audience)) {
        throw new IdTokenError('OIDC_AUDIENCE_MISMATCH', `the identity token audience ${JSON.stringify(claims.aud)} does not include "${options.audience}".`, {
            hint: `Request the token with audience "${options.audience}".`,
        });
    }
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const leeway = options.leewaySeconds ?? 60;
    if (typeof claims.exp !== 'number' || claims.exp + leeway <= now) {
        throw new IdTokenError('OIDC_TOKEN_EXPIRED', 'the identity token has expired (or has no exp claim).', {
            hint: 'Request a fresh token right before running custody; CI tokens live for minutes.',
        });
    }
    if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) {
        throw new IdTokenError('OIDC_TOKEN_NOT_YET_VALID', 'the identity token is not valid yet (nbf is in the future).', {
            hint: "Check this machine's clock.",
        });
    }
    return claims;
}

;// CONCATENATED MODULE: ./packages/ci/dist/identity.js

const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/**
 * The issuer that signs ID tokens on this platform (GHE.com: https://token.actions.TENANT.ghe.com; GHES:
 * <server>/_services/token; GitLab: the instance URL).
 */
function defaultIssuer(ctx) {
    if (ctx.platform === 'github-actions')
        return githubOidcIssuer(ctx.serverUrl);
    if (ctx.platform === 'gitlab-ci')
        return ctx.serverUrl;
    return undefined;
}
const str = (value) => typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
/** Returns a copy of the context with the identity fields replaced by the token's claims. */
function applyTokenClaims(ctx, claims) {
    const out = structuredClone(ctx);
    const set = (key, value) => {
        if (value !== undefined)
            out[key] = value;
    };
    if (ctx.platform === 'github-actions') {
        const repo = str(claims.repository);
        set('repository', repo);
        if (repo)
            set('repositoryUrl', `${ctx.serverUrl ?? 'https://github.com'}/${repo}`);
        set('commit', str(claims.sha));
        set('ref', str(claims.ref));
        set('runId', str(claims.run_id));
        set('runAttempt', str(claims.run_attempt));
        set('actor', str(claims.actor));
        const env = str(claims.runner_environment);
        if (env)
            out.runner.kind = env === 'github-hosted' ? 'hosted' : env === 'self-hosted' ? 'self-hosted' : 'unknown';
        if (str(claims.event_name))
            out.event = { ...out.event, name: str(claims.event_name) };
        const extra = {
            repository_id: str(claims.repository_id),
            repository_owner: str(claims.repository_owner),
            repository_owner_id: str(claims.repository_owner_id),
            workflow_ref: str(claims.workflow_ref),
            job_workflow_ref: str(claims.job_workflow_ref),
            runner_environment: env,
        };
        for (const [k, val] of Object.entries(extra))
            if (val !== undefined)
                out.extra[k] = val;
        const wf = str(claims.workflow_ref);
        if (wf && repo && wf.startsWith(`${repo}/`))
            out.pipeline.path = wf.slice(repo.length + 1).replace(/@[^@]*$/, '');
    }
    else if (ctx.platform === 'gitlab-ci') {
        const project = str(claims.project_path);
        set('repository', project);
        if (project && ctx.serverUrl)
            set('repositoryUrl', `${ctx.serverUrl}/${project}`);
        set('commit', str(claims.sha));
        const ref = str(claims.ref);
        const refType = str(claims.ref_type);
        if (ref)
            set('ref', refType === 'tag' ? `refs/tags/${ref}` : `refs/heads/${ref}`);
        set('runId', str(claims.pipeline_id));
        set('actor', str(claims.user_login));
        if (str(claims.job_id))
            out.job = { ...out.job, id: str(claims.job_id) };
        const env = str(claims.runner_environment);
        if (env)
            out.runner.kind = env === 'gitlab-hosted' ? 'hosted' : env === 'self-hosted' ? 'self-hosted' : 'unknown';
        const src = str(claims.pipeline_source);
        if (src)
            out.event = { ...out.event, name: src };
        const extra = {
            project_id: str(claims.project_id),
            runner_id: str(claims.runner_id),
            ci_config_ref_uri: str(claims.ci_config_ref_uri),
            ci_config_sha: str(claims.ci_config_sha),
            runner_environment: env,
        };
        for (const [k, val] of Object.entries(extra))
            if (val !== undefined)
                out.extra[k] = val;
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/ci/dist/index.js







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
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
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

;// CONCATENATED MODULE: ./packages/sign/dist/keys.js
/**
 * Signing keys for key-based signing: ECDSA P-256 and Ed25519, PEM (PKCS#8, SEC1 "EC PRIVATE KEY"), optionally
 * encrypted PKCS#8 with a passphrase. The key id (bundle public-key hint and DSSE keyid) is the hex SHA-256 of the
 * public key's SPKI DER.
 */



const KEY_ALGORITHMS = (/* unused pure expression or super */ null && (['ecdsa-p256', 'ed25519']));
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
    const { privateKey, publicKey } = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    if (passphrase)
        addSecret(passphrase);
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
var bundle_dist = __webpack_require__(61040);
;// CONCATENATED MODULE: ./packages/sign/dist/witnesses.js
/**
 * Witnesses for @sigstore/sign's bundle builder, on Custody's retrying HTTP client:
 * - RekorV1Witness: logs a `dsse` 0.0.1 entry; a 409 "entry already exists" (e.g. a retry after a lost answer) is
 *   resolved by fetching the existing entry from its Location, which must match what was submitted.
 * - TsaWitness: an RFC 3161 timestamp over the signature (Sigstore TSA JSON API).
 */




const witnesses_trimSlash = (u) => u.replace(/\/+$/, '');
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
        const base = witnesses_trimSlash(this.rekorUrl);
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
    return u.pathname === '/' || u.pathname === '' ? `${witnesses_trimSlash(url)}/api/v1/timestamp` : url;
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
var sign_dist = __webpack_require__(15179);
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









// EXTERNAL MODULE: ./build/src/io/files.js
var files = __webpack_require__(53585);
// EXTERNAL MODULE: ./build/src/commands/github-store.js + 3 modules
var github_store = __webpack_require__(28744);
;// CONCATENATED MODULE: ./packages/provenance/dist/errors.js

/** The codes of @custody/provenance. */
const PROVENANCE_ERROR_CODES = {
    CAPTURE_INVALID: 'CAPTURE_INVALID',
    CAPTURE_NOT_FOUND: 'CAPTURE_NOT_FOUND',
    CAPTURE_VERSION_UNSUPPORTED: 'CAPTURE_VERSION_UNSUPPORTED',
    CHECKSUM_ALGORITHM_UNSUPPORTED: 'CHECKSUM_ALGORITHM_UNSUPPORTED',
    CHECKSUM_FILE_EMPTY: 'CHECKSUM_FILE_EMPTY',
    CHECKSUM_FILE_NOT_FOUND: 'CHECKSUM_FILE_NOT_FOUND',
    CHECKSUM_LINE_MALFORMED: 'CHECKSUM_LINE_MALFORMED',
    FILE_NOT_A_FILE: 'FILE_NOT_A_FILE',
    FILE_NOT_FOUND: 'FILE_NOT_FOUND',
    GLOB_NO_MATCH: 'GLOB_NO_MATCH',
    PROVENANCE_BUILD_FAILED: 'PROVENANCE_BUILD_FAILED',
    PROVENANCE_BUILD_NOT_STARTED: 'PROVENANCE_BUILD_NOT_STARTED',
    PROVENANCE_SUBJECT_UNRECORDED: 'PROVENANCE_SUBJECT_UNRECORDED',
    SUBJECT_DIGEST_INVALID: 'SUBJECT_DIGEST_INVALID',
    SUBJECT_DIGEST_UNSUPPORTED: 'SUBJECT_DIGEST_UNSUPPORTED',
    SUBJECT_EMPTY: 'SUBJECT_EMPTY',
    SUBJECT_IMAGE_NOT_PINNED: 'SUBJECT_IMAGE_NOT_PINNED',
    SUBJECT_MISSING: 'SUBJECT_MISSING',
    TOOL_NAME_INVALID: 'TOOL_NAME_INVALID',
};
/** A subject, material or capture file given by the user is missing, malformed or unsupported (exit 2). */
class ProvenanceInputError extends dist/* InputError */.dz {
    constructor(code, message, options = {}) {
        super(code, message, { exitCode: 2, ...options });
    }
}
/** Collecting build facts failed (a tool that cannot run, an unreadable .git). `custody run` only warns about these. */
class CaptureError extends dist/* CustodyError */.Kf {
    constructor(code, message, options = {}) {
        super(code, message, { exitCode: 2, ...options });
    }
}

;// CONCATENATED MODULE: ./packages/provenance/dist/secrets.js
/**
 * What a secret looks like: by name (environment variables, option and header names, NAME=VALUE arguments) and by
 * value (provider token formats, PEM keys, JWTs, credentials in URLs, Basic/Bearer credentials, high-entropy strings).
 */
const REDACTED = '[REDACTED]';
/** Variable names that are never captured, whatever the allow-list says. */
const SECRET_NAME = new RegExp([
    'TOKEN',
    'SECRET',
    'PASSWORD',
    'PASSWD',
    'PASSPHRASE',
    'CREDENTIAL',
    'PRIVATE',
    'APIKEY',
    'API_KEY',
    'ACCESSKEY',
    // AUTH but not AUTHOR (GIT_AUTHOR_NAME, CI_COMMIT_AUTHOR); AUTHORIZATION stays secret.
    'AUTH(?!OR(?!IZ))',
    'COOKIE',
    'SESSION',
    'SIGNATURE',
    'CONNECTION_STRING',
    'CONNECTIONSTRING',
    'WEBHOOK',
    'DSN',
    '(^|_)KEY(_|$)',
    '(^|_)PASS(_|$)',
    '(^|_)PAT(_|$)',
    '(^|_)PWD(_|$)',
    '(^|_)PW(_|$)',
    '(^|_)JWT(_|$)',
    '(^|_)CERT',
    '(^|_)SAS(_|$)',
    '(^|_)CREDS?(_|$)',
    // git -c key=value passed through the environment: may carry http.extraheader with a token.
    '^GIT_CONFIG_(VALUE|PARAMETERS)',
].join('|'), 'i');
/**
 * Names that match the secret-name pattern but hold ordinary values: Buildkite's step and group keys (e.g.
 * "build-and-test"), cache and sort keys, the working directory.
 */
const ORDINARY_NAME = /^(PWD|OLDPWD)$|(^|_)(STEP|GROUP|CACHE|SORT|PARTITION|PRIMARY|ROUTING|IDEMPOTENCY|MATRIX)_KEY$/i;
function isSecretName(name) {
    return !ORDINARY_NAME.test(name) && SECRET_NAME.test(name);
}
/**
 * The name of an option (--db-password, -Dsigning.key, signingKey), a NAME=VALUE argument or a header, as an
 * environment-style name (DB_PASSWORD, SIGNING_KEY), tested like a variable name.
 */
function isSecretArgName(name) {
    const env = name
        .replace(/^-+/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .toUpperCase();
    return env.length > 0 && isSecretName(env);
}
/** Secret shapes by kind. Each pattern matches a part of a value; a match redacts the whole value. */
const PATTERNS = [
    ['github-token', /\bgh[pousr]_[A-Za-z0-9]{30,255}/],
    ['github-fine-grained-pat', /\bgithub_pat_[A-Za-z0-9_]{22,255}/],
    ['gitlab-token', /\bgl(pat|ptt|dt|rt|cbt|ft|imt|soat|oas|agent)-[A-Za-z0-9_-]{20,}/],
    ['aws-access-key-id', /\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/],
    ['gcp-service-account', /"type"\s*:\s*"service_account"|"private_key_id"\s*:/],
    ['gcp-api-key', /\bAIza[0-9A-Za-z_-]{35}/],
    ['azure-storage-key', /AccountKey=[A-Za-z0-9+/=]{20,}/i],
    ['azure-shared-access-key', /SharedAccessKey=[A-Za-z0-9+/=]{20,}/i],
    ['azure-sas-signature', /[?&]sig=[A-Za-z0-9%+/=]{20,}/i],
    ['slack-token', /\bxox[abposre]-[A-Za-z0-9-]{10,}/],
    ['slack-app-token', /\bxapp-\d-[A-Za-z0-9-]{10,}/],
    ['slack-webhook', /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/],
    ['npm-token', /\bnpm_[A-Za-z0-9]{36}/],
    ['pypi-token', /\bpypi-AgE[A-Za-z0-9_-]{40,}/],
    ['pem-private-key', /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/],
    ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
    // user:password@ in a URL, or a bare token as the user (https://<token>@host), as CI systems often write remotes.
    ['url-credentials', /[a-z][a-z0-9+.-]*:\/\/([^/\s:@]*:[^/\s@]+|[^/\s:@]{16,})@/i],
    ['stripe-key', /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/],
    ['sendgrid-key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/],
    ['twilio-key', /\bSK[0-9a-fA-F]{32}\b/],
    ['dockerhub-token', /\bdckr_pat_[A-Za-z0-9_-]{20,}/],
    ['vault-token', /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/],
    ['digitalocean-token', /\bdo[opr]_v1_[a-f0-9]{64}/],
    ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{20,}/],
    ['openai-key', /\bsk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/],
    ['huggingface-token', /\bhf_[A-Za-z0-9]{30,}/],
    ['shopify-token', /\bshp(at|ca|pa|ss)_[a-fA-F0-9]{32}/],
    ['atlassian-token', /\bATATT[A-Za-z0-9_=-]{20,}/],
    ['buildkite-token', /\bbk(ua|ut)_[A-Za-z0-9]{30,}/],
    ['sentry-token', /\bsntr[ysu]_[A-Za-z0-9_=+/-]{20,}/],
    ['databricks-token', /\bdapi[a-f0-9]{32}/],
    ['mailgun-key', /\bkey-[a-f0-9]{32}\b/],
    ['circleci-token', /\bCCIPAT_[A-Za-z0-9_]{20,}/],
    // Basic and Bearer credentials of any length that look like one (a digit or symbol, or mixed case as base64 has:
    // "Basic dXNlcjpwYXNz"); prose after the word ("Basic setup", "Bearer token support") is not. In a header
    // (Authorization: …) everything after the name goes whatever it looks like (argv.ts). "token X" (GitHub's
    // scheme) only when X is long enough to be one.
    [
        'authorization-header',
        /\b(?:Basic|BASIC|basic|Bearer|BEARER|bearer)\s+(?=[A-Za-z]*[0-9+/=._~-]|[A-Za-z]*[a-z][A-Za-z]*[A-Z])[A-Za-z0-9+/=._~-]+|\b[Tt]oken\s+[A-Za-z0-9+/=._-]{16,}/,
    ],
    ['password-assignment', /(password|passwd|secret|token|api[_-]?key|access[_-]?key)["']?\s*[=:]\s*["']?[^\s"',;]{6,}/i],
];
function entropy(text) {
    const counts = new Map();
    for (const ch of text)
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
/** Random-looking tokens: AWS secret keys (40 chars base64 alphabet, mixed case and digits) and other high-entropy strings. */
function highEntropyKind(value) {
    for (const token of value.split(/[\s"'`,;:@=?&()<>[\]{}|\\]+/)) {
        if (token.length < 20)
            continue;
        const upper = /[A-Z]/.test(token);
        const lower = /[a-z]/.test(token);
        const digit = /[0-9]/.test(token);
        if (/^[A-Za-z0-9/+]{40}$/.test(token) && upper && lower && digit)
            return 'aws-secret-access-key';
        if (!(upper && lower && digit))
            continue; // hex digests, ids, words, paths without mixed classes
        const segments = token.split('/');
        if (segments.length > 2 && segments.every((s) => s.length <= 24))
            continue; // a file path
        if (/^[A-Za-z0-9+/_=.-]+$/.test(token) && entropy(token) >= 3.8)
            return 'high-entropy';
    }
    return undefined;
}
/** The secret kinds found in a value (empty when none). */
function secretKinds(value) {
    const kinds = PATTERNS.filter(([, re]) => re.test(value)).map(([kind]) => kind);
    const he = highEntropyKind(value);
    if (he && !kinds.length)
        kinds.push(he);
    return kinds;
}
/** Kinds found by structure (a credential in a URL, a header, an assignment) that can be redacted in part. */
const STRUCTURAL_KINDS = new Set(['url-credentials', 'authorization-header', 'password-assignment']);
/** Secret kinds that identify the value itself as a token (everything but the structural kinds). */
function tokenKinds(value) {
    return secretKinds(value).filter((k) => !STRUCTURAL_KINDS.has(k));
}
function looksSecret(value) {
    return secretKinds(value).length > 0;
}

;// CONCATENATED MODULE: ./packages/provenance/dist/shell.js
const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`']);
function tokenizeShell(script) {
    const commands = [];
    let words = [];
    let value = '';
    let start = -1;
    const endWord = (end) => {
        if (start >= 0)
            words.push({ value, start, end });
        value = '';
        start = -1;
    };
    const endCommand = (at) => {
        endWord(at);
        if (words.length)
            commands.push(words);
        words = [];
    };
    const begin = (i) => {
        if (start < 0)
            start = i;
    };
    let i = 0;
    const n = script.length;
    while (i < n) {
        const c = script[i];
        if (c === ' ' || c === '\t' || c === '\r') {
            endWord(i);
            i++;
        }
        else if (SEPARATORS.has(c)) {
            endCommand(i);
            i++;
        }
        else if (c === '<' || c === '>') {
            endWord(i);
            i++;
        }
        else if (c === '$' && script[i + 1] === '(') {
            endCommand(i);
            i += 2;
        }
        else if (c === '\\') {
            if (script[i + 1] === '\n') {
                endWord(i); // a line continuation (inside a word it joins, but a redactor loses nothing by splitting)
                i += 2;
                continue;
            }
            begin(i);
            if (i + 1 < n)
                value += script[i + 1];
            i += 2;
        }
        else if (c === "'") {
            begin(i);
            const close = script.indexOf("'", i + 1);
            const stop = close < 0 ? n : close;
            value += script.slice(i + 1, stop);
            i = stop + 1;
        }
        else if (c === '$' && script[i + 1] === "'") {
            begin(i);
            let j = i + 2;
            while (j < n && script[j] !== "'") {
                if (script[j] === '\\' && j + 1 < n) {
                    const e = script[j + 1];
                    value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
                    j += 2;
                }
                else
                    value += script[j++];
            }
            i = j + 1;
        }
        else if (c === '"') {
            begin(i);
            let j = i + 1;
            while (j < n && script[j] !== '"') {
                if (script[j] === '\\' && j + 1 < n && '$`"\\\n'.includes(script[j + 1])) {
                    if (script[j + 1] !== '\n')
                        value += script[j + 1];
                    j += 2;
                }
                else
                    value += script[j++];
            }
            i = j + 1;
        }
        else {
            begin(i);
            value += c;
            i++;
        }
    }
    endCommand(n);
    return commands;
}
/** Does this text hold more than one shell word (spaces, quotes, operators)? Then it may be a script or an argument list. */
function looksLikeScript(text) {
    return /[\s;&|`'"()<>]/.test(text);
}

;// CONCATENATED MODULE: ./packages/provenance/dist/argv.js
/**
 * Command-line redaction that parses what it records (docs/capture.md, "Secrets on command lines").
 *
 * A command is redacted word by word with three layers:
 *  1. per-tool credential options (CREDENTIAL_OPTIONS): `--opt=V`, `--opt V`, `-o V` and, where the tool accepts
 *     it, `-oV`; scoped to a subcommand where the letter means something else elsewhere (`docker login -p` vs
 *     `docker run -p`). Whatever follows a credential option is redacted, even when it may not be the password.
 *  2. tools whose arguments hold other commands: shells (`sh -c SCRIPT`), wrappers (env, sudo, timeout, sshpass,
 *     …), ssh's remote command, git's `-c` and `config` values, `credential.helper=!script`: the inner command or
 *     script is tokenized (shell.ts) and redacted by the same rules.
 *  3. every word: secret-named options (`--db-password V`, `-Dsigning.key=V`), NAME=VALUE with a secret-looking
 *     NAME (make, env, docker `--build-arg`/`-e`), secret-named headers (`Authorization: …`), Basic/Bearer
 *     credentials, URL user info, secret-named query and connection-string parameters, token formats and
 *     high-entropy strings. A word with spaces or shell operators is redacted as a script.
 * Redacted values are replaced by "[REDACTED]" and registered with the log masker.
 */



/** How deep scripts inside scripts are followed; deeper text is redacted whole when it looks secret at all. */
const MAX_DEPTH = 10;
/** The table of per-tool credential options (mirrored in docs/capture.md). */
const CREDENTIAL_OPTIONS = [
    {
        programs: ['curl'],
        options: [
            '-u',
            '--user',
            '-U',
            '--proxy-user',
            '--oauth2-bearer',
            '--pass',
            '--proxy-pass',
            '--tlspassword',
            '--proxy-tlspassword',
            '--tlsuser',
            '-E',
            '--cert',
            '--proxy-cert',
        ],
        glued: ['-u', '-U', '-E'],
        afterColon: ['-E', '--cert', '--proxy-cert'],
    },
    {
        programs: ['wget', 'wget2'],
        options: ['--user', '--password', '--http-user', '--http-password', '--ftp-user', '--ftp-password', '--proxy-user', '--proxy-password'],
    },
    {
        programs: ['docker', 'podman', 'buildah', 'nerdctl', 'finch', 'skopeo', 'crane', 'cosign', 'helm', 'regctl'],
        subcommands: ['login'],
        options: ['-p', '--password', '--pass', '--identity-token'],
        glued: ['-p'],
    },
    { programs: ['oras'], options: ['-p', '--password', '--identity-token'], glued: ['-p'] },
    { programs: ['helm'], options: ['--password', '--pass-credentials-value'] },
    {
        programs: [
            'mysql',
            'mysqldump',
            'mysqladmin',
            'mysqlimport',
            'mysqlshow',
            'mysqlcheck',
            'mysqlbinlog',
            'mysqlpump',
            'mysqlsh',
            'mysqlslap',
            'mariadb',
            'mariadb-dump',
            'mariadb-admin',
            'mariadb-import',
            'mariadb-show',
            'mariadb-check',
            'mariadb-binlog',
        ],
        options: ['-p', '--password'],
        glued: ['-p'],
    },
    {
        // No password option: the password travels in PGPASSWORD=, a conninfo (password=) or a URI (user:pass@),
        // which the word rules redact; --password / -W only make psql ask for one.
        programs: [
            'psql',
            'pg_dump',
            'pg_dumpall',
            'pg_restore',
            'pg_basebackup',
            'pgbench',
            'createdb',
            'dropdb',
            'createuser',
            'dropuser',
            'vacuumdb',
            'reindexdb',
            'clusterdb',
        ],
        options: [],
        booleans: ['--password', '-W', '--no-password', '-w'],
    },
    { programs: ['redis-cli', 'valkey-cli', 'keydb-cli'], options: ['-a', '--pass', '--user'], glued: ['-a'] },
    {
        programs: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'mongostat', 'mongotop', 'mongofiles'],
        options: ['-p', '--password', '--sslPEMKeyPassword', '--tlsCertificateKeyFilePassword'],
        glued: ['-p'],
    },
    { programs: ['zip', 'unzip', 'zipcloak', 'zipsplit'], options: ['-P', '--password'], glued: ['-P'] },
    { programs: ['7z', '7za', '7zr', '7zz'], options: ['-p'], glued: ['-p'] },
    { programs: ['rar', 'unrar'], options: ['-p', '-hp'], glued: ['-p', '-hp'] },
    {
        programs: ['openssl'],
        options: ['-pass', '-passin', '-passout', '-password', '-k', '-K', '-psk', '-srppass', '--pass', '--passin', '--passout', '--password'],
    },
    { programs: ['keytool'], options: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass', '-new'] },
    { programs: ['gpg', 'gpg2'], options: ['--passphrase'] },
    { programs: ['sshpass'], options: ['-p'], glued: ['-p'] },
    { programs: ['smbclient', 'rpcclient'], options: ['-U', '--user', '--password'], glued: ['-U'] },
    { programs: ['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldappasswd', 'ldapwhoami'], options: ['-w'], glued: ['-w'] },
    { programs: ['lftp'], options: ['-u', '--user'] },
    { programs: ['twine'], options: ['-p', '--password'], glued: ['-p'] },
    { programs: ['sqlcmd', 'bcp'], options: ['-P'], glued: ['-P'] },
    { programs: ['az'], subcommands: ['login'], options: ['-p', '--password'] },
    { programs: ['ssh-keygen'], options: ['-N', '-P'] },
    { programs: ['gh'], subcommands: ['secret'], options: ['-b', '--body'] },
    { programs: ['cargo'], subcommands: ['login'], options: ['--token'], positional: true },
    { programs: ['vault', 'bao'], subcommands: ['login'], options: ['-token'], positional: true },
];
/** Programs that run a shell script given with -c. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'busybox', 'fish', 'pwsh', 'powershell']);
/** Shell options that take an argument (bash -o pipefail, +o, -O extglob). */
const SHELL_ARG_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
/** Wrappers: their own options (those that take a value), then a command. */
const WRAPPERS = {
    env: { withValue: ['-u', '--unset', '-C', '--chdir'] },
    sudo: { withValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir'] },
    doas: { withValue: ['-u', '-C'] },
    nohup: { withValue: [] },
    time: { withValue: ['-f', '-o', '--format', '--output'] },
    timeout: { withValue: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
    nice: { withValue: ['-n', '--adjustment'] },
    ionice: { withValue: ['-c', '-n', '-p'] },
    stdbuf: { withValue: ['-i', '-o', '-e'] },
    exec: { withValue: ['-a'] },
    command: { withValue: [] },
    builtin: { withValue: [] },
    xargs: { withValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'] },
    chroot: { withValue: ['--userspec', '--groups'], positionals: 1 },
    flock: { withValue: ['-w', '-E', '--timeout'], positionals: 1 },
    unbuffer: { withValue: [] },
    watch: { withValue: ['-n', '-d', '--interval'] },
    sshpass: { withValue: ['-p', '-f', '-d', '-P'] },
    npx: { withValue: ['-p', '--package', '-c', '--call'] },
    strace: { withValue: ['-e', '-o', '-p', '-s', '-u'] },
};
/** ssh options that take a value (the first other argument is the destination, the rest the remote command). */
const SSH_WITH_VALUE = new Set([
    '-B',
    '-b',
    '-c',
    '-D',
    '-E',
    '-e',
    '-F',
    '-I',
    '-i',
    '-J',
    '-L',
    '-l',
    '-m',
    '-O',
    '-o',
    '-P',
    '-p',
    '-Q',
    '-R',
    '-S',
    '-W',
    '-w',
]);
const basename = (p) => p
    .split(/[\\/]/)
    .pop()
    .replace(/\.exe$/i, '');
function secret(value) {
    (0,dist/* addSecret */.Ck)(value);
    return REDACTED;
}
/** Option names that look secret but whose value is a path, a descriptor or nothing (--password-file, --password-stdin). */
const NOT_A_VALUE = /(^|[-_.])(file|path|dir|fd|stdin|env|prompt|command|cmd|type|method|mode|helper|url|uri|id|name|user(name)?|length|size|len)$/i;
const BOOLEAN_OPTION = /(^|[-_.])(stdin|prompt)$|^-*(no|ask|with|show|skip|disable|enable)[-_]/i;
/**
 * Is the word after Basic/Bearer a credential (outside a header)? One with a digit or a symbol, or mixed case as
 * base64 has, is; a plain word ("Basic setup", "Bearer token support") is prose.
 */
function looksLikeCredential(word) {
    if (word === REDACTED.slice(1, -1))
        return false;
    return /[0-9+/=._~-]/.test(word) || /[a-z][A-Za-z]*[A-Z]/.test(word);
}
/** Replaces the value parts of secret-named `name=value` pairs in free text (query strings, conninfo, cookies). */
function redactPairs(text) {
    return text.replace(/(^|[?&;,\s:/[{(])([A-Za-z_][A-Za-z0-9_.[\]-]*)=("[^"]*"|'[^']*'|[^&;,\s]*)/g, (m, lead, name, value) => {
        // `Pwd=` is the password of an ODBC / SQL Server connection string (PWD is ordinary only as a variable).
        if (!value || value === REDACTED || !(isSecretArgName(name) || /^pwd$/i.test(name)) || NOT_A_VALUE.test(name))
            return m;
        return `${lead}${name}=${secret(value.replace(/^["']|["']$/g, ''))}`;
    });
}
/** Credentials that have a structure: URL user info, Basic/Bearer, secret-named headers, SQL passwords. */
function redactStructure(text) {
    let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s@?#]+)@/gi, (m, scheme, user) => {
        if (user === REDACTED)
            return m;
        // A plain user name (ssh://git@host) is not a secret; a password or a token as the user is.
        if (!user.includes(':') && user.length < 16)
            return m;
        return `${scheme}${secret(user)}@`;
    });
    out = out.replace(/\b(Basic|Bearer)(\s+)([A-Za-z0-9+/=._~-]+)/gi, (m, scheme, sp, cred) => looksLikeCredential(cred) ? `${scheme}${sp}${secret(cred)}` : m);
    out = out.replace(/\b(token)(\s+)([A-Za-z0-9+/=._-]{16,})/gi, (_m, scheme, sp, cred) => `${scheme}${sp}${secret(cred)}`);
    // A header line whose name says secret (Authorization: …, X-Api-Key: …): its whole value, whatever it looks like.
    // Also behind an option's `=` (`--header=Cookie: sid=V`, `-H=…`), where the header is not at the start of the word.
    out = out.replace(/^([ \t]*(?:-{1,2}[A-Za-z][A-Za-z0-9-]*=)?)([A-Za-z][A-Za-z0-9_-]*)([ \t]*:[ \t]*)([^\n]+)$/gm, (m, lead, name, sep, value) => isSecretArgName(name) && value !== REDACTED && !/^\/\//.test(value) ? `${lead}${name}${sep}${secret(value)}` : m);
    // An Authorization value anywhere (code given to node -e / python -c, JSON, YAML): whatever its length or look.
    out = out.replace(/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)((?:Basic|Bearer|Token|Digest|Negotiate)\s+)?([^\s"'`,;})\]]+)/gi, (m, name, sep, scheme, cred) => cred === REDACTED || cred.startsWith('[') || cred.startsWith('$') ? m : `${name}${sep}${scheme ?? ''}${secret(cred)}`);
    // A secret-named key in JSON (a Docker config's "auth", "identitytoken", "client_secret"): its string value.
    out = out.replace(/(["'])([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*:\s*)(["'])((?:(?!\4)[^\\\n]|\\.)*)\4/g, (m, q, name, sep, vq, v) => !v || v === REDACTED || v.startsWith('$') || !isSecretArgName(name) || NOT_A_VALUE.test(name)
        ? m
        : `${q}${name}${q}${sep}${vq}${secret(v)}${vq}`);
    // XML: <password>V</password> (Maven settings.xml), and <add key="ClearTextPassword" value="V"/> (NuGet.config).
    out = out.replace(/<([A-Za-z_][A-Za-z0-9_.:-]*)(\s[^<>]*)?>([^<]+)<\/\1>/g, (m, name, attrs, v) => v === REDACTED || v.startsWith('$') || !isSecretArgName(name.replace(/^.*:/, '')) || NOT_A_VALUE.test(name)
        ? m
        : `<${name}${attrs ?? ''}>${secret(v)}</${name}>`);
    out = redactKeyValueAttributes(out);
    // .netrc: machine HOST [login USER] password V
    out = out.replace(/\b(machine\s+\S+(?:\s+login\s+\S+)?\s+password\s+)(\S+)/g, (m, head, v) => v === REDACTED ? m : `${head}${secret(v)}`);
    // PowerShell: ConvertTo-SecureString 'V' -AsPlainText (the plain text is the secret), [-String] "V" too.
    out = out.replace(/\b(ConvertTo-SecureString\s+(?:-String\s+)?)(['"])((?:(?!\2)[^\n])*)\2/gi, (m, head, q, v) => v === REDACTED || v.startsWith('$') ? m : `${head}${q}${secret(v)}${q}`);
    out = out.replace(/\b(PASSWORD|IDENTIFIED\s+BY)(\s+)'((?:[^']|'')*)'/gi, (_m, kw, sp, pw) => `${kw}${sp}'${secret(pw)}'`);
    out = out.replace(/(password|passwd|secret|token|api[_-]?key|access[_-]?key)(["']?\s*[=:]\s*["']?)([^\s"',;&]{1,})/gi, (m, name, sep, value) => value === REDACTED || value.startsWith('[') || value.startsWith('$') ? m : `${name}${sep}${secret(value)}`);
    return redactPairs(out);
}
/**
 * `key="NAME" value="V"` (NuGet.config's <add key="ClearTextPassword" value="V"/>): V when NAME says secret. Run
 * before the word rules too, which would otherwise take `key=NAME` for the credential and leave V.
 */
function redactKeyValueAttributes(text) {
    if (!/value/i.test(text))
        return text;
    return text.replace(/\b(key\s*=\s*)(["'])([^"']*)\2(\s+value\s*=\s*)(["'])([^"']*)\5/gi, (m, k, q, name, sep, vq, v) => !v || v === REDACTED || !isSecretArgName(name) || NOT_A_VALUE.test(name) ? m : `${k}${q}${name}${q}${sep}${vq}${secret(v)}${vq}`);
}
/** Redacts one word of a command line (no tool context). */
function redactWord(word, depth = 0) {
    if (!word || word === REDACTED)
        return word;
    word = redactKeyValueAttributes(word);
    // Past the depth limit a word that still holds a script goes whole: when in doubt, redact.
    if (depth > MAX_DEPTH)
        return looksLikeScript(word) || tokenKinds(word).length || redactStructure(word) !== word ? secret(word) : word;
    if (looksLikeScript(word) && !/^-----BEGIN/.test(word)) {
        const out = redactScript(word, depth + 1);
        // A token format that the words did not show (split by quotes, a PEM block) takes the whole word.
        return tokenKinds(out).length ? secret(word) : out;
    }
    if (tokenKinds(word).length)
        return secret(word);
    // --opt=V, -opt=V (single-dash long, as openssl and java), -Dname=V, -Pname=V
    const opt = /^(-{1,2}[A-Za-z0-9_][A-Za-z0-9_.[\]-]*)=(.*)$/s.exec(word);
    if (opt) {
        const [, flag, value] = opt;
        const bare = flag.replace(/^-+/, '');
        const prefixed = /^-[DPe][A-Za-z_]/.test(flag) ? bare.slice(1) : undefined;
        if ((isSecretArgName(bare) && !NOT_A_VALUE.test(bare)) ||
            (prefixed !== undefined && isSecretArgName(prefixed) && !NOT_A_VALUE.test(prefixed))) {
            return value ? `${flag}=${secret(value)}` : word;
        }
        return `${flag}=${redactWord(value, depth + 1)}`;
    }
    // NAME=VALUE (make, env, docker --build-arg / -e, git -c)
    const assign = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(word);
    if (assign) {
        const [, name, value] = assign;
        if (isSecretArgName(name) && !NOT_A_VALUE.test(name))
            return value ? `${name}=${secret(value)}` : word;
        return `${name}=${redactWord(value, depth + 1)}`;
    }
    return redactStructure(word);
}
/** Redacts a shell script: each simple command through the argv rules; changed words are replaced in place. */
function redactScript(script, depth = 0) {
    script = redactKeyValueAttributes(script);
    let out = '';
    let last = 0;
    const commands = tokenizeShell(script);
    const all = commands.map((command) => redactCommandAt(command.map((w) => w.value), depth));
    redactStdinCredentials(script, commands, all);
    for (const [k, command] of commands.entries()) {
        const redacted = all[k];
        command.forEach((w, i) => {
            if (redacted[i] === w.value)
                return;
            const raw = script.slice(w.start, w.end);
            const q = raw[0] === "'" || raw[0] === '"' ? raw[0] : '';
            out += script.slice(last, w.start) + (q && raw.endsWith(q) ? `${q}${redacted[i]}${q}` : redacted[i]);
            last = w.end;
        });
    }
    out += script.slice(last);
    // Shapes that span words (password = "x", Basic <newline> creds) are caught on the whole text as well.
    return redactStructure(out);
}
/** Options that make a tool read its password or token from standard input (`docker login --password-stdin`). */
const STDIN_CREDENTIAL = /^--?(?:[a-z-]*(?:password|passphrase|passwd|token|secret|credentials?|key)[-_]?stdin|stdin[-_]?(?:password|passphrase|token|secret)|with[-_]token|password[-_]from[-_]stdin)$/i;
/** Programs whose arguments are what they write to standard output. */
const FEEDERS = new Set(['echo', 'printf', 'print']);
/**
 * A credential given on standard input has no option in front of it: `echo S | docker login --password-stdin`,
 * `gh auth login --with-token <<< S`, or a here-document. When a command reads a credential from stdin, the words
 * of an echo/printf piped into it, a here-string and the lines of a here-document are redacted whole.
 */
function redactStdinCredentials(script, commands, all) {
    const gap = (a, b) => script.slice(a, b);
    commands.forEach((command, k) => {
        // `read TOKEN <<< V` / `echo V | read TOKEN`: reading into a secret-named variable is the same.
        const readsSecret = basename(command[0].value) === 'read' && command.slice(1).some((w) => !isOption(w.value) && isSecretArgName(w.value));
        if (!readsSecret && !command.some((w) => STDIN_CREDENTIAL.test(w.value)))
            return;
        const prev = commands[k - 1];
        const piped = Boolean(prev?.length && /^[ \t]*\|&?[ \t]*$/.test(gap(prev[prev.length - 1].end, command[0].start)));
        for (const at of piped ? [k - 1, k] : [k])
            hereInput(at);
        if (!piped || !FEEDERS.has(basename(prev[0].value)))
            return;
        const feeder = all[k - 1];
        let i = 1;
        while (i < prev.length && /^-[neEr]+$/.test(prev[i].value))
            i++;
        if (basename(prev[0].value) === 'printf' && i < prev.length && prev[i].value.includes('%'))
            i++; // the format
        for (; i < prev.length; i++)
            feeder[i] = secret(prev[i].value);
    });
    /** The here-string and here-document input of command k. */
    function hereInput(k) {
        const command = commands[k];
        const out = all[k];
        command.forEach((w, i) => {
            if (i === 0)
                return;
            const before = gap(command[i - 1].end, w.start);
            if (/<<<\s*$/.test(before))
                out[i] = secret(w.value);
            else if (/<<-?\s*$/.test(before)) {
                // Here-document: every line up to the delimiter (tokenized as commands of their own) is the credential.
                const delim = w.value;
                const bodyStart = script.indexOf('\n', command[command.length - 1].end);
                if (bodyStart < 0)
                    return;
                const m = new RegExp(`\n[\t]*${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \t]*(\n|$)`).exec(script.slice(bodyStart));
                const bodyEnd = m ? bodyStart + m.index + 1 : script.length;
                commands.forEach((c, j) => {
                    if (j > k && c.length && c[0].start >= bodyStart && c[0].start < bodyEnd)
                        all[j] = c.map((x) => secret(x.value));
                });
            }
        });
    }
}
function credentialSpecs(program) {
    return CREDENTIAL_OPTIONS.filter((s) => s.programs.includes(program));
}
/** Is argv[i] a value-less option? (starts with - and is not just "-") */
const isOption = (a) => a.length > 1 && a.startsWith('-');
/**
 * Redacts a command line. argv[0] is the program. Returns a new array of the same length.
 */
function redactArgv(argv) {
    return redactCommandAt([...argv], 0);
}
/** Every credential option of every tool, for the flat fallback past the depth limit. */
const ANY_TOOL_OPTIONS = new Set(CREDENTIAL_OPTIONS.flatMap((s) => s.options));
const ANY_TOOL_GLUED = [...new Set(CREDENTIAL_OPTIONS.flatMap((s) => s.glued ?? []))];
/** Past the depth limit (hostile nesting): any tool's credential option takes its value, scripts go whole. */
function redactFlat(argv) {
    return argv.map((w, i) => {
        if (i > 0 && ANY_TOOL_OPTIONS.has(argv[i - 1]))
            return secret(w);
        const glued = ANY_TOOL_GLUED.find((o) => w.startsWith(o) && w.length > o.length && !w.startsWith('--'));
        if (glued)
            return `${glued}${secret(w.slice(glued.length))}`;
        return redactWord(w, MAX_DEPTH + 1);
    });
}
/**
 * Redacts one command line, as segments: a known tool further along the line (`deploy: curl -u …` in a commit
 * message, `xargs -n1 mysql -p…`, `docker run IMAGE mysql -p…`) starts a segment read with that tool's options.
 * Segments are a loop, not recursion: a hostile line of 20,000 tool names costs linear work.
 */
function redactCommandAt(argv, depth) {
    // Bounded work on hostile input: past the depth limit, no more nesting.
    if (depth > MAX_DEPTH)
        return redactFlat(argv);
    const result = [];
    let start = 0;
    while (start < argv.length) {
        let p = start;
        while (p < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[p]))
            p++;
        const program = p < argv.length ? basename(argv[p]) : '';
        const own = new Set(credentialSpecs(program).flatMap((s) => s.options));
        let tail = argv.length;
        for (let i = p + 1; i < argv.length; i++) {
            const a = argv[i];
            const name = basename(a);
            if (!isOption(a) && name !== program && credentialSpecs(name).length > 0 && !own.has(argv[i - 1])) {
                tail = i;
                break;
            }
        }
        for (const w of redactSegment(argv.slice(start, tail), depth))
            result.push(w);
        start = tail;
    }
    return result;
}
function redactSegment(argv, depth) {
    const out = [...argv];
    const done = new Set();
    const set = (i, value) => {
        out[i] = value;
        done.add(i);
    };
    const nested = (from) => {
        const inner = redactCommandAt(argv.slice(from), depth + 1);
        inner.forEach((v, k) => set(from + k, v));
    };
    const script = (i) => {
        if (i < argv.length)
            set(i, depth > MAX_DEPTH ? redactWord(argv[i], depth) : redactScript(argv[i], depth + 1));
    };
    // Leading NAME=VALUE assignments (FOO=bar cmd), then the program.
    let p = 0;
    while (p < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[p]))
        p++;
    if (p >= argv.length)
        return argv.map((w) => redactWord(w, depth));
    const program = basename(argv[p]);
    // 1. Per-tool credential options.
    for (const spec of credentialSpecs(program)) {
        let scoped = !spec.subcommands;
        for (let i = p + 1; i < argv.length; i++) {
            const a = argv[i];
            if (a === '--')
                break;
            if (!scoped) {
                if (!isOption(a) && spec.subcommands.includes(a))
                    scoped = true;
                continue;
            }
            if (done.has(i))
                continue;
            if (spec.booleans?.includes(a)) {
                set(i, a);
                continue;
            }
            if (spec.positional && !isOption(a) && !a.includes('=')) {
                set(i, secret(a));
                continue;
            }
            for (const o of spec.options) {
                const colon = spec.afterColon?.includes(o);
                const hide = (v) => {
                    if (!colon)
                        return secret(v);
                    const c = v.search(/:(?![\\/])/);
                    return c > 1 ? `${v.slice(0, c + 1)}${secret(v.slice(c + 1))}` : v;
                };
                if (a === o) {
                    if (i + 1 < argv.length) {
                        set(i, a);
                        set(i + 1, hide(argv[i + 1]));
                        i++;
                    }
                    break;
                }
                if (a.startsWith(`${o}=`) && a.length > o.length + 1) {
                    set(i, `${o}=${hide(a.slice(o.length + 1))}`);
                    break;
                }
                if (spec.glued?.includes(o) && a.startsWith(o) && a.length > o.length && !a.startsWith('--')) {
                    set(i, `${o}${hide(a.slice(o.length))}`);
                    break;
                }
            }
        }
    }
    // 2. Tools whose arguments are commands or scripts.
    if (SHELLS.has(program)) {
        let i = p + 1;
        if (program === 'busybox' && argv[i] && SHELLS.has(argv[i]))
            i++;
        let sawC = false;
        for (; i < argv.length; i++) {
            const a = argv[i];
            if (SHELL_ARG_OPTIONS.has(a)) {
                i++;
                continue;
            }
            if (/^-[A-Za-z]*c[A-Za-z]*$/.test(a) || a === '-Command' || a === '-command') {
                sawC = true;
                continue;
            }
            if (isOption(a) || /^\+[A-Za-z]+$/.test(a))
                continue;
            if (sawC)
                script(i);
            break;
        }
    }
    else if (program === 'su' || program === 'runuser') {
        for (let i = p + 1; i < argv.length; i++)
            if (argv[i] === '-c' || argv[i] === '--command')
                script(++i);
    }
    else if (program === 'eval') {
        for (let i = p + 1; i < argv.length; i++)
            script(i);
    }
    else if (program === 'ssh') {
        let i = p + 1;
        for (; i < argv.length; i++) {
            const a = argv[i];
            if (SSH_WITH_VALUE.has(a)) {
                i++;
                continue;
            }
            if (!isOption(a))
                break;
        }
        // argv[i] is the destination; everything after it is the remote command, run by the remote shell.
        if (i + 2 === argv.length)
            script(i + 1);
        else if (i + 1 < argv.length)
            nested(i + 1);
    }
    else if (program === 'git') {
        for (let i = p + 1; i < argv.length; i++) {
            const a = argv[i];
            if (a === '-c' && i + 1 < argv.length) {
                set(i + 1, redactGitConfigPair(argv[i + 1], depth));
                i++;
            }
            else if (a.startsWith('-c') && a.includes('=') && !a.startsWith('--')) {
                set(i, `-c${redactGitConfigPair(a.slice(2), depth)}`);
            }
            else if (a === 'config') {
                // git config [options] NAME VALUE
                const rest = [];
                for (let j = i + 1; j < argv.length; j++) {
                    const b = argv[j];
                    if (b === '-f' || b === '--file' || b === '--blob' || b === '--type' || b === '--default' || b === '--comment')
                        j++;
                    else if (!isOption(b))
                        rest.push(j);
                }
                if (rest.length >= 2) {
                    const [n, v] = [rest[0], rest[1]];
                    const pair = redactGitConfigPair(`${argv[n]}=${argv[v]}`, depth);
                    set(v, pair.slice(pair.indexOf('=') + 1));
                }
                break;
            }
            else if (!isOption(a))
                break;
        }
    }
    else if (program === 'htpasswd') {
        const flags = argv
            .slice(p + 1)
            .filter((a) => /^-[A-Za-z]+$/.test(a))
            .join('');
        if (flags.includes('b')) {
            const positionals = [];
            for (let i = p + 1; i < argv.length; i++) {
                if (argv[i] === '-C' || argv[i] === '-r')
                    i++;
                else if (!isOption(argv[i]))
                    positionals.push(i);
            }
            const last = positionals.at(-1);
            if (last !== undefined && positionals.length >= 2)
                set(last, secret(argv[last]));
        }
    }
    const wrapper = WRAPPERS[program];
    if (wrapper) {
        let i = p + 1;
        let positionals = wrapper.positionals ?? 0;
        for (; i < argv.length; i++) {
            const a = argv[i];
            if (a === '--') {
                i++;
                break;
            }
            if (wrapper.withValue.includes(a)) {
                i++;
                continue;
            }
            if (program === 'env' && (a === '-S' || a === '--split-string')) {
                script(i + 1);
                i = argv.length;
                break;
            }
            if (isOption(a))
                continue;
            if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a))
                continue;
            if (positionals > 0) {
                positionals--;
                continue;
            }
            break;
        }
        if (i < argv.length)
            nested(i);
    }
    // A command after a bare `--` (kubectl exec … -- CMD, docker run … -- CMD) or a shell started mid-line
    // (docker run IMAGE sh -c SCRIPT) is redacted as a command of its own.
    for (let i = p + 1; i < argv.length; i++) {
        if (done.has(i))
            continue;
        const a = argv[i];
        const next = argv[i + 1];
        if (a === '--' && next !== undefined && !done.has(i + 1) && isKnownProgram(basename(next))) {
            nested(i + 1);
            break;
        }
        if (SHELLS.has(basename(a)) && next !== undefined && /^-[A-Za-z]*c[A-Za-z]*$/.test(next) && !done.has(i + 2)) {
            nested(i);
            break;
        }
    }
    // `… config set NAME VALUE` (npm, yarn, pnpm, pip): a secret-named key (//registry/:_authToken) has a secret value.
    for (let i = p + 2; i + 1 < argv.length; i++) {
        if (argv[i - 1] === 'set' && !done.has(i + 1) && isSecretArgName(argv[i].split(/[:/.]/).pop() ?? ''))
            set(i + 1, secret(argv[i + 1]));
    }
    // 3. Every other word on its own.
    for (let i = 0; i < argv.length; i++) {
        if (done.has(i))
            continue;
        const a = argv[i];
        out[i] = redactWord(a, depth);
        // A secret-named option given its value as the next word (--token V, -password V).
        const flag = /^-{1,2}([A-Za-z][A-Za-z0-9_.-]*)$/.exec(a);
        if (flag &&
            i + 1 < argv.length &&
            !done.has(i + 1) &&
            isSecretArgName(flag[1]) &&
            !NOT_A_VALUE.test(flag[1]) &&
            !BOOLEAN_OPTION.test(flag[1]) &&
            flag[1].length > 1) {
            out[i + 1] = secret(argv[i + 1]);
            done.add(i + 1);
            i++;
        }
    }
    return out;
}
function isKnownProgram(name) {
    return (SHELLS.has(name) || name in WRAPPERS || credentialSpecs(name).length > 0 || ['ssh', 'git', 'htpasswd', 'su', 'eval'].includes(name));
}
/** git -c NAME=VALUE / git config NAME VALUE: headers and helpers are credentials; `!script` helpers are scripts. */
function redactGitConfigPair(pair, depth) {
    const eq = pair.indexOf('=');
    if (eq < 0)
        return redactWord(pair, depth);
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const key = name.split('.').pop().toLowerCase();
    if (key === 'extraheader')
        return `${name}=${value ? secret(value) : ''}`;
    if (key === 'helper' && value.startsWith('!'))
        return `${name}=!${redactScript(value.slice(1), depth + 1)}`;
    if (isSecretArgName(key) && !NOT_A_VALUE.test(key))
        return `${name}=${value ? secret(value) : ''}`;
    return `${name}=${redactWord(value, depth + 1)}`;
}
/** Redacts free text that may hold command lines or assignments (an environment value such as BUILD_ARGS). */
function redactText(text) {
    return looksLikeScript(text) ? redactScript(text, 1) : redactWord(text, 1);
}

;// CONCATENATED MODULE: ./packages/provenance/dist/redact.js
/**
 * Captured build data never carries secrets (ARCHITECTURE.md, trust model):
 *  1. environment capture is allow-listed by name (CI platform variables and a few generic ones);
 *  2. names that say "secret" (*_TOKEN, *_SECRET, *_PASSWORD, *_KEY, credentials, …) are never captured, allow-listed or not;
 *  3. every captured value is scanned for secret shapes (provider token formats, PEM keys, JWTs, high-entropy
 *     strings, secrets.ts) and replaced whole by "[REDACTED]" when one matches;
 *  4. otherwise it is parsed as command lines (argv.ts): credential options, NAME=VALUE with secret names, headers,
 *     URL user info, Basic/Bearer credentials — and only those parts are replaced ("BUILD_ARGS=--build-arg
 *     NPM_TOKEN=[REDACTED] --build-arg VERSION=1.2.3").
 * Redacted values are also registered with the logger, so they are masked in every log line.
 */





/** Prefixes of CI platform variables that are captured (after the name and value checks). */
const ENV_ALLOW_PREFIXES = [
    'GITHUB_',
    'RUNNER_',
    'CI_',
    'GITLAB_',
    'BUILDKITE_',
    'CIRCLE_',
    'BUILD_',
    'SYSTEM_',
    'AGENT_',
    'BITBUCKET_',
    'CHANGE_',
    'JOB_',
    'GIT_',
    'TF_BUILD',
];
/** Exact names captured besides the prefixes. */
const ENV_ALLOW_NAMES = [
    'CI',
    'GITHUB_ACTIONS',
    'GITLAB_CI',
    'BUILDKITE',
    'CIRCLECI',
    'TF_BUILD',
    'JENKINS_URL',
    'BUILD_NUMBER',
    'BUILD_ID',
    'BUILD_URL',
    'BUILD_TAG',
    'NODE_NAME',
    'EXECUTOR_NUMBER',
    'BRANCH_NAME',
    'TAG_NAME',
    'STAGE_NAME',
    'WORKSPACE',
    'ImageOS',
    'ImageVersion',
    'NODE_ENV',
    'SOURCE_DATE_EPOCH',
    'LANG',
    'LC_ALL',
    'TZ',
    'SHELL',
];
function isAllowedName(name, extra = []) {
    if (isSecretName(name))
        return false;
    if (ENV_ALLOW_NAMES.includes(name) || extra.includes(name))
        return true;
    return ENV_ALLOW_PREFIXES.some((p) => name.startsWith(p));
}
/** Allow-lists and redacts an environment. Values that look secret are registered with the log masker. */
function redactEnvironment(env, options = {}) {
    const variables = {};
    const redacted = [];
    let omitted = 0;
    for (const name of Object.keys(env).sort(dist/* compareStrings */.Kt)) {
        const value = env[name];
        if (value === undefined)
            continue;
        if (isSecretName(name)) {
            (0,dist/* addSecret */.Ck)(value);
            omitted++;
            continue;
        }
        if (!isAllowedName(name, options.allow)) {
            omitted++;
            continue;
        }
        // A token format or a high-entropy string takes the whole value; credentials with a structure (an option, an
        // assignment, a URL's user info, a header) inside a longer value (BUILD_ARGS, a command) only their part.
        const { text, kinds } = redactFreeText(value);
        variables[name] = text;
        if (kinds.length)
            redacted.push({ name, kinds });
    }
    return { variables, redacted, omitted };
}
/**
 * Redacts a free-text value (CI context strings, a tool's version line, a remote URL): entirely when it holds a
 * token format, else the credential parts that have a structure (URL user info, options, assignments, headers).
 */
function redactValue(value) {
    return redactFreeText(value).text;
}
/** The redacted text and the kinds of secret found (empty when nothing was redacted). */
function redactFreeText(value) {
    const tokens = tokenKinds(value);
    if (tokens.length) {
        (0,dist/* addSecret */.Ck)(value);
        return { text: REDACTED, kinds: tokens };
    }
    const text = redactText(value);
    const structural = secretKinds(value).filter((k) => STRUCTURAL_KINDS.has(k));
    if (text === value) {
        if (!structural.length)
            return { text, kinds: [] };
        // Seen by its shape but not taken apart by the parser: the whole value goes.
        (0,dist/* addSecret */.Ck)(value);
        return { text: REDACTED, kinds: structural };
    }
    return { text, kinds: structural.length ? structural : ['credential-argument'] };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/provenance/dist/git.js
/**
 * Source revision facts read from .git directly (no git binary needed): HEAD, the ref it points to (loose or in
 * packed-refs), the remote URL from .git/config with any credentials stripped. Handles worktrees and submodules
 * (a .git file with "gitdir: …", commondir). Only the dirty flag needs git itself: `git status --porcelain`,
 * run when git is on PATH; without it the flag is left unknown.
 */




/** Finds the .git directory (or file) from `start` upwards. */
function findGitDir(start) {
    let dir = (0,external_node_path_.resolve)(start);
    for (;;) {
        const candidate = (0,external_node_path_.join)(dir, '.git');
        if ((0,external_node_fs_.existsSync)(candidate)) {
            const st = (0,external_node_fs_.statSync)(candidate);
            if (st.isDirectory())
                return { workTree: dir, gitDir: candidate };
            const m = /^gitdir:\s*(.+)$/m.exec((0,external_node_fs_.readFileSync)(candidate, 'utf8'));
            if (m) {
                const target = m[1].trim();
                return { workTree: dir, gitDir: (0,external_node_path_.isAbsolute)(target) ? target : (0,external_node_path_.resolve)(dir, target) };
            }
        }
        const parent = (0,external_node_path_.dirname)(dir);
        if (parent === dir)
            return undefined;
        dir = parent;
    }
}
function read(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        return undefined;
    }
}
/** The directory holding refs, packed-refs and config (differs from gitDir in linked worktrees). */
function commonDir(gitDir) {
    const common = read((0,external_node_path_.join)(gitDir, 'commondir'))?.trim();
    if (!common)
        return gitDir;
    return (0,external_node_path_.isAbsolute)(common) ? common : (0,external_node_path_.resolve)(gitDir, common);
}
function resolveRef(gitDir, ref, depth = 0) {
    if (depth > 5)
        return undefined;
    const common = commonDir(gitDir);
    for (const dir of [gitDir, common]) {
        const loose = read((0,external_node_path_.join)(dir, ref))?.trim();
        if (loose) {
            if (loose.startsWith('ref:'))
                return resolveRef(gitDir, loose.slice(4).trim(), depth + 1);
            if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(loose))
                return loose;
        }
    }
    const packed = read((0,external_node_path_.join)(common, 'packed-refs'));
    if (packed) {
        for (const line of packed.split('\n')) {
            if (line.startsWith('#') || line.startsWith('^'))
                continue;
            const [sha, name] = line.trim().split(' ');
            if (name === ref && sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
                return sha;
        }
    }
    return undefined;
}
/** Parses the remotes from a git config file: name -> url. */
function parseRemotes(config) {
    const remotes = new Map();
    let current;
    for (const raw of config.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith(';'))
            continue;
        const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
        if (section) {
            current = section[1].toLowerCase() === 'remote' && section[2] !== undefined ? section[2].replace(/\\(.)/g, '$1') : undefined;
            continue;
        }
        if (current === undefined)
            continue;
        const kv = /^url\s*=\s*(.*)$/i.exec(line);
        if (kv && !remotes.has(current))
            remotes.set(current, kv[1].replace(/^"(.*)"$/, '$1').trim());
    }
    return remotes;
}
/**
 * A remote URL as a URI that can follow `git+` in provenance, credentials removed:
 *  - scp-style `[user@]host:path` (git@github.com:org/repo.git) becomes `ssh://[user@]host/path`;
 *  - user:password@ and token@ in URLs go (only a plain user name of an ssh URL stays: it is never a secret), and
 *    so do query strings and fragments (SAS signatures, tokens);
 *  - a local path stays a path.
 */
function stripCredentials(url) {
    let out = url.trim();
    const scp = /^(?:([A-Za-z0-9._~-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.*)$/.exec(out);
    if (scp && !/^[A-Za-z]:[\\/]/.test(out) && scp[2].length > 1) {
        const [, user, host, path] = scp;
        out = `ssh://${user ? `${user}@` : ''}${host}/${path.replace(/^\/+/, '')}`;
    }
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?([^/?#]*)([^?#]*)/i.exec(out);
    if (m) {
        const user = m[2];
        // ssh://git@host keeps a short plain user name (no password); anything else in the user part goes (a token).
        const keepUser = user &&
            /^ssh:/i.test(m[1]) &&
            /^[A-Za-z0-9._-]+@$/.test(user) &&
            user.length <= 16 &&
            !/^(gh[pousr]_|github_pat_|glpat-)/.test(user);
        out = `${m[1]}${keepUser ? user : ''}${m[3]}${m[4]}`;
    }
    return redactValue(out);
}
async function gitStatusDirty(workTree, timeoutMs = 15_000) {
    return new Promise((resolvePromise) => {
        (0,external_node_child_process_.execFile)('git', ['-c', 'core.quotepath=off', '-c', `safe.directory=${workTree}`, 'status', '--porcelain', '--untracked-files=normal'], {
            cwd: workTree,
            timeout: timeoutMs,
            maxBuffer: 64 << 20,
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        }, (err, stdout) => resolvePromise(err ? undefined : stdout.trim().length > 0));
    });
}
/** Git facts of the repository containing `cwd`, or undefined when there is none. */
async function readGitFacts(cwd, options = {}) {
    const found = findGitDir(cwd);
    if (!found)
        return undefined;
    const { gitDir, workTree } = found;
    const head = read((0,external_node_path_.join)(gitDir, 'HEAD'))?.trim();
    let ref;
    let commit;
    if (head?.startsWith('ref:')) {
        ref = head.slice(4).trim();
        commit = resolveRef(gitDir, ref);
    }
    else if (head && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) {
        commit = head;
    }
    const remotes = parseRemotes(read((0,external_node_path_.join)(commonDir(gitDir), 'config')) ?? '');
    const remoteName = remotes.has('origin') ? 'origin' : [...remotes.keys()].sort()[0];
    const remote = remoteName ? remotes.get(remoteName) : undefined;
    const dirty = options.status === false ? undefined : await gitStatusDirty(workTree);
    return {
        ...(commit ? { commit } : {}),
        ...(ref ? { ref } : {}),
        detached: ref === undefined,
        ...(remote ? { remoteUrl: stripCredentials(remote), remoteName } : {}),
        ...(dirty === undefined ? {} : { dirty }),
        dirtySource: dirty === undefined ? 'unknown' : 'git-status',
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/provenance/dist/files.js
/** Globs and file digests shared by materials and subjects. */




function isGlob(pattern) {
    return /[*?[\]{}]/.test(pattern);
}
/** Forward-slash path relative to cwd (absolute when outside it). */
function displayPath(cwd, absolute) {
    const rel = (0,external_node_path_.relative)(cwd, absolute);
    if (rel.startsWith('..') || rel === '')
        return absolute.split(external_node_path_.sep).join('/');
    return rel.split(external_node_path_.sep).join('/');
}
/**
 * Expands a path or glob to files (relative display names, sorted). `what` names the option in errors.
 * A literal path must be a file; a glob must match at least one file.
 */
async function expandFiles(pattern, cwd, what) {
    if (!isGlob(pattern)) {
        const path = (0,external_node_path_.resolve)(cwd, pattern);
        let st;
        try {
            st = await (0,promises_.stat)(path);
        }
        catch {
            throw new ProvenanceInputError('FILE_NOT_FOUND', `does not exist (looked for ${path}).`, {
                location: `${what} "${pattern}"`,
                hint: 'Check the path (it is relative to the current directory), or build the file before this step.',
            });
        }
        if (!st.isFile()) {
            const dir = st.isDirectory();
            throw new ProvenanceInputError('FILE_NOT_A_FILE', dir ? 'is a directory, not a file.' : 'is not a regular file (a device, FIFO or socket, or a link to one): it is never read.', {
                location: `${what} "${pattern}"`,
                hint: dir
                    ? `To take every file under it, give a glob: "${pattern.replace(/\/+$/, '')}/**".`
                    : 'Give the path of the built file itself.',
            });
        }
        return [{ name: displayPath(cwd, path), path }];
    }
    const found = [];
    for await (const entry of (0,promises_.glob)(pattern, { cwd, withFileTypes: true })) {
        if (!entry.isFile())
            continue;
        const path = (0,external_node_path_.resolve)(entry.parentPath, entry.name);
        found.push({ name: displayPath(cwd, path), path });
    }
    if (found.length === 0) {
        throw new ProvenanceInputError('GLOB_NO_MATCH', `no file matches this pattern under ${cwd}.`, {
            location: `${what} "${pattern}"`,
            hint: 'Check the pattern and the current directory (patterns are relative to it; quote them so the shell does not expand them), and that the files were built.',
        });
    }
    return found.sort((a, b) => (0,dist/* compareStrings */.Kt)(a.name, b.name));
}
/** Runs `fn` over items with at most `limit` at a time, keeping order. */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}
async function digestFiles(files, alg = 'sha256') {
    return mapLimit(files, 8, async (f) => ({ name: f.name, digest: { [alg]: await (0,dist/* digestFile */.TM)(f.path, alg) } }));
}
/** Materials: each glob expanded, sha256 of each file, duplicates removed, sorted by name. */
async function collectMaterials(patterns, cwd) {
    const byName = new Map();
    for (const p of patterns)
        for (const f of await expandFiles(p, cwd, '--material'))
            byName.set(f.name, f);
    const files = [...byName.values()].sort((a, b) => (0,dist/* compareStrings */.Kt)(a.name, b.name));
    return digestFiles(files);
}
/**
 * Reads a small input document (a capture, a checksum file) as text: a regular file only (a device, FIFO or socket,
 * or a symbolic link to one, is refused without reading: /dev/zero never ends), of at most the attestation-blob
 * limit (what it feeds becomes a statement that has to fit in a bundle), never reading past that limit. Throws
 * `Error` with a reason for a missing or non-regular file, LimitError (LIMIT_BUNDLE_BYTES) above the limit.
 */
async function readInputText(path, what, location) {
    try {
        return (await (0,dist/* readBoundedFile */.Mv)(path, what, 'bundleBytes', location)).toString('utf8');
    }
    catch (err) {
        // The callers word "cannot be read" with their own code; a non-regular file is one reason for it.
        if (err instanceof dist/* CustodyError */.Kf && err.code === 'INPUT_NOT_A_FILE')
            throw new Error(`it is not a regular file (${err.message})`);
        throw err;
    }
}

;// CONCATENATED MODULE: ./packages/provenance/dist/subjects.js
/**
 * Subjects of a statement: files by path or glob (sha256 each), NAME@sha256:HEX, oci://REGISTRY/REPO@sha256:HEX,
 * and shasum-format checksum files (sha256sum / sha512sum output, text and binary mode, and the BSD "--tag" form).
 * Duplicates are removed; the list is sorted by name, then digest.
 */




/** Digest algorithms accepted for subjects (in-toto DigestSet names). */
const SUBJECT_ALGS = new Set(['sha256', 'sha384', 'sha512']);
const HEX_LEN = { sha256: 64, sha384: 96, sha512: 128 };
function checkDigest(spec, alg, hex, where) {
    if (!SUBJECT_ALGS.has(alg)) {
        throw new ProvenanceInputError('SUBJECT_DIGEST_UNSUPPORTED', `subject "${spec}" uses digest algorithm "${alg}", which is not supported.`, {
            location: where,
            hint: 'Give a sha256 digest (sha384 and sha512 are accepted too), e.g. NAME@sha256:<64 hex characters>.',
        });
    }
    const want = HEX_LEN[alg];
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== want) {
        throw new ProvenanceInputError('SUBJECT_DIGEST_INVALID', `subject "${spec}": a ${alg} digest is ${want} hex characters, got "${hex}".`, {
            location: where,
            hint: 'Check that the digest was copied whole.',
        });
    }
    return { [alg]: hex.toLowerCase() };
}
/** Parses one subject that carries its digest (NAME@ALG:HEX, oci://…@ALG:HEX); undefined for paths and globs. */
function parseDigestSubject(spec, where = '--subject') {
    const d = (0,dist/* parseSubjectSpec */.$W)(spec); // core's subject grammar; the digest is judged here, with the SUBJECT_* codes
    if (!d)
        return undefined;
    if (d.kind === 'unpinned') {
        throw new ProvenanceInputError('SUBJECT_IMAGE_NOT_PINNED', `image subject "${spec}" has no digest.`, {
            location: where,
            hint: 'Give the image by digest: oci://REGISTRY/REPO@sha256:HEX (resolve a tag first, e.g. with `crane digest` or `docker buildx imagetools inspect`).',
        });
    }
    if (d.kind === 'image')
        return { name: d.name, digest: checkDigest(spec, d.algorithm, d.hex, where) };
    // A digest-shaped suffix with an unknown algorithm word still means a digest (sha1:, md5:): refuse it clearly.
    if (!(0,dist/* isDigestAlgorithm */.Wb)(d.algorithm) && !/^(md5|sha1|sha224|sha3-?\d*|blake\w*)$/.test(d.algorithm))
        return undefined;
    return { name: d.name, digest: checkDigest(spec, d.algorithm, d.hex, where) };
}
/** Parses a shasum-format checksum file. `file` is for messages. */
function parseChecksums(text, file) {
    const out = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, i) => {
        const where = `${file}:${i + 1}`;
        const line = raw.trimEnd();
        if (line.trim() === '' || line.trimStart().startsWith('#'))
            return;
        let hex;
        let name;
        let alg;
        const bsd = /^(SHA256|SHA384|SHA512|SHA1|MD5|SHA224)\s*\((.+)\)\s*=\s*([0-9A-Fa-f]+)$/.exec(line);
        const gnu = /^(\\?)([0-9A-Fa-f]+) ([ *])(.+)$/.exec(line);
        if (bsd) {
            alg = bsd[1].toLowerCase();
            name = bsd[2];
            hex = bsd[3];
        }
        else if (gnu) {
            hex = gnu[2];
            name = gnu[4];
            if (gnu[1])
                name = name.replace(/\\(\\|n|r)/g, (_, c) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
        }
        else {
            throw new ProvenanceInputError('CHECKSUM_LINE_MALFORMED', `line ${i + 1} of ${file} is not a checksum line: "${line.slice(0, 120)}".`, {
                location: where,
                hint: 'Each line must be "<hex digest>  <file name>" (two spaces, or " *" for binary mode), as written by sha256sum or shasum -a 256.',
            });
        }
        if (!alg) {
            alg = Object.entries(HEX_LEN).find(([, n]) => n === hex.length)?.[0];
            if (!alg) {
                const guess = hex.length === 40 ? 'sha1' : hex.length === 32 ? 'md5' : hex.length === 56 ? 'sha224' : `${hex.length * 4}-bit`;
                throw new ProvenanceInputError('CHECKSUM_ALGORITHM_UNSUPPORTED', `line ${i + 1} of ${file} has a ${guess} digest (${hex.length} hex characters); only sha256 and sha512 checksums are accepted.`, {
                    location: where,
                    hint: 'Regenerate the file with sha256sum (or shasum -a 256 / sha512sum).',
                });
            }
        }
        out.push({ name, digest: checkDigest(`${name} (${file}:${i + 1})`, alg, hex, where) });
    });
    if (out.length === 0) {
        throw new ProvenanceInputError('CHECKSUM_FILE_EMPTY', `${file} lists no checksums.`, {
            location: file,
            hint: 'Generate it with sha256sum FILES > checksums.txt.',
        });
    }
    return out;
}
/** Removes exact duplicates (same name, same digests), merges digest sets of the same name, sorts. */
function dedupeSubjects(subjects) {
    const byKey = new Map();
    for (const s of subjects) {
        const digest = Object.fromEntries(Object.entries(s.digest).sort(([a], [b]) => (0,dist/* compareStrings */.Kt)(a, b)));
        const key = `${s.name}\u0000${JSON.stringify(digest)}`;
        if (!byKey.has(key))
            byKey.set(key, { name: s.name, digest });
    }
    return [...byKey.values()].sort((a, b) => (0,dist/* compareStrings */.Kt)(a.name, b.name) || (0,dist/* compareStrings */.Kt)(JSON.stringify(a.digest), JSON.stringify(b.digest)));
}
/**
 * Resolves --subject SPECs and an optional --subject-checksums FILE to subjects (sorted, without duplicates).
 * Throws ProvenanceInputError (exit 2) naming the input and the fix.
 */
async function resolveSubjects(specs, checksumsFile, cwd) {
    if (specs.length === 0 && !checksumsFile) {
        throw new ProvenanceInputError('SUBJECT_MISSING', 'no subject given.', {
            location: '--subject',
            hint: 'Name what the statement is about: --subject dist/app.tgz, --subject "dist/*.tgz", --subject NAME@sha256:HEX, --subject oci://REG/REPO@sha256:HEX or --subject-checksums FILE.',
        });
    }
    const subjects = [];
    const files = [];
    for (const spec of specs) {
        if (spec.trim() === '') {
            throw new ProvenanceInputError('SUBJECT_EMPTY', 'an empty --subject was given.', {
                location: '--subject',
                hint: 'Remove it or give a path.',
            });
        }
        const digestSubject = parseDigestSubject(spec);
        if (digestSubject)
            subjects.push(digestSubject);
        else
            files.push(...(await expandFiles(spec, cwd, '--subject')));
    }
    const seen = new Set();
    const unique = files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
    subjects.push(...(await digestFiles(unique)));
    if (checksumsFile) {
        const path = (0,external_node_path_.resolve)(cwd, checksumsFile);
        let text;
        try {
            text = await readInputText(path, `--subject-checksums "${checksumsFile}"`, '--subject-checksums');
        }
        catch (err) {
            if (err instanceof dist/* CustodyError */.Kf)
                throw err;
            const why = err.code === undefined ? `: ${err.message}` : '';
            throw new ProvenanceInputError('CHECKSUM_FILE_NOT_FOUND', `--subject-checksums "${checksumsFile}" cannot be read (looked for ${path})${why}.`, {
                location: '--subject-checksums',
                hint: 'Check the path, or create it with sha256sum FILES > checksums.txt.',
            });
        }
        subjects.push(...parseChecksums(text, checksumsFile));
    }
    return dedupeSubjects(subjects);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/provenance/dist/host.js

function readHostFacts() {
    return {
        os: (0,external_node_os_.platform)(),
        kernel: (0,external_node_os_.type)(),
        kernelRelease: (0,external_node_os_.release)(),
        kernelVersion: (0,external_node_os_.version)(),
        arch: (0,external_node_os_.arch)(),
        hostname: (0,external_node_os_.hostname)(),
        cpus: (0,external_node_os_.cpus)().length,
        memoryBytes: (0,external_node_os_.totalmem)(),
    };
}

;// CONCATENATED MODULE: ./packages/provenance/dist/model.js
const CAPTURE_TYPE = 'https://github.com/custody-dev/custody/capture';
const CAPTURE_VERSION = 1;
const CAPTURE_MEDIA_TYPE = 'application/vnd.custody.capture.v1+json';

;// CONCATENATED MODULE: ./packages/provenance/dist/tools.js
/**
 * Tool versions: `NAME --version` for each tool (node, npm and git always), run without a shell — or the tool's own
 * way where `--version` is not it (`go version`, `java -version`, `kubectl version --client`). A tool that is
 * missing or fails is recorded with an error note, never fatal.
 */




const DEFAULT_TOOLS = ['git', 'node', 'npm'];
/** How each tool says its version when `--version` is not the way (go rejects it; java wants one dash). */
const VERSION_ARGS = {
    go: ['version'],
    java: ['-version'],
    javac: ['-version'],
    kubectl: ['version', '--client'],
    oc: ['version', '--client'],
    helm: ['version', '--short'],
    kustomize: ['version'],
    scala: ['-version'],
    erl: ['-version'],
};
function versionArgs(name) {
    return VERSION_ARGS[name] ?? ['--version'];
}
const execVersion = (name, args) => new Promise((resolve, reject) => {
    // No shell, except on Windows where npm.cmd and friends resolve only through one (names are checked first).
    (0,external_node_child_process_.execFile)(name, [...args], { shell: process.platform === 'win32', timeout: 15_000, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout, stderr) => {
        if (err)
            reject(err);
        else
            resolve(stdout.trim() ? stdout : stderr);
    });
});
function checkToolName(name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) {
        throw new ProvenanceInputError('TOOL_NAME_INVALID', `--tool "${name}" is not a command name.`, {
            location: '--tool',
            hint: 'Give a plain program name found on PATH, such as --tool go or --tool docker (no paths, spaces or arguments).',
        });
    }
    return name;
}
async function readToolVersions(extra = [], run = execVersion) {
    const names = [...new Set([...DEFAULT_TOOLS, ...extra.map(checkToolName)])].sort(dist/* compareStrings */.Kt);
    return Promise.all(names.map(async (name) => {
        try {
            const line = (await run(name, versionArgs(name)))
                .split(/\r?\n/)
                .map((l) => l.trim())
                .find(Boolean);
            return line ? { name, version: redactValue(line.slice(0, 200)) } : { name, error: 'printed no version' };
        }
        catch (err) {
            const code = err.code;
            return {
                name,
                error: code === 'ENOENT' ? 'not found on PATH' : `${versionArgs(name).join(' ')} failed${code ? ` (${String(code)})` : ''}`,
            };
        }
    }));
}

;// CONCATENATED MODULE: ./packages/provenance/dist/capture.js









/** Deep-redacts every string of the CI context (URLs with tokens, PR titles pasted into variables, …). */
function redactContext(value) {
    if (typeof value === 'string')
        return redactValue(value);
    if (Array.isArray(value))
        return value.map(redactContext);
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactContext(v)]));
    }
    return value;
}
/** Collects a capture document. Input errors (a bad --material) throw; everything else becomes a warning. */
async function collectCapture(options) {
    const startedOn = (0,dist/* isoSeconds */.nE)(options.clock.now());
    const warnings = [];
    const [materials, tools, git] = await Promise.all([
        collectMaterials(options.materials ?? [], options.cwd),
        readToolVersions(options.tools ?? [], options.versionRunner),
        readGitFacts(options.cwd, { status: options.gitStatus ?? true }).catch((err) => {
            warnings.push(`git facts unavailable: ${err.message}`);
            return undefined;
        }),
    ]);
    if (!git)
        warnings.push(`no git repository at or above ${options.cwd}: source revision taken from the CI environment only`);
    else if (git.dirtySource === 'unknown')
        warnings.push('git is not on PATH (or failed): the dirty flag is unknown');
    for (const t of tools)
        if (t.error)
            warnings.push(`tool ${t.name}: ${t.error}`);
    return {
        _type: CAPTURE_TYPE,
        version: CAPTURE_VERSION,
        startedOn,
        finishedOn: (0,dist/* isoSeconds */.nE)(options.clock.now()),
        custody: { version: dist/* CUSTODY_VERSION */.NP },
        ci: redactContext(options.ci),
        identity: options.identity ?? { source: 'environment', reason: 'no OIDC token was verified for this capture' },
        ...(git ? { git } : {}),
        host: options.host ?? readHostFacts(),
        tools,
        environment: redactEnvironment(options.env, { allow: [...(options.allowEnv ?? [])] }),
        materials,
        warnings,
    };
}
/** Reads and checks a capture document written by `custody capture` or `custody run`. */
async function readCapture(file, cwd) {
    const path = (0,external_node_path_.resolve)(cwd, file);
    let text;
    try {
        text = await readInputText(path, `--capture "${file}"`, '--capture');
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        const why = err.code === undefined ? `: ${err.message}` : '';
        throw new ProvenanceInputError('CAPTURE_NOT_FOUND', `--capture "${file}" cannot be read (looked for ${path})${why}.`, {
            location: '--capture',
            hint: 'Write one first with `custody capture --output FILE` or `custody run --capture-output FILE -- …`.',
        });
    }
    let doc;
    try {
        doc = (0,dist/* parseJsonBounded */.Xg)(text, { what: `--capture "${file}"`, location: file });
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new ProvenanceInputError('CAPTURE_INVALID', `--capture "${file}" is not JSON: ${err.message}.`, {
            location: file,
            hint: 'Pass the file written by custody capture or custody run.',
        });
    }
    const d = doc;
    if (!d || typeof d !== 'object' || d._type !== CAPTURE_TYPE) {
        throw new ProvenanceInputError('CAPTURE_INVALID', `--capture "${file}" is not a Custody capture document (its _type is ${JSON.stringify(d?._type)}).`, {
            location: file,
            hint: `Pass the file written by custody capture or custody run (_type ${CAPTURE_TYPE}).`,
        });
    }
    if (d.version !== CAPTURE_VERSION) {
        throw new ProvenanceInputError('CAPTURE_VERSION_UNSUPPORTED', `--capture "${file}" has version ${JSON.stringify(d.version)}; this Custody reads version ${CAPTURE_VERSION}.`, {
            location: file,
            hint: 'Capture again with this version of Custody.',
        });
    }
    if (!d.ci || typeof d.ci !== 'object' || typeof d.startedOn !== 'string') {
        throw new ProvenanceInputError('CAPTURE_INVALID', `--capture "${file}" lacks its ci or startedOn fields.`, {
            location: file,
            hint: 'Pass an unmodified file written by custody capture or custody run.',
        });
    }
    return d;
}

;// CONCATENATED MODULE: ./packages/provenance/dist/slsa.js
/**
 * The SLSA Provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance).
 *
 * GitHub Actions: exactly the fields GitHub's own attestations fill (buildType
 * https://actions.github.io/buildtypes/workflow/v1), then Custody's additions under internalParameters.custody
 * (timing, tools, redacted environment, identity source, the command run), materials after resolvedDependencies[0]
 * and byproducts. GitLab CI: GitLab Runner's buildType. Other platforms: Custody's documented buildTypes
 * (docs/buildtypes/<platform>.md).
 */



const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
const CUSTODY_BUILD_TYPE_BASE = `${dist/* CUSTODY_URL */.Ms}/blob/main/docs/buildtypes`;
function gitlabRunnerBuildType(runnerVersion) {
    const v = runnerVersion ? (runnerVersion.startsWith('v') ? runnerVersion : `v${runnerVersion}`) : 'main';
    return `https://gitlab.com/gitlab-org/gitlab-runner/-/blob/${v}/PROVENANCE.md`;
}
/** Custody's own buildType URI for a platform (documented in docs/buildtypes/<platform>.md). */
function custodyBuildType(platform) {
    return `${CUSTODY_BUILD_TYPE_BASE}/${platform}.md#v1`;
}
/** A repository URL fit for `git+URI`: scp-style remotes as ssh:// URLs, never credentials (captures of older versions too). */
function repositoryUri(url) {
    return url ? stripCredentials(url) : undefined;
}
function sourceDependency(ctx, capture) {
    const repo = repositoryUri(ctx.repositoryUrl ?? capture.git?.remoteUrl);
    const ref = ctx.ref ?? capture.git?.ref;
    const commit = ctx.commit ?? capture.git?.commit;
    if (!repo && !commit)
        return undefined;
    return {
        ...(repo ? { uri: `git+${repo}${ref ? `@${ref}` : ''}` } : {}),
        ...(commit ? { digest: { gitCommit: commit } } : {}),
    };
}
/** Everything Custody adds beyond the platform's buildType, in one place consumers can ignore. */
function custodyParameters(capture, overrides) {
    return {
        version: dist/* CUSTODY_VERSION */.NP,
        identity: capture.identity,
        platform: capture.ci.platform,
        runner: capture.ci.runner,
        event: capture.ci.event,
        ...(capture.git
            ? {
                git: {
                    commit: capture.git.commit,
                    ref: capture.git.ref,
                    remoteUrl: repositoryUri(capture.git.remoteUrl),
                    dirty: capture.git.dirty,
                    dirtySource: capture.git.dirtySource,
                },
            }
            : {}),
        host: { os: capture.host.os, arch: capture.host.arch, kernel: capture.host.kernel, kernelRelease: capture.host.kernelRelease },
        tools: Object.fromEntries(capture.tools.map((t) => [t.name, t.version ?? null])),
        environment: capture.environment.variables,
        redactedEnvironment: capture.environment.redacted.map((r) => r.name),
        ...(capture.run
            ? {
                command: {
                    argv: capture.run.argv,
                    exitCode: capture.run.exitCode,
                    ...(capture.run.signal ? { signal: capture.run.signal } : {}),
                },
            }
            : {}),
        ...(overrides && (overrides.failedBuild || overrides.unrecordedSubjects)
            ? {
                overrides: {
                    ...(overrides.failedBuild ? { allowFailedBuild: true, failedBuild: overrides.failedBuild } : {}),
                    ...(overrides.unrecordedSubjects ? { allowUnrecordedSubject: true, unrecordedSubjects: overrides.unrecordedSubjects } : {}),
                },
            }
            : {}),
    };
}
function timing(capture, now) {
    return {
        startedOn: capture.run?.startedOn ?? capture.startedOn,
        finishedOn: capture.run?.finishedOn ?? (0,dist/* isoSeconds */.nE)(now),
    };
}
function byproducts(capture) {
    const doc = (0,dist/* canonicalJson */.dj)(capture);
    return [
        { name: 'custody-capture.json', mediaType: CAPTURE_MEDIA_TYPE, digest: { sha256: (0,dist/* digestBytes */.QN)(doc) } },
        ...(capture.run?.outputs ?? []).map((o) => ({ name: o.name, digest: o.digest })),
    ];
}
const materials = (capture) => capture.materials.map((m) => ({ name: m.name, digest: m.digest }));
function githubPredicate(capture, now, overrides) {
    const ctx = capture.ci;
    const server = ctx.serverUrl ?? 'https://github.com';
    const repo = ctx.repository ?? '';
    const jobWorkflowRef = ctx.extra.job_workflow_ref ?? ctx.extra.workflow_ref ?? '';
    const source = sourceDependency({ ...ctx, repositoryUrl: `${server}/${repo}` }, capture);
    return {
        buildDefinition: {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: {
                workflow: { ref: ctx.ref ?? '', repository: `${server}/${repo}`, path: ctx.pipeline.path ?? '' },
            },
            internalParameters: {
                github: {
                    event_name: ctx.event.name,
                    repository_id: ctx.extra.repository_id ?? '',
                    repository_owner_id: ctx.extra.repository_owner_id ?? '',
                    runner_environment: ctx.extra.runner_environment ?? (ctx.runner.kind === 'hosted' ? 'github-hosted' : ctx.runner.kind),
                },
                custody: custodyParameters(capture, overrides),
            },
            resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
        },
        runDetails: {
            builder: { id: `${server}/${jobWorkflowRef}` },
            metadata: {
                invocationId: `${server}/${repo}/actions/runs/${ctx.runId ?? ''}/attempts/${ctx.runAttempt ?? '1'}`,
                ...timing(capture, now),
            },
            byproducts: byproducts(capture),
        },
    };
}
function gitlabPredicate(capture, now, overrides) {
    const ctx = capture.ci;
    const project = ctx.repositoryUrl ?? '';
    const source = sourceDependency(ctx, capture);
    return {
        buildDefinition: {
            buildType: gitlabRunnerBuildType(ctx.extra.runner_version),
            externalParameters: {
                source: project,
                entryPoint: ctx.job?.name ?? '',
                // GitLab Runner lists the job's variables here; Custody lists the allow-listed, redacted ones.
                variables: capture.environment.variables,
            },
            internalParameters: {
                name: ctx.runner.name ?? '',
                architecture: ctx.runner.arch ?? capture.host.arch,
                job: ctx.job?.id ?? '',
                runner_environment: ctx.extra.runner_environment ?? (ctx.runner.kind === 'hosted' ? 'gitlab-hosted' : ctx.runner.kind),
                pipeline_id: ctx.runId ?? '',
                pipeline_source: ctx.event.name,
                custody: custodyParameters(capture, overrides),
            },
            resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
        },
        runDetails: {
            builder: {
                id: `${project}/-/runners/${ctx.extra.runner_id ?? 'unknown'}`,
                ...(ctx.extra.runner_version ? { version: { 'gitlab-runner': ctx.extra.runner_version } } : {}),
            },
            metadata: { invocationId: ctx.job?.url ?? `${project}/-/jobs/${ctx.job?.id ?? ''}`, ...timing(capture, now) },
            byproducts: byproducts(capture),
        },
    };
}
/** builder.id and invocationId for Custody's own buildTypes: the pipeline, and this run of it (unique). */
function pipelineIdentity(capture) {
    const ctx = capture.ci;
    const e = ctx.extra;
    switch (ctx.platform) {
        case 'jenkins':
            return {
                builderId: ctx.pipeline.url ?? `${ctx.serverUrl ?? 'jenkins:'}/job/${ctx.pipeline.name ?? ''}`,
                invocationId: ctx.runUrl ?? `${ctx.pipeline.url}/${ctx.runId}`,
            };
        case 'buildkite':
            return { builderId: ctx.pipeline.url ?? 'https://buildkite.com', invocationId: `${ctx.runUrl ?? ''}#${ctx.job?.id ?? ''}` };
        case 'circleci': {
            const project = ctx.runUrl?.replace(/\/\d+\/?$/, '') ?? `https://app.circleci.com/${ctx.repository ?? ''}`;
            return {
                builderId: `${project}#${ctx.job?.name ?? ctx.pipeline.name ?? 'job'}`,
                invocationId: ctx.runUrl ?? `${project}/${ctx.runId ?? ''}`,
            };
        }
        case 'azure-pipelines':
            return {
                builderId: ctx.pipeline.url ?? `${ctx.serverUrl ?? ''}/_build?definitionId=${ctx.pipeline.id ?? ''}`,
                invocationId: `${ctx.runUrl ?? ''}&view=logs&j=${e.job_id ?? ctx.job?.id ?? ''}&attempt=${ctx.runAttempt ?? '1'}`,
            };
        case 'bitbucket-pipelines':
            return {
                builderId: ctx.pipeline.url ?? 'https://bitbucket.org',
                invocationId: `${ctx.runUrl ?? ''}/steps/${e.step_uuid ?? ctx.job?.id ?? ''}`,
            };
        default:
            return {
                builderId: `local://${capture.host.hostname}`,
                invocationId: `urn:custody:capture:sha256:${(0,dist/* digestBytes */.QN)((0,dist/* canonicalJson */.dj)({ ...capture, run: undefined }))}`,
            };
    }
}
function custodyPredicate(capture, now, overrides) {
    const ctx = capture.ci;
    const source = sourceDependency(ctx, capture);
    const { builderId, invocationId } = pipelineIdentity(capture);
    return {
        buildDefinition: {
            buildType: custodyBuildType(ctx.platform),
            externalParameters: {
                source: {
                    ...((ctx.repositoryUrl ?? capture.git?.remoteUrl)
                        ? { repository: repositoryUri(ctx.repositoryUrl ?? capture.git?.remoteUrl) }
                        : {}),
                    ...((ctx.ref ?? capture.git?.ref) ? { ref: ctx.ref ?? capture.git?.ref } : {}),
                },
                pipeline: ctx.pipeline,
                ...(ctx.job?.name ? { job: ctx.job.name } : {}),
                event: ctx.event,
            },
            internalParameters: {
                [ctx.platform]: {
                    ...ctx.extra,
                    ...(ctx.runId ? { run_id: ctx.runId } : {}),
                    run_attempt: ctx.runAttempt ?? '1',
                    runner_environment: ctx.runner.kind,
                    ...(ctx.runner.name ? { runner_name: ctx.runner.name } : {}),
                    ...(ctx.actor ? { actor: ctx.actor } : {}),
                },
                custody: custodyParameters(capture, overrides),
            },
            resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
        },
        runDetails: {
            builder: { id: builderId, version: { custody: dist/* CUSTODY_VERSION */.NP } },
            metadata: { invocationId, ...timing(capture, now) },
            byproducts: byproducts(capture),
        },
    };
}
/** Builds the SLSA Provenance v1 predicate for a capture. Pure: same capture and time, same predicate. */
function buildSlsaPredicate(input) {
    const { capture, now, overrides } = input;
    if (capture.ci.platform === 'github-actions')
        return githubPredicate(capture, now, overrides);
    if (capture.ci.platform === 'gitlab-ci')
        return gitlabPredicate(capture, now, overrides);
    return custodyPredicate(capture, now, overrides);
}

;// CONCATENATED MODULE: ./packages/provenance/dist/honesty.js

/** Two digest sets name the same bytes: they share an algorithm and agree on every shared one. */
function sameDigest(a, b) {
    const shared = Object.keys(a).filter((alg) => b[alg] !== undefined);
    return shared.length > 0 && shared.every((alg) => a[alg].toLowerCase() === b[alg].toLowerCase());
}
/**
 * Checks a capture and the subjects against the honesty rules. Throws PROVENANCE_BUILD_FAILED,
 * PROVENANCE_BUILD_NOT_STARTED or PROVENANCE_SUBJECT_UNRECORDED (exit 2); returns what was allowed through.
 */
function checkProvenanceHonesty(capture, subjects, options = {}, location = '--capture') {
    const run = capture.run;
    if (!run)
        return {};
    const overrides = {};
    const command = run.argv[0] ?? 'the command';
    const reason = run.exitCode === 0 && !run.signal ? undefined : run.signal ? 'killed' : run.exitCode === null ? 'not-started' : 'failed';
    if (reason) {
        if (!options.allowFailedBuild) {
            const what = reason === 'killed'
                ? `was killed by ${run.signal}`
                : reason === 'not-started'
                    ? 'never started (not found or not executable)'
                    : `failed with exit code ${run.exitCode}`;
            throw new ProvenanceInputError(reason === 'not-started' ? 'PROVENANCE_BUILD_NOT_STARTED' : 'PROVENANCE_BUILD_FAILED', `the captured build command ${command} ${what}; its provenance would vouch for a build that did not succeed.`, {
                location,
                hint: 'Fix the build and capture it again, or pass --allow-failed-build (action input allow-failed-build) to sign it anyway; the predicate then records it.',
            });
        }
        overrides.failedBuild = { exitCode: run.exitCode, ...(run.signal ? { signal: run.signal } : {}), reason };
    }
    const unrecorded = subjects.filter((s) => !run.outputs.some((o) => sameDigest(s.digest, o.digest))).map((s) => s.name);
    if (unrecorded.length) {
        if (!options.allowUnrecordedSubject) {
            const outputs = run.outputs.length
                ? `its ${run.outputs.length} recorded outputs`
                : 'its recorded outputs (none: custody run was given no --output GLOB)';
            throw new ProvenanceInputError('PROVENANCE_SUBJECT_UNRECORDED', `subject ${unrecorded.slice(0, 3).join(', ')}${unrecorded.length > 3 ? ` and ${unrecorded.length - 3} more` : ''} is not among ${outputs}: the capture does not show that this build made it.`, {
                location,
                hint: 'Record the outputs with custody run --output GLOB (the same files the subjects name), or pass --allow-unrecorded-subject (action input allow-unrecorded-subject) to attest them anyway; the predicate then lists them.',
            });
        }
        overrides.unrecordedSubjects = [...unrecorded].sort();
    }
    return overrides;
}

;// CONCATENATED MODULE: ./packages/provenance/dist/index.js










;// CONCATENATED MODULE: ./build/src/commands/capture.js
/**
 * `custody capture`: the build's facts as a capture document (CI context, git, tools, host, redacted environment,
 * materials, time). Also the shared first step of `custody run` and `custody provenance`.
 */



/** Reads a file for CI detection (the GitHub event payload); undefined when it cannot. */
function readSmallFile(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8').slice(0, 1 << 20);
    }
    catch {
        return undefined;
    }
}
function detectContext(env) {
    return detectCi(env, { readFile: readSmallFile });
}
async function captureBuild(options) {
    const ci = options.ci ?? detectContext(options.env);
    const doc = await collectCapture({
        cwd: options.cwd,
        env: options.env,
        clock: options.clock,
        ci,
        ...(options.identity ? { identity: options.identity } : {}),
        materials: options.materials ?? [],
        tools: options.tools ?? [],
        ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
        ...(options.host ? { host: options.host } : {}),
        ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
    });
    for (const w of doc.warnings)
        options.logger.debug(w);
    return doc;
}

;// CONCATENATED MODULE: ./build/src/commands/provenance.js
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
function provenance_resolveSubjects(specs, checksumsFile, cwd) {
    return resolveSubjects(specs, checksumsFile, cwd);
}
/** Finds a token for identity (GitHub Actions and GitLab CI only): given, or from the platform (packages/ci oidc). */
async function findToken(ctx, options, audience) {
    if (options.idToken)
        return { token: options.idToken };
    if (ctx.platform !== 'github-actions' && ctx.platform !== 'gitlab-ci') {
        return { reason: `no OIDC token: ${ctx.platform} identity comes from the environment` };
    }
    try {
        const got = await acquireIdentityToken({ env: options.env, audience, ...(options.fetch ? { fetch: options.fetch } : {}) });
        if (got)
            return { token: got.token };
        return {
            reason: ctx.platform === 'github-actions'
                ? 'no OIDC token: the job lacks `permissions: id-token: write`'
                : 'no OIDC token: the job defines no id_tokens SIGSTORE_ID_TOKEN',
        };
    }
    catch (err) {
        options.logger.warn(`could not get an OIDC token (${(0,dist/* describeCause */.V$)(err)}); identity fields come from the environment.`);
        return { reason: `no OIDC token: the request failed (${(0,dist/* describeCause */.V$)(err)})` };
    }
}
/** The CI context with verified identity applied, and where the identity came from. */
async function resolveIdentity(options, base) {
    const ctx = base ?? detectContext(options.env);
    const audience = options.oidcAudience ?? DEFAULT_OIDC_AUDIENCE;
    const { token, reason } = await findToken(ctx, options, audience);
    if (!token)
        return { ci: ctx, identity: { source: 'environment', ...(reason ? { reason } : {}) } };
    const issuer = options.oidcIssuer ?? defaultIssuer(ctx);
    if (!issuer)
        return { ci: ctx, identity: { source: 'environment', reason: `no OIDC issuer is known for ${ctx.platform}` } };
    // A token from another issuer (e.g. one given for signing) cannot speak for this platform: the environment is used.
    const claimedIssuer = String(decodeJwtParts(token).claims.iss ?? '').replace(/\/+$/, '');
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
    const claims = await verifyIdTokenClaims(token, {
        issuer,
        audience,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        now: Math.floor(Date.now() / 1000),
    });
    return { ci: applyTokenClaims(ctx, claims), identity: { source: 'oidc-token', issuer } };
}
async function buildProvenanceStatement(options) {
    // Hashing the subjects and capturing the build are independent: run them side by side.
    const [subjects, capture] = await Promise.all([
        provenance_resolveSubjects(options.subjects, options.subjectChecksums, options.cwd),
        captureWithIdentity(options),
    ]);
    // A capture with a command record vouches only for a command that succeeded, and only for what it recorded.
    const overrides = checkProvenanceHonesty(capture, subjects, { allowFailedBuild: options.allowFailedBuild ?? false, allowUnrecordedSubject: options.allowUnrecordedSubject ?? false }, options.captureFile ?? '--capture');
    if (overrides.failedBuild)
        options.logger.warn(`provenance of a failed build (${overrides.failedBuild.reason}), as --allow-failed-build asked; the predicate records it.`);
    if (overrides.unrecordedSubjects)
        options.logger.warn(`${overrides.unrecordedSubjects.length} subjects are not among the recorded outputs, as --allow-unrecorded-subject allowed; the predicate lists them.`);
    const predicate = buildSlsaPredicate({ capture, now: options.clock.now(), overrides });
    return (0,dist/* makeStatement */.UT)(subjects, dist/* PREDICATE_SLSA_PROVENANCE_V1 */.EK, predicate);
}
async function captureWithIdentity(options) {
    const given = options.capture ?? (options.captureFile ? await readCapture(options.captureFile, options.cwd) : undefined);
    const { ci, identity } = await resolveIdentity(options, given?.ci);
    if (given)
        return { ...given, ci, identity };
    return captureBuild({
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

// EXTERNAL MODULE: ./packages/oci/dist/index.js + 19 modules
var oci_dist = __webpack_require__(93695);
// EXTERNAL MODULE: ./build/src/errors.js
var errors = __webpack_require__(27406);
;// CONCATENATED MODULE: ./build/src/commands/push.js
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
    const handle = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    try {
        const st = await handle.stat();
        if (!st.isFile()) {
            throw new errors/* AppInputError */.AC('PUSH_BUNDLE_UNREADABLE', `${path} is not a regular file.`, {
                location: path,
                hint: 'Pass the bundle file written by custody attest --bundle.',
            });
        }
        (0,dist/* checkSize */.C1)('bundleBytes', st.size, `bundle file ${path}`, path);
        const max = (0,dist/* limits */.Fy)().bundleBytes;
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
        (0,dist/* checkSize */.C1)('bundleBytes', size, `bundle file ${path}`, path);
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
        if (err instanceof dist/* CustodyError */.Kf)
            throw err;
        throw new errors/* AppInputError */.AC('PUSH_BUNDLE_UNREADABLE', `cannot read bundle file ${path}: ${(0,dist/* describeCause */.V$)(err)}.`, {
            location: path,
            hint: 'Check the --bundle path.',
        });
    }
    const trimmed = text.trim();
    if (!trimmed)
        throw new errors/* AppInputError */.AC('PUSH_BUNDLE_EMPTY', `${path} is empty.`, {
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
        const d = (0,oci_dist.selectPlatform)(image, options.platform);
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
        throw new errors/* AppError */.uV('PUSH_SUBJECT_MISMATCH', `the statement in ${where} is about ${statementDigests.map((d) => `sha256:${d.slice(0, 12)}…`).join(', ')}, not image ${image.digest}${image.platforms.length ? ' or its platform manifests' : ''}.`, { location: where, hint: 'Push the bundle to the image it attests (check the tag: it may have moved), or pass --platform.' });
    }
    return named;
}
/** Attaches every bundle to the image. Nothing is uploaded unless all bundles parse and the image exists. */
async function pushBundle(options) {
    const where = options.bundleFile ?? 'bundle';
    const bundles = options.bundles ?? (options.bundleFile ? await readBundleFile((0,external_node_path_.resolve)(options.cwd, options.bundleFile)) : []);
    if (!bundles.length)
        throw new errors/* AppInputError */.AC('PUSH_BUNDLE_MISSING', 'no bundle to push.', { hint: 'Pass --bundle FILE.' });
    const infos = bundles.map((b, i) => (0,oci_dist.readBundleInfo)(b, bundles.length > 1 ? `${where} line ${i + 1}` : where));
    const opened = await (0,oci_dist.openImage)(options.image, {
        cwd: options.cwd,
        env: options.env,
        logger: options.logger,
        intent: 'push',
        ...(options.insecure ? { insecure: true } : {}),
        ...(options.clients ? { clients: options.clients } : {}),
        ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
    });
    const image = await (0,oci_dist.resolveImage)(opened.store, opened.reference, options.image);
    options.logger.info(`${options.image} resolved to ${image.digest}`);
    const plan = infos.map((info, i) => ({
        i,
        info,
        subjects: subjectsFor(image, info.subjectDigests, options, bundles.length > 1 ? `${where} line ${i + 1}` : where),
    }));
    const attestations = [];
    const clock = options.clock ?? dist/* systemClock */.ml;
    for (const { i, info, subjects } of plan) {
        for (const s of subjects) {
            const r = await (0,oci_dist.attachBundle)(opened.store, s.descriptor, bundles[i], {
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

;// CONCATENATED MODULE: ./build/src/commands/attest.js
/**
 * `custody attest`: builds an in-toto Statement v1 (SLSA provenance, an SBOM, or a custom predicate) for the
 * subjects, signs it through Sigstore (keyless with the CI's OIDC token, or with a key) and writes the bundle.
 */









function fileError(code, what, path, hint, cause) {
    return new errors/* AppInputError */.AC(code, what, { location: path, hint, ...(cause ? { cause } : {}) });
}
async function readJson(path, flag, cwd) {
    const full = (0,external_node_path_.resolve)(cwd, path);
    let text;
    try {
        text = (await (0,dist/* readBoundedFile */.Mv)(full, `${flag} ${path}`)).toString('utf8');
    }
    catch (err) {
        if (err instanceof dist/* CustodyError */.Kf)
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
            return dist/* PREDICATE_CYCLONEDX */.Ok;
        if (typeof d.spdxVersion === 'string') {
            if (d.spdxVersion === 'SPDX-2.3')
                return dist/* PREDICATE_SPDX_23 */.cy;
            const m = /^SPDX-2\.(\d)$/.exec(d.spdxVersion);
            if (m)
                return `https://spdx.dev/Document/v2.${m[1]}`;
            throw new errors/* AppInputError */.AC('ATTEST_SBOM_UNSUPPORTED', `the SBOM is ${d.spdxVersion}; Custody attests SPDX 2.x and CycloneDX JSON.`, {
                location,
                hint: 'Convert it to SPDX 2.3 JSON or CycloneDX JSON, or attest it as a custom predicate (--predicate-type URI --predicate FILE).',
            });
        }
    }
    throw new errors/* AppInputError */.AC('ATTEST_SBOM_UNKNOWN', 'the SBOM is neither CycloneDX JSON (bomFormat "CycloneDX") nor SPDX JSON (spdxVersion).', {
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
        throw new dist/* UsageError */.eb(`--predicate-type "${uri}" is not a URI.`, {
            hint: 'Predicate types are URIs, e.g. https://example.com/test-result/v1.',
        });
    }
    return uri;
}
/** The default bundle file: the first subject's base name, made safe, + .sigstore.json, in cwd. */
function defaultBundleName(subjects) {
    const name = subjects[0]?.name ?? 'attestation';
    const base = (0,external_node_path_.basename)(name.replace(/[\\/]+$/, '')).replace(/[^A-Za-z0-9._@+-]/g, '_') || 'attestation';
    return `${base}.sigstore.json`;
}
async function buildStatement(options, clock, token) {
    const modes = [
        options.provenance ? '--provenance' : '',
        options.sbomFile ? '--sbom' : '',
        options.predicateType || options.predicateFile || options.predicateJson ? '--predicate-type' : '',
    ].filter(Boolean);
    if (modes.length !== 1) {
        throw new dist/* UsageError */.eb(modes.length === 0 ? 'no predicate: nothing to attest.' : `choose one of ${modes.join(', ')}.`, {
            hint: 'Give exactly one of --provenance, --sbom FILE, or --predicate-type URI --predicate FILE.',
        });
    }
    if (options.provenance) {
        return buildProvenanceStatement({
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
    const subjects = await provenance_resolveSubjects(options.subjects, options.subjectChecksums, options.cwd);
    if (options.sbomFile) {
        const doc = await readJson(options.sbomFile, '--sbom', options.cwd);
        return (0,dist/* makeStatement */.UT)(subjects, detectSbomPredicateType(doc, (0,external_node_path_.resolve)(options.cwd, options.sbomFile)), doc);
    }
    if (!options.predicateType)
        throw new dist/* UsageError */.eb('--predicate needs --predicate-type URI.', {
            hint: 'Say what the predicate is: --predicate-type https://example.com/my-predicate/v1.',
        });
    const type = checkPredicateType(options.predicateType);
    if (options.predicateFile && options.predicateJson)
        throw new dist/* UsageError */.eb('give the predicate once: a file or inline JSON, not both.');
    let predicate;
    if (options.predicateFile)
        predicate = await readJson(options.predicateFile, '--predicate', options.cwd);
    else if (options.predicateJson) {
        try {
            predicate = JSON.parse(options.predicateJson);
        }
        catch (err) {
            throw new errors/* AppInputError */.AC('ATTEST_INPUT_NOT_JSON', `the inline predicate is not JSON (${err.message}).`, {
                hint: 'Give a JSON object.',
            });
        }
    }
    else
        throw new dist/* UsageError */.eb('--predicate-type needs --predicate FILE.', { hint: 'Give the predicate document as a JSON file.' });
    if (!predicate || typeof predicate !== 'object' || Array.isArray(predicate)) {
        throw new errors/* AppInputError */.AC('ATTEST_PREDICATE_NOT_OBJECT', 'the predicate must be a JSON object.', {
            hint: 'Wrap it in an object: {"...": ...}.',
        });
    }
    return (0,dist/* makeStatement */.UT)(subjects, type, predicate);
}
/**
 * Which preset to sign with, and why. `--instance` wins; explicit services (a signing config, URLs) need no preset;
 * keyless on GitHub Actions chooses as @actions/attest does (public repositories on public-good, everything else on
 * GitHub's instance for the server: github.com or the GHE.com tenant); keyless elsewhere: public-good; with a key:
 * none (offline). The preset's endpoints can be replaced through `presetSigningConfigs` (a mirror, a proxy, a stand-in).
 */
async function choosePreset(options, keyBased) {
    const explicitServices = Boolean(options.signingConfigFile || options.fulcioUrl || options.rekorUrl || options.tsaUrl);
    const facts = githubSigningFacts(options.env, {
        readFile: (path) => {
            try {
                return (0,dist/* readBoundedFileSync */.Tq)((0,external_node_path_.resolve)(options.cwd, path), 'the event payload', 'ociJsonBytes').toString('utf8');
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
            ({ preset, reason } = chooseGitHubInstance(facts));
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
            location: (0,external_node_path_.resolve)(options.cwd, configPath),
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
            location: (0,external_node_path_.resolve)(options.cwd, options.signingConfigFile),
        };
    }
    const choice = await choosePreset(options, keyBased);
    return resolveInstance({
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
            throw new dist/* UsageError */.eb(`--store ${s} is not one of ${STORE_KINDS.join(', ')}.`, {
                hint: "--store github uploads to GitHub's attestations API; --store oci stores next to the image (as --push).",
            });
        }
    }
    const push = options.push || stores.includes('oci');
    // --store github: the repository and the token are checked before anything is signed.
    const github = stores.includes('github') || options.githubStore === 'auto'
        ? (0,github_store.planGitHubStore)({
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
        throw new dist/* UsageError */.eb('--push needs an image subject to store the attestation next to.', {
            hint: 'Add --subject oci://REGISTRY/REPO@sha256:HEX (the image digest), or drop --push and use custody push --bundle FILE --image REF.',
        });
    }
    const clock = options.clock ?? (0,dist/* documentClock */.ES)(options.env);
    const retry = { ...options.retry };
    // Credentials first: a wrong key or a missing token fails before any work is done.
    let key;
    if (options.keyFile || options.keyPem) {
        if (options.identityToken) {
            throw new dist/* UsageError */.eb('both --key and --identity-token were given.', {
                hint: 'Use --key for key-based signing or --identity-token for keyless signing, not both.',
            });
        }
        if (options.keyFile && options.keyPem)
            throw new dist/* UsageError */.eb('give the signing key once: a file or the PEM, not both.');
        let pem;
        let location = 'key input';
        if (options.keyPem) {
            (0,dist/* addSecret */.Ck)(options.keyPem.trim());
            pem = Buffer.from(options.keyPem);
        }
        else {
            location = (0,external_node_path_.resolve)(options.cwd, options.keyFile);
            try {
                pem = await (0,dist/* readBoundedFile */.Mv)(location, `--key ${options.keyFile}`, 'ociJsonBytes');
            }
            catch (err) {
                if (err instanceof dist/* CustodyError */.Kf)
                    throw err;
                throw new SignInputError('SIGN_KEY_NOT_FOUND', `--key ${options.keyFile} cannot be read.`, {
                    location,
                    hint: 'Check the path, or make a key with custody keys generate.',
                    cause: err,
                });
            }
        }
        const passphrase = options.keyPassphrase;
        key = loadSigningKey(pem, { location, ...(passphrase ? { passphrase } : {}) });
    }
    let signingConfig;
    if (options.signingConfigFile) {
        const location = (0,external_node_path_.resolve)(options.cwd, options.signingConfigFile);
        signingConfig = { json: await readJson(options.signingConfigFile, '--signing-config', options.cwd), location };
    }
    const instance = await signingInstanceFor(options, Boolean(key), signingConfig);
    options.logger.info(`Sigstore instance: ${instance.name}${instance.reason ? ` (${instance.reason})` : ''}`);
    let token;
    let tokenSource;
    if (!key) {
        if (options.identityToken) {
            (0,dist/* addSecret */.Ck)(options.identityToken);
            token = options.identityToken;
            tokenSource = 'flag';
        }
        else if (options.tokenProvider) {
            token = await options.tokenProvider();
            if (token) {
                (0,dist/* addSecret */.Ck)(token);
                tokenSource = 'action';
            }
        }
        if (!token) {
            const found = await acquireIdentityToken({ env: options.env, ...(options.fetch ? { fetch: options.fetch } : {}) });
            if (found) {
                token = found.token;
                tokenSource = found.source;
                options.logger.info(`identity token: ${found.description}`);
            }
        }
        if (!token)
            throw noCredentialsError(identityTokenHint(options.env));
    }
    const statement = await buildStatement(options, clock, token);
    const signed = await signStatement(statement, {
        ...(key ? { key } : { identityToken: token }),
        instance,
        logger: options.logger,
        retry,
    });
    const bundlePath = options.bundleFile
        ? (0,external_node_path_.resolve)(options.cwd, options.bundleFile)
        : (0,external_node_path_.resolve)(options.bundleDir ?? options.cwd, defaultBundleName(statement.subject));
    await (0,files/* writeFileAtomic */.Z)(bundlePath, signed.bundleJson);
    const pushed = [];
    for (const image of pushTargets) {
        pushed.push(await pushBundle({
            bundles: [Buffer.from(signed.bundleJson)],
            image,
            cwd: options.cwd,
            env: options.env,
            logger: options.logger,
            clock,
        }));
    }
    const stored = github ? await (0,github_store.storeOnGitHub)(github, signed.bundleJson, options.logger) : undefined;
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


/***/ })

};
