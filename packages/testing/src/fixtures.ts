import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/testing/src/fixtures.ts or packages/testing/dist/fixtures.js). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * ../shared beside the project root: always present in CI, maybe not elsewhere. Tests that read it call
 * `sharedDir()` and skip with a printed notice when it returns undefined.
 */
export function sharedDir(): string | undefined {
  const candidates = [process.env.CUSTODY_SHARED_DIR, join(repoRoot, '..', 'shared')].filter(Boolean) as string[];
  const found = candidates.find((d) => existsSync(join(d, 'fixtures')));
  if (!found && process.env.CI) throw new Error(`../shared is missing in CI (looked in ${candidates.join(', ')})`);
  return found;
}

/** Prints why a test that needs ../shared does not run here. */
export function sharedNotice(what: string): void {
  process.stderr.write(`notice: ../shared not found; skipping ${what} (these tests always run in CI)\n`);
}

/** A file under ../shared, or an error that says what is missing and how to get it (never a silent skip). */
export function requireSharedFile(relative: string): string {
  const dir = sharedDir();
  const file = dir ? join(dir, relative) : undefined;
  if (!file || !existsSync(file)) {
    throw new Error(
      `../shared/${relative} is missing: this test needs the shared test data beside the project root (CI always has it); ` +
        'put it at ../shared or point CUSTODY_SHARED_DIR at it.',
    );
  }
  return file;
}
