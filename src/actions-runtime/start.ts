/**
 * The bundles' start (each actions/<name>/src/index.ts, which ncc bundles into dist/index.js): the first log line at
 * once, before any of the action's code is parsed, then the action and the runtime, which the dynamic imports keep
 * in lazy chunks (dist/N.index.js), run through the runner's protocol (bundleToolkit). Kept small: what this module
 * imports is all that dist/index.js holds. bench/actions.js times the first line against a bare `node`.
 */
import { enableCompileCache } from 'node:module';
import { CUSTODY_VERSION } from '@custody/core';
import type { AppErrorCode } from '../errors.js';
import type { ActionDefinition } from './index.js';

/** A literal, not the table (the table would pull the error classes into dist/index.js); typed against it. */
const BUNDLE_INCOMPLETE: AppErrorCode = 'ACTION_BUNDLE_INCOMPLETE';

export function startAction(name: string, load: () => Promise<{ action: ActionDefinition }>): void {
  process.stdout.write(`custody ${CUSTODY_VERSION} (${name})\n`);
  // Node's compile cache (in the OS temp dir): a few ms dearer on a job's first run of an action, about 10% cheaper
  // on every later one in the job (and across jobs on a self-hosted runner).
  enableCompileCache?.();
  Promise.all([load(), import('./index.js')]).then(
    ([{ action }, runtime]) => runtime.runActionDefinition(action, runtime.bundleToolkit()),
    (err: unknown) => {
      // Only a chunk that cannot be loaded lands here (the runtime reports everything after this itself): say so as
      // the runner shows errors, not as a stack trace.
      const reason = (err instanceof Error ? err.message : String(err)).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
      process.stdout.write(
        `::error::${name} could not load its code (${reason}). Its dist/ directory is incomplete: use the action at a release tag or commit, whose dist/ holds every N.index.js chunk. [${BUNDLE_INCOMPLETE}]\n`,
      );
      process.exitCode = 1;
    },
  );
}
