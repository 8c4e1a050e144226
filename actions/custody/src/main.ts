/**
 * The one-step action (action.yml at the repository root): SBOM + build capture + SLSA provenance + signing of
 * both + storage next to the image (given an image: the SBOM of each of its platforms, each attested about and stored
 * next to that platform's manifest), through the same attestBuild() the pieces compose. Its inputs are custody
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
import { githubStoreOptions, githubTokenInput, registryToken, storeGithubInput } from '../../../src/actions-runtime/github-inputs.js';

export const action: ActionDefinition = {
  inputs: [
    ...specInputs(attestVerb, ['subject']),
    subjectNameInput,
    subjectDigestInput,
    ...specInputs(attestVerb, ['subject-checksums']),
    actionInput(
      'image',
      "An image to attest and store the attestations next to: REGISTRY/REPO@sha256:HEX (a tag is resolved to its digest once, at the start), or oci-layout:DIR[@DIGEST]. Each of its images (every platform of a multi-platform index; buildx attestation manifests skipped) gets an SBOM of its own layers, attested about and stored next to that platform's digest; the provenance names the index and every platform and is stored next to each.",
    ),
    actionInput('push', 'Store the attestations next to the image (when image is set).', { type: 'boolean', default: 'true' }),
    actionInput(
      'sbom-path',
      'The directory (or lockfile) the project SBOM is made from. It is attested about the subjects other than the image (subject-path, subject-digest, subject-checksums) and never stored next to the image, which gets its own SBOMs; with an image as the only subject it is written but not signed. Default: the workspace, where, with an image as the only subject, a repository without any lockfile gets no project SBOM (a warning says so) instead of a failure.',
    ),
    ...specInputs(sbomVerb, ['format', 'exclude'], { format: 'sbom-format', exclude: 'sbom-exclude' }),
    ...specInputs(attestVerb, ['capture', 'allow-failed-build', 'allow-unrecorded-subject', 'key']),
    keyPasswordInput,
    ...specInputs(attestVerb, ['instance', 'signing-config', 'fulcio-url', 'rekor-url', 'tsa-url']),
    actionInput('output-dir', 'Where the SBOM and the bundles are written. Default RUNNER_TEMP.'),
    actionInput('show-summary', 'Write what was attested, signed and stored to the job summary.', { type: 'boolean', default: 'true' }),
    storeGithubInput(
      "Upload both bundles to GitHub's attestations API. auto (default): when the job has `permissions: attestations: write` (without it the upload is refused and the step warns); true: a failed upload fails the step; false: never.",
    ),
    githubTokenInput(
      "The token for GitHub's attestations API (attestations: write) and GitHub's container registry (ghcr.io on github.com, containers.HOST on GHES and GHE.com; packages: write to store the attestations next to the image). Another registry takes a docker login or CUSTODY_REGISTRY_USERNAME / CUSTODY_REGISTRY_PASSWORD.",
    ),
  ],
  outputs: {
    'sbom-path': 'The project SBOM file (made from sbom-path); empty when none was made.',
    'component-count': 'Components in the project SBOM.',
    'provenance-bundle-path': 'The signed SLSA provenance (Sigstore bundle).',
    'sbom-bundle-path':
      'The signed project SBOM attestation (Sigstore bundle); empty when the image is the only subject (its SBOMs are in image-sbom-bundle-paths).',
    'bundle-paths': 'Every bundle written, one per line: the provenance, the project SBOM (when signed), then each image SBOM.',
    'image-digest': 'The digest the image input resolved to (the index of a multi-platform image).',
    'image-sbom-paths': "The image's SBOM files, one per platform, one per line (image-sbom.linux-amd64.cdx.json).",
    'image-sbom-bundle-paths': 'The signed image SBOM attestations, in the order of image-sbom-paths.',
    'image-sboms':
      'JSON: one object per image SBOM, with platform, digest (the manifest it is about and stored next to), sbom-path, bundle-path and components.',
    'attestation-id': 'The id GitHub gave the provenance attestation (when stored with GitHub).',
    'attestation-url': "The provenance attestation's page on GitHub (when stored with GitHub).",
    'sbom-attestation-id': 'The id GitHub gave the SBOM attestation (when stored with GitHub).',
    'sbom-attestation-url': "The SBOM attestation's page on GitHub (when stored with GitHub).",
  },
  async run(ctx) {
    const { gh } = ctx;
    const attest = actionSigning(ctx, attestOptions(ctx.options(attestVerb), ctx.settings, gh.logger));
    const sbom = await sbomOptions(ctx.options(sbomVerb));
    const token = registryToken(ctx);
    const r = await attestBuild({
      subjects: subjectSpecs(ctx),
      subjectChecksums: attest.subjectChecksums,
      image: ctx.input('image'),
      push: ctx.bool('push'),
      sbomTarget: ctx.input('sbom-path'),
      sbomFormat: sbom.format,
      sbomExclude: sbom.exclude ?? [],
      captureFile: attest.captureFile,
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
      ...(token ? { registryToken: token } : {}),
      // Relative to the workspace, as every other path input (the runner's cwd is the workspace; local-action's is not).
      outDir: resolve(gh.cwd, ctx.input('output-dir') ?? gh.env.RUNNER_TEMP ?? gh.cwd),
      cwd: gh.cwd,
      env: gh.env,
      logger: gh.logger,
    });
    gh.setOutput('sbom-path', r.sbomPath ?? '');
    gh.setOutput('component-count', r.sbomComponents ?? 0);
    gh.setOutput('provenance-bundle-path', r.provenance.bundlePath);
    gh.setOutput('sbom-bundle-path', r.sbom?.bundlePath ?? '');
    const imageBundles = r.imageSboms.map((s) => s.attestation.bundlePath);
    gh.setOutput('bundle-paths', [r.provenance.bundlePath, ...(r.sbom ? [r.sbom.bundlePath] : []), ...imageBundles].join('\n'));
    if (r.image) gh.setOutput('image-digest', r.image.digest);
    gh.setOutput('image-sbom-paths', r.imageSboms.map((s) => s.sbomPath).join('\n'));
    gh.setOutput('image-sbom-bundle-paths', imageBundles.join('\n'));
    const imageSbomsJson = JSON.stringify(
      r.imageSboms.map((s) => ({
        platform: s.platform ?? null,
        digest: s.digest,
        'sbom-path': s.sbomPath,
        'bundle-path': s.attestation.bundlePath,
        components: s.components,
        ...(s.attestation.github?.url ? { 'attestation-url': s.attestation.github.url } : {}),
      })),
    );
    gh.setOutput('image-sboms', imageSbomsJson);
    // The provenance's attestation as attestation-id/-url (as actions/attest-build-provenance); the SBOM's beside it.
    if (r.provenance.github?.id) {
      gh.setOutput('attestation-id', r.provenance.github.id);
      gh.setOutput('attestation-url', r.provenance.github.url!);
    }
    if (r.sbom?.github?.id) {
      gh.setOutput('sbom-attestation-id', r.sbom.github.id);
      gh.setOutput('sbom-attestation-url', r.sbom.github.url!);
    }
    if (!ctx.bool('show-summary')) return;
    const signer = r.provenance.identity
      ? `${r.provenance.identity.san} (${r.provenance.identity.issuer})`
      : `key ${r.provenance.keyId ?? ''}`;
    const rows: Array<Array<string | number>> = [
      ...(r.sbomPath ? [['SBOM', `\`${r.sbomPath}\` (${r.sbomComponents} components)`]] : []),
      ['Provenance', `\`${r.provenance.bundlePath}\``],
      ...(r.sbom ? [['SBOM attestation', `\`${r.sbom.bundlePath}\``]] : []),
      ...r.imageSboms.map((s) => [
        `Image SBOM${s.platform ? ` (${s.platform})` : ''}`,
        `\`${s.sbomPath}\` (${s.components} components) about \`${s.digest}\`, signed in \`${s.attestation.bundlePath}\``,
      ]),
      ['Signer', signer],
    ];
    const instance = r.provenance.instance;
    rows.push(['Sigstore instance', instance.reason ? `${instance.name}: ${instance.reason}` : instance.name]);
    for (const e of r.provenance.tlogEntries) rows.push(['Transparency log', `${e.url} entry ${e.logIndex}`]);
    if (r.provenance.timestamps) rows.push(['Timestamps', `${r.provenance.timestamps} (RFC 3161)`]);
    if (r.image) rows.push(['Image', `${r.image.reference} → \`${r.image.digest}\``]);
    for (const a of [r.provenance, r.sbom, ...r.imageSboms.map((s) => s.attestation)])
      if (a?.github?.url) rows.push(['GitHub attestation', a.github.url]);
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
