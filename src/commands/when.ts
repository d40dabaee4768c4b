import type { Command } from './types.js';

/** /when (issue #4). */
export const whenCommand: Command = {
  definition: {
    name: 'when',
    description: 'When did it happen: the date as written, resolved, with its source',
    usage: '/when WORDS [order:date]',
    answers: true,
    options: [
      { name: 'event', description: 'What happened', type: 'string', required: true, maxLength: 200 },
      { name: 'order', description: 'Order results by relevance or by date', type: 'string', choices: [{ name: 'relevance', value: 'relevance' }, { name: 'date', value: 'date' }] },
    ],
  },
  run(_ctx, args) {
    return { command: 'when', query: String(args.event ?? ''), error: '/when is not available yet.' };
  },
};
