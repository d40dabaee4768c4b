/**
 * The passages that best support a statement. In Discord mostly used from a message: right-click
 * it → Apps → Find sources (a message context-menu command); the answer is for the asker alone,
 * with a button that shares it in the channel. Also `/sources TEXT` and on the console.
 */
import { findSources, SOURCES_TEXT_MAX } from '../answer/sources.js';
import { defineCommand } from './types.js';

export const sourcesCommand = defineCommand({
  definition: {
    name: 'sources',
    description: 'The passages that best support a statement, cited',
    usage: '/sources STATEMENT (in Discord also: right-click a message → Apps → Find sources)',
    answers: true,
    messageMenu: 'Find sources',
    options: [
      { name: 'statement', description: 'What someone said or wrote', type: 'string', required: true, maxLength: SOURCES_TEXT_MAX },
    ],
  },
  run(ctx, args) {
    return findSources(ctx.corpus, args.statement);
  },
});
