/** The command registry: the runtime, the console and the deploy script all read this list. */
import { aboutCommand } from './about.js';
import { addCommand } from './add.js';
import { digestCommand } from './digest.js';
import { feedCommand } from './feed.js';
import { helpCommand } from './help.js';
import { quoteCommand } from './quote.js';
import { removeCommand } from './remove.js';
import { restoreCommand } from './restore.js';
import { searchCommand } from './search.js';
import { sourcesCommand } from './sources.js';
import { timelineCommand } from './timeline.js';
import type { Command } from './types.js';
import { whenCommand } from './when.js';
import { whoCommand } from './who.js';

export const commands: readonly Command[] = [
  whoCommand,
  whenCommand,
  quoteCommand,
  searchCommand,
  sourcesCommand,
  timelineCommand,
  helpCommand,
  aboutCommand,
  digestCommand,
  addCommand,
  removeCommand,
  restoreCommand,
  feedCommand,
];

/** The command a message context-menu entry runs (`Find sources` → /sources). */
export function findMessageMenu(name: string, list: readonly Command[] = commands): Command | undefined {
  return list.find((c) => c.definition.messageMenu === name);
}

export function findCommand(name: string, list: readonly Command[] = commands): Command | undefined {
  const n = name.replace(/^\//, '').toLowerCase();
  return list.find((c) => c.definition.name === n);
}
