/** Building a Corpus from a directory. */
import { ingestDirectory } from '../ingest.js';
import type { ReadOptions } from '../read/document.js';
import { Corpus } from './corpus.js';

export interface LoadOptions extends ReadOptions {
  /** Where snapshots may be kept (issue #9); absent → always a fresh ingest. */
  stateDir?: string;
}

export interface Loaded {
  corpus: Corpus;
  from: 'ingest' | 'snapshot';
}

export async function loadCorpus(dataDir: string, opts: LoadOptions): Promise<Loaded> {
  const { docs, skipped } = await ingestDirectory(dataDir, opts);
  return { corpus: new Corpus({ docs, skipped }), from: 'ingest' };
}
