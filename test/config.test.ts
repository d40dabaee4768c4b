import { describe, expect, it } from 'vitest';
import { ConfigError, databasePassword, parseConfig } from '../src/config.js';

describe('config', () => {
  it('has defaults that run the console on data/', () => {
    const c = parseConfig({}, '/app');
    expect(c).toMatchObject({ dataDir: '/app/data', stateDir: '/app/.state', discordToken: undefined, logLevel: 'info' });
  });

  it('reads the shared state database and the claim timeout; SQLite and 10 minutes by default', () => {
    expect(parseConfig({}, '/app')).toMatchObject({ databaseUrl: undefined, digestClaimTimeoutSeconds: 600 });
    const c = parseConfig({ DATABASE_URL: 'postgresql://bot:p%40ss@db.internal:5433/news', DIGEST_CLAIM_TIMEOUT_SECONDS: '45' }, '/app');
    expect(c).toMatchObject({ databaseUrl: 'postgresql://bot:p%40ss@db.internal:5433/news', digestClaimTimeoutSeconds: 45 });
    // The password is what log redaction is given.
    expect(databasePassword(c.databaseUrl!)).toBe('p@ss');
    expect(databasePassword('postgres://bot@db/news')).toBeUndefined();
  });

  it('reads the fetch caps and keeps private addresses closed unless told', () => {
    expect(parseConfig({}, '/app')).toMatchObject({
      fetchMaxBytes: 10 * 1024 * 1024,
      fetchTimeoutSeconds: 15,
      fetchMaxRedirects: 5,
      fetchAllowPrivate: false,
      addRoleId: undefined,
    });
    const c = parseConfig({
      FETCH_MAX_BYTES: '2048',
      FETCH_TIMEOUT_SECONDS: '4',
      FETCH_MAX_REDIRECTS: '0',
      FETCH_ALLOW_PRIVATE: 'true',
      ADD_ROLE_ID: '4242',
    });
    expect(c).toMatchObject({
      fetchMaxBytes: 2048,
      fetchTimeoutSeconds: 4,
      fetchMaxRedirects: 0,
      fetchAllowPrivate: true,
      addRoleId: '4242',
    });
  });

  it('serves the corpus from memory unless CORPUS_STORE=postgres, which needs DATABASE_URL', () => {
    expect(parseConfig({}, '/app').corpusStore).toBe('memory');
    expect(parseConfig({ CORPUS_STORE: ' Postgres ', DATABASE_URL: 'postgres://bot@db/news' }, '/app').corpusStore).toBe('postgres');
    expect(parseConfig({ CORPUS_STORE: 'memory', DATABASE_URL: 'postgres://bot@db/news' }, '/app').corpusStore).toBe('memory');
    expect(() => parseConfig({ CORPUS_STORE: 'postgres' })).toThrow(/CORPUS_STORE: postgres needs DATABASE_URL/);
  });

  it('fails fast naming the variable', () => {
    const bad: [Record<string, string>, string][] = [
      [{ MAX_DOC_BYTES: 'lots' }, 'MAX_DOC_BYTES'],
      [{ DISCORD_API: 'not a url' }, 'DISCORD_API'],
      [{ DISCORD_GUILD_ID: 'abc' }, 'DISCORD_GUILD_ID'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ WATCH: 'maybe' }, 'WATCH'],
      [{ DISCORD_TOKEN: 'two words' }, 'DISCORD_TOKEN'],
      [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
      [{ DIGEST_CLAIM_TIMEOUT_SECONDS: '0' }, 'DIGEST_CLAIM_TIMEOUT_SECONDS'],
      [{ FETCH_MAX_BYTES: '10' }, 'FETCH_MAX_BYTES'],
      [{ FETCH_TIMEOUT_SECONDS: '0' }, 'FETCH_TIMEOUT_SECONDS'],
      [{ FETCH_ALLOW_PRIVATE: 'sometimes' }, 'FETCH_ALLOW_PRIVATE'],
      [{ ADD_ROLE_ID: 'editors' }, 'ADD_ROLE_ID'],
      [{ CORPUS_STORE: 'sqlite' }, 'CORPUS_STORE'],
      [{ CORPUS_STORE: 'postgres' }, 'CORPUS_STORE'],
    ];
    for (const [env, name] of bad) {
      try {
        parseConfig(env);
        expect.unreachable(name);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).variable).toBe(name);
        expect((err as Error).message.startsWith(name)).toBe(true);
      }
    }
  });

  it('never puts the token in an error message', () => {
    try {
      parseConfig({ DISCORD_TOKEN: 'secret token-value' });
    } catch (err) {
      expect((err as Error).message).not.toContain('token-value');
    }
  });
});
