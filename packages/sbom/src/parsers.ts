/**
 * The YAML (js-yaml, chosen by measurement: 8-23x faster than the yaml package on the pnpm and yarn berry fixtures,
 * the same values) and TOML parsers, loaded only when a lockfile needs them: an npm-only run never loads either (issue 16:
 * they were about a third of the modules a run loaded). readLockfiles awaits a reader's `prepare` (an async
 * import) before its synchronous `read`; a reader called directly (tests, library users) loads its parser
 * synchronously on first use instead.
 */
import { createRequire } from 'node:module';

type YamlModule = typeof import('js-yaml');
type TomlModule = typeof import('smol-toml');

let yamlModule: YamlModule | undefined;
let tomlModule: TomlModule | undefined;

export async function loadYaml(): Promise<void> {
  yamlModule ??= (await import('js-yaml')).default as unknown as YamlModule;
}

export async function loadToml(): Promise<void> {
  tomlModule ??= await import('smol-toml');
}

export function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('js-yaml') as YamlModule);
}

export function toml(): TomlModule {
  return (tomlModule ??= createRequire(import.meta.url)('smol-toml') as TomlModule);
}
