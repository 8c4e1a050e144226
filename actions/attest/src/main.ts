/** actions/attest: inputs -> the same attest() the CLI runs -> the bundle file, an output and a job summary. */
import { markdownTable, runAction, signingInputs, subjectSpecs } from '@custody/github';
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
    bundleFile: opt('bundle-file'),
    bundleDir: gh.env.RUNNER_TEMP || gh.cwd,
    cwd: gh.cwd,
    env: gh.env,
    logger: gh.logger,
  });
  gh.setOutput('bundle-path', r.bundlePath);
  gh.logger.info(`wrote ${r.bundlePath} (${r.subjects.length} subjects, ${r.predicateType})`);
  if (!gh.booleanInput('show-summary', true)) return;
  const rows: Array<Array<string | number>> = [['Predicate type', `\`${r.predicateType}\``]];
  if (r.identity) rows.push(['Identity', `${r.identity.san}`], ['Issuer', r.identity.issuer]);
  if (r.keyId) rows.push(['Key id', `\`${r.keyId}\``]);
  for (const e of r.tlogEntries) rows.push(['Transparency log', `${e.url} entry ${e.logIndex}`]);
  if (r.timestamps) rows.push(['Timestamps', `${r.timestamps} (RFC 3161)`]);
  rows.push(['Instance', r.instance.reason ? `${r.instance.name}: ${r.instance.reason}` : r.instance.name], ['Bundle', `\`${r.bundlePath}\``]);
  const subjects = markdownTable(
    ['Subject', 'Digest'],
    r.subjects.map((s) => [s.name, Object.entries(s.digest).map(([a, h]) => `\`${a}:${h}\``).join(' ')]),
  );
  await gh.summary(`## Attestation\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
});
