// Where the kernel's data structures live for a run of the network paths: one named region per structure
// (so every count — bounces, LLC misses, DMA invalidations — is reported by structure), and the host-only
// configuration block the module reads (assembly/shared/net.ts). Sizes follow the kernel's: an skb is four
// lines, a socket four, a run queue two; the counts follow the run (one socket per flow, enough skbs for
// every ring buffer and every CPU cache to be full at once).

import {
  NetCfg, NetDriver, NET_FLOW_BYTES, NET_CPU_BYTES, NET_STATS_BYTES, SKB_BYTES, SOCK_BYTES, RUNQUEUE_BYTES,
  TASK_BYTES, BACKLOG_HEAD_BYTES, NF_RULE_BYTES, CONNTRACK_BYTES, ROUTE_LINES, USER_BUF_BYTES, SKC_IDS, POOL_IDS,
} from "../../assembly/shared/net.js";
import type { RegionSpec } from "../layout/memory-map.js";
import type { AppSpec, ChannelSpec, KernelCosts, NetfilterSpec, PathKind } from "../scenario/types.js";
import { CHAN_HDR_BYTES, NET_CHAN_BYTES } from "../../assembly/shared/net.js";

/** What the network paths of a run need, beyond the NIC (MachineRun.net). */
export interface NetSpec {
  costs: KernelCosts;
  /** One application per CPU at most; each flow read by exactly one application. */
  apps: AppSpec[];
  netfilter: NetfilterSpec | null;
  rpsCpus: number[] | null;
  rfs: boolean;
  arfs: boolean;
  warmupPackets: number;
  appWorkCycles: number;
  path: PathKind;
  /** The channel of a channel path (one per application), or null. */
  channel: ChannelSpec | null;
  /** Where the channels' free-running indices start (default 0; tests start near 2^32 to cross the wrap). */
  channelIndexStart?: number;
  /** The machine's clock (busy-poll time in cycles). */
  clockGHz: number;
}

/** rps_sock_flow_entries as scaling.rst suggests for a moderately loaded server (REFERENCES.md). */
export const RPS_SOCK_FLOW_ENTRIES = 32768;
/** A socket's receive buffer: tcp_rmem's default, 131072 bytes (net.ipv4.tcp_rmem = 4096 131072 6291456,
 *  Documentation/networking/ip-sysctl.rst); autotuning, which would grow it, is not modelled. */
export const TCP_RMEM_DEFAULT = 131072;

/** Packets a socket queues before TCP drops: the receive buffer over a packet's truesize (its buffer
 *  and its skb). */
export const sockRcvLimit = (bufferBytes: number) => Math.floor(TCP_RMEM_DEFAULT / (bufferBytes + SKB_BYTES));

const align = (n: number, a: number) => Math.ceil(n / a) * a;
const pow2AtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** The counts the layout derives from the run. */
export interface NetSizes {
  cpus: number;
  flows: number;
  queues: number;
  ringEntries: number;
  bufferBytes: number;
  sockRcvLimit: number;
  /** skbs (each with its buffer): every descriptor's, every socket queue and backlog full, every CPU's
   *  cache full — so allocation never fails. */
  skbCount: number;
  driverStride: number;
  skbCacheStride: number;
  sockQueueSlots: number;
  ehashBuckets: number;
  conntrackBuckets: number;
  nfRules: number;
  nfCountersStride: number;
  backlogSlots: number;
  /** Channels (one per application on a channel path, else 0), their slots and slot size. */
  channels: number;
  chanSlots: number;
  chanSlotBytes: number;
  chanTableBuckets: number;
}

export function netSizes(net: NetSpec, cpus: number, flows: number, queues: number, ringEntries: number, bufferBytes: number, line: number): NetSizes {
  const c = net.costs;
  const limit = sockRcvLimit(bufferBytes);
  const backlogs = net.rpsCpus ? cpus * c.netdevMaxBacklog : 0;
  const channels = net.channel ? net.apps.length : 0;
  const chanSlots = net.channel?.slots ?? 0;
  // a pointers ring holds skbs (with their buffers) until the reader frees them
  const inChannels = net.channel?.ringKind === "pointers" ? channels * chanSlots : 0;
  const skbCount = queues * ringEntries + flows * limit + backlogs + inChannels + cpus * (c.skbCacheSize + c.skbCacheBulk + 1);
  const nfRules = net.netfilter?.rules ?? 0;
  return {
    cpus, flows, queues, ringEntries, bufferBytes, sockRcvLimit: limit, skbCount,
    driverStride: align(NetDriver.skbs + ringEntries * 4, 64),
    skbCacheStride: align(SKC_IDS + c.skbCacheSize * 4, line),
    sockQueueSlots: pow2AtLeast(limit),
    ehashBuckets: pow2AtLeast(Math.max(64, 2 * flows)),
    conntrackBuckets: pow2AtLeast(Math.max(64, 2 * flows)),
    nfRules,
    nfCountersStride: align(Math.max(1, nfRules) * 16, line),
    backlogSlots: pow2AtLeast(c.netdevMaxBacklog),
    channels,
    chanSlots,
    chanSlotBytes: bufferBytes,
    chanTableBuckets: pow2AtLeast(Math.max(64, 2 * flows)),
  };
}

