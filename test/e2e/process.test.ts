/**
 * The bot as `npm start` runs it — a child process pointed at the fake Discord through
 * DISCORD_API — and `npm run deploy-commands`, each checked on the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { parseConfig } from '../../src/config.js';
import { commandsJson, menusJson } from '../../src/send/discord/definitions.js';
import { deployCommands } from '../../src/send/discord/register.js';
import { DATA, ROOT } from '../helpers/corpus.js';
import { FakeDiscord } from '../helpers/fake-discord.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function run(
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; stderr: () => string; stdout: () => string; exit: Promise<number | null> } {
  const child = spawn(TSX, [script], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', WATCH: 'false', COOLDOWN_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr.on('data', (d) => (err += d));
  child.stdout.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, stdout: () => out, exit };
}

describe('npm start against the fake Discord', () => {
  const fake = new FakeDiscord();
  let bot: ReturnType<typeof run>;

  beforeAll(async () => {
    await fake.start();
    bot = run('src/main.ts', {
      DISCORD_TOKEN: fake.token,
      DISCORD_API: fake.apiUrl,
      DATA_DIR: DATA,
      STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-')),
      LOG_LEVEL: 'trace',
    });
    await fake.waitForReady(20_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${bot.stderr()}`);
    });
  });

  afterAll(async () => {
    if (bot.child.exitCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exit;
    }
    await fake.stop();
  });

  it('logs in with minimal intents, answers, survives a dropped gateway and a failed reply, and stops cleanly on SIGTERM', async () => {
    expect(fake.identifyPayloads[0].intents).toBe(1); // Guilds only
    const first = await fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(first.message.embeds.length).toBeGreaterThan(0);

    fake.closeGatewaySocket();
    const resumed = await fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(resumed.message.embeds.length).toBeGreaterThan(0);
    expect(fake.gateway.resumes).toBe(1);

    // A reply Discord rejects, with the token in its error text: logged with the interaction id, redacted.
    fake.failRequests({ path: /\/callback$/, status: 400, times: 2, body: { message: `rejected for ${fake.token}`, code: 50035 } });
    await expect(fake.interact({ name: 'search', options: { words: 'Gwadar' }, timeoutMs: 1000 })).rejects.toThrow(/not answered/);
    const failedId = [...fake.replies.values()].at(-1)!.interactionId;
    await fake.waitFor(() => bot.stderr().includes(failedId), 3000);
    const after = await fake.interact({ name: 'about' });
    expect(after.message.embeds.length).toBe(1);

    bot.child.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    const logs = bot.stderr();
    expect(logs).toContain('connected to Discord');
    expect(logs).toContain('[REDACTED]');
    expect(logs).toMatch(/interaction failed|could not send/);
    expect(logs).not.toContain(fake.token);
    // Interaction tokens are credentials too while they live.
    for (const r of fake.replies.values()) expect(logs).not.toContain(r.token);
  });
});

describe('npm run deploy-commands', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('PUTs every command to the guild when DISCORD_GUILD_ID is set', async () => {
    const p = run('src/cli/deploy-commands.ts', {
      DISCORD_TOKEN: fake.token,
      DISCORD_API: fake.apiUrl,
      DISCORD_APP_ID: fake.appId,
      DISCORD_GUILD_ID: fake.guildId,
      LOG_LEVEL: 'warn',
    });
    expect(await p.exit).toBe(0);
    // Slash commands and message menu entries ("Find sources") go in one PUT.
    const registered = [...commandsJson(commands), ...menusJson(commands)];
    expect(registered.length).toBeGreaterThan(commands.filter((c) => !c.definition.messageMenu).length);
    expect(p.stdout()).toContain(`Registered ${registered.length} commands in server ${fake.guildId}`);
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].path).toBe(`/applications/${fake.appId}/guilds/${fake.guildId}/commands`);
    expect(puts[0].auth).toBe(`Bot ${fake.token}`);
    const body = puts[0].body as any[];
    expect(body).toEqual(registered);
    const search = body.find((c) => c.name === 'search');
    expect(search.options.map((o: any) => [o.name, o.type])).toEqual([
      ['words', 3],
      ['hide', 5],
      ['mention', 6],
    ]);
    expect(search.options[0]).toMatchObject({ required: true, max_length: 200 });
    expect(body.find((c) => c.name === 'who').options[0].autocomplete).toBe(true);
    expect(body.find((c) => c.name === 'help').options).toEqual([]);
    const digest = body.find((c) => c.name === 'digest');
    if (digest) {
      expect(digest.default_member_permissions).toBe('32');
      expect(digest.options.every((o: any) => o.type === 1)).toBe(true);
    }
  });

  it('PUTs globally without a guild, and names the missing variable otherwise', async () => {
    const env = { DISCORD_TOKEN: fake.token, DISCORD_API: fake.apiUrl, DISCORD_APP_ID: fake.appId };
    const done = await deployCommands(parseConfig(env));
    expect(done.scope).toBe('global');
    expect(fake.requests.at(-1)!.path).toBe(`/applications/${fake.appId}/commands`);
    expect(fake.registeredCommands.get('global')!.map((c) => c.name)).toEqual(
      [...commandsJson(commands), ...menusJson(commands)].map((c) => c.name),
    );
    await expect(deployCommands(parseConfig({ DISCORD_TOKEN: fake.token, DISCORD_API: fake.apiUrl }))).rejects.toThrow(/DISCORD_APP_ID/);
  });
});
