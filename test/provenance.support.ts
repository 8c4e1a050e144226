/** Helpers shared by the capture / run / provenance tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fixedClock } from '@custody/core';
import { repoRoot } from '@custody/testing';
import type { HostFacts, VersionRunner } from '@custody/provenance';

const schemaDir = join(import.meta.dirname, 'resources', 'schemas');
const load = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as object;

/** Validators for the schemas written from the in-toto and SLSA specs (test/resources/schemas). */
export function schemaValidators() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(load('in-toto-statement-v1.schema.json'), 'in-toto-statement-v1.schema.json');
  ajv.addSchema(load('slsa-provenance-v1.schema.json'), 'slsa-provenance-v1.schema.json');
  const statement = ajv.getSchema('in-toto-statement-v1.schema.json')!;
  const slsa = ajv.getSchema('slsa-provenance-v1.schema.json')!;
  return {
    /** Returns the list of schema errors (empty when valid). */
    check(doc: unknown): string[] {
      const errors: string[] = [];
      if (!statement(doc)) errors.push(...(statement.errors ?? []).map((e) => `statement ${e.instancePath} ${e.message}`));
      const pred = (doc as { predicate?: unknown }).predicate;
      if (!slsa(pred)) errors.push(...(slsa.errors ?? []).map((e) => `predicate ${e.instancePath} ${e.message}`));
      return errors;
    },
  };
}

export const FIXED_TIME = '2026-03-01T12:00:00Z';
export const clock = fixedClock(FIXED_TIME);

/** Fixed host facts, so in-process documents do not depend on the machine (a test seam, not a mock of behaviour). */
export const host: HostFacts = {
  os: 'linux',
  kernel: 'Linux',
  kernelRelease: '6.8.0-1017-azure',
  kernelVersion: '#20-Ubuntu SMP',
  arch: 'x64',
  hostname: 'builder-1',
  cpus: 4,
  memoryBytes: 16 * 2 ** 30,
};

/** Fixed tool versions for in-process documents (the CLI tests run the real `--version`). */
export const versionRunner: VersionRunner = async (name) => {
  const known: Record<string, string> = { git: 'git version 2.45.2', node: 'v24.11.0', npm: '11.6.2' };
  if (known[name]) return `${known[name]}\n`;
  const err = new Error(`spawn ${name} ENOENT`) as NodeJS.ErrnoException;
  err.code = 'ENOENT';
  throw err;
};

/** A clean environment: only what a test gives plus PATH and HOME (never the machine's CI variables). */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extra };
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/custody.js -> build/) as a real process with the project's Node. */
export function runCustody(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'custody.js'), ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
