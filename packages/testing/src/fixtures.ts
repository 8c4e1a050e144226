import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/testing/src/fixtures.ts or packages/testing/dist/fixtures.js). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * ../shared beside the project root (or CUSTODY_SHARED_DIR). Tests that need it fail, loudly and with what to do,
 * when it is missing: a silent skip would let `npm test` pass while testing nothing.
 */
export function sharedDir(): string {
  const candidates = [process.env.CUSTODY_SHARED_DIR, join(repoRoot, '..', 'shared')].filter(Boolean) as string[];
  const found = candidates.find((d) => existsSync(join(d, 'fixtures')));
  if (!found) {
    throw new Error(
      `the shared test data (../shared) is missing: looked in ${candidates.join(', ')}. Put it beside the project root or point CUSTODY_SHARED_DIR at it (CI always has it).`,
    );
  }
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
