// Hand-made scenarios and VariantRaw values for the result and `netchan run` tests: round numbers whose
// per-packet figures can be worked out by hand (the comments give the arithmetic), on the shipped profile's
// 2.5 GHz clock. Nothing here runs the simulator.
import type { ResolvedScenario, ResolvedVariant, VariantRaw } from "../../src/scenario/types.js";
import { defaultProfile } from "./machines.js";

function variant(name: string, path: ResolvedVariant["path"]): ResolvedVariant {
  return {
    name,
    path,
    queues: 1,
    irqCpu: [0],
    rssTable: Array(128).fill(0),
    rpsCpus: null,
    rfs: false,
    arfs: false,
    netfilter: null,
    nic: { ringEntries: 512, bufferBytes: 2048, rxUsecs: 0, rxFrames: 1 },
    apps: [{ cpu: 1, flows: [0] }],
    channel: null,
    warnings: [],
  };
}

/** A scenario on the shipped 2.5 GHz profile with the variants named (name → path). */
export function fakeScenario(variants: [string, ResolvedVariant["path"]][] = [["rss", "classic-rss"], ["cross", "classic-cross"]]): ResolvedScenario {
  return {
    file: "scenarios/fake.json",
    name: "fake",
    description: "hand-made figures",
    machineName: "modern-1s",
    machine: defaultProfile(),
    workload: {
      flows: [{ src: 0x0a000002, dst: 0x0a000001, sport: 40000, dport: 5201 }],
      packetSize: { kind: "fixed", bytes: 1518 },
      arrival: { kind: "constant", gapCycles: 10_000 },
      load: { lineRate: "10GbE" },
      seed: 1,
      warmupPackets: 100,
      packets: 1000,
      untilCycles: null,
      appWorkCycles: 0,
    },
    variants: variants.map(([name, path]) => variant(name, path)),
    expectations: [],
  };
}

/**
 * 1000 offered, 990 delivered, 10 dropped, over 10 000 000 cycles (4 ms at 2.5 GHz):
 * - step cycles: CPU 0 99 000 + 495 000 = 594 000 (600/pkt), CPU 1 1 188 000 + 99 000 = 1 287 000 (1300/pkt),
 *   1900/pkt in all; by step tcp_rcv 1200, driver_rx 594 000/990 = 600, irq_entry 100;
 * - bounces 1980 + 495 = 2475 (2.5/pkt: rx_ring 2, skb 0.5); DMA invalidations 990 (1/pkt);
 *   LLC misses 33 (0.03/pkt, all skb); LLC writes 1000 (1.01/pkt); DRAM reads 10, writes 5 (0.01 each);
 * - latency p50 2501, p99 12 346, max 50 001 cycles = 1000.4, 4938.4, 20 000.4 ns;
 * - throughput 990 / 0.004 s = 247 500 pps; utilisation 0.25 and 6 666 666 / 10⁷ = 0.6667.
 */
export function rssRaw(): VariantRaw {
  return {
    name: "rss",
    path: "classic-rss",
    measuredCycles: 10_000_000,
    clockGHz: 2.5,
    packets: { offered: 1000, delivered: 990, dropped: { rx_ring_full: 6, backlog_full: 4 }, payloadErrors: 0, orderErrors: 0 },
    steps: [
      { irq_entry: { cycles: 99_000, count: 10 }, driver_rx: { cycles: 495_000, count: 990 } },
      { tcp_rcv: { cycles: 1_188_000, count: 990 }, driver_rx: { cycles: 99_000, count: 10 } },
    ],
    cpus: [
      { busyCycles: 2_500_000, idleCycles: 7_500_000, counters: {} },
      { busyCycles: 6_666_666, idleCycles: 3_333_334, counters: {} },
    ],
    structures: {
      rx_ring: { bounces: 1980, dmaInvalidations: 990, llcMisses: 0, llcWrites: 1000, dramReads: 10, dramWrites: 0 },
      skb: { bounces: 495, dmaInvalidations: 0, llcMisses: 33, llcWrites: 0, dramReads: 0, dramWrites: 5 },
      socket: { bounces: 0, dmaInvalidations: 0, llcMisses: 0, llcWrites: 0, dramReads: 0, dramWrites: 0 },
    },
    latencyCycles: { p50: 2501, p99: 12_346, max: 50_001 },
    interrupts: { nic: 99, ipi: 495 },
    work: { events: 123_456, windows: 0, runSeconds: 0.5, workers: 0 },
  };
}

/** A variant that delivered nothing: every one of its 100 packets dropped at the ring. */
export function nothingDeliveredRaw(name = "cross"): VariantRaw {
  return {
    name,
    path: "classic-cross",
    measuredCycles: 1_000_000,
    clockGHz: 2.5,
    packets: { offered: 100, delivered: 0, dropped: { rx_ring_full: 100 }, payloadErrors: 0, orderErrors: 0 },
    steps: [{ irq_entry: { cycles: 5000, count: 50 } }, {}],
    cpus: [
      { busyCycles: 5000, idleCycles: 995_000, counters: {} },
      { busyCycles: 0, idleCycles: 1_000_000, counters: {} },
    ],
    structures: { rx_ring: { bounces: 0, dmaInvalidations: 100 } },
    latencyCycles: { p50: 0, p99: 0, max: 0 },
    interrupts: { nic: 50, ipi: 0 },
    work: { events: 900, windows: 0, runSeconds: 0.1, workers: 0 },
  };
}

/** `raw` renamed, with its packets changed: for integrity failures. */
export function withPackets(raw: VariantRaw, name: string, packets: Partial<VariantRaw["packets"]>): VariantRaw {
  return { ...raw, name, packets: { ...raw.packets, ...packets } };
}
