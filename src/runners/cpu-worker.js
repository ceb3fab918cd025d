// One worker thread of the workers-as-CPUs scheduler on Node: the job itself is worker-job.js (which the
// browser's Web Worker runs too, without this file's Node start-up).
// Plain JavaScript so it runs without a TypeScript step.
import { runWorkerJob } from "./worker-job.js";

export { runWorkerJob };

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
