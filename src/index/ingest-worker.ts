/**
 * Worker thread body for parallel ingest: takes batches of files, runs the same per-file path as
 * the sequential ingest (`ingestFile`) and posts the results back in order. Loaded through
 * `ingest-worker-boot.mjs`, because Node 20 workers do not inherit tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ingestFile } from '../ingest.js';
import type { ReadOptions } from '../read/document.js';
import { replicaId, type BatchRequest, type BatchResult } from './parallel.js';

const { root, read } = workerData as { root: string; read: ReadOptions };

parentPort!.on('message', async (msg: BatchRequest) => {
  const results = [];
  for (const task of msg.tasks) {
    const r = await ingestFile(root, task.file, read);
    if (task.copy && r.ok) {
      r.doc.meta.id = replicaId(r.doc.meta.id, task.copy);
    }
    results.push(r);
  }
  const reply: BatchResult = { batch: msg.batch, results };
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
