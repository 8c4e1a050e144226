import { UsageError } from '@custody/core';
import type { CommandSpec } from './spec.js';

// Placeholder until the SBOM command lands.
export const sbomCommand: CommandSpec = {
  name: 'sbom',
  summary: 'Generate an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) from lockfiles or a container image.',
  usage: ['custody sbom [PATH] [--format cyclonedx-json|spdx-json] [--output FILE]'],
  options: {},
  positionals: { names: 'PATH', max: 1 },
  examples: [],
  async run() {
    throw new UsageError('not implemented yet');
  },
};
