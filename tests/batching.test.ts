// The batching rule (assembly/sim/batch.ts): an LP handles one of its own future events at once — a
// request whose bank lookup ends before anything else can happen at the uncore, the next line of a DMA
// line run — only when that event is certainly the next one it would handle. Turned off, every such event
// goes through the heap; the results must not change, only the number of events. The workloads keep the
// uncore busy, so the rule must often say no: random programs on four CPUs with DMA traffic, and the
// classic receive path, whose DMA runs, copies and interrupts interleave at the directory.
import { expect, test } from "vitest";
import { variantRun } from "../src/paths/run-variant.js";
import type { MachineRun } from "../src/index.js";
import { tinyProfile } from "./helpers/machines.js";
import { randomRun } from "./helpers/random-runs.js";
import { inThreadResult } from "./helpers/in-thread-result.js";
import { scenario } from "./helpers/path-scenarios.js";

/** An in-thread run with the rule on or off: everything it reports, and the events it handled. */
const runWith = (run: MachineRun, batching: boolean) => inThreadResult(run, { batching });

async function expectSameBothWays(run: MachineRun): Promise<void> {
  const off = await runWith(run, false);
  const on = await runWith(run, true);
  expect(on.result).toBe(off.result);
  expect(on.events).toBeLessThan(off.events); // the rule did fire
}

/** randomRun's device traffic as line runs: a write of several lines is one DMA_WR_RUN. */
function withLineRuns(run: MachineRun): MachineRun {
  return { ...run, device: run.device!.map((op) => (op.kind === "write" ? { ...op, kind: "writeRun" as const } : op)) };
}

test.each([1, 2, 3, 4])("random programs with DMA give the same statistics with and without batching (seed %i)", async (seed) => {
  await expectSameBothWays(randomRun(tinyProfile(4), 400, seed));
  await expectSameBothWays(withLineRuns(randomRun(tinyProfile(4), 400, seed)));
});

test("the classic receive path gives the same statistics with and without batching", async () => {
  for (const path of ["classic-cross", "classic-rps"] as const) {
    const s = scenario([path], { packets: 150, warmupPackets: 20, gapCycles: 2_000, frameBytes: 1518 });
    await expectSameBothWays(variantRun(s, s.variants[0]));
  }
});
