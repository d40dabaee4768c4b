import { defineCommand } from './types.js';

export const helpCommand = defineCommand({
  definition: { name: 'help', description: 'What factdesk can answer, and how to ask', usage: '/help' },
  run(ctx) {
    const lines = ctx.commands.map((c) => `${c.definition.usage} — ${c.definition.description}`);
    lines.push('Every answer is an excerpt of a source with its citation (document, outlet, date, paragraph).');
    return { command: 'help', query: '', heading: 'factdesk commands', lines, results: [] };
  },
});
