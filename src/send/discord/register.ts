/** Registering the slash commands with Discord (`npm run deploy-commands`). */
import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import type { Command } from '../../commands/types.js';
import { ConfigError, type Config } from '../../config.js';
import { commandProblems, commandsJson, menuProblems, menusJson, type CommandJson, type MenuJson } from './definitions.js';

export interface Deployed {
  route: string;
  scope: 'guild' | 'global';
  commands: (CommandJson | MenuJson)[];
}

/** PUTs the registry's commands (replacing what was registered); throws with a readable message. */
export async function deployCommands(config: Config, list: readonly Command[] = commands): Promise<Deployed> {
  if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN', 'needed to register commands');
  if (!config.discordAppId) throw new ConfigError('DISCORD_APP_ID', 'needed to register commands (General Information → Application ID)');
  const slash = commandsJson(list);
  const menus = menusJson(list);
  const problems = [...slash.flatMap(commandProblems), ...menus.flatMap(menuProblems)];
  const body = [...slash, ...menus];
  if (problems.length) throw new Error(`Discord would reject these commands:\n${problems.join('\n')}`);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordAppId, config.discordGuildId)
    : Routes.applicationCommands(config.discordAppId);
  const rest = new REST(config.discordApi ? { api: config.discordApi } : {}).setToken(config.discordToken);
  await rest.put(route, { body });
  return { route, scope: config.discordGuildId ? 'guild' : 'global', commands: body };
}
