/** Worker thread of the parallel reference (harness.ts parallelReference): runs the reference workload on request. */
import { parentPort } from 'node:worker_threads';
import { referenceWorkload } from './reference.js';

if (!parentPort) throw new Error('reference-worker: not started as a worker thread');
const port = parentPort;
port.on('message', () => {
  port.postMessage(referenceWorkload());
});
