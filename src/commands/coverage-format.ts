/**
 * The forms of a coverage result: a table for terminals, JSON (the result itself), Prometheus text exposition
 * (format 0.0.4) for a scrape or a Pushgateway, and JUnit XML for CI systems. Every string that came from a
 * manifest or a registry is escaped for its form (control characters, label quoting, XML markup).
 */
import { printable } from '@custody/core';
import type { CoverageImage, CoverageResult } from './coverage.js';

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  if (s < 120) return `${sign}${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  return h ? `${sign}${h}h${String(m).padStart(2, '0')}m` : `${sign}${m}m${String(s).padStart(2, '0')}s`;
}

function where(i: CoverageImage): string {
  const l = i.locations[0];
  if (!l) return '';
  const workload =
    l.kind === 'ImageList' || l.kind === 'RepositoryTag' ? '' : ` ${l.kind}/${l.name ?? '?'}${l.container ? `[${l.container}]` : ''}`;
  const more = i.locations.length > 1 ? ` (+${i.locations.length - 1})` : '';
  return `${l.source}${l.line ? `:${l.line}` : ''}${workload}${more}`;
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** A plain-text table: one row per image, then why each uncovered one is not, then the two service levels. */
export function formatCoverageTable(r: CoverageResult): string {
  const p = printable;
  const header = ['IMAGE', 'PINNED', 'ATTESTATIONS', 'PROVENANCE', 'SBOM', 'SCAN', 'VEX', 'COVERED', 'LATENCY', 'WHERE'];
  // Digests shortened to 12 hex in the table (the lists below and the other forms carry them whole).
  const short = (image: string) => image.replace(/@(sha256:[0-9a-f]{12})[0-9a-f]{52}$/, '@$1…');
  const rows = r.images.map((i) => [
    p(short(i.image)),
    yes(i.pinned),
    i.error ? 'error' : `${i.attestations.filter((a) => a.verified).length}/${i.attestations.length} verified`,
    yes(i.provenanceVerified),
    yes(i.sbomVerified),
    yes(i.vulnScanVerified),
    yes(i.vexVerified),
    i.covered ? 'YES' : 'NO',
    i.latency.seconds !== undefined ? formatDuration(i.latency.seconds) : 'unknown',
    p(where(i)),
  ]);
  const widths = header.map((h, k) => Math.min(k === 0 ? 64 : 48, Math.max(h.length, ...rows.map((row) => row[k]!.length))));
  const cell = (s: string, w: number) => (s.length > w ? `…${s.slice(s.length - w + 1)}` : s.padEnd(w));
  const line = (row: string[]) =>
    row
      .map((c, k) => (k === row.length - 1 ? c : cell(c, widths[k]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line), ''];
  const uncovered = r.images.filter((i) => !i.covered);
  if (uncovered.length) {
    out.push('not covered:');
    for (const i of uncovered) out.push(`  ${p(i.image)}: ${p(i.reasons.join('; ') || 'the verify gate failed')}`);
    out.push('');
  }
  const unknownLatency = r.images.filter((i) => i.latency.seconds === undefined && i.provenanceVerified);
  if (unknownLatency.length) {
    out.push('latency unknown:');
    for (const i of unknownLatency) out.push(`  ${p(i.image)}: ${p(i.latency.unknown ?? 'unknown')}`);
    out.push('');
  }
  const s = r.summary;
  out.push(`provenance coverage: ${s.covered}/${s.images} images (${pct(s.ratio)}) have verified provenance and a verified SBOM`);
  out.push(
    s.latency.known
      ? `attestation latency (build end -> signed): p50 ${formatDuration(s.latency.p50Seconds)}, p95 ${formatDuration(s.latency.p95Seconds)}, max ${formatDuration(s.latency.maxSeconds)} (${s.latency.known} known, ${s.latency.unknown} unknown)`
      : `attestation latency (build end -> signed): unknown for every image (${s.latency.unknown})`,
  );
  out.push(`verified vulnerability scans: ${s.vulnScanVerified}/${s.images} images; verified VEX: ${s.vexVerified}/${s.images}`);
  out.push(`pinned by digest: ${s.pinned}/${s.images}${s.errors ? `; ${s.errors} image(s) could not be read` : ''}`);
  for (const f of r.pinnedFiles) out.push(`pinned: ${p(f.file)} (${f.images} image string(s) rewritten)`);
  for (const n of r.notes) out.push(`note: ${p(n)}`);
  return `${out.join('\n')}\n`;
}

/** A label value in the text exposition format: backslash, double quote and line feed escaped. */
export function promLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const promNumber = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

/** Prometheus text exposition format 0.0.4: HELP and TYPE once per metric, gauges, per-image series with labels. */
export function formatCoveragePrometheus(r: CoverageResult): string {
  const out: string[] = [];
  const metric = (name: string, help: string, samples: Array<[labels: Record<string, string>, value: number]>) => {
    if (!samples.length) return;
    out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${promLabel(v)}"`)
        .join(',');
      out.push(`${name}${l ? `{${l}}` : ''} ${promNumber(value)}`);
    }
  };
  const s = r.summary;
  metric('custody_coverage_ratio', 'Share of images with verified provenance and a verified SBOM (0 to 1).', [[{}, s.ratio]]);
  metric('custody_coverage_images', 'Images measured.', [[{}, s.images]]);
  metric('custody_coverage_images_covered', 'Images with verified provenance and a verified SBOM.', [[{}, s.covered]]);
  metric('custody_coverage_images_pinned', 'Images named by digest everywhere they are written.', [[{}, s.pinned]]);
  metric('custody_coverage_images_provenance_verified', 'Images with a verified provenance attestation.', [[{}, s.provenanceVerified]]);
  metric('custody_coverage_images_sbom_verified', 'Images with a verified SBOM attestation.', [[{}, s.sbomVerified]]);
  metric(
    'custody_coverage_images_vuln_scan_verified',
    'Images with a verified vulnerability scan attestation (in-toto vulns, cosign vuln).',
    [[{}, s.vulnScanVerified]],
  );
  metric('custody_coverage_images_vex_verified', 'Images with a verified VEX attestation (OpenVEX, CycloneDX VEX).', [[{}, s.vexVerified]]);
  metric('custody_coverage_images_unreadable', 'Images that could not be read from their registry.', [[{}, s.errors]]);
  const lat: Array<[Record<string, string>, number]> = [];
  if (s.latency.p50Seconds !== undefined) lat.push([{ quantile: '0.5' }, s.latency.p50Seconds]);
  if (s.latency.p95Seconds !== undefined) lat.push([{ quantile: '0.95' }, s.latency.p95Seconds]);
  if (s.latency.maxSeconds !== undefined) lat.push([{ quantile: '1' }, s.latency.maxSeconds]);
  metric(
    'custody_attestation_latency_seconds',
    'Build end to verified signing time of the provenance, over the images where it is known.',
    lat,
  );
  metric('custody_attestation_latency_unknown_images', 'Images whose attestation latency is unknown.', [[{}, s.latency.unknown]]);
  const label = (i: CoverageImage) => ({ image: printable(i.image), digest: i.digest ?? '' });
  metric(
    'custody_image_covered',
    'Whether the image has verified provenance and a verified SBOM (1) or not (0).',
    r.images.map((i) => [label(i), i.covered ? 1 : 0]),
  );
  metric(
    'custody_image_pinned',
    'Whether the image is named by digest (1) or by tag (0).',
    r.images.map((i) => [label(i), i.pinned ? 1 : 0]),
  );
  metric(
    'custody_image_attestations',
    'Attestations stored next to the image, by whether they verified.',
    r.images.flatMap((i) => [
      [{ ...label(i), verified: 'true' }, i.attestations.filter((a) => a.verified).length] as [Record<string, string>, number],
      [{ ...label(i), verified: 'false' }, i.attestations.filter((a) => !a.verified).length] as [Record<string, string>, number],
    ]),
  );
  metric(
    'custody_image_attestation_latency_seconds',
    'Build end to verified signing time of the image provenance.',
    r.images.filter((i) => i.latency.seconds !== undefined).map((i) => [label(i), i.latency.seconds!]),
  );
  return `${out.join('\n')}\n`;
}

