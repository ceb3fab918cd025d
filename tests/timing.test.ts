// Timing of single accesses on the default profile (modern-1s): L1 4, L2 14, LLC 54, remote transfer 126,
// DRAM 202 cycles; hop 10, bank lookup 54 − 14 − 2·10 = 20, snoop 126 − 54 − 10 = 62, bank busy 2,
// controller busy 3. Expected times are worked out in each test from those numbers.
import { describe, expect, test } from "vitest";
import { runMachine, type MachineRun, type MachineProbe } from "../src/index.js";
import { defaultProfile, tinyProfile } from "./helpers/machines.js";
import { at, line, load, loadIndependent, loadCheck, store, atomicAdd, compute, fence, list, only } from "./helpers/programs.js";

const data = [{ name: "data", bytes: 1 << 20 }];
const machine = (cpus = 4) => ({ ...defaultProfile(), cpus });

async function run(r: Omit<MachineRun, "regions"> & { regions?: MachineRun["regions"] }, inspect?: (p: MachineProbe) => void) {
  const st = await runMachine({ regions: data, ...r }, { inspect });
  expect(st.stopReason).toBe("finished");
  return st;
}

describe("private caches", () => {
  test("a load that misses everywhere costs the DRAM latency", async () => {
    const st = await run({ machine: machine(1), programs: [list(load(at(0)))] });
    expect(st.cpus[0].haltTime).toBe(202);
    expect(st.regions.data.dramReads).toBe(1);
  });

  test("a load that hits L1 completes after the L1 latency", async () => {
    const st = await run({ machine: machine(1), programs: [list(load(at(0)), load(at(8)))] });
    expect(st.cpus[0].haltTime).toBe(202 + 4);
    expect(st.cpus[0].l1Hits).toBe(1);
  });

  test("a load that misses L1 and hits L2 costs the L2 latency", async () => {
    // tiny caches: L1 4 sets × 2 ways, L2 8 sets × 2 ways. Lines 0, 4 and 8 share L1 set 0, so line 0
    // leaves L1; in L2 lines 0 and 8 share set 0 (2 ways) and line 4 is in set 4, so line 0 stays in L2.
    const m = tinyProfile(1);
    const st = await run({ machine: m, programs: [list(load(line(0)), load(line(4)), load(line(8)), load(line(0)))] });
    expect(st.cpus[0].haltTime).toBe(3 * 202 + 14);
    expect(st.cpus[0].l2Hits).toBe(1);
  });

  test("a store to a line held exclusive completes in one cycle without a request", async () => {
    const st = await run({ machine: machine(1), programs: [list(load(at(0)), store(at(0), 7))] });
    expect(st.cpus[0].haltTime).toBe(202 + 1);
    expect(st.cpus[0].requests).toBe(1);
  });
});

