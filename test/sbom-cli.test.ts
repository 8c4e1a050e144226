/**
 * `custody sbom` end to end through the in-process CLI runner: output to stdout and files, formats, bad input
 * (must-show 5: exit 2, one paragraph naming the file and line, what was wrong, what is supported, nothing
 * written to --output), help and version (must-show 7).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CUSTODY_VERSION, silentLogger } from '@custody/core';
import { contentUuidOf, PLACEHOLDER_UUID, readers } from '@custody/sbom';
import { sharedDir, sharedNotice } from '@custody/testing';
import { runCli } from './support/cli.js';
import { generateSbom, platformFile } from '../src/commands/sbom.js';

const shared = sharedDir();
const fixtures = shared ? join(shared, 'fixtures', 'lockfiles') : undefined;
if (!fixtures) sharedNotice('custody sbom CLI tests on real lockfiles');
const work = mkdtempSync(join(tmpdir(), 'custody-sbom-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One paragraph: a single line on stderr starting with custody:, ending with the error code. */
function oneParagraph(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^custody: .+ \[[A-Z_]+\]$/);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0]!;
}

describe.skipIf(!fixtures)('custody sbom on a project', () => {
  const v3 = fixtures ? readFileSync(join(fixtures, 'package-lock-v3.json'), 'utf8') : '';

  it('writes CycloneDX to stdout by default, logs a summary to stderr', async () => {
    const dir = project('stdout', { 'package-lock.json': v3, 'package.json': '{"name":"demo","version":"1.0.0"}' });
    const r = await runCli(['sbom', dir], { env });
    expect(r.code).toBe(0);
    const bom = JSON.parse(r.stdout);
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(bom.components).toHaveLength(648);
    expect(bom.metadata.component).toMatchObject({ name: 'demo', version: '1.0.0' });
    expect(r.stderr).toContain('648 components (npm 648) from 1 file');
  });

  it('--format spdx-json --output FILE writes SPDX to the file, nothing to stdout; same bytes on a rerun', async () => {
    const dir = project('spdx', { 'package-lock.json': v3 });
    const out = join(work, 'out', 'sbom.spdx.json');
    const r = await runCli(['sbom', '--format', 'spdx-json', '--output', out, dir], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const first = readFileSync(out, 'utf8');
    expect(JSON.parse(first).spdxVersion).toBe('SPDX-2.3');
    const again = await runCli(['sbom', dir, '--format', 'spdx-json', '-o', out], { env });
    expect(again.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(readdirSync(join(work, 'out'))).toEqual(['sbom.spdx.json']); // no temp files left
  });

  it('CycloneDX --output FILE (streamed, serial written last) = stdout (sealed in memory); the serial is the content UUID', async () => {
    const dir = project('serial', { 'package-lock.json': v3, 'package.json': '{"name":"démo","version":"1.0.0"}' });
    const out = join(work, 'serial-out', 'sbom.cdx.json');
    const file = await runCli(['sbom', dir, '--output', out], { env });
    expect(file.code).toBe(0);
    const stdout = await runCli(['sbom', dir], { env });
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(stdout.stdout);
    const uuid = (JSON.parse(text).serialNumber as string).replace(/^urn:uuid:/, '');
    expect(uuid).not.toBe(PLACEHOLDER_UUID);
    // Anyone can check it: the nil UUID back in its place, SHA-256 of the bytes, as a UUID.
    expect(contentUuidOf(text, uuid)).toBe(uuid);
    expect(contentUuidOf(text.replace('"version": "1.0.0"', '"version": "1.0.1"'), uuid)).not.toBe(uuid);
    // SPDX: the name (before the namespace) is not ASCII, so the UUID's byte offset is not its string index.
    const spdx = await runCli(['sbom', dir, '--format', 'spdx-json'], { env });
    await runCli(['sbom', dir, '--format', 'spdx-json', '--output', `${out}.spdx`], { env });
    expect(readFileSync(`${out}.spdx`, 'utf8')).toBe(spdx.stdout);
    const ns = JSON.parse(spdx.stdout).documentNamespace as string;
    expect(contentUuidOf(spdx.stdout, ns.slice(-36))).toBe(ns.slice(-36));
  });

  it('a lockfile path works as PATH; --depth 0 stays at the top', async () => {
    const dir = project('depth', {
      'package-lock.json': v3,
      'sub/package-lock.json': readFileSync(join(fixtures!, 'package-lock-v1.json'), 'utf8'),
    });
    const one = await runCli(['sbom', join(dir, 'sub', 'package-lock.json')], { env });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).metadata.component.name).toBe('x-tag');
    const top = await runCli(['sbom', dir, '--depth', '0'], { env });
    expect(JSON.parse(top.stdout).components).toHaveLength(648);
    const all = await runCli(['sbom', dir], { env });
    expect(JSON.parse(all.stdout).components.length).toBeGreaterThan(648);
  });
});