/** Text for XML 1.0 character data and attribute values: markup escaped, control characters made visible. */
export function xmlText(value: string): string {
  return printable(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\ud800-\udfff\ufffe\uffff]/g, '\ufffd');
}

/** JUnit XML: one testcase per image; a failure (with its reasons) when it is not covered, an error when unreadable. */
export function formatCoverageJunit(r: CoverageResult): string {
  const x = xmlText;
  const s = r.summary;
  const failures = r.images.filter((i) => !i.covered && !i.error).length;
  const errors = r.images.filter((i) => i.error).length;
  const cases = r.images.map((i) => {
    const details = [
      `digest: ${i.digest ?? '(not resolved)'}`,
      `pinned: ${yes(i.pinned)}`,
      ...i.locations.map(
        (l) =>
          `at ${l.source}${l.line ? `:${l.line}` : ''} ${l.kind}${l.name ? `/${l.name}` : ''}${l.container ? ` container ${l.container}` : ''}${l.helmSource ? ` (helm: ${l.helmSource})` : ''}`,
      ),
      ...i.attestations.map(
        (a) =>
          `attestation ${a.predicateType ?? '(unknown type)'}: ${a.verified ? 'verified' : `not verified: ${a.reason ?? ''}`} (${a.source})`,
      ),
      `latency: ${i.latency.seconds !== undefined ? `${i.latency.seconds}s` : `unknown (${i.latency.unknown ?? ''})`}`,
    ].join('\n');
    const body = i.error
      ? `      <error type="unreadable" message="${x(i.error)}">${x(i.reasons.join('\n'))}</error>\n`
      : !i.covered
        ? `      <failure type="not-covered" message="${x(i.reasons.join('; ') || 'the verify gate failed')}">${x(i.reasons.join('\n'))}</failure>\n`
        : '';
    return `    <testcase classname="custody.coverage" name="${x(i.image)}">\n${body}      <system-out>${x(details)}</system-out>\n    </testcase>`;
  });
  const props = [
    ['coverage.ratio', String(s.ratio)],
    ['coverage.covered', String(s.covered)],
    ['coverage.images', String(s.images)],
    ['latency.p50.seconds', s.latency.p50Seconds === undefined ? 'unknown' : String(s.latency.p50Seconds)],
    ['latency.p95.seconds', s.latency.p95Seconds === undefined ? 'unknown' : String(s.latency.p95Seconds)],
    ['latency.unknown', String(s.latency.unknown)],
  ]
    .map(([k, v]) => `      <property name="${x(k!)}" value="${x(v!)}"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="custody coverage" tests="${s.images}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="custody coverage" tests="${s.images}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${x(r.generatedAt)}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
