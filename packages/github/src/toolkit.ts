/**
 * The runner's side of an action, as Custody's actions use it: inputs, outputs, PATH, masks, log lines, the failed
 * mark, the job summary and the OIDC token. Two implementations: `runnerToolkit` (runner.ts) speaks the runner's
 * protocol itself and is what the committed bundles run (small, nothing loaded that an action does not use);
 * `actionsCoreToolkit` (core.ts) goes through @actions/core, so that @github/local-action, which stubs @actions/core,
 * runs an action from its source. test: packages/github/src/__tests__/toolkit.test.ts holds the two to the same
 * files and lines.
 */
export interface Toolkit {
  /** INPUT_<NAME> (spaces as _, upper case), trimmed; '' when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** For this step (process.env.PATH) and every later step of the job (GITHUB_PATH). */
  addPath(dir: string): void;
  /** ::add-mask:: */
  setSecret(value: string): void;
  debug(message: string): void;
  /** A plain log line, written as is. */
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Marks the step failed (exit code 1) with an error annotation. */
  setFailed(message: string): void;
  /** Appends markdown and a line end to the job summary (GITHUB_STEP_SUMMARY, which must be set). */
  appendSummary(markdown: string): Promise<void>;
  /** An OIDC token from the runner for `audience` (needs `permissions: id-token: write`). */
  idToken(audience: string): Promise<string>;
}
