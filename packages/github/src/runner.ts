/**
 * The Toolkit that speaks the GitHub runner's protocol itself (what the committed bundles run): inputs from
 * INPUT_* variables, workflow commands (`::name::message`) on stdout, outputs and PATH through the GITHUB_OUTPUT and
 * GITHUB_PATH files (with the same random heredoc delimiter @actions/core uses), the job summary appended to
 * GITHUB_STEP_SUMMARY. Written out here rather than loaded from @actions/core because @actions/core brings an HTTP
 * client (undici, proxies, tunnels) and a process runner into every bundle, about 480 KiB that Custody's actions
 * parse at start and never use. The OIDC token comes from the function the caller gives (the application hands in
 * @custody/ci's bounded request, the one the CLI uses on GitHub Actions).
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { delimiter } from 'node:path';
import type { Toolkit } from './toolkit.js';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::name key=value,…::message` on stdout. */
function command(name: string, message: string, properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** Appends one message to the file a GITHUB_<NAME> variable names (the runner creates it before the step). */
function fileCommand(file: string, message: string): void {
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
}

/** `name<<DELIMITER`, the value, `DELIMITER`: a value of any number of lines, as the runner reads GITHUB_OUTPUT. */
function keyValue(name: string, value: string): string {
  const end = `ghadelimiter_${randomUUID()}`;
  if (name.includes(end) || value.includes(end)) throw new Error(`Unexpected input: the output ${name} contains the delimiter "${end}"`);
  return `${name}<<${end}${EOL}${value}${EOL}${end}`;
}

/** The runner's protocol, with `idToken` for the OIDC token. */
export function runnerToolkit(idToken: (audience: string) => Promise<string>): Toolkit {
  const error = (m: string) => command('error', m);
  return {
    getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim(),
    setOutput: (name, value) => {
      const file = process.env.GITHUB_OUTPUT;
      if (file) return fileCommand(file, keyValue(name, value));
      process.stdout.write(EOL);
      command('set-output', value, { name });
    },
    addPath: (dir) => {
      const file = process.env.GITHUB_PATH;
      if (file) fileCommand(file, dir);
      else command('add-path', dir);
      process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
    },
    setSecret: (value) => command('add-mask', value),
    debug: (m) => command('debug', m),
    info: (m) => void process.stdout.write(`${m}${EOL}`),
    warning: (m) => command('warning', m),
    error,
    setFailed: (m) => {
      process.exitCode = 1;
      error(m);
    },
    appendSummary: async (markdown) => {
      const file = process.env.GITHUB_STEP_SUMMARY;
      if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
      try {
        await access(file, constants.R_OK | constants.W_OK);
      } catch {
        throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
      }
      await appendFile(file, `${markdown}${EOL}`, { encoding: 'utf8' });
    },
    idToken,
  };
}
