import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ActionRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed from the GITHUB_OUTPUT file the action wrote. */
  outputs: Record<string, string>;
  /** The GITHUB_STEP_SUMMARY file's content. */
  summary: string;
  /** Parsed from the GITHUB_ENV file. */
  exportedEnv: Record<string, string>;
}

export interface ActionRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Parses the `name<<DELIM\nvalue\nDELIM` (and `name=value`) file format of GITHUB_OUTPUT / GITHUB_ENV. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

/**
 * Runs a committed action bundle the way a GitHub runner does: `node dist/index.js` with INPUT_* variables,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_STATE files, and the workspace as cwd.
 */
export async function runActionDist(
  distFile: string,
  inputs: Record<string, string>,
  options: ActionRunOptions = {},
): Promise<ActionRunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-action-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_PATH: join(dir, 'path'),
  };
  for (const f of Object.values(files)) await writeFile(f, '');
  const cwd = options.cwd ?? process.cwd();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: cwd,
    ...files,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const child = spawn(process.execPath, [distFile], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    exportedEnv: parseCommandFile(await readFile(files.GITHUB_ENV, 'utf8')),
  };
}
