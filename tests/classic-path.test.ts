// The effects the classic receive path exists to show, each on a small run of the real model: where the
// lines bounce under each steering, NAPI's limits, interrupt moderation, drops when the ring is full, and
// that every packet arrives whole and in order (or is counted dropped) under every variant.
import { describe, expect, test } from "vitest";
import { runMachine } from "../src/runners/run-machine.js";
import { runVariant, variantRun } from "../src/paths/run-variant.js";
import { CLASSIC_PATHS, type ClassicPath, type VariantRaw } from "../src/scenario/types.js";
import { defaultProfile } from "./helpers/machines.js";
import { scenario, type TestScenario } from "./helpers/path-scenarios.js";

async function raw(path: ClassicPath, t: TestScenario = {}): Promise<VariantRaw> {
  const s = scenario([path], t);
  return runVariant(s, s.variants[0]);
}

const perPacket = (r: VariantRaw, structure: string, counter = "bounces") => (r.structures[structure]?.[counter] ?? 0) / r.packets.delivered;
const dropped = (r: VariantRaw) => Object.values(r.packets.dropped).reduce((a, b) => a + b, 0);

describe("where the lines go", () => {
  test("with the IRQ on another CPU, the socket lock and the skb lines bounce on every packet", async () => {
    const r = await raw("classic-cross", { packets: 400, warmupPackets: 100 });
    expect(r.packets.delivered).toBe(400);
    // the socket's lock and queue lines move to the IRQ CPU and back for every packet; the skb written
    // by the IRQ CPU is read and freed by the application's
    expect(perPacket(r, "socket")).toBeGreaterThanOrEqual(2);
    expect(perPacket(r, "skb")).toBeGreaterThanOrEqual(1);
    // and the two CPUs share the work
    expect(r.steps[0].tcp_rcv.count).toBeGreaterThanOrEqual(400); // (and the few warm-up packets still in flight)
    expect(r.steps[1].copy_to_user.count).toBeGreaterThanOrEqual(400);
  });

  test("with IRQ affinity on the application's CPU, socket and skb bounces fall to zero", async () => {
    const r = await raw("classic-affine", { packets: 400, warmupPackets: 100 });
    expect(r.packets.delivered).toBe(400);
    expect(perPacket(r, "socket")).toBe(0);
    expect(perPacket(r, "skb")).toBe(0);
    expect(r.steps[0]).toEqual({}); // CPU 0 does nothing at all
  });

  test("a wakeup on another, idle CPU sends a reschedule IPI; on the same CPU it sends none", async () => {
    const cross = await raw("classic-cross", { packets: 200, gapCycles: 400_000 }); // one packet per interrupt
    expect(cross.interrupts.ipi).toBe(200);
    expect(cross.steps[1].resched_ipi.count).toBe(200);
    expect(perPacket(cross, "run queue")).toBeGreaterThanOrEqual(1); // the waker writes the sleeper's run queue
    const affine = await raw("classic-affine", { packets: 200, gapCycles: 400_000 });
    expect(affine.interrupts.ipi).toBe(0);
  });

  test("RFS runs the protocol on the application's CPU: the socket stops bouncing, the backlog starts", async () => {
    const rps = await raw("classic-rps", { packets: 400, warmupPackets: 100 });
    const rfs = await raw("classic-rfs", { packets: 400, warmupPackets: 100 });
    expect(perPacket(rfs, "socket")).toBe(0);
    expect(perPacket(rps, "socket")).toBeGreaterThan(1);
    expect(perPacket(rfs, "backlog")).toBeGreaterThan(0);
    expect(rfs.steps[1].tcp_rcv.count).toBeGreaterThanOrEqual(400); // all protocol work on CPU 1
  });

  test("aRFS steers each flow to the application's queue: after the warm-up nothing crosses CPUs", async () => {
    const r = await raw("classic-arfs", { packets: 400, warmupPackets: 100 });
    const total = Object.values(r.structures).reduce((a, c) => a + (c.bounces ?? 0), 0);
    expect(total).toBe(0);
    expect(r.steps[1].driver_rx.count).toBeGreaterThanOrEqual(400);
  });
});

describe("NAPI and interrupts", () => {
  const machine = () => {
    const m = defaultProfile();
    return { ...m, kernel: { ...m.kernel, napiWeight: 4, netdevBudget: 10 } };
  };

  test("a poll never takes more than its weight; a round stops once its budget is spent", async () => {
    // 200 back-to-back packets and a 50 µs interrupt delay: every interrupt finds a full batch waiting
    const s = scenario(["classic-cross"], { machine: machine(), packets: 200, gapCycles: 300 });
    const st = await runMachine(variantRun(s, s.variants[0]));
    expect(st.net!.maxPollWork).toBe(4);
    expect(st.net!.maxRoundWork).toBeLessThanOrEqual(10 + 4 - 1);
    expect(st.net!.maxRoundWork).toBeGreaterThanOrEqual(10);
    expect(st.net!.delivered).toBe(200);
  });

  test("interrupt moderation bounds the interrupt rate to one per rxUsecs", async () => {
    // 1000 packets 1 µs apart (2500 cycles at 2.5 GHz): 1 ms of traffic
    for (const rxUsecs of [10, 50, 200]) {
      const r = await raw("classic-affine", { packets: 1000, gapCycles: 2500, rxUsecs });
      expect(r.interrupts.nic).toBeLessThanOrEqual(Math.ceil(1000 / rxUsecs) + 1);
      expect(r.interrupts.nic).toBeGreaterThanOrEqual(Math.floor(1000 / (rxUsecs + 30)));
    }
  });

  test("a full ring drops with rx_ring_full and counts every packet", async () => {
    // a 64-descriptor ring and an application that works 100 µs per packet against arrivals every 1 µs
    const r = await raw("classic-affine", { packets: 500, gapCycles: 2500, ringEntries: 64, appWorkCycles: 250_000 });
    expect(r.packets.dropped.rx_ring_full).toBeGreaterThan(0);
    expect(r.packets.offered).toBe(500);
    expect(r.packets.delivered + dropped(r)).toBe(500);
    expect([r.packets.payloadErrors, r.packets.orderErrors]).toEqual([0, 0]);
  });
});

describe("integrity", () => {
  test.each([...CLASSIC_PATHS])("%s: every offered packet is delivered whole and in order or dropped with a reason", async (path) => {
    const s = scenario([path], { packets: 600, warmupPackets: 50, flows: 6, netfilter: { rules: 5, conntrack: true } });
    s.workload.arrival = { kind: "poisson", meanGapCycles: 6000 };
    s.workload.packetSize = { kind: "uniform", min: 64, max: 1518 };
    const r = await runVariant(s, s.variants[0]);
    expect(r.packets.offered).toBe(600);
    expect(r.packets.delivered + dropped(r)).toBe(600);
    expect([r.packets.payloadErrors, r.packets.orderErrors]).toEqual([0, 0]);
  });

  test("the same seed gives the same measurements in-thread and with workers", async () => {
    for (const path of ["classic-cross", "classic-rps"] as const) {
      const s = scenario([path], { packets: 300, warmupPackets: 50 });
      const a = await runVariant(s, s.variants[0]);
      const b = await runVariant(s, s.variants[0], { scheduler: "workers", workers: 3 });
      expect({ ...b, work: null }).toEqual({ ...a, work: null });
    }
  });
});
