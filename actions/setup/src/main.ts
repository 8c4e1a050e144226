/**
 * actions/setup: puts `custody` (this action's own version) on PATH for later steps, from the CLI bundle that ships
 * in this action's dist/cli/ — no download. The launchers run the CLI with the Node that runs this action (the
 * runner's node24), not the `node` a later `run:` step finds on PATH.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTODY_VERSION } from '@custody/core';
import { ActionError, runAction } from '@custody/github';
import { installCli } from '../../../src/commands/setup.js';

void runAction(async (gh) => {
  const given = gh.input('install-dir').trim();
  const temp = gh.env.RUNNER_TEMP;
  if (!given && !temp) {
    throw new ActionError('ACTION_INPUT_INVALID', 'input "install-dir" is empty and RUNNER_TEMP is not set: there is nowhere to install custody.', {
      hint: 'Set install-dir: to a directory the job can write, e.g. install-dir: ${{ runner.temp }}/custody.',
    });
  }
  const binDir = given ? resolve(gh.cwd, given) : join(temp!, `custody-${CUSTODY_VERSION}`, 'bin');
  const result = await installCli({
    binDir,
    node: process.execPath,
    cli: join(dirname(fileURLToPath(import.meta.url)), 'cli', 'bin', 'custody.js'),
    ...(given ? { binDirSource: 'input "install-dir"' } : {}),
    logger: gh.logger,
  });
  gh.addPath(result.binDir);
  gh.setOutput('version', result.version);
  gh.setOutput('install-dir', result.binDir);
});
