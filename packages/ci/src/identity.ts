/**
 * Identity fields from verified OIDC claims, the way GitHub's own attestations take them from the Fulcio
 * certificate (which Fulcio fills from the same claims). Used over the environment when a token is available.
 */
import type { CiContext } from './context.js';
import type { JwtClaims } from './claims.js';
import { githubOidcIssuer } from './platforms/github.js';

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * The issuer that signs ID tokens on this platform (GHE.com: https://token.actions.TENANT.ghe.com; GHES:
 * <server>/_services/token; GitLab: the instance URL).
 */
export function defaultIssuer(ctx: CiContext): string | undefined {
  if (ctx.platform === 'github-actions') return githubOidcIssuer(ctx.serverUrl);
  if (ctx.platform === 'gitlab-ci') return ctx.serverUrl;
  return undefined;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** Returns a copy of the context with the identity fields replaced by the token's claims. */
export function applyTokenClaims(ctx: CiContext, claims: JwtClaims): CiContext {
  const out: CiContext = structuredClone(ctx);
  const set = <K extends keyof CiContext>(key: K, value: CiContext[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  if (ctx.platform === 'github-actions') {
    const repo = str(claims.repository);
    set('repository', repo);
    if (repo) set('repositoryUrl', `${ctx.serverUrl ?? 'https://github.com'}/${repo}`);
    set('commit', str(claims.sha));
    set('ref', str(claims.ref));
    set('runId', str(claims.run_id));
    set('runAttempt', str(claims.run_attempt));
    set('actor', str(claims.actor));
    const env = str(claims.runner_environment);
    if (env) out.runner.kind = env === 'github-hosted' ? 'hosted' : env === 'self-hosted' ? 'self-hosted' : 'unknown';
    if (str(claims.event_name)) out.event = { ...out.event, name: str(claims.event_name)! };
    const extra: Record<string, string | undefined> = {
      repository_id: str(claims.repository_id),
      repository_owner: str(claims.repository_owner),
      repository_owner_id: str(claims.repository_owner_id),
      workflow_ref: str(claims.workflow_ref),
      job_workflow_ref: str(claims.job_workflow_ref),
      runner_environment: env,
    };
    for (const [k, val] of Object.entries(extra)) if (val !== undefined) out.extra[k] = val;
    const wf = str(claims.workflow_ref);
    if (wf && repo && wf.startsWith(`${repo}/`)) out.pipeline.path = wf.slice(repo.length + 1).replace(/@[^@]*$/, '');
  } else if (ctx.platform === 'gitlab-ci') {
    const project = str(claims.project_path);
    set('repository', project);
    if (project && ctx.serverUrl) set('repositoryUrl', `${ctx.serverUrl}/${project}`);
    set('commit', str(claims.sha));
    const ref = str(claims.ref);
    const refType = str(claims.ref_type);
    if (ref) set('ref', refType === 'tag' ? `refs/tags/${ref}` : `refs/heads/${ref}`);
    set('runId', str(claims.pipeline_id));
    set('actor', str(claims.user_login));
    if (str(claims.job_id)) out.job = { ...out.job, id: str(claims.job_id) };
    const env = str(claims.runner_environment);
    if (env) out.runner.kind = env === 'gitlab-hosted' ? 'hosted' : env === 'self-hosted' ? 'self-hosted' : 'unknown';
    const src = str(claims.pipeline_source);
    if (src) out.event = { ...out.event, name: src };
    const extra: Record<string, string | undefined> = {
      project_id: str(claims.project_id),
      runner_id: str(claims.runner_id),
      ci_config_ref_uri: str(claims.ci_config_ref_uri),
      ci_config_sha: str(claims.ci_config_sha),
      runner_environment: env,
    };
    for (const [k, val] of Object.entries(extra)) if (val !== undefined) out.extra[k] = val;
  }
  return out;
}
