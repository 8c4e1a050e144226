import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CUSTODY_VERSION,
  CustodyError,
  EXIT_USAGE,
  UsageError,
  configureLimits,
  createLogger,
  describeCause,
  mask,
  printable,
} from '@custody/core';
import { commands } from './cli/commands.js';
import { commandHelp, mainHelp } from './cli/help.js';
import { defined, type CliIO, type CommandSpec } from './cli/spec.js';
import { readSettings } from './settings.js';

export { commands };

function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  const spec = commands.find((c) => c.name === two) ?? commands.find((c) => c.name === argv[0]);
  if (!spec) return undefined;
  return { spec, rest: argv.slice(spec.name.split(' ').length) };
}

function suggest(word: string): string {
  const near = commands.map((c) => c.name).filter((n) => n.startsWith(word.slice(0, 2)));
  return near.length ? ` Did you mean: ${near.join(', ')}?` : '';
}

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The options of `spec` a mistyped `--word` most likely meant: those it begins (--out: --output-key, --output-pub),
 * or within two edits of it (--ouput: --output).
 */
export function nearOptions(spec: CommandSpec, word: string): string[] {
  const given = word.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (!given) return [];
  const names = Object.keys(spec.options);
  const begun = given.length >= 3 ? names.filter((n) => n.startsWith(given)) : [];
  const near = names.filter((n) => !begun.includes(n) && distance(n, given) <= Math.min(2, Math.floor(n.length / 3)));
  return [...begun, ...near].slice(0, 4).map((n) => `--${n}`);
}

/** Runs the CLI in-process: argv without `node custody`. Returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    configureLimits(io.env);
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      const sub = argv[0] === 'help' && argv[1] ? findCommand(argv.slice(1)) : undefined;
      io.stdout(sub ? commandHelp(sub.spec) : mainHelp(commands, CUSTODY_VERSION));
      return argv.length === 0 ? EXIT_USAGE : 0;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      io.stdout(`custody ${CUSTODY_VERSION}\n`);
      return 0;
    }
    const found = findCommand(argv);
    if (!found) {
      throw new UsageError(`"${argv[0]}" is not a custody command.${suggest(argv[0] ?? '')}`, {
        hint: 'Run custody --help to list the commands.',
      });
    }
    const { spec, rest } = found;
    if (rest.includes('--help') || rest.includes('-h')) {
      const dd = rest.indexOf('--');
      const helpAt = Math.max(rest.indexOf('--help'), rest.indexOf('-h'));
      if (dd === -1 || helpAt < dd) {
        io.stdout(commandHelp(spec));
        return 0;
      }
    }
    let args = rest;
    let passed: string[] = [];
    if (spec.passThrough) {
      const dd = rest.indexOf('--');
      if (dd !== -1) {
        args = rest.slice(0, dd);
        passed = rest.slice(dd + 1);
      }
    }
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: Object.fromEntries(
          Object.entries(spec.options).map(([n, o]) => [n, { type: o.type, ...defined({ short: o.short, multiple: o.multiple }) }]),
        ),
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      const unknown = /^Unknown option '([^']+)'/.exec((err as Error).message ?? '');
      if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
        const near = nearOptions(spec, unknown[1]!);
        throw new UsageError(`${spec.name} has no option ${unknown[1]}.`, {
          hint: `${near.length ? `Did you mean ${near.join(' or ')}? ` : ''}Run custody ${spec.name} --help for the options.`,
        });
      }
      throw new UsageError(`${describeCause(err).replace(/\.$/, '')}.`, { hint: `Run custody ${spec.name} --help for the options.` });
    }
    const positionals = [...parsed.positionals, ...passed];
    const max = spec.positionals?.max ?? 0;
    const min = spec.positionals?.min ?? 0;
    if (!spec.passThrough && parsed.positionals.length > max) {
      throw new UsageError(`unexpected argument "${parsed.positionals[max]}".`, {
        hint: `Usage: ${spec.usage[0]}. Run custody ${spec.name} --help for the options.`,
      });
    }
    if (positionals.length < min) {
      throw new UsageError(`missing ${spec.positionals?.names ?? 'argument'}.`, {
        hint: `Usage: ${spec.usage[0]}. Run custody ${spec.name} --help for examples.`,
      });
    }
    const values = { ...parsed.values } as Record<string, string | boolean | string[] | undefined>;
    for (const [n, o] of Object.entries(spec.options)) if (values[n] === undefined && o.default !== undefined) values[n] = o.default;
    return await spec.run({ values, positionals, io, settings: readSettings(io.env) });
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: CliIO): number {
  const { debug } = readSettings(io.env);
  if (err instanceof CustodyError) {
    io.stderr(`custody: ${printable(mask(err.describe()))}\n`);
    if (debug && err.cause) io.stderr(`${mask(String((err.cause as Error).stack ?? err.cause))}\n`);
    return err.exitCode;
  }
  const detail = debug ? `\n${mask(String((err as Error)?.stack ?? err))}` : '';
  io.stderr(
    `custody: internal error: ${mask(describeCause(err))}. This is a bug in Custody; rerun with CUSTODY_DEBUG=1 and report the output.${detail}\n`,
  );
  return EXIT_USAGE;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    logger: createLogger({ level: readSettings(process.env).debug ? 'debug' : 'info' }),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** Entry point for bin/custody.js. */
export async function run(argv = process.argv.slice(2)): Promise<void> {
  const code = await main(argv, processIO());
  process.exitCode = code;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === self) void run();
