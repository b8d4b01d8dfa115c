/** Worker-thread entry for monte-carlo.ts: runs a contiguous range of Monte Carlo runs. */
import { parentPort } from 'node:worker_threads';
import { type RunBatchRequest, runBatch } from './monte-carlo.js';

parentPort?.on('message', (request: RunBatchRequest) => {
  const batch = runBatch(request);
  parentPort?.postMessage(batch, [
    batch.infected.buffer,
    batch.everInfected.buffer,
    batch.sums.buffer,
  ] as never);
});
