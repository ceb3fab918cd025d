// The random coherence tester (gem5 Ruby style) on 8 CPUs with tiny caches, in the debug build, which
// checks SWMR and data values after every transition. And proof that the checkers can fail.
import { expect, test } from "vitest";
import { runMachine } from "../src/index.js";
import { tinyProfile } from "./helpers/machines.js";
import { testerRun } from "./helpers/random-runs.js";

test("a million random tester accesses on 8 CPUs with tiny caches break neither SWMR nor data values", async () => {
  const st = await runMachine(testerRun(tinyProfile(8), 125_000, 11), { build: "debug" });
  expect(st.stopReason).toBe("finished");
  const accesses = st.totals.loads + st.totals.stores + st.totals.atomics;
  expect(accesses).toBeGreaterThanOrEqual(1_000_000);
  expect(st.global.swmrViolations).toBe(0);
  expect(st.global.dataValueViolations).toBe(0);
  expect(st.totals.checkFailures).toBe(0);
  expect(st.totals.checksPassed).toBeGreaterThan(1000);
  // the caches really were too small: lines were evicted dirty and moved between CPUs
  expect(st.totals.writebacks).toBeGreaterThan(1000);
  expect(st.totals.bounces).toBeGreaterThan(1000);
});

test("a directory that forgets to invalidate sharers is caught by the SWMR and data-value checks", async () => {
  // Only the version check can see a stale copy: the simulator keeps one functional copy of memory, so
  // the stale reader still reads current bytes and the tester's value checks (which guard ordering:
  // the store buffer, forwarding, blocking loads) pass. That is why the debug build tracks versions.
  const st = await runMachine(testerRun(tinyProfile(8), 20_000, 3, "skipInvalidate"), { build: "debug" });
  expect(st.global.swmrViolations).toBeGreaterThan(0);
  expect(st.global.dataValueViolations).toBeGreaterThan(0);
  expect(st.global.firstViolationLine).toBeGreaterThan(0);
});

test("a directory that serves a read from the LLC while another CPU holds the line modified is caught at the fill", async () => {
  // the LLC's copy is older than the owner's: only tracking versions through the LLC and DRAM sees it
  const st = await runMachine(testerRun(tinyProfile(8), 20_000, 4, "staleSupply"), { build: "debug" });
  expect(st.global.dataValueViolations).toBeGreaterThan(0);
  expect(st.global.swmrViolations).toBeGreaterThan(0);
});

test("the tester is deterministic: the same seed gives the same counters, another seed others", async () => {
  const result = async (seed: number) => ({ ...(await runMachine(testerRun(tinyProfile(8), 5_000, seed))), work: undefined });
  const a = await result(5);
  const b = await result(5);
  const c = await result(6);
  expect(b).toEqual(a);
  expect(c.finalTime).not.toBe(a.finalTime);
});
