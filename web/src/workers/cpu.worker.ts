// One worker of the workers-as-CPUs scheduler in the browser: the command line's worker job
// (src/runners/worker-job.js), started by web/src/host/node-workers.ts.
import { runWorkerJob } from "../../../src/runners/worker-job.js";

self.onmessage = async (event: MessageEvent<{ module: WebAssembly.Module; memory: WebAssembly.Memory; worker: number }>) => {
  try {
    const windows = (await runWorkerJob(event.data)) as number;
    self.postMessage({ ok: true, windows });
  } catch (e) {
    self.postMessage({ ok: false, error: String((e as Error)?.stack ?? e) });
  }
};
