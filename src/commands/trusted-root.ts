/**
 * `custody trusted-root`: prints a Sigstore trusted_root.json for offline verification (`custody verify
 * --trusted-root FILE`), as `gh attestation trusted-root` does. public-good: the snapshot embedded in @sigstore/tuf's
 * seeds, offline; `--refresh`: the current one through the instance's TUF repository (signed metadata, verified).
 * GitHub's instance has no embedded snapshot (no npm package ships its trusted root or its TUF root, and Custody
 * does not invent key material): it is fetched through TUF from tuf-repo.github.com with the repository's initial
 * root.json given as --tuf-root.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError, type Logger } from '@custody/core';
import { embeddedPublicGoodRootJson, fetchTrustedRootTarget, GITHUB_TUF_URL, parseTrustedRoot, PUBLIC_GOOD_TUF_URL } from '@custody/verify';
import { writeFileAtomic } from '../io/files.js';
import { AppInputError } from '../errors.js';

export const TRUSTED_ROOT_INSTANCES = ['public-good', 'github'] as const;
export type TrustedRootInstance = (typeof TRUSTED_ROOT_INSTANCES)[number];

export interface TrustedRootOptions {
  instance?: string;
  /** Fetch the current trusted root through TUF (online) instead of printing the embedded snapshot. */
  refresh?: boolean;
  /** TUF repository URL (default: the instance's). */
  tufUrl?: string;
  /** The TUF repository's initial root.json (required for GitHub's instance). */
  tufRoot?: string;
  /** TUF cache directory (default $XDG_CACHE_HOME/custody/tuf/HOST or ~/.cache/custody/tuf/HOST). */
  cacheDir?: string;
  /** Write the trusted root here instead of stdout. */
  outputFile?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface TrustedRootResult {
  instance: TrustedRootInstance;
  /** Where it came from, for the log and the report. */
  source: string;
  /** The trusted_root.json document. */
  trustedRoot: unknown;
  /** The trusted root as one line of JSON and a newline (what is printed or written; JSON Lines like gh's). */
  text: string;
  outputFile?: string;
}

const HOW_TO_GET_GITHUB_ROOT =
  'Fetch it online through TUF: custody trusted-root --instance github --refresh --tuf-root ROOT.json, where ROOT.json is the initial root.json of ' +
  `${GITHUB_TUF_URL} (the one the gh CLI embeds as pkg/cmd/attestation/verification/embed/tuf-repo.github.com/root.json); or run ` +
  '`gh attestation trusted-root` and keep its github line. Then verify with custody verify --trusted-root FILE.';

function defaultCacheDir(env: NodeJS.ProcessEnv, url: string): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  const host = new URL(url).host.replace(/[^\w.-]/g, '_');
  return join(base, 'custody', 'tuf', host);
}

export async function trustedRoot(o: TrustedRootOptions): Promise<TrustedRootResult> {
  const instance = (o.instance ?? 'public-good') as TrustedRootInstance;
  if (!TRUSTED_ROOT_INSTANCES.includes(instance)) {
    throw new UsageError(`--instance "${o.instance}" is not public-good or github.`, {
      hint: 'Use --instance public-good (default) or --instance github.',
    });
  }
  if (!o.refresh && (o.tufUrl || o.tufRoot || o.cacheDir)) {
    throw new UsageError('--tuf-url, --tuf-root and --cache-dir go with --refresh.', {
      hint: 'Add --refresh to fetch the trusted root through TUF.',
    });
  }
  let json: unknown;
  let source: string;
  if (!o.refresh) {
    if (instance === 'github') {
      throw new AppInputError(
        'TRUSTED_ROOT_NOT_EMBEDDED',
        "Custody has no embedded snapshot of GitHub's Sigstore trusted root: no package in the npm registry ships it (or its TUF root), and Custody does not make up key material.",
        {
          hint: HOW_TO_GET_GITHUB_ROOT,
        },
      );
    }
    json = embeddedPublicGoodRootJson();
    source = `embedded public-good snapshot (@sigstore/tuf seeds.json, ${PUBLIC_GOOD_TUF_URL})`;
  } else {
    const url = o.tufUrl ?? (instance === 'github' ? GITHUB_TUF_URL : PUBLIC_GOOD_TUF_URL);
    let rootPath: string | undefined;
    if (o.tufRoot) {
      rootPath = resolve(o.cwd, o.tufRoot);
      if (!existsSync(rootPath))
        throw new AppInputError('TRUSTED_ROOT_TUF_ROOT_REQUIRED', `--tuf-root ${o.tufRoot} does not exist.`, {
          location: rootPath,
          hint: HOW_TO_GET_GITHUB_ROOT,
        });
    } else if (url !== PUBLIC_GOOD_TUF_URL) {
      throw new AppInputError(
        'TRUSTED_ROOT_TUF_ROOT_REQUIRED',
        `refreshing from ${url} needs that TUF repository's initial root.json (--tuf-root FILE): Custody ships the public-good one only.`,
        {
          hint:
            instance === 'github'
              ? HOW_TO_GET_GITHUB_ROOT
              : "Give the repository's root.json with --tuf-root FILE (trust on first use is not an option).",
        },
      );
    }
    const cacheDir = o.cacheDir ? resolve(o.cwd, o.cacheDir) : defaultCacheDir(o.env, url);
    o.logger.info(`refreshing the ${instance} trusted root through TUF from ${url} (cache ${cacheDir})`);
    const text = await fetchTrustedRootTarget({ cacheDir, mirrorURL: url, force: true, ...(rootPath ? { rootPath } : {}) });
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new AppInputError('TRUSTED_ROOT_INVALID', `the trusted_root.json served by ${url} is not JSON (${(err as Error).message}).`, {
        hint: "Check --tuf-url: it must be the instance's TUF repository.",
      });
    }
    source = `TUF repository ${url}`;
  }
  // What is printed must be usable by custody verify --trusted-root: checked with the same parser.
  parseTrustedRoot(json, source);
  const text = `${JSON.stringify(json)}\n`;
  const result: TrustedRootResult = { instance, source, trustedRoot: json, text };
  if (o.outputFile) {
    const out = resolve(o.cwd, o.outputFile);
    await writeFileAtomic(out, text);
    result.outputFile = out;
  }
  o.logger.info(`${instance} trusted root from ${source}`);
  return result;
}
