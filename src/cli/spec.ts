import { UsageError, type Logger } from '@custody/core';
import type { Settings } from '../settings.js';

/**
 * The action input an option is exposed as, declared beside its flag: actions/<name>/action.yml's `inputs:` are
 * generated from these (scripts/gen-action-yml.js) and checked against them (test/action-specs.test.ts).
 */
export interface InputSpec {
  /** The input's name, e.g. `subject-path` for `--subject`. */
  name: string;
  /** The action's wording when the flag's does not fit (one path per line, a default of the runner). */
  description?: string;
  /** The input's default as action.yml states it; else the option's own default. */
  default?: string;
  required?: boolean;
}

/**
 * One option of a command, declared once: parsed by node:util parseArgs, shown in --help and the CLI reference,
 * and, with `input`, read by the actions that expose it.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. FILE, GLOB, URI. */
  value?: string;
  description: string;
  default?: string | boolean;
  input?: InputSpec;
}

/**
 * Reads option values by option name, whichever face they came from: parsed flags (the CLI) or action inputs.
 * `label` names the option as that face shows it (`--subject` on the CLI, `subject-path` in an action), so that
 * an error about an option speaks the user's language. A verb's `toOptions(reader)` maps these to the typed
 * options of its src/commands function, once for both faces.
 */
export interface OptionReader {
  str(name: string): string | undefined;
  strs(name: string): string[];
  bool(name: string): boolean;
  label(name: string): string;
}

/** An option's value is not one the command can use; the message names it through `reader.label()`. */
export function optionError(reader: OptionReader, name: string, problem: string, hint?: string): UsageError {
  return new UsageError(`${reader.label(name)} ${problem}`, hint === undefined ? {} : { hint });
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

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** Whether stderr is a terminal (progress bars only there). */
  isTTY: boolean;
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
