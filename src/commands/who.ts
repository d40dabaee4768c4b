import type { Command } from './types.js';

/** /who (issue #3). */
export const whoCommand: Command = {
  definition: {
    name: 'who',
    description: 'Who is this person or group: their roles as the sources state them',
    usage: '/who NAME',
    answers: true,
    options: [{ name: 'name', description: 'A person or group', type: 'string', required: true, autocomplete: true, maxLength: 100 }],
  },
  run(_ctx, args) {
    return { command: 'who', query: String(args.name ?? ''), error: '/who is not available yet.' };
  },
};
