/**
 * `custody coverage`: the CLI face of src/commands/coverage.ts. Reads the flags (verify's identity and policy flags
 * among them), standard input for `--images -`, prints the result in the form asked for, and gates on --min.
 */
import { checkSize, EXIT_FAILED, limits } from '@custody/core';
import { coverageOptions, coverageVerb, parseFormat, parseRatio } from '../verbs/coverage.js';
import { writeResult } from './output.js';
import { flagReader, type CliIO, type CommandSpec } from './spec.js';

/** Standard input, read to the manifest limit (an endless pipe is refused, not buffered). */
async function readStdin(io: CliIO): Promise<string> {
  const max = limits().manifestBytes;
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of io.stdin ?? (process.stdin as AsyncIterable<Uint8Array>)) {
    n += chunk.byteLength;
    checkSize('manifestBytes', n, 'the image list on standard input', '--images -');
    if (n > max) break;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const coverageCommand: CommandSpec = {
  name: 'coverage',
  summary: 'Provenance coverage and attestation latency of what is deployed: manifests, image lists, registry tags.',
  usage: [
    'custody coverage MANIFEST|DIR... (--repo ORG/REPO | --certificate-identity ID --certificate-oidc-issuer URL | --key PUB.pem) [--trusted-root FILE]',
    'custody coverage --images FILE|- ...          (one image reference a line)',
    'custody coverage --repository REGISTRY/REPO ...   (every tag of the repository)',
    'custody coverage ... [--format table|json|prometheus|junit] [--output FILE] [--min RATIO] [--pin]',
  ],
  description: [
    'Reads Kubernetes manifests (files or directories of *.yaml, *.yml, *.json; multi-document YAML; the output of',
    'helm template and kustomize build; List kinds) and takes every image of the Pod specs of Pods, Deployments,',
    'StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs and PodTemplates, init and',
    'ephemeral containers included; or an image list (--images), or the tags of a repository (--repository).',
    '',
    'For each image: whether it is pinned by digest (a tag is resolved to its digest once, through the registry), the',
    'attestations stored next to it (referrers API, referrers tag, per-attestation tags, cosign .att), and whether',
    'they verify: each image is verified as custody verify oci://IMAGE would, with the same identity, key, trust and',
    "policy flags (every attestation is checked; with no --predicate-type none is required beyond the policy's).",
    '',
    'Service levels: provenance coverage is the share of images with a verified provenance (SLSA v1 or v0.2) and a',
    'verified SBOM (CycloneDX or SPDX) whose verify gate passes. Attestation latency is the time from the build end',
    'stated by the verified provenance (runDetails.metadata.finishedOn) to its verified signing time (RFC 3161',
    "timestamp or transparency-log time; for a keyless bundle without one, its certificate's notBefore). A key-signed",
    'bundle with no trusted time has no latency, and the report says so.',
    '',
    '--pin rewrites the manifest files with each tag replaced by the digest it resolved to (REPO@sha256:…): only the',
    'image strings change (comments, order and layout are kept), each file is written atomically, and images that',
    'could not be resolved are left as written.',
    '',
    'Exit 0: measured (and at or above --min). Exit 1: coverage below --min. Exit 2: cannot run (unreadable or',
    'malformed manifests, an image reference with control characters, a bad --min, a limit hit: docs/limits.md).',
    'An image that cannot be read from its registry is reported (not covered, with the reason), not fatal.',
  ].join('\n'),
  options: coverageVerb.options,
  positionals: { names: 'MANIFEST|DIR', min: 0, max: 1000 },
  examples: [
    [
      'helm template app ./chart | tee app.yaml >/dev/null; custody coverage app.yaml --repo octo-org/app --min 0.9',
      'a gate: exit 1 when fewer than 90% of the images have verified provenance and SBOM',
    ],
    ['kustomize build overlays/prod > prod.yaml; custody coverage prod.yaml --repo octo-org/app --pin', 'pin every tag to its digest'],
    ['custody coverage k8s/ --key cosign.pub --format prometheus --output coverage.prom', 'metrics for a textfile collector'],
    ['custody coverage --repository ghcr.io/octo-org/app --repo octo-org/app --format junit > coverage.xml', 'every release tag, as JUnit'],
    ['kubectl get pods -A -o json > pods.json; custody coverage pods.json --repo octo-org/app', 'what runs now (a List)'],
  ],
  async run({ values, positionals, io, settings }) {
    const [{ coverage }, formats] = await Promise.all([import('../commands/coverage.js'), import('../commands/coverage-format.js')]);
    const r = flagReader(values);
    const format = parseFormat(r);
    const min = parseRatio(r);
    const options = coverageOptions(r, settings, io.logger);
    const imagesText = options.images === '-' ? await readStdin(io) : undefined;
    const result = await coverage({
      ...options,
      manifests: positionals,
      ...(imagesText !== undefined ? { imagesText } : {}),
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    const text =
      format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : format === 'prometheus'
          ? formats.formatCoveragePrometheus(result)
          : format === 'junit'
            ? formats.formatCoverageJunit(result)
            : formats.formatCoverageTable(result);
    const written = await writeResult(io, text, r.str('output'));
    if (written) io.logger.info(`custody coverage: wrote the ${format} report to ${written}`);
    for (const f of options.verify.insecure ? Object.entries(options.verify.insecure).filter(([, v]) => v) : [])
      io.logger.warn(`verification was weakened by --insecure-${f[0] === 'ignoreTlog' ? 'ignore-tlog' : 'ignore-sct'}`);
    if (min !== undefined && result.summary.ratio < min) {
      io.logger.warn(
        `custody coverage: provenance coverage ${(result.summary.ratio * 100).toFixed(1)}% is below --min ${(min * 100).toFixed(1)}%`,
      );
      return EXIT_FAILED;
    }
    return 0;
  },
};
