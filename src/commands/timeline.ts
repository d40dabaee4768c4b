import type { Command } from './types.js';

/** /timeline (issue #4). */
export const timelineCommand: Command = {
  definition: {
    name: 'timeline',
    description: 'Dated events in date order across documents, each cited',
    usage: '/timeline [TOPIC]',
    answers: true,
    options: [{ name: 'topic', description: 'Only events about this (optional)', type: 'string', maxLength: 200 }],
  },
  run(_ctx, args) {
    return { command: 'timeline', query: String(args.topic ?? ''), error: '/timeline is not available yet.' };
  },
};
