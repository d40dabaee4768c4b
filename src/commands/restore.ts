/** /restore document:FILE — a removed document back into the corpus, where it was. */
import { documentSummary } from '../answer/document.js';
import type { Choice } from '../types.js';
import { LIMITS } from '../render/limits.js';
import { defineCommand } from './types.js';

export const restoreCommand = defineCommand({
  definition: {
    name: 'restore',
    description: 'Bring a removed document back into the corpus',
    usage: '/restore document:FILE',
    memberPermission: 'ManageGuild',
    roleGrants: true,
    defer: 'always',
    options: [
      {
        name: 'document',
        description: 'The removed file (start typing its name)',
        type: 'string',
        required: true,
        autocomplete: true,
        maxLength: 200,
      },
    ],
  },

  async run(ctx, args) {
    const store = ctx.services.documents;
    if (!store) return { command: 'restore', query: args.document, error: 'Restoring documents is not available here.' };
    const r = await store.restore(args.document);
    if (!r.ok) return { command: 'restore', query: args.document, error: `Not restored: ${r.reason}` };
    if (!r.doc) {
      return {
        command: 'restore',
        query: args.document,
        error: `${r.file} is back in the corpus folder but could not be read: ${r.reason ?? 'unknown reason'}`,
      };
    }
    const document = documentSummary(r.doc);
    return { command: 'restore', query: args.document, heading: `Restored: ${document.title}`, results: [], document };
  },

  autocomplete(ctx, option, value): Choice[] {
    const store = ctx.services.documents;
    if (option !== 'document' || !store) return [];
    const t = value.trim().toLowerCase();
    return store
      .removedSuggestions()
      .filter((f) => f.toLowerCase().includes(t) && f.length <= LIMITS.choiceValue)
      .slice(0, LIMITS.autocompleteChoices)
      .map((f) => ({ name: f, value: f }));
  },
});
