/**
 * A CommonJS package loaded on first use instead of at import. Every ingest worker loads the
 * whole read-and-extract path when it starts, and the packages that only some documents need
 * (Word files, front matter that is not simple, anchors of event-relative dates) were a quarter
 * of a second of each worker's start.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazy<T>(specifier: string): () => T {
  let value: T | undefined;
  return () => (value ??= require(specifier) as T);
}
