/**
 * The error codes and classes of @custody/github. Free of @actions/* so that the API client (@custody/github/api)
 * can use them too.
 */
import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/github: action inputs and GitHub's REST API (OIDC_TOKEN_REQUEST_FAILED is core's shared code). */
export const GITHUB_ERROR_CODES = {
  ACTION_INPUT_INVALID: 'ACTION_INPUT_INVALID',
  GITHUB_API_INVALID_RESPONSE: 'GITHUB_API_INVALID_RESPONSE',
  GITHUB_API_REJECTED: 'GITHUB_API_REJECTED',
  GITHUB_API_UNAVAILABLE: 'GITHUB_API_UNAVAILABLE',
  GITHUB_API_URL_INVALID: 'GITHUB_API_URL_INVALID',
  GITHUB_AUTH_FAILED: 'GITHUB_AUTH_FAILED',
  GITHUB_BUNDLE_INVALID: 'GITHUB_BUNDLE_INVALID',
  GITHUB_DIGEST_INVALID: 'GITHUB_DIGEST_INVALID',
  GITHUB_FORBIDDEN: 'GITHUB_FORBIDDEN',
  GITHUB_LIMIT_INVALID: 'GITHUB_LIMIT_INVALID',
  GITHUB_NOT_FOUND: 'GITHUB_NOT_FOUND',
  GITHUB_RATE_LIMITED: 'GITHUB_RATE_LIMITED',
  GITHUB_REPO_INVALID: 'GITHUB_REPO_INVALID',
  GITHUB_TOKEN_MISSING: 'GITHUB_TOKEN_MISSING',
} as const;
export type GitHubErrorCode = keyof typeof GITHUB_ERROR_CODES;

/** An action input that cannot be used, or a runner facility that failed (exit 2). */
export class ActionError extends CustodyError<GitHubErrorCode | CoreErrorCode> {
  constructor(code: GitHubErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}
