// One worker of the workers-as-CPUs scheduler (Node worker_threads or a browser Web Worker): instantiate
// the shared module over the shared memory, then run this worker's LPs window by window until the end.
// Plain JavaScript so it runs without a TypeScript step.
import { instantiateNetchan } from "../wasm/instantiate.js";

/** @param {{ module: WebAssembly.Module, memory: WebAssembly.Memory, worker: number }} job */
export async function runWorkerJob(job) {
  const exports = await instantiateNetchan(job.module, job.memory);
  exports.attach();
  return exports.workerRun(job.worker);
}

// Node: started as a worker thread with the job as workerData
const isNodeWorker = typeof process !== "undefined" && process.versions?.node;
if (isNodeWorker) {
  const { parentPort, workerData } = await import("node:worker_threads");
  if (parentPort && workerData?.netchanJob) {
    try {
      const windows = await runWorkerJob(workerData);
      parentPort.postMessage({ ok: true, windows });
    } catch (e) {
      parentPort.postMessage({ ok: false, error: String(e?.stack ?? e) });
    }
  }
}
