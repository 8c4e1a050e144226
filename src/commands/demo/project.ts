/**
 * The embedded default project `custody demo` builds: a tiny Node.js app with a real npm lockfile (entries and
 * integrity hashes as published on the npm registry), a build script, and the policy its attestations must meet.
 * Nothing is downloaded: the build only reads and writes files.
 */
export const DEMO_NAME = 'hello-custody';
export const DEMO_VERSION = '1.0.0';

const packageJson = {
  name: DEMO_NAME,
  version: DEMO_VERSION,
  private: true,
  license: 'Apache-2.0',
  main: 'src/hello.js',
  scripts: { build: 'node build.mjs' },
  dependencies: { debug: '^4.4.3', picocolors: '^1.1.1' },
};

// npm lockfile v3, as `npm install --package-lock-only` writes it for the dependencies above.
const packageLock = {
  name: DEMO_NAME,
  version: DEMO_VERSION,
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: DEMO_NAME, version: DEMO_VERSION, license: 'Apache-2.0', dependencies: packageJson.dependencies },
    'node_modules/debug': {
      version: '4.4.3',
      resolved: 'https://registry.npmjs.org/debug/-/debug-4.4.3.tgz',
      integrity: 'sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNbcqA==',
      license: 'MIT',
      dependencies: { ms: '^2.1.3' },
      engines: { node: '>=6.0' },
    },
    'node_modules/ms': {
      version: '2.1.3',
      resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
      integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      license: 'MIT',
    },
    'node_modules/picocolors': {
      version: '1.1.1',
      resolved: 'https://registry.npmjs.org/picocolors/-/picocolors-1.1.1.tgz',
      integrity: 'sha512-xceH2snhtb5M9liqDsmEw56le376mTZkEX/jEb/RxNFyegNul7eNslCXP9FDj/Lcu0X8KEyMceP2ntpaHrDEVA==',
      license: 'ISC',
    },
  },
};

const hello = `'use strict';
// hello-custody: the app the Custody demo builds, attests and verifies.
function greet(name) {
  return \`Hello, \${name}! This build has an SBOM, SLSA provenance and signatures.\`;
}
module.exports = { greet };
if (require.main === module) console.log(greet(process.env.HELLO_NAME || 'world'));
`;

// The build: copies the source into dist/ with a banner. Deterministic, so the digest is the same every run.
const build = `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });
const banner = \`/*! \${pkg.name} \${pkg.version} (\${pkg.license}) */\\n\`;
writeFileSync(\`dist/\${pkg.name}.js\`, banner + readFileSync('src/hello.js', 'utf8'));
console.log(\`built dist/\${pkg.name}.js\`);
`;

/** The policy the demo's attestations are verified against (schema: docs/policy.md). */
export const DEMO_POLICY = `# Release policy for hello-custody: what a deployable artifact must carry.
version: 1
requiredPredicateTypes:
  - https://slsa.dev/provenance/v1
  - https://cyclonedx.org/bom
sbom:
  deniedLicenses: [AGPL-3.0-only, AGPL-3.0-or-later, SSPL-1.0]
predicates:
  https://slsa.dev/provenance/v1:
    expressions:
      - name: the build ran the project's build script
        expr: predicate.buildDefinition.internalParameters.custody.command.argv.exists(a, a == "build.mjs")
      - name: the lockfile is a recorded input of the build
        expr: predicate.buildDefinition.resolvedDependencies.exists(d, d.name == "package-lock.json")
`;

/** The project's files, relative path -> content. */
export function demoProjectFiles(): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(packageLock, null, 2)}\n`,
    'src/hello.js': hello,
    'build.mjs': build,
    'policy.yaml': DEMO_POLICY,
  };
}

/** package.json files of the dependencies as they sit in node_modules, for the image layer. */
export function demoNodeModules(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, entry] of Object.entries(packageLock.packages)) {
    if (!path) continue;
    const e = entry as { version: string; license: string };
    const name = path.slice('node_modules/'.length);
    out[`app/${path}/package.json`] = `${JSON.stringify({ name, version: e.version, license: e.license }, null, 2)}\n`;
  }
  return out;
}
