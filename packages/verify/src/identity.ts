/**
 * Signer identity: what a Fulcio certificate says (SAN, OIDC issuer, the 1.3.6.1.4.1.57264.1.* extensions), and
 * the identity policy it must match (`--certificate-identity*`, `--certificate-oidc-issuer`, and the shorthands of
 * `gh attestation verify`). Each constraint is its own check, so a report names every mismatch.
 */
import type { X509Certificate } from '@sigstore/core';
import { VerifyInputError } from './errors.js';
import { fail, pass, type Check } from './report.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Fulcio extension OIDs (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
export const FULCIO_OIDS: Record<string, string> = {
  '1.3.6.1.4.1.57264.1.1': 'issuerV1',
  '1.3.6.1.4.1.57264.1.2': 'githubWorkflowTrigger',
  '1.3.6.1.4.1.57264.1.3': 'githubWorkflowSha',
  '1.3.6.1.4.1.57264.1.4': 'githubWorkflowName',
  '1.3.6.1.4.1.57264.1.5': 'githubWorkflowRepository',
  '1.3.6.1.4.1.57264.1.6': 'githubWorkflowRef',
  '1.3.6.1.4.1.57264.1.8': 'issuer',
  '1.3.6.1.4.1.57264.1.9': 'buildSignerURI',
  '1.3.6.1.4.1.57264.1.10': 'buildSignerDigest',
  '1.3.6.1.4.1.57264.1.11': 'runnerEnvironment',
  '1.3.6.1.4.1.57264.1.12': 'sourceRepositoryURI',
  '1.3.6.1.4.1.57264.1.13': 'sourceRepositoryDigest',
  '1.3.6.1.4.1.57264.1.14': 'sourceRepositoryRef',
  '1.3.6.1.4.1.57264.1.15': 'sourceRepositoryIdentifier',
  '1.3.6.1.4.1.57264.1.16': 'sourceRepositoryOwnerURI',
  '1.3.6.1.4.1.57264.1.17': 'sourceRepositoryOwnerIdentifier',
  '1.3.6.1.4.1.57264.1.18': 'buildConfigURI',
  '1.3.6.1.4.1.57264.1.19': 'buildConfigDigest',
  '1.3.6.1.4.1.57264.1.20': 'buildTrigger',
  '1.3.6.1.4.1.57264.1.21': 'runInvocationURI',
  '1.3.6.1.4.1.57264.1.22': 'sourceRepositoryVisibilityAtSigning',
  '1.3.6.1.4.1.57264.1.23': 'deploymentEnvironment',
};

export interface CertificateIdentity {
  san?: string;
  issuer?: string;
  extensions: Record<string, string>;
}

/** Extension values from 1.8 on are DER UTF8Strings; the older ones are the raw string bytes. */
function extensionText(value: Buffer): string {
  if (value.length >= 2 && value[0] === 0x0c) {
    let len = value[1]!;
    let off = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | (value[2 + i] ?? 0);
      off = 2 + n;
    }
    if (off + len === value.length) return value.subarray(off).toString('utf8');
  }
  return value.toString('utf8');
}

export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const extensions: Record<string, string> = {};
  for (const [oid, name] of Object.entries(FULCIO_OIDS)) {
    const ext = cert.extension(oid);
    if (ext) extensions[name] = extensionText(Buffer.from(ext.value));
  }
  return finish(cert.subjectAltName, extensions);
}

/**
 * The same, from what @sigstore/verify already decoded for a verified signer (its SAN and every extension's
 * value), so the certificate is not parsed twice.
 */
export function signerIdentity(signer: {
  subjectAlternativeName?: string;
  oids?: Array<{ oid?: { id: number[] }; value: Buffer }>;
}): CertificateIdentity {
  const extensions: Record<string, string> = {};
  for (const o of signer.oids ?? []) {
    const id = o.oid?.id;
    if (id?.length !== 9 || id[6] !== 57264 || id[7] !== 1) continue;
    const name = FULCIO_OIDS[id.join('.')];
    if (name) extensions[name] = extensionText(o.value);
  }
  return finish(signer.subjectAlternativeName, extensions);
}

function finish(san: string | undefined, extensions: Record<string, string>): CertificateIdentity {
  const issuer = extensions.issuer ?? extensions.issuerV1;
  return { ...(san !== undefined ? { san } : {}), ...(issuer !== undefined ? { issuer } : {}), extensions };
}

