// Plain JavaScript on purpose: Node 20 worker threads do not inherit tsx's module hooks, so the
// worker registers tsx itself and then loads the TypeScript worker module.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
