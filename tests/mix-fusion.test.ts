// A mix program's accesses run in a fused loop while the core is quiet (assembly/cpu/mix-run.ts): the
// generator and the fast path in one loop, the value of the last load read only on the way out. It must
// leave the machine exactly as the op-by-op path (mixNext, then fastHit or the general path) does. A
// test-only switch (setMixFusion) turns it off; every byte of the shared memory — caches, LRU stamps,
// data, the programs' state, the cores' records, the statistics — must be the same at the end, with runs
// that leave the loop in every way: misses, stores to shared lines, atomics, runs of independent loads,
// compute ops, the bound between an access and its compute op, the end of the program, a run cut short.
import { expect, test } from "vitest";
import { prepareRun } from "../src/machine/setup.js";
import { readStats } from "../src/stats/read.js";
import type { MachineRun, ProgramSpec } from "../src/index.js";
import type { MachineProfile } from "../src/config/machine.js";
import { defaultProfile, tinyProfile, withCpus } from "./helpers/machines.js";

interface Outcome {
  memory: Uint8Array;
  stats: string;
  accesses: number;
}

async function runWith(run: MachineRun, fused: boolean, stampLimit?: number): Promise<Outcome> {
  const p = await prepareRun(run, "release", 1, "inthread");
  p.exports.setMixFusion(fused);
  if (stampLimit !== undefined) p.exports.setStampLimit(stampLimit);
  p.exports.runInThread();
  const stats = readStats(p.memory, p.map, run.machine.cpus, 0);
  return {
    memory: new Uint8Array(p.memory.buffer.slice(0)),
    stats: JSON.stringify({ ...stats, work: undefined }),
    accesses: stats.totals.loads + stats.totals.stores + stats.totals.atomics,
  };
}

/** Runs `run` with and without the fused loop; returns the accesses made. */
async function expectSameMachine(run: MachineRun, stampLimit?: number): Promise<number> {
  const opByOp = await runWith(run, false, stampLimit);
  const fused = await runWith(run, true, stampLimit);
  expect(fused.stats).toBe(opByOp.stats);
  expect(fused.memory.length).toBe(opByOp.memory.length);
  const firstDiff = fused.memory.findIndex((b, i) => b !== opByOp.memory[i]);
  expect(firstDiff).toBe(-1);
  return fused.accesses;
}

function mix(machine: MachineProfile, accesses: number, program: (c: number) => Partial<ProgramSpec & { kind: "mix" }>,
  shared = false, endTime?: number): MachineRun {
  return {
    machine,
    regions: [
      ...(shared ? [{ name: "shared", bytes: 64 * 64 }] : []),
      ...Array.from({ length: machine.cpus }, (_, c) => ({ name: `private${c}`, bytes: 64 * 1024 })),
    ],
    programs: Array.from({ length: machine.cpus }, (_, c) => ({
      kind: "mix" as const, seed: 11 + c, accesses,
      private: { region: `private${c}`, hotBytes: 8 * 1024, hotPermille: 800 },
      storePermille: 250, atomicPermille: 0, computeCycles: 0,
      ...program(c),
    }) as ProgramSpec),
    endTime,
  };
}

test("the fused mix loop leaves every byte as the op-by-op path does: a private, hit-heavy mix", async () => {
  const accesses = await expectSameMachine(mix(withCpus(4, defaultProfile()), 20_000, () => ({})));
  expect(accesses).toBe(4 * 20_000);
});

test("the fused mix loop leaves every byte as the op-by-op path does: shared lines, atomics and compute ops", async () => {
  const run = mix(withCpus(4, defaultProfile()), 10_000, () => ({
    shared: { region: "shared", permille: 300 }, atomicPermille: 50, computeCycles: 3,
  }), true);
  expect(await expectSameMachine(run)).toBe(4 * 10_000);
});

test("the fused mix loop leaves every byte as the op-by-op path does: runs of independent loads, tiny caches", async () => {
  // 2-way 4-set L1s and 16-line L2s: most accesses leave the loop, and runs start from loads
  const run = mix(tinyProfile(3), 5_000, (c) => ({
    shared: { region: "shared", permille: 100 }, atomicPermille: 20, computeCycles: c, runPermille: 40, runLines: 6,
  }), true);
  expect(await expectSameMachine(run)).toBeGreaterThan(3 * 5_000);
});

test("the fused mix loop leaves every byte as the op-by-op path does: LRU stamps renumbered inside the loop", async () => {
  const accesses = await expectSameMachine(mix(withCpus(2, defaultProfile()), 20_000, () => ({ computeCycles: 1 })), 500);
  expect(accesses / 2).toBeGreaterThan(20 * 500);
});

test("the fused mix loop leaves every byte as the op-by-op path does: runs cut short mid-program", async () => {
  // the run ends at an arbitrary cycle, so the programs' state, the stamps and the last load's value are
  // compared where the loop left them, not only after the last access; with a hot set of one word, a store
  // after the last load of a batch overwrites that load's value (the loop must keep the value it read)
  for (const endTime of [10_007, 20_011, 33_331, 47_777, 61_001]) {
    const run = mix(withCpus(4, defaultProfile()), 50_000, (c) => ({
      computeCycles: c % 2, private: { region: `private${c}`, hotBytes: 8, hotPermille: c == 3 ? 900 : 1000 }, storePermille: 500,
    }), false, endTime);
    const opByOp = await runWith(run, false);
    const fused = await runWith(run, true);
    expect(JSON.parse(fused.stats).stopReason).toBe("endTime");
    expect(fused.stats).toBe(opByOp.stats);
    expect(fused.memory.findIndex((b, i) => b !== opByOp.memory[i])).toBe(-1);
  }
});
