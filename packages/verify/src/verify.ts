/**
 * Verification of a target against attestations: pure over data (trust material, clock, target digests and
 * bundle JSON in; a report out). Every check runs and is reported; nothing stops at the first failure.
 */
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { PREDICATE_SLSA_PROVENANCE_V1, type Clock } from '@custody/core';
import { MAX_BUNDLE_BYTES, VerifyInputError } from './errors.js';
import type { AttestationInput } from './documents.js';
import { certificateIdentity, hasAnyConstraint, hasSignerConstraint, identityChecks, signerIdentity, type CertificateIdentity, type IdentityPolicy } from './identity.js';
import { policyChecks, policyIdentities, type CompiledPolicy } from './policy-eval.js';
import { fail, pass, REPORT_SCHEMA, skip, type AttestationReport, type Check, type SignerInfo, type VerifyReport } from './report.js';
import { messageDigestAlgorithm, verifySigstore } from './sigstore.js';
import { parseStatement, subjectCheck, type ParsedStatement } from './statement.js';
import { PREDICATE_NPM_PUBLISH_V01, type Trust, type TrustedKey } from './trust.js';

export const BUNDLE_MEDIA_TYPES: Record<string, string> = {
  'application/vnd.dev.sigstore.bundle+json;version=0.1': 'v0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2': 'v0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3': 'v0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json': 'v0.3',
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
}

export const INSECURE_FLAG_NAMES: Record<keyof InsecureOptions, string> = {
  ignoreTlog: '--insecure-ignore-tlog',
  ignoreSct: '--insecure-ignore-sct',
};

interface Decoded {
  input: AttestationInput;
  bundle?: Bundle;
  bundleCheck: Check;
  statement?: ParsedStatement;
}

function decode(input: AttestationInput, trust: Trust): Decoded {
  if (input.size > MAX_BUNDLE_BYTES) {
    return { input, bundleCheck: fail('bundle', `the bundle is ${input.size} bytes; the limit is ${MAX_BUNDLE_BYTES} bytes`) };
  }
  const json = input.json as { mediaType?: unknown } | undefined;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { input, bundleCheck: fail('bundle', 'not a Sigstore bundle (not a JSON object)') };
  const version = typeof json.mediaType === 'string' ? BUNDLE_MEDIA_TYPES[json.mediaType] : undefined;
  if (!version) {
    return { input, bundleCheck: fail('bundle', `unsupported bundle media type ${JSON.stringify(json.mediaType ?? null)} (Custody reads bundles v0.1, v0.2 and v0.3)`) };
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
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
            bundleCheck: fail('bundle', `the certificate chain in the bundle includes a root (self-signed) certificate at position ${i}; a ${version} bundle must carry the signing certificate (and intermediates) only, trust anchors come from the trusted root`),
          };
        }
        const trusted = trust.material.certificateAuthorities.some((ca) => ca.certChain.some((x) => x.equals(cert)));
        if (!trusted) {
          return { input, bundle, bundleCheck: fail('bundle', 'the certificate chain in the bundle includes a root certificate that is not in the trusted root') };
        }
      }
    } catch (err) {
      return { input, bundleCheck: fail('bundle', `a certificate in the bundle cannot be parsed: ${(err as Error).message}`) };
    }
  }
  return { input, bundle, bundleCheck: pass('bundle', `Sigstore bundle ${version}, ${bundle.content.$case === 'dsseEnvelope' ? 'DSSE envelope' : 'message signature'}`) };
}

function signerInfo(keyBased: boolean, id: CertificateIdentity | undefined, key: TrustedKey | undefined, hint: string | undefined): SignerInfo {
  if (keyBased || !id) {
    return { kind: 'key', ...(key ? { identity: key.source } : hint ? { identity: `key ${hint}` } : {}) };
  }
  return { kind: 'certificate', ...(id.san ? { identity: id.san } : {}), ...(id.issuer ? { issuer: id.issuer } : {}), extensions: id.extensions };
}

