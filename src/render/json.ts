/** The JSON contract: one answer per line, `{"command","query","results":[…]}` or `{"command","query","error"}`. */
import type { Answer } from '../answer/types.js';

export function renderJson(a: Answer): string {
  const { command, query, error, results, ...rest } = a;
  const out = error !== undefined ? { command, query, error, ...rest } : { command, query, results: results ?? [], ...rest };
  return JSON.stringify(out);
}
