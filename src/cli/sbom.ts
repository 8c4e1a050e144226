import { UsageError } from '@custody/core';
import { sbomOptions, sbomVerb } from '../verbs/sbom.js';
import { writeResult } from './output.js';
import { flagReader, type CommandSpec } from './spec.js';

// The command module (lockfile readers, the CycloneDX library) loads only when `custody sbom` runs, so other
// verbs and `--help` do not pay for it.
const load = () => import('../commands/sbom.js');

export const sbomCommand: CommandSpec = {
  name: 'sbom',
  summary: 'Generate an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) from lockfiles or a container image.',
  usage: [
    'custody sbom [PATH] [--format cyclonedx-json|spdx-json] [--output FILE] [--depth N] [--exclude DIR]...',
    'custody sbom (oci://REF | oci-layout:DIR[@DIGEST] | docker-archive:TAR | oci-archive:TAR) [--platform OS/ARCH] [--output FILE]',
  ],
  description: [
    'PATH is a project directory (default: the current one) or one lockfile. Every lockfile under it is read',
    '(node_modules, vendor and .git are skipped) and written as one SBOM: components deduplicated by package URL,',
    'the project (from package.json, pyproject.toml, Cargo.toml, go.mod or composer.json) as the root component,',
    'and the dependency graph where the lockfiles state it.',
    '',
    'Lockfiles: package-lock.json / npm-shrinkwrap.json (v1-v3), yarn.lock (v1, berry), pnpm-lock.yaml (6, 9),',
    'poetry.lock, uv.lock, pdm.lock, Pipfile.lock, requirements.txt (pinned), go.mod + go.sum, Cargo.lock,',
    'Gemfile.lock, composer.lock, packages.lock.json (NuGet), deno.lock.',
    '',
    'Images: OS packages from the dpkg, apk and rpm databases (rpm in sqlite, Berkeley DB or ndb format), language',
    'packages installed in the image (node_modules, Python dist-info, gems, jars, Go binaries).',
    '',
    'Nothing is left out silently. Whatever is found but not read (a directory that cannot be listed, a symlink that',
    'leads outside PATH or to a device or FIFO, an unpinned requirement, a workspace link, a database in an unknown',
    'format) is a warning on stderr and is written into the SBOM: a CycloneDX metadata property custody:gap, an SPDX',
    'annotation. Symlinked lockfiles are read when they resolve to a regular file inside PATH. SPDX keeps development',
    'and optional dependencies as DEV_DEPENDENCY_OF and OPTIONAL_DEPENDENCY_OF.',
    '',
    'Every input is bounded (docs/limits.md): lockfile size, JSON nesting, decompressed layer size, archive entries and',
    'nesting (jars in jars), bytes spooled to temporary files. A limit hit stops with exit 2 and a LIMIT_* code naming',
    'the variable that raises it; devices, FIFOs and symlinks to them are never read.',
    '',
    'Output is deterministic: set SOURCE_DATE_EPOCH for a fixed timestamp and the same input gives the same bytes.',
    'The CycloneDX serialNumber (and the UUID ending the SPDX documentNamespace) is the content UUID of the document:',
    'the SHA-256 of its bytes with that UUID set to 00000000-0000-0000-0000-000000000000, as a version-5-style UUID;',
    'anyone can check it by putting the nil UUID back and hashing.',
    'With an image of several platforms and --output FILE, one file per platform is written, the platform inserted',
    'before the extension (sbom.cdx.json -> sbom.linux-amd64.cdx.json, sbom.linux-arm64.cdx.json).',
    'Nothing is written to --output when generation fails (exit 2).',
  ].join('\n'),
  options: sbomVerb.options,
  positionals: { names: 'PATH', max: 1 },
  examples: [
    ['custody sbom', 'CycloneDX SBOM of the project in the current directory, to stdout'],
    ['custody sbom . --output sbom.cdx.json', 'the same, written to a file'],
    ['custody sbom services/api --format spdx-json --output sbom.spdx.json', 'SPDX 2.3 for one subdirectory'],
    ['custody sbom package-lock.json', 'one lockfile only'],
    ['custody sbom . --exclude test --exclude bench/fixtures', 'skip test data that is not part of the product'],
    ['SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) custody sbom . -o sbom.cdx.json', 'reproducible output (fixed timestamp)'],
    ['custody sbom oci-layout:./image --output sbom.cdx.json', 'an image in a local OCI layout (one file per platform)'],
    [
      'custody sbom oci://ghcr.io/acme/app@sha256:HEX --platform linux/arm64 --scope all-layers',
      'one platform of a registry image, every layer',
    ],
  ],
  async run({ values, positionals, io }) {
    const { describeEcosystems, generateSbom, platformFile } = await load();
    const r = flagReader(values);
    const options = await sbomOptions(r);
    const format = options.format;
    const output = r.str('output');
    const docs = await generateSbom({
      ...options,
      target: positionals[0] ?? '.',
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
      isTTY: io.isTTY,
    });
    if (docs.length > 1 && (!output || output === '-')) {
      throw new UsageError(
        `the image has ${docs.length} platforms (${docs.map((d) => d.platform ?? '?').join(', ')}); stdout takes one SBOM.`,
        {
          hint: 'Pass --output FILE (one file per platform) or --platform OS/ARCH.',
        },
      );
    }
    for (const doc of docs) {
      const file = output && docs.length > 1 && doc.platform ? platformFile(output, doc.platform) : output;
      // A file is streamed, its serial number written last; stdout takes the document sealed in memory.
      const written = await writeResult(io, file && file !== '-' ? doc.document : doc.text, file);
      const what = `${doc.componentCount} components (${describeEcosystems(doc.ecosystems)}) from ${doc.files.length} ${doc.files.length === 1 ? 'file' : 'files'}`;
      io.logger.info(`custody sbom: ${format}${doc.platform ? ` for ${doc.platform}` : ''}, ${what}${written ? ` -> ${written}` : ''}`);
    }
    return 0;
  },
};
