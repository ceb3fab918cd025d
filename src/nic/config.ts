// The NIC of a run (`MachineRun.nic`): its queues, rings, interrupt moderation, steering and the traffic
// it receives. Defaults and their sources are here; checks are in validate.ts; resolveNic() turns a
// checked config into the numbers the module reads (set-up.ts writes them).

import type { MachineProfile } from "../config/machine.js";
import type { PacketSize, Arrival } from "../scenario/types.js";
import { generateFlows, parseFlow, type Tuple4 } from "./flows.js";
import { NIC_ARFS_NONE } from "../../assembly/shared/nic.js";

// The workload's own vocabulary (src/scenario/types.ts), so a scenario's workload and the NIC's traffic
// cannot drift apart.
export type { PacketSize, Arrival };

/** A flow's IPv4 4-tuple as it appears on the wire: dotted-quad addresses, port numbers. */
export interface FlowSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

export interface TrafficSpec {
  /** Each packet's size on the wire, FCS included (64–1518 bytes), drawn per packet: the buffer holds
   *  4 bytes less (nic/packet.ts). */
  packetSize: PacketSize;
  /** When packets arrive, in cycles (nic/arrivals.ts gives the exact rule of each kind). */
  arrival: Arrival;
  /** Packets offered in the run, warm-up included. Exactly one of `packets` and `untilCycles`. */
  packets?: number | null;
  /** No packet arrives at or after this simulated time, cycles. */
  untilCycles?: number | null;
  /** Packets, from arrival index 0, that only warm the machine up; the first measured packet opens the
   *  measured interval (a statistics snapshot). Default 0; fewer than `packets` when that is given. */
  warmupPackets?: number;
  /** Seeds the payload bytes, the generated flows, the Poisson gaps and the packet sizes. */
  seed: number;
}

export interface NicConfig {
  /** Receive queues, 1–16, each with its ring and MSI-X vector (vector number = queue number). */
  queues: number;
  /** Descriptors per ring: a power of two, 64–4096 (ixgbe's limits); default 512 (ixgbe's default). */
  ringEntries?: number;
  /** Bytes per receive buffer: a multiple of the line size that holds a frame; default 2048 (ixgbe). */
  bufferBytes?: number;
  /** Interrupt delay after the first pending frame, µs (ethtool rx-usecs; 0 = frames only). Default 50. */
  rxUsecs?: number;
  /** Frames that fire an interrupt at once (ethtool rx-frames; 0 = delay only). Default 0. */
  rxFrames?: number;
  /** Queue → the CPU its vector is affine to; default queue q → CPU q mod cpus. */
  irqCpu?: number[];
  /** The RSS indirection table, 128 queue numbers; default equal spread (`ethtool -X equal`). */
  rssTable?: number[];
  /** Static flow steering: flow f's packets go to queue flowQueues[f] (null: RSS), as a Flow Director
   *  perfect filter or `ethtool -N … action q` would put them — how net channels get their own queue. */
  flowQueues?: (number | null)[];
  /** The flows: a list of 4-tuples, or how many distinct tuples to generate from the traffic seed. */
  flows: number | FlowSpec[];
  traffic: TrafficSpec;
}

export const NIC_DEFAULTS = {
  /** ixgbe IXGBE_DEFAULT_RXD (REFERENCES.md: default ixgbe ring, 512 RX descriptors [P]). */
  ringEntries: 512,
  /** ixgbe's receive buffer (IXGBE_RXBUFFER_2K) for a 1500-byte MTU. */
  bufferBytes: 2048,
  /** 20,000 interrupts/s, where ixgbe's dynamic ITR starts (IXGBE_20K_ITR; REFERENCES.md [P]). */
  rxUsecs: 50,
  rxFrames: 0,
};

