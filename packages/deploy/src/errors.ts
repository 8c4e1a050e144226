/**
 * The codes of @custody/deploy: manifests and image lists that cannot be read as such. Each is exit 2 (bad input),
 * with the file and line, and what to do. Sizes and nesting are core's limits (LIMIT_MANIFEST_BYTES, LIMIT_JSON_DEPTH).
 */
import { CustodyError, EXIT_USAGE, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

export const DEPLOY_ERROR_CODES = {
  DEPLOY_MANIFEST_INVALID: 'DEPLOY_MANIFEST_INVALID',
  DEPLOY_YAML_ALIASES: 'DEPLOY_YAML_ALIASES',
  DEPLOY_IMAGE_INVALID: 'DEPLOY_IMAGE_INVALID',
  DEPLOY_PIN_CONFLICT: 'DEPLOY_PIN_CONFLICT',
  DEPLOY_ADMISSION_REVIEW_INVALID: 'DEPLOY_ADMISSION_REVIEW_INVALID',
  DEPLOY_ADMISSION_CONFIG_INVALID: 'DEPLOY_ADMISSION_CONFIG_INVALID',
} as const;
export type DeployErrorCode = keyof typeof DEPLOY_ERROR_CODES;

/** A manifest, image list or image reference that cannot be used. Exit code 2. */
export class DeployInputError extends CustodyError<DeployErrorCode | CoreErrorCode> {
  constructor(code: DeployErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { ...options, exitCode: options.exitCode ?? EXIT_USAGE });
  }
}
