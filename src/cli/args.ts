/** Command-line flags and start-up shared by the entry points. */
import path from 'node:path';
import type { AppOptions } from '../app.js';
import { getConfig, type Config } from '../config.js';
import { fetchDefaults } from '../fetch/index.js';
import { log } from '../log.js';

export interface CliArgs {
  json: boolean;
  data?: string;
  since?: string;
  /** `export`: which facts, and in which format. */
  kind?: string;
  format?: string;
  rest: string[];
  help: boolean;
}

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { json: false, rest: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (out.rest.length === 0 && a === '--json') out.json = true;
    else if (out.rest.length === 0 && (a === '--data' || a === '--since' || a === '--kind' || a === '--format')) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--data') out.data = v;
      else if (a === '--since') out.since = v;
      else if (a === '--kind') out.kind = v;
      else out.format = v;
    } else if (out.rest.length === 0 && a.startsWith('--data=')) out.data = a.slice(7);
    else if (out.rest.length === 0 && (a === '--help' || a === '-h')) out.help = true;
    else out.rest.push(a);
  }
  return out;
}

/** How the entry points start the app: the corpus from --data, else DATA_DIR. */
export function appOptions(config: Config, args: CliArgs): AppOptions {
  return {
    dataDir: args.data ? path.resolve(args.data) : config.dataDir,
    maxBytes: config.maxDocBytes,
    budget: { timeoutMs: config.parseTimeoutSeconds * 1000, memoryMb: config.parseMemoryMb },
    stateDir: config.stateDir,
    fetch: fetchDefaults(config),
    discordApi: config.discordApi,
    corpusStore: config.corpusStore,
    databaseUrl: config.databaseUrl,
  };
}

/**
 * The log level where a person reads the output (the console, one-shot commands): only what
 * needs attention (`warn`) unless LOG_LEVEL asks for more or less. The bot logs at LOG_LEVEL (`info`).
 */
export function quietLogLevel(config: Config): string {
  return process.env.LOG_LEVEL ? config.logLevel : 'warn';
}

export interface OneShotOptions {
  /** Errors that are already a clear sentence for the user and need no log entry (e.g. a bad state file). */
  expected?: (err: Error) => boolean;
}

/**
 * Runs a one-shot command (`ask`, `digest`): --help, configuration, quiet logging, the exit code.
 * An error becomes one line on stderr and exit 2, never a stack trace on stdout.
 */
export function runOneShot(usage: string, main: (args: CliArgs, config: Config) => Promise<number>, opts: OneShotOptions = {}): void {
  const run = async (): Promise<number> => {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    const config = getConfig();
    log.level = quietLogLevel(config);
    return main(args, config);
  };
  run().then(
    (code) => process.exit(code),
    (err: Error) => {
      if (!opts.expected?.(err)) log.error({ err }, err.message);
      process.stderr.write(`factdesk: ${err.message}\n`);
      process.exit(2);
    },
  );
}
