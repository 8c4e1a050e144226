/** actions/attest: inputs -> the same attest() the CLI runs -> the bundle file, an output and a job summary. */
import { CustodyError, describeCause } from '@custody/core';
import { markdownTable, runAction, type ActionContext } from '@custody/github';
import { attest } from '../../../src/commands/attest.js';

function subjectSpecs(gh: ActionContext): string[] {
  const specs = [...gh.inputLines('subject-path')];
  const name = gh.input('subject-name').trim();
  const digest = gh.input('subject-digest').trim();
  if (name || digest) {
    if (!name || !digest) {
      throw new CustodyError('ACTION_INPUT_INVALID', 'subject-name and subject-digest go together; only one is set.', {
        hint: 'Set both: subject-name: ghcr.io/acme/app and subject-digest: sha256:<hex>.',
      });
    }
    specs.push(`${name}@${digest}`);
  }
  return specs;
}

/** The runner's OIDC token (core.getIDToken), only when the job may request one. */
function tokenProvider(gh: ActionContext): () => Promise<string | undefined> {
  return async () => {
    if (!gh.env.ACTIONS_ID_TOKEN_REQUEST_URL || !gh.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
    try {
      const token = await gh.idToken('sigstore');
      gh.setSecret(token);
      return token;
    } catch (err) {
      throw new CustodyError('OIDC_TOKEN_REQUEST_FAILED', `the runner did not give an OIDC token: ${describeCause(err)}.`, {
        hint: 'Give the job `permissions: id-token: write`, or sign with the key input.',
        cause: err,
      });
    }
  };
}

void runAction(async (gh) => {
  const keyInput = gh.input('key').trim();
  const keyPassword = gh.input('key-password');
  if (keyPassword) gh.setSecret(keyPassword);
  if (keyInput.startsWith('-----BEGIN')) gh.setSecret(keyInput);
  const opt = (name: string) => gh.input(name).trim() || undefined;
  const r = await attest({
    subjects: subjectSpecs(gh),
    subjectChecksums: opt('subject-checksums'),
    sbomFile: opt('sbom-path'),
    predicateType: opt('predicate-type'),
    predicateJson: opt('predicate'),
    predicateFile: opt('predicate-path'),
    ...(keyInput ? (keyInput.startsWith('-----BEGIN') ? { keyPem: keyInput } : { keyFile: keyInput }) : {}),
    keyPassphrase: keyPassword || undefined,
    tokenProvider: tokenProvider(gh),
    instance: opt('instance'),
    signingConfigFile: opt('signing-config'),
    fulcioUrl: opt('fulcio-url'),
    rekorUrl: opt('rekor-url'),
    tsaUrl: opt('tsa-url'),
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
  rows.push(['Instance', r.instance.name], ['Bundle', `\`${r.bundlePath}\``]);
  const subjects = markdownTable(
    ['Subject', 'Digest'],
    r.subjects.map((s) => [s.name, Object.entries(s.digest).map(([a, h]) => `\`${a}:${h}\``).join(' ')]),
  );
  await gh.summary(`## Attestation\n\n${markdownTable(['', ''], rows)}\n${subjects}`);
});
