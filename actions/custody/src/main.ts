/**
 * The one-step action (action.yml at the repository root): SBOM + build capture + SLSA provenance + signing of
 * both + storage next to the image, through the same attestBuild() the pieces compose.
 */
import { githubStoreInputs, markdownTable, runAction, signingInputs, subjectSpecs } from '@custody/github';
import { attestBuild } from '../../../src/commands/chain.js';
import { parseSbomFormat } from '../../../src/commands/sbom.js';

void runAction(async (gh) => {
  const opt = (name: string) => gh.input(name).trim() || undefined;
  const image = opt('image');
  const r = await attestBuild({
    subjects: subjectSpecs(gh),
    ...(opt('subject-checksums') ? { subjectChecksums: opt('subject-checksums')! } : {}),
    ...(image ? { image } : {}),
    push: gh.booleanInput('push', true),
    sbomTarget: opt('sbom-path') ?? '.',
    sbomFormat: parseSbomFormat(opt('sbom-format')),
    sbomExclude: gh.inputLines('sbom-exclude'),
    ...(opt('capture-path') ? { captureFile: opt('capture-path')! } : {}),
    allowFailedBuild: gh.booleanInput('allow-failed-build', false),
    allowUnrecordedSubject: gh.booleanInput('allow-unrecorded-subject', false),
    signing: signingInputs(gh),
    githubStore: githubStoreInputs(gh),
    outDir: opt('output-dir') ?? gh.env.RUNNER_TEMP ?? gh.cwd,
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
  if (!gh.booleanInput('show-summary', true)) return;
  const signer = r.provenance.identity ? `${r.provenance.identity.san} (${r.provenance.identity.issuer})` : `key ${r.provenance.keyId ?? ''}`;
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
    r.provenance.subjects.map((s) => [s.name, Object.entries(s.digest).map(([a, h]) => `\`${a}:${h}\``).join(' ')]),
  );
  await gh.summary(`## Custody: SBOM, provenance and signatures\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
});
