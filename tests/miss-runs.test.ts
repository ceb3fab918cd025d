// Miss runs (assembly/machine/miss-runs.ts): a CPU's independent misses to consecutive lines, one cycle
// apart, travel to the directory as one GETS_RUN, and their lookups are walked as BANK_RUNs. The results
// must be those of one GETS per line, byte for byte, in-thread and on workers — where a run of more than
// `Q` cycles crosses windows and the uncore must put its rest back under the next line's key. The
// workloads make runs break often: small private caches (evictions send PUTs between a copy's misses),
// two LLC banks (lookups that do not end one cycle apart), other CPUs writing the copied lines, DMA line
// runs into them.
import { expect, test } from "vitest";
import { variantRun } from "../src/paths/run-variant.js";
import { runMachine, type MachineRun, type MachineStats, type ListOp, type ProgramSpec } from "../src/index.js";
import { tinyProfile, defaultProfile } from "./helpers/machines.js";
import { scenario } from "./helpers/path-scenarios.js";
import { inThreadResult } from "./helpers/in-thread-result.js";

/** An in-thread run with miss runs on or off (and the batching rule on or off): what it reports, and the
 *  events it handled. */
const inThread = (run: MachineRun, missRuns: boolean, batching = true, build: "release" | "debug" = "release") =>
  inThreadResult(run, { missRuns, batching, build });

/** xorshift32: the programs are a pure function of the seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

const BUF_LINES = 128;

/** Every CPU copies runs of 4 to 40 consecutive lines of a shared buffer (independent loads), waits for
 *  each with a dependent load, and writes some lines the others copy; the device writes line runs into
 *  the same buffer. */
function copyRun(cpus: number, seed: number, profile = tinyProfile(cpus)): MachineRun {
  const r = rng(seed);
  const lineBytes = profile.lineBytes;
  const programs: ProgramSpec[] = Array.from({ length: cpus }, () => {
    const ops: ListOp[] = [];
    for (let copy = 0; copy < 12; copy++) {
      const n = 4 + r(37);
      const first = r(BUF_LINES - n);
      for (let i = 0; i < n; i++) ops.push({ op: "load", at: { region: "buf", offset: (first + i) * lineBytes + r(8) * 8 }, size: 8, independent: true });
      ops.push({ op: "load", at: { region: "buf", offset: first * lineBytes }, size: 8 });
      for (let k = r(4); k > 0; k--) ops.push({ op: "store", at: { region: "buf", offset: r(BUF_LINES) * lineBytes }, size: 8, value: r(1 << 20) });
      ops.push({ op: "compute", value: r(300) });
    }
    return { kind: "list", ops };
  });
  const device = Array.from({ length: 16 }, (_, i) => ({
    time: i * 700 + r(500),
    kind: "writeRun" as const,
    at: { region: "buf", offset: r(BUF_LINES - 24) * lineBytes },
    lines: 1 + r(24),
    bytes: [r(256), r(256)],
  }));
  return { machine: profile, regions: [{ name: "buf", bytes: BUF_LINES * lineBytes }], programs, device };
}

/** Everything a run reports except how it was executed. */
const result = (s: MachineStats) => JSON.stringify({ ...s, work: undefined });

test.each([1, 2, 3])("a copy's run of misses gives the same result as per-line requests, in-thread and on workers (seed %i)", async (seed) => {
  const run = copyRun(4, seed);
  const perLine = await inThread(run, false);
  const merged = await inThread(run, true);
  expect(merged.result).toBe(perLine.result);
  expect(merged.events).toBeLessThan(perLine.events * 0.97); // the runs did form
  // every line of every run through the heap: the walks' "put the rest back" path, line by line
  expect((await inThread(run, true, false)).result).toBe(perLine.result);
  const reference = result(await runMachine(run));
  for (const workers of [2, 3, 6]) expect(result(await runMachine(run, { scheduler: "workers", workers }))).toBe(reference);
});

test("a copy's run of misses passes the debug build's coherence checker with the result of per-line requests", async () => {
  // the debug build checks every fill and read against the line's data version (machine/coherence-check.ts)
  const run = copyRun(4, 11);
  const perLine = await inThread(run, false, true, "debug");
  const merged = await inThread(run, true, true, "debug");
  expect(merged.result).toBe(perLine.result);
  expect(merged.events).toBeLessThan(perLine.events);
  const st = await runMachine(run, { build: "debug" });
  expect(st.global.swmrViolations).toBe(0);
  expect(st.global.dataValueViolations).toBe(0);
  expect(st.totals.loads).toBeGreaterThan(4 * 12 * 4);
});

test("a copy's run of misses gives the same result as per-line requests with the default profile's caches", async () => {
  const run = copyRun(3, 7, { ...defaultProfile(), cpus: 3 });
  const perLine = await inThread(run, false);
  const merged = await inThread(run, true);
  expect(merged.result).toBe(perLine.result);
  expect(merged.events).toBeLessThan(perLine.events);
  expect(result(await runMachine(run, { scheduler: "workers", workers: 2 }))).toBe(result(await runMachine(run)));
});

test("the classic receive path's copies to user give the same result as per-line requests, with fewer events", async () => {
  const s = scenario(["classic-cross"], { packets: 150, warmupPackets: 20, gapCycles: 2_000, frameBytes: 1518 });
  const run = variantRun(s, s.variants[0]);
  const perLine = await inThread(run, false);
  const merged = await inThread(run, true);
  expect(merged.result).toBe(perLine.result);
  // a 1518-byte frame's copy is 23 lines: with 10 MSHRs the first ten leave as one run, and the rest often
  // join runs as their data comes back
  expect(merged.events).toBeLessThan(perLine.events * 0.9);
});
