/** actions/verify: inputs -> the same verifyArtifact() the CLI runs -> report file, outputs, job summary, job result. */
import { join, resolve } from 'node:path';
import { CustodyError } from '@custody/core';
import { runAction } from '@custody/github';
import { failedChecks, formatMarkdown } from '@custody/verify';
import { writeFileAtomic } from '../../../src/io/files.js';
import { verifyArtifact } from '../../../src/commands/verify.js';

void runAction(async (gh) => {
  const opt = (name: string) => gh.input(name).trim() || undefined;
  const targets = [opt('subject-path'), opt('subject-digest'), opt('image')].filter((t): t is string => t !== undefined);
  if (targets.length !== 1) {
    throw new CustodyError('ACTION_INPUT_INVALID', `give exactly one of subject-path, subject-digest or image (${targets.length} given).`, {
      hint: 'e.g. subject-path: dist/app.tgz, or image: oci://ghcr.io/acme/app@sha256:…',
    });
  }
  const image = opt('image');
  const target = image && !image.startsWith('oci://') && !image.startsWith('oci-layout:') ? `oci://${image}` : targets[0]!;
  const result = await verifyArtifact({
    target,
    bundles: gh.inputLines('bundle-path'),
    keys: gh.inputLines('key'),
    identity: {
      ...(opt('certificate-identity') ? { san: opt('certificate-identity')! } : {}),
      ...(opt('certificate-identity-regexp') ? { sanRegexp: opt('certificate-identity-regexp')! } : {}),
      ...(opt('certificate-oidc-issuer') ? { issuer: opt('certificate-oidc-issuer')! } : {}),
      ...(opt('owner') ? { owner: opt('owner')! } : {}),
      ...(opt('repo') ? { repo: opt('repo')! } : {}),
      ...(opt('signer-workflow') ? { signerWorkflow: opt('signer-workflow')! } : {}),
      ...(opt('signer-repo') ? { signerRepo: opt('signer-repo')! } : {}),
      ...(opt('source-ref') ? { sourceRef: opt('source-ref')! } : {}),
      ...(opt('source-digest') ? { sourceDigest: opt('source-digest')! } : {}),
      ...(gh.booleanInput('deny-self-hosted-runners', false) ? { denySelfHostedRunners: true } : {}),
      ...(gh.env.GITHUB_SERVER_URL ? { hostname: new URL(gh.env.GITHUB_SERVER_URL).host } : {}),
    },
    predicateTypes: gh.inputLines('predicate-type'),
    ...(gh.booleanInput('require-digest', false) ? { requireDigest: true } : {}),
    ...(opt('trusted-root') ? { trustedRoot: opt('trusted-root')! } : {}),
    ...(opt('policy') ? { policy: opt('policy')! } : {}),
    ...(opt('vsa-path') ? { vsa: opt('vsa-path')! } : {}),
    cwd: gh.cwd,
    env: gh.env,
    logger: gh.logger,
  });
  const report = result.report;
  const reportPath = resolve(gh.cwd, opt('report-path') ?? join(gh.env.RUNNER_TEMP ?? gh.cwd, 'custody-verify-report.json'));
  await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  gh.setOutput('report-path', reportPath);
  gh.setOutput('passed', String(report.passed));
  if (result.vsaPath) gh.setOutput('vsa-path', result.vsaPath);
  await gh.summary(formatMarkdown(report));
  for (const f of report.insecure) gh.logger.warn(`verification was weakened by ${f}`);
  const failed = failedChecks(report);
  if (!report.passed) {
    const list = failed.slice(0, 5).map((c) => `${c.id}${c.source ? ` (${c.source})` : ''}: ${c.reason}`).join('; ');
    throw new CustodyError('VERIFY_FAILED', `verification of ${report.target.name} failed: ${failed.length} check(s) failed: ${list}${failed.length > 5 ? '; …' : ''}.`, {
      hint: `The job summary and ${reportPath} list every check.`,
      exitCode: 1,
    });
  }
  if (report.target.resolved) gh.logger.info(`custody verify: ${report.target.resolved.reference} resolved to ${report.target.resolved.digest}`);
  gh.logger.info(
    `custody verify: ${report.target.name} passed (${report.attestations.length - report.ignored.length} attestation(s) used, ${report.ignored.length} ignored); report ${reportPath}`,
  );
});
