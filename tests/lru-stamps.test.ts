// LRU stamps are 32-bit (assembly/machine/cache-array.ts): when a counter would run out, every set's stamps
// are renumbered by rank and the counter restarts above them. Stamps are compared only within a set, so
// the results must be exactly those of stamps that never run out. A test-only switch (setStampLimit) makes
// the counters run out every few hundred touches; every statistic must stay the same, byte for byte.
import { expect, test } from "vitest";
import { prepareRun } from "../src/machine/setup.js";
import { readStats } from "../src/stats/read.js";
import { readNicStats } from "../src/nic/read.js";
import { readNetCounters, readSnapshot } from "../src/paths/read.js";
import { variantRun } from "../src/paths/run-variant.js";
import type { MachineRun } from "../src/index.js";
import type { Build } from "../src/wasm/module.js";
import { defaultProfile, tinyProfile, withCpus } from "./helpers/machines.js";
import { testerRun } from "./helpers/random-runs.js";
import { scenario } from "./helpers/path-scenarios.js";

/** Everything an in-thread run reports (work aside), with the stamp counters renumbered past `limit`
 *  (null: never, in practice). */
async function resultWith(run: MachineRun, limit: number | null, build: Build = "release"): Promise<{ result: string; accesses: number }> {
  const p = await prepareRun(run, build, 1, "inthread");
  if (limit !== null) p.exports.setStampLimit(limit);
  p.exports.runInThread();
  const cpus = run.machine.cpus;
  const stats = readStats(p.memory, p.map, cpus, 0);
  expect(stats.stopReason).toBe("finished");
  const extra = {
    nic: p.nic ? readNicStats(p.memory, p.nic) : null,
    net: p.net ? readNetCounters(p.memory, p.net) : null,
    snapshot: p.net ? readSnapshot(p.memory, p.map, cpus) : null,
  };
  return { result: JSON.stringify({ ...stats, work: undefined, ...extra }), accesses: stats.totals.loads + stats.totals.stores + stats.totals.atomics };
}

async function expectSameWhenRenumbered(run: MachineRun, limit: number, build: Build = "release"): Promise<void> {
  const plain = await resultWith(run, null, build);
  const renumbered = await resultWith(run, limit, build);
  expect(renumbered.result).toBe(plain.result);
  // every CPU touched its caches many times the limit: the counters were renumbered again and again
  expect(renumbered.accesses / run.machine.cpus).toBeGreaterThan(20 * limit);
}

/** Private areas larger than L1 (8 ways) and a hot set, on the default profile: LRU decides every L1 fill. */
function mixRun(accessesPerCpu: number): MachineRun {
  const machine = withCpus(4, defaultProfile());
  return {
    machine,
    regions: Array.from({ length: 4 }, (_, c) => ({ name: `private${c}`, bytes: 256 * 1024 })),
    programs: Array.from({ length: 4 }, (_, c) => ({
      kind: "mix" as const, seed: 5 + c, accesses: accessesPerCpu,
      private: { region: `private${c}`, hotBytes: 16 * 1024, hotPermille: 700 },
      storePermille: 200, atomicPermille: 0, computeCycles: 0,
    })),
  };
}

test("renumbering the LRU stamps changes no result: private mixes on 8- and 16-way caches", async () => {
  await expectSameWhenRenumbered(mixRun(40_000), 1000);
});

test("renumbering the LRU stamps changes no result: the coherence tester with tiny caches (debug build)", async () => {
  await expectSameWhenRenumbered(testerRun(tinyProfile(8), 5_000, 7), 100, "debug");
});

test("renumbering the LRU stamps changes no result: the classic receive path (11-way LLC, DDIO ways)", async () => {
  const s = scenario(["classic-cross"], { packets: 150, warmupPackets: 20, gapCycles: 2_000, frameBytes: 1518 });
  await expectSameWhenRenumbered(variantRun(s, s.variants[0]), 200);
});
