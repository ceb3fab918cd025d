// The NIC's receive side (assembly/nic/): rings, DMA order, drops, the tail, steering, interrupt
// moderation and affinity. Timelines are worked out by hand on the default profile (timing.test.ts):
// ioHop 250, bank lookup 20, bank busy 2 cycles, 4 LLC banks interleaved by line, DDIO on. A DMA write
// that invalidates nothing completes back at the NIC 250 + 20 + 250 = 520 cycles after it is issued,
// later if its bank is busy. Kernel costs: irq entry 50, exit 30 (helpers/nic.ts).
import { beforeAll, describe, expect, test } from "vitest";
import { runMachine, type MachineProbe, type MachineStats, type NicConfig } from "../src/index.js";
import {
  NicReg, mmio, driverCpu, timedTask, constantTraffic, nicRun, payloadOf, packetChecker, rssReference, type PacketCheck,
} from "./helpers/nic.js";
import { store, loadCheck, compute } from "./helpers/programs.js";

async function run(r: ReturnType<typeof nicRun>): Promise<{ st: MachineStats; probe: MachineProbe }> {
  let probe!: MachineProbe;
  const st = await runMachine(r, { inspect: (p) => (probe = p) });
  expect(st.stopReason).toBe("finished");
  return { st, probe };
}

const oneQueue = (traffic: NicConfig["traffic"], more: Partial<NicConfig> = {}): NicConfig => ({ queues: 1, flows: 1, rxUsecs: 0, rxFrames: 1, traffic, ...more });

/** Everything a run reports except how it was executed. */
const result = (s: MachineStats) => JSON.stringify({ ...s, work: undefined });

let check: PacketCheck;
beforeAll(async () => {
  check = await packetChecker();
});

describe("DMA order: data, then the descriptor", () => {
  test("a 1514-byte frame's descriptor is written when its last line's DMA completes, and is visible 520 cycles later", async () => {
    // 24 lines (23 whole, one partial of 42 bytes) reach the uncore at 250, six per bank; each bank
    // starts one every 2 cycles, so the last lookups start at 260 and end at 280: last DMA_DONE at 530.
    // The descriptor is issued then, arrives 780, is written at 800, and its DMA_DONE is back at 1050.
    const { st, probe } = await run(nicRun(oneQueue(constantTraffic(1, 1514, 1000))));
    const d = probe.nicRing(0).descriptors[0];
    expect([d.arrival, d.dataDone, d.descIssued, d.visible]).toEqual([0, 530, 530, 1050]);
    expect(st.regions["rxq0 buffers"].dmaWriteLines).toBe(24);
    expect(st.regions["rxq0 descriptors"].dmaWriteLines).toBe(1);
  });

  test("a 60-byte frame is one partial line: data done at 520, descriptor visible at 1040, interrupt at the CPU at 1290", async () => {
    const { st, probe } = await run(nicRun(oneQueue(constantTraffic(1, 60, 1000)), 1, [driverCpu(0)]));
    const d = probe.nicRing(0).descriptors[0];
    expect([d.dataDone, d.descIssued, d.visible, d.length, d.dd]).toEqual([520, 520, 1040, 60, true]);
    // rxFrames 1: the interrupt fires at 1040 and reaches the idle CPU one I/O hop later
    // idle until the interrupt reaches it at 1290, 81 cycles in the handler (entry 50, the unmask's MMIO 1,
    // exit 30), then idle again until the run ends (its last wait is charged at the end)
    expect(st.cpus[0].idleCycles).toBe(1290 + (st.finalTime - 1290 - 81));
    expect(st.finalTime).toBe(1590);
    expect(st.steps[0].irq_entry).toEqual({ cycles: 50, count: 1 });
  });

  test("no descriptor is issued with data outstanding, even when DMA must first invalidate CPUs' copies; write-back stays in ring order", async () => {
    // ring 64, 1514-byte frames every 30 cycles. After the first lap the CPU reads the first line of every
    // even slot's buffer, then posts the whole ring again (tail 128). In the second lap each even slot's
    // first line must be invalidated before the NIC's write lands, so its data finishes after the odd
    // slot behind it — whose descriptor must wait (ready) until the even one's is written
    const evenFirstLines = Array.from({ length: 32 }, (_, k) => ({ op: "load" as const, independent: true, at: { region: "rxq0 buffers", offset: 2 * k * 2048 } }));
    const task = timedTask({ after: 3000, ops: evenFirstLines }, { after: 0, ops: [mmio(NicReg.rxTail, 0, 128)] });
    const nic = oneQueue(constantTraffic(200, 1514, 30), { ringEntries: 64 });
    const { st, probe } = await run(nicRun(nic, 1, [driverCpu(null, task)]));
    expect(st.regions["rxq0 buffers"].dmaInvalidations).toBe(32);
    expect(st.nic!.totals).toMatchObject({ delivered: 128, descriptorsBeforeData: 0 });
    const ring = probe.nicRing(0).descriptors; // all 64 from the second lap
    expect(ring.every((d) => d.state === "done" && d.descIssued >= d.dataDone && d.visible > d.descIssued)).toBe(true);
    expect(ring.filter((d) => d.descIssued > d.dataDone).length).toBeGreaterThan(0); // some waited their turn
    for (let i = 1; i < 64; i++) expect(ring[i].descIssued).toBeGreaterThanOrEqual(ring[i - 1].descIssued);
    // the debug build (assertions on, coherence and data-value checks after every transition) agrees
    const debug = await runMachine(nicRun(nic, 1, [driverCpu(null, task)]), { build: "debug" });
    expect([debug.global.swmrViolations, debug.global.dataValueViolations]).toEqual([0, 0]);
    expect(result(debug)).toBe(result(st));
  });
});

