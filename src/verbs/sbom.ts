/**
 * custody sbom's options (flags, and the inputs of actions/sbom and the one-step action) and their mapping to
 * generateSbom()'s typed options, shared by the CLI (src/cli/sbom.ts) and the actions.
 */
import type { SbomOptions } from '../commands/sbom.js';
import { defined } from '../options.js';
import type { OptionReader, VerbSpec } from './spec.js';

// The command module (lockfile readers, the CycloneDX library) loads only when `custody sbom` runs, so other
// verbs and `--help` do not pay for it.
const load = () => import('../commands/sbom.js');

/** The options `custody sbom` and the sbom action share, from flags or inputs; the face adds target and I/O. */
export type SbomFaceOptions = Omit<SbomOptions, 'target' | 'cwd' | 'env' | 'logger' | 'isTTY' | 'clock'> &
  Required<Pick<SbomOptions, 'format'>>;

/** Flags (or inputs) -> the typed options of generateSbom(), once for the CLI and the action; errors name the option. */
export async function sbomOptions(r: OptionReader): Promise<SbomFaceOptions> {
  const { parseDepth, parseImageScope, parseSbomFormat } = await load();
  const exclude = r.strs('exclude');
  return {
    format: parseSbomFormat(r.str('format'), r.label('format')),
    ...defined({
      depth: parseDepth(r.str('depth'), r.label('depth')),
      exclude: exclude.length ? exclude : undefined,
      platform: r.str('platform'),
      scope: parseImageScope(r.str('scope'), r.label('scope')),
    }),
  };
}

export const sbomVerb = {
  name: 'sbom',
  options: {
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'cyclonedx-json (CycloneDX 1.6) or spdx-json (SPDX 2.3).',
      default: 'cyclonedx-json',
      input: { name: 'format' },
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'Write the SBOM to FILE instead of stdout.',
      input: {
        name: 'output',
        description:
          "File to write (relative to the workspace). Default: named as anchore/sbom-action names its SBOM, <repo>-<job>[-<step id>].cyclonedx.json (.spdx.json), or for image the image's name without its host; off a runner sbom.cdx.json / sbom.spdx.json. For a multi-platform image, one file per platform with the platform before the extension.",
      },
    },
    depth: { type: 'string', value: 'N', description: 'How many directory levels below PATH to search for lockfiles.', default: '5' },
    exclude: {
      type: 'string',
      multiple: true,
      value: 'DIR',
      description:
        'Do not search DIR: a directory name (fixtures) or a path under PATH (bench/fixtures). node_modules, vendor and .git are always skipped.',
      input: {
        name: 'exclude',
        description:
          'Directories not to search, one per line (a name such as fixtures, or a path under path such as bench/fixtures). node_modules, vendor and .git are always skipped.',
      },
    },
    platform: {
      type: 'string',
      value: 'OS/ARCH',
      description: 'For a multi-platform image: scan only this platform.',
      input: {
        name: 'platform',
        description: 'For a multi-platform image, scan only this platform (OS/ARCH[/VARIANT]); default every platform, one SBOM each.',
      },
    },
    scope: {
      type: 'string',
      value: 'SCOPE',
      description:
        'For an image: squashed (the filesystem as it runs) or all-layers (also packages later layers removed, each with its layer digest).',
      default: 'squashed',
      input: { name: 'scope' },
    },
  },
} satisfies VerbSpec;
