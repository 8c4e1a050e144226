/**
 * The JavaScript lockfile readers other than npm's: yarn (v1 and berry share the file name yarn.lock and are told
 * apart by the berry-only `__metadata` entry), pnpm and deno.
 */
import type { LockfileReader, PackageGraph } from '../model.js';
import { loadYaml } from '../parsers.js';
import { denoReader } from './deno.js';
import { pnpmReader } from './pnpm.js';
import { readYarnBerry } from './yarn-berry.js';
import { readYarnV1 } from './yarn-v1.js';

/** Berry lockfiles are YAML with a top-level `__metadata:` key; v1 files never have one. */
export function isYarnBerry(text: string): boolean {
  return /^__metadata:/m.test(text.slice(0, 4096));
}

export const yarnReader: LockfileReader = {
  id: 'yarn',
  fileNames: ['yarn.lock'],
  // Also yarn-v1.lock, yarn-berry-v4.lock and the like, when the content looks like a yarn lockfile.
  sniff(fileName: string, head: string): boolean {
    if (!/^yarn[\w.-]*\.lock$/.test(fileName.replace(/^.*[\\/]/, ''))) return false;
    return /^__metadata:/m.test(head) || /# yarn lockfile v\d/.test(head) || /^"?@?[^\s@"]+@[^\n]*:\s*$/m.test(head);
  },
  async prepare(text: string): Promise<void> {
    if (isYarnBerry(text)) await loadYaml();
  },
  read(text: string, source: string): PackageGraph {
    return isYarnBerry(text) ? readYarnBerry(text, source) : readYarnV1(text, source);
  },
};

export const readers: LockfileReader[] = [yarnReader, pnpmReader, denoReader];