describe("rings carry real frames", () => {
  test("every packet the NIC puts in a ring is a valid frame of its flow, in order per flow", async () => {
    // 4 queues, 16 flows, 240 frames of 1000 bytes (15 lines and a partial one); rings of 512 hold them all
    const frameBytes = 1000, seed = 77;
    const nic: NicConfig = { queues: 4, flows: 16, rxUsecs: 5, traffic: constantTraffic(240, frameBytes, 300, seed) };
    const { st, probe } = await run(nicRun(nic));
    expect(st.nic!.totals).toMatchObject({ offered: 240, delivered: 240, dropped: 0, inFlight: 0 });
    const next = new Map<number, number>(); // flow → next expected stream offset
    let checked = 0;
    for (let q = 0; q < 4; q++) {
      const ring = probe.nicRing(q);
      for (const d of ring.descriptors.slice(0, ring.head)) {
        expect(d.dd).toBe(true);
        expect(d.queue).toBe(q);
        expect(d.length).toBe(frameBytes);
        const frame = probe.bytes({ region: `rxq${q} buffers`, offset: d.index * 2048 }, d.length);
        const expected = next.get(d.flow) ?? 0;
        expect(check(frame, probe.nicFlowTuple(d.flow), d.flow, expected, seed)).toBe(0);
        next.set(d.flow, expected + payloadOf(frameBytes));
        checked++;
      }
    }
    expect(checked).toBe(240);
    expect([...next.values()]).toEqual(Array(16).fill(15 * payloadOf(frameBytes))); // 240 / 16 packets each
  });
});

