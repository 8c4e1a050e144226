/**
 * The Toolkit through @actions/core: what an action's src/main.ts run() uses, so that @github/local-action (which
 * stubs @actions/core) runs the action from its source. The only module of Custody that imports @actions/core; the
 * bundles never load it (they run runnerToolkit, runner.ts).
 */
import * as core from '@actions/core';
import type { Toolkit } from './toolkit.js';

export const actionsCoreToolkit: Toolkit = {
  getInput: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  addPath: (dir) => core.addPath(dir),
  setSecret: (value) => core.setSecret(value),
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  setFailed: (m) => core.setFailed(m),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
  idToken: (audience) => core.getIDToken(audience),
};
