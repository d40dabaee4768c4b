import { search } from '../answer/search.js';
import { defineCommand } from './types.js';

export const searchCommand = defineCommand({
  definition: {
    name: 'search',
    description: 'Find passages in the corpus, each with its source',
    usage: '/search WORDS',
    answers: true,
    options: [{ name: 'words', description: 'What to look for', type: 'string', required: true, maxLength: 200 }],
  },
  run(ctx, args) {
    return search(ctx.corpus, args.words);
  },
});
