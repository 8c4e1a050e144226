/**
 * The capture document: what Custody records about a build, as JSON with its own type URI and version.
 * `custody capture` writes one; `custody run` adds the command record; `custody provenance` reads it.
 */
import type { CiContext } from '@custody/core';
import type { GitFacts } from './git.js';
import type { HostFacts } from './host.js';
import type { ToolVersion } from './tools.js';
import type { FileDigest } from './files.js';
import type { RedactedEnvironment } from './redact.js';

export const CAPTURE_TYPE = 'https://github.com/custody-dev/custody/capture';
export const CAPTURE_VERSION = 1;
export const CAPTURE_MEDIA_TYPE = 'application/vnd.custody.capture.v1+json';

/** The CI context the capture records: @custody/core's CiContext, as packages/ci detects it. */
export type BuildContext = CiContext;

/** Where the identity fields came from. */
export interface IdentitySource {
  source: 'oidc-token' | 'environment';
  /** The verified token's issuer (oidc-token only). */
  issuer?: string;
  /** Why the environment was used (no token on this platform, none requested, …). */
  reason?: string;
}

export interface RunRecord {
  /** The command line, with secret-looking arguments redacted. */
  argv: string[];
  startedOn: string;
  finishedOn: string;
  exitCode: number | null;
  signal?: string;
  /** Digests of the declared outputs (--output GLOB), sorted by name. */
  outputs: FileDigest[];
}

export interface CaptureDocument {
  _type: typeof CAPTURE_TYPE;
  version: typeof CAPTURE_VERSION;
  /** When capture started (the build start when run by `custody run`). */
  startedOn: string;
  /** When capture finished (after the command when run by `custody run`). */
  finishedOn: string;
  custody: { version: string };
  ci: BuildContext;
  identity: IdentitySource;
  git?: GitFacts;
  host: HostFacts;
  tools: ToolVersion[];
  environment: RedactedEnvironment;
  materials: FileDigest[];
  run?: RunRecord;
  /** Problems met while capturing (a tool that would not run, no git). */
  warnings: string[];
}
