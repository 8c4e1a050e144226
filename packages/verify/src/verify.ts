/**
 * Verification of a target against attestations: pure over data (trust material, clock, target digests and
 * bundle JSON in; a report out). Every check runs and is reported; nothing stops at the first failure.
 */
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { formatLimit, limits, LIMIT_SPECS, MEDIA_SIGSTORE_BUNDLE_V03, PREDICATE_SLSA_PROVENANCE_V1, type Clock } from '@custody/core';
import { VerifyInputError } from './errors.js';
import type { AttestationInput } from './documents.js';
import {
  certificateIdentity,
  hasAnyConstraint,
  hasSignerConstraint,
  identityChecks,
  signerIdentity,
  type CertificateIdentity,
  type IdentityPolicy,
} from './identity.js';
import { policyChecks, policyIdentities, type CompiledPolicy } from './policy-eval.js';
import { hasSbomRules } from './sbom.js';
import { isVexPredicateType, vexFromPredicate } from './vex.js';
import { scanFromPredicate, VULN_PREDICATE_TYPES } from './vuln.js';
import { hasVulnRules, vulnerabilityChecks, type VerifiedScan, type VerifiedVex } from './vuln-gate.js';
import { fail, pass, REPORT_SCHEMA, skip, type AttestationReport, type Check, type SignerInfo, type VerifyReport } from './report.js';
import { messageDigestAlgorithm, verifySigstore } from './sigstore.js';
import { parseStatement, subjectCheck, type ParsedStatement } from './statement.js';
import { PREDICATE_NPM_PUBLISH_V01, type Trust, type TrustedKey } from './trust.js';

export const BUNDLE_MEDIA_TYPES: Record<string, string> = {
  'application/vnd.dev.sigstore.bundle+json;version=0.1': 'v0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2': 'v0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3': 'v0.3',
  [MEDIA_SIGSTORE_BUNDLE_V03]: 'v0.3',
};

export interface VerifyTarget {
  /** For the report: the path, `sha256:…`, or image reference. */
  name: string;
  /** Known digests, algorithm -> lowercase hex (sha256 always; sha512 etc. when computed from the file). */
  digests: Record<string, string>;
  /** The artifact's bytes, when available and small: message signatures are then checked over them. */
  bytes?: Uint8Array;
  /** Facts about how the target was resolved (a tag resolved to a digest), copied into the report's notes. */
  notes?: string[];
  /** An image named by tag: the reference and the digest it resolved to (once; everything after uses the digest). */
  resolved?: { reference: string; digest: string };
}

export interface InsecureOptions {
  /** Accept keyless bundles without a transparency-log entry. */
  ignoreTlog?: boolean;
  /** Accept certificates without a verified SCT. */
  ignoreSct?: boolean;
}

export interface VerifyOptions {
  trust: Trust;
  clock: Clock;
  /** Identity constraints from flags (apply to every keyless bundle unless the policy names identities). */
  identity?: IdentityPolicy;
  /**
   * Predicate types that must each have at least one fully verified attestation, in addition to the policy's
   * `requiredPredicateTypes` (the two lists are joined). Undefined with no policy list: SLSA Provenance v1 when any
   * bundle holds a statement. `[]`: none beyond the policy's (any verified attestation or signature).
   */
  requiredPredicateTypes?: string[];
  policy?: CompiledPolicy;
  insecure?: InsecureOptions;
  /** Allowed clock skew for "signed in the future" (default 300 s). */
  skewSeconds?: number;
  /**
   * Called for each attestation whose every check passed (signature, identity, statement, subject, policy) and that
   * holds an in-toto statement, with that statement: the verified claims, for a caller that reads them (custody
   * trace). Never called for an attestation that did not verify, so its claims cannot reach the caller this way.
   */
  onVerifiedStatement?: (attestation: AttestationReport, statement: ParsedStatement) => void;
}

/** Unverified DSSE payloads up to this size are read for the predicate type they claim (for the report only). */
const CLAIM_PEEK_BYTES = 1024 * 1024;

export const INSECURE_FLAG_NAMES: Record<keyof InsecureOptions, string> = {
  ignoreTlog: '--insecure-ignore-tlog',
  ignoreSct: '--insecure-ignore-sct',
};

