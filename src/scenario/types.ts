// The types that join a scenario file to a run and a run to its result:
//
//   scenario file ──(scenario/schema.ts, resolve.ts)──▶ ResolvedScenario ──(paths/run-variant.ts)──▶ VariantRaw
//   VariantRaw[] ──(results/build.ts)──▶ NetchanResult (`netchan-result/1`, DESIGN.md)
//
// One file so the three stages agree on one vocabulary. No logic here.

import type { MachineProfile } from "../config/machine.js";
import type { Tuple4 } from "../nic/flows.js";
import type { RunProgress } from "../machine/spec.js";

/** The receive paths a variant can run. */
export const CLASSIC_PATHS = ["classic-cross", "classic-affine", "classic-rss", "classic-rps", "classic-rfs", "classic-arfs"] as const;
export type ClassicPath = (typeof CLASSIC_PATHS)[number];
/** Van Jacobson's net channels: where the channel's consumer runs the protocol (docs/channels.md). */
export const CHANNEL_PATHS = ["channel-softirq", "channel-socket", "channel-user"] as const;
export type ChannelPath = (typeof CHANNEL_PATHS)[number];
export type PathKind = ClassicPath | ChannelPath;

/** A channel variant's ring and how packets get into it. */
export interface ChannelSpec {
  /** Slots in each channel's ring: a power of two. Default 512 (256 pages of 4 KiB, 2 KiB slots). */
  slots: number;
  /** The consumer gives slots back in batches of this many (advancing its index once per batch). */
  releaseBatch: number;
  /** Producer and consumer variables on one cache line (the false sharing the design avoids). */
  sharedIndexLine: boolean;
  /** Where the consumer's wake count lives: on the consumer's index line (Van Jacobson's layout, the
   *  default) or on a line of its own (as AF_XDP keeps its need_wakeup flags, net/xdp/xsk_queue.h). */
  wakeLine: "consumer" | "own";
  /** "buffers": the slots are the packet buffers; "pointers": a ring of pointers to separately
   *  allocated buffers (the pointer-oriented alternative of the debate). */
  ringKind: "buffers" | "pointers";
  /** Who classifies packets into channels: the NIC (no CPU cost) or the driver on the IRQ CPU. */
  classifier: "nic" | "software";
  /** An empty channel's consumer sleeps (asking for a wakeup) or polls. */
  wait: "sleep" | "poll";
  /** Where netfilter runs: not at all, on the IRQ CPU before the channel, or in the consumer. */
  netfilterAt: "none" | "before-channel" | "in-consumer";
}

/** Size of each frame, in bytes on the wire including the 4-byte FCS (64–1518). */
export type PacketSize =
  | { kind: "fixed"; bytes: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "mix"; sizes: { bytes: number; weight: number }[] };

/** When packets arrive, in cycles of the machine's clock (the scenario's units are resolved to cycles). */
export type Arrival =
  | { kind: "constant"; gapCycles: number }
  | { kind: "poisson"; meanGapCycles: number }
  /** Bursts: `onCycles` of arrivals `gapCycles` apart, then `offCycles` of silence, repeated. */
  | { kind: "onoff"; gapCycles: number; onCycles: number; offCycles: number };

/** The workload every variant of a scenario receives. */
export interface ResolvedWorkload {
  flows: Tuple4[];
  packetSize: PacketSize;
  arrival: Arrival;
  /** Offered load as given, for the result's record (e.g. { lineRate: "10GbE" }). */
  load: Record<string, unknown>;
  seed: number;
  /** Packets before the measured ones: they warm caches and rings and are excluded from statistics. */
  warmupPackets: number;
  /** Measured packets offered (after the warm-up), or, when the run is given in simulated time, null. */
  packets: number | null;
  /** Arrivals stop after this simulated time (cycles) when the run is given in time; else null. */
  untilCycles: number | null;
  /** The application's own work per received packet, cycles. */
  appWorkCycles: number;
}

/** An application thread: pinned to a CPU, reading the flows listed (indices into workload.flows). */
export interface AppSpec {
  cpu: number;
  flows: number[];
}

