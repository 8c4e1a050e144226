import { bool, str, type CommandSpec } from './spec.js';

export const trustedRootCommand: CommandSpec = {
  name: 'trusted-root',
  summary: "Print a Sigstore trusted root (public-good or GitHub's instance) for offline verification.",
  usage: [
    'custody trusted-root [--instance public-good|github] [--refresh [--tuf-url URL] [--tuf-root FILE] [--cache-dir DIR]] [--output FILE]',
  ],
  description: [
    'Prints the trusted_root.json that `custody verify --trusted-root FILE` reads, on one line (like gh attestation',
    'trusted-root). public-good (the default) comes from the snapshot embedded in @sigstore/tuf, offline; --refresh',
    "fetches the current one through the instance's TUF repository, verifying the signed metadata.",
    "GitHub's instance (private and internal repositories) signs with its own Fulcio and TSA and has no transparency",
    'log; its trusted root is not embedded (no package in the npm registry ships it): fetch it online with --refresh',
    'and --tuf-root, the initial root.json of tuf-repo.github.com (the gh CLI embeds it). Verifying with a trusted root',
    'that lists no transparency log accepts bundles with a timestamp and no log entry, as gh does.',
  ].join('\n'),
  options: {
    instance: { type: 'string', value: 'NAME', description: 'public-good or github.', default: 'public-good' },
    refresh: { type: 'boolean', description: 'Fetch the current trusted root through TUF (online).' },
    'tuf-url': {
      type: 'string',
      value: 'URL',
      description: "TUF repository (default: the instance's, https://tuf-repo-cdn.sigstore.dev or https://tuf-repo.github.com).",
    },
    'tuf-root': {
      type: 'string',
      value: 'FILE',
      description: "The TUF repository's initial root.json (needed for github; public-good's is embedded).",
    },
    'cache-dir': { type: 'string', value: 'DIR', description: 'TUF cache (default $XDG_CACHE_HOME/custody/tuf/HOST).' },
    output: { type: 'string', short: 'o', value: 'FILE', description: 'Write the trusted root to FILE instead of stdout.' },
  },
  examples: [
    ['custody trusted-root > public-good-root.json', 'the embedded public-good trusted root, offline'],
    ['custody trusted-root --refresh --output public-good-root.json', 'the current public-good root through TUF'],
    [
      'custody trusted-root --instance github --refresh --tuf-root github-tuf-root.json --output github-root.json',
      "GitHub's trusted root through TUF",
    ],
    [
      'custody verify app.tgz --bundle app.sigstore.json --repo acme/app --trusted-root github-root.json',
      "verify a private repository's attestation offline",
    ],
  ],
  async run({ values, io }) {
    const { trustedRoot } = await import('../commands/trusted-root.js');
    const r = await trustedRoot({
      instance: str(values, 'instance'),
      refresh: bool(values, 'refresh'),
      tufUrl: str(values, 'tuf-url'),
      tufRoot: str(values, 'tuf-root'),
      cacheDir: str(values, 'cache-dir'),
      outputFile: str(values, 'output'),
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    if (!r.outputFile) io.stdout(r.text);
    return 0;
  },
};
