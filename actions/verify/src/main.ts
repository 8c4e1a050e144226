/**
 * actions/verify: its inputs are custody verify's options (declared with their flags in src/verbs/verify.ts) and the
 * target (subject-path, subject-digest or image) and report path; run() maps them through the same
 * verifyOptions() the CLI uses to verifyArtifact(), then the report to a file, outputs, the job summary and the
 * step's result. index.ts (the bundle's entry) starts it; @github/local-action calls run().
 */
import { join, resolve } from 'node:path';
import { ActionError, actionsCoreToolkit } from '@custody/github';
import { AppError } from '../../../src/errors.js';
import { failedChecks, formatMarkdown } from '@custody/verify';
import { verifyOptions, verifyVerb } from '../../../src/verbs/verify.js';
import { writeFileAtomic } from '../../../src/io/files.js';
import { verifyArtifact } from '../../../src/commands/verify.js';
import { actionInput, runActionDefinition, specInputs, type ActionDefinition, type ActionRun } from '../../../src/actions-runtime/index.js';
import { GITHUB_TOKEN_SOURCE, githubToken, githubTokenInput, registryToken } from '../../../src/actions-runtime/github-inputs.js';

export const action: ActionDefinition = {
  inputs: [
    actionInput('subject-path', 'The file to verify (relative to the workspace). One of subject-path, subject-digest or image.'),
    actionInput('subject-digest', 'The digest to verify, as sha256:HEX.'),
    actionInput(
      'image',
      'An image, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]; its attestations are read from the registry or layout.',
    ),
    ...specInputs(verifyVerb, ['bundle']),
    githubTokenInput(
      "The token for reading GitHub's attestations API (attestations: read or contents: read) and, for an image there, GitHub's container registry (ghcr.io on github.com, containers.HOST on GHES and GHE.com; packages: read for a private image).",
    ),
    ...specInputs(verifyVerb, [
      'policy',
      'predicate-type',
      'certificate-identity',
      'certificate-identity-regexp',
      'certificate-oidc-issuer',
      'certificate-oidc-issuer-regexp',
      'owner',
      'repo',
      'signer-workflow',
      'signer-repo',
      'source-ref',
      'source-digest',
      'deny-self-hosted-runners',
      'hostname',
      'key',
      'require-digest',
      'trusted-root',
    ]),
    actionInput('report-path', 'Where to write the JSON report (docs/verify-report.md). Default: RUNNER_TEMP/custody-verify-report.json.'),
    ...specInputs(verifyVerb, ['vsa']),
  ],
  outputs: {
    'report-path': 'Path of the JSON report.',
    passed: "'true' when every check passed.",
    'vsa-path': 'Path of the VSA, when vsa-path was given.',
  },
  async run(ctx) {
    const { gh } = ctx;
    const options = verifyOptions(ctx.options(verifyVerb), ctx.settings, gh.logger);
    // No bundle-path and a repository or organization: GitHub's attestations API too, with the github-token input first.
    const token = githubToken(ctx);
    if (options.github && token) options.github = { ...options.github, token, tokenSource: GITHUB_TOKEN_SOURCE };
    const registry = registryToken(ctx);
    const result = await verifyArtifact({
      ...options,
      ...(registry ? { registryToken: registry } : {}),
      target: target(ctx),
      cwd: gh.cwd,
      env: gh.env,
      logger: gh.logger,
    });
    const report = result.report;
    const reportPath = resolve(gh.cwd, ctx.input('report-path') ?? join(gh.env.RUNNER_TEMP ?? gh.cwd, 'custody-verify-report.json'));
    await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    gh.setOutput('report-path', reportPath);
    gh.setOutput('passed', String(report.passed));
    if (result.vsaPath) gh.setOutput('vsa-path', result.vsaPath);
    await gh.summary(formatMarkdown(report));
    for (const f of report.insecure) gh.logger.warn(`verification was weakened by ${f}`);
    const failed = failedChecks(report);
    if (!report.passed) {
      const list = failed
        .slice(0, 5)
        .map((c) => `${c.id}${c.source ? ` (${c.source})` : ''}: ${c.reason}`)
        .join('; ');
      throw new AppError(
        'VERIFY_FAILED',
        `verification of ${report.target.name} failed: ${failed.length} check(s) failed: ${list}${failed.length > 5 ? '; …' : ''}.`,
        {
          hint: `The job summary and ${reportPath} list every check.`,
          exitCode: 1,
        },
      );
    }
    if (report.target.resolved)
      gh.logger.info(`custody verify: ${report.target.resolved.reference} resolved to ${report.target.resolved.digest}`);
    gh.logger.info(
      `custody verify: ${report.target.name} passed (${report.attestations.length - report.ignored.length} attestation(s) used, ${report.ignored.length} ignored); report ${reportPath}`,
    );
  },
};

/** custody verify's TARGET from exactly one of subject-path, subject-digest or image (a bare image gets oci://). */
function target(ctx: ActionRun): string {
  const path = ctx.input('subject-path');
  const digest = ctx.input('subject-digest');
  const image = ctx.input('image');
  const given = [path, digest, image].filter((t): t is string => t !== undefined);
  if (given.length !== 1) {
    throw new ActionError('ACTION_INPUT_INVALID', `give exactly one of subject-path, subject-digest or image (${given.length} given).`, {
      hint: 'e.g. subject-path: dist/app.tgz, or image: oci://ghcr.io/acme/app@sha256:…',
    });
  }
  return image && !image.startsWith('oci://') && !image.startsWith('oci-layout:') ? `oci://${image}` : given[0]!;
}

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
