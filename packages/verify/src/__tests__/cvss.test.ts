// CVSS v3.x base scores (cvss.ts) against published vector/score pairs, each with where it comes from:
// - the pairs inside the real scanner reports of test/fixtures/vuln (their README names each report's repository and
//   commit): Grype's and Trivy's reports copy the NVD's and Red Hat's published vector and base score side by side
//   (Grype `cvss[].vector` + `metrics.baseScore` with `source: nvd`; Trivy `CVSS.nvd|redhat.V3Vector` + `V3Score`);
//   they are read out of the files here, not retyped;
// - three NVD scores as nvd.nist.gov publishes them: CVE-2021-44228 (Log4Shell) 10.0, CVE-2014-6271 (Shellshock)
//   9.8, CVE-2014-0160 (Heartbleed) 7.5, each with the NVD's v3.1 vector;
// - the real Alpine record's own vector (test/fixtures/osv/alpine), worked by hand with the spec's equations below.
// The rating scale is the spec's table 14 (section 5); Roundup is its Appendix A.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, cvssRoundup, osvCvss } from '../cvss.js';
import { cvssSeverity } from '../vuln.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures');

/** Every (vector, published score) pair in a scanner report, wherever it sits. */
function publishedPairs(file: string): Array<[string, number, string]> {
  const out: Array<[string, number, string]> = [];
  const walk = (o: unknown, where: string) => {
    if (Array.isArray(o)) o.forEach((x) => walk(x, where));
    else if (o && typeof o === 'object') {
      const r = o as Record<string, unknown>;
      if (typeof r.V3Vector === 'string' && typeof r.V3Score === 'number') out.push([r.V3Vector, r.V3Score, `${file} ${where}`]);
      const m = r.metrics as Record<string, unknown> | undefined;
      if (typeof r.vector === 'string' && r.vector.startsWith('CVSS:3') && typeof m?.baseScore === 'number')
        out.push([r.vector, m.baseScore, `${file} ${where} (${String(r.source)})`]);
      for (const [k, v] of Object.entries(r)) walk(v, `${where}/${k}`);
    }
  };
  walk(JSON.parse(readFileSync(join(FIXTURES, 'vuln', file), 'utf8')), '');
  return out;
}

describe('CVSS v3.x base score', () => {
  it('equals the published scores carried in the real Grype and Trivy reports (NVD and Red Hat)', () => {
    const pairs = [...publishedPairs('grype-image.json'), ...publishedPairs('trivy-npm.json')];
    // Two scope-changed NVD vectors (8.5, 8.2), one scope-changed NVD vector with UI:R (6.1), Red Hat's v3.0 one (5.6).
    expect(pairs.map(([v, s]) => `${v} ${s}`).sort()).toEqual([
      'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L 5.6',
      'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H 8.5',
      'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:H 8.2',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N 6.1',
    ]);
    for (const [vector, score, where] of pairs) expect([where, cvss3BaseScore(vector)]).toEqual([where, score]);
  });

  it('equals the NVD scores of Log4Shell, Shellshock and Heartbleed', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(10); // CVE-2021-44228, NVD 10.0
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8); // CVE-2014-6271, NVD 9.8
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N')).toBe(7.5); // CVE-2014-0160, NVD 7.5
  });

  it("scores the real Alpine record's vector 7.0 (worked by hand) and ignores temporal metrics", () => {
    // AV:L 0.55, AC:H 0.44, PR:L (scope unchanged) 0.62, UI:N 0.85: exploitability 8.22 x those = 1.0483.
    // C/I/A:H 0.56 each: ISS = 1 - 0.44^3 = 0.914816; impact = 6.42 x ISS = 5.8731. 5.8731 + 1.0483 = 6.9214 -> 7.0.
    const record = JSON.parse(readFileSync(join(FIXTURES, 'osv', 'alpine', 'ALPINE-CVE-2025-26519.json'), 'utf8')) as {
      severity: unknown;
    };
    expect(record.severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H' }]);
    expect(osvCvss(record.severity)).toBe(7);
    expect(cvss3BaseScore('CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C')).toBe(7);
    // No impact at all: 0 whatever the exploitability.
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N')).toBe(0);
  });

  it('Roundup is exact where floating point is not (spec Appendix A)', () => {
    expect(cvssRoundup(4.02)).toBe(4.1);
    expect(cvssRoundup(4.0)).toBe(4);
    // 0.1 * 3 is 0.30000000000000004 in binary floating point; a naive ceil(x * 10) / 10 would give 0.4.
    expect(cvssRoundup(0.1 * 3)).toBe(0.3);
  });

  it('refuses what is not a complete v3 vector; v4 and v2 vectors are not scored', () => {
    for (const bad of [
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // A missing
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X', // unknown value
      'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // repeated
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H', // unknown scope
      'AV:N/AC:L/Au:N/C:P/I:N/A:N', // CVSS v2
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    ])
      expect([bad, cvss3BaseScore(bad)]).toEqual([bad, undefined]);
    expect(osvCvss([{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }])).toBeUndefined();
    // A record with both: the v3 vector decides.
    expect(
      osvCvss([
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' },
      ]),
    ).toBe(7.5);
  });

  it('rates by the spec table: 0 none, 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(cvssSeverity)).toEqual([
      'none',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });
});
