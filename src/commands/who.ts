import { who } from '../answer/who.js';
import { LIMITS } from '../render/limits.js';
import { truncate } from '../render/escape.js';
import { defineCommand } from './types.js';

/** /who (issue #3): roles of a person or group; autocomplete offers the most mentioned names. */
export const whoCommand = defineCommand({
  definition: {
    name: 'who',
    description: 'Who is this person or group: their roles as the sources state them',
    usage: '/who NAME',
    answers: true,
    options: [{ name: 'name', description: 'A person or group', type: 'string', required: true, autocomplete: true, maxLength: 100 }],
  },
  run(ctx, args) {
    return who(ctx.corpus, args.name);
  },
  async autocomplete(ctx, option, value) {
    if (option !== 'name') return [];
    return (await ctx.corpus.personNames(value.slice(0, 100), LIMITS.autocompleteChoices)).map((name) => ({
      name: truncate(name, LIMITS.choiceName),
      value: truncate(name, LIMITS.choiceValue),
    }));
  },
});