/** The structures' regions, in the order a packet meets them. */
export function netRegions(s: NetSizes): RegionSpec[] {
  const r = (name: string, bytes: number): RegionSpec => ({ name, bytes: Math.max(64, bytes) });
  return [
    r("packet buffers", s.skbCount * s.bufferBytes),
    r("skb", s.skbCount * SKB_BYTES),
    r("skb cache", s.cpus * s.skbCacheStride),
    r("skb pool", POOL_IDS + s.skbCount * 4),
    r("rps map", 64),
    r("rps flow table", RPS_SOCK_FLOW_ENTRIES * 4),
    r("rps dev flow", s.flows * 4),
    r("backlog", s.cpus * (BACKLOG_HEAD_BYTES + s.backlogSlots * 4)),
    r("conntrack", align(s.conntrackBuckets * 8, 64) + s.flows * CONNTRACK_BYTES),
    r("netfilter rules", s.nfRules * NF_RULE_BYTES),
    r("netfilter counters", s.cpus * s.nfCountersStride),
    r("route table", ROUTE_LINES * 64),
    r("tcp ehash", s.ehashBuckets * 8),
    r("socket", s.flows * SOCK_BYTES),
    r("socket queue", s.flows * s.sockQueueSlots * 4),
    r("task", s.cpus * TASK_BYTES),
    r("run queue", s.cpus * RUNQUEUE_BYTES),
    r("user buffer", s.cpus * USER_BUF_BYTES),
  ];
}

/** A channel path's structures: the producer's and the consumer's lines (one region when they share a
 *  line; the consumer's wake count on a line of its own with wakeLine "own"), the ring, and the software classifier's table. */
export function channelRegions(s: NetSizes, ch: ChannelSpec): RegionSpec[] {
  const r = (name: string, bytes: number): RegionSpec => ({ name, bytes: Math.max(64, bytes) });
  const lines = ch.sharedIndexLine ? [r("channel indices", s.channels * 64)] : [r("channel producer", s.channels * 64), r("channel consumer", s.channels * 64)];
  if (ch.wakeLine === "own") lines.push(r("channel wake", s.channels * 64));
  const ring = ch.ringKind === "pointers" ? r("channel ring", s.channels * s.chanSlots * 8) : r("channel slots", s.channels * s.chanSlots * s.chanSlotBytes);
  return [...lines, ring, ...(ch.classifier === "software" ? [r("channel table", s.chanTableBuckets * 8)] : [])];
}

/** A slot holds a header line and the frame. */
export const CHANNEL_SLOT_OVERHEAD = CHAN_HDR_BYTES;

/** Offsets inside the host-only block (Hdr.netBase). */
export interface NetBlockLayout {
  flowTableAt: number;
  cpuTableAt: number;
  driverAt: number;
  sockFlowAt: number;
  chanPrivAt: number;
  chanFreedAt: number;
  statsAt: number;
  bytes: number;
}

export function netBlockLayout(s: NetSizes): NetBlockLayout {
  let at = align(NetCfg.count * 4, 64);
  const take = (n: number) => {
    const base = at;
    at = align(at + n, 64);
    return base;
  };
  const flowTableAt = take(s.flows * NET_FLOW_BYTES);
  const cpuTableAt = take(s.cpus * NET_CPU_BYTES);
  const driverAt = take(s.queues * s.driverStride);
  const sockFlowAt = take(s.flows * 4);
  const chanPrivAt = take(s.channels * NET_CHAN_BYTES);
  const chanFreedAt = take(s.channels * Math.ceil(s.chanSlots / 8));
  const statsAt = take(s.cpus * NET_STATS_BYTES);
  return { flowTableAt, cpuTableAt, driverAt, sockFlowAt, chanPrivAt, chanFreedAt, statsAt, bytes: at };
}
