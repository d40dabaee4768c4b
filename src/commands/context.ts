/** A command context over a fixed corpus, outside a running App: tests, benchmarks, evaluations. */
import type { Corpus } from '../index/corpus.js';
import { commands } from './index.js';
import type { CommandContext } from './types.js';

export function contextFor(corpus: Corpus, extra: Partial<CommandContext> = {}): CommandContext {
  return {
    corpus,
    status: { dataDir: '', lastReload: new Date(0), reloading: false },
    commands,
    now: () => new Date(),
    services: {},
    ...extra,
  };
}
