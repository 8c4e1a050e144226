// Hostile OSV records (red team): version strings built to make a backtracking parser run for ever, ranges of 10^5
// events, malformed or duplicated CVSS metrics. Each parser must return (a verdict or undefined); no timing is
// asserted (speed lives in bench/), only that the work ends, under a generous timeout.
import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, osvCvss } from '../cvss.js';
import { inRange, matchOsv, parseSemver } from '../osv.js';
import { parseApk, parseDpkg, parseGem, parseMaven, parsePep440 } from '../versions.js';

const N = 50_000;
/** Adversarial shapes: long runs of what each grammar repeats, ending in a character that makes the match fail. */
const hostile = [
  `${'1'.repeat(N)}!`,
  `${'1.'.repeat(N)}!`,
  `1${'-1'.repeat(N)}!`,
  `1${'.a'.repeat(N)}!`,
  `1.0${'_p'.repeat(N)}!`,
  `1.0${'-'.repeat(N)}!`,
  `1:${'1:'.repeat(N)}-!`,
  `1.0a${'.post'.repeat(N)}!`,
  `1.0+${'a.'.repeat(N)}!`,
  `1.0.0-${'0.'.repeat(N)}!`,
  `1.0.0-${'a-'.repeat(N)}+${'b.'.repeat(N)}!`,
  `v${'0'.repeat(N)}.0.0`,
  `1${'a1'.repeat(N)}`,
  '9'.repeat(N),
];

describe('OSV records as hostile input', () => {
  it('every version parser returns on 50k-character adversarial strings', { timeout: 120_000 }, () => {
    for (const parse of [parsePep440, parseDpkg, parseApk, parseMaven, parseGem, parseSemver] as Array<(s: string) => unknown>)
      for (const s of hostile) parse(s); // must return; the value may be anything
    expect(parseSemver(hostile[0]!)).toBeUndefined();
  });

  it('a range of 100,000 events is evaluated once (sorted), and ends', { timeout: 120_000 }, () => {
    const events = [
      { introduced: '0' },
      ...Array.from({ length: 100_000 }, (_, i) => (i % 2 ? { introduced: `1.${i}.0` } : { fixed: `1.${i}.0` })),
    ];
    expect(inRange({ type: 'SEMVER', events }, '1.50001.5', 'npm')).toBe(true);
    expect(inRange({ type: 'ECOSYSTEM', events }, '1.50000.5', 'PyPI')).toBe(false);
  });

  it('20,000 records for one package are matched and end', { timeout: 120_000 }, () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      id: `GHSA-${i}`,
      affected: [
        { package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] },
      ],
    }));
    const m = matchOsv(records, [{ ecosystem: 'npm', name: 'lib', version: '1.0.0', purl: 'pkg:npm/lib@1.0.0' }]);
    expect(m.findings).toHaveLength(20_000);
  });

  it('CVSS vectors malformed or with a metric repeated are not scored (never a guess)', () => {
    const ok = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    expect(cvss3BaseScore(ok)).toBe(9.8);
    for (const v of [
      `${ok}/AV:P`, // a repeated metric (the later one would lower the score)
      `${ok}/C:N`,
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // A missing
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H', // unknown scope
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:', // empty value
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', // empty metric
      'CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/constructor:x/A:H', // a prototype key
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/__proto__:x/A:H',
      'CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      `CVSS:3.1/${'X:Y/'.repeat(N)}`,
    ])
      expect(cvss3BaseScore(v), v).toBeUndefined();
    // A severity list with a malformed vector and an out-of-range number rates by what is valid only.
    expect(osvCvss([{ type: 'CVSS_V3', score: `${ok}/AV:P` }, { type: 'CVSS_V3', score: '11' }, { score: -1 }])).toBeUndefined();
  });
});
