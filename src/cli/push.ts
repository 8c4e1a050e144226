import { UsageError, stableJson } from '@custody/core';
import { bool, str, type CommandSpec } from './spec.js';

export const pushCommand: CommandSpec = {
  name: 'push',
  summary: 'Attach Sigstore bundles to an image in its OCI registry (referrers API or referrers tag) or an OCI layout.',
  usage: ['custody push --bundle FILE --image REF [--platform OS/ARCH] [--format json|table]'],
  description: [
    'REF is REGISTRY/REPO[:TAG][@DIGEST] (oci:// prefix allowed) or oci-layout:DIR[@DIGEST]. The image is resolved to',
    'its digest once and must exist before anything is uploaded. Each bundle is stored as an OCI artifact (artifactType',
    'application/vnd.dev.sigstore.bundle.v0.3+json, subject = the image), as GitHub attestations and cosign v3 store them,',
    'and attached to the digests its statement names (an index and/or its platform manifests). Rerunning after a',
    'failure completes the push without duplicates. Credentials: CUSTODY_REGISTRY_USERNAME/_PASSWORD, docker',
    'config.json (auths, credHelpers, credsStore), GITHUB_TOKEN for ghcr.io.',
  ].join('\n'),
  options: {
    bundle: { type: 'string', value: 'FILE', description: 'Sigstore bundle (JSON) or several (JSON Lines).' },
    image: { type: 'string', value: 'REF', description: 'The image: REGISTRY/REPO[:TAG][@DIGEST] or oci-layout:DIR[@DIGEST].' },
    platform: { type: 'string', value: 'OS/ARCH', description: 'Attach to this platform manifest of a multi-arch index.' },
    'insecure-registry': { type: 'boolean', description: 'Use plain http for a registry that is not on loopback (insecure).' },
    format: { type: 'string', value: 'json|table', description: 'Result format on stdout.', default: 'table' },
  },
  examples: [
    ['custody push --bundle app.sigstore.json --image ghcr.io/org/app:1.2.0', 'attach a bundle to an image in GitHub Container Registry'],
    ['custody push --bundle atts.jsonl --image oci-layout:./image --format json', 'attach several bundles to a local OCI layout'],
  ],
  async run({ values, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { pushBundle } = await import('../commands/push.js');
    const bundleFile = str(values, 'bundle');
    const image = str(values, 'image');
    if (!bundleFile) throw new UsageError('missing --bundle FILE.', { hint: 'Usage: custody push --bundle FILE --image REF' });
    if (!image) throw new UsageError('missing --image REF.', { hint: 'Usage: custody push --bundle FILE --image REF' });
    const format = str(values, 'format') ?? 'table';
    if (format !== 'json' && format !== 'table') throw new UsageError(`--format ${format} is not json or table.`);
    const platform = str(values, 'platform');
    const result = await pushBundle({
      bundleFile,
      image,
      platform,
      insecure: bool(values, 'insecure-registry'),
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    if (format === 'json') {
      io.stdout(stableJson(result));
    } else {
      for (const a of result.attestations) {
        io.stdout(
          `${a.alreadyPresent ? 'present ' : 'pushed  '} ${a.manifestDigest}  subject ${a.subject}${a.platform ? ` (${a.platform})` : ''}  ${a.predicateType ?? ''}  via ${a.mode === 'referrers' ? 'referrers API' : `referrers tag${a.indexConfirmed === false ? ' (index not confirmed; tag written)' : ''}`}\n`,
        );
      }
    }
    return 0;
  },
};