describe('custody sbom: the document is serialized once, streamed', () => {
  it('the result keeps `text` lazy (a getter, not a string made up front) and its chunks make the same document', async () => {
    const dir = project('lazy', {
      'package-lock.json': JSON.stringify({
        name: 'lazy',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: { '': { name: 'lazy', dependencies: { a: '1' } }, 'node_modules/a': { version: '1.0.0' } },
      }),
    });
    const [doc] = await generateSbom({ target: dir, cwd: work, env, logger: silentLogger });
    // A spread of the result (as once when baseDir was added) reads the getter: the whole document as one string,
    // made before the CLI streams the document's chunks to the output, twice the serializing and the document held in memory.
    expect(typeof Object.getOwnPropertyDescriptor(doc!, 'text')?.get).toBe('function');
    expect(doc!.baseDir).toBe(dir);
    // The chunks carry the nil UUID where the sealed text has the serial number, and nothing else differs.
    const { at } = doc!.document;
    const joined = [...doc!.document.chunks()].join('');
    expect(joined.slice(at.index, at.index + 36)).toBe(PLACEHOLDER_UUID);
    expect(`${joined.slice(0, at.index)}${doc!.text.slice(at.index, at.index + 36)}${joined.slice(at.index + 36)}`).toBe(doc!.text);
    expect(JSON.parse(doc!.text).components).toHaveLength(1);
  });
});

