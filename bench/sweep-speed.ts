// sweep.speedup: how much faster a sweep's points run across the host's cores than one after another —
// the embarrassingly parallel use of the cores (DESIGN.md). Eight points of the steering scenario's cross
// variant (seeds 1 to 8: the same work each, other packets), run on one worker thread, then on as many as
// the host has; each the median of `repeats`, timed around the whole sweep (worker start-up included,
// as a user waits for it). The target: at least 1.8 on 2 cores — of an otherwise idle host:
// coresObtained says how many cores the parallel sweep actually got.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { readJsonFile } from "../src/config/json-file.js";
import { scenariosDir } from "../src/scenario/load.js";
import { resolveSweep } from "../src/sweep/points.js";
import { runSweep } from "../src/sweep/run-sweep.js";
import type { SweepHost } from "../src/sweep/schema.js";
import { parseSettings } from "../src/sweep/settings.js";
import { median } from "./median.js";


export async function sweepFigures(quick: boolean, repeats: number) {
  const packets = quick ? 5_000 : 30_000;
  const file = join(scenariosDir(), "classic-steering.json");
  const json = readJsonFile(file) as { variants: { name: string }[]; expect?: unknown };
  json.variants = json.variants.filter((v) => v.name === "cross");
  delete json.expect;
  const base = { file, json, overrides: { packets } };
  const axes = parseSettings(["workload.seed=1,2,3,4,5,6,7,8"]);
  const { resolvedBase, points, scenarios } = resolveSweep(base, axes);
  const run = { base: resolvedBase, axes, points, scenarios, shard: null, options: { packets }, version: "bench" };
  const cores = availableParallelism();
  const one: number[] = [];
  const all: number[] = [];
  const obtained: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(((await runSweep({ ...run, workers: 1 })).host as SweepHost).wallSeconds);
    const cpu = process.cpuUsage();
    const wall = ((await runSweep({ ...run, workers: cores })).host as SweepHost).wallSeconds;
    const used = process.cpuUsage(cpu);
    all.push(wall);
    obtained.push((used.user + used.system) / 1e6 / wall);
  }
  const sequentialSeconds = median(one);
  const parallelSeconds = median(all);
  return {
    points: points.length,
    packetsPerPoint: packets + scenarios[0].workload.warmupPackets,
    workers: cores,
    sequentialSeconds,
    parallelSeconds,
    speedup: +(sequentialSeconds / parallelSeconds).toFixed(2),
    // CPU seconds the process got per wall second while in parallel: about `workers` on an idle host; near
    // 1 means other processes held the cores, and no speed-up could show
    coresObtained: +median(obtained).toFixed(2),
  };
}
