/**
 * `custody vuln SBOM --db DIR`: an SBOM's components against an offline OSV database (src/commands/vuln.ts;
 * docs/vuln.md).
 */
import { str, type CommandSpec } from './spec.js';

export const vulnCommand: CommandSpec = {
  name: 'vuln',
  summary: "Match an SBOM's components against an offline OSV database (npm, PyPI, Go, Debian, Alpine).",
  usage: ['custody vuln SBOM --db DIR [--format table|json|vulns]'],
  description: [
    'Reads the purls of a CycloneDX or SPDX JSON SBOM and matches them against a directory of OSV records (an unzipped',
    'OSV export), with the version order of each ecosystem: npm and Go (SemVer), PyPI (PEP 440), Debian (dpkg), Alpine',
    '(apk); components of other ecosystems are listed as not evaluated, never guessed. --format vulns prints the in-toto vulns predicate, to attest with',
    'custody attest --predicate-type https://in-toto.io/attestation/vulns/v0.1 --predicate FILE (docs/vuln.md).',
  ].join('\n'),
  positionals: { names: 'SBOM', min: 1, max: 1 },
  options: {
    db: { type: 'string', value: 'DIR', description: 'A directory of OSV JSON records.' },
    format: { type: 'string', value: 'FMT', description: 'table, json or vulns (the in-toto vulns predicate).', default: 'table' },
  },
  examples: [['custody vuln app.cdx.json --db osv/npm', "the known vulnerabilities of the SBOM's npm packages"]],
  async run({ values, positionals, io }) {
    const { UsageError, stableJson } = await import('@custody/core');
    const db = str(values, 'db');
    if (!db)
      throw new UsageError('--db DIR is required: the OSV records to match against.', {
        hint: 'Unzip an OSV export, e.g. npm/all.zip, and give its directory.',
      });
    const format = str(values, 'format') ?? 'table';
    if (!['table', 'json', 'vulns'].includes(format)) throw new UsageError(`--format ${format} is not table, json or vulns.`);
    const { vulnMatch, formatVulnTable } = await import('../commands/vuln.js');
    const r = await vulnMatch({ sbom: positionals[0]!, db, cwd: io.cwd });
    if (format === 'json')
      io.stdout(stableJson({ components: r.components, records: r.records, findings: r.findings, unevaluated: r.unevaluated }));
    else if (format === 'vulns') io.stdout(stableJson(r.predicate));
    else io.stdout(formatVulnTable(r));
    return 0;
  },
};
