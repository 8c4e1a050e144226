/**
 * actions/setup: puts `custody` (this action's own version) on PATH for later steps, from the CLI bundle that ships
 * in this action's dist/cli/ — no download. The launchers run the CLI with the Node that runs this action (the
 * runner's node24), not the `node` a later `run:` step finds on PATH. No CLI verb stands for it: its one input is
 * its own. index.ts (the bundle's entry) starts it; @github/local-action calls run().
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTODY_VERSION } from '@custody/core';
import { ActionError, actionsCoreToolkit } from '@custody/github';
import { installCli } from '../../../src/commands/setup.js';
import { actionInput, runActionDefinition, type ActionDefinition } from '../../../src/actions-runtime/index.js';

export const action: ActionDefinition = {
  inputs: [
    actionInput(
      'install-dir',
      'Directory for the custody launchers (custody for sh/bash, custody.cmd for cmd/PowerShell), added to PATH. Relative paths are under the workspace. Default RUNNER_TEMP/custody-<version>/bin.',
    ),
  ],
  outputs: {
    version: 'The version of the installed custody (what custody --version prints, without the name).',
    'install-dir': 'Absolute path of the directory added to PATH.',
  },
  async run(ctx) {
    const { gh } = ctx;
    const given = ctx.input('install-dir');
    const temp = gh.env.RUNNER_TEMP;
    if (!given && !temp) {
      throw new ActionError(
        'ACTION_INPUT_INVALID',
        'input "install-dir" is empty and RUNNER_TEMP is not set: there is nowhere to install custody.',
        {
          hint: 'Set install-dir: to a directory the job can write, e.g. install-dir: ${{ runner.temp }}/custody.',
        },
      );
    }
    const binDir = given ? resolve(gh.cwd, given) : join(temp!, `custody-${CUSTODY_VERSION}`, 'bin');
    const result = await installCli({
      binDir,
      node: process.execPath,
      cli: cliBundle(),
      binDirSource: given ? 'input "install-dir"' : undefined,
      logger: gh.logger,
    });
    gh.addPath(result.binDir);
    gh.setOutput('version', result.version);
    gh.setOutput('install-dir', result.binDir);
  },
};

/**
 * The CLI bundle this action ships: dist/cli/ beside the bundle that runs (dist/index.js), or, run from source
 * (src/main.ts under @github/local-action), the committed one in ../dist/cli/.
 */
function cliBundle(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'cli', 'bin', 'custody.js');
  return existsSync(beside) || basename(here) !== 'src' ? beside : join(here, '..', 'dist', 'cli', 'bin', 'custody.js');
}

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
