// One worker thread of a sweep's pool (pool.ts): it receives points, one at a time, runs each as
// `netchan run` would run that scenario (every variant in turn, on this thread), and posts the result
// back. A worker keeps its compiled module between points; each run has its own fresh memory, so what ran
// before on this thread cannot change a point's figures.
//
// When asked for progress (a progress bar is drawn), it also posts how far the point has come: packets
// arrived and simulated microseconds, summed over the variants run so far (the runner reports at most
// every 100 ms; reading progress changes no figure, tests/progress.test.ts).
import { parentPort } from "node:worker_threads";
import type { RunProgress } from "../machine/spec.js";
import { runVariant } from "../paths/run-variant.js";
import { runScenario } from "../results/run-scenario.js";
import type { PoolReply, PoolRequest } from "./pool.js";

const port = parentPort;
if (port) {
  port.on("message", async (job: PoolRequest) => {
    const post = (reply: PoolReply) => port.postMessage(reply);
    const us = (cycles: number) => cycles / (job.scenario.machine.clockGHz * 1000);
    // the variants done so far, and the one running
    let done = { arrived: 0, us: 0 };
    let now = { arrived: 0, us: 0 };
    const onProgress = (p: RunProgress) => {
      now = { arrived: p.arrived, us: us(p.cycles) };
      post({ id: job.id, kind: "progress", arrived: done.arrived + now.arrived, us: done.us + now.us });
    };
    try {
      const result = await runScenario(
        job.scenario,
        job.progress ? { onProgress, onVariant: () => void ((done = { arrived: done.arrived + now.arrived, us: done.us + now.us }), (now = { arrived: 0, us: 0 })) } : {},
        { runVariant },
      );
      post({ id: job.id, kind: "done", result });
    } catch (e) {
      post({ id: job.id, kind: "error", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
