/**
 * The bundles' start (each actions/<name>/src/index.ts, which ncc bundles into dist/index.js): the first log line at
 * once, before any of the action's code is parsed, then the action and the runtime, which the dynamic imports keep
 * in lazy chunks (dist/N.index.js), run through the runner's protocol (bundleToolkit). Kept small: what this module
 * imports is all that dist/index.js holds. bench/actions.js times the first line against a bare `node`.
 */
import { enableCompileCache } from 'node:module';
import { CUSTODY_VERSION } from '@custody/core';
import type { ActionDefinition } from './index.js';

export function startAction(name: string, load: () => Promise<{ action: ActionDefinition }>): void {
  process.stdout.write(`custody ${CUSTODY_VERSION} (${name})\n`);
  // Node's compile cache (in the OS temp dir): a few ms dearer on a job's first run of an action, about 10% cheaper
  // on every later one in the job (and across jobs on a self-hosted runner).
  enableCompileCache?.();
  void Promise.all([load(), import('./index.js')]).then(([{ action }, runtime]) =>
    runtime.runActionDefinition(action, runtime.bundleToolkit()),
  );
}
