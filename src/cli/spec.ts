import type { Logger } from '@custody/core';
import type { Settings } from '../settings.js';
import type { OptionReader, OptionSpec } from '../verbs/spec.js';

export type { InputSpec, OptionReader, OptionSpec, VerbSpec } from '../verbs/spec.js';
export { optionError } from '../verbs/spec.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** Whether stderr is a terminal (progress bars only there). */
  isTTY: boolean;
  /** Standard input (`-` for a file argument); the process's own when not given. */
  stdin?: AsyncIterable<Uint8Array>;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: CliIO;
  /** Custody's environment variables, read once by main(). */
  settings: Settings;
}

/**
 * A CLI verb. `name` may have two words ("keys generate"). `run` maps parsed flags to the typed options of the
 * matching src/commands function, calls it, prints the result and returns the exit code.
 */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string[];
  description?: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments: names for help, and how many are allowed. */
  positionals?: { names: string; min?: number; max?: number };
  /** Everything after `--` is passed as positionals untouched (custody run -- COMMAND). */
  passThrough?: boolean;
  examples: Array<[command: string, explanation: string]>;
  run(ctx: CommandContext): Promise<number>;
}

/** Helpers for typed access to parsed values. */
export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function strs(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function bool(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** The CLI's reader over node:util parseArgs values (spec defaults already applied). */
export function flagReader(values: OptionValues): OptionReader {
  return {
    str: (name) => str(values, name),
    strs: (name) => strs(values, name),
    bool: (name) => bool(values, name),
    label: (name) => `--${name}`,
  };
}

export { defined } from '../options.js';
