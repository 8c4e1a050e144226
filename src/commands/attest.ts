/**
 * `custody attest`: builds an in-toto Statement v1 (SLSA provenance, an SBOM, or a custom predicate) for the
 * subjects, signs it through Sigstore (keyless with the CI's OIDC token, or with a key) and writes the bundle.
 * `attestInMemory` is the core: its inputs may be parsed values (an SBOM or predicate object, a capture document, a
 * key's PEM) and it returns the bundle's JSON without writing it; `attest` (the CLI and the actions) writes it.
 */
import { basename, resolve } from 'node:path';
import {
  CustodyError,
  PREDICATE_CYCLONEDX,
  PREDICATE_SPDX_23,
  UsageError,
  addSecret,
  documentClock,
  makeStatement,
  readBoundedFile,
  readBoundedFileSync,
  type Clock,
  type Logger,
  type Statement,
  type Subject,
} from '@custody/core';
import type { CaptureDocument } from '@custody/provenance';
import { acquireIdentityToken, githubSigningFacts, identityTokenHint, type IdentityTokenSource } from '@custody/ci';
import {
  chooseGitHubInstance,
  noCredentialsError,
  resolveInstance,
  signStatement,
  type LoggedEntry,
  type RetryPolicy,
  type SigningInstance,
  type KeySigner,
  type InstancePreset,
} from '@custody/sign';
import type { GitHubRegistryToken } from '@custody/oci';
import { writeFileAtomic } from '../io/files.js';
import { storeOnGitHub, planGitHubStore, type GitHubStoreMode, type GitHubStoreResult } from './github-store.js';
import { buildProvenanceStatement, resolveSubjects } from './provenance.js';
import { pushBundle, type PushResult } from './push.js';
import { AppInputError, type AppErrorCode } from '../errors.js';

export interface AttestOptions {
  subjects: string[];
  subjectChecksums?: string;
  /** One predicate source: provenance, an SBOM file, or a custom predicate (type + file or inline JSON). */
  provenance?: boolean;
  captureFile?: string;
  /** Or the capture document in memory (custody run's result), instead of captureFile. */
  capture?: CaptureDocument;
  /** With provenance: sign a capture whose command failed or never started (recorded in the predicate). */
  allowFailedBuild?: boolean;
  /** With provenance: accept subjects that are not among the capture's recorded outputs (recorded in the predicate). */
  allowUnrecordedSubject?: boolean;
  sbomFile?: string;
  /** Or the SBOM document already parsed (CycloneDX or SPDX JSON), instead of sbomFile; its type is detected the same way. */
  sbomDocument?: unknown;
  /** A scanner's report (Trivy, Grype or OSV-Scanner JSON, SARIF, CycloneDX VDR) to sign as a vulnerability attestation. */
  vulnFile?: string;
  /** The vulnerability predicate: `in-toto` (https://in-toto.io/attestation/vulns/v0.1, the default) or `cosign` (cosign's vuln v1). */
  vulnPredicate?: string;
  /** A VEX document (OpenVEX, CycloneDX VEX) to sign as a VEX attestation. */
  vexFile?: string;
  predicateType?: string;
  predicateFile?: string;
  /** Or the custom predicate as an object (with predicateType), instead of predicateFile / predicateJson. */
  predicate?: unknown;
  /** Inline predicate JSON text (the action's `predicate` input). */
  predicateJson?: string;
  /** Key-based signing: PEM private key file, or a key URI (pkcs11:…, see @custody/sign key-uri.ts). */
  keyFile?: string;
  /** Or the PEM itself (the action's `key` input holding a secret); never written to disk. */
  keyPem?: string;
  /** The passphrase of an encrypted key (the faces: the key-password input, CUSTODY_KEY_PASSWORD). */
  keyPassphrase?: string;
  /** The PIN of a pkcs11: key whose URI has no pin-source (the faces: CUSTODY_PKCS11_PIN). */
  keyPin?: string;
  /** Keyless: a token given explicitly (--identity-token); otherwise found on the platform. */
  identityToken?: string;
  /** A token source tried before the platform lookup (the action: core.getIDToken). */
  tokenProvider?: () => Promise<string | undefined>;
  instance?: string;
  signingConfigFile?: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
  /** Where to write the bundle; default `<first subject name>.sigstore.json` in cwd. */
  bundleFile?: string;
  /** Directory for the default bundle name (default cwd; the action uses RUNNER_TEMP). */
  bundleDir?: string;
  push?: boolean;
  /**
   * Where else to store the bundle: `github` (GitHub's attestations API of `githubRepo`, else GITHUB_REPOSITORY),
   * `oci` (= push). See githubStore for how an upload that cannot be made is handled.
   */
  store?: string[];
  /** OWNER/REPO for `store: ['github']` (default GITHUB_REPOSITORY). */
  githubRepo?: string;
  /** A token given explicitly (the actions' github-token input), tried before GITHUB_TOKEN and GH_TOKEN. */
  githubToken?: string;
  /** For push: a GitHub token for GitHub's container registry (the actions' github-token input). */
  registryToken?: GitHubRegistryToken;
  /**
   * `required` (the CLI's --store github): no repository, no token or a refused upload is an error (exit 2), checked
   * before signing where it can be. `auto` (the actions' default): upload when a repository and a token are there;
   * a refusal (e.g. the job lacks `attestations: write`) is a warning and the result says why nothing was stored.
   */
  githubStore?: GitHubStoreMode;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
  /** Sigstore request retries and timeouts (the faces: CUSTODY_SIGSTORE_RETRIES, _TIMEOUT_MS, _BACKOFF_MS). */
  retry?: Partial<RetryPolicy>;
  /** A preset's services from a signing_config.json (the faces: CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD / _GITHUB). */
  presetSigningConfigs?: Partial<Record<InstancePreset, string>>;
  fetch?: typeof fetch;
}