/** What the signer of a keyless bundle must be. Every field set is checked. */
export interface IdentityPolicy {
  /** Exact OIDC issuer (`--certificate-oidc-issuer`); defaults to GitHub Actions' when a shorthand is used. */
  issuer?: string;
  issuerRegexp?: string;
  /** Exact certificate SAN (`--certificate-identity`). */
  san?: string;
  /** A regular expression the SAN must match (`--certificate-identity-regexp`; anchor it with ^…$). */
  sanRegexp?: string;
  /** `gh attestation verify` shorthands. */
  owner?: string;
  repo?: string;
  signerWorkflow?: string;
  signerRepo?: string;
  sourceRef?: string;
  sourceDigest?: string;
  denySelfHostedRunners?: boolean;
  /** GitHub host for the shorthands (default github.com). */
  hostname?: string;
}

/**
 * Whether the policy pins down who built it: an exact SAN or SAN regexp, or the source repository's owner or the
 * repository itself. `signerRepo` / `signerWorkflow` alone do not: a reusable workflow (the SLSA generator, a
 * shared release workflow) signs for every repository that calls it, so they need `owner` or `repo` next to them
 * (as `gh attestation verify` requires --owner or --repo).
 */
export function hasSignerConstraint(p: IdentityPolicy): boolean {
  return Boolean(p.san || p.sanRegexp || p.owner || p.repo);
}

/** Whether any constraint at all is set (the hostname alone is not one). */
export function hasAnyConstraint(p: IdentityPolicy): boolean {
  return Boolean(hasSignerConstraint(p) || p.issuer || p.issuerRegexp || p.sourceRef || p.sourceDigest || p.denySelfHostedRunners);
}

export function usesShorthands(p: IdentityPolicy): boolean {
  return Boolean(p.owner || p.repo || p.signerWorkflow || p.signerRepo || p.sourceRef || p.sourceDigest || p.denySelfHostedRunners);
}

