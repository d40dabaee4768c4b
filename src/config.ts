/**
 * Configuration: read once from the environment (and `.env` through dotenv), checked, frozen.
 * A bad value stops the start with a message that names the variable.
 */
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { CORPUS_STORE_KINDS, type CorpusStoreKind } from './corpus/types.js';

export interface Config {
  /** Bot token; absent → console mode. Never logged (see log.ts redaction). */
  discordToken?: string;
  /** Application id, needed by the deploy script (the runtime learns it from READY). */
  discordAppId?: string;
  /** Register commands to this guild (instant) instead of globally. */
  discordGuildId?: string;
  /** Discord REST base, e.g. `http://127.0.0.1:PORT/api`; the gateway address comes from it. */
  discordApi?: string;
  /** Corpus directory, searched recursively. */
  dataDir: string;
  /** Where state that must survive restarts lives (snapshots, digest database). */
  stateDir: string;
  /** Documents larger than this are skipped with a warning. */
  maxDocBytes: number;
  /** Seconds one document may take to be read (on a worker thread, which is stopped past it). */
  parseTimeoutSeconds: number;
  /** Megabytes of heap one document's reader may use. */
  parseMemoryMb: number;
  /** Seconds a user waits between commands (0 turns the cooldown off). */
  cooldownSeconds: number;
  /** Watch the corpus directory and reload on change. */
  watch: boolean;
  /**
   * Where the corpus is served from (issue #21): `memory` (MiniSearch and the fact indexes in the
   * process, the default and the fastest) or `postgres` (the database at DATABASE_URL).
   */
  corpusStore: CorpusStoreKind;
  /**
   * PostgreSQL for the shared state (`postgres://user:pass@host:5432/db`); absent → SQLite under
   * stateDir. Never logged with its password.
   */
  databaseUrl?: string;
  /** Seconds after which a digest claim not renewed (its replica died) is taken over by another run. */
  digestClaimTimeoutSeconds: number;
  /** HTTP interactions mode: the port Discord's interactions are POSTed to (no gateway connection). */
  interactionsPort?: number;
  /** The path of the Interactions Endpoint URL (default /interactions). */
  interactionsPath: string;
  /** The application's public key (64 hex digits), to verify interaction signatures. */
  discordPublicKey?: string;
  /** Cap on a fetched page or feed, counted on the decoded bytes (a gzip bomb is cut at it). */
  fetchMaxBytes: number;
  /** Cap on one fetch, redirects included. */
  fetchTimeoutSeconds: number;
  /** Redirects a fetch follows, each re-checked. */
  fetchMaxRedirects: number;
  /** Let fetches reach private, loopback and link-local addresses: for tests and intranets only. */
  fetchAllowPrivate: boolean;
  /** Members with this role may /add and /remove documents (as may those with Manage Server). */
  addRoleId?: string;
  /** Minutes between two polls of a feed (issue #18). */
  feedIntervalMinutes: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function str(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new ConfigError(name, `expected a whole number ≥ ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** Builds a config from an environment; pure, so tests can check every failure. */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const discordToken = str(env, 'DISCORD_TOKEN');
  if (discordToken !== undefined && /\s/.test(discordToken)) {
    throw new ConfigError('DISCORD_TOKEN', 'contains white space; paste the token alone');
  }
  const discordApi = str(env, 'DISCORD_API');
  if (discordApi !== undefined && !/^https?:\/\/[^\s/]+/.test(discordApi)) {
    throw new ConfigError('DISCORD_API', `expected an http(s) URL such as http://127.0.0.1:3000/api, got "${discordApi}"`);
  }
  for (const name of ['DISCORD_APP_ID', 'DISCORD_GUILD_ID', 'ADD_ROLE_ID']) {
    const v = str(env, name);
    if (v !== undefined && !/^\d{1,20}$/.test(v)) {
      throw new ConfigError(name, `expected a numeric Discord id (snowflake), got "${v}"`);
    }
  }
  const databaseUrl = str(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a PostgreSQL URL such as postgres://factdesk:secret@127.0.0.1:5432/factdesk');
  }
  const corpusStore = (str(env, 'CORPUS_STORE')?.toLowerCase() ?? 'memory') as CorpusStoreKind;
  if (!CORPUS_STORE_KINDS.includes(corpusStore)) {
    throw new ConfigError('CORPUS_STORE', `expected ${CORPUS_STORE_KINDS.join(' or ')}, got "${str(env, 'CORPUS_STORE')}"`);
  }
  if (corpusStore === 'postgres' && databaseUrl === undefined) {
    throw new ConfigError('CORPUS_STORE', 'postgres needs DATABASE_URL (the PostgreSQL the corpus is stored in)');
  }
  const interactionsPort = str(env, 'INTERACTIONS_PORT') === undefined ? undefined : int(env, 'INTERACTIONS_PORT', 0, 0);
  if (interactionsPort !== undefined && interactionsPort > 65535) {
    throw new ConfigError('INTERACTIONS_PORT', `expected a port number up to 65535, got "${interactionsPort}"`);
  }
  const discordPublicKey = str(env, 'DISCORD_PUBLIC_KEY');
  if (discordPublicKey !== undefined && !/^[0-9a-f]{64}$/i.test(discordPublicKey)) {
    throw new ConfigError('DISCORD_PUBLIC_KEY', 'expected the 64 hex digits of General Information → Public Key');
  }
  if (interactionsPort !== undefined && discordPublicKey === undefined) {
    throw new ConfigError('DISCORD_PUBLIC_KEY', 'is needed with INTERACTIONS_PORT, to verify that requests come from Discord');
  }
  const interactionsPath = str(env, 'INTERACTIONS_PATH') ?? '/interactions';
  if (!/^\/[\w\-./]*$/.test(interactionsPath)) {
    throw new ConfigError('INTERACTIONS_PATH', `expected a URL path such as /interactions, got "${interactionsPath}"`);
  }
  const logLevel = str(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return Object.freeze({
    discordToken,
    discordAppId: str(env, 'DISCORD_APP_ID'),
    discordGuildId: str(env, 'DISCORD_GUILD_ID'),
    discordApi,
    dataDir: path.resolve(cwd, str(env, 'DATA_DIR') ?? 'data'),
    stateDir: path.resolve(cwd, str(env, 'STATE_DIR') ?? '.state'),
    maxDocBytes: int(env, 'MAX_DOC_BYTES', 5 * 1024 * 1024, 1),
    parseTimeoutSeconds: int(env, 'PARSE_TIMEOUT_SECONDS', 30, 1),
    parseMemoryMb: int(env, 'PARSE_MEMORY_MB', 512, 64),
    cooldownSeconds: int(env, 'COOLDOWN_SECONDS', 2, 0),
    watch: bool(env, 'WATCH', true),
    corpusStore,
    databaseUrl,
    digestClaimTimeoutSeconds: int(env, 'DIGEST_CLAIM_TIMEOUT_SECONDS', 600, 1),
    interactionsPort,
    interactionsPath,
    discordPublicKey,
    fetchMaxBytes: int(env, 'FETCH_MAX_BYTES', 10 * 1024 * 1024, 1024),
    fetchTimeoutSeconds: int(env, 'FETCH_TIMEOUT_SECONDS', 15, 1),
    fetchMaxRedirects: int(env, 'FETCH_MAX_REDIRECTS', 5, 0),
    fetchAllowPrivate: bool(env, 'FETCH_ALLOW_PRIVATE', false),
    addRoleId: str(env, 'ADD_ROLE_ID'),
    feedIntervalMinutes: int(env, 'FEED_INTERVAL_MINUTES', 15, 1),
    logLevel,
  });
}

/** The password inside a database URL, to be redacted wherever it might be logged. */
export function databasePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

let loaded: Config | undefined;

/** The process's configuration, read once (`.env` first, the real environment wins). */
export function getConfig(): Config {
  if (!loaded) {
    loadDotenv({ quiet: true });
    loaded = parseConfig(process.env);
  }
  return loaded;
}
