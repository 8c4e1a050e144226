import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the CLI and action tests run the built output.
    // Subpath exports first (the first matching entry wins): @custody/github/api is the @actions-free API client;
    // @custody/sbom/lockfiles is the SBOM package without its image scanner; @custody/verify/scan-reports is the
    // scanner report and VEX readers without the verifier; @custody/sign/kms the key URI signers (scheme table).
    alias: {
      '@custody/github/api': fileURLToPath(new URL('./packages/github/src/api/index.ts', import.meta.url)),
      '@custody/sbom/lockfiles': fileURLToPath(new URL('./packages/sbom/src/lockfiles.ts', import.meta.url)),
      '@custody/verify/scan-reports': fileURLToPath(new URL('./packages/verify/src/scan-reports.ts', import.meta.url)),
      '@custody/sign/kms': fileURLToPath(new URL('./packages/sign/src/kms/signer.ts', import.meta.url)),
      ...Object.fromEntries(
        ['core', 'sbom', 'ci', 'provenance', 'sign', 'oci', 'verify', 'deploy', 'github', 'testing'].map((n) => [`@custody/${n}`, pkg(n)]),
      ),
    },
  },
  test: {
    include: ['packages/*/src/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
