// custody coverage's refusals before any registry is asked (hostile manifests through the CLI: exit 2, a clear
// message naming the file, no stack trace, no terminal escapes), and the escaping of its Prometheus and JUnit forms
// for values that cannot come from a valid reference but could from a future field.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCoverageJunit, formatCoveragePrometheus, promLabel, xmlText } from '../src/commands/coverage-format.js';
import { COVERAGE_SCHEMA, summarize, type CoverageImage, type CoverageResult } from '../src/commands/coverage.js';
import { runCli } from './support/cli.js';

describe('custody coverage: hostile inputs are refused (exit 2) before any registry is asked', () => {
  let dir: string;
  const run = (...args: string[]) =>
    runCli(['coverage', ...args, '--key', 'none.pub'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, CUSTODY_MAX_MANIFEST_BYTES: '1M' },
    });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-coverage-input-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const cases: Array<[string, string, RegExp]> = [
    [
      'huge.yaml',
      `# ${'x'.repeat(2 * 1024 * 1024)}\n`,
      /huge\.yaml: the manifest file is \d+ bytes, over the limit of 1 MiB.*\[LIMIT_MANIFEST_BYTES\]/,
    ],
    [
      'deep.yaml',
      `kind: Pod\nspec: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`,
      /deep\.yaml: the manifest nests flow collections deeper than 256 levels.*\[LIMIT_JSON_DEPTH\]/,
    ],
    [
      'bomb.yaml',
      [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 30 },
          (_, i) =>
            `b${i}: &b${i} [${Array(9)
              .fill(i ? `*b${i - 1}` : '*a')
              .join(', ')}]`,
        ),
      ].join('\n'),
      /bomb\.yaml: the manifest uses 270 YAML aliases, more than the 100 accepted.*\[DEPLOY_YAML_ALIASES\]/,
    ],
    [
      'tag.yaml',
      'kind: Pod\nspec: !!python/object:os.system "id"\n',
      /tag\.yaml:2: not valid YAML: unknown tag.*\[DEPLOY_MANIFEST_INVALID\]/,
    ],
    [
      'ctrl.yaml',
      'kind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: "reg.example/app:1\\e]0;pwned\\a"\n',
      /ctrl\.yaml:8: the image reference "reg\.example\/app:1\\x1b\]0;pwned\\x07" contains a control character \(U\+001B\).*\[DEPLOY_IMAGE_INVALID\]/,
    ],
  ];
  for (const [file, text, message] of cases) {
    it(`${file}: exit 2, ${message.source.slice(0, 40)}…`, async () => {
      await writeFile(join(dir, file), text);
      const r = await run(file);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(r.stdout).toBe('');
    });
  }

  it('no input at all, a manifest without workloads, a bad --format or --concurrency: exit 2 with what to do', async () => {
    expect((await run()).stderr).toMatch(/nothing to measure: give manifest files or directories, --images FILE, or --repository/);
    await writeFile(join(dir, 'svc.yaml'), 'kind: Service\nmetadata: {name: s}\n');
    const none = await run('svc.yaml');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no container image was found in the inputs.*\[COVERAGE_NO_IMAGES\]/);
    expect((await run('svc.yaml', '--format', 'xml')).stderr).toContain('--format is "xml", not one of table, json, prometheus, junit');
    expect((await run('svc.yaml', '--concurrency', '0')).code).toBe(2);
    const missing = await run('nowhere.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.yaml: cannot read the manifests.*\[COVERAGE_INPUT_UNREADABLE\]/);
  });
});

describe('custody coverage: the Prometheus and JUnit forms escape what they print', () => {
  const image = (name: string, covered: boolean): CoverageImage => ({
    image: name,
    pinned: false,
    digest: `sha256:${'b'.repeat(64)}`,
    locations: [{ source: 'a&b<c>.yaml', line: 3, kind: 'Pod', name: 'p"q' }],
    attestations: [
      {
        source: 'oci://x@sha256:1',
        predicateType: 'https://slsa.dev/provenance/v1',
        verified: false,
        reason: 'a "forged" <sig> & more\u001b[2J',
      },
    ],
    provenanceVerified: false,
    sbomVerified: false,
    verifyPassed: false,
    covered,
    latency: { unknown: 'no verified provenance' },
    reasons: covered ? [] : ['provenance does not verify: a "forged" <sig> & more\u001b[2J'],
  });
  const images = [image('reg.example/a"b\\c\nd:1', false), image('reg.example/ok:1', true)];
  const result: CoverageResult = {
    schema: COVERAGE_SCHEMA,
    generatedAt: '2026-01-01T00:00:00.000Z',
    images,
    summary: summarize(images),
    pinnedFiles: [],
    notes: [],
  };

  it('label values: backslash, double quote and line feed escaped (text format 0.0.4)', () => {
    expect(promLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const text = formatCoveragePrometheus(result);
    expect(text).toContain('custody_image_covered{image="reg.example/a\\"b\\\\c\\\\nd:1"');
    expect(text).toContain('custody_coverage_ratio 0.5\n');
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{.*\})? \S+)$/);
  });

  it('JUnit: well-formed XML (a real parser reads it back), markup and control characters escaped', () => {
    expect(xmlText('<a href="x">&\'\u0007')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x07');
    const xml = formatCoverageJunit(result);
    const parsed = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          `import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
print(json.dumps([[c.get("name"), c.find("failure").get("message") if c.find("failure") is not None else None] for c in root.iter("testcase")]))`,
        ],
        { input: xml, encoding: 'utf8' },
      ),
    ) as Array<[string, string | null]>;
    expect(parsed).toEqual([
      ['reg.example/a"b\\c\\nd:1', 'provenance does not verify: a "forged" <sig> & more\\x1b[2J'],
      ['reg.example/ok:1', null],
    ]);
  });
});
