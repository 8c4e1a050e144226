/**
 * custody admission's options and their mapping to startAdmissionServer()'s typed options. The identity, key, trust
 * and policy flags are custody verify's own (the same table entries and the same verifyOptions() mapping); the policy
 * file's entries take the same option names, laid over the flags, and go through the same mapping, so a namespace's
 * images are verified exactly as `custody verify oci://IMAGE@DIGEST` would with those flags.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '@custody/core';
import type { AdmissionPolicyEntry } from '@custody/deploy';
import type { AdmissionServerOptions, FailurePolicy, NamespacePolicy } from '../commands/admission.js';
import type { Settings } from '../settings.js';
import { optionError, type OptionReader, type VerbSpec } from './spec.js';
import { VERIFY_GATE_FLAGS, verifyFlagSpecs, verifyOptions } from './verify.js';

/** verify's flags that make sense for an image; a policy file entry may set these too (the insecure ones aside). */
const VERIFY_FLAGS = VERIFY_GATE_FLAGS.filter((f) => f !== 'limit');

/** What a namespace's entry in the policy file may set: the verify flags (not the insecure ones) and dry-run. */
export const ADMISSION_CONFIG_KEYS = [...VERIFY_FLAGS.filter((f) => !f.startsWith('insecure-')), 'dry-run'] as const;
/** Entry values that are paths: relative to the policy file's directory. */
const PATH_KEYS = new Set(['key', 'trusted-root', 'policy']);

export const admissionVerb = {
  name: 'admission',
  options: {
    config: {
      type: 'string',
      value: 'FILE',
      description:
        'The policy file (YAML or JSON): namespace -> verify options, with a default (docs/admission.md); reloaded when it changes and on SIGHUP.',
    },
    'tls-cert': { type: 'string', value: 'PEM', description: 'The serving certificate (chain), PEM; reloaded when it changes.' },
    'tls-key': { type: 'string', value: 'PEM', description: 'Its private key, PEM.' },
    'insecure-http': {
      type: 'boolean',
      description: 'INSECURE: serve plain HTTP (tests, or behind a mesh that terminates TLS); the API server itself calls only HTTPS.',
    },
    port: { type: 'string', value: 'N', description: 'The port to listen on.', default: '8443' },
    address: { type: 'string', value: 'ADDR', description: 'The address to listen on.', default: '0.0.0.0' },
    'failure-policy': {
      type: 'string',
      value: 'POLICY',
      description:
        'fail (an error or timeout denies) or ignore (DANGEROUS: an unreachable registry then admits unverified images, with a warning).',
      default: 'fail',
    },
    'dry-run': {
      type: 'boolean',
      description: 'Warn, never deny: every review is allowed, with warnings saying what would have been denied.',
    },
    'cache-ttl': {
      type: 'string',
      value: 'SECONDS',
      description: 'How long a verified (digest, policy) pair is admitted without verifying again (0: no cache).',
      default: '300',
    },
    'cache-entries': { type: 'string', value: 'N', description: 'The most (digest, policy) pairs kept.', default: '10000' },
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: "The deadline of one review (keep it below the webhook's timeoutSeconds); past it the review fails.",
      default: '8',
    },
    ...verifyFlagSpecs(VERIFY_FLAGS),
  },
} satisfies VerbSpec;

function positiveNumber(r: OptionReader, name: string, min: number, max: number, integer: boolean): number {
  const text = r.str(name)!;
  const n = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)))) {
    throw optionError(r, name, `is "${text}", not a ${integer ? 'whole number' : 'number'} from ${min} to ${max}.`);
  }
  return n;
}

/** The flags, with a policy file entry laid over them: the entry's values replace the flags' of the same name. */
function entryReader(base: OptionReader, entry: AdmissionPolicyEntry, where: string, baseDir: string): OptionReader {
  const path = (v: string) => (isAbsolute(v) ? v : resolve(baseDir, v));
  const value = (name: string) => {
    const v = entry[name];
    if (v === undefined) return undefined;
    if (!PATH_KEYS.has(name)) return v;
    return typeof v === 'string' ? path(v) : Array.isArray(v) ? v.map(path) : v;
  };
  const typeError = (name: string, want: string) => optionError(reader, name, `is not ${want}.`);
  const reader: OptionReader = {
    str: (name) => {
      const v = value(name);
      if (v === undefined) return base.str(name);
      if (typeof v !== 'string') throw typeError(name, 'a string');
      return v;
    },
    strs: (name) => {
      const v = value(name);
      if (v === undefined) return base.strs(name);
      if (typeof v === 'boolean') throw typeError(name, 'a string or a list of strings');
      return typeof v === 'string' ? [v] : v;
    },
    bool: (name) => {
      const v = value(name);
      if (v === undefined) return base.bool(name);
      if (typeof v !== 'boolean') throw typeError(name, 'true or false');
      return v;
    },
    label: (name) => (entry[name] !== undefined ? `${where}.${name}` : base.label(name)),
  };
  return reader;
}

/** Flags -> the typed options of startAdmissionServer() (the face adds cwd, env and the logger). */
export function admissionOptions(
  r: OptionReader,
  settings: Settings,
  logger: Logger,
): Omit<AdmissionServerOptions, 'cwd' | 'env' | 'logger'> {
  const failurePolicy = r.str('failure-policy') ?? 'fail';
  if (failurePolicy !== 'fail' && failurePolicy !== 'ignore') {
    throw optionError(r, 'failure-policy', `is "${failurePolicy}", not fail or ignore.`, 'Keep the default, fail: an error denies.');
  }
  const cert = r.str('tls-cert');
  const key = r.str('tls-key');
  if (Boolean(cert) !== Boolean(key)) {
    throw optionError(r, cert ? 'tls-key' : 'tls-cert', 'is missing: the certificate and its key go together.');
  }
  if (cert && r.bool('insecure-http')) {
    throw optionError(
      r,
      'insecure-http',
      `cannot be combined with ${r.label('tls-cert')}.`,
      'Serve HTTPS (the API server calls only HTTPS).',
    );
  }
  const policyFor = (entry: AdmissionPolicyEntry | undefined, where: string, baseDir: string): NamespacePolicy => {
    const reader = entry ? entryReader(r, entry, where, baseDir) : r;
    const { bundles: _b, vsa: _v, vsaSigning: _s, requireDigest: _d, github, ...verify } = verifyOptions(reader, settings, logger);
    return { verify: { ...verify, ...(github ? { github } : {}) }, dryRun: entry?.['dry-run'] === true };
  };
  // The flags alone must make a valid policy (the default when the file has none): checked now, not at the first review.
  policyFor(undefined, 'the command line', '.');
  return {
    ...(r.str('config') !== undefined ? { config: r.str('config')! } : {}),
    configKeys: ADMISSION_CONFIG_KEYS,
    policyFor,
    ...(cert && key ? { tls: { cert, key } } : {}),
    insecureHttp: r.bool('insecure-http'),
    host: r.str('address') ?? '0.0.0.0',
    port: positiveNumber(r, 'port', 0, 65535, true),
    failurePolicy: failurePolicy as FailurePolicy,
    dryRun: r.bool('dry-run'),
    cacheTtlMs: positiveNumber(r, 'cache-ttl', 0, 86_400, false) * 1000,
    cacheEntries: positiveNumber(r, 'cache-entries', 0, 10_000_000, true),
    timeoutMs: positiveNumber(r, 'timeout', 0.1, 30, false) * 1000,
  };
}
