/**
 * The attest actions' own inputs beside custody attest's options (actions/attest and the one-step action): a subject
 * by name and digest, a PEM key given inline from a secret and its passphrase, and keyless signing through the
 * runner's OIDC token.
 */
import { ActionError, tokenProvider } from '@custody/github';
import { attestVerb, type AttestFaceOptions } from '../verbs/attest.js';
import { actionInput, type ActionRun } from './index.js';

export const subjectNameInput = actionInput('subject-name', 'Name of a subject given by digest (with subject-digest), e.g. an image name.');
export const subjectDigestInput = actionInput('subject-digest', 'Digest of subject-name, as sha256:HEX.');
export const keyPasswordInput = actionInput(
  'key-password',
  'Passphrase of an encrypted key (better passed as CUSTODY_KEY_PASSWORD in env from a secret).',
);

/**
 * subject-path lines and subject-name + subject-digest, as `custody attest --subject` specs. With `image` (the
 * attest action's push-to-registry), subject-name + subject-digest must name the image, and become an
 * `oci://NAME@DIGEST` subject, which attest stores the bundle next to (the statement names it NAME, as without).
 */
export function subjectSpecs(ctx: ActionRun, image?: { input: string }): string[] {
  const specs = ctx.options(attestVerb).strs('subject');
  const name = ctx.input('subject-name');
  const digest = ctx.input('subject-digest');
  if (name || digest) {
    if (!name || !digest) {
      throw new ActionError('ACTION_INPUT_INVALID', 'subject-name and subject-digest go together; only one is set.', {
        hint: 'Set both: subject-name: ghcr.io/acme/app and subject-digest: sha256:<hex>.',
      });
    }
    specs.push(image && !name.startsWith('oci://') ? `oci://${name}@${digest}` : `${name}@${digest}`);
  } else if (image) {
    throw new ActionError('ACTION_INPUT_INVALID', `input ${image.input} needs the image: subject-name and subject-digest are not set.`, {
      hint: `Set subject-name: ghcr.io/acme/app and subject-digest: sha256:<hex> (the image's digest, e.g. from docker/build-push-action's digest output), or drop ${image.input}.`,
    });
  }
  return specs;
}

/**
 * The signing part of attest's options for an action: the `key` input holds a PEM (from a secret; masked, never
 * written to disk) or a path; key-password (masked) before CUSTODY_KEY_PASSWORD; keyless through the runner's token.
 */
export function actionSigning(ctx: ActionRun, options: AttestFaceOptions): AttestFaceOptions {
  const password = ctx.gh.input('key-password');
  if (password) ctx.gh.setSecret(password);
  const key = options.keyFile;
  const pem = key?.startsWith('-----BEGIN') ? key : undefined;
  if (pem) ctx.gh.setSecret(pem);
  return {
    ...options,
    keyFile: pem ? undefined : key,
    keyPem: pem,
    keyPassphrase: password || options.keyPassphrase,
    tokenProvider: tokenProvider(ctx.gh),
  };
}
