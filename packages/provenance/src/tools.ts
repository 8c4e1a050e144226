/**
 * Tool versions: `NAME --version` for each tool (node, npm and git always), run without a shell. A tool that is
 * missing or fails is recorded with an error note, never fatal.
 */
import { execFile } from 'node:child_process';
import { compareStrings } from '@custody/core';
import { ProvenanceInputError } from './errors.js';
import { redactValue } from './redact.js';

export interface ToolVersion {
  name: string;
  /** First non-empty line of `NAME --version`, or undefined when it could not run. */
  version?: string;
  error?: string;
}

export const DEFAULT_TOOLS = ['git', 'node', 'npm'] as const;

/** Runs a command and returns its stdout; injected in tests that must not depend on installed tools. */
export type VersionRunner = (name: string) => Promise<string>;

export const execVersion: VersionRunner = (name) =>
  new Promise((resolve, reject) => {
    // No shell, except on Windows where npm.cmd and friends resolve only through one (names are checked first).
    execFile(name, ['--version'], { shell: process.platform === 'win32', timeout: 15_000, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(err);
      else resolve(stdout.trim() ? stdout : stderr);
    });
  });

export function checkToolName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) {
    throw new ProvenanceInputError('TOOL_NAME_INVALID', `--tool "${name}" is not a command name.`, {
      location: '--tool',
      hint: 'Give a plain program name found on PATH, such as --tool go or --tool docker (no paths, spaces or arguments).',
    });
  }
  return name;
}

export async function readToolVersions(extra: readonly string[] = [], run: VersionRunner = execVersion): Promise<ToolVersion[]> {
  const names = [...new Set([...DEFAULT_TOOLS, ...extra.map(checkToolName)])].sort(compareStrings);
  return Promise.all(
    names.map(async (name): Promise<ToolVersion> => {
      try {
        const line = (await run(name)).split(/\r?\n/).map((l) => l.trim()).find(Boolean);
        return line ? { name, version: redactValue(line.slice(0, 200)) } : { name, error: 'printed no version' };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { name, error: code === 'ENOENT' ? 'not found on PATH' : `--version failed${code ? ` (${String(code)})` : ''}` };
      }
    }),
  );
}
