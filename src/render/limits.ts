/**
 * Discord's limits (../shared/notes/discord-limits.md). A reply that breaks one is rejected,
 * so every builder of replies takes its numbers from here and nowhere else.
 */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** All embeds of one message together. */
  embedsTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  optionsPerCommand: 25,
  /** The first response to an interaction must come within this many ms. */
  interactionDeadlineMs: 3000,
} as const;

/** Marks on what users see, so every message looks the same. */
export const MARKS = {
  error: '❌',
  warning: '⚠️',
  empty: '🔍',
} as const;
