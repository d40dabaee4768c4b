import { quote } from '../answer/quote.js';
import { truncate } from '../render/escape.js';
import { LIMITS } from '../render/limits.js';
import { defineCommand } from './types.js';

/** /quote (issue #5): what someone said, or what was said about a topic; autocomplete offers speakers. */
export const quoteCommand = defineCommand({
  definition: {
    name: 'quote',
    description: 'What someone said, or what was said about a topic, with the speaker',
    usage: '/quote SPEAKER-OR-TOPIC',
    answers: true,
    options: [{ name: 'query', description: 'A speaker or a topic', type: 'string', required: true, autocomplete: true, maxLength: 200 }],
  },
  run(ctx, args) {
    return quote(ctx.corpus, args.query);
  },
  async autocomplete(ctx, option, value) {
    if (option !== 'query') return [];
    return (await ctx.corpus.speakerNames(value.slice(0, 200), LIMITS.autocompleteChoices)).map((s) => ({
      name: truncate(`${s.name} (${s.quotes} ${s.quotes === 1 ? 'quote' : 'quotes'})`, LIMITS.choiceName),
      value: truncate(s.name, LIMITS.choiceValue),
    }));
  },
});
