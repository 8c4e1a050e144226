/**
 * The capture document: what Custody records about a build, as JSON with its own type URI and version.
 * `custody capture` writes one; `custody run` adds the command record; `custody provenance` reads it.
 */
import type { GitFacts } from './git.js';
import type { HostFacts } from './host.js';
import type { ToolVersion } from './tools.js';
import type { FileDigest } from './files.js';
import type { RedactedEnvironment } from './redact.js';

export const CAPTURE_TYPE = 'https://github.com/custody-dev/custody/capture';
export const CAPTURE_VERSION = 1;
export const CAPTURE_MEDIA_TYPE = 'application/vnd.custody.capture.v1+json';

/**
 * The CI context, as packages/ci produces it (same shape; declared here because packages do not import each
 * other — src/commands passes it across).
 */
export interface BuildContext {
  platform: string;
  serverUrl?: string;
  repository?: string;
  repositoryUrl?: string;
  commit?: string;
  ref?: string;
  pipeline: { id?: string; name?: string; path?: string; url?: string };
  job?: { id?: string; name?: string; url?: string };
  runId?: string;
  runAttempt?: string;
  runUrl?: string;
  runner: { kind: 'hosted' | 'self-hosted' | 'unknown'; name?: string; os?: string; arch?: string };
  actor?: string;
  event: { name: string; isPullRequest: boolean; pullRequest?: { number?: string; url?: string; headRef?: string; baseRef?: string } };
  extra: Record<string, string>;
}

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
