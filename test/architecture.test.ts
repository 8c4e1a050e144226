import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTODY_VERSION } from '@custody/core';

// The dependency rules of ARCHITECTURE.md, checked over the source tree so a violation fails CI.
const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === '__tests__') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

const packages = readdirSync(join(root, 'packages'));

describe('dependency direction', () => {
  it('packages import no sibling package but core', () => {
    const bad: string[] = [];
    for (const pkg of packages) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        for (const spec of imports(file)) {
          const m = /^@custody\/([^/]+)/.exec(spec);
          if (m && m[1] !== 'core' && m[1] !== pkg) bad.push(`${relative(root, file)} imports ${spec}`);
          if (spec.startsWith('..') && spec.includes(`..${sep}..`))
            bad.push(`${relative(root, file)} reaches outside its package: ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('only packages/github and actions/* import @actions/* or @octokit/*', () => {
    const bad: string[] = [];
    const files = [
      ...packages.filter((p) => p !== 'github').flatMap((p) => sources(join(root, 'packages', p, 'src'))),
      ...sources(join(root, 'src')),
    ];
    for (const file of files) {
      for (const spec of imports(file)) if (/^@(actions|octokit)\//.test(spec)) bad.push(`${relative(root, file)} imports ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it("the CLI's import graph never reaches @actions/*: it uses only @custody/github/api, which imports nothing from @actions, @octokit or the rest of packages/github", () => {
    // The graph from the CLI's entry (src/cli.ts), following relative imports: src/actions-runtime (the action face,
    // which runs on @custody/github) is outside it, and the CLI must never reach it.
    const bad: string[] = [];
    const seen = new Set<string>();
    const queue = [join(root, 'src', 'cli.ts')];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of imports(file)) {
        if (/^@custody\/github(\/|$)/.test(spec) && spec !== '@custody/github/api') bad.push(`${relative(root, file)} imports ${spec}`);
        if (spec.startsWith('.')) queue.push(join(file, '..', spec.replace(/\.js$/, '.ts')));
      }
    }
    expect([...seen].filter((f) => f.includes(`${sep}actions-runtime${sep}`)).map((f) => relative(root, f))).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
    const apiDir = join(root, 'packages', 'github', 'src', 'api');
    for (const file of sources(apiDir)) {
      for (const spec of imports(file)) {
        if (/^@(actions|octokit)\//.test(spec)) bad.push(`${relative(root, file)} imports ${spec}`);
        if (spec.startsWith('.') && !join(file, '..', spec).startsWith(apiDir))
          bad.push(`${relative(root, file)} reaches outside api/: ${spec}`);
      }
    }
    const pkg = JSON.parse(readFileSync(join(root, 'packages', 'github', 'package.json'), 'utf8')) as {
      exports: Record<string, { default: string }>;
    };
    expect(pkg.exports['./api']?.default).toBe('./dist/api/index.js');
    expect(bad).toEqual([]);
  });

  it('the bundles leave out what an action does not use: every package says "sideEffects": false and imports nothing for its side effects; @actions/core only in packages/github/src/core.ts', () => {
    const bad: string[] = [];
    for (const p of packages.filter((p) => p !== 'testing')) {
      const pkg = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as { sideEffects?: unknown };
      if (pkg.sideEffects !== false) bad.push(`packages/${p}/package.json does not say "sideEffects": false`);
      for (const f of sources(join(root, 'packages', p, 'src'))) {
        const file = relative(root, f);
        if (/^\s*import\s+['"][^'"]+['"]/m.test(readFileSync(f, 'utf8'))) bad.push(`${file} imports a module for its side effects`);
        if (imports(f).some((s) => s.startsWith('@actions/')) && file !== join('packages', 'github', 'src', 'core.ts'))
          bad.push(`${file} imports @actions/* (only core.ts may: the bundles run runner.ts instead)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('core depends on nothing of ours', () => {
    const bad = sources(join(root, 'packages', 'core', 'src')).flatMap((f) =>
      imports(f)
        .filter((s) => s.startsWith('@custody/'))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('commands never import the CLI face (src/cli); they share src/io with it', () => {
    const bad = sources(join(root, 'src', 'commands')).flatMap((f) =>
      imports(f)
        .filter((s) => /(^|\/)cli(\/|\.js$)/.test(s))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('commands and src/io import no face at all: neither the CLI nor the action runtime nor an action', () => {
    // The faces parse argv or action inputs and call the commands with parsed values; the commands compose in
    // memory (test/one-edge-io.test.ts), so nothing below a face needs one.
    const files = [...sources(join(root, 'src', 'commands')), ...sources(join(root, 'src', 'io'))];
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((s) => /(^|\/)(cli|actions-runtime)(\/|\.js$)|(^|\/)actions\/[^/]+\/src\//.test(s))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('the actions share the verb specs (src/verbs), not the CLI face: actions/* and src/actions-runtime never import src/cli', () => {
    const files = [
      ...sources(join(root, 'src', 'actions-runtime')),
      ...sources(join(root, 'src', 'verbs')),
      ...readdirSync(join(root, 'actions')).flatMap((a) => sources(join(root, 'actions', a, 'src'))),
    ];
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((s) => /(^|\/)src\/cli(\/|\.js$)|^\.\.\/cli\//.test(s))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('one OCI stack: packages/sbom reads layer bytes only, never a registry, a layout or an archive', () => {
    // Registries, OCI layouts and the archive formats are @custody/oci's (a BlobSource of @custody/core); the image
    // scanner of @custody/sbom takes layer streams and turns them into components. A second stack shows up as a
    // network import, a layout or archive file name, or a distribution API path.
    const network = /^node:(http|https|http2|net|tls|dgram|dns)$|^(http|https|net|tls)$/;
    const stackMarks = [
      /['"`]oci-layout['"`:]/,
      /docker-archive:/,
      /oci-archive:/,
      /['"`]index\.json['"`]/,
      /['"`]manifest\.json['"`]/,
      /\/v2\//,
      /blobs\/sha(256|512)/,
    ];
    const bad: string[] = [];
    for (const file of sources(join(root, 'packages', 'sbom', 'src'))) {
      const rel = relative(root, file);
      for (const spec of imports(file)) if (network.test(spec)) bad.push(`${rel} imports ${spec}`);
      const text = readFileSync(file, 'utf8');
      for (const mark of stackMarks) if (mark.test(text)) bad.push(`${rel} reads image storage (${mark.source})`);
    }
    expect(bad).toEqual([]);
  });

  it('the OCI vocabulary is defined once, in core', () => {
    // Media types, descriptors and platforms are @custody/core's; a package spelling a manifest media type or the
    // Sigstore bundle media type itself is a second copy that can drift.
    const literals = [
      /['"]application\/vnd\.oci\.image\.(index|manifest)\.v1\+json['"]/,
      /['"]application\/vnd\.dev\.sigstore\.bundle\.v0\.3\+json['"]/,
    ];
    const bad: string[] = [];
    for (const pkg of packages.filter((p) => p !== 'core' && p !== 'testing')) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const lit of literals) if (lit.test(text)) bad.push(`${relative(root, file)} spells ${lit.source}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the command layer never reads argv', () => {
    const bad = sources(join(root, 'src', 'commands')).filter((f) => /process\.argv/.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(root, f))).toEqual([]);
  });

  it("keyless signing's chunk carries no key code: attest opens keys through the lazy signing-key.ts, and @custody/sign's main entry exports only isKeyUri of key URIs", async () => {
    const attest = readFileSync(join(root, 'src', 'commands', 'attest.ts'), 'utf8');
    const staticSign = /import\s*\{([^}]*)\}\s*from\s*'@custody\/sign'/.exec(attest)![1]!;
    expect(staticSign).not.toMatch(/\bloadSigningKey\b|\bisKeyUri\b/);
    expect(imports(join(root, 'src', 'commands', 'attest.ts'))).not.toContain('@custody/sign/kms');
    expect(attest).toMatch(/await import\('\.\/signing-key\.js'\)/);
    const main = await import('@custody/sign');
    expect(Object.keys(main).filter((k) => /uri|scheme/i.test(k))).toEqual(['isKeyUri']);
    // The one prefix test agrees with the scheme table's: registered schemes and scheme:// are URIs, paths are not.
    for (const uri of ['pkcs11:token=a;object=b?module-path=/m.so', 'awskms:///alias/x', 'HASHIVAULT://k', 'other://x'])
      expect(main.isKeyUri(uri), uri).toBe(true);
    for (const path of ['key.pem', './keys/a.pem', 'C:\\keys\\a.pem', 'c://a.pem', '-----BEGIN PRIVATE KEY-----'])
      expect(main.isKeyUri(path), path).toBe(false);
  });
});

describe('version', () => {
  it('CUSTODY_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(CUSTODY_VERSION).toBe(pkg.version);
  });
});