describe("the ring and its tail", () => {
  test("a full ring drops and counts: 64 descriptors, no driver, 100 packets → 64 delivered, 36 dropped", async () => {
    const { st, probe } = await run(nicRun(oneQueue(constantTraffic(100, 60, 100), { ringEntries: 64 })));
    expect(st.nic!.queues[0]).toMatchObject({ offered: 100, delivered: 64, dropped: 36, droppedBy: { rx_ring_full: 36 }, inFlight: 0 });
    const t = st.nic!.totals;
    expect(t.offered).toBe(t.delivered + t.dropped + t.inFlight);
    expect(probe.nicRing(0)).toMatchObject({ head: 64, tail: 64, wbNext: 64 });
  });

  test("a run cut off by its end time counts the packets still being written as in flight, not lost", async () => {
    // packets every 100 cycles; each is visible 1040 cycles after it arrives. At the end time, 1000,
    // packets 0–9 have arrived and none is visible yet
    const st = await runMachine({ ...nicRun(oneQueue(constantTraffic(50, 60, 100))), endTime: 1000 });
    expect(st.stopReason).toBe("endTime");
    expect(st.nic!.totals).toMatchObject({ offered: 10, delivered: 0, dropped: 0, inFlight: 10 });
  });

  test("a driver that advances the tail by MMIO lets more packets in", async () => {
    // packets every 100 cycles from 0; the ring of 64 is full after packet 63 (at 6300). The task
    // computes until 8000 and writes tail = 100 (36 more descriptors), which lands at 8250: packets
    // 64–82 (6400–8200) are dropped, 83–99 (8300–9900) accepted
    const task = timedTask({ after: 8000, ops: [mmio(NicReg.rxTail, 0, 100)] });
    const { st, probe } = await run(nicRun(oneQueue(constantTraffic(100, 60, 100), { ringEntries: 64 }), 1, [driverCpu(null, task)]));
    expect(st.nic!.queues[0]).toMatchObject({ offered: 100, delivered: 81, dropped: 19 });
    expect(st.nic!.mmioWrites).toBe(1);
    const ring = probe.nicRing(0);
    expect([ring.head, ring.tail]).toEqual([81, 100]);
    expect(ring.descriptors[16].arrival).toBe(9900); // head 80 wrapped to slot 16: packet 99
  });

  test("a timeline of tail writes at chosen times: each write admits exactly the packets that arrive after it lands", async () => {
    // ring 64, 200 packets every 100 cycles. Step 1 computes 0–10000 and writes tail 96 at 10000 (lands
    // 10250: packets 103–134 get the 32 new descriptors). Packet 0's interrupt reached this CPU at 1290
    // and is taken at the end of step 1: entry 10001–10051, exit 10051–10081. Step 2 computes until
    // 15081 and writes tail 160, landing at 15331: packets 154–199 (46) fit in the 64 new descriptors
    const task = timedTask({ after: 10000, ops: [mmio(NicReg.rxTail, 0, 96)] }, { after: 5000, ops: [mmio(NicReg.rxTail, 0, 160)] });
    const { st, probe } = await run(nicRun(oneQueue(constantTraffic(200, 60, 100), { ringEntries: 64 }), 1, [driverCpu(null, task)]));
    expect(st.nic!.queues[0].delivered).toBe(64 + 32 + 46);
    expect(st.nic!.queues[0].droppedBy.rx_ring_full).toBe(200 - 142);
    expect(st.steps[0].script0).toEqual({ cycles: 10001 + 5001, count: 2 }); // the interrupt is not the task's
    const arrivals = probe.nicRing(0).descriptors.map((d) => d.arrival);
    expect([arrivals[0], arrivals[31], arrivals[32], arrivals[63]]).toEqual([18600, 13400, 15400, 18500]);
  });
});

describe("steering", () => {
  test("RSS puts each flow on the queue its Toeplitz hash selects, and spreads 64 flows over 4 queues", async () => {
    const nic: NicConfig = { queues: 4, flows: 64, rxUsecs: 5, traffic: constantTraffic(256, 60, 200) };
    const { st, probe } = await run(nicRun(nic));
    const rss = await rssReference(4);
    const flowsOn = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
    for (let q = 0; q < 4; q++) {
      const ring = probe.nicRing(q);
      for (const d of ring.descriptors.slice(0, ring.head)) {
        const expected = rss(probe.nicFlowTuple(d.flow));
        expect({ flow: d.flow, queue: q, hash: d.rssHash }).toEqual({ flow: d.flow, queue: expected.queue, hash: expected.hash });
        flowsOn[q].add(d.flow);
      }
    }
    expect(st.nic!.totals.delivered).toBe(256);
    const spread = flowsOn.map((s) => s.size);
    expect(spread.reduce((a, b) => a + b)).toBe(64);
    for (const n of spread) expect(n).toBeGreaterThanOrEqual(8); // no queue starved (equal share is 16)
    expect(st.nic!.queues.map((c) => c.delivered)).toEqual(spread.map((n) => 4 * n)); // 4 packets per flow
  });

  test("aRFS: after a CPU's ARFS_SET for a flow, that flow's packets land on the requested queue", async () => {
    // one flow, packets every 100 cycles; the CPU writes ARFS_SET at 0, which lands at 250:
    // packets 0–2 follow RSS, packets 3–19 go to the requested queue
    const rss = await rssReference(4);
    const probeRun = await run(nicRun({ queues: 4, flows: 1, rxUsecs: 5, traffic: constantTraffic(1, 60, 100) }));
    const home = rss(probeRun.probe.nicFlowTuple(0)).queue;
    const target = (home + 1) % 4;
    const task = timedTask({ after: 0, ops: [mmio(NicReg.arfsSet, 0, target)] });
    const { st } = await run(nicRun({ queues: 4, flows: 1, rxUsecs: 5, traffic: constantTraffic(20, 60, 100) }, 1, [driverCpu(null, task)]));
    const delivered = st.nic!.queues.map((c) => c.delivered);
    expect(delivered[home]).toBe(3);
    expect(delivered[target]).toBe(17);
    expect(st.nic!.mmioErrors).toBe(0);
  });
});

