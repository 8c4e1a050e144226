/**
 * GitHub Actions runtime glue. The only package (with actions/*) that imports @actions/* (in core.ts, and only there).
 * Actions call `runAction(toolkit, async (gh) => …)`: inputs in, the shared src/commands functions, outputs out. The
 * toolkit is the runner's side (toolkit.ts): runnerToolkit in the bundles, actionsCoreToolkit from source.
 */
import { ActionError } from './api/errors.js';
import type { Toolkit } from './toolkit.js';
import { CustodyError, configureLimits, describeCause, mask, onSecret, printable, type Logger } from '@custody/core';

export interface ActionContext {
  /** A string input; '' when unset. */
  input(name: string): string;
  /** Lines of a multi-line input, trimmed, blank lines dropped. */
  inputLines(name: string): string[];
  booleanInput(name: string, fallback: boolean): boolean;
  setOutput(name: string, value: string | number): void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  summary(markdown: string): Promise<void>;
  /** Prepends a directory to PATH for this step and every later step of the job (GITHUB_PATH). */
  addPath(dir: string): void;
  /** Masks a value in every log line from now on (::add-mask::). */
  setSecret(value: string): void;
  /** An OIDC token from the runner (needs `permissions: id-token: write`). */
  idToken(audience: string): Promise<string>;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The log of an action: every line masked, on the runner's log through the toolkit. */
export function actionLogger(kit: Toolkit): Logger {
  return {
    debug: (m) => kit.debug(mask(m)),
    // info writes the line as is (warning/error/debug escape it themselves): one line, whatever it quotes.
    info: (m) => kit.info(printable(mask(m))),
    warn: (m) => kit.warning(mask(m)),
    error: (m) => kit.error(mask(m)),
  };
}

/** The ActionContext an action body gets, over the runner's side `kit`. */
export function createActionContext(kit: Toolkit): ActionContext {
  onSecret((v) => kit.setSecret(v));
  return {
    input: (name) => kit.getInput(name),
    inputLines: (name) =>
      kit
        .getInput(name)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    booleanInput: (name, fallback) => {
      const raw = kit.getInput(name).trim().toLowerCase();
      if (raw === '') return fallback;
      if (['true', 'yes', '1'].includes(raw)) return true;
      if (['false', 'no', '0'].includes(raw)) return false;
      throw new ActionError('ACTION_INPUT_INVALID', `input "${name}" is "${raw}", not true or false.`, {
        hint: `Set ${name}: true or ${name}: false in the workflow step.`,
      });
    },
    setOutput: (name, value) => kit.setOutput(name, String(value)),
    summary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await kit.appendSummary(markdown);
    },
    addPath: (dir) => kit.addPath(dir),
    setSecret: (value) => kit.setSecret(value),
    idToken: (audience) => kit.idToken(audience),
    logger: actionLogger(kit),
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** Runs an action body; a failure marks the step failed with Custody's one-paragraph message, never a stack. */
export async function runAction(kit: Toolkit, body: (gh: ActionContext) => Promise<void>): Promise<void> {
  try {
    configureLimits(process.env);
    await body(createActionContext(kit));
  } catch (err) {
    if (err instanceof CustodyError) kit.setFailed(mask(err.describe()));
    else kit.setFailed(`internal error: ${mask(describeCause(err))}. This is a bug in Custody; please report it.`);
  }
}

/** A markdown table for job summaries; cells are escaped. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return `${[
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')}\n`;
}
export { tokenProvider } from './inputs.js';
export type { Toolkit } from './toolkit.js';
export { runnerToolkit } from './runner.js';
export { actionsCoreToolkit } from './core.js';
export { ActionError, GITHUB_ERROR_CODES, type GitHubErrorCode } from './api/errors.js';
