/**
 * /remove document:TITLE — takes a document out of the corpus by moving its file to
 * STATE_DIR/removed/ (nothing is deleted); /restore puts it back.
 */
import type { Choice } from '../types.js';
import { LIMITS } from '../render/limits.js';
import { defineCommand, type CommandContext } from './types.js';

/** Documents whose title or file matches what is typed, as choices whose value names the document. */
export async function documentChoices(ctx: CommandContext, typed: string): Promise<Choice[]> {
  return (await ctx.corpus.findDocuments(typed, LIMITS.autocompleteChoices)).map((m) => ({
    name: `${m.title} (${m.file})`,
    // The id when it fits in a choice's value, else the start of the content hash (store.find reads both).
    value: m.id.length <= LIMITS.choiceValue ? m.id : `#${m.hash.slice(0, 16)}`,
  }));
}

export const removeCommand = defineCommand({
  definition: {
    name: 'remove',
    description: 'Take a document out of the corpus (kept in the removed folder; /restore brings it back)',
    usage: '/remove document:TITLE',
    memberPermission: 'ManageGuild',
    roleGrants: true,
    defer: 'always',
    options: [
      {
        name: 'document',
        description: 'The document (start typing its title)',
        type: 'string',
        required: true,
        autocomplete: true,
        maxLength: 200,
      },
    ],
  },

  async run(ctx, args) {
    const store = ctx.services.documents;
    if (!store) return { command: 'remove', query: args.document, error: 'Removing documents is not available here.' };
    const r = await store.remove(args.document);
    if (!r.ok) return { command: 'remove', query: args.document, error: `Not removed: ${r.reason}` };
    return {
      command: 'remove',
      query: args.document,
      heading: `Removed: ${r.title}`,
      lines: [
        `${r.file} is out of the corpus; its answers are gone.`,
        `The file is kept as removed/${r.movedTo} under STATE_DIR. To bring it back: /restore document:${r.movedTo}`,
      ],
      results: [],
    };
  },

  autocomplete(ctx, option, value) {
    return option === 'document' ? documentChoices(ctx, value) : [];
  },
});
