/**
 * actions/attest: its inputs are custody attest's options (declared with their flags in src/verbs/attest.ts) and a
 * few of its own; run() maps them through the same attestOptions() the CLI uses to attest(), then the bundle file
 * to an output and a job summary. It covers actions/attest-build-provenance (provenance, push-to-registry) and
 * actions/attest-sbom (sbom-path), with their input and output names. index.ts (the bundle's entry) starts it;
 * @github/local-action calls run().
 */
import { actionsCoreToolkit, markdownTable } from '@custody/github';
import { attestOptions, attestVerb } from '../../../src/verbs/attest.js';
import { attest } from '../../../src/commands/attest.js';
import { actionInput, runActionDefinition, specInputs, type ActionDefinition } from '../../../src/actions-runtime/index.js';
import {
  actionSigning,
  keyPasswordInput,
  subjectDigestInput,
  subjectNameInput,
  subjectSpecs,
} from '../../../src/actions-runtime/attest-inputs.js';
import { githubStoreOptions, githubTokenInput, registryToken, storeGithubInput } from '../../../src/actions-runtime/github-inputs.js';

export const action: ActionDefinition = {
  inputs: [
    ...specInputs(attestVerb, ['subject']),
    subjectNameInput,
    subjectDigestInput,
    ...specInputs(attestVerb, ['subject-checksums', 'provenance', 'capture', 'allow-failed-build', 'allow-unrecorded-subject']),
    ...specInputs(attestVerb, ['sbom', 'vuln', 'vuln-predicate', 'vex', 'predicate-type']),
    actionInput('predicate', 'A custom predicate as inline JSON.'),
    ...specInputs(attestVerb, ['predicate', 'key']),
    keyPasswordInput,
    ...specInputs(attestVerb, ['instance', 'signing-config', 'fulcio-url', 'rekor-url', 'tsa-url', 'bundle', 'push']),
    actionInput('show-summary', 'Write subjects, predicate type, identity and log entry to the job summary.', {
      type: 'boolean',
      default: 'true',
    }),
    storeGithubInput(
      "Upload the bundle to GitHub's attestations API (the repository's attestations page, gh attestation verify, custody verify --repo), as GitHub's attest actions do. auto (default): when the job has `permissions: attestations: write`; without it the upload is refused and the step warns. true: a failed upload fails the step. false: never.",
    ),
    githubTokenInput(
      "The token for GitHub's attestations API (attestations: write) and, with push-to-registry, for GitHub's container registry (ghcr.io on github.com, containers.HOST on GHES and GHE.com; packages: write). Another registry takes a docker login or CUSTODY_REGISTRY_USERNAME / CUSTODY_REGISTRY_PASSWORD.",
    ),
  ],
  outputs: {
    'bundle-path': 'Absolute path of the Sigstore bundle written.',
    'attestation-id': 'The id GitHub gave the attestation (when it was stored with GitHub).',
    'attestation-url': "The attestation's page, https://github.com/OWNER/REPO/attestations/ID (when it was stored with GitHub).",
  },
  async run(ctx) {
    const { gh } = ctx;
    const options = attestOptions(ctx.options(attestVerb), ctx.settings, gh.logger);
    const token = registryToken(ctx);
    const r = await attest({
      ...actionSigning(ctx, options),
      ...githubStoreOptions(ctx),
      subjects: subjectSpecs(ctx, options.push ? { input: 'push-to-registry' } : undefined),
      ...(token ? { registryToken: token } : {}),
      predicateJson: ctx.input('predicate'),
      bundleDir: gh.env.RUNNER_TEMP || gh.cwd,
      cwd: gh.cwd,
      env: gh.env,
      logger: gh.logger,
    });
    gh.setOutput('bundle-path', r.bundlePath);
    if (r.github?.id) {
      gh.setOutput('attestation-id', r.github.id);
      gh.setOutput('attestation-url', r.github.url!);
    }
    gh.logger.info(`wrote ${r.bundlePath} (${r.subjects.length} subjects, ${r.predicateType})`);
    if (!ctx.bool('show-summary')) return;
    const rows: Array<Array<string | number>> = [['Predicate type', `\`${r.predicateType}\``]];
    if (r.identity) rows.push(['Identity', `${r.identity.san}`], ['Issuer', r.identity.issuer]);
    if (r.keyId) rows.push(['Key id', `\`${r.keyId}\``]);
    for (const e of r.tlogEntries) rows.push(['Transparency log', `${e.url} entry ${e.logIndex}`]);
    if (r.timestamps) rows.push(['Timestamps', `${r.timestamps} (RFC 3161)`]);
    for (const p of r.pushed) for (const a of p.attestations) rows.push(['Stored', `${p.image} as \`${a.manifestDigest}\``]);
    if (r.github?.url) rows.push(['GitHub attestation', r.github.url]);
    else if (r.github?.skipped) rows.push(['GitHub attestation', `not stored: ${r.github.skipped}`]);
    rows.push(
      ['Instance', r.instance.reason ? `${r.instance.name}: ${r.instance.reason}` : r.instance.name],
      ['Bundle', `\`${r.bundlePath}\``],
    );
    const subjects = markdownTable(
      ['Subject', 'Digest'],
      r.subjects.map((s) => [
        s.name,
        Object.entries(s.digest)
          .map(([a, h]) => `\`${a}:${h}\``)
          .join(' '),
      ]),
    );
    await gh.summary(`## Attestation\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
  },
};

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
