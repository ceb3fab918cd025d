// Browser counterpart of src/runners/node-workers.ts: one Web Worker per worker of the workers-as-CPUs
// scheduler, each given the compiled module and the shared memory. Started from the run worker (nested
// workers), so terminating the run worker — the page's Stop — ends them too.
import type { PreparedRun } from "../../../src/machine/setup.js";

interface WorkerReply {
  ok: boolean;
  windows?: number;
  error?: string;
}

/** Starts one Web Worker per worker and waits for all of them. */
export async function runWorkers(p: PreparedRun): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: p.workers }, (_, w) =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(new URL("../workers/cpu.worker.ts", import.meta.url), { type: "module", name: `netchan CPU worker ${w}` });
        worker.onmessage = (event: MessageEvent<WorkerReply>) => {
          worker.terminate();
          if (event.data.ok) resolve(event.data.windows ?? 0);
          else reject(new Error(`worker ${w}: ${event.data.error}`));
        };
        worker.onerror = (event) => {
          worker.terminate();
          reject(new Error(`worker ${w}: ${event.message || "failed to start"}`));
        };
        worker.postMessage({ module: p.module, memory: p.memory, worker: w });
      }),
    ),
  );
  return results[0];
}
