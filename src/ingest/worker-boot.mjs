// Plain JavaScript on purpose: Node 20 worker threads do not inherit tsx's module hooks, so the
// worker registers tsx itself and then loads the TypeScript worker module.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// Large plain-JavaScript libraries (pdfjs: 3 MB) are imported from here, outside tsx's scoped
// hooks, which would rewrite them on every start (seconds per worker); see read/native-import.ts.
globalThis.factdeskNativeImport = (specifier) => import(specifier);

await tsImport(workerData.entry, import.meta.url);
