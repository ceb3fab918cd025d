// The NIC of a run (`MachineRun.nic`): its queues, rings, interrupt moderation, steering and the traffic
// it receives. Defaults and their sources are here; checks are in validate.ts; resolveNic() turns a
// checked config into the numbers the module reads (set-up.ts writes them).

import type { MachineProfile } from "../config/machine.js";
import { generateFlows, parseFlow, type Tuple4 } from "./flows.js";

/** A flow's IPv4 4-tuple as it appears on the wire: dotted-quad addresses, port numbers. */
export interface FlowSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

/** Time between packet arrivals: constant, or exponential with a mean (Poisson arrivals). Cycles. */
export type InterArrival = { kind: "constant"; cycles: number } | { kind: "poisson"; meanCycles: number };

export interface TrafficSpec {
  /** Packets offered in the run. */
  packets: number;
  /** Every frame's length as the buffer holds it, 60–1514 bytes (no FCS; nic/packet.ts). */
  frameBytes: number;
  interArrival: InterArrival;
  /** Seeds the payload bytes, the generated flows and the Poisson gaps. */
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
  flows: Tuple4[];
  traffic: TrafficSpec;
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
    flows: typeof nic.flows === "number" ? generateFlows(nic.flows, nic.traffic.seed) : nic.flows.map(parseFlow),
    traffic: nic.traffic,
  };
}
