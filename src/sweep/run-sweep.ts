// Runs a sweep's points (or one shard's) and builds its `netchan-sweep/1` document (schema.ts).
//
// The points were resolved before (points.ts): nothing is run for a sweep that has a bad value anywhere.
// They run on a pool of worker threads (pool.ts) by default; `deps.runPoints` replaces it (tests run the
// points in-process). Whatever ran them and in whatever order they finished, the document lists them by
// index, so its content depends only on the inputs — the property `merge` builds on.

import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { hostFacts } from "../results/run-scenario.js";
import type { NetchanResult } from "../results/schema.js";
import type { ResolvedScenario } from "../scenario/types.js";
import type { Point } from "./points.js";
import { runOnPool, type PointJob, type PointProgress } from "./pool.js";
import { SWEEP_SCHEMA, type SweepHost, type SweepPoint, type SweepResult, type SweepShard } from "./schema.js";
import { inShard, type Shard } from "./shard.js";
import type { Axis } from "./settings.js";

/** What a sweep document says before its points: everything shards of one sweep must agree on. */
export type SweepHeader = Pick<SweepResult, "netchan" | "scenario" | "options" | "axes" | "pointCount" | "inputs">;

export interface SweepRunDeps {
  /** Runs points on `workers` threads; `onDone` as each finishes, `onProgress` as they run (default:
   *  the worker pool). */
  runPoints?: (
    jobs: readonly PointJob[],
    workers: number,
    onDone: (id: number, result: NetchanResult) => void,
    onProgress?: (id: number, progress: PointProgress) => void,
  ) => Promise<Map<number, NetchanResult>>;
  host?: () => Pick<SweepHost, "node" | "platform" | "cpus">;
  now?: () => number;
}

export interface SweepRun {
  /** The scenario file's own scenario, resolved without any --set (names the sweep). */
  base: ResolvedScenario;
  axes: readonly Axis[];
  points: readonly Point[];
  /** Each point's resolved scenario, by index. */
  scenarios: readonly ResolvedScenario[];
  shard: Shard | null;
  /** Threads to run on (capped at the points to run); default the host's cores. */
  workers?: number;
  options: { packets?: number; seed?: number };
  version: string;
  /** Hears each point as it finishes: points done so far, points to run, the point and its result. */
  onPoint?: (done: number, total: number, point: Point, result: NetchanResult) => void;
  /** Hears how far each running point has come (for a progress bar; without it, none is reported). */
  onPointProgress?: (point: Point, progress: PointProgress) => void;
}

/** The document's fixed key order, shared with merge so that both write the same bytes. */
export function sweepDocument(header: SweepHeader, shard: SweepShard | null, points: SweepPoint[], host: SweepResult["host"]): SweepResult {
  return {
    schema: SWEEP_SCHEMA,
    netchan: header.netchan,
    scenario: header.scenario,
    options: header.options,
    axes: header.axes,
    pointCount: header.pointCount,
    inputs: header.inputs,
    shard,
    points,
    host,
  };
}

export function sweepHeader(run: Pick<SweepRun, "base" | "axes" | "points" | "scenarios" | "options" | "version">): SweepHeader {
  const s = run.base;
  return {
    netchan: run.version,
    scenario: { name: s.name, file: s.file, description: s.description ?? null },
    options: { packets: run.options.packets ?? null, seed: run.options.seed ?? null },
    axes: run.axes.map((a) => ({ path: a.path, values: a.values })),
    pointCount: run.points.length,
    // every shard resolves every point (points.ts), so every shard of one sweep computes the same digest
    inputs: `sha256:${createHash("sha256").update(JSON.stringify(run.scenarios)).digest("hex")}`,
  };
}

export async function runSweep(run: SweepRun, deps: SweepRunDeps = {}): Promise<SweepResult> {
  const now = deps.now ?? (() => performance.now());
  const start = now();
  const mine = run.points.filter((p) => inShard(p.index, run.shard));
  const workers = Math.max(1, Math.min(run.workers ?? availableParallelism(), mine.length));
  const jobs = mine.map((p) => ({ id: p.index, scenario: run.scenarios[p.index] }));
  let done = 0;
  const onDone = (id: number, result: NetchanResult) => {
    run.onPoint?.(++done, mine.length, run.points[id], result);
  };
  const onPointProgress = run.onPointProgress;
  const onProgress = onPointProgress && ((id: number, p: PointProgress) => onPointProgress(run.points[id], p));
  const results = await (deps.runPoints ?? runOnPool)(jobs, workers, onDone, onProgress);
  const points: SweepPoint[] = mine.map((p) => {
    const { host: _host, ...result } = results.get(p.index)!;
    return { index: p.index, set: p.set, result };
  });
  const host: SweepHost = {
    wallSeconds: Math.round(now() - start) / 1000,
    ...(deps.host ?? hostFacts)(),
    workers,
    points: mine.map((p) => {
      const h = results.get(p.index)!.host;
      return { index: p.index, wallSeconds: h.wallSeconds, variants: h.variants };
    }),
  };
  return sweepDocument(sweepHeader(run), run.shard, points, host);
}

/** Whether every point ran cleanly: no variant failed and every expectation held. */
export function sweepPassed(result: Pick<SweepResult, "points">): boolean {
  return result.points.every((p) => p.result.failures.length === 0 && p.result.expectations.every((e) => e.passed));
}
