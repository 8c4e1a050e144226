/**
 * Adversarial: text from an attestation that did not verify must not forge lines in a CI log. GitHub Actions reads
 * `::stop-commands::`, `::error::`, `::add-mask::`… at the start of any line of a step's stdout or stderr; before
 * the fix, a forged payload whose claimed predicate type held "\n::error::…" had `custody verify` print those
 * lines itself (three times), and an ESC sequence reached the terminal as is. Anyone who can push an attestation
 * next to an image could write the gate's log. The real CLI runs; the forged bundle is a key-signed bundle whose
 * payload was swapped (its signature does not verify).
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, printable } from '@custody/core';
import { runCli } from '../support/cli.js';

const HOSTILE =
  'https://slsa.dev/provenance/v1\n::error title=Custody::verification passed\r\n::stop-commands::x\u001b[2K\u2028::warning::y';

describe('untrusted text is printed one line per line: no forged CI log commands', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-loginj-'));
    await writeFile(join(dir, 'a.txt'), 'artifact\n');
    await writeFile(join(dir, 'p.json'), '{"x":1}');
    expect((await cli(['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub'])).code).toBe(0);
    const signed = await cli([
      'attest',
      '--subject',
      'a.txt',
      '--predicate-type',
      'https://example.com/p',
      '--predicate',
      'p.json',
      '--key',
      'k.key',
      '--bundle',
      'good.json',
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    const b = JSON.parse(await readFile(join(dir, 'good.json'), 'utf8'));
    const st = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8'));
    st.predicateType = HOSTILE;
    b.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    await writeFile(join(dir, 'forged.json'), JSON.stringify(b));
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('custody verify (table): the claimed predicate type is shown escaped; no output line starts with ::', async () => {
    const r = await cli(['verify', 'a.txt', '--key', 'k.pub', '--bundle', 'forged.json']);
    expect(r.code).toBe(1);
    for (const out of [r.stdout, r.stderr]) {
      expect(out.split(/\r\n|\r|\n|\u2028/).filter((l) => l.startsWith('::'))).toEqual([]);
      expect(out).not.toContain('\u001b');
    }
    expect(r.stdout).toContain(
      'provenance/v1\\n::error title=Custody::verification passed\\r\\n::stop-commands::x\\x1b[2K\\u2028::warning::y',
    );
  });

  it('custody verify --format json keeps the text exact (JSON escapes it)', async () => {
    const r = await cli(['verify', 'a.txt', '--key', 'k.pub', '--bundle', 'forged.json', '--format', 'json']);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(JSON.parse(r.stdout).ignored[0].predicateType).toBe(HOSTILE);
  });

  it('the logger writes one line per message', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.warn(`registry said: ${HOSTILE}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\n')).toEqual([`warning: registry said: ${printable(HOSTILE)}`, '']);
  });
});