describe("interrupt moderation", () => {
  test("rxFrames = 8 with a long delay: 80 back-to-back packets give 10 interrupts", async () => {
    // frames become visible every 100 cycles; the 8th fires, the CPU unmasks 550 cycles later
    // (250 to the CPU, 50 of irq entry, 250 back), by which time 5 more are pending: they count towards
    // the next 8, so every interrupt covers exactly 8 frames
    const nic = oneQueue(constantTraffic(80, 60, 100), { rxFrames: 8, rxUsecs: 10_000 });
    const { st } = await run(nicRun(nic, 1, [driverCpu(0)]));
    expect(st.nic!.queues[0].interrupts).toBe(10);
    expect(st.steps[0].irq_entry.count).toBe(10);
  });

  test("rxFrames large and rxUsecs short: interrupts ≈ duration / rxUsecs", async () => {
    // 1000 frames every 100 cycles, visible from 1040 to 100940; rxUsecs 2 = 5000 cycles at 2.5 GHz.
    // First interrupt 5000 after the first frame (6040); the next frame (6140) starts the next delay:
    // interrupts at 6040 + 5100k, the last at 102940 covering the frame of 100940 → k = 0 … 19
    const nic = oneQueue(constantTraffic(1000, 60, 100), { rxFrames: 100_000, rxUsecs: 2, ringEntries: 1024 });
    const { st } = await run(nicRun(nic, 1, [driverCpu(0)]));
    const duration = 1000 * 100;
    expect(st.nic!.queues[0].interrupts).toBe(20);
    expect(Math.abs(st.nic!.queues[0].interrupts - duration / 5000)).toBeLessThanOrEqual(1);
  });

  test("a queue nobody unmasks interrupts once: the handler's MMIO is what re-enables it", async () => {
    const { st } = await run(nicRun(oneQueue(constantTraffic(50, 60, 100)), 1, [driverCpu(null)]));
    expect(st.nic!.queues[0].interrupts).toBe(1);
    expect(st.nic!.queues[0].delivered).toBe(50);
  });

  test("a CPU whose hardirq unmasks the queue receives exactly the interrupts the NIC counts (Poisson arrivals)", async () => {
    const traffic = { packets: 600, packetSize: { kind: "fixed" as const, bytes: 304 }, arrival: { kind: "poisson" as const, meanGapCycles: 150 }, seed: 5 };
    const nic: NicConfig = { queues: 2, flows: 8, rxFrames: 6, rxUsecs: 1, irqCpu: [0, 1], traffic };
    const { st } = await run(nicRun(nic, 2, [driverCpu(0), driverCpu(1)]));
    const irqs = st.nic!.queues.map((q) => q.interrupts);
    expect(irqs[0]).toBeGreaterThan(10);
    expect(irqs[1]).toBeGreaterThan(10);
    expect([st.steps[0].irq_entry.count, st.steps[1].irq_entry.count]).toEqual(irqs);
    expect(st.nic!.totals).toMatchObject({ offered: 600, delivered: 600, inFlight: 0 });
  });

  test("each queue's interrupt goes to the CPU its vector is affine to", async () => {
    // vector q → CPU irqCpu[q]; each CPU's handler unmasks only the queue routed to it, so an interrupt
    // sent to the wrong CPU would leave its queue masked for good
    const irqCpu = [2, 0, 3, 1];
    const nic: NicConfig = { queues: 4, flows: 64, rxFrames: 4, rxUsecs: 2, irqCpu, traffic: constantTraffic(800, 60, 50) };
    const programs = [0, 1, 2, 3].map((cpu) => driverCpu(irqCpu.indexOf(cpu)));
    const { st } = await run(nicRun(nic, 4, programs));
    for (let q = 0; q < 4; q++) {
      const n = st.nic!.queues[q].interrupts;
      expect(n).toBeGreaterThan(5);
      expect(st.steps[irqCpu[q]].irq_entry.count).toBe(n);
    }
  });
});