interface Decoded {
  input: AttestationInput;
  mediaType?: string;
  bundle?: Bundle;
  bundleCheck: Check;
  statement?: ParsedStatement;
}

function decode(input: AttestationInput, trust: Trust): Decoded {
  if (input.unreadable) return { input, bundleCheck: fail('bundle', `cannot be read: ${input.unreadable}`) };
  const max = limits().bundleBytes;
  if (input.size > max) {
    return {
      input,
      bundleCheck: fail(
        'bundle',
        `${LIMIT_SPECS.bundleBytes.code}: the bundle is ${input.size} bytes, over the limit of ${formatLimit('bundleBytes', max)} (${LIMIT_SPECS.bundleBytes.env})`,
      ),
    };
  }
  const json = input.json as { mediaType?: unknown } | undefined;
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { input, bundleCheck: fail('bundle', 'not a Sigstore bundle (not a JSON object)') };
  const version = typeof json.mediaType === 'string' ? BUNDLE_MEDIA_TYPES[json.mediaType] : undefined;
  if (!version) {
    return {
      input,
      bundleCheck: fail(
        'bundle',
        `unsupported bundle media type ${JSON.stringify(json.mediaType ?? null)} (Custody reads bundles v0.1, v0.2 and v0.3)`,
      ),
    };
  }
  let bundle: Bundle;
  try {
    // A large DSSE payload is decoded from base64 once, here: the protobuf decoder would copy it three times, which
    // for a hostile 64 MiB bundle is the difference between staying well inside the memory budget and not.
    const env = (json as { dsseEnvelope?: unknown }).dsseEnvelope as { payload?: unknown } | undefined;
    let payload: Buffer | undefined;
    let forDecoder: unknown = json;
    if (env && typeof env === 'object' && typeof env.payload === 'string' && env.payload.length > 64 * 1024) {
      payload = Buffer.from(env.payload, 'base64');
      forDecoder = { ...json, dsseEnvelope: { ...env, payload: 'AA==' } };
    }
    bundle = bundleFromJSON(forDecoder);
    if (payload && bundle.content.$case === 'dsseEnvelope') bundle.content.dsseEnvelope.payload = payload;
  } catch (err) {
    return { input, bundleCheck: fail('bundle', `invalid ${version} bundle: ${(err as Error).message}`) };
  }
  const vm = bundle.verificationMaterial.content;
  if (vm.$case === 'x509CertificateChain') {
    const certs = vm.x509CertificateChain.certificates;
    try {
      // Only the leaf is used, and trust anchors come from the trusted root, never from the bundle: a root
      // (self-signed) certificate in the chain is refused. One exception, for the bundles npm's registry served in
      // 2023: a v0.1 bundle read from an npm attestations document may end with a root the trusted root already has.
      for (const [i, c] of certs.entries()) {
        if (i === 0) continue;
        const cert = X509Certificate.parse(Buffer.from(c.rawBytes));
        if (!cert.issuer.equals(cert.subject)) continue;
        const npmV01 = version === 'v0.1' && input.origin === 'npm-attestations' && i === certs.length - 1;
        if (!npmV01) {
          return {
            input,
            bundle,
            bundleCheck: fail(
              'bundle',
              `the certificate chain in the bundle includes a root (self-signed) certificate at position ${i}; a ${version} bundle must carry the signing certificate (and intermediates) only, trust anchors come from the trusted root`,
            ),
          };
        }
        const trusted = trust.material.certificateAuthorities.some((ca) => ca.certChain.some((x) => x.equals(cert)));
        if (!trusted) {
          return {
            input,
            bundle,
            bundleCheck: fail('bundle', 'the certificate chain in the bundle includes a root certificate that is not in the trusted root'),
          };
        }
      }
    } catch (err) {
      return { input, bundleCheck: fail('bundle', `a certificate in the bundle cannot be parsed: ${(err as Error).message}`) };
    }
  }
  return {
    input,
    bundle,
    bundleCheck: pass(
      'bundle',
      `Sigstore bundle ${version}, ${bundle.content.$case === 'dsseEnvelope' ? 'DSSE envelope' : 'message signature'}`,
    ),
  };
}