export interface AttestResult {
  bundlePath: string;
  subjects: Subject[];
  predicateType: string;
  mediaType: string;
  identity?: { san: string; issuer: string };
  keyId?: string;
  tokenSource?: IdentityTokenSource | 'action';
  tlogEntries: LoggedEntry[];
  timestamps: number;
  instance: SigningInstance;
  bundleBytes: number;
  /** Where --push stored the bundle: one entry per image subject. */
  pushed: PushResult[];
  /** GitHub's attestations API (--store github): the id and page of the stored attestation, or why it was not stored. */
  github?: GitHubStoreResult;
}

function fileError(code: AppErrorCode, what: string, path: string, hint: string, cause?: unknown): AppInputError {
  return new AppInputError(code, what, { location: path, hint, ...(cause ? { cause } : {}) });
}

async function readJson(path: string, flag: string, cwd: string): Promise<unknown> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = (await readBoundedFile(full, `${flag} ${path}`)).toString('utf8');
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw fileError(
      'ATTEST_INPUT_NOT_FOUND',
      `${flag} ${path} cannot be read.`,
      full,
      'Check the path (relative to the working directory).',
      err,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fileError(
      'ATTEST_INPUT_NOT_JSON',
      `${flag} ${path} is not JSON (${(err as Error).message}).`,
      full,
      'Give a JSON document (CycloneDX JSON, SPDX JSON, or a JSON predicate).',
      err,
    );
  }
}

/** The in-toto predicate type of an SBOM document: CycloneDX JSON or SPDX 2.x JSON. */
export function detectSbomPredicateType(doc: unknown, location: string): string {
  const d = doc as Record<string, unknown> | null;
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    if (d.bomFormat === 'CycloneDX') return PREDICATE_CYCLONEDX;
    if (typeof d.spdxVersion === 'string') {
      if (d.spdxVersion === 'SPDX-2.3') return PREDICATE_SPDX_23;
      const m = /^SPDX-2\.(\d)$/.exec(d.spdxVersion);
      if (m) return `https://spdx.dev/Document/v2.${m[1]}`;
      throw new AppInputError('ATTEST_SBOM_UNSUPPORTED', `the SBOM is ${d.spdxVersion}; Custody attests SPDX 2.x and CycloneDX JSON.`, {
        location,
        hint: 'Convert it to SPDX 2.3 JSON or CycloneDX JSON, or attest it as a custom predicate (--predicate-type URI --predicate FILE).',
      });
    }
  }
  throw new AppInputError(
    'ATTEST_SBOM_UNKNOWN',
    'the SBOM is neither CycloneDX JSON (bomFormat "CycloneDX") nor SPDX JSON (spdxVersion).',
    {
      location,
      hint: 'Generate one with custody sbom, or pass another document with --predicate-type URI --predicate FILE.',
    },
  );
}