describe("arrivals", () => {
  test("Poisson arrivals keep the configured mean gap, and the same seed gives the same times", async () => {
    const traffic = (seed: number) => ({ packets: 2000, packetSize: { kind: "fixed" as const, bytes: 64 }, arrival: { kind: "poisson" as const, meanGapCycles: 500 }, seed });
    const last = async (seed: number) => {
      const { probe } = await run(nicRun(oneQueue(traffic(seed), { ringEntries: 2048 })));
      return probe.nicRing(0).descriptors[1999].arrival;
    };
    const a = await last(3);
    // 1999 gaps of mean 500: the sum's standard deviation is 500·√1999 ≈ 22,400, about 2.2%
    expect(a / 1999).toBeGreaterThan(500 * 0.93);
    expect(a / 1999).toBeLessThan(500 * 1.07);
    expect(await last(3)).toBe(a);
    expect(await last(4)).not.toBe(a);
  });
});

describe("schedulers", () => {

  test("a busy CPU takes the NIC's interrupt at the same step boundary in-thread and with workers", async () => {
    // the task's step k stores k and computes 6 cycles: it runs 7k – 7k+7. A 60-byte frame is visible at
    // 1040; its interrupt reaches the CPU at 1290, during step 184 (1288–1295), and is taken when it ends:
    // the handler reads 184. (The in-thread scheduler once let a CPU run up to 30 cycles past an
    // interrupt's arrival, bounding the device only through the uncore; the handler then read 188.)
    const at = { region: "word", offset: 0 };
    const task = Array.from({ length: 400 }, (_, k) => ({ step: 0, ops: [store(at, k), compute(6)], next: k + 1 < 400 ? k + 1 : "done" as const }));
    const hardirq = [{ step: 1, ops: [loadCheck(at, 184)], next: "done" as const }];
    const r = { ...nicRun(oneQueue(constantTraffic(1, 60, 100)), 1, [{ ...driverCpu(null, task), hardirq }]), regions: [{ name: "word", bytes: 4096 }] };
    for (const options of [{}, { scheduler: "workers" as const, workers: 1 }, { scheduler: "workers" as const, workers: 2 }]) {
      const st = await runMachine(r, options);
      expect([st.cpus[0].checksPassed, st.cpus[0].checkFailures]).toEqual([1, 0]);
      expect(st.finalTime).toBe(400 * 7 + 50 + 4 + 30); // + entry, the handler's L1 hit, exit
    }
  });

  test.each([1, 2, 3])("a NIC run gives byte-identical statistics in-thread and on %i worker(s)", async (workers) => {
    // Poisson traffic on 4 queues; each CPU unmasks its queue in the hardirq and, from its task, reads
    // descriptors and buffers in small steps and re-posts the ring — interrupts land between busy steps
    const task = (q: number) => timedTask(
      ...Array.from({ length: 30 }, (_, k) => ({
        after: 40,
        ops: [
          { op: "load" as const, at: { region: `rxq${q} descriptors`, offset: (k % 64) * 16 } },
          { op: "load" as const, at: { region: `rxq${q} buffers`, offset: (k % 64) * 2048 } },
          ...(k % 10 === 9 ? [mmio(NicReg.rxTail, q, 64 * (k + 1) / 10 + 64)] : []),
        ],
      })),
    );
    const traffic = { packets: 400, packetSize: { kind: "fixed" as const, bytes: 704 }, arrival: { kind: "poisson" as const, meanGapCycles: 60 }, seed: 11 };
    const nic: NicConfig = { queues: 4, ringEntries: 64, flows: 24, rxFrames: 3, rxUsecs: 1, traffic };
    const r = nicRun(nic, 4, [0, 1, 2, 3].map((q) => driverCpu(q, task(q))));
    const inThread = await runMachine(r);
    expect(inThread.stopReason).toBe("finished");
    expect(inThread.nic!.totals.interrupts).toBeGreaterThan(20);
    const parallel = await runMachine(r, { scheduler: "workers", workers });
    expect(result(parallel)).toBe(result(inThread));
  });
});
