import { main } from '../../src/cli.js';
import { silentLogger } from '@custody/core';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (TypeScript sources) and captures stdout and stderr. */
export async function runCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: opts.env ?? { ...process.env },
    cwd: opts.cwd ?? process.cwd(),
    logger: {
      ...silentLogger,
      info: (m) => void (stderr += `${m}\n`),
      warn: (m) => void (stderr += `warning: ${m}\n`),
      error: (m) => void (stderr += `error: ${m}\n`),
    },
    isTTY: false,
    ...(opts.stdin !== undefined ? { stdin: [Buffer.from(opts.stdin)] } : {}),
  });
  return { code, stdout, stderr };
}
