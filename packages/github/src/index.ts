/**
 * GitHub Actions runtime glue. The only package (with actions/*) that imports @actions/*.
 * Actions call `runAction(async (gh) => …)`: inputs in, the shared src/commands functions, outputs out.
 */
import * as core from '@actions/core';
import { ActionError } from './api/errors.js';
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

export const actionLogger: Logger = {
  debug: (m) => core.debug(mask(m)),
  // core.info writes the line as is (warning/error/debug escape it themselves): one line, whatever it quotes.
  info: (m) => core.info(printable(mask(m))),
  warn: (m) => core.warning(mask(m)),
  error: (m) => core.error(mask(m)),
};

export function createActionContext(): ActionContext {
  onSecret((v) => core.setSecret(v));
  return {
    input: (name) => core.getInput(name),
    inputLines: (name) =>
      core
        .getInput(name)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    booleanInput: (name, fallback) => {
      const raw = core.getInput(name).trim().toLowerCase();
      if (raw === '') return fallback;
      if (['true', 'yes', '1'].includes(raw)) return true;
      if (['false', 'no', '0'].includes(raw)) return false;
      throw new ActionError('ACTION_INPUT_INVALID', `input "${name}" is "${raw}", not true or false.`, {
        hint: `Set ${name}: true or ${name}: false in the workflow step.`,
      });
    },
    setOutput: (name, value) => core.setOutput(name, String(value)),
    summary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    addPath: (dir) => core.addPath(dir),
    setSecret: (value) => core.setSecret(value),
    idToken: (audience) => core.getIDToken(audience),
    logger: actionLogger,
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** Runs an action body; a failure marks the step failed with Custody's one-paragraph message, never a stack. */
export async function runAction(body: (gh: ActionContext) => Promise<void>): Promise<void> {
  try {
    configureLimits(process.env);
    await body(createActionContext());
  } catch (err) {
    if (err instanceof CustodyError) core.setFailed(mask(err.describe()));
    else core.setFailed(`internal error: ${mask(describeCause(err))}. This is a bug in Custody; please report it.`);
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
export { ActionError, GITHUB_ERROR_CODES, type GitHubErrorCode } from './api/errors.js';