describe("coherence between CPUs", () => {
  test("a load of a line modified in another CPU's cache costs the remote-transfer latency and counts one bounce", async () => {
    const st = await run({
      machine: machine(2),
      programs: [list(compute(1000), load(at(0))), list(store(at(0), 42), fence())],
    });
    expect(st.cpus[0].haltTime).toBe(1000 + 126);
    expect(st.regions.data.bounces).toBe(1);
  });

  test("a load of a line held exclusive-clean by another CPU is a bounce too", async () => {
    const st = await run({ machine: machine(2), programs: [list(compute(1000), load(at(0))), list(load(at(0)))] });
    expect(st.cpus[0].haltTime).toBe(1000 + 126);
    expect(st.regions.data.bounces).toBe(1);
  });

  test("the reader of a modified line sees the writer's value, and both end shared", async () => {
    let probe!: MachineProbe;
    const st = await run(
      { machine: machine(2), programs: [list(compute(1000), loadCheck(at(0), 42)), list(store(at(0), 42), fence())] },
      (p) => (probe = p),
    );
    expect(st.cpus[0].checksPassed).toBe(1);
    expect(probe.privateState(0, at(0))).toBe("S");
    expect(probe.privateState(1, at(0))).toBe("S");
    expect(probe.directory(at(0))).toEqual({ state: "S", sharers: [0, 1] });
  });

  test("a write to a line shared by three other CPUs invalidates each copy: one bounce per copy", async () => {
    // CPU1 reads from DRAM (E), CPU2's read is forwarded from CPU1 (1 bounce, both S), CPU3 reads S from
    // the LLC. CPU0 stores at 2000: the store retires at 2001, its GETX reaches the bank at 2001+14+10 =
    // 2025, the lookup ends at 2045, the INVs land at 2055, the three acks at 2065 queue for the bank
    // (2065, 2067, 2069) and the last lookup ends at 2089; the LLC supplies the data, DATA_M lands at 2099.
    let probe!: MachineProbe;
    const st = await run(
      {
        machine: machine(4),
        programs: [list(compute(2000), store(at(0), 9), fence()), list(load(at(0))), list(compute(500), load(at(0))), list(compute(1000), load(at(0)))],
      },
      (p) => (probe = p),
    );
    expect(st.regions.data.bounces).toBe(1 + 3);
    expect([1, 2, 3].map((c) => st.cpus[c].invalidationsReceived)).toEqual([1, 1, 1]);
    expect(st.cpus[0].haltTime).toBe(2099);
    expect(probe.directory(at(0))).toEqual({ state: "EM", owner: 0, sharers: [] });
    expect([0, 1, 2, 3].map((c) => probe.privateState(c, at(0)))).toEqual(["M", "I", "I", "I"]);
  });

  test("atomic increments of one hot line by four CPUs serialise and none is lost", async () => {
    let probe!: MachineProbe;
    const programs = Array.from({ length: 4 }, () => list(atomicAdd(at(0)), atomicAdd(at(0)), atomicAdd(at(0))));
    const st = await run({ machine: machine(4), programs }, (p) => (probe = p));
    expect(new BigUint64Array(probe.bytes(at(0), 8).buffer)[0]).toBe(12n);
    expect(st.totals.atomics).toBe(12);
    // each CPU but the first must take the line from another CPU at least once, and only 11 handovers exist
    expect(st.regions.data.bounces).toBeGreaterThanOrEqual(3);
    expect(st.regions.data.bounces).toBeLessThanOrEqual(11);
    // handovers serialise at the directory: the next forward leaves only after the previous owner's ack
    // (forward hop 10 + snoop 62 + ack hop 10 + bank lookup 20 = 102 cycles apart at least)
    const last = Math.max(...st.cpus.map((c) => c.haltTime));
    expect(last).toBeGreaterThanOrEqual(202 + (st.regions.data.bounces - 1) * 102);
  });
});

describe("core", () => {
  test("a store that misses retires into the store buffer and the core keeps computing", async () => {
    // the store retires at 1; its RFO reaches the bank at 25, leaves it at 45, DRAM answers at 45 + 148 =
    // 193, DATA_M lands at 203 — while the core computed from 1 to 101. The fence then waits until 203.
    const st = await run({ machine: machine(1), programs: [list(store(at(0), 1), compute(100), fence())] });
    expect(st.cpus[0].haltTime).toBe(203);
    expect(st.cpus[0].stallCycles).toBe(203 - 101);
  });

  test("an atomic on a line already in L1 costs the published locked-op latency, no more", async () => {
    const st = await run({ machine: machine(1), programs: [list(load(at(0)), atomicAdd(at(0)))] });
    expect(st.cpus[0].haltTime).toBe(202 + 18);
  });

  test("a load of a buffered store's address is forwarded from the store buffer", async () => {
    const st = await run({ machine: machine(1), programs: [list(store(at(0), 77), loadCheck(at(0), 77), fence())] });
    expect(st.cpus[0].forwards).toBe(1);
    expect(st.cpus[0].checksPassed).toBe(1);
  });

  test("independent misses overlap up to the MSHR count; dependent ones do not", async () => {
    const lines = Array.from({ length: 8 }, (_, i) => line(i * 2)); // all on memory controller 0
    const dependent = await run({ machine: machine(1), programs: [list(...lines.map((w) => load(w)))] });
    expect(dependent.cpus[0].haltTime).toBe(8 * 202);
    const m2 = { ...machine(1), core: { ...machine(1).core, mshrs: 2 } };
    const two = await run({ machine: m2, programs: [list(...lines.map(loadIndependent), fence())] });
    const ten = await run({ machine: machine(1), programs: [list(...lines.map(loadIndependent), fence())] });
    // with 10 MSHRs the 8 misses overlap: issue 1 cycle apart, the controller serves one per 3 cycles
    expect(ten.cpus[0].haltTime).toBeLessThan(202 + 8 * 3 + 8);
    // with 2 MSHRs they go in four waves
    expect(two.cpus[0].haltTime).toBeGreaterThan(4 * 202 - 8);
    expect(two.cpus[0].haltTime).toBeLessThan(4 * 202 + 40);
  });
});

