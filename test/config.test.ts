import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('config', () => {
  it('has defaults that run the console on data/', () => {
    const c = parseConfig({}, '/app');
    expect(c).toMatchObject({ dataDir: '/app/data', stateDir: '/app/.state', discordToken: undefined, logLevel: 'info' });
  });

  it('fails fast naming the variable', () => {
    const bad: [Record<string, string>, string][] = [
      [{ MAX_DOC_BYTES: 'lots' }, 'MAX_DOC_BYTES'],
      [{ DISCORD_API: 'not a url' }, 'DISCORD_API'],
      [{ DISCORD_GUILD_ID: 'abc' }, 'DISCORD_GUILD_ID'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ WATCH: 'maybe' }, 'WATCH'],
      [{ DISCORD_TOKEN: 'two words' }, 'DISCORD_TOKEN'],
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
