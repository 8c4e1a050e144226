/**
 * The logger facade. Logs go to stderr (stdout carries results). Secrets registered with `addSecret` are masked
 * in everything the logger writes, whoever calls it.
 */
import { printable } from './printable.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secrets = new Set<string>();
const secretListeners: Array<(value: string) => void> = [];

/** Registers a value that must never be printed. Listeners (e.g. GitHub's ::add-mask::) are told too. */
export function addSecret(value: string | undefined): void {
  if (!value || value.length < 4 || secrets.has(value)) return;
  secrets.add(value);
  for (const l of secretListeners) l(value);
}

export function onSecret(listener: (value: string) => void): void {
  secretListeners.push(listener);
  for (const s of secrets) listener(s);
}

export function mask(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

export interface StreamLoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

export function createLogger(options: StreamLoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel, prefix: string) => (message: string) => {
    // One line per message, whatever it quotes (printable: a message cannot forge a line or a CI log command).
    if (LEVELS[level] >= min) write(`${prefix}${printable(mask(message))}\n`);
  };
  return {
    debug: emit('debug', 'debug: '),
    info: emit('info', ''),
    warn: emit('warn', 'warning: '),
    error: emit('error', 'error: '),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
