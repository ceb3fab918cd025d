// One worker thread of a sweep's pool (pool.ts): it receives points, one at a time, runs each as
// `netchan run` would run that scenario (every variant in turn, on this thread), and posts the result
// back. A worker keeps its compiled module between points; each run has its own fresh memory, so what ran
// before on this thread cannot change a point's figures.
import { parentPort } from "node:worker_threads";
import { runVariant } from "../paths/run-variant.js";
import { runScenario } from "../results/run-scenario.js";
import type { PoolReply, PoolRequest } from "./pool.js";

const port = parentPort;
if (port) {
  port.on("message", async (job: PoolRequest) => {
    let reply: PoolReply;
    try {
      const result = await runScenario(job.scenario, {}, { runVariant });
      reply = { id: job.id, ok: true, result };
    } catch (e) {
      reply = { id: job.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
