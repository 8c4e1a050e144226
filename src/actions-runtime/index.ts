/**
 * The actions' runtime: an action is its inputs (the options of verb specs that declare an `input`, and a few
 * inputs only the action has), its outputs, and a body that maps the typed options to a src/commands call and the
 * result to outputs and a summary. runActionDefinition() reads the inputs through the same OptionReader the CLI
 * uses, so the verb's toOptions() serves both faces, and words every error with input names instead of flags.
 * action.yml's inputs and outputs are generated from the definition (scripts/gen-action-yml.js, renderActionYml).
 */
import { CustodyError, type CoreErrorCode } from '@custody/core';
import type { AppErrorCode } from '../errors.js';
import { requestGitHubIdToken } from '@custody/ci';
import { runAction, runnerToolkit, type ActionContext, type Toolkit } from '@custody/github';
import type { OptionReader, OptionSpec, VerbSpec } from '../verbs/spec.js';
import { readSettings, type Settings } from '../settings.js';

/** One input of an action.yml. */
export interface ActionInput {
  name: string;
  description: string;
  /** As action.yml states it; '' for none. Runner expressions (`${{ … }}`) are applied by the runner only. */
  default: string;
  required: boolean;
  type: 'string' | 'boolean';
  /** Lines of values (a repeatable flag). */
  multiple: boolean;
  /** The verb option this input stands for: `custody <verb> --<option>`. Absent for action-only inputs. */
  option?: { verb: string; name: string };
}

export interface ActionDefinition {
  /** In action.yml order. */
  inputs: ActionInput[];
  /** Output name -> description, in action.yml order. */
  outputs: Record<string, string>;
  run(ctx: ActionRun): Promise<void>;
}

export interface ActionRun {
  /** The options of a verb this action exposes, by option name (`subject`), read from their inputs (`subject-path`). */
  options(spec: VerbSpec): OptionReader;
  /** An action-only input, trimmed; its default when empty; undefined when both are empty. */
  input(name: string): string | undefined;
  /** An action-only multi-line input: one value a line, blank lines dropped. */
  inputLines(name: string): string[];
  /** An action-only boolean input (true/false/yes/no/1/0), its default when empty. */
  bool(name: string): boolean;
  gh: ActionContext;
  /** Custody's environment variables, read once. */
  settings: Settings;
  /**
   * The registries the github-token input is sent to, replacing GitHub's container registry of GITHUB_SERVER_URL.
   * Only tests set it (a local registry standing in for ghcr.io); runActionDefinition never does.
   */
  githubRegistries?: string[];
}

function optionDefault(o: OptionSpec): string {
  if (o.input?.default !== undefined) return o.input.default;
  if (o.type === 'boolean') return o.default === true ? 'true' : 'false';
  return typeof o.default === 'string' ? o.default : '';
}

/**
 * The inputs a verb's options declare, in the spec's order, or only those named (in that order). `rename` gives an
 * input another name in this action (the one-step action's `sbom-format` for custody sbom --format).
 */
export function specInputs(spec: VerbSpec, names?: string[], rename: Record<string, string> = {}): ActionInput[] {
  const keys = names ?? Object.keys(spec.options).filter((k) => spec.options[k]!.input);
  return keys.map((key) => {
    const o = spec.options[key];
    if (!o?.input) throw new Error(`custody ${spec.name} --${key} declares no action input`);
    return {
      name: rename[key] ?? o.input.name,
      description: o.input.description ?? o.description,
      default: optionDefault(o),
      required: o.input.required ?? false,
      type: o.type,
      multiple: o.multiple ?? false,
      option: { verb: spec.name, name: key },
    };
  });
}

/** An input that only the action has (no CLI flag stands for it). */
export function actionInput(
  name: string,
  description: string,
  options: { default?: string; required?: boolean; type?: 'string' | 'boolean'; multiple?: boolean } = {},
): ActionInput {
  const type = options.type ?? 'string';
  return {
    name,
    description,
    default: options.default ?? (type === 'boolean' ? 'false' : ''),
    required: options.required ?? false,
    type,
    multiple: options.multiple ?? false,
  };
}

