// A pool of worker threads for a sweep: each worker runs one point at a time (point-worker.ts), and takes
// the next point as soon as it is done, so that points of unequal cost keep every worker busy. The points
// of a sweep share nothing, so this is the embarrassingly parallel use of the host's cores (DESIGN.md,
// "Execution model"); results come back by point, and their order is the caller's to fix.
//
// The worker is the compiled JavaScript: when this file runs from TypeScript sources (the test runner),
// the worker is taken from dist/, which `npm run build` (and so `npm test`) writes first.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { NetchanResult } from "../results/schema.js";
import type { ResolvedScenario } from "../scenario/types.js";
import { projectRoot } from "../wasm/module.js";

export interface PoolRequest {
  id: number;
  scenario: ResolvedScenario;
  /** Post progress while the point runs. */
  progress: boolean;
}

/** How far a running point has come: packets arrived and simulated µs, over its variants so far. */
export interface PointProgress {
  arrived: number;
  us: number;
}

export type PoolReply =
  | ({ id: number; kind: "progress" } & PointProgress)
  | { id: number; kind: "done"; result: NetchanResult }
  | { id: number; kind: "error"; error: string };

/** A point to run: `id` is how its result comes back. */
export interface PointJob {
  id: number;
  scenario: ResolvedScenario;
}

/** Where the worker's JavaScript is: beside this file when it is compiled, else in dist/. */
export function pointWorkerPath(): string {
  const beside = fileURLToPath(new URL("./point-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(projectRoot(), "dist", "src", "sweep", "point-worker.js");
  if (!existsSync(built)) throw new Error(`netchan: ${built} is missing — run \`npm run build\` first`);
  return built;
}

/** Runs `jobs` on `workers` threads (fewer if there are fewer jobs); `onDone` hears each result as it
 *  comes, `onProgress` (if given) how far running points have come. Rejects on the first point whose
 *  run threw, after stopping every worker. */
export async function runOnPool(
  jobs: readonly PointJob[],
  workers: number,
  onDone?: (id: number, result: NetchanResult) => void,
  onProgress?: (id: number, progress: PointProgress) => void,
): Promise<Map<number, NetchanResult>> {
  const results = new Map<number, NetchanResult>();
  if (jobs.length === 0) return results;
  const path = pointWorkerPath();
  const threads: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < jobs.length) {
          const job = jobs[next++];
          w.postMessage({ id: job.id, scenario: job.scenario, progress: onProgress !== undefined } satisfies PoolRequest);
        } else if (results.size === jobs.length) resolve();
      };
      for (let i = 0; i < Math.min(workers, jobs.length); i++) {
        const w = new Worker(path);
        threads.push(w);
        w.on("message", (reply: PoolReply) => {
          if (reply.kind === "progress") return onProgress?.(reply.id, { arrived: reply.arrived, us: reply.us });
          if (reply.kind === "error") return reject(new Error(`point ${reply.id}: ${reply.error}`));
          results.set(reply.id, reply.result);
          onDone?.(reply.id, reply.result);
          feed(w);
        });
        w.once("error", reject);
        w.once("exit", (code) => {
          if (results.size < jobs.length) reject(new Error(`a sweep worker ended early (exit code ${code})`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}
