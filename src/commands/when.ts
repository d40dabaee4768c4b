import { when } from '../answer/when.js';
import { defineCommand } from './types.js';

/** /when (issue #4): dated sentences, the date as written and as resolved. */
export const whenCommand = defineCommand({
  definition: {
    name: 'when',
    description: 'When did it happen: the date as written, resolved, with its source',
    usage: '/when WORDS [order:date]',
    answers: true,
    options: [
      { name: 'event', description: 'What happened', type: 'string', required: true, maxLength: 200 },
      {
        name: 'order',
        description: 'Order results by relevance or by date',
        type: 'string',
        choices: [
          { name: 'relevance', value: 'relevance' },
          { name: 'date', value: 'date' },
        ],
      },
    ],
  },
  run(ctx, args) {
    const order = args.order === undefined || args.order === 'relevance' ? 'relevance' : args.order === 'date' ? 'date' : undefined;
    if (!order)
      return {
        command: 'when',
        query: args.event,
        error: '`order` is `relevance` or `date`, e.g. `/when border attack order:date`.',
      };
    return when(ctx.corpus, args.event, order);
  },
});
