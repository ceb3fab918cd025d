// One in-thread run with the module's batching switches set as a test asks, and everything it reports
// (machine statistics, NIC and kernel counters, the warm-up snapshot) as one string to compare byte for
// byte, with the number of events it handled beside it: the tests of batching rules (batching, miss runs)
// compare a run with a rule on against the same run with it off.
import { expect } from "vitest";
import { prepareRun } from "../../src/machine/setup.js";
import { readStats, type MachineStats } from "../../src/stats/read.js";
import { readNicStats } from "../../src/nic/read.js";
import { readNetCounters, readSnapshot } from "../../src/paths/read.js";
import type { MachineRun } from "../../src/index.js";

export interface Switches {
  /** The batching rule (sim/batch.ts); on unless said. */
  batching?: boolean;
  /** Miss runs (machine/miss-runs.ts); on unless said. */
  missRuns?: boolean;
  build?: "release" | "debug";
}

export async function inThreadResult(run: MachineRun, s: Switches = {}): Promise<{ result: string; events: number }> {
  const p = await prepareRun(run, s.build ?? "release", 1, "inthread");
  p.exports.setMissRuns(s.missRuns === false ? 0 : 1);
  p.exports.setBatching(s.batching === false ? 0 : 1);
  p.exports.runInThread();
  const cpus = run.machine.cpus;
  let events = 0;
  for (let lp = 0; lp < cpus + 2; lp++) events += Number(p.exports.probeEvents(lp));
  const stats: MachineStats = readStats(p.memory, p.map, cpus, events);
  expect(stats.stopReason).toBe("finished");
  const extra = {
    nic: p.nic ? readNicStats(p.memory, p.nic) : null,
    net: p.net ? readNetCounters(p.memory, p.net) : null,
    snapshot: p.net ? readSnapshot(p.memory, p.map, cpus) : null,
  };
  return { result: JSON.stringify({ ...stats, work: undefined, ...extra }), events };
}
