/**
 * `npm run deploy-commands`: registers the slash commands with Discord — to DISCORD_GUILD_ID when
 * set (instant, for testing), globally otherwise (can take a while to show). Run it after the
 * commands change, not on every start: registration is rate-limited (200 creates a day per guild).
 * `--dry-run` prints the JSON instead of sending it.
 */
import { commands } from '../commands/index.js';
import { ConfigError, getConfig } from '../config.js';
import { log, redact, registerSecret } from '../log.js';
import { commandsJson, menusJson } from '../send/discord/definitions.js';
import { deployCommands } from '../send/discord/register.js';

async function main(): Promise<number> {
  const config = getConfig();
  registerSecret(config.discordToken);
  log.level = config.logLevel;
  if (process.argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify([...commandsJson(commands), ...menusJson(commands)], null, 2)}\n`);
    return 0;
  }
  const done = await deployCommands(config);
  const names = done.commands.map((c) => `/${c.name}`).join(' ');
  process.stdout.write(
    done.scope === 'guild'
      ? `Registered ${done.commands.length} commands in server ${config.discordGuildId}: ${names}\n`
      : `Registered ${done.commands.length} global commands (they can take up to an hour to appear): ${names}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    const message = redact(err instanceof ConfigError ? `configuration error: ${err.message}` : err.message);
    log.error({ err: { name: err.name, message } }, 'deploy-commands failed');
    process.stderr.write(`deploy-commands: ${message}\n`);
    process.exit(1);
  },
);
