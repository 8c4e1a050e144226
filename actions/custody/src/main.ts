/**
 * The one-step action (action.yml at the repository root): SBOM + build capture + SLSA provenance + signing of
 * both + storage next to the image, through the same attestBuild() the pieces compose. Its inputs are custody
 * attest's and custody sbom's options (declared with their flags) and a few of its own. index.ts (the bundle's
 * entry) calls run(); @github/local-action imports it.
 */
import { resolve } from 'node:path';
import { actionsCoreToolkit, markdownTable } from '@custody/github';
import { attestOptions, attestVerb } from '../../../src/verbs/attest.js';
import { sbomOptions, sbomVerb } from '../../../src/verbs/sbom.js';
import { attestBuild } from '../../../src/commands/chain.js';
import { actionInput, runActionDefinition, specInputs, type ActionDefinition } from '../../../src/actions-runtime/index.js';
import {
  actionSigning,
  keyPasswordInput,
  subjectDigestInput,
  subjectNameInput,
  subjectSpecs,
} from '../../../src/actions-runtime/attest-inputs.js';
import { githubStoreOptions, githubTokenInput, storeGithubInput } from '../../../src/actions-runtime/github-inputs.js';

export const action: ActionDefinition = {
  inputs: [
    ...specInputs(attestVerb, ['subject']),
    subjectNameInput,
    subjectDigestInput,
    ...specInputs(attestVerb, ['subject-checksums']),
    actionInput(
      'image',
      'An image to attest and store the attestations next to: REGISTRY/REPO@sha256:HEX (a tag is resolved to its digest once, at the start), or oci-layout:DIR[@DIGEST].',
    ),
    actionInput('push', 'Store the attestations next to the image (when image is set).', { type: 'boolean', default: 'true' }),
    actionInput('sbom-path', 'The directory (or lockfile) the SBOM is made from.', { default: '.' }),
    ...specInputs(sbomVerb, ['format', 'exclude'], { format: 'sbom-format', exclude: 'sbom-exclude' }),
    actionInput(
      'capture-path',
      'A capture document from actions/capture or `custody run`; without one the build is captured in this step.',
    ),
    ...specInputs(attestVerb, ['allow-failed-build', 'allow-unrecorded-subject', 'key']),
    keyPasswordInput,
    ...specInputs(attestVerb, ['instance', 'signing-config', 'fulcio-url', 'rekor-url', 'tsa-url']),
    actionInput('output-dir', 'Where the SBOM and the bundles are written. Default RUNNER_TEMP.'),
    actionInput('show-summary', 'Write what was attested, signed and stored to the job summary.', { type: 'boolean', default: 'true' }),
    storeGithubInput(
      "Upload both bundles to GitHub's attestations API. auto (default): when the job has `permissions: attestations: write` (without it the upload is refused and the step warns); true: a failed upload fails the step; false: never.",
    ),
    githubTokenInput('The token for the attestations API (needs attestations write).'),
  ],
  outputs: {
    'sbom-path': 'The SBOM file.',
    'component-count': 'Components in the SBOM.',
    'provenance-bundle-path': 'The signed SLSA provenance (Sigstore bundle).',
    'sbom-bundle-path': 'The signed SBOM attestation (Sigstore bundle).',
    'bundle-paths': 'Both bundle paths, one per line.',
    'image-digest': 'The digest the image input resolved to.',
    'attestation-id': 'The id GitHub gave the provenance attestation (when stored with GitHub).',
    'attestation-url': "The provenance attestation's page on GitHub (when stored with GitHub).",
    'sbom-attestation-id': 'The id GitHub gave the SBOM attestation (when stored with GitHub).',
    'sbom-attestation-url': "The SBOM attestation's page on GitHub (when stored with GitHub).",
  },
  async run(ctx) {
    const { gh } = ctx;
    const attest = actionSigning(ctx, attestOptions(ctx.options(attestVerb), ctx.settings, gh.logger));
    const sbom = await sbomOptions(ctx.options(sbomVerb));
    const r = await attestBuild({
      subjects: subjectSpecs(ctx),
      subjectChecksums: attest.subjectChecksums,
      image: ctx.input('image'),
      push: ctx.bool('push'),
      sbomTarget: ctx.input('sbom-path') ?? '.',
      sbomFormat: sbom.format,
      sbomExclude: sbom.exclude ?? [],
      captureFile: ctx.input('capture-path'),
      allowFailedBuild: attest.allowFailedBuild,
      allowUnrecordedSubject: attest.allowUnrecordedSubject,
      signing: {
        keyFile: attest.keyFile,
        keyPem: attest.keyPem,
        keyPassphrase: attest.keyPassphrase,
        tokenProvider: attest.tokenProvider,
        instance: attest.instance,
        signingConfigFile: attest.signingConfigFile,
        fulcioUrl: attest.fulcioUrl,
        rekorUrl: attest.rekorUrl,
        tsaUrl: attest.tsaUrl,
        retry: attest.retry,
        presetSigningConfigs: attest.presetSigningConfigs,
      },
      githubStore: githubStoreOptions(ctx),
      // Relative to the workspace, as every other path input (the runner's cwd is the workspace; local-action's is not).
      outDir: resolve(gh.cwd, ctx.input('output-dir') ?? gh.env.RUNNER_TEMP ?? gh.cwd),
      cwd: gh.cwd,
      env: gh.env,
      logger: gh.logger,
    });
    gh.setOutput('sbom-path', r.sbomPath);
    gh.setOutput('component-count', r.sbomComponents);
    gh.setOutput('provenance-bundle-path', r.provenance.bundlePath);
    gh.setOutput('sbom-bundle-path', r.sbom.bundlePath);
    gh.setOutput('bundle-paths', [r.provenance.bundlePath, r.sbom.bundlePath].join('\n'));
    if (r.image) gh.setOutput('image-digest', r.image.digest);
    // The provenance's attestation as attestation-id/-url (as actions/attest-build-provenance); the SBOM's beside it.
    if (r.provenance.github?.id) {
      gh.setOutput('attestation-id', r.provenance.github.id);
      gh.setOutput('attestation-url', r.provenance.github.url!);
    }
    if (r.sbom.github?.id) {
      gh.setOutput('sbom-attestation-id', r.sbom.github.id);
      gh.setOutput('sbom-attestation-url', r.sbom.github.url!);
    }
    if (!ctx.bool('show-summary')) return;
    const signer = r.provenance.identity
      ? `${r.provenance.identity.san} (${r.provenance.identity.issuer})`
      : `key ${r.provenance.keyId ?? ''}`;
    const rows: Array<Array<string | number>> = [
      ['SBOM', `\`${r.sbomPath}\` (${r.sbomComponents} components)`],
      ['Provenance', `\`${r.provenance.bundlePath}\``],
      ['SBOM attestation', `\`${r.sbom.bundlePath}\``],
      ['Signer', signer],
    ];
    const instance = r.provenance.instance;
    rows.push(['Sigstore instance', instance.reason ? `${instance.name}: ${instance.reason}` : instance.name]);
    for (const e of r.provenance.tlogEntries) rows.push(['Transparency log', `${e.url} entry ${e.logIndex}`]);
    if (r.provenance.timestamps) rows.push(['Timestamps', `${r.provenance.timestamps} (RFC 3161)`]);
    if (r.image) rows.push(['Image', `${r.image.reference} → \`${r.image.digest}\``]);
    for (const a of [r.provenance, r.sbom]) if (a.github?.url) rows.push(['GitHub attestation', a.github.url]);
    if (r.provenance.github?.skipped) rows.push(['GitHub attestations', `not stored: ${r.provenance.github.skipped}`]);
    for (const p of r.pushed) for (const a of p.attestations) rows.push(['Stored', `${p.image} as \`${a.manifestDigest}\``]);
    const subjects = markdownTable(
      ['Subject', 'Digest'],
      r.provenance.subjects.map((s) => [
        s.name,
        Object.entries(s.digest)
          .map(([a, h]) => `\`${a}:${h}\``)
          .join(' '),
      ]),
    );
    await gh.summary(`## Custody: SBOM, provenance and signatures\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
  },
};

/** Runs the action through @actions/core, for @github/local-action (the bundle starts it from index.ts instead). */
export function run(): Promise<void> {
  return runActionDefinition(action, actionsCoreToolkit);
}
