/**
 * Keyless signing in an action: the runner's OIDC token, asked for only when the job may request one. (The inputs
 * themselves are declared with the verbs' options and read by the application's action runtime.)
 */
import { describeCause } from '@custody/core';
import { ActionError } from './api/errors.js';
import type { ActionContext } from './index.js';

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
