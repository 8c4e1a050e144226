/** actions/attest: inputs -> the same attest() the CLI runs -> the bundle file, an output and a job summary. */
import { githubStoreInputs, markdownTable, runAction, signingInputs, subjectSpecs } from '@custody/github';
import { attest } from '../../../src/commands/attest.js';

void runAction(async (gh) => {
  const opt = (name: string) => gh.input(name).trim() || undefined;
  const r = await attest({
    subjects: subjectSpecs(gh),
    subjectChecksums: opt('subject-checksums'),
    sbomFile: opt('sbom-path'),
    predicateType: opt('predicate-type'),
    predicateJson: opt('predicate'),
    predicateFile: opt('predicate-path'),
    ...signingInputs(gh),
    ...githubStoreInputs(gh),
    bundleFile: opt('bundle-file'),
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
  if (!gh.booleanInput('show-summary', true)) return;
  const rows: Array<Array<string | number>> = [['Predicate type', `\`${r.predicateType}\``]];
  if (r.identity) rows.push(['Identity', `${r.identity.san}`], ['Issuer', r.identity.issuer]);
  if (r.keyId) rows.push(['Key id', `\`${r.keyId}\``]);
  for (const e of r.tlogEntries) rows.push(['Transparency log', `${e.url} entry ${e.logIndex}`]);
  if (r.timestamps) rows.push(['Timestamps', `${r.timestamps} (RFC 3161)`]);
  if (r.github?.url) rows.push(['GitHub attestation', r.github.url]);
  else if (r.github?.skipped) rows.push(['GitHub attestation', `not stored: ${r.github.skipped}`]);
  rows.push(['Instance', r.instance.reason ? `${r.instance.name}: ${r.instance.reason}` : r.instance.name], ['Bundle', `\`${r.bundlePath}\``]);
  const subjects = markdownTable(
    ['Subject', 'Digest'],
    r.subjects.map((s) => [s.name, Object.entries(s.digest).map(([a, h]) => `\`${a}:${h}\``).join(' ')]),
  );
  await gh.summary(`## Attestation\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
});