function signerInfo(
  keyBased: boolean,
  id: CertificateIdentity | undefined,
  key: TrustedKey | undefined,
  hint: string | undefined,
): SignerInfo {
  if (keyBased || !id) {
    return { kind: 'key', ...(key ? { identity: key.source } : hint ? { identity: `key ${hint}` } : {}) };
  }
  return {
    kind: 'certificate',
    ...(id.san ? { identity: id.san } : {}),
    ...(id.issuer ? { issuer: id.issuer } : {}),
    extensions: id.extensions,
  };
}

/** The best-matching identity when several are allowed: any full match passes; otherwise the closest is reported. */
function bestIdentity(policies: IdentityPolicy[], id: CertificateIdentity): Check[] {
  let best: Check[] | undefined;
  for (const [i, p] of policies.entries()) {
    const checks = identityChecks(p, id);
    if (checks.every((c) => c.status === 'pass')) return checks;
    const tagged = checks.map((c) =>
      c.status === 'fail' && policies.length > 1 ? { ...c, reason: `${c.reason} (allowed identity ${i + 1} of ${policies.length})` } : c,
    );
    if (!best || tagged.filter((c) => c.status === 'fail').length < best.filter((c) => c.status === 'fail').length) best = tagged;
  }
  return best ?? [];
}

/** Verifies a target against a list of attestations (see startVerification, which this runs). */
export function verifyTarget(target: VerifyTarget, inputs: AttestationInput[], options: VerifyOptions): VerifyReport {
  const v = startVerification(target, options);
  for (const input of inputs) v.add(input);
  return v.finish();
}

export interface Verification {
  /**
   * Verifies one attestation and keeps only its report: the input's JSON is released (`input.json` is cleared), so
   * attestations read one at a time are held in memory one at a time. Throws VerifyInputError when the run cannot
   * decide (a keyless bundle and no expected identity).
   */
  add(input: AttestationInput): void;
  /** The report over every attestation added. */
  finish(): VerifyReport;
}

/**
 * Verification one attestation at a time, so that the caller can read, verify and drop each (a registry may hold
 * many large attestations: their sizes add up only if they are all held at once).
 */