describe("contention", () => {
  test("requests for one LLC bank queue behind each other (busy-until)", async () => {
    // 4 lines already in the LLC (written by DMA with DDIO at time 0), 4 CPUs load one each at 1000.
    // Same bank (lines 0, 4, 8, 12 with 4 banks): lookups start 2 cycles apart → 1054, 1056, 1058, 1060.
    // Different banks (lines 0..3): all 1054.
    const sameBank = [0, 4, 8, 12], spread = [0, 1, 2, 3];
    for (const [lines, expected] of [[sameBank, [1054, 1056, 1058, 1060]], [spread, [1054, 1054, 1054, 1054]]] as const) {
      const st = await run({
        machine: machine(4),
        device: lines.map((n) => ({ time: 0, kind: "write" as const, at: line(n), lines: 1 })),
        programs: lines.map((n) => list(compute(1000), load(line(n)))),
      });
      expect(st.cpus.map((c) => c.haltTime)).toEqual(expected);
    }
  });

  test("DRAM requests on one memory controller queue behind each other", async () => {
    // lines 0, 2, 4, 6 all map to controller 0 of 2, and to banks 0 and 2: arrivals at 24, lookups end at
    // 44/44/46/46; the controller starts them at 44, 47, 50, 53 → data at 44+148+10 = 202, 205, 208, 211.
    const st = await run({ machine: machine(4), programs: [0, 2, 4, 6].map((n) => list(load(line(n)))) });
    expect(st.cpus.map((c) => c.haltTime).sort((a, b) => a - b)).toEqual([202, 205, 208, 211]);
  });
});

describe("DMA port", () => {
  test("a DMA write invalidates every cached copy, and readers then see the device's bytes", async () => {
    const bytes = [0xab];
    const st = await run({
      machine: machine(3),
      device: [{ time: 1000, kind: "write", at: line(0), lines: 1, bytes }],
      programs: [0, 1, 2].map(() => list(load(at(0)), compute(3000), loadCheck(at(0), 0xab, 1))),
    });
    expect(st.regions.data.dmaInvalidations).toBe(3);
    expect(st.cpus.map((c) => c.invalidationsReceived)).toEqual([1, 1, 1]);
    expect(st.totals.checksPassed).toBe(3);
  });

  test("with DDIO, DMA never allocates outside its ways", async () => {
    // tiny LLC: 2 banks × 16 sets × 4 ways, DDIO 2 ways. 256 lines written: at most 2 per set stay.
    let probe!: MachineProbe;
    const st = await run(
      { machine: tinyProfile(1), device: [{ time: 0, kind: "write", at: line(0), lines: 256 }], programs: [null] },
      (p) => (probe = p),
    );
    const ways = Array.from({ length: 256 }, (_, n) => probe.llcWay(line(n)));
    expect(ways.every((w) => w === -1 || w < 2)).toBe(true);
    expect(ways.filter((w) => w >= 0).length).toBe(2 * 16 * 2);
    expect(st.regions.data.dramWrites).toBe(256 - 64); // DDIO victims are dirty: written back
  });

  test("a DMA write to a line already in the LLC updates it in place, whatever its way", async () => {
    // CPU0 fills set 0 of bank 0 with lines 0, 2, 4, 6 (ways 0..3), evicting them to the LLC as it goes;
    // the device then writes line 6, which stays in its way (3), outside the DDIO ways.
    let probe!: MachineProbe;
    const m = tinyProfile(1);
    const fill = [0, 32, 64, 96].map((n) => load(line(n))); // same LLC bank and set (2 banks × 16 sets)
    await run(
      { machine: m, device: [{ time: 5000, kind: "write", at: line(96), lines: 1 }], programs: [list(...fill, compute(6000))] },
      (p) => (probe = p),
    );
    expect(probe.llcWay(line(96))).toBe(3);
  });

  test("with DDIO off, a DMA write goes to DRAM and drops the LLC copy", async () => {
    let probe!: MachineProbe;
    const m = { ...machine(1), ddio: { enabled: false, ways: 2 } };
    const st = await run(
      { machine: m, device: [{ time: 1000, kind: "write", at: line(0), lines: 4 }], programs: [list(load(line(0)), compute(2000), load(line(0)))] },
      (p) => (probe = p),
    );
    expect(st.regions.data.dramWrites).toBe(4);
    expect(st.regions.data.llcWrites).toBe(0);
    expect(probe.llcWay(line(0))).toBeGreaterThanOrEqual(0); // refilled from DRAM by the second load
    expect(st.regions.data.dramReads).toBe(2); // the CPU's first read after the DMA misses to DRAM
  });

  test("a DMA read of a modified line takes it from the owner, which keeps a shared copy", async () => {
    let probe!: MachineProbe;
    const st = await run(
      { machine: machine(1), device: [{ time: 1000, kind: "read", at: line(0), lines: 1 }], programs: [list(store(at(0), 5), fence())] },
      (p) => (probe = p),
    );
    expect(st.regions.data.dmaReadLines).toBe(1);
    expect(probe.privateState(0, at(0))).toBe("S");
    expect(st.regions.data.llcWrites).toBe(1); // the dirty line was written back
  });

  test("a partial DMA write (a descriptor) changes only its bytes, yet invalidates every cached copy", async () => {
    // CPU0 fills the line with 0x11 bytes and keeps it modified; the device writes 16 bytes of 0xab at
    // offset 16; CPU0 then reads both parts of the line
    const fill = Array.from({ length: 16 }, (_, k) => store(at(4 * k), 0x11111111, 4));
    const st = await run({
      machine: machine(1),
      device: [{ time: 2000, kind: "writePart", at: at(16), length: 16, bytes: [0xab] }],
      programs: [list(...fill, fence(), compute(3000), loadCheck(at(0), 0x11, 1), loadCheck(at(16), 0xab, 1), loadCheck(at(31), 0xab, 1), loadCheck(at(32), 0x11, 1))],
    });
    expect(st.regions.data.dmaInvalidations).toBe(1);
    expect(st.cpus[0].checksPassed).toBe(4);
    expect(st.cpus[0].checkFailures).toBe(0);
  });
});