/** The best-matching identity when several are allowed: any full match passes; otherwise the closest is reported. */
function bestIdentity(policies: IdentityPolicy[], id: CertificateIdentity): Check[] {
  let best: Check[] | undefined;
  for (const [i, p] of policies.entries()) {
    const checks = identityChecks(p, id);
    if (checks.every((c) => c.status === 'pass')) return checks;
    const tagged = checks.map((c) => (c.status === 'fail' && policies.length > 1 ? { ...c, reason: `${c.reason} (allowed identity ${i + 1} of ${policies.length})` } : c));
    if (!best || tagged.filter((c) => c.status === 'fail').length < best.filter((c) => c.status === 'fail').length) best = tagged;
  }
  return best ?? [];
}

export function verifyTarget(target: VerifyTarget, inputs: AttestationInput[], options: VerifyOptions): VerifyReport {
  const now = options.clock.now();
  const insecure = options.insecure ?? {};
  const decoded = inputs.map((i) => decode(i, options.trust));
  const flagsIdentity = options.identity ?? {};
  const anyKeyless = decoded.some((d) => d.bundle && d.bundle.verificationMaterial.content.$case !== 'publicKey');
  const policyHasIdentities = Boolean(options.policy && (options.policy.identities || Object.values(options.policy.predicates).some((p) => p.identities)));
  if ((flagsIdentity.signerRepo || flagsIdentity.signerWorkflow) && !hasSignerConstraint(flagsIdentity) && !policyHasIdentities) {
    throw new VerifyInputError(
      'VERIFY_IDENTITY_REQUIRED',
      `${flagsIdentity.signerRepo ? '--signer-repo' : '--signer-workflow'} names the signing (reusable) workflow, not the source repository: alone it accepts builds of any repository that calls that workflow.`,
      { hint: 'Add --owner ORG or --repo ORG/REPO (the source repository built), or give --certificate-identity / --certificate-identity-regexp with --certificate-oidc-issuer, or identities in --policy.' },
    );
  }
  if (anyKeyless && !hasSignerConstraint(flagsIdentity) && !policyHasIdentities) {
    throw new VerifyInputError('VERIFY_IDENTITY_REQUIRED', 'a keyless (certificate) bundle needs an expected signer identity.', {
      hint: 'Pass --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, or a shorthand such as --owner ORG or --repo ORG/REPO, or identities in --policy.',
    });
  }
  // Identity constraints apply: then at least one attestation must have had its signer identity checked and matched.
  const identityApplies = hasAnyConstraint(flagsIdentity) || policyHasIdentities;
  if (anyKeyless && (flagsIdentity.san || flagsIdentity.sanRegexp) && !flagsIdentity.issuer && !flagsIdentity.issuerRegexp) {
    throw new VerifyInputError('VERIFY_IDENTITY_REQUIRED', 'a certificate identity was given without its OIDC issuer.', {
      hint: 'Add --certificate-oidc-issuer, e.g. https://token.actions.githubusercontent.com.',
    });
  }
  const anyStatement = decoded.some((d) => d.bundle?.content.$case === 'dsseEnvelope');
  // --predicate-type and the policy's requiredPredicateTypes are joined; with neither, SLSA Provenance v1.
  const policyTypes = options.policy?.requiredPredicateTypes ?? [];
  const required =
    options.requiredPredicateTypes === undefined && policyTypes.length === 0
      ? anyStatement ? [PREDICATE_SLSA_PROVENANCE_V1] : []
      : [...new Set([...(options.requiredPredicateTypes ?? []), ...policyTypes])];
  const notes: string[] = [...(target.notes ?? [])];
  /** Per attestation: whether its signer identity was checked and matched (not skipped, not key-trust alone from npm). */
  const identityMatched: boolean[] = [];
  let npmIdentitySkipped = false;

  const attestations: AttestationReport[] = decoded.map((d, index) => {
    identityMatched[index] = false;
    const checks: Check[] = [d.bundleCheck];
    const report: AttestationReport = { source: d.input.source, checks, passed: false };
    if (typeof (d.input.json as { mediaType?: unknown })?.mediaType === 'string') report.mediaType = (d.input.json as { mediaType: string }).mediaType;
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
    const certId = sig.keyBased || !sig.certificate ? undefined : sig.signer?.identity ? signerIdentity(sig.signer.identity) : certificateIdentity(sig.certificate);
    report.signer = signerInfo(sig.keyBased, certId, sig.trustedKey, hint);
    const npmKey = sig.keyBased && sig.trustedKey?.usage === 'npm:attestations';
    if (sig.keyBased && !sig.signedAt.length && !npmKey) {
      const n = `${d.input.source}: key-based bundle without a trusted timestamp; verified with timestamp and transparency-log thresholds of 0`;
      if (!notes.includes(n)) notes.push(n);
    }

    // Content: the statement and its subject, or the message digest.
    let statement: ParsedStatement | undefined;
    if (bundle.content.$case === 'dsseEnvelope') {
      const env = bundle.content.dsseEnvelope;
      const parsed = parseStatement(env.payloadType, env.payload);
      checks.push(parsed.check);
      statement = parsed.statement;
      if (statement) {
        report.predicateType = statement.predicateType;
        checks.push(subjectCheck(statement, target.digests));
        const wanted = required.includes(statement.predicateType);
        checks.push(
          wanted || required.length === 0
            ? pass('predicate-type', `predicate type ${statement.predicateType}`)
            : skip('predicate-type', `predicate type ${statement.predicateType} is not required here (${required.join(', ')}); its signature is still verified`),
        );
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
      if (npmKey && identityApplies) {
        checks.push(skip('identity', `signed by the npm registry (${report.signer.identity}): identity is checked on the keyless attestations`));
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
        checks.push(fail('identity', `no allowed signer for predicate type ${statement?.predicateType ?? '(none)'}: neither the flags nor the policy name one`));
      } else {
        // Flags and policy both apply: the flags must match, and one of the policy identities too.
        const ids = flagsApply && fromPolicy ? [...identityChecks(flagsIdentity, certId), ...bestIdentity(fromPolicy, certId)] : bestIdentity(policies, certId);
        checks.push(...ids);
        identityMatched[index] = ids.length > 0 && ids.every((c) => c.status === 'pass');
      }
    }

    // The policy: maxAge for every bundle; CEL and SBOM rules over the statement (they fail when there is none).
    if (options.policy) {
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
    return report;
  });

  const checks: Check[] = [];
  const verified = attestations.filter((a) => a.passed);
  checks.push(
    inputs.length === 0
      ? fail('attestations', 'no attestation was given or found for the target')
      : verified.length === 0
        ? fail('attestations', `none of the ${inputs.length} attestation(s) verified`)
        : verified.length < attestations.length
          ? fail('attestations', `${attestations.length - verified.length} of ${attestations.length} attestation(s) failed verification`)
          : pass('attestations', `${verified.length} attestation(s) verified`),
  );
  if (identityApplies) {
    // Every attestation must pass anyway; this makes sure one of them was actually held to the expected identity.
    const matched = identityMatched.filter(Boolean).length;
    checks.push(
      matched > 0
        ? pass('identity', `${matched} attestation(s) matched the expected signer identity`)
        : fail(
            'identity',
            `no attestation matched the expected signer identity (identity flags or policy identities)${npmIdentitySkipped ? '; attestations signed by the npm registry key are not checked against it, so they cannot satisfy it alone: give the keyless provenance too' : ''}`,
          ),
    );
  }
  for (const type of required) {
    const found = verified.filter((a) => a.predicateType === type).length;
    const present = attestations.filter((a) => a.predicateType === type).length;
    checks.push(
      found > 0
        ? pass(`required:${type}`, `${found} verified attestation(s) of ${type}`)
        : fail(`required:${type}`, present ? `${present} attestation(s) of ${type}, none verified` : `no attestation of predicate type ${type}`),
    );
  }
  const insecureFlags = (Object.keys(INSECURE_FLAG_NAMES) as Array<keyof InsecureOptions>).filter((k) => insecure[k]).map((k) => INSECURE_FLAG_NAMES[k]);
  const passed = checks.every((c) => c.status !== 'fail') && attestations.every((a) => a.passed);
  return {
    schema: REPORT_SCHEMA,
    target: { name: target.name, digests: target.digests },
    passed,
    exitCode: passed ? 0 : 1,
    verifiedAt: now.toISOString(),
    trustRoot: options.trust.source,
    insecure: insecureFlags,
    notes,
    checks,
    attestations,
  };
}
