/**
 * A verb's options, declared once for both faces: each option's CLI flag (parsed by node:util parseArgs, shown in
 * --help and docs/cli.md by src/cli) and, where an action exposes it, its action input (read by
 * src/actions-runtime, generated into action.yml). Each src/verbs/<verb>.ts pairs its table with a toOptions
 * mapping to the typed options of its src/commands function, which both faces call.
 */
import { UsageError } from '@custody/core';

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

/** A verb's name and option table: what the CLI's CommandSpec and the actions share. */
export interface VerbSpec {
  name: string;
  options: Record<string, OptionSpec>;
}

/** An option's value is not one the command can use; the message names it through `reader.label()`. */
export function optionError(reader: OptionReader, name: string, problem: string, hint?: string): UsageError {
  return new UsageError(`${reader.label(name)} ${problem}`, hint === undefined ? {} : { hint });
}