export function startVerification(target: VerifyTarget, options: VerifyOptions): Verification {
  const now = options.clock.now();
  const insecure = options.insecure ?? {};
  const flagsIdentity = options.identity ?? {};
  let count = 0;
  const policyHasIdentities = Boolean(
    options.policy && (options.policy.identities || Object.values(options.policy.predicates).some((p) => p.identities)),
  );
  if ((flagsIdentity.signerRepo || flagsIdentity.signerWorkflow) && !hasSignerConstraint(flagsIdentity) && !policyHasIdentities) {
    throw new VerifyInputError(
      'VERIFY_IDENTITY_REQUIRED',
      `${flagsIdentity.signerRepo ? '--signer-repo' : '--signer-workflow'} names the signing (reusable) workflow, not the source repository: alone it accepts builds of any repository that calls that workflow.`,
      {
        hint: 'Add --owner ORG or --repo ORG/REPO (the source repository built), or give --certificate-identity / --certificate-identity-regexp with --certificate-oidc-issuer, or identities in --policy.',
      },
    );
  }
  // Keyless bundles with no expected signer: the run cannot decide anything about them. With --key keys given they
  // are ignored (reported as such); otherwise the command is missing its identity flags.
  const userKeys = options.trust.keys.some((k) => k.usage === undefined);
  const checkKeyless = () => {
    if (!userKeys && !hasSignerConstraint(flagsIdentity) && !policyHasIdentities) {
      throw new VerifyInputError('VERIFY_IDENTITY_REQUIRED', 'a keyless (certificate) bundle needs an expected signer identity.', {
        hint: 'Pass --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, or a shorthand such as --owner ORG or --repo ORG/REPO, or identities in --policy.',
      });
    }
    if ((flagsIdentity.san || flagsIdentity.sanRegexp) && !flagsIdentity.issuer && !flagsIdentity.issuerRegexp) {
      throw new VerifyInputError('VERIFY_IDENTITY_REQUIRED', 'a certificate identity was given without its OIDC issuer.', {
        hint: 'Add --certificate-oidc-issuer, e.g. https://token.actions.githubusercontent.com.',
      });
    }
  };
  // Identity constraints apply: then at least one attestation must have had its signer identity checked and matched.
  const identityApplies = hasAnyConstraint(flagsIdentity) || policyHasIdentities;
  // --predicate-type and the policy's requiredPredicateTypes are joined; with neither, SLSA Provenance v1 when a
  // verified attestation holds a statement (decided after the loop: an unverified bundle cannot change the rule).
  const policyTypes = options.policy?.requiredPredicateTypes ?? [];
  const explicitRequired =
    options.requiredPredicateTypes === undefined && policyTypes.length === 0
      ? undefined
      : [...new Set([...(options.requiredPredicateTypes ?? []), ...policyTypes])];
  // A predicate type the policy has rules for (`predicates: {T: {sbom|expressions|maxAge}}`) is required as well:
  // otherwise an attestation that breaks those rules would only be ignored, and a missing one never noticed.
  const ruledTypes = Object.entries(options.policy?.predicates ?? {})
    .filter(([, r]) => r.expressions.length > 0 || r.maxAgeSeconds !== undefined || hasSbomRules(r.sbom))
    .map(([t]) => t);
  const notes: string[] = [...(target.notes ?? [])];
  // As with cosign, a regular expression matches anywhere in the identity: one without ^ (and $) also accepts an
  // identity that merely contains what it names (https://github.com/evil/x/…/https://github.com/acme/app/…). Said.
  const regexps = [
    ['--certificate-identity-regexp', flagsIdentity.sanRegexp],
    ['--certificate-oidc-issuer-regexp', flagsIdentity.issuerRegexp],
    ...[
      ...(options.policy?.identities ?? []),
      ...Object.values(options.policy?.predicates ?? {}).flatMap((r) => r.identities ?? []),
    ].flatMap((p) => [
      ['policy identityRegexp', p.sanRegexp],
      ['policy issuerRegexp', p.issuerRegexp],
    ]),
  ] as Array<[string, string | undefined]>;
  for (const [name, re] of regexps) {
    if (re === undefined || (re.startsWith('^') && re.endsWith('$'))) continue;
    const n = `${name} /${re}/ is not anchored (${re.startsWith('^') ? 'no $' : 'no ^'}): it accepts any identity that contains a match; write ^…$`;
    if (!notes.includes(n)) notes.push(n);
  }
  /** Per attestation: whether its signer identity was checked and matched (not skipped, not key-trust alone from npm). */
  const identityMatched: boolean[] = [];
  // The policy's `vulnerabilities:` rules: the scans and VEX of verified attestations, kept for finish().
  const vulnRules = options.policy?.vulnerabilities;
  const vulnOn = hasVulnRules(vulnRules);
  const isVulnType = (t: string | undefined) => t !== undefined && VULN_PREDICATE_TYPES.includes(t);
  const isVexType = (t: string | undefined) => t !== undefined && isVexPredicateType(t);
  const scans: VerifiedScan[] = [];
  const unreadableScans: Array<{ source: string; reason: string }> = [];
  const vexDocs = new Map<number, VerifiedVex>();
  let npmIdentitySkipped = false;

  const attestations: AttestationReport[] = [];
  const verifyOne = (d: Decoded, index: number): AttestationReport => {
    identityMatched[index] = false;
    const checks: Check[] = [d.bundleCheck];
    const report: AttestationReport = { source: d.input.source, checks, passed: false, outcome: 'ignored' };
    if (d.mediaType !== undefined) report.mediaType = d.mediaType;
    const bundle = d.bundle;
    if (!bundle || d.bundleCheck.status === 'fail') {
      for (const id of ['signature', 'identity', 'subject']) checks.push(skip(id, 'not checked: the bundle cannot be read'));
      return report;
    }
    report.content = bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature';
    const sig = verifySigstore(bundle, {
      trust: options.trust,
      now,
      skewSeconds: options.skewSeconds ?? 300,
      ignoreTlog: Boolean(insecure.ignoreTlog),
      ignoreSct: Boolean(insecure.ignoreSct),
      digests: target.digests,
      ...(target.bytes ? { artifact: target.bytes } : {}),
    });
    checks.push(...sig.checks);
    if (sig.signedAt.length) report.signedAt = sig.signedAt.map((t) => t.toISOString());
    const vm = bundle.verificationMaterial.content;
    const hint = vm.$case === 'publicKey' ? vm.publicKey.hint : undefined;
    // The identity as @sigstore/verify decoded it for a verified signer, else read from the (unverified) certificate.
    const certId =
      sig.keyBased || !sig.certificate
        ? undefined
        : sig.signer?.identity
          ? signerIdentity(sig.signer.identity)
          : certificateIdentity(sig.certificate);
    report.signer = signerInfo(sig.keyBased, certId, sig.trustedKey, hint);
    const npmKey = sig.keyBased && sig.trustedKey?.usage === 'npm:attestations';
    const keyTrusted = sig.keyBased && sig.checks.find((c) => c.id === 'signature.key')?.status === 'pass';
    if (keyTrusted && !sig.signedAt.length && !npmKey) {
      const n = `${d.input.source}: key-based bundle without a trusted timestamp; verified with timestamp and transparency-log thresholds of 0`;
      if (!notes.includes(n)) notes.push(n);
    }

    // Content: the statement and its subject, or the message digest.
    let statement: ParsedStatement | undefined;
    const signatureVerified = checks.every((c) => c.status !== 'fail');
    if (bundle.content.$case === 'dsseEnvelope' && !signatureVerified) {
      // A payload whose signature did not verify is not read (a forged document of any size costs nothing more);
      // only a small one is peeked at for the predicate type it claims, so the report can say what was ignored.
      const env = bundle.content.dsseEnvelope;
      const claimed =
        env.payload.length <= CLAIM_PEEK_BYTES ? parseStatement(env.payloadType, env.payload).statement?.predicateType : undefined;
      if (claimed) report.predicateType = claimed;
      checks.push(
        skip('statement', `not read: the signature did not verify${claimed ? ` (the payload claims predicate type ${claimed})` : ''}`),
      );
      checks.push(skip('subject', 'not checked: the signature did not verify'));
    } else if (bundle.content.$case === 'dsseEnvelope') {
      const env = bundle.content.dsseEnvelope;
      const parsed = parseStatement(env.payloadType, env.payload);
      checks.push(parsed.check);
      statement = parsed.statement;
      if (statement) {
        report.predicateType = statement.predicateType;
        checks.push(subjectCheck(statement, target.digests));
      } else {
        checks.push(skip('subject', 'not checked: no readable statement'));
      }
    } else {
      const alg = messageDigestAlgorithm(bundle)!;
      const ms = bundle.content.messageSignature;
      const signed = ms.messageDigest?.digest ? Buffer.from(ms.messageDigest.digest).toString('hex') : undefined;
      const have = target.digests[alg];
      checks.push(
        !signed
          ? fail('subject', 'the message signature carries no digest')
          : !have
            ? fail('subject', `the signed digest is ${alg}; the target's ${alg} digest is not known (give the artifact file)`)
            : signed === have
              ? pass('subject', `signed ${alg} digest equals the target's (${alg}:${have.slice(0, 16)}…)`)
              : fail('subject', `signed digest ${alg}:${signed.slice(0, 16)}… is not the target's ${alg}:${have.slice(0, 16)}…`),
      );
    }

    // npm registry keys sign npm publish attestations, served in npm attestations documents, and nothing else.
    if (npmKey) {
      const misuse =
        d.input.origin !== 'npm-attestations'
          ? `signed by ${report.signer.identity}: npm registry keys are trusted only for attestations read from an npm registry attestations document (a bundle file on its own is not one)`
          : statement?.predicateType !== PREDICATE_NPM_PUBLISH_V01
            ? `signed by ${report.signer.identity}: npm registry keys are trusted only for npm publish attestations (${PREDICATE_NPM_PUBLISH_V01}); this bundle holds ${statement ? statement.predicateType : 'no statement'}`
            : undefined;
      if (misuse) {
        const i = checks.findIndex((c) => c.id === 'signature.key');
        if (i >= 0 && checks[i]!.status !== 'fail') checks[i] = fail('signature.key', misuse);
        else if (i < 0) checks.push(fail('signature.key', misuse));
      }
    }

    // Identity (keyless): flags, or the policy's identities for this predicate type.
    if (sig.keyBased) {
      if (!keyTrusted) {
        checks.push(skip('identity', 'not checked: the bundle is not signed by a trusted key (see signature.key)'));
      } else if (npmKey && identityApplies) {
        checks.push(
          skip('identity', `signed by the npm registry (${report.signer.identity}): identity is checked on the keyless attestations`),
        );
        npmIdentitySkipped = true;
      } else {
        checks.push(pass('identity', `key-based bundle: trust comes from ${report.signer.identity ?? 'the given key'}`));
        identityMatched[index] = !npmKey;
      }
    } else if (certId) {
      const fromPolicy = options.policy ? policyIdentities(options.policy, statement?.predicateType) : undefined;
      const flagsApply = hasAnyConstraint(flagsIdentity);
      const policies = [...(flagsApply ? [flagsIdentity] : []), ...(fromPolicy ?? [])];
      if (policies.length === 0 || (!fromPolicy && !hasSignerConstraint(flagsIdentity))) {
        checks.push(
          fail(
            'identity',
            `no allowed signer for predicate type ${statement?.predicateType ?? '(none)'}: neither the flags nor the policy name one`,
          ),
        );
      } else {
        // Flags and policy both apply: the flags must match, and one of the policy identities too.
        let ids =
          flagsApply && fromPolicy
            ? [...identityChecks(flagsIdentity, certId), ...bestIdentity(fromPolicy, certId)]
            : bestIdentity(policies, certId);
        identityMatched[index] = ids.length > 0 && ids.every((c) => c.status === 'pass');
        // VEX signed by one of vulnerabilities.vexSigners counts too (it does not stand in for the run's signer).
        if (!identityMatched[index] && vulnOn && vulnRules.vexSigners && isVexType(statement?.predicateType)) {
          const vexIds = bestIdentity(vulnRules.vexSigners, certId);
          if (vexIds.length > 0 && vexIds.every((c) => c.status === 'pass'))
            ids = [pass('identity', "signer is one of the policy's vulnerabilities.vexSigners"), ...vexIds];
        }
        checks.push(...ids);
      }
    }

    // The policy: maxAge for every bundle; CEL and SBOM rules over the statement (they fail when there is none).
    // Only for an attestation whose every other check passed (signature, identity, statement, subject): a forged,
    // unsigned or foreign document never reaches the rules, so it cannot crash them or slow them down.
    const unverified = checks.filter((c) => c.status === 'fail');
    if (options.policy && unverified.length > 0) {
      checks.push(skip('policy', `not evaluated: the attestation did not verify (${unverified.map((c) => c.id).join(', ')})`));
    } else if (options.policy) {
      checks.push(
        ...policyChecks(options.policy, {
          ...(statement ? { statement } : {}),
          signer: { ...report.signer, extensions: report.signer.extensions ?? {} },
          signedAt: sig.signedAt,
          now,
        }),
      );
    }
    report.passed = checks.every((c) => c.status !== 'fail');
    if (vulnOn && report.passed && statement) {
      const t = statement.predicateType;
      if (isVulnType(t)) {
        const scan = scanFromPredicate(t, statement.predicate);
        if (typeof scan === 'string') unreadableScans.push({ source: report.source, reason: scan });
        else scans.push({ ...scan, source: report.source, ...(report.signedAt?.length ? { signedAt: report.signedAt[0] } : {}) });
      } else if (isVexType(t)) {
        const vex = vexFromPredicate(t, statement.predicate);
        if (typeof vex === 'string') checks.push(fail('policy.vulnerabilities.vex', `the VEX document cannot be read: ${vex}`));
        else
          vexDocs.set(index, {
            source: report.source,
            ...(report.signer?.identity ? { signer: report.signer.identity } : {}),
            statements: vex.statements,
          });
        report.passed = checks.every((c) => c.status !== 'fail');
      }
    }
    if (report.passed && statement) options.onVerifiedStatement?.(report, statement);
    return report;
  };

  const add = (input: AttestationInput): void => {
    const mediaType = (input.json as { mediaType?: unknown } | undefined)?.mediaType;
    const d = decode(input, options.trust);
    if (typeof mediaType === 'string') d.mediaType = mediaType;
    // Once decoded, the JSON is not needed: released now (a large payload is held once, as the decoded bytes), and
    // only the report is kept after this attestation (the decoded bundle goes out of scope).
    input.json = undefined;
    if (d.bundle && d.bundle.verificationMaterial.content.$case !== 'publicKey') checkKeyless();
    attestations.push(verifyOne(d, count++));
  };

  const finish = (): VerifyReport => {
    // The required predicate types, now that it is known which attestations verified.
    // The default (SLSA Provenance v1) applies when a verified attestation holds a statement, or, when none verified,
    // when any bundle holds one (the run fails either way; the required check then says which type was missing).
    const anyVerified = attestations.some((a) => a.passed);
    const anyStatement = attestations.some((a) => (a.passed || !anyVerified) && a.content === 'dsse');
    const required = [...new Set([...(explicitRequired ?? (anyStatement ? [PREDICATE_SLSA_PROVENANCE_V1] : [])), ...ruledTypes])];

    // Gate semantics (as cosign and gh attestation verify): an attestation is used when it passed every check and is
    // of a required predicate type (any type when none is required); every other one is ignored, with its reason,
    // and never fails the run by itself.
    for (const a of attestations) {
      const t = a.predicateType;
      if (t !== undefined) {
        const wanted = required.length === 0 || required.includes(t) || (vulnOn && (isVulnType(t) || isVexType(t)));
        const at = a.checks.findIndex((c) => c.id === 'subject');
        const check = wanted
          ? pass('predicate-type', `predicate type ${t}`)
          : skip('predicate-type', `predicate type ${t} is not required here (${required.join(', ')})`);
        a.checks.splice(at >= 0 ? at + 1 : a.checks.length, 0, check);
      }
      const failedHere = a.checks.filter((c) => c.status === 'fail');
      if (failedHere.length > 0) {
        a.outcome = 'ignored';
        a.ignoredReason = ignoredReason(failedHere);
      } else if (required.length > 0 && (t === undefined || !(required.includes(t) || (vulnOn && (isVulnType(t) || isVexType(t)))))) {
        a.outcome = 'ignored';
        a.ignoredReason =
          t === undefined
            ? `verified, but it is a ${a.content === 'message-signature' ? 'message signature' : 'bundle without a statement'}, not an attestation of a required predicate type`
            : `verified, but its predicate type ${t} is not required here`;
      } else a.outcome = 'used';
    }
    const used = attestations.filter((a) => a.outcome === 'used');
    const ignored = attestations.filter((a) => a.outcome === 'ignored');

    const checks: Check[] = [];
    const ignoredNote = ignored.length ? `; ${ignored.length} ignored` : '';
    if (attestations.length === 0) checks.push(fail('attestations', 'no attestation was given or found for the target'));
    else if (used.length > 0) checks.push(pass('attestations', `${used.length} attestation(s) verified and used${ignoredNote}`));
    else if (required.length === 0) checks.push(fail('attestations', `no attestation verified: ${ignoredSummary(ignored)}`));
    else
      checks.push(skip('attestations', `no attestation of a required predicate type verified${ignoredNote} (see the required:… checks)`));
    if (identityApplies) {
      // This makes sure one of the attestations used was actually held to the expected identity.
      const matched = attestations.filter((a, i) => a.outcome === 'used' && identityMatched[i]).length;
      checks.push(
        used.length === 0
          ? skip('identity', 'not checked: no attestation verified')
          : matched > 0
            ? pass('identity', `${matched} attestation(s) matched the expected signer identity`)
            : fail(
                'identity',
                `no attestation matched the expected signer identity (identity flags or policy identities)${npmIdentitySkipped ? '; attestations signed by the npm registry key are not checked against it, so they cannot satisfy it alone: give the keyless provenance too' : ''}`,
              ),
      );
    }
    // SBOM rules state facts about the artifact: a verified SBOM of the target (signature, signer, statement and
    // subject all pass) that breaks them fails the run, even beside another SBOM that passes them or when no SBOM
    // type is required. It is not "another attestation" that may be ignored: it is the evidence the rules look for.
    const sbomBreaches = attestations.filter(
      (a) =>
        a.content === 'dsse' &&
        a.predicateType !== undefined &&
        a.checks.some((c) => c.status === 'fail' && c.id.startsWith('policy.sbom')) &&
        a.checks.every((c) => c.status !== 'fail' || c.id.startsWith('policy.')),
    );
    if (sbomBreaches.length > 0) {
      checks.push(
        fail(
          'policy.sbom',
          `${sbomBreaches.length} verified SBOM(s) of the target break the SBOM rules: ${sbomBreaches.map((a) => `${a.source}: ${ignoredReason(a.checks.filter((c) => c.status === 'fail' && c.id.startsWith('policy.sbom')))}`).join(' | ')}`,
        ),
      );
    }
    if (vulnOn) {
      const counted = [...vexDocs.entries()].filter(([i]) => attestations[i]?.outcome === 'used').map(([, v]) => v);
      const ignoredVex = attestations
        .filter((a) => isVexType(a.predicateType) && a.outcome === 'ignored')
        .map((a) => ({ source: a.source, reason: a.ignoredReason ?? 'did not verify' }));
      const v = vulnerabilityChecks(vulnRules, {
        scans,
        unreadable: unreadableScans,
        vex: counted,
        ignoredVex,
        target: target.digests as Record<string, string | undefined>,
        now,
      });
      checks.push(...v.checks);
      for (const i of ignoredVex) {
        const n = `VEX ignored: ${i.source} did not verify for the run's signers or vulnerabilities.vexSigners (${i.reason})`;
        if (!notes.includes(n)) notes.push(n);
      }
    }
    for (const type of required) {
      const found = used.filter((a) => a.predicateType === type).length;
      // The ignored attestations that claim this type, or whose type could not be read (it might have been this one).
      const candidates = ignored.filter((a) => a.predicateType === type || a.predicateType === undefined);
      checks.push(
        found > 0
          ? pass(`required:${type}`, `${found} verified attestation(s) of ${type}`)
          : fail(`required:${type}`, `no attestation of type ${type} verified: ${ignoredSummary(candidates)}`),
      );
    }
    const insecureFlags = (Object.keys(INSECURE_FLAG_NAMES) as Array<keyof InsecureOptions>)
      .filter((k) => insecure[k])
      .map((k) => INSECURE_FLAG_NAMES[k]);
    const passed = checks.every((c) => c.status !== 'fail');
    return {
      schema: REPORT_SCHEMA,
      target: { name: target.name, digests: target.digests, ...(target.resolved ? { resolved: target.resolved } : {}) },
      passed,
      exitCode: passed ? 0 : 1,
      verifiedAt: now.toISOString(),
      trustRoot: options.trust.source,
      insecure: insecureFlags,
      notes,
      checks,
      attestations,
      ignored: ignored.map((a) => ({
        source: a.source,
        ...(a.predicateType ? { predicateType: a.predicateType } : {}),
        reason: a.ignoredReason!,
      })),
    };
  };
  return { add, finish };
}

/** Why an attestation is ignored: its failed checks, each with its reason (long reasons shortened). */
function ignoredReason(failed: Check[]): string {
  const short = (r: string) => (r.length > 240 ? `${r.slice(0, 237)}...` : r);
  return failed.map((c) => `${c.id}: ${short(c.reason)}`).join('; ');
}

/** "N ignored (source: reason; …)", or that there were none. */
function ignoredSummary(list: AttestationReport[]): string {
  if (list.length === 0) return 'none found';
  return `${list.length} ignored (${list.map((a) => `${a.source}: ${a.ignoredReason}`).join(' | ')})`;
}
