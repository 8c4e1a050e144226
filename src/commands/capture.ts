/**
 * `custody capture`: the build's facts as a capture document (CI context, git, tools, host, redacted environment,
 * materials, time). Also the shared first step of `custody run` and `custody provenance`.
 */
import { readFileSync } from 'node:fs';
import type { Clock, Logger } from '@custody/core';
import { detectCi, type CiContext } from '@custody/ci';
import { collectCapture, type CaptureDocument, type HostFacts, type IdentitySource, type VersionRunner } from '@custody/provenance';

export interface CaptureOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** --material GLOB: files whose sha256 is recorded (lockfiles, Dockerfile, …). */
  materials?: string[];
  /** --tool NAME: `NAME --version` is recorded besides node, npm and git. */
  tools?: string[];
  /** Test seams: tool-version runner, host facts, the git status call. */
  versionRunner?: VersionRunner;
  host?: HostFacts;
  gitStatus?: boolean;
  /** A CI context with verified identity already applied (custody provenance passes one). */
  ci?: CiContext;
  identity?: IdentitySource;
}

/** Reads a file for CI detection (the GitHub event payload); undefined when it cannot. */
export function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').slice(0, 1 << 20);
  } catch {
    return undefined;
  }
}

export function detectContext(env: NodeJS.ProcessEnv): CiContext {
  return detectCi(env, { readFile: readSmallFile });
}

export async function captureBuild(options: CaptureOptions): Promise<CaptureDocument> {
  const ci = options.ci ?? detectContext(options.env);
  const doc = await collectCapture({
    cwd: options.cwd,
    env: options.env,
    clock: options.clock,
    ci,
    ...(options.identity ? { identity: options.identity } : {}),
    materials: options.materials ?? [],
    tools: options.tools ?? [],
    ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
  });
  for (const w of doc.warnings) options.logger.debug(w);
  return doc;
}
