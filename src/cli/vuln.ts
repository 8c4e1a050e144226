/**
 * `custody vuln TARGET --db DIR|ZIP`: the target's verified SBOM attestations against an offline OSV database, and
 * `custody vuln --sbom FILE --db DIR|ZIP` for an SBOM file (src/commands/vuln.ts; docs/vuln.md).
 */
import { UsageError } from '@custody/core';
import { parseVulnFormat, positionalIsTarget, verifyFlagGiven, vulnVerb, vulnVerifyOptions } from '../verbs/vuln.js';
import { flagReader, type CommandSpec } from './spec.js';

export const vulnCommand: CommandSpec = {
  name: 'vuln',
  summary: "Match a target's verified SBOM attestation (or an SBOM file) against an offline OSV database.",
  usage: [
    'custody vuln TARGET --db DIR|ZIP (--repo ORG/REPO | --certificate-identity ID --certificate-oidc-issuer URL | --key PUB.pem) [--bundle FILE]...',
    'custody vuln TARGET ... [--policy FILE] [--trusted-root FILE] [--format table|json|sarif|vulns]',
    'custody vuln --sbom FILE --db DIR|ZIP [--format table|json|sarif|vulns]      (an SBOM file, not verified)',
  ],
  description: [
    'TARGET is a file, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]. Its SBOM attestations',
    '(CycloneDX or SPDX predicates) are found and verified as custody verify TARGET does, with the same flags:',
    "--bundle files, the registry (referrers API, referrers tag, cosign's legacy .att tags) and GitHub's attestations",
    'API with --repo/--owner and a token; identity, key, trust and policy as for verify. An image index is resolved',
    'once and each platform verified by its digest. Only SBOMs whose attestation verified in full are read; the',
    'report names each one (attestation, subject digest, signer identity or key).',
    '',
    'The purls are matched against a directory of OSV records or an OSV export zip as published (ECOSYSTEM/all.zip,',
    'read in place), with the version order of each ecosystem: npm and Go (SemVer), PyPI (PEP 440), Maven',
    '(ComparableVersion), RubyGems (Gem::Version), Debian (dpkg), Alpine (apk); components of other ecosystems are',
    'listed as not evaluated, never guessed. --format sarif prints SARIF 2.1.0 (one rule per',
    'vulnerability, for code scanning); --format vulns prints the in-toto vulns predicate, to attest with',
    'custody attest --predicate-type https://in-toto.io/attestation/vulns/v0.1 --predicate FILE (docs/vuln.md).',
    '',
    '--sbom FILE matches an SBOM file without verifying anything. A path argument given with none of the verify',
    'flags (--bundle, --key, --repo, --owner, --certificate-*, --policy, …) is read as an SBOM file too (the form',
    'custody vuln had first); with any of them, or an oci://, oci-layout: or sha256: argument, it is a TARGET.',
    '',
    'Exit 0: matched (findings do not fail the run; gate on them with custody verify --policy, docs/policy.md).',
    'Exit 1: no SBOM attestation of the target verified (VULN_NO_VERIFIED_SBOM), or the verification failed a check',
    'over the whole run (VERIFY_FAILED), as custody verify exits 1. Exit 2: cannot run (bad flags, unreadable target,',
    'bundle, SBOM or --db).',
  ].join('\n'),
  positionals: { names: 'TARGET', min: 0, max: 1 },
  options: vulnVerb.options,
  examples: [
    [
      'custody vuln oci://ghcr.io/octo-org/app:v1 --repo octo-org/app --db osv/npm',
      "the known vulnerabilities of the image's verified SBOM (each platform)",
    ],
    [
      'custody vuln dist/app.tgz --bundle app.sbom.sigstore.json --key cosign.pub --db osv --format sarif > vuln.sarif',
      'SARIF for code scanning',
    ],
    ['custody vuln --sbom app.cdx.json --db osv/npm', "an SBOM file's npm packages (not verified)"],
    ['custody vuln --sbom app.cdx.json --db npm-all.zip', "the same against OSV's npm export zip, not unzipped"],
  ],
  async run({ values, positionals, io, settings }) {
    const { stableJson } = await import('@custody/core');
    const r = flagReader(values);
    const db = r.str('db');
    if (!db)
      throw new UsageError('--db DIR|ZIP is required: the OSV records to match against.', {
        hint: 'Give an OSV export zip (e.g. https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip) or a directory of OSV JSON records.',
      });
    const format = parseVulnFormat(r);
    const sbom = r.str('sbom');
    if (sbom !== undefined && positionals.length)
      throw new UsageError(`--sbom ${sbom} and TARGET ${positionals[0]} were both given.`, {
        hint: 'Give a TARGET (its verified SBOM attestation is matched) or --sbom FILE (an SBOM file), not both.',
      });
    if (sbom === undefined && positionals.length === 0)
      throw new UsageError('missing TARGET (or --sbom FILE).', {
        hint: 'Usage: custody vuln TARGET --db DIR|ZIP --repo ORG/REPO (or --key PUB.pem), or custody vuln --sbom FILE --db DIR|ZIP.',
      });
    const mod = await import('../commands/vuln.js');
    const asTarget = sbom === undefined && positionalIsTarget(r, positionals[0]!);
    let result;
    if (asTarget) {
      const verify = vulnVerifyOptions(r, settings, io.logger);
      for (const f of verify.insecure ? Object.entries(verify.insecure).filter(([, v]) => v) : [])
        io.logger.warn(`verification was weakened by --insecure-${f[0] === 'ignoreTlog' ? 'ignore-tlog' : 'ignore-sct'}`);
      result = await mod.vulnTarget({ target: positionals[0]!, db, verify, cwd: io.cwd, env: io.env, logger: io.logger });
    } else {
      const given = verifyFlagGiven(r);
      if (given)
        throw new UsageError(`--${given} is for verifying a TARGET; with --sbom FILE nothing is verified.`, {
          hint: 'Drop it, or name the target (its verified SBOM attestation is then matched) instead of --sbom.',
        });
      result = await mod.vulnMatch({ sbom: sbom ?? positionals[0]!, db, cwd: io.cwd });
    }
    if (format === 'json') io.stdout(stableJson(mod.vulnJson(result)));
    else if (format === 'sarif') io.stdout(stableJson(mod.formatVulnSarif(result)));
    else if (format === 'vulns') io.stdout(stableJson(result.predicate));
    else io.stdout(mod.formatVulnTable(result));
    return 0;
  },
};