/** Limits of ixgbe's ring sizes (IXGBE_MIN_RXD, IXGBE_MAX_RXD). */
export const RING_MIN = 64;
export const RING_MAX = 4096;
export const NIC_MAX_QUEUES = 16;
/** Ethernet frame sizes, FCS included (IEEE 802.3 §4.4.2), and the FCS the NIC strips (nic/packet.ts). */
export const WIRE_MIN = 64;
export const WIRE_MAX = 1518;
export const FCS_BYTES = 4;
/** Flow numbers travel in the 16-bit queue field of an ARFS_SET write. */
export const MAX_FLOWS = 65536;
export const MAX_RX_USECS = 100_000;

/** A checked config with every default applied, in the module's units. */
export interface ResolvedNic {
  queues: number;
  ringEntries: number;
  bufferBytes: number;
  rxUsecs: number;
  rxFrames: number;
  /** rxUsecs in cycles of the profile's clock. */
  rxDelayCycles: number;
  irqCpu: number[];
  rssTable: number[];
  /** Per flow, its static queue, or NIC_ARFS_NONE (RSS). */
  flowQueues: number[];
  flows: Tuple4[];
  traffic: ResolvedTraffic;
}

/** The traffic with its defaults applied and its sizes in buffer bytes (no FCS). */
export interface ResolvedTraffic {
  packetSize: PacketSize;
  arrival: Arrival;
  /** Exactly one of the two is a number. */
  packets: number | null;
  untilCycles: number | null;
  warmupPackets: number;
  seed: number;
  /** The shortest and longest frame the sizes can draw, in the buffer (wire size − FCS). */
  minFrameBytes: number;
  maxFrameBytes: number;
}

/** The smallest and largest wire sizes (FCS included) a PacketSize can draw. */
export function wireSizeRange(p: PacketSize): { min: number; max: number } {
  if (p.kind === "fixed") return { min: p.bytes, max: p.bytes };
  if (p.kind === "uniform") return { min: p.min, max: p.max };
  const bytes = p.sizes.map((s) => s.bytes);
  return { min: Math.min(...bytes), max: Math.max(...bytes) };
}

function resolveTraffic(t: TrafficSpec): ResolvedTraffic {
  const { min, max } = wireSizeRange(t.packetSize);
  return {
    packetSize: t.packetSize,
    arrival: t.arrival,
    packets: t.packets ?? null,
    untilCycles: t.untilCycles ?? null,
    warmupPackets: t.warmupPackets ?? 0,
    seed: t.seed,
    minFrameBytes: min - FCS_BYTES,
    maxFrameBytes: max - FCS_BYTES,
  };
}

/** Default interrupt affinity: vectors spread over the CPUs in turn. */
export function defaultIrqCpu(queues: number, cpus: number): number[] {
  return Array.from({ length: queues }, (_, q) => q % cpus);
}

/** `ethtool -X equal n`: entry i → queue i mod n (ethtool_rxfh_indir_default, include/linux/ethtool.h). */
export function equalRssTable(queues: number): number[] {
  return Array.from({ length: 128 }, (_, i) => i % queues);
}

/** Applies the defaults to a config validate.ts has accepted. */
export function resolveNic(nic: NicConfig, m: MachineProfile): ResolvedNic {
  const rxUsecs = nic.rxUsecs ?? NIC_DEFAULTS.rxUsecs;
  return {
    queues: nic.queues,
    ringEntries: nic.ringEntries ?? NIC_DEFAULTS.ringEntries,
    bufferBytes: nic.bufferBytes ?? NIC_DEFAULTS.bufferBytes,
    rxUsecs,
    rxFrames: nic.rxFrames ?? NIC_DEFAULTS.rxFrames,
    rxDelayCycles: Math.round(rxUsecs * m.clockGHz * 1000),
    irqCpu: nic.irqCpu ?? defaultIrqCpu(nic.queues, m.cpus),
    rssTable: nic.rssTable ?? equalRssTable(nic.queues),
    flowQueues: (nic.flowQueues ?? []).map((q) => q ?? NIC_ARFS_NONE),
    flows: typeof nic.flows === "number" ? generateFlows(nic.flows, nic.traffic.seed) : nic.flows.map(parseFlow),
    traffic: resolveTraffic(nic.traffic),
  };
}
