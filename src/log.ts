/**
 * The one logger. Readable in a terminal, JSON lines otherwise. Secrets are redacted twice:
 * by key (pino's redact) and by value (the token string wherever it appears in a message).
 */
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

const REDACT_KEYS = ['token', 'discordToken', '*.token', '*.discordToken', 'headers.authorization', '*.headers.authorization'];

/** Values that must never be written; registered at start (the bot token). */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

/** Replaces every registered secret in a string. Also used for error replies. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[REDACTED]');
  return out;
}

/** Writes one finished log line. */
export type LineWriter = (line: string) => void;

const stderr = pino.destination({ fd: 2, sync: true });
const toStderr: LineWriter = (line) => stderr.write(line);
let writeLine: LineWriter = toStderr;

/**
 * Lets a front end that owns the terminal place log lines (the console's prompt clears its line,
 * lets the log line through to stderr, and draws itself again). `undefined` restores stderr.
 */
export function routeLogLines(route: ((line: string, write: LineWriter) => void) | undefined): void {
  writeLine = route ? (line) => route(line, toStderr) : toStderr;
}

function makeLogger(): Logger {
  const level = process.env.LOG_LEVEL ?? 'info';
  const pretty = process.stderr.isTTY && !process.env.CI;
  // Formatted here and written at once (not on a transport's thread), so a line is on the
  // terminal before the call returns: nothing lands in the middle of a prompt drawn after it.
  // Loaded only for a terminal: it costs a few hundred ms at start that JSON lines do not need.
  const prettify = pretty
    ? (createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty')).prettyFactory({
        colorize: true,
        ignore: 'pid,hostname',
      })
    : undefined;
  const destination = { write: (line: string) => writeLine(prettify ? prettify(line) : line) };
  return pino(
    {
      level,
      redact: { paths: REDACT_KEYS, censor: '[REDACTED]' },
      hooks: {
        // A token can hide inside a message or an error text, where key-based redaction cannot see it.
        logMethod(args, method) {
          if (secrets.size > 0) {
            args = args.map((a) =>
              typeof a === 'string' ? redact(a) : a instanceof Error ? redactError(a) : a && typeof a === 'object' ? redactObject(a) : a,
            ) as typeof args;
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}

function redactError(e: Error): Error {
  const copy = new Error(redact(e.message));
  copy.name = e.name;
  copy.stack = e.stack ? redact(e.stack) : undefined;
  return copy;
}

function redactObject(o: object): object {
  try {
    return JSON.parse(
      redact(JSON.stringify(o, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack, name: v.name } : v))),
    ) as object;
  } catch {
    return { note: 'unserialisable log object dropped' };
  }
}

/** Logs go to stderr so that stdout carries only answers (the `ask` contract). */
export const log: Logger = makeLogger();

export function child(area: string): Logger {
  return log.child({ area });
}
