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
import { execFile } from 'node:child_process';
import { LimitError, addSecret, describeCause, limits } from '@custody/core';
import { fetchJsonBounded } from './fetch.js';
import { IdTokenError } from './errors.js';

export type IdentityTokenSource = 'flag' | 'SIGSTORE_ID_TOKEN' | 'github-actions' | 'buildkite' | 'circleci';

export interface AcquiredIdentityToken {
  token: string;
  source: IdentityTokenSource;
  /** Where it came from, for logs ("GitHub Actions OIDC (ACTIONS_ID_TOKEN_REQUEST_URL)"). Never the token. */
  description: string;
}

export interface AcquireIdentityTokenOptions {
  env: Record<string, string | undefined>;
  /** Default "sigstore" (what Fulcio expects). */
  audience?: string;
  /** A token given on the command line; wins over everything. */
  explicit?: string;
  fetch?: typeof fetch;
  /** Runs a program and returns its stdout (tests may replace it; the default uses PATH from `env`). */
  run?: (file: string, args: string[], env: Record<string, string | undefined>) => Promise<string>;
  /** Per-request timeout for the GitHub endpoint and the Buildkite agent (default 15 s). */
  timeoutMs?: number;
}

const DEFAULT_AUDIENCE = 'sigstore';

function defaultRun(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr || '')
          .trim()
          .split('\n')
          .slice(-1)[0];
        reject(Object.assign(error, { detail }));
      } else resolve(String(stdout));
    });
  });
}

const nonEmpty = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

async function fromGitHub(url: string, requestToken: string, audience: string, options: AcquireIdentityTokenOptions): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.', {
      hint: 'It is set by the GitHub runner; do not override it in the workflow.',
    });
  }
  target.searchParams.set('audience', audience);
  const where = `${target.origin}${target.pathname}`;
  let lastError = '';
  // At most 3 attempts (fewer when CUSTODY_HTTP_RETRIES says so); each bounded in time and size (fetch.ts).
  const attempts = Math.min(3, limits().httpRetries + 1);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetchJsonBounded(doFetch, target, {
        headers: { accept: 'application/json', authorization: `Bearer ${requestToken}` },
        timeoutMs: options.timeoutMs ?? 15_000,
      });
      if (res.ok) {
        const body = res.body as { value?: unknown } | undefined;
        if (typeof body?.value === 'string' && body.value) return body.value;
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
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      if (err instanceof IdTokenError || err instanceof LimitError) throw err;
      lastError = describeCause(err);
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, 200 * attempt));
  }
  throw new IdTokenError('OIDC_TOKEN_REQUEST_FAILED', `could not get an OIDC token from the GitHub endpoint ${where}: ${lastError}.`, {
    hint: 'Retry the job. The step needs `permissions: id-token: write`.',
  });
}

async function fromBuildkite(audience: string, options: AcquireIdentityTokenOptions): Promise<string> {
  const args = ['oidc', 'request-token', '--audience', audience];
  try {
    const out = options.run
      ? await options.run('buildkite-agent', args, options.env)
      : await defaultRun('buildkite-agent', args, options.env, options.timeoutMs ?? 15_000);
    const token = out.trim();
    if (!token) throw new Error('it printed nothing');
    return token;
  } catch (err) {
    const detail = (err as { detail?: string }).detail;
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new IdTokenError(
      'OIDC_TOKEN_REQUEST_FAILED',
      missing
        ? 'BUILDKITE=true but buildkite-agent is not on PATH, so no OIDC token can be requested.'
        : `buildkite-agent oidc request-token --audience ${audience} failed: ${detail || describeCause(err)}.`,
      { hint: 'Run the step on a Buildkite agent (v3.48 or later), or pass --identity-token / SIGSTORE_ID_TOKEN, or sign with --key.' },
    );
  }
}

/**
 * Finds an identity token for `audience` on this platform. Returns undefined when the platform offers none
 * (see `identityTokenHint` for what to do); throws IdTokenError when a platform's token request fails.
 */
export async function acquireIdentityToken(options: AcquireIdentityTokenOptions): Promise<AcquiredIdentityToken | undefined> {
  const { env } = options;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const found = (token: string, source: IdentityTokenSource, description: string): AcquiredIdentityToken => {
    addSecret(token);
    return { token, source, description };
  };
  const explicit = nonEmpty(options.explicit);
  if (explicit) return found(explicit, 'flag', '--identity-token');
  const sigstoreEnv = nonEmpty(env.SIGSTORE_ID_TOKEN);
  if (sigstoreEnv) {
    return found(sigstoreEnv, 'SIGSTORE_ID_TOKEN', env.GITLAB_CI === 'true' ? 'GitLab id_tokens (SIGSTORE_ID_TOKEN)' : 'SIGSTORE_ID_TOKEN');
  }
  const ghUrl = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  const ghRequest = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  if (ghUrl && ghRequest) {
    addSecret(ghRequest);
    const token = await fromGitHub(ghUrl, ghRequest, audience, options);
    return found(token, 'github-actions', 'GitHub Actions OIDC (ACTIONS_ID_TOKEN_REQUEST_URL)');
  }
  if (env.BUILDKITE === 'true') {
    const token = await fromBuildkite(audience, options);
    return found(token, 'buildkite', 'Buildkite OIDC (buildkite-agent oidc request-token)');
  }
  const circle = nonEmpty(env.CIRCLE_OIDC_TOKEN_V2);
  if (circle) return found(circle, 'circleci', 'CircleCI OIDC (CIRCLE_OIDC_TOKEN_V2)');
  return undefined;
}

/**
 * The GitHub runner's OIDC token for `audience`, from ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN (the request the CLI
 * makes on GitHub Actions, bounded and retried as above); what the bundled actions use for keyless signing.
 */
export async function requestGitHubIdToken(
  env: Record<string, string | undefined>,
  audience: string,
  options: Pick<AcquireIdentityTokenOptions, 'fetch' | 'timeoutMs'> = {},
): Promise<string> {
  const url = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  const requestToken = nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  if (!url || !requestToken) {
    throw new IdTokenError(
      'OIDC_TOKEN_REQUEST_FAILED',
      'the runner set no ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN.',
      {
        hint: 'Give the job `permissions: id-token: write`.',
      },
    );
  }
  return fromGitHub(url, requestToken, audience, { ...options, env });
}

/** What to do on this platform when no token was found (for the "no token and no key" error). */
export function identityTokenHint(env: Record<string, string | undefined>): string {
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
