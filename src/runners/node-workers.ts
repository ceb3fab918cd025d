// Starting the workers of the workers-as-CPUs scheduler on Node (worker_threads). Node-only, so in a
// file of its own: the dashboard's build puts web/src/host/node-workers.ts (Web Workers) in its place, so a
// run in the browser goes through the same runMachine (docs/dashboard.md, "One host library").

import { Worker } from "node:worker_threads";
import type { PreparedRun } from "../machine/setup.js";

/** Starts one Node worker thread per worker and waits for all of them. */
export async function runWorkers(p: PreparedRun): Promise<number> {
  const url = new URL("./cpu-worker.js", import.meta.url);
  const results = await Promise.all(
    Array.from({ length: p.workers }, (_, w) =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(url, { workerData: { netchanJob: true, module: p.module, memory: p.memory, worker: w } });
        worker.once("message", (m: { ok: boolean; windows?: number; error?: string }) => {
          void worker.terminate();
          if (m.ok) resolve(m.windows ?? 0);
          else reject(new Error(`worker ${w}: ${m.error}`));
        });
        worker.once("error", reject);
      }),
    ),
  );
  return results[0];
}
