/** The Discord bot (issue #6). */
import type { App } from '../../app.js';
import type { Config } from '../../config.js';

export async function startBot(_app: App, _config: Config): Promise<void> {
  throw new Error('The Discord bot is not available yet; unset DISCORD_TOKEN to use the console.');
}
