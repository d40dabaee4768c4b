/**
 * A command context over a corpus: the running App's (with its status, clock and services), or a
 * fixed corpus's outside an App (tests, benchmarks, evaluations), with defaults for the rest. A
 * Corpus is served through its memory store.
 */
import { memoryStore } from '../corpus/memory.js';
import type { CorpusStore } from '../corpus/types.js';
import { Corpus } from '../index/corpus.js';
import { commands } from './index.js';
import type { CommandContext } from './types.js';

export function contextFor(corpus: Corpus | CorpusStore, extra: Partial<CommandContext> = {}): CommandContext {
  return {
    corpus: corpus instanceof Corpus ? memoryStore(corpus) : corpus,
    status: { dataDir: '', lastReload: new Date(0), reloading: false },
    commands,
    now: () => new Date(),
    services: {},
    ...extra,
  };
}
