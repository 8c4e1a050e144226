/**
 * Custody's own environment variables that stand for options, read once, at a face (the CLI's main(), the action
 * runner), into typed settings that the faces turn into command options. Commands get options, not variables.
 *
 * Not here, and why: the limits (CUSTODY_MAX_*, CUSTODY_HTTP_*) are configured at the faces through
 * configureLimits() of @custody/core; CI platform facts (GITHUB_*, CI_*, SIGSTORE_ID_TOKEN, ...) are read by
 * @custody/ci's platform detection from the env the faces pass; the remaining package-level variables are listed
 * in docs/architecture.md.
 */
export interface Settings {
  /** CUSTODY_SIGNING_CONFIG: a signing_config.json that stands for --signing-config when no instance is named. */
  signingConfig?: string;
  /** CUSTODY_TRUSTED_ROOT: a trusted_root.json that stands for --trusted-root when it is not given. */
  trustedRoot?: string;
  /** CUSTODY_KEY_PASSWORD: the passphrase of an encrypted private key. */
  keyPassword?: string;
  /** CUSTODY_DEBUG: debug logging and stacks of internal errors. */
  debug: boolean;
  /** The host of GITHUB_SERVER_URL (github.com, a GHES host, TENANT.ghe.com): the default for verify --hostname. */
  githubHost?: string;
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const value = (name: string) => env[name] || undefined;
  return {
    signingConfig: value('CUSTODY_SIGNING_CONFIG'),
    trustedRoot: value('CUSTODY_TRUSTED_ROOT'),
    keyPassword: value('CUSTODY_KEY_PASSWORD'),
    debug: Boolean(env.CUSTODY_DEBUG),
    githubHost: hostOf(env.GITHUB_SERVER_URL),
  };
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
