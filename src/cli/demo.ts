import { EXIT_FAILED } from '@custody/core';
import { str, type CommandSpec } from './spec.js';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'Run the whole chain offline on an embedded project: build, image, SBOM, provenance, sign, store, verify.',
  usage: ['custody demo [--dir DIR]'],
  description:
    'Builds a small artifact and a small OCI image into a local OCI layout, makes its SBOM, captures the build,\n' +
    'writes SLSA provenance, signs both with a freshly generated key, stores them next to the image, verifies\n' +
    'them against a policy, then shows a tampered artifact being refused. Needs no network, account or token.\n' +
    'Exit 0 when the genuine image passes and the tampered artifact is refused.',
  options: {
    dir: {
      type: 'string',
      value: 'DIR',
      description: 'Work in DIR (created if missing) instead of a new temporary directory; the files stay there.',
    },
  },
  examples: [
    ['custody demo', 'run the demo in a temporary directory'],
    ['custody demo --dir ./custody-demo && ls custody-demo/attestations', 'keep the files to look at them afterwards'],
  ],
  async run({ values, io, settings }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { runDemo } = await import('../commands/demo.js');
    const dir = str(values, 'dir');
    const result = await runDemo({
      dir,
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
      verbose: settings.debug,
      print: (l) => io.stdout(`${l}\n`),
    });
    return result.ok ? 0 : EXIT_FAILED;
  },
};