function checkPredicateType(uri: string): string {
  try {
    const u = new URL(uri);
    if (!u.protocol || uri.trim() !== uri) throw new Error('x');
  } catch {
    throw new UsageError(`--predicate-type "${uri}" is not a URI.`, {
      hint: 'Predicate types are URIs, e.g. https://example.com/test-result/v1.',
    });
  }
  return uri;
}

/** The default bundle file: the first subject's base name, made safe, + .sigstore.json, in cwd. */
export function defaultBundleName(subjects: Subject[]): string {
  const name = subjects[0]?.name ?? 'attestation';
  const base = basename(name.replace(/[\\/]+$/, '')).replace(/[^A-Za-z0-9._@+-]/g, '_') || 'attestation';
  return `${base}.sigstore.json`;
}

/** The statement of one attestation: its subjects and its one predicate (provenance, an SBOM, a custom predicate). */
export async function buildStatement(options: AttestOptions, clock: Clock, token: string | undefined): Promise<Statement> {
  const modes = [
    options.provenance ? '--provenance' : '',
    options.sbomFile || options.sbomDocument !== undefined ? '--sbom' : '',
    options.vulnFile ? '--vuln' : '',
    options.vexFile ? '--vex' : '',
    options.predicateType || options.predicateFile || options.predicateJson || options.predicate !== undefined ? '--predicate-type' : '',
  ].filter(Boolean);
  if (modes.length !== 1) {
    throw new UsageError(modes.length === 0 ? 'no predicate: nothing to attest.' : `choose one of ${modes.join(', ')}.`, {
      hint: 'Give exactly one of --provenance, --sbom FILE, --vuln REPORT, --vex DOC, or --predicate-type URI --predicate FILE.',
    });
  }
  if (options.vulnPredicate && !options.vulnFile)
    throw new UsageError('--vuln-predicate applies to --vuln REPORT only.', { hint: 'Add --vuln REPORT, or drop --vuln-predicate.' });
  if (options.provenance) {
    if (options.capture && options.captureFile) throw new UsageError('give the capture once: a file or the document, not both.');
    return buildProvenanceStatement({
      subjects: options.subjects,
      ...(options.subjectChecksums ? { subjectChecksums: options.subjectChecksums } : {}),
      ...(options.captureFile ? { captureFile: options.captureFile } : {}),
      ...(options.capture ? { capture: options.capture } : {}),
      allowFailedBuild: options.allowFailedBuild ?? false,
      allowUnrecordedSubject: options.allowUnrecordedSubject ?? false,
      cwd: options.cwd,
      env: options.env,
      clock,
      logger: options.logger,
      ...(token ? { idToken: token } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }
  const subjects = await resolveSubjects(options.subjects, options.subjectChecksums, options.cwd);
  if (options.sbomFile && options.sbomDocument !== undefined) throw new UsageError('give the SBOM once: a file or the document, not both.');
  if (options.sbomDocument !== undefined) {
    return makeStatement(subjects, detectSbomPredicateType(options.sbomDocument, 'the SBOM document'), options.sbomDocument);
  }
  if (options.vulnFile) {
    const v = await import('@custody/verify/scan-reports');
    const kind = options.vulnPredicate ?? 'in-toto';
    if (kind !== 'in-toto' && kind !== 'cosign')
      throw new UsageError(`--vuln-predicate "${kind}" is not in-toto or cosign.`, {
        hint: 'in-toto signs https://in-toto.io/attestation/vulns/v0.1 (the default); cosign signs https://cosign.sigstore.dev/attestation/vuln/v1.',
      });
    const doc = await readJson(options.vulnFile, '--vuln', options.cwd);
    const report = v.readScanReport(doc, resolve(options.cwd, options.vulnFile));
    options.logger.info(
      `custody attest: ${report.format} report from ${report.scanner.name}${report.scanner.version ? ` ${report.scanner.version}` : ''}: ${report.findings.length} finding(s)${report.db?.lastUpdate ? `, database of ${report.db.lastUpdate}` : ', database time not in the report (the scan time stands in)'}`,
    );
    return kind === 'cosign'
      ? makeStatement(subjects, v.PREDICATE_COSIGN_VULN_V1, v.buildCosignVulnPredicate(report, doc, clock.now()))
      : makeStatement(subjects, v.PREDICATE_VULNS_V01, v.buildVulnsPredicate(report, clock.now()));
  }
  if (options.vexFile) {
    const v = await import('@custody/verify/scan-reports');
    const doc = await readJson(options.vexFile, '--vex', options.cwd);
    const where = resolve(options.cwd, options.vexFile);
    const format = v.detectVexFormat(doc);
    if (format === 'openvex') return makeStatement(subjects, v.PREDICATE_OPENVEX, (v.readOpenVex(doc, where), doc));
    if (format === 'cyclonedx') {
      v.readCycloneDxVex(doc, where);
      return makeStatement(subjects, v.PREDICATE_CYCLONEDX_VEX, doc);
    }
    throw new AppInputError(
      'ATTEST_VEX_UNKNOWN',
      'the VEX document is neither OpenVEX (@context https://openvex.dev/ns/…) nor a CycloneDX VEX (vulnerabilities with analysis).',
      {
        location: where,
        hint: 'Write one with custody vex create / add, or export OpenVEX or CycloneDX VEX from your tool.',
      },
    );
  }
  if (options.sbomFile) {
    const doc = await readJson(options.sbomFile, '--sbom', options.cwd);
    return makeStatement(subjects, detectSbomPredicateType(doc, resolve(options.cwd, options.sbomFile)), doc);
  }
  if (!options.predicateType)
    throw new UsageError('--predicate needs --predicate-type URI.', {
      hint: 'Say what the predicate is: --predicate-type https://example.com/my-predicate/v1.',
    });
  const type = checkPredicateType(options.predicateType);
  if ([options.predicateFile, options.predicateJson, options.predicate].filter((p) => p !== undefined && p !== '').length > 1)
    throw new UsageError('give the predicate once: a file, inline JSON or an object, not two of them.');
  let predicate: unknown;
  if (options.predicate !== undefined) predicate = options.predicate;
  else if (options.predicateFile) predicate = await readJson(options.predicateFile, '--predicate', options.cwd);
  else if (options.predicateJson) {
    try {
      predicate = JSON.parse(options.predicateJson);
    } catch (err) {
      throw new AppInputError('ATTEST_INPUT_NOT_JSON', `the inline predicate is not JSON (${(err as Error).message}).`, {
        hint: 'Give a JSON object.',
      });
    }
  } else throw new UsageError('--predicate-type needs --predicate FILE.', { hint: 'Give the predicate document as a JSON file.' });
  if (!predicate || typeof predicate !== 'object' || Array.isArray(predicate)) {
    throw new AppInputError('ATTEST_PREDICATE_NOT_OBJECT', 'the predicate must be a JSON object.', {
      hint: 'Wrap it in an object: {"...": ...}.',
    });
  }
  return makeStatement(subjects, type, predicate);
}

/**
 * Which preset to sign with, and why. `--instance` wins; explicit services (a signing config, URLs) need no preset;
 * keyless on GitHub Actions chooses as @actions/attest does (public repositories on public-good, everything else on
 * GitHub's instance for the server: github.com or the GHE.com tenant); keyless elsewhere: public-good; with a key:
 * none (offline). The preset's endpoints can be replaced through `presetSigningConfigs` (a mirror, a proxy, a stand-in).
 */
async function choosePreset(
  options: InstanceOptions,
  keyBased: boolean,
): Promise<{ preset?: string; serverUrl?: string; reason?: string; presetSigningConfig?: { json: unknown; location: string } }> {
  const explicitServices = Boolean(options.signingConfigFile || options.fulcioUrl || options.rekorUrl || options.tsaUrl);
  const facts = githubSigningFacts(options.env, {
    readFile: (path) => {
      try {
        return readBoundedFileSync(resolve(options.cwd, path), 'the event payload', 'ociJsonBytes').toString('utf8');
      } catch {
        return undefined;
      }
    },
  });
  let preset = options.instance;
  let reason: string | undefined;
  if (!preset && !keyBased && !explicitServices) {
    if (facts) ({ preset, reason } = chooseGitHubInstance(facts));
    else preset = 'public-good';
  }
  const out: { preset?: string; serverUrl?: string; reason?: string; presetSigningConfig?: { json: unknown; location: string } } = {};
  if (!preset) return out;
  out.preset = preset;
  if (reason) out.reason = reason;
  if (facts) out.serverUrl = facts.serverUrl;
  const configPath = Object.hasOwn(options.presetSigningConfigs ?? {}, preset)
    ? options.presetSigningConfigs![preset as InstancePreset]
    : undefined;
  if (configPath)
    out.presetSigningConfig = {
      json: await readJson(configPath, `the ${preset} signing config`, options.cwd),
      location: resolve(options.cwd, configPath),
    };
  return out;
}

export type InstanceOptions = Pick<
  AttestOptions,
  'instance' | 'signingConfigFile' | 'fulcioUrl' | 'rekorUrl' | 'tsaUrl' | 'presetSigningConfigs' | 'cwd' | 'env'
>;

/**
 * The Sigstore instance `attest` signs with for these options and this environment: the platform facts
 * (packages/ci) through the instance presets and their choice (packages/sign). `signingConfig` is the parsed
 * --signing-config file, when one is given (read here when not passed).
 */
export async function signingInstanceFor(
  options: InstanceOptions,
  keyBased: boolean,
  signingConfig?: { json: unknown; location: string },
): Promise<SigningInstance> {
  if (options.signingConfigFile && !signingConfig) {
    signingConfig = {
      json: await readJson(options.signingConfigFile, '--signing-config', options.cwd),
      location: resolve(options.cwd, options.signingConfigFile),
    };
  }
  const choice = await choosePreset(options, keyBased);
  return resolveInstance({
    keyBased,
    ...choice,
    ...(signingConfig ? { signingConfig } : {}),
    ...(options.fulcioUrl ? { fulcioUrl: options.fulcioUrl } : {}),
    ...(options.rekorUrl ? { rekorUrl: options.rekorUrl } : {}),
    ...(options.tsaUrl ? { tsaUrl: options.tsaUrl } : {}),
  });
}

/**
 * The signing key of --key (a PEM file or a key URI: pkcs11:…, hashivault://, awskms://, gcpkms://, azurekms://) or
 * the key input, opened once (undefined: keyless). The key is opened by signing-key.ts, imported only here and only
 * when a key is given: a keyless run loads neither the PEM reader nor anything of key URIs.
 */
export async function signingKeyFor(
  options: Pick<AttestOptions, 'keyFile' | 'keyPem' | 'keyPassphrase' | 'keyPin' | 'identityToken' | 'cwd'> &
    Partial<Pick<AttestOptions, 'env'>>,
): Promise<KeySigner | undefined> {
  if (!options.keyFile && !options.keyPem) return undefined;
  if (options.identityToken) {
    throw new UsageError('both --key and --identity-token were given.', {
      hint: 'Use --key for key-based signing or --identity-token for keyless signing, not both.',
    });
  }
  if (options.keyFile && options.keyPem) throw new UsageError('give the signing key once: a file or the PEM, not both.');
  const { openSigningKey } = await import('./signing-key.js');
  return openSigningKey(options);
}

/** Keyless: the identity token (--identity-token, the action's provider, else the platform's) and where it came from. */
export async function identityTokenFor(
  options: Pick<AttestOptions, 'identityToken' | 'tokenProvider' | 'env' | 'fetch' | 'logger'>,
): Promise<{ token: string; tokenSource: NonNullable<AttestResult['tokenSource']> }> {
  let token: string | undefined;
  let tokenSource: AttestResult['tokenSource'];
  if (options.identityToken) {
    addSecret(options.identityToken);
    token = options.identityToken;
    tokenSource = 'flag';
  } else if (options.tokenProvider) {
    token = await options.tokenProvider();
    if (token) {
      addSecret(token);
      tokenSource = 'action';
    }
  }
  if (!token) {
    const found = await acquireIdentityToken({ env: options.env, ...(options.fetch ? { fetch: options.fetch } : {}) });
    if (found) {
      token = found.token;
      tokenSource = found.source;
      options.logger.info(`identity token: ${found.description}`);
    }
  }
  if (!token) throw noCredentialsError(identityTokenHint(options.env));
  return { token, tokenSource: tokenSource! };
}

/** The --store values Custody knows: github (the attestations API) and oci (the same as --push). */
export const STORE_KINDS = ['github', 'oci'] as const;

/**
 * Signs and stores (--push, --store github) the attestation and writes its bundle to bundleFile (the CLI and the
 * actions). The bundle is written before it is stored, so a failed upload leaves it for custody push.
 */
export async function attest(options: AttestOptions): Promise<AttestResult> {
  let bundlePath = '';
  const { bundleJson: _, ...rest } = await signAndStore(options, async (bundleJson, subjects) => {
    bundlePath = options.bundleFile
      ? resolve(options.cwd, options.bundleFile)
      : resolve(options.bundleDir ?? options.cwd, defaultBundleName(subjects));
    await writeFileAtomic(bundlePath, bundleJson);
  });
  return { ...rest, bundlePath };
}

/**
 * The in-memory core of attest: the same checks, signing and storage, with no file written. Its inputs may be
 * parsed values (sbomDocument, predicate, capture, keyPem) so that a composition (the one-step chain, the demo)
 * hands data from step to step and writes its outputs once, at its edge. bundleFile and bundleDir are ignored.
 */
export function attestInMemory(options: AttestOptions): Promise<AttestedBundle> {
  return signAndStore(options);
}

async function signAndStore(
  options: AttestOptions,
  write?: (bundleJson: string, subjects: Subject[]) => Promise<void>,
): Promise<AttestedBundle> {
  const stores = options.store ?? [];
  for (const s of stores) {
    if (!(STORE_KINDS as readonly string[]).includes(s)) {
      throw new UsageError(`--store ${s} is not one of ${STORE_KINDS.join(', ')}.`, {
        hint: "--store github uploads to GitHub's attestations API; --store oci stores next to the image (as --push).",
      });
    }
  }
  const push = options.push || stores.includes('oci');
  // --store github: the repository and the token are checked before anything is signed.
  const github =
    stores.includes('github') || options.githubStore === 'auto'
      ? planGitHubStore({
          mode: stores.includes('github') ? 'required' : (options.githubStore ?? 'required'),
          ...(options.githubRepo ? { repo: options.githubRepo } : {}),
          ...(options.githubToken ? { token: options.githubToken } : {}),
          env: options.env,
          logger: options.logger,
        })
      : undefined;
  // --push stores the bundle next to each image subject; know where before anything is signed.
  const pushTargets = push ? options.subjects.filter((s) => s.startsWith('oci://')) : [];
  if (push && pushTargets.length === 0) {
    throw new UsageError('--push needs an image subject to store the attestation next to.', {
      hint: 'Add --subject oci://REGISTRY/REPO@sha256:HEX (the image digest), or drop --push and use custody push --bundle FILE --image REF.',
    });
  }
  const clock = options.clock ?? documentClock(options.env);
  const retry = { ...options.retry };
  // Credentials first: a wrong key or a missing token fails before any work is done.
  const key = await signingKeyFor(options);
  let signingConfig: { json: unknown; location: string } | undefined;
  if (options.signingConfigFile) {
    const location = resolve(options.cwd, options.signingConfigFile);
    signingConfig = { json: await readJson(options.signingConfigFile, '--signing-config', options.cwd), location };
  }
  const instance = await signingInstanceFor(options, Boolean(key), signingConfig);
  options.logger.info(`Sigstore instance: ${instance.name}${instance.reason ? ` (${instance.reason})` : ''}`);
  const { token, tokenSource } = key ? { token: undefined, tokenSource: undefined } : await identityTokenFor(options);
  const statement = await buildStatement(options, clock, token);
  // A token or service key's session is released once the one signature is made.
  const signed = await signStatement(statement, {
    ...(key ? { key } : { identityToken: token! }),
    instance,
    logger: options.logger,
    retry,
  }).finally(() => key?.close?.());
  await write?.(signed.bundleJson, statement.subject);
  const pushed: PushResult[] = [];
  for (const image of pushTargets) {
    pushed.push(
      await pushBundle({
        bundles: [Buffer.from(signed.bundleJson)],
        image,
        cwd: options.cwd,
        env: options.env,
        logger: options.logger,
        clock,
        ...(options.registryToken ? { registryToken: options.registryToken } : {}),
      }),
    );
  }
  const stored = github ? await storeOnGitHub(github, signed.bundleJson, options.logger) : undefined;
  return {
    pushed,
    ...(stored ? { github: stored } : {}),
    bundleJson: signed.bundleJson,
    subjects: statement.subject,
    predicateType: statement.predicateType,
    mediaType: signed.mediaType,
    ...(signed.identity ? { identity: signed.identity } : {}),
    ...(signed.keyId ? { keyId: signed.keyId } : {}),
    ...(tokenSource ? { tokenSource } : {}),
    tlogEntries: signed.tlogEntries,
    timestamps: signed.timestamps,
    instance,
    bundleBytes: Buffer.byteLength(signed.bundleJson),
  };
}

/** What attestInMemory returns: the signed bundle's JSON, not written anywhere, and what attest reports of it. */
export interface AttestedBundle extends Omit<AttestResult, 'bundlePath'> {
  bundleJson: string;
}

/** Lines for humans (CLI stdout, job summary source). */
export function describeAttestation(r: AttestResult): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  rows.push(['bundle', r.bundlePath]);
  for (const s of r.subjects)
    rows.push([
      'subject',
      `${s.name} ${Object.entries(s.digest)
        .map(([a, h]) => `${a}:${h}`)
        .join(' ')}`,
    ]);
  rows.push(['predicate type', r.predicateType]);
  if (r.identity) rows.push(['identity', `${r.identity.san} (issuer ${r.identity.issuer})`]);
  if (r.keyId) rows.push(['key id', r.keyId]);
  for (const e of r.tlogEntries)
    rows.push(['transparency log', `${e.url} index ${e.logIndex} (integrated ${new Date(Number(e.integratedTime) * 1000).toISOString()})`]);
  if (r.timestamps) rows.push(['timestamps', `${r.timestamps} RFC 3161 (${r.instance.tsaUrl ?? ''})`]);
  if (!r.tlogEntries.length && !r.timestamps) rows.push(['evidence', 'none (offline key signing: no transparency log, no timestamp)']);
  rows.push(['instance', r.instance.name]);
  for (const p of r.pushed)
    for (const a of p.attestations)
      rows.push(['stored', `${p.image} as ${a.manifestDigest} (${a.mode === 'referrers' ? 'referrers API' : 'referrers tag'})`]);
  if (r.github?.id) rows.push(['stored', `GitHub attestation ${r.github.id} of ${r.github.repository}: ${r.github.url}`]);
  else if (r.github?.skipped) rows.push(['not stored on GitHub', r.github.skipped]);
  return rows;
}
