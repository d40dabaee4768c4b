/**
 * Worker thread body of the reader pool (pool.ts): takes one file at a time, runs the same
 * per-file path as the sequential ingest (`ingestFile`) and posts each result back as soon as
 * it is done, in the order the files came. A file's read starts when it arrives, so the next
 * file is in hand when the current one is finished. Loaded through `worker-boot.mjs`, because
 * Node 20 workers do not inherit tsx's loader.
 */
import { parentPort } from 'node:worker_threads';
import { ingestRead } from './index.js';
import { readDocument } from '../read/document.js';
import type { JobMessage, ResultMessage } from './pool.js';

let chain: Promise<void> = Promise.resolve();

parentPort!.on('message', (msg: JobMessage) => {
  const read = readDocument(msg.root, msg.task.file, { maxBytes: msg.maxBytes, blocking: true });
  chain = chain.then(async () => {
    const reply: ResultMessage = { id: msg.id, result: ingestRead(msg.task.file, await read) };
    parentPort!.postMessage(reply);
  });
});
parentPort!.postMessage({ ready: true });
