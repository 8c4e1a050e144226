/**
 * Installs the bundled `custody` CLI for later steps (actions/setup): writes launchers into a directory that the
 * caller adds to PATH — a POSIX sh script `custody` and a Windows `custody.cmd` — each running the CLI's entry with
 * one given Node binary (the Node that runs the action), never the `node` a later step finds on PATH, which may be
 * older than the CLI needs. Then runs the launcher once (`custody --version`) to prove it works before saying so.
 * No network: the CLI is files already on disk.
 */
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CUSTODY_VERSION, describeCause, type Logger } from '@custody/core';
import { AppError } from '../errors.js';

const run = promisify(execFile);

export interface InstallCliOptions {
  /** Where the launchers go (created if missing); the caller puts it on PATH. */
  binDir: string;
  /** The Node binary the launchers run the CLI with (absolute). */
  node: string;
  /** The CLI's entry script (bin/custody.js of the CLI bundle). */
  cli: string;
  /** Where binDir came from, for messages (e.g. 'input "install-dir"'). */
  binDirSource?: string;
  /** 'win32' runs the .cmd launcher for the self-check; anything else the sh one. Default process.platform. */
  platform?: NodeJS.Platform;
  logger: Logger;
}

export interface InstallCliResult {
  /** The version the installed CLI reports (`custody --version`). */
  version: string;
  binDir: string;
  /** The launchers written: [sh, cmd]. */
  launchers: string[];
}

/** A POSIX shell word for any string: single-quoted, with ' written as '\''. */
const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A cmd.exe word: double-quoted, % doubled so cmd does not expand it. Windows paths cannot contain ". */
const cmdQuote = (s: string) => `"${s.replace(/%/g, '%%')}"`;

export function posixLauncher(node: string, cli: string): string {
  return [
    '#!/bin/sh',
    `# custody ${CUSTODY_VERSION}, installed by actions/setup: the bundled CLI run with the Node that ran the action.`,
    `exec ${shQuote(node)} ${shQuote(cli)} "$@"`,
    '',
  ].join('\n');
}

export function windowsLauncher(node: string, cli: string): string {
  return ['@echo off', `rem custody ${CUSTODY_VERSION}, installed by actions/setup.`, `${cmdQuote(node)} ${cmdQuote(cli)} %*`, ''].join(
    '\r\n',
  );
}

export async function installCli(options: InstallCliOptions): Promise<InstallCliResult> {
  const { binDir, node, cli, logger } = options;
  const source = options.binDirSource ? `${options.binDirSource}: ` : '';
  try {
    await access(cli);
  } catch (err) {
    throw new AppError('SETUP_CLI_MISSING', `the CLI bundle ${cli} is missing from the action's files (${describeCause(err)}).`, {
      hint: "The action was referenced at a commit whose actions/setup/dist was not built; pin a release tag's commit, or run npm run package and commit actions/setup/dist.",
      cause: err,
    });
  }
  const sh = join(binDir, 'custody');
  const cmd = join(binDir, 'custody.cmd');
  try {
    await mkdir(binDir, { recursive: true });
    await writeFile(sh, posixLauncher(node, cli));
    await chmod(sh, 0o755);
    await writeFile(cmd, windowsLauncher(node, cli));
  } catch (err) {
    throw new AppError('SETUP_DIR_UNWRITABLE', `${source}cannot write the custody launchers into ${binDir}: ${describeCause(err)}.`, {
      hint: 'Give install-dir a directory the job can write (default: RUNNER_TEMP/custody-<version>/bin).',
      cause: err,
    });
  }
  const platform = options.platform ?? process.platform;
  let stdout: string;
  try {
    ({ stdout } =
      platform === 'win32'
        ? await run('cmd.exe', ['/d', '/s', '/c', `"${cmdQuote(cmd)} --version"`], { windowsVerbatimArguments: true, timeout: 60_000 })
        : await run(sh, ['--version'], { timeout: 60_000 }));
  } catch (err) {
    const e = err as { stderr?: string };
    throw new AppError(
      'SETUP_CLI_BROKEN',
      `the installed launcher ${platform === 'win32' ? cmd : sh} failed to run \`custody --version\`: ${(e.stderr ?? '').trim() || describeCause(err)}.`,
      {
        hint: `It runs ${node}; check that this Node (the one running the action) can run ${cli}.`,
        cause: err,
      },
    );
  }
  const version = /^custody (\S+)/.exec(stdout.trim())?.[1];
  if (!version) {
    throw new AppError(
      'SETUP_CLI_BROKEN',
      `the installed launcher printed "${stdout.trim().slice(0, 200)}" for --version, not "custody <version>".`,
      {
        hint: "The action's CLI bundle is damaged: pin the commit of a release.",
      },
    );
  }
  logger.info(`installed custody ${version} in ${binDir} (runs ${cli} with ${node})`);
  return { version, binDir, launchers: [sh, cmd] };
}
