/**
 * Runs the built CLI (bin/custody.js) as a real process and measures it: exit code, output, wall time and peak RSS
 * (the child's own getrusage, written by a preload at exit). For the resource-limit cases of the adversarial suite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'bin', 'custody.js');

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size of the CLI process, in MiB (undefined if it died before reporting). */
  maxRssMiB: number | undefined;
}

// Peak RSS in KiB: VmHWM from /proc/self/status where there is one (Linux). getrusage's maxRSS is not the child's
// own peak there: it keeps the high-water mark of the process image exec replaced, i.e. of the forked test worker,
// so a worker holding 300 MB would make every CLI it spawns look 300 MB big.
const PRELOAD = `import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  let maxRSS = process.resourceUsage().maxRSS;
  try { const m = /VmHWM:\\s*(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8')); if (m) maxRSS = Number(m[1]); } catch {}
  try { writeFileSync(process.env.CUSTODY_TEST_RUSAGE_FILE, JSON.stringify({ maxRSS })); } catch {}
});
`;

/** Runs `custody ...args`, killing it after `timeoutMs` (default 60 s). */
export async function runCliMeasured(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-measure-'));
  const preload = join(dir, 'preload.mjs');
  const usage = join(dir, 'rusage.json');
  writeFileSync(preload, PRELOAD);
  const start = performance.now();
  try {
    return await new Promise<MeasuredRun>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', preload, CLI_BIN, ...args], {
        cwd: opts.cwd ?? REPO_ROOT,
        env: { ...(opts.env ?? process.env), CUSTODY_TEST_RUSAGE_FILE: usage },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.end(opts.input ?? '');
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        let maxRssMiB: number | undefined;
        try {
          maxRssMiB = (JSON.parse(readFileSync(usage, 'utf8')) as { maxRSS: number }).maxRSS / 1024;
        } catch {
          maxRssMiB = undefined;
        }
        resolve({ code, signal, stdout, stderr, wallMs: performance.now() - start, maxRssMiB });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
