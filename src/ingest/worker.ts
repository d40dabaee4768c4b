/**
 * Worker thread body for parallel ingest: takes batches of files, runs the same per-file path as
 * the sequential ingest (`ingestFile`) and posts the results back in order. Loaded through
 * `worker-boot.mjs`, because Node 20 workers do not inherit tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ingestRead } from './index.js';
import { readDocument, type ReadOptions, type ReadResult } from '../read/document.js';
import { replicaId, type BatchRequest, type BatchResult } from './parallel.js';

const { root, read } = workerData as { root: string; read: ReadOptions };

/**
 * Files read ahead of the one being processed: reading waits on the file system, and with
 * several reads in flight the thread has the next file in hand when it finishes the last one.
 */
const READ_AHEAD = 8;

async function runBatch(msg: BatchRequest): Promise<void> {
  const results = [];
  const reads: Promise<ReadResult>[] = [];
  for (let i = 0; i < msg.tasks.length; i++) {
    for (let j = reads.length; j < Math.min(msg.tasks.length, i + READ_AHEAD); j++) reads.push(readDocument(root, msg.tasks[j].file, read));
    const task = msg.tasks[i];
    const r = ingestRead(task.file, await reads[i]);
    if (task.copy && r.ok) {
      r.doc.meta.id = replicaId(r.doc.meta.id, task.copy);
    }
    results.push(r);
  }
  const reply: BatchResult = { batch: msg.batch, results };
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (msg: BatchRequest) => void runBatch(msg));
parentPort!.postMessage({ ready: true });
