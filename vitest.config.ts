import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the CLI and action tests run the built output.
    alias: Object.fromEntries(
      ['core', 'sbom', 'ci', 'provenance', 'sign', 'oci', 'verify', 'github', 'testing'].map((n) => [`@custody/${n}`, pkg(n)]),
    ),
  },
  test: {
    include: ['packages/*/src/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
