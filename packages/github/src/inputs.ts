/**
 * Inputs that several actions share, mapped once: subjects, and how to sign (key or the runner's OIDC token).
 * The result is plain option fields for the src/commands functions.
 */
import { describeCause } from '@custody/core';
import { ActionError } from './api/errors.js';
import type { ActionContext } from './index.js';

/** subject-path (lines of paths/globs) and subject-name + subject-digest, as `custody … --subject` specs. */
export function subjectSpecs(gh: ActionContext): string[] {
  const specs = [...gh.inputLines('subject-path')];
  const name = gh.input('subject-name').trim();
  const digest = gh.input('subject-digest').trim();
  if (name || digest) {
    if (!name || !digest) {
      throw new ActionError('ACTION_INPUT_INVALID', 'subject-name and subject-digest go together; only one is set.', {
        hint: 'Set both: subject-name: ghcr.io/acme/app and subject-digest: sha256:<hex>.',
      });
    }
    specs.push(`${name}@${digest}`);
  }
  return specs;
}

/** The runner's OIDC token (audience sigstore), asked for only when the job may request one. */
export function tokenProvider(gh: ActionContext): () => Promise<string | undefined> {
  return async () => {
    if (!gh.env.ACTIONS_ID_TOKEN_REQUEST_URL || !gh.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
    try {
      const token = await gh.idToken('sigstore');
      gh.setSecret(token);
      return token;
    } catch (err) {
      throw new ActionError('OIDC_TOKEN_REQUEST_FAILED', `the runner did not give an OIDC token: ${describeCause(err)}.`, {
        hint: 'Give the job `permissions: id-token: write`, or sign with the key input.',
        cause: err,
      });
    }
  };
}

export interface SigningInputs {
  keyFile?: string;
  keyPem?: string;
  keyPassphrase?: string;
  tokenProvider: () => Promise<string | undefined>;
  instance?: string;
  signingConfigFile?: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

/** key / key-password (masked), instance, signing-config and service URLs; keyless through the runner's token. */
export function signingInputs(gh: ActionContext): SigningInputs {
  const opt = (name: string) => gh.input(name).trim() || undefined;
  const key = gh.input('key').trim();
  const password = gh.input('key-password');
  if (password) gh.setSecret(password);
  const pem = key.startsWith('-----BEGIN');
  if (pem) gh.setSecret(key);
  const out: SigningInputs = { tokenProvider: tokenProvider(gh) };
  if (key) {
    if (pem) out.keyPem = key;
    else out.keyFile = key;
  }
  if (password) out.keyPassphrase = password;
  for (const [field, input] of [
    ['instance', 'instance'],
    ['signingConfigFile', 'signing-config'],
    ['fulcioUrl', 'fulcio-url'],
    ['rekorUrl', 'rekor-url'],
    ['tsaUrl', 'tsa-url'],
  ] as const) {
    const v = opt(input);
    if (v) out[field] = v;
  }
  return out;
}

export interface GitHubStoreInputs {
  /** store-github: true -> ['github'] (a failed upload fails the step). */
  store?: string[];
  /** store-github: auto (the default) -> upload when possible, a refusal is a warning. */
  githubStore?: 'auto';
  /** github-token (default ${{ github.token }}). */
  githubToken?: string;
}

/**
 * store-github (auto | true | false) and github-token. `auto`, the default, uploads to GitHub's attestations API as
 * GitHub's own attest actions do, and, since an action cannot read the job's permissions, finds out by trying: a job
 * without `attestations: write` gets a warning, not a failure. `true` makes a failed upload fail the step.
 */
export function githubStoreInputs(gh: ActionContext): GitHubStoreInputs {
  const raw = gh.input('store-github').trim().toLowerCase() || 'auto';
  const token = gh.input('github-token').trim();
  if (token) gh.setSecret(token);
  const out: GitHubStoreInputs = token ? { githubToken: token } : {};
  if (raw === 'auto') return { ...out, githubStore: 'auto' };
  if (['true', 'yes', '1'].includes(raw)) return { ...out, store: ['github'] };
  if (['false', 'no', '0'].includes(raw)) return {};
  throw new ActionError('ACTION_INPUT_INVALID', `input "store-github" is "${raw}", not auto, true or false.`, {
    hint: 'Set store-github: auto (upload when the job has attestations: write), true (must upload) or false.',
  });
}
