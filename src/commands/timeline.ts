import { timeline } from '../answer/timeline.js';
import { defineCommand } from './types.js';

/** /timeline (issue #4): dated events in date order across documents. */
export const timelineCommand = defineCommand({
  definition: {
    name: 'timeline',
    description: 'Dated events in date order across documents, each cited',
    usage: '/timeline [TOPIC]',
    answers: true,
    options: [{ name: 'topic', description: 'Only events about this (optional)', type: 'string', maxLength: 200 }],
  },
  run(ctx, args) {
    return timeline(ctx.corpus, args.topic ?? '');
  },
});
