// One worker's job in the workers-as-CPUs scheduler, whatever starts the worker (a Node worker thread,
// cpu-worker.js; a browser Web Worker, web/src/workers/cpu.worker.ts): instantiate the shared module over
// the shared memory, then run this worker's LPs window by window until the end.
// Plain JavaScript so it runs without a TypeScript step.
import { instantiateNetchan } from "../wasm/instantiate.js";

/** @param {{ module: WebAssembly.Module, memory: WebAssembly.Memory, worker: number }} job */
export async function runWorkerJob(job) {
  const exports = await instantiateNetchan(job.module, job.memory);
  exports.attach();
  return exports.workerRun(job.worker);
}
