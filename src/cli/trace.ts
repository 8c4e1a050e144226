/**
 * `custody trace`: the CLI face of src/commands/trace.ts. One TARGET: its chain of custody, rendered as a tree, JSON,
 * DOT or HTML (src/commands/trace-format.ts). `--contains PURL TARGETS...`: which targets contain the package.
 */
import { EXIT_FAILED, UsageError } from '@custody/core';
import { parseTraceFormat, traceVerb, traceVerifyOptions } from '../verbs/trace.js';
import { writeResult } from './output.js';
import { flagReader, type CommandSpec } from './spec.js';

export const traceCommand: CommandSpec = {
  name: 'trace',
  summary: 'The chain of custody of an artifact or image (signer, builder, source, run, materials, SBOM, VSAs); --contains PURL.',
  usage: [
    'custody trace TARGET (--repo ORG/REPO | --certificate-identity ID --certificate-oidc-issuer URL | --key PUB.pem) [--bundle FILE]...',
    'custody trace TARGET ... [--format tree|json|dot|html] [--output FILE]',
    'custody trace --contains PURL TARGET... ...    (which targets contain the package, from their verified SBOMs)',
  ],
  description: [
    'TARGET is a file, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]. Every attestation is',
    'found and verified as custody verify TARGET does: --bundle files, the registry (referrers API, referrers tag,',
    "per-attestation tags, cosign's legacy .att tags) and GitHub's attestations API with --repo/--owner and a token,",
    'with the same identity, key, trust and policy flags. An image index is resolved once and each platform traced',
    'by its digest.',
    '',
    'The chain: artifact -> signer (certificate identity, OIDC issuer and the Sigstore instance trusted, or the key)',
    '-> builder (runDetails.builder.id) -> source repository at its commit (resolvedDependencies, externalParameters)',
    '-> workflow run (invocationId, start and end) -> materials; and the SBOMs (components per ecosystem, from purl',
    'types) and VSAs each signer attests. Only attestations that verified contribute facts; the others are listed',
    'as UNVERIFIED with the reason (and the predicate type they claim), never mixed into the chain.',
    '',
    '--contains pkg:TYPE/[NAMESPACE/]NAME[@RANGE] reads the verified SBOM attestations of each TARGET and says yes, no',
    'or unknown (no verified SBOM), with the dependency path where the SBOM has edges. RANGE: comparators <, <=, >,',
    '>=, = (or a bare version), ^V and ~V, joined by spaces (and) and || (or): pkg:npm/lodash@<4.17.21.',
    '',
    'Exit 0: traced, and every subject passed its verify gate (--contains: at least one target contains the',
    'package). Exit 1: a subject failed its gate (--contains: none contains it). Exit 2: cannot run (bad flags or',
    'PURL, unreadable target or bundle, a limit hit).',
  ].join('\n'),
  options: traceVerb.options,
  positionals: { names: 'TARGET', min: 1, max: 1000 },
  examples: [
    ['custody trace oci://ghcr.io/octo-org/app:v1 --repo octo-org/app', 'the chain of an image, per platform'],
    ['custody trace dist/app.tgz --bundle app.sigstore.json --key cosign.pub --format html --output trace.html', 'a page to share'],
    ['custody trace oci://registry.example/app@sha256:… --key cosign.pub --format dot | dot -Tsvg > trace.svg', 'Graphviz'],
    [
      "custody trace --contains 'pkg:npm/lodash@<4.17.21' oci://reg/app:v1 oci://reg/api:v1 --repo octo-org/app",
      'which images ship a vulnerable lodash',
    ],
  ],
  async run({ values, positionals, io, settings }) {
    const [{ trace, traceContains }, formats] = await Promise.all([import('../commands/trace.js'), import('../commands/trace-format.js')]);
    const r = flagReader(values);
    const contains = r.str('contains');
    const format = parseTraceFormat(r, contains !== undefined);
    const verify = traceVerifyOptions(r, settings, io.logger);
    const common = { verify, cwd: io.cwd, env: io.env, logger: io.logger };
    for (const f of verify.insecure ? Object.entries(verify.insecure).filter(([, v]) => v) : [])
      io.logger.warn(`verification was weakened by --insecure-${f[0] === 'ignoreTlog' ? 'ignore-tlog' : 'ignore-sct'}`);
    if (contains !== undefined) {
      const result = await traceContains({ ...common, query: contains, targets: positionals });
      const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formats.formatContainsTable(result);
      const written = await writeResult(io, text, r.str('output'));
      if (written) io.logger.info(`custody trace: wrote the ${format} answer to ${written}`);
      return result.summary.yes > 0 ? 0 : EXIT_FAILED;
    }
    if (positionals.length !== 1) {
      throw new UsageError(`custody trace takes one TARGET (${positionals.length} given).`, {
        hint: 'Trace one target at a time, or ask which of several contain a package with --contains PURL.',
      });
    }
    const result = await trace({ ...common, target: positionals[0]! });
    const text =
      format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : format === 'dot'
          ? formats.formatTraceDot(result)
          : format === 'html'
            ? formats.formatTraceHtml(result)
            : formats.formatTraceTree(result);
    const written = await writeResult(io, text, r.str('output'));
    if (written) io.logger.info(`custody trace: wrote the ${format} trace to ${written}`);
    return result.passed ? 0 : EXIT_FAILED;
  },
};
