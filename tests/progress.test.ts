// The progress bar: when it is drawn (a pure decision), what it shows, and that reporting progress changes
// nothing in a run — the in-thread loop run in slices and a workers run read while it runs give the same
// figures, event for event, as runs without it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { inCI, progressFigures, showProgress, type ProgressSetting } from "../src/cli/progress.js";
import type { RunProgress } from "../src/machine/spec.js";
import { runVariant } from "../src/paths/run-variant.js";
import { loadScenario } from "../src/scenario/load.js";
import type { VariantRaw } from "../src/scenario/types.js";
import { resolveSweep } from "../src/sweep/points.js";
import type { PointProgress } from "../src/sweep/pool.js";
import { runSweep } from "../src/sweep/run-sweep.js";
import { parseSettings } from "../src/sweep/settings.js";
import { smallScenario } from "./helpers/sweeps.js";

describe("when the bar is drawn", () => {
  const terminal: ProgressSetting = { stdoutIsTTY: true, stderrIsTTY: true, env: { TERM: "xterm-256color" }, quiet: false, formatOnStdout: false };

  test("on a terminal, outside CI, without --quiet: drawn", () => {
    expect(showProgress(terminal)).toBe(true);
  });

  test.each<[string, Partial<ProgressSetting>]>([
    ["standard output piped", { stdoutIsTTY: false }],
    ["standard error redirected to a file", { stderrIsTTY: false }],
    ["in CI (CI=true)", { env: { CI: "true" } }],
    ["in CI (CI=1)", { env: { CI: "1" } }],
    ["in GitLab (CI=gitlab-ci style value)", { env: { CI: "yes-any-value" } }],
    ["a dumb terminal", { env: { TERM: "dumb" } }],
    ["--quiet", { quiet: true }],
    ["a format on standard output (--json -)", { formatOnStdout: true }],
  ])("%s: not drawn", (_, change) => {
    expect(showProgress({ ...terminal, ...change })).toBe(false);
  });

  test("CI set to nothing, 0 or false is not CI", () => {
    expect([inCI({ CI: "" }), inCI({ CI: "0" }), inCI({ CI: "false" }), inCI({ CI: "FALSE" }), inCI({})]).toEqual([false, false, false, false, false]);
    expect(showProgress({ ...terminal, env: { CI: "false" } })).toBe(true);
  });
});

describe("what the bar shows", () => {
  test("packets done of the total, simulated time from the furthest clock, and packets per host second", () => {
    const p: RunProgress = { arrived: 3200, packets: 5500, cycles: 2_031_000, untilCycles: null };
    expect(progressFigures(p, 2.5, 0.5)).toEqual({ fraction: 3200 / 5500, packets: "3,200/5,500", simulated: "812.4 µs", rate: "6,400" });
  });

  test("a run given in simulated time is as far as its clock", () => {
    const p: RunProgress = { arrived: 10, packets: null, cycles: 5_000_000, untilCycles: 20_000_000 };
    expect(progressFigures(p, 2, 0)).toEqual({ fraction: 0.25, packets: "10", simulated: "2.50 ms", rate: "-" });
  });
});

describe("reporting progress changes no result", () => {
  /** A run's figures, without the host seconds it took (the one thing that differs between two runs). */
  const figures = (raw: VariantRaw) => JSON.stringify({ ...raw, work: { ...raw.work, runSeconds: 0 } });

  test.each([
    ["in-thread", { scheduler: "inthread" as const }, 400],
    ["workers", { scheduler: "workers" as const, workers: 2 }, 60],
  ])("%s: the same figures with and without a progress listener, which hears the last packet", async (_, options, packets) => {
    const s = loadScenario("classic-steering", { packets });
    const variant = s.variants.find((v) => v.path === "classic-rfs")!;
    const seen: RunProgress[] = [];
    const plain = await runVariant(s, variant, options);
    const watched = await runVariant(s, variant, { ...options, onProgress: (p) => seen.push(p) });
    expect(figures(watched)).toBe(figures(plain));
    // the final report comes after the run: every packet, warm-up included, has arrived
    expect(seen.at(-1)).toMatchObject({ arrived: 500 + packets, packets: 500 + packets, untilCycles: null });
    expect(seen.at(-1)!.cycles).toBeGreaterThan(0);
  });
});

describe("a sweep's progress changes none of its points", () => {
  test("the worker pool's points are the same with and without progress reports, whose last counts every packet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netchan-progress-"));
    try {
      const file = smallScenario(dir);
      const json = JSON.parse(readFileSync(file, "utf8"));
      const base = { file, json, overrides: {} };
      const axes = parseSettings(["workload.seed=1,2"]);
      const { resolvedBase, points, scenarios } = resolveSweep(base, axes);
      const run = { base: resolvedBase, axes, points, scenarios, shard: null, workers: 2, options: {}, version: "test" };
      const reports = new Map<number, PointProgress[]>();
      const plain = await runSweep(run);
      const watched = await runSweep({ ...run, onPointProgress: (p, progress) => reports.set(p.index, [...(reports.get(p.index) ?? []), progress]) });
      expect(JSON.stringify(watched.points)).toBe(JSON.stringify(plain.points));
      // two variants of 40 warm-up and 60 measured packets each, at each point
      expect([...reports.keys()].sort()).toEqual([0, 1]);
      for (const r of reports.values()) expect(r.at(-1)!.arrived).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
