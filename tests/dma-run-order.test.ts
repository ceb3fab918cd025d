// DMA line runs (assembly/machine/line-runs.ts) whose bank lookups end out of line order. A run reserves
// each line's bank as its own DMA_WR would; when one of its banks is still busy from an earlier request,
// a later line's lookup can end first. Per-line writes would then be handled by lookup end, ties by their
// consecutive reserved keys, and the device would see its last completion at the latest line's write —
// so the run must walk its lines in that order too. The device's "write" ops are those per-line writes
// (one DMA_WR and one DMA_DONE per line), "writeRun" the same lines as one run (one DMA_DONE): everything
// else — statistics, the time of the device's last completion — must be the same, in-thread, with the
// batching rule off, and on workers.
import { expect, test } from "vitest";
import { prepareRun, type PreparedRun } from "../src/machine/setup.js";
import { readStats } from "../src/stats/read.js";
import { runWorkers } from "../src/runners/node-workers.js";
import type { MachineRun, DmaOp, ListOp } from "../src/index.js";
import { tinyProfile } from "./helpers/machines.js";
import { line, list, loadIndependent, store, compute, fence } from "./helpers/programs.js";

const data = [{ name: "data", bytes: 1 << 16 }];

/** Runs `run` (in-thread, or on `workers` workers); returns its statistics without how it was executed,
 *  and the time of the device's last DMA completion (DEVICE_BASE + 16, machine/device.ts). */
async function outcome(run: MachineRun, workers = 0, batching = true): Promise<{ result: string; lastDone: number }> {
  let p: PreparedRun;
  if (workers === 0) {
    p = await prepareRun(run, "release", 1, "inthread");
    p.exports.setBatching(batching ? 1 : 0);
    p.exports.runInThread();
  } else {
    p = await prepareRun(run, "release", workers, "workers");
    await runWorkers(p);
    p.exports.finishRun();
  }
  const stats = readStats(p.memory, p.map, run.machine.cpus, 0);
  expect(stats.stopReason).toBe("finished");
  const lastDone = Number(new DataView(p.memory.buffer).getBigInt64(p.map.deviceBase + 16, true));
  return { result: JSON.stringify({ ...stats, work: undefined }), lastDone };
}

/** The same device traffic with every run sent line by line. */
const perLine = (run: MachineRun): MachineRun => ({
  ...run,
  device: run.device!.map((op) => (op.kind === "writeRun" ? { ...op, kind: "write" as const } : op)),
});

/** xorshift32: the workloads are a pure function of the seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

/** Three CPUs stream independent loads over the region and store to some lines; every 250 cycles or so
 *  the device writes one line (a bank left busy) and then a run starting on a line of any bank. */
function busyBanks(seed: number): MachineRun {
  const r = rng(seed);
  const device: DmaOp[] = [];
  for (let k = 0; k < 24; k++) {
    const time = 100 + k * 250 + r(100);
    device.push({ time, kind: "write", at: line(r(256)), lines: 1, bytes: [k] });
    device.push({ time: time + r(3), kind: "writeRun", at: line(r(256 - 32)), lines: 2 + r(31), bytes: [0x80 + k, k] });
  }
  const programs = [0, 1, 2].map((c) => {
    const ops: ListOp[] = [];
    for (let i = 0; i < 200; i++) {
      if (r(5) === 0) ops.push(store(line(r(256)), i));
      else ops.push(loadIndependent(line(r(256))));
      if (r(20) === 0) ops.push(compute(r(200)));
    }
    ops.push(fence());
    return list(...ops);
  });
  return { machine: tinyProfile(3), regions: data, device, programs };
}

test("a DMA run gives the results of per-line writes even when a bank is busy", async () => {
  // Two LLC banks (even lines in bank 0). A one-line write to line 0 and a run of lines 2..5 reach the
  // uncore together, the write first: bank 0 is busy for bankBusy cycles, so the run's lookups end at
  // line 2: t+busy+L, line 3: t+L, line 4: t+2·busy+L, line 5: t+busy+L. Per-line writes are handled in
  // the order 3, 2, 5, 4 and the last completion is line 4's; walking by index would send the run's at
  // line 5's write, `busy` cycles early.
  const m = tinyProfile(1);
  const run: MachineRun = {
    machine: m,
    regions: data,
    programs: [null],
    device: [
      { time: 100, kind: "write", at: line(0), lines: 1, bytes: [1] },
      { time: 100, kind: "writeRun", at: line(2), lines: 4, bytes: [2] },
    ],
  };
  const busy = m.llc.bankBusyCycles;
  const lookup = m.llc.hitCycles - m.l2.hitCycles - 2 * m.hopCycles;
  const arrive = 100 + m.ioHopCycles;
  const reference = await outcome(perLine(run));
  expect(reference.lastDone).toBe(arrive + 2 * busy + lookup + m.ioHopCycles);
  expect(await outcome(run)).toEqual(reference);
  expect(await outcome(run, 0, false)).toEqual(reference);
  expect(await outcome(run, 2)).toEqual(reference);
});

test.each([1, 3, 6])("DMA runs into busy banks give the results of per-line writes, in-thread and on workers (seed %i)", async (seed) => {
  const run = busyBanks(seed);
  const reference = await outcome(perLine(run));
  expect(JSON.parse(reference.result).regions.data.dmaWriteLines).toBeGreaterThan(24 * 3);
  expect(await outcome(run)).toEqual(reference);
  expect(await outcome(run, 0, false)).toEqual(reference);
  for (const workers of [2, 3, 5]) expect(await outcome(run, workers)).toEqual(reference);
});
