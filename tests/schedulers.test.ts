// The two schedulers run the same semantics: every LP sees the same events in the same order, so the
// statistics are identical, byte for byte, in-thread and with any number of workers.
import { expect, test } from "vitest";
import { runMachine, type MachineStats } from "../src/index.js";
import { tinyProfile, defaultProfile } from "./helpers/machines.js";
import { randomRun, testerRun } from "./helpers/random-runs.js";

/** Everything a run reports except how it was executed. */
const result = (s: MachineStats) => JSON.stringify({ ...s, work: undefined });

test.each([1, 2, 3])("random programs with DMA give byte-identical statistics in-thread and on %i worker(s)", async (workers) => {
  for (const seed of [1, 2]) {
    const run = randomRun(tinyProfile(4), 400, seed);
    const inThread = await runMachine(run);
    expect(inThread.stopReason).toBe("finished");
    expect(inThread.totals.bounces).toBeGreaterThan(20);
    const parallel = await runMachine(run, { scheduler: "workers", workers });
    expect(result(parallel)).toBe(result(inThread));
  }
});

test("random programs give byte-identical statistics with one worker per CPU (and the uncore sharing one)", async () => {
  const run = randomRun(tinyProfile(4), 400, 3);
  const inThread = await runMachine(run);
  const parallel = await runMachine(run, { scheduler: "workers", workers: 4 });
  expect(parallel.work.windows).toBeGreaterThan(100);
  expect(result(parallel)).toBe(result(inThread));
});

test("the default profile's bigger caches also give identical results across schedulers", async () => {
  const run = randomRun({ ...defaultProfile(), cpus: 3 }, 300, 9);
  expect(result(await runMachine(run, { scheduler: "workers", workers: 2 }))).toBe(result(await runMachine(run)));
});

test("a run cut off by its end time reports the same stop reason and counters in both schedulers", async () => {
  // a message still in flight when time runs out must count as pending work under the workers too
  const run = { ...randomRun(tinyProfile(4), 400, 5), endTime: 3000 };
  const inThread = await runMachine(run);
  expect(inThread.stopReason).toBe("endTime");
  for (const workers of [1, 2]) expect(result(await runMachine(run, { scheduler: "workers", workers }))).toBe(result(inThread));
});

test("window barrier stress: more workers than host cores, thousands of windows, repeated — never hangs, always identical", async () => {
  // DESIGN.md: Node 20's baseline compiler was seen to deadlock a wasm barrier. This runs the barrier
  // under the Node the README names, with every LP on its own worker (10 threads on a 2-core host).
  const run = testerRun(tinyProfile(8), 3_000, 21);
  const expected = result(await runMachine(run));
  for (let i = 0; i < 4; i++) {
    const st = await runMachine(run, { scheduler: "workers", workers: 10 });
    expect(st.work.windows).toBeGreaterThan(1000);
    expect(result(st)).toBe(expected);
  }
});