/** Checks an identity policy for contradictions and bad regular expressions (exit 2 before any verification). */
export function validateIdentityPolicy(p: IdentityPolicy, where: string): void {
  for (const [name, re] of [
    ['certificate-identity-regexp', p.sanRegexp],
    ['certificate-oidc-issuer-regexp', p.issuerRegexp],
  ] as const) {
    if (re === undefined) continue;
    try {
      new RegExp(re);
    } catch (err) {
      throw new VerifyInputError(
        'VERIFY_IDENTITY_INVALID',
        `${name} "${re}" is not a valid regular expression (${(err as Error).message}).`,
        {
          location: where,
          hint: 'Write a JavaScript regular expression, anchored, e.g. ^https://github\\.com/org/repo/.',
        },
      );
    }
  }
  if (p.san && p.sanRegexp) {
    throw new VerifyInputError('VERIFY_IDENTITY_INVALID', 'both an exact certificate identity and a regular expression were given.', {
      location: where,
      hint: 'Use one of --certificate-identity or --certificate-identity-regexp.',
    });
  }
  if (p.repo && !/^[^/\s]+\/[^/\s]+$/.test(p.repo)) {
    throw new VerifyInputError('VERIFY_IDENTITY_INVALID', `repo "${p.repo}" is not OWNER/REPO.`, {
      location: where,
      hint: 'Write it as octo-org/octo-repo.',
    });
  }
  if (p.signerRepo && !/^[^/\s]+\/[^/\s]+$/.test(p.signerRepo)) {
    throw new VerifyInputError('VERIFY_IDENTITY_INVALID', `signer-repo "${p.signerRepo}" is not OWNER/REPO.`, {
      location: where,
      hint: 'Write it as octo-org/reusable-workflows.',
    });
  }
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const show = (s: string | undefined) => (s === undefined ? '(absent)' : `"${s}"`);

/** The checks an identity policy makes against a certificate identity. */
export function identityChecks(p: IdentityPolicy, id: CertificateIdentity): Check[] {
  const host = `https://${p.hostname ?? 'github.com'}`;
  const checks: Check[] = [];
  const ext = id.extensions;
  const sanNoRef = (id.san ?? '').split('@')[0] ?? '';

  const issuer = p.issuer ?? (p.issuerRegexp ? undefined : usesShorthands(p) ? GITHUB_ACTIONS_ISSUER : undefined);
  if (issuer !== undefined) {
    checks.push(
      id.issuer === issuer
        ? pass('identity.issuer', `issuer is "${issuer}"`)
        : fail('identity.issuer', `expected issuer "${issuer}", certificate has ${show(id.issuer)}`),
    );
  }
  if (p.issuerRegexp !== undefined) {
    const ok = id.issuer !== undefined && new RegExp(p.issuerRegexp).test(id.issuer);
    checks.push(
      ok
        ? pass('identity.issuer', `issuer ${show(id.issuer)} matches /${p.issuerRegexp}/`)
        : fail('identity.issuer', `issuer ${show(id.issuer)} does not match /${p.issuerRegexp}/`),
    );
  }
  if (p.san !== undefined) {
    checks.push(
      id.san === p.san
        ? pass('identity.san', `identity is "${p.san}"`)
        : fail('identity.san', `expected identity "${p.san}", certificate has ${show(id.san)}`),
    );
  }
  if (p.sanRegexp !== undefined) {
    const ok = id.san !== undefined && new RegExp(p.sanRegexp).test(id.san);
    checks.push(
      ok
        ? pass('identity.san', `identity ${show(id.san)} matches /${p.sanRegexp}/`)
        : fail('identity.san', `identity ${show(id.san)} does not match /${p.sanRegexp}/`),
    );
  }
  const signerGiven = Boolean(p.signerRepo || p.signerWorkflow);
  if (p.owner !== undefined) {
    const want = `${host}/${p.owner}`;
    const ownerOk = lower(ext.sourceRepositoryOwnerURI) === lower(want);
    const sanOk = signerGiven || lower(id.san).startsWith(`${lower(want)}/`);
    checks.push(
      ownerOk && sanOk
        ? pass('identity.owner', `source repository owner is ${want}`)
        : fail(
            'identity.owner',
            !ownerOk
              ? `expected source repository owner ${want}, certificate has ${show(ext.sourceRepositoryOwnerURI)}`
              : `signer workflow ${show(id.san)} is not in ${want} (use --signer-repo or --signer-workflow for reusable workflows)`,
          ),
    );
  }
  if (p.repo !== undefined) {
    const want = `${host}/${p.repo}`;
    const repoOk = lower(ext.sourceRepositoryURI) === lower(want);
    const sanOk = signerGiven || lower(id.san).startsWith(`${lower(want)}/`);
    checks.push(
      repoOk && sanOk
        ? pass('identity.repo', `source repository is ${want}`)
        : fail(
            'identity.repo',
            !repoOk
              ? `expected source repository ${want}, certificate has ${show(ext.sourceRepositoryURI)}`
              : `signer workflow ${show(id.san)} is not in ${want} (use --signer-repo or --signer-workflow for reusable workflows)`,
          ),
    );
  }
  if (p.signerRepo !== undefined) {
    const want = `${host}/${p.signerRepo}/`;
    checks.push(
      lower(id.san).startsWith(lower(want))
        ? pass('identity.signer-repo', `signer workflow is in ${want.slice(0, -1)}`)
        : fail('identity.signer-repo', `expected a signer workflow in ${want.slice(0, -1)}, certificate has ${show(id.san)}`),
    );
  }
  if (p.signerWorkflow !== undefined) {
    const w = p.signerWorkflow.replace(/^https?:\/\/[^/]+\//, '');
    const want = `${host}/${w}`.split('@')[0]!;
    const withRef = p.signerWorkflow.includes('@');
    const ok = withRef ? lower(id.san) === lower(`${host}/${w}`) : lower(sanNoRef) === lower(want);
    checks.push(
      ok
        ? pass('identity.signer-workflow', `signer workflow is ${id.san}`)
        : fail('identity.signer-workflow', `expected signer workflow ${withRef ? `${host}/${w}` : want}, certificate has ${show(id.san)}`),
    );
  }
  if (p.sourceRef !== undefined) {
    checks.push(
      ext.sourceRepositoryRef === p.sourceRef
        ? pass('identity.source-ref', `source ref is ${p.sourceRef}`)
        : fail('identity.source-ref', `expected source ref "${p.sourceRef}", certificate has ${show(ext.sourceRepositoryRef)}`),
    );
  }
  if (p.sourceDigest !== undefined) {
    const want = p.sourceDigest.replace(/^sha1:/, '');
    checks.push(
      lower(ext.sourceRepositoryDigest) === lower(want)
        ? pass('identity.source-digest', `source digest is ${want}`)
        : fail('identity.source-digest', `expected source digest ${want}, certificate has ${show(ext.sourceRepositoryDigest)}`),
    );
  }
  if (p.denySelfHostedRunners) {
    checks.push(
      ext.runnerEnvironment === 'github-hosted'
        ? pass('identity.runner', 'built on a GitHub-hosted runner')
        : fail('identity.runner', `self-hosted runners are denied; certificate says runner environment ${show(ext.runnerEnvironment)}`),
    );
  }
  return checks;
}