/** A default the code can apply itself (not a runner expression). */
function usable(value: string): string {
  return value.includes('${{') ? '' : value;
}

function parseBool(gh: ActionContext, input: ActionInput): boolean {
  return gh.booleanInput(input.name, usable(input.default) === 'true');
}

/** Rewrites `--flag` in an error's text to the input that stands for it in this action. */
export function wordForAction(text: string, inputs: ActionInput[]): string {
  const byFlag = new Map(inputs.filter((i) => i.option).map((i) => [i.option!.name, i.name]));
  return text.replace(/(^|[\s(/"'`])--([a-z][a-z0-9-]*)\b/g, (whole, before: string, flag: string) => {
    const input = byFlag.get(flag);
    return input ? `${before}input ${input}` : whole;
  });
}

/** The reader and accessors over an action context; exported for tests that run a definition in-process. */
export function actionRun(
  def: ActionDefinition,
  gh: ActionContext,
  settings: Settings,
  testing: { githubRegistries?: string[] } = {},
): ActionRun {
  const own = (name: string): ActionInput => {
    const input = def.inputs.find((i) => i.name === name && !i.option);
    if (!input) throw new Error(`the action declares no input named ${name}`);
    return input;
  };
  const read = (input: ActionInput) => gh.input(input.name).trim() || usable(input.default) || undefined;
  const lines = (input: ActionInput) => {
    const given = gh.inputLines(input.name);
    return given.length
      ? given
      : usable(input.default)
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
  };
  return {
    options(spec) {
      const of = (name: string): ActionInput => {
        const input = def.inputs.find((i) => i.option?.verb === spec.name && i.option.name === name);
        if (input) return input;
        // An option this action does not expose reads as unset, as an absent flag does.
        return { ...actionInput('', ''), type: spec.options[name]?.type ?? 'string' };
      };
      return {
        str: (name) => (of(name).name ? read(of(name)) : undefined),
        strs: (name) => (of(name).name ? lines(of(name)) : []),
        bool: (name) => (of(name).name ? parseBool(gh, of(name)) : false),
        label: (name) => (of(name).name ? `input ${of(name).name}` : `--${name}`),
      };
    },
    input: (name) => read(own(name)),
    inputLines: (name) => lines(own(name)),
    bool: (name) => parseBool(gh, own(name)),
    gh,
    settings,
    ...(testing.githubRegistries ? { githubRegistries: testing.githubRegistries } : {}),
  };
}

/**
 * Runs an action definition: configure limits, read the settings once, run the body; a failure fails the step with
 * the error worded in input names. `kit` is the runner's side: actionsCoreToolkit in each actions/<name>/src/main.ts's
 * run() (for @github/local-action), bundleToolkit() in the bundles (start.ts).
 */
export function runActionDefinition(def: ActionDefinition, kit: Toolkit): Promise<void> {
  return runAction(kit, async (gh) => {
    try {
      await def.run(actionRun(def, gh, readSettings(gh.env)));
    } catch (err) {
      if (err instanceof CustodyError) throw new RewordedError(err, wordForAction(err.describe(), def.inputs));
      throw err;
    }
  });
}

/** The runner's protocol spoken directly (no @actions/core in the bundles), with the CLI's OIDC token request. */
export function bundleToolkit(): Toolkit {
  return runnerToolkit((audience) => requestGitHubIdToken(process.env, audience));
}

/**
 * A CustodyError re-worded for the action face: same code and exit code, input names for flags. It carries the
 * code of the error it rewords, which was checked against its own package's table where it was raised.
 */
class RewordedError extends CustodyError<AppErrorCode | CoreErrorCode> {
  readonly #text: string;
  constructor(original: CustodyError, text: string) {
    super(original.code as AppErrorCode, original.message, { cause: original, exitCode: original.exitCode });
    this.#text = text;
  }
  override describe(): string {
    return this.#text;
  }
}
