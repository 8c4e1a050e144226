/**
 * Custody's own environment variables that stand for options, read once, at a face (the CLI's main(), the action
 * runner), into typed settings that the faces turn into command options. Commands get options, not variables.
 *
 * Not here, and why: the limits (CUSTODY_MAX_*, CUSTODY_HTTP_*) are configured at the faces through
 * configureLimits() of @custody/core; CI platform facts (GITHUB_*, CI_*, SIGSTORE_ID_TOKEN, ...) are read by
 * @custody/ci's platform detection from the env the faces pass; registry credentials (CUSTODY_REGISTRY_USERNAME /
 * _PASSWORD beside DOCKER_CONFIG and docker's credential helpers) by @custody/oci's credential lookup; GitHub's
 * attestations API (GITHUB_TOKEN / GH_TOKEN after the actions' github-token input, GITHUB_API_URL, GITHUB_SERVER_URL,
 * and GITHUB_REPOSITORY for --store github) by @custody/github/api's githubApi() and src/commands/github-store.ts,
 * from the env the faces pass, as the other platform facts are.
 */
import { UsageError } from '@custody/core';
import { defined } from './options.js';
import type { InstancePreset, RetryPolicy } from '@custody/sign';

export interface Settings {
  /** CUSTODY_SIGNING_CONFIG: a signing_config.json that stands for --signing-config when no instance is named. */
  signingConfig?: string;
  /** CUSTODY_TRUSTED_ROOT: a trusted_root.json that stands for --trusted-root when it is not given. */
  trustedRoot?: string;
  /** CUSTODY_KEY_PASSWORD: the passphrase of an encrypted private key. */
  keyPassword?: string;
  /** CUSTODY_PKCS11_PIN: the PIN of a pkcs11: key whose URI has no pin-source. */
  pkcs11Pin?: string;
  /** CUSTODY_DEBUG: debug logging and stacks of internal errors. */
  debug: boolean;
  /** CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD / CUSTODY_SIGNING_CONFIG_GITHUB: a preset's services from a signing_config.json. */
  presetSigningConfigs: Partial<Record<InstancePreset, string>>;
  /** CUSTODY_SIGSTORE_RETRIES, CUSTODY_SIGSTORE_TIMEOUT_MS, CUSTODY_SIGSTORE_BACKOFF_MS as given; see sigstoreRetry(). */
  sigstoreRetry: { retries?: string; timeoutMs?: string; backoffMs?: string };
  /** The host of GITHUB_SERVER_URL (github.com, a GHES host, TENANT.ghe.com): the default for verify --hostname. */
  githubHost?: string;
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const value = (name: string) => env[name] || undefined;
  return {
    signingConfig: value('CUSTODY_SIGNING_CONFIG'),
    trustedRoot: value('CUSTODY_TRUSTED_ROOT'),
    keyPassword: value('CUSTODY_KEY_PASSWORD'),
    pkcs11Pin: value('CUSTODY_PKCS11_PIN'),
    debug: Boolean(env.CUSTODY_DEBUG),
    presetSigningConfigs: defined({
      'public-good': value('CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD'),
      github: value('CUSTODY_SIGNING_CONFIG_GITHUB'),
    }),
    sigstoreRetry: {
      retries: value('CUSTODY_SIGSTORE_RETRIES'),
      timeoutMs: value('CUSTODY_SIGSTORE_TIMEOUT_MS'),
      backoffMs: value('CUSTODY_SIGSTORE_BACKOFF_MS'),
    },
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

/**
 * The Sigstore retry knobs (slow or flaky networks; tests), checked when a command signs, so that a bad value
 * fails signing with the variable's name and never the verbs that do not sign.
 */
export function sigstoreRetry(settings: Settings): Partial<RetryPolicy> {
  const num = (name: string, raw: string | undefined, min: number, max: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} is "${raw}", not a whole number from ${min} to ${max}.`, {
        hint: `Unset ${name} or give a number in range.`,
      });
    }
    return n;
  };
  const { retries: r, timeoutMs: t, backoffMs: b } = settings.sigstoreRetry;
  const retries = num('CUSTODY_SIGSTORE_RETRIES', r, 0, 10);
  const timeoutMs = num('CUSTODY_SIGSTORE_TIMEOUT_MS', t, 50, 600_000);
  const backoff = num('CUSTODY_SIGSTORE_BACKOFF_MS', b, 0, 60_000);
  const delays = backoff === undefined ? {} : { baseDelayMs: backoff, maxDelayMs: Math.max(backoff, Math.min(8_000, backoff * 16)) };
  // Only the knobs given: the signer's defaults stay for the others (a spread of undefined would erase them).
  return defined({ retries, timeoutMs, ...delays });
}