describe('custody sbom: bad input (exit 2, one paragraph, nothing written)', () => {
  const out = () => join(work, `never-${Math.random().toString(36).slice(2)}.json`);
  const supportedNames = readers.flatMap((r) => r.fileNames);

  it('a truncated lockfile: file and last line, "ends early", supported versions', async () => {
    const text = JSON.stringify({ name: 'p', lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0' } } }, null, 2);
    const cut = text.slice(0, Math.floor(text.length * 0.7));
    const dir = project('truncated', { 'package-lock.json': cut });
    const o = out();
    const r = await runCli(['sbom', dir, '--output', o], { env });
    expect(r.code).toBe(2);
    const msg = oneParagraph(r.stderr);
    expect(msg).toContain(`${join(dir, 'package-lock.json')}:${cut.split('\n').length}:`);
    expect(msg).toMatch(/not valid JSON: the file ends early/);
    expect(msg).toContain('lockfileVersion 1, 2 or 3');
    expect(msg).toContain('[LOCKFILE_MALFORMED]');
    expect(existsSync(o)).toBe(false);
  });

  it('a malformed lockfile: the line of the fault', async () => {
    const dir = project('malformed', {
      'package-lock.json': '{\n  "name": "p",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {},,\n  }\n}\n',
    });
    const o = out();
    const r = await runCli(['sbom', dir, '-o', o], { env });
    expect(r.code).toBe(2);
    const msg = oneParagraph(r.stderr);
    expect(msg).toContain(`${join(dir, 'package-lock.json')}:5:`);
    expect(msg).toContain('found "," where a property name in double quotes was expected at line 5');
    expect(existsSync(o)).toBe(false);
  });

  it('an unknown lockfileVersion: the version, its line, what is supported', async () => {
    const dir = project('version', { 'package-lock.json': '{\n  "name": "p",\n  "lockfileVersion": 7,\n  "packages": {}\n}\n' });
    const o = out();
    const r = await runCli(['sbom', dir, '-o', o], { env });
    expect(r.code).toBe(2);
    const msg = oneParagraph(r.stderr);
    expect(msg).toContain(`${join(dir, 'package-lock.json')}:3: npm lockfileVersion 7 is not supported.`);
    expect(msg).toContain('lockfileVersion 1, 2 or 3');
    expect(msg).toContain('[LOCKFILE_UNSUPPORTED_VERSION]');
    expect(existsSync(o)).toBe(false);
  });

  it('a directory with no lockfile: names the directory and every supported lockfile', async () => {
    const dir = project('none', {
      'README.md': '# nothing here\n',
      'node_modules/x/package-lock.json': '{"lockfileVersion":3,"packages":{}}',
    });
    const o = out();
    const r = await runCli(['sbom', dir, '--output', o], { env });
    expect(r.code).toBe(2);
    const msg = oneParagraph(r.stderr);
    expect(msg).toContain(`no lockfile found in ${dir}`);
    for (const name of supportedNames) expect(msg).toContain(name);
    expect(msg).toContain('[LOCKFILE_NOT_FOUND]');
    expect(existsSync(o)).toBe(false);
  });

  it.skipIf(!fixtures)('prose saved as requirements.txt: no packages', async () => {
    const dir = project('prose', { 'requirements.txt': readFileSync(join(fixtures!, 'requirements-prose.txt'), 'utf8') });
    const o = out();
    const r = await runCli(['sbom', dir, '--output', o], { env });
    expect(r.code).toBe(2);
    const msg = oneParagraph(r.stderr);
    expect(msg).toContain(join(dir, 'requirements.txt'));
    expect(msg).toContain('[LOCKFILE_NO_PACKAGES]');
    expect(existsSync(o)).toBe(false);
  });

  it('a file that is not a lockfile, a missing path, bad flags', async () => {
    const dir = project('notlock', { 'notes.md': 'hello' });
    const notLock = await runCli(['sbom', join(dir, 'notes.md')], { env });
    expect(notLock.code).toBe(2);
    expect(oneParagraph(notLock.stderr)).toContain('notes.md is not a lockfile Custody can read');
    const missing = await runCli(['sbom', join(dir, 'nope')], { env });
    expect(missing.code).toBe(2);
    expect(oneParagraph(missing.stderr)).toContain('[SBOM_PATH_NOT_FOUND]');
    const format = await runCli(['sbom', dir, '--format', 'cyclonedx-xml'], { env });
    expect(format.code).toBe(2);
    expect(oneParagraph(format.stderr)).toContain('Use one of: cyclonedx-json, spdx-json');
    const depth = await runCli(['sbom', dir, '--depth', '-1'], { env });
    expect(depth.code).toBe(2);
    const epoch = await runCli(['sbom', dir], { env: { ...env, SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(epoch.code).toBe(2);
    expect(oneParagraph(epoch.stderr)).toContain('SOURCE_DATE_EPOCH');
  });
});

describe('help and version', () => {
  it('custody --help lists sbom with an example', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}sbom {2,}Generate an SBOM/);
    expect(r.stdout).toContain('custody sbom . --output sbom.cdx.json');
    expect(r.stdout).toContain('Exit codes: 0');
  });

  it('custody sbom --help: usage, every option, examples', async () => {
    const r = await runCli(['sbom', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--format FORMAT', '--output FILE', '--depth N', '--platform OS/ARCH']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('custody sbom services/api --format spdx-json --output sbom.spdx.json');
    expect(r.stdout).toContain('SOURCE_DATE_EPOCH');
    expect(r.stdout).toContain('sbom.linux-amd64.cdx.json'); // multi-platform output naming
  });

  it('custody --version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`custody ${CUSTODY_VERSION}\n`);
  });

  it('platform file names', () => {
    expect(platformFile('sbom.cdx.json', 'linux/arm64/v8')).toBe('sbom.linux-arm64-v8.cdx.json');
    expect(platformFile('out/sbom.spdx.json', 'linux/amd64')).toBe('out/sbom.linux-amd64.spdx.json');
    expect(platformFile('bom.json', 'linux/amd64')).toBe('bom.linux-amd64.json');
    expect(platformFile('bom', 'linux/amd64')).toBe('bom.linux-amd64');
  });
});