describe("MMIO", () => {
  test("a CPU's MMIO write is posted: it costs the core one cycle and reaches the device", async () => {
    let probe!: MachineProbe;
    const st = await run(
      { machine: machine(1), programs: [list({ op: "mmio", reg: 1, queue: 2, value: 77 }, compute(10))] },
      (p) => (probe = p),
    );
    expect(st.cpus[0].haltTime).toBe(1 + 10);
    expect(probe.deviceMmio()).toEqual({ count: 1, last: 77 });
  });
});

describe("line runs", () => {
  test("a run of DMA line writes gives exactly the results of the same writes sent line by line", async () => {
    // The uncore is kept busy: three CPUs stream independent misses and write some of the lines, so
    // lines must be invalidated first and requests arrive inside a run's bank window. A request for a
    // line of the run queues behind it at the same bank anyway; what a run could get wrong is the order
    // of work across banks — LLC replacement and memory-controller contention — so the LLC is tiny and
    // DMA fills evict dirty lines to DRAM while the CPUs miss to DRAM. Only the event count may differ.
    const span = 20;
    const runOf = (kind: "write" | "writeRun"): MachineRun => ({
      machine: tinyProfile(3),
      regions: data,
      device: Array.from({ length: 12 }, (_, k) => ({ time: 150 * k, kind, at: line((k * 37) % 200), lines: span, bytes: [0x40 + k] })),
      programs: [0, 1, 2].map((c) => list(
        ...Array.from({ length: 160 }, (_, i) => (i % 4 === c ? store(line((i * 3 + c) % 256), i) : loadIndependent(line((i * 5 + 11 * c) % 256)))),
        fence(),
      )),
    });
    const perLine = await runMachine(runOf("write"));
    const asRuns = await runMachine(runOf("writeRun"));
    expect(perLine.regions.data.dmaInvalidations).toBeGreaterThan(0);
    expect(perLine.regions.data.dramWrites).toBeGreaterThan(0);
    const strip = (s: typeof perLine) => JSON.stringify({ ...s, work: undefined });
    expect(strip(asRuns)).toBe(strip(perLine));
    expect(asRuns.work.events).toBeLessThan(perLine.work.events);
  });
});
