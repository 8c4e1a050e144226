/**
 * Tool versions: `NAME --version` for each tool (node, npm and git always), run without a shell — or the tool's own
 * way where `--version` is not it (`go version`, `java -version`, `kubectl version --client`). A tool that is
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

/** How each tool says its version when `--version` is not the way (go rejects it; java wants one dash). */
export const VERSION_ARGS: Readonly<Record<string, readonly string[]>> = {
  go: ['version'],
  java: ['-version'],
  javac: ['-version'],
  kubectl: ['version', '--client'],
  oc: ['version', '--client'],
  helm: ['version', '--short'],
  kustomize: ['version'],
  scala: ['-version'],
  erl: ['-version'],
};

export function versionArgs(name: string): readonly string[] {
  return VERSION_ARGS[name] ?? ['--version'];
}

/** Runs `NAME ARGS` and returns its output; injected in tests that must not depend on installed tools. */
export type VersionRunner = (name: string, args: readonly string[]) => Promise<string>;

export const execVersion: VersionRunner = (name, args) =>
  new Promise((resolve, reject) => {
    // No shell, except on Windows where npm.cmd and friends resolve only through one (names are checked first).
    execFile(
      name,
      [...args],
      { shell: process.platform === 'win32', timeout: 15_000, maxBuffer: 1 << 20, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) reject(err);
        else resolve(stdout.trim() ? stdout : stderr);
      },
    );
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
        const line = (await run(name, versionArgs(name)))
          .split(/\r?\n/)
          .map((l) => l.trim())
          .find(Boolean);
        return line ? { name, version: redactValue(line.slice(0, 200)) } : { name, error: 'printed no version' };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return {
          name,
          error: code === 'ENOENT' ? 'not found on PATH' : `${versionArgs(name).join(' ')} failed${code ? ` (${String(code)})` : ''}`,
        };
      }
    }),
  );
}
