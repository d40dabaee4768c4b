import type { Command } from './types.js';

/** /quote (issue #5). */
export const quoteCommand: Command = {
  definition: {
    name: 'quote',
    description: 'What someone said, or what was said about a topic, with the speaker',
    usage: '/quote SPEAKER-OR-TOPIC',
    answers: true,
    options: [{ name: 'query', description: 'A speaker or a topic', type: 'string', required: true, autocomplete: true, maxLength: 200 }],
  },
  run(_ctx, args) {
    return { command: 'quote', query: String(args.query ?? ''), error: '/quote is not available yet.' };
  },
};
