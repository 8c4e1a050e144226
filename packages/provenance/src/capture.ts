import { resolve } from 'node:path';
import { CustodyError, CUSTODY_VERSION, isoSeconds, parseJsonBounded, type Clock } from '@custody/core';
import { ProvenanceInputError } from './errors.js';
import { collectMaterials, readInputText } from './files.js';
import { readGitFacts, type GitFacts } from './git.js';
import { readHostFacts, type HostFacts } from './host.js';
import { CAPTURE_TYPE, CAPTURE_VERSION, type BuildContext, type CaptureDocument, type IdentitySource } from './model.js';
import { redactEnvironment, redactValue } from './redact.js';
import { readToolVersions, type VersionRunner } from './tools.js';

export interface CollectCaptureOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  ci: BuildContext;
  identity?: IdentitySource;
  materials?: readonly string[];
  tools?: readonly string[];
  /** Extra environment variable names to capture (still redacted). */
  allowEnv?: readonly string[];
  /** Injected for tests: runs `NAME --version`. */
  versionRunner?: VersionRunner;
  /** Injected for tests: host facts. */
  host?: HostFacts;
  /** Run `git status --porcelain` for the dirty flag (default true). */
  gitStatus?: boolean;
}

/** Deep-redacts every string of the CI context (URLs with tokens, PR titles pasted into variables, …). */
function redactContext<T>(value: T): T {
  if (typeof value === 'string') return redactValue(value) as T;
  if (Array.isArray(value)) return value.map(redactContext) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactContext(v)])) as T;
  }
  return value;
}

/** Collects a capture document. Input errors (a bad --material) throw; everything else becomes a warning. */
export async function collectCapture(options: CollectCaptureOptions): Promise<CaptureDocument> {
  const startedOn = isoSeconds(options.clock.now());
  const warnings: string[] = [];
  const [materials, tools, git] = await Promise.all([
    collectMaterials(options.materials ?? [], options.cwd),
    readToolVersions(options.tools ?? [], options.versionRunner),
    readGitFacts(options.cwd, { status: options.gitStatus ?? true }).catch((err: unknown) => {
      warnings.push(`git facts unavailable: ${(err as Error).message}`);
      return undefined as GitFacts | undefined;
    }),
  ]);
  if (!git) warnings.push(`no git repository at or above ${options.cwd}: source revision taken from the CI environment only`);
  else if (git.dirtySource === 'unknown') warnings.push('git is not on PATH (or failed): the dirty flag is unknown');
  for (const t of tools) if (t.error) warnings.push(`tool ${t.name}: ${t.error}`);
  return {
    _type: CAPTURE_TYPE,
    version: CAPTURE_VERSION,
    startedOn,
    finishedOn: isoSeconds(options.clock.now()),
    custody: { version: CUSTODY_VERSION },
    ci: redactContext(options.ci),
    identity: options.identity ?? { source: 'environment', reason: 'no OIDC token was verified for this capture' },
    ...(git ? { git } : {}),
    host: options.host ?? readHostFacts(),
    tools,
    environment: redactEnvironment(options.env, { allow: [...(options.allowEnv ?? [])] }),
    materials,
    warnings,
  };
}

/** Reads and checks a capture document written by `custody capture` or `custody run`. */
export async function readCapture(file: string, cwd: string): Promise<CaptureDocument> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readInputText(path, `--capture "${file}"`, '--capture');
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    const why = (err as NodeJS.ErrnoException).code === undefined ? `: ${(err as Error).message}` : '';
    throw new ProvenanceInputError('CAPTURE_NOT_FOUND', `--capture "${file}" cannot be read (looked for ${path})${why}.`, {
      location: '--capture',
      hint: 'Write one first with `custody capture --output FILE` or `custody run --capture-output FILE -- …`.',
    });
  }
  let doc: unknown;
  try {
    doc = parseJsonBounded(text, { what: `--capture "${file}"`, location: file });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ProvenanceInputError('CAPTURE_INVALID', `--capture "${file}" is not JSON: ${(err as Error).message}.`, {
      location: file,
      hint: 'Pass the file written by custody capture or custody run.',
    });
  }
  const d = doc as Partial<CaptureDocument> | null;
  if (!d || typeof d !== 'object' || d._type !== CAPTURE_TYPE) {
    throw new ProvenanceInputError(
      'CAPTURE_INVALID',
      `--capture "${file}" is not a Custody capture document (its _type is ${JSON.stringify(d?._type)}).`,
      {
        location: file,
        hint: `Pass the file written by custody capture or custody run (_type ${CAPTURE_TYPE}).`,
      },
    );
  }
  if (d.version !== CAPTURE_VERSION) {
    throw new ProvenanceInputError(
      'CAPTURE_VERSION_UNSUPPORTED',
      `--capture "${file}" has version ${JSON.stringify(d.version)}; this Custody reads version ${CAPTURE_VERSION}.`,
      {
        location: file,
        hint: 'Capture again with this version of Custody.',
      },
    );
  }
  if (!d.ci || typeof d.ci !== 'object' || typeof d.startedOn !== 'string') {
    throw new ProvenanceInputError('CAPTURE_INVALID', `--capture "${file}" lacks its ci or startedOn fields.`, {
      location: file,
      hint: 'Pass an unmodified file written by custody capture or custody run.',
    });
  }
  return d as CaptureDocument;
}