export interface NetfilterSpec {
  /** Rules every packet traverses in the INPUT chain, each with a packet counter. */
  rules: number;
  /** Connection tracking: a lookup in the shared conntrack hash per packet. */
  conntrack: boolean;
  /** Some rules rewrite destinations (NAT): netfilter must then run before the packet is steered. */
  nat?: boolean;
}

/** One variant, with every default applied (scenario/resolve.ts documents the defaults per path). */
export interface ResolvedVariant {
  name: string;
  path: PathKind;
  /** NIC receive queues; queue q's MSI-X vector is affine to irqCpu[q]. */
  queues: number;
  irqCpu: number[];
  /** The RSS indirection table (128 entries of queue numbers). */
  rssTable: number[];
  /** RPS/RFS: the CPUs the IRQ CPU may steer to (rps_cpus), or null when software steering is off. */
  rpsCpus: number[] | null;
  /** RFS: steer to the CPU where the flow's consumer last ran (classic-rfs, classic-arfs). */
  rfs: boolean;
  /** Accelerated RFS: program the NIC to steer the flow to that CPU's queue (classic-arfs). */
  arfs: boolean;
  netfilter: NetfilterSpec | null;
  nic: { ringEntries: number; bufferBytes: number; rxUsecs: number; rxFrames: number };
  apps: AppSpec[];
  /** The channel, for channel paths (null for classic ones). One channel per application. */
  channel: ChannelSpec | null;
  /** What the reader of the result must know about this variant (e.g. an unsafe netfilter placement). */
  warnings: string[];
}

export interface ResolvedScenario {
  /** The scenario file as given on the command line (messages and the result name it). */
  file: string;
  name: string;
  description?: string;
  /** The machine profile's name and the validated profile (with its `kernel` costs). */
  machineName: string;
  machine: MachineProfile;
  workload: ResolvedWorkload;
  variants: ResolvedVariant[];
  /** The file's `expect` list, as given (results/expectations.ts checks them after the runs); [] if none. */
  expectations: Expectation[];
}

/** How an expectation compares the variant's figure with the expected one. */
export const EXPECTATION_OPS = ["<", "<=", ">", ">=", "=="] as const;
export type ExpectationOp = (typeof EXPECTATION_OPS)[number];

/** A claim about one variant's result: `variant`'s figure at `metric` (a dotted path into its result,
 *  e.g. `cyclesPerPacket.total`) `op` a fixed `value`, or `op` another variant's figure × `factor`. */
export type Expectation = { variant: string; metric: string; op: ExpectationOp } & (
  | { value: number }
  | { relativeTo: { variant: string; factor: number } }
);

/** What one variant's run measured, from the end of the warm-up to the end of the drain. Counts are raw
 *  totals over that interval; results/build.ts divides them into per-packet figures. */
export interface VariantRaw {
  name: string;
  path: PathKind;
  /** Simulated cycles from the warm-up snapshot to the end of the run. */
  measuredCycles: number;
  clockGHz: number;
  packets: {
    /** Measured packets that arrived on the wire. */
    offered: number;
    /** Measured packets whose payload reached the application, checked. */
    delivered: number;
    /** Measured packets dropped, by reason (rx_ring_full, backlog_full, …); every reason the path has, zeros included. */
    dropped: Record<string, number>;
    /** Delivered packets whose bytes or order the application found wrong (must be 0). */
    payloadErrors: number;
    orderErrors: number;
  };
  /** Per CPU: cycles charged to each step and how many times it ran (only steps that ran). */
  steps: Record<string, { cycles: number; count: number }>[];
  /** Per CPU: busy and idle cycles over the measured interval, and the core's counters. */
  cpus: { busyCycles: number; idleCycles: number; counters: Record<string, number> }[];
  /** Per data structure (a named region of simulated memory): RegionStat name → count. */
  structures: Record<string, Record<string, number>>;
  /** Latency from the wire to the data in the application, cycles, over delivered measured packets. */
  latencyCycles: { p50: number; p99: number; max: number };
  /** Interrupts the NIC raised and IPIs CPUs sent, over the measured interval. */
  interrupts: { nic: number; ipi: number };
  /** How the run was executed: differs by scheduler, reported only in the result's `host` section. */
  work: { events: number; windows: number; runSeconds: number; workers: number };
}

