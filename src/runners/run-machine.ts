// The one entry point to run a machine: validate, lay out, prepare, run with the chosen scheduler, read
// the statistics. Tests, the command line and (later) the dashboard all come through here.

import { Worker } from "node:worker_threads";
import type { MachineRun, RunOptions } from "../machine/spec.js";
import { prepareRun, type PreparedRun } from "../machine/setup.js";
import { readStats, type MachineStats } from "../stats/read.js";

export async function runMachine(run: MachineRun, options: RunOptions = {}): Promise<MachineStats> {
  const scheduler = options.scheduler ?? "inthread";
  const build = options.build ?? "release";
  const lps = run.machine.cpus + 2;
  const workers = scheduler === "workers" ? (options.workers ?? run.machine.cpus) : 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > lps)
    throw new RangeError(`workers must be an integer between 1 and ${lps} (the CPUs, the uncore and the device) — got ${workers}`);
  const prepared = await prepareRun(run, build, workers, scheduler);
  if (scheduler === "inthread") prepared.exports.runInThread();
  else {
    const windows = await runWorkers(prepared);
    prepared.exports.finishRun();
    void windows;
  }
  let events = 0;
  for (let lp = 0; lp < lps; lp++) events += Number(prepared.exports.probeEvents(lp));
  return readStats(prepared.memory, prepared.map, run.machine.cpus, events);
}

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
