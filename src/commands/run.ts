/**
 * `custody run -- COMMAND`: runs the build command with its output streamed through, and records around it the
 * capture document, start and finish, the (redacted) command line, the exit code or signal, and the digests of
 * the declared outputs. The command's exit status is propagated (a signal becomes 128+n, as shells do). Capture
 * problems are warnings unless `strict`, so provenance never breaks a build by accident. The capture document is
 * returned in memory (`capture`); writing it is the face's choice (`writeCapture`, default on: the CLI writes it).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { constants } from 'node:os';
import { CustodyError, UsageError, describeCause, isoSeconds, stableJson, type Clock, type Logger } from '@custody/core';
import {
  collectMaterials,
  redactArgv,
  type CaptureDocument,
  type FileDigest,
  type HostFacts,
  type VersionRunner,
} from '@custody/provenance';
import { writeFileAtomic } from '../io/files.js';
import { captureBuild } from './capture.js';
import { AppError } from '../errors.js';

export const DEFAULT_CAPTURE_FILE = 'custody-capture.json';

export interface RunOptions {
  /** COMMAND and its arguments, run without a shell. */
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** --output GLOB: the build's outputs, digested after the command. */
  outputs?: string[];
  /** Where the capture document goes (default custody-capture.json). */
  captureOutput?: string;
  /** Write the capture document to captureOutput (default true); false: it is only returned (result.capture). */
  writeCapture?: boolean;
  strict?: boolean;
  materials?: string[];
  tools?: string[];
  /** Where the command's stdout and stderr are streamed (chunk by chunk, as they come). */
  stdout: (chunk: Buffer) => void;
  stderr: (chunk: Buffer) => void;
  /** Forward SIGINT/SIGTERM/SIGHUP from this process to the command (the CLI does; tests need not). */
  forwardSignals?: boolean;
  versionRunner?: VersionRunner;
  host?: HostFacts;
  gitStatus?: boolean;
}

export interface RunResult {
  /** The exit code custody should end with: the command's, 128+n for a signal, 127 when it could not start. */
  exitCode: number;
  commandExitCode: number | null;
  signal?: string;
  capture?: CaptureDocument;
  captureFile?: string;
  outputs: FileDigest[];
  warnings: string[];
}

function signalNumber(signal: string): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}

interface Exit {
  code: number | null;
  signal?: string;
  spawnError?: NodeJS.ErrnoException;
}

function runChild(options: RunOptions): Promise<Exit> {
  const [file, ...args] = options.command as [string, ...string[]];
  return new Promise((resolvePromise) => {
    let settled = false;
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['inherit', 'pipe', 'pipe'] });
    // Custody stays alive until the command ends (so the capture is written) and passes termination on. A
    // Ctrl-C on a terminal already reaches the whole process group, so SIGINT is forwarded only off a terminal.
    const forward = (sig: NodeJS.Signals) => () => {
      if (sig === 'SIGINT' && process.stdin.isTTY) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    if (options.forwardSignals) for (const [s, h] of handlers) process.on(s, h);
    const done = (exit: Exit) => {
      if (settled) return;
      settled = true;
      if (options.forwardSignals) for (const [s, h] of handlers) process.off(s, h);
      resolvePromise(exit);
    };
    child.stdout.on('data', (d: Buffer) => options.stdout(d));
    child.stderr.on('data', (d: Buffer) => options.stderr(d));
    child.on('error', (err) => done({ code: null, spawnError: err as NodeJS.ErrnoException }));
    child.on('close', (code, signal) => done({ code, ...(signal ? { signal } : {}) }));
  });
}

export async function runBuild(options: RunOptions): Promise<RunResult> {
  if (options.command.length === 0 || !options.command[0]) {
    throw new UsageError('no command to run.', {
      hint: 'Put the build command after --, e.g. custody run --output "dist/*.tgz" -- npm pack.',
    });
  }
  const warnings: string[] = [];
  const problem = (err: unknown, what: string) => {
    if (options.strict) {
      if (err instanceof CustodyError) throw err;
      throw new AppError('CAPTURE_FAILED', `${what}: ${describeCause(err)}.`, {
        hint: 'Fix the capture problem, or drop --strict to let the build go on.',
        cause: err,
      });
    }
    const text = err instanceof CustodyError ? err.describe() : `${what}: ${describeCause(err)}`;
    warnings.push(text);
    options.logger.warn(`${text} (the build goes on; --strict makes this an error)`);
  };

  const startedOn = isoSeconds(options.clock.now());
  let capture: CaptureDocument | undefined;
  try {
    capture = await captureBuild({
      cwd: options.cwd,
      env: options.env,
      clock: options.clock,
      logger: options.logger,
      materials: options.materials ?? [],
      tools: options.tools ?? [],
      ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
    });
  } catch (err) {
    problem(err, 'capture before the build failed');
  }

  // Redacted before the command runs: the secrets it finds are masked in every log line from here on, including
  // the messages below that name the command.
  const recordedArgv = redactArgv(options.command);
  const exit = await runChild(options);
  const finishedOn = isoSeconds(options.clock.now());
  if (exit.spawnError) {
    const notFound = exit.spawnError.code === 'ENOENT';
    options.logger.error(
      notFound
        ? `custody run: command "${recordedArgv[0]}" was not found. Check the name and PATH (custody runs it without a shell; for pipes or &&, run sh -c "…").`
        : `custody run: cannot start "${recordedArgv[0]}": ${describeCause(exit.spawnError)}.`,
    );
  }
  const exitCode = exit.spawnError
    ? exit.spawnError.code === 'ENOENT'
      ? 127
      : 126
    : exit.signal
      ? 128 + signalNumber(exit.signal)
      : (exit.code ?? 1);

  let outputs: FileDigest[] = [];
  if (options.outputs?.length) {
    try {
      outputs = await collectMaterials(options.outputs, options.cwd);
    } catch (err) {
      if (exitCode === 0) problem(err, 'digesting the outputs failed');
      else warnings.push(`outputs not digested (the command failed): ${describeCause(err)}`);
    }
  }

  let captureFile: string | undefined;
  if (capture) {
    capture.run = {
      argv: recordedArgv,
      startedOn,
      finishedOn,
      exitCode: exit.spawnError ? null : exit.code,
      ...(exit.signal ? { signal: exit.signal } : {}),
      outputs,
    };
    capture.finishedOn = finishedOn;
    capture.warnings.push(...warnings);
  }
  if (capture && options.writeCapture !== false) {
    const target = resolve(options.cwd, options.captureOutput ?? DEFAULT_CAPTURE_FILE);
    try {
      await writeFileAtomic(target, stableJson(capture));
      captureFile = target;
    } catch (err) {
      problem(err, 'writing the capture document failed');
    }
  }
  return {
    exitCode,
    commandExitCode: exit.code,
    ...(exit.signal ? { signal: exit.signal } : {}),
    ...(capture ? { capture } : {}),
    ...(captureFile ? { captureFile } : {}),
    outputs,
    warnings,
  };
}