export interface RunScenarioOptions {
  scheduler?: "inthread" | "workers";
  workers?: number;
  /** Overrides of the scenario (the CLI's --packets and --seed). */
  packets?: number;
  seed?: number;
  /** Called as each variant finishes (progress display). */
  onVariant?: (raw: VariantRaw, index: number, total: number) => void;
  /** Called now and then while a variant runs (a progress bar); reading only, it changes no result. */
  onProgress?: (progress: RunProgress) => void;
}

/** The kernel's costs in a machine profile (`kernel` section; src/config/kernel.ts validates them and
 *  gives each default's source). Cycles are core cycles of the step's own code — its memory accesses are
 *  simulated on top, through the caches. Counts are the kernel's limits. */
export interface KernelCosts {
  // interrupts and softirqs
  irqEntry: number;
  irqExit: number;
  softirqEntry: number;
  /** The driver's MSI-X handler: mask the queue, napi_schedule (ixgbe_msix_clean_rings). */
  napiIrq: number;
  /** net_rx_action's per-napi-poll overhead (one poll call). */
  napiPoll: number;
  // per packet, in the softirq
  /** Driver RX per descriptor: read it, build the skb around the buffer (ixgbe_clean_rx_irq). */
  driverRx: number;
  /** Giving a descriptor back to the NIC (per descriptor; the tail write is an MMIO on top). */
  ringRefill: number;
  skbAlloc: number;
  /** eth_type_trans + ip_rcv + ip_rcv_finish (without the route lookup). */
  ethIpRcv: number;
  /** Netfilter: the hook traversal, each rule's match, the conntrack lookup. */
  netfilterHook: number;
  netfilterRule: number;
  conntrack: number;
  routeLookup: number;
  /** __inet_lookup_established. */
  tcpLookup: number;
  /** tcp_v4_rcv + tcp_rcv_established on the fast path, without the queueing. */
  tcpRcv: number;
  sockEnqueue: number;
  /** try_to_wake_up on the waker's side. */
  wakeup: number;
  /** RPS/RFS: get_rps_cpu + enqueue_to_backlog on the IRQ CPU. */
  rpsEnqueue: number;
  /** process_backlog's per-packet dequeue on the target CPU. */
  backlogDequeue: number;
  // the application's side
  syscallEntry: number;
  syscallExit: number;
  /** tcp_recvmsg's bookkeeping per skb, without the copy. */
  recvDequeue: number;
  // net channels
  /** The producer's work per packet: get a buffer, publish it (vj_get_buffer, vj_netif_rx). */
  chanProduce: number;
  /** The consumer's work per packet: find the next slot, and per release batch, give slots back. */
  chanConsume: number;
  /** The software classifier's lookup of the transport signature (the driver's hash lookup). */
  chanClassify: number;
  /** A user-space TCP library's receive processing of one segment in place (channel-user). */
  userTcp: number;
  /** Cycles per cache line copied to user space (beyond the accesses themselves). */
  copyPerLine: number;
  skbFree: number;
  contextSwitch: number;
  /** The reschedule IPI's handler (scheduler_ipi). */
  reschedIpi: number;
  /** One iteration of a spin-wait on a contended lock (cpu_relax). */
  spinPause: number;
  // limits
  /** Packets per poll call (NAPI_POLL_WEIGHT). */
  napiWeight: number;
  /** Packets per softirq round (netdev_budget). */
  netdevBudget: number;
  /** Packets a CPU's backlog holds (netdev_max_backlog). */
  netdevMaxBacklog: number;
  /** skbs a CPU's allocation cache holds (NAPI_SKB_CACHE_SIZE) and moves at once (NAPI_SKB_CACHE_BULK). */
  skbCacheSize: number;
  skbCacheBulk: number;
}
