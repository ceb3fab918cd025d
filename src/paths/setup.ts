// Writes the network paths into a prepared memory, before start(): the configuration block the routines
// read (assembly/shared/net.ts: costs, structure addresses, the flow and CPU tables), the structures'
// initial contents (every skb in the shared pool, the hash tables pointing at the sockets, the RPS map,
// each application's run queue showing it running), and each CPU's program.

import {
  NetCfg, NetCost, NET_COST_NAMES, NetFlow, NetCpu, NetDriver, NET_FLOW_BYTES, NET_CPU_BYTES,
  NET_NETFILTER, NET_CONNTRACK, NET_RPS, NET_RFS, NET_ARFS, NET_NONE, POOL_COUNT, POOL_IDS, RQ_CURR, RQ_NR_RUNNING,
  RUNQUEUE_BYTES, SOCK_BYTES, NetChan, NET_CHAN_BYTES, CHAN_ON, CHAN_USER, CHAN_SOCKET, CHAN_SOFTIRQ, CHAN_SHARED_LINE,
  CHAN_POINTERS, CHAN_SW_CLASSIFIER, CHAN_POLL, CHAN_NF_BEFORE, CHAN_NF_CONSUMER, CHAN_SHARED_CONS_AT, CHAN_PROD, CHAN_CONS, CHAN_CONS_WAKE,
  CHAN_BUSY_POLL_NS, CHAN_HDR_BYTES,
} from "../../assembly/shared/net.js";
import type { PlacedRegion } from "../layout/memory-map.js";
import type { PlacedNic } from "../nic/setup.js";
import { RPS_SOCK_FLOW_ENTRIES, type NetSpec, type NetSizes, type NetBlockLayout } from "./layout.js";

export interface PlacedNet {
  spec: NetSpec;
  sizes: NetSizes;
  block: NetBlockLayout;
  base: number;
}

export function writeNet(exports: any, memory: WebAssembly.Memory, spec: NetSpec, sizes: NetSizes, block: NetBlockLayout,
  base: number, regions: PlacedRegion[], nic: PlacedNic): PlacedNet {
  const at = new Map(regions.map((r) => [r.name, r.base]));
  const region = (name: string) => at.get(name)!;
  const dv = new DataView(memory.buffer);
  const set = (f: NetCfg, v: number) => dv.setUint32(base + f * 4, v, true);
  const socketOf = socketNumbers(spec, sizes.flows);
  writeAddresses(set, spec, sizes, block, base, region, nic);
  NET_COST_NAMES.forEach((name, i) => set(NetCfg.costs + i, spec.costs[name as keyof typeof spec.costs]));
  writeFlowTable(exports, dv, spec, sizes, base + block.flowTableAt, socketOf, nic);
  writeCpuTable(dv, spec, sizes, base + block.cpuTableAt, nic);
  postRings(dv, sizes, base + block.driverAt, region("packet buffers"), nic, slotQueues(spec));
  socketOf.forEach((s, f) => dv.setUint32(base + block.sockFlowAt + s * 4, f, true));
  writeStructures(dv, spec, sizes, region, socketOf);
  if (spec.channel) writeChannels(set, dv, spec, sizes, block, base, region, nic);
  const channelUser = spec.path === "channel-user" || spec.path === "channel-socket"; // the channel's reader as the task
  for (let c = 0; c < sizes.cpus; c++) exports.programNet(c, spec.apps.some((a) => a.cpu === c), channelUser);
  return { spec, sizes, block, base };
}

/** At ifup the driver fills every ring: descriptor i of queue q gets skb q·ring + i and its buffer; the
 *  other skbs start in the shared pool. */
function postRings(dv: DataView, s: NetSizes, driverAt: number, buffers: number, nic: PlacedNic, slots: boolean): void {
  for (let q = 0; q < s.queues; q++) {
    const d = driverAt + q * s.driverStride;
    dv.setUint32(d + NetDriver.nextToClean, 0, true);
    dv.setUint32(d + NetDriver.tail, s.ringEntries, true);
    if (slots && q > 0) continue; // a channel's queue: its descriptors are its slots (writeChannels)
    for (let i = 0; i < s.ringEntries; i++) {
      const skb = q * s.ringEntries + i;
      dv.setUint32(d + NetDriver.skbs + 4 * i, skb, true);
      dv.setUint32(nic.descBase[q] + 16 * i, buffers + skb * s.bufferBytes, true);
    }
  }
}

/** True when the NIC fills channels' slots through a queue per channel (channel-queue.ts). */
const slotQueues = (spec: NetSpec) => !!spec.channel && spec.channel.classifier === "nic" && spec.channel.ringKind === "buffers";

/** Sockets are numbered application by application, so each application's sockets are consecutive. */
function socketNumbers(spec: NetSpec, flows: number): number[] {
  const socketOf = new Array<number>(flows).fill(-1);
  let n = 0;
  for (const a of spec.apps) for (const f of a.flows) socketOf[f] = n++;
  if (n !== flows || socketOf.includes(-1)) throw new Error("every flow must be read by exactly one application");
  return socketOf;
}

function writeAddresses(set: (f: NetCfg, v: number) => void, spec: NetSpec, s: NetSizes, block: NetBlockLayout, base: number,
  region: (n: string) => number, nic: PlacedNic): void {
  const flags = (spec.netfilter ? NET_NETFILTER : 0) | (spec.netfilter?.conntrack ? NET_CONNTRACK : 0) |
    (spec.rpsCpus ? NET_RPS : 0) | (spec.rfs ? NET_RFS : 0) | (spec.arfs ? NET_ARFS : 0);
  set(NetCfg.cpus, s.cpus);
  set(NetCfg.queues, s.queues);
  set(NetCfg.ringEntries, s.ringEntries);
  set(NetCfg.bufferBytes, nic.nic.bufferBytes);
  set(NetCfg.warmupPackets, spec.warmupPackets);
  set(NetCfg.flags, flags);
  set(NetCfg.netfilterRules, s.nfRules);
  set(NetCfg.appWorkCycles, spec.appWorkCycles);
  set(NetCfg.skbBase, region("skb"));
  set(NetCfg.skbCount, s.skbCount);
  set(NetCfg.skbCacheBase, region("skb cache"));
  set(NetCfg.skbCacheStride, s.skbCacheStride);
  set(NetCfg.skbPoolBase, region("skb pool"));
  set(NetCfg.sockBase, region("socket"));
  set(NetCfg.sockQueueBase, region("socket queue"));
  set(NetCfg.sockQueueSlots, s.sockQueueSlots);
  set(NetCfg.sockFlowBase, base + block.sockFlowAt);
  set(NetCfg.ehashBase, region("tcp ehash"));
  set(NetCfg.ehashMask, s.ehashBuckets - 1);
  set(NetCfg.routeBase, region("route table"));
  set(NetCfg.conntrackBuckets, region("conntrack"));
  set(NetCfg.conntrackMask, s.conntrackBuckets - 1);
  set(NetCfg.conntrackBase, region("conntrack") + Math.ceil((s.conntrackBuckets * 8) / 64) * 64);
  set(NetCfg.nfRulesBase, region("netfilter rules"));
  set(NetCfg.nfCountersBase, region("netfilter counters"));
  set(NetCfg.nfCountersStride, s.nfCountersStride);
  set(NetCfg.runqueueBase, region("run queue"));
  set(NetCfg.taskBase, region("task"));
  set(NetCfg.backlogBase, region("backlog"));
  set(NetCfg.backlogSlots, s.backlogSlots);
  set(NetCfg.rpsMapBase, region("rps map"));
  set(NetCfg.rpsCpuCount, spec.rpsCpus?.length ?? 0);
  set(NetCfg.rpsFlowBase, region("rps flow table"));
  set(NetCfg.rpsFlowMask, RPS_SOCK_FLOW_ENTRIES - 1);
  set(NetCfg.rpsDevFlowBase, region("rps dev flow"));
  set(NetCfg.skbDataBase, region("packet buffers"));
  set(NetCfg.sockRcvLimit, s.sockRcvLimit);
  set(NetCfg.driverStride, s.driverStride);
  set(NetCfg.userBufBase, region("user buffer"));
  set(NetCfg.statsBase, base + block.statsAt);
  set(NetCfg.flowTableBase, base + block.flowTableAt);
  set(NetCfg.cpuTableBase, base + block.cpuTableAt);
  set(NetCfg.flows, s.flows);
  set(NetCfg.driverBase, base + block.driverAt);
}

function writeFlowTable(exports: any, dv: DataView, spec: NetSpec, s: NetSizes, at: number, socketOf: number[], nic: PlacedNic): void {
  const appOf = new Map<number, number>();
  for (const a of spec.apps) for (const f of a.flows) appOf.set(f, a.cpu);
  for (let f = 0; f < s.flows; f++) {
    const hash = exports.nicFlowHash(f) >>> 0;
    const rec = at + f * NET_FLOW_BYTES;
    dv.setUint32(rec + NetFlow.socket, socketOf[f], true);
    dv.setUint32(rec + NetFlow.appCpu, appOf.get(f)!, true);
    dv.setUint32(rec + NetFlow.ehashBucket, hash & (s.ehashBuckets - 1), true);
    dv.setUint32(rec + NetFlow.conntrackEntry, f, true);
    dv.setUint32(rec + NetFlow.rfsIndex, hash & (RPS_SOCK_FLOW_ENTRIES - 1), true);
    dv.setUint32(rec + NetFlow.hash, hash, true);
    dv.setUint32(rec + NetFlow.expected, 0, true); // the NIC starts every flow's stream at offset 0
    dv.setUint32(rec + NetFlow.channel, spec.channel ? spec.apps.findIndex((a) => a.flows.includes(f)) : NET_NONE, true);
  }
  void nic;
}

function writeCpuTable(dv: DataView, spec: NetSpec, s: NetSizes, at: number, nic: PlacedNic): void {
  let first = 0;
  for (let c = 0; c < s.cpus; c++) {
    const rec = at + c * NET_CPU_BYTES;
    const app = spec.apps.find((a) => a.cpu === c);
    dv.setUint32(rec + NetCpu.appSocketFirst, app ? first : 0, true);
    dv.setUint32(rec + NetCpu.appSockets, app ? app.flows.length : 0, true);
    if (app) first += app.flows.length;
    const q = nic.nic.irqCpu.indexOf(c);
    dv.setUint32(rec + NetCpu.queue, q < 0 ? NET_NONE : q, true);
    const ch = spec.channel ? spec.apps.findIndex((a) => a.cpu === c) : -1;
    dv.setUint32(rec + NetCpu.channel, ch < 0 ? NET_NONE : ch, true);
  }
}

function writeStructures(dv: DataView, spec: NetSpec, s: NetSizes, region: (n: string) => number, socketOf: number[]): void {
  const pool = region("skb pool");
  const posted = s.queues * s.ringEntries;
  dv.setUint32(pool + POOL_COUNT, s.skbCount - posted, true);
  for (let i = posted; i < s.skbCount; i++) dv.setUint32(pool + POOL_IDS + 4 * (i - posted), i, true);
  (spec.rpsCpus ?? []).forEach((c, i) => dv.setUint8(region("rps map") + i, c));
  const ehash = region("tcp ehash");
  // each flow's bucket holds its socket's address (one socket per bucket: no chains are walked)
  socketOf.forEach((sock) => dv.setUint32(ehash + 8 * (sock % s.ehashBuckets), region("socket") + sock * SOCK_BYTES, true));
  for (const a of spec.apps) {
    const rq = region("run queue") + a.cpu * RUNQUEUE_BYTES;
    dv.setUint32(rq + RQ_CURR, 1, true);
    dv.setUint32(rq + RQ_NR_RUNNING, 1, true);
  }
}

/** The channels: their flags, lines, rings and tables, and both sides' indices at their start. */
function writeChannels(set: (f: NetCfg, v: number) => void, dv: DataView, spec: NetSpec, s: NetSizes, block: NetBlockLayout,
  base: number, region: (n: string) => number, nic: PlacedNic): void {
  const ch = spec.channel!;
  const flags = CHAN_ON | PATH_FLAG[spec.path] | (ch.sharedIndexLine ? CHAN_SHARED_LINE : 0) | (ch.ringKind === "pointers" ? CHAN_POINTERS : 0) |
    (ch.classifier === "software" ? CHAN_SW_CLASSIFIER : 0) | (ch.wait === "poll" ? CHAN_POLL : 0) |
    (ch.netfilterAt === "before-channel" ? CHAN_NF_BEFORE : 0) | (ch.netfilterAt === "in-consumer" ? CHAN_NF_CONSUMER : 0);
  const prod = ch.sharedIndexLine ? region("channel indices") : region("channel producer");
  const cons = ch.sharedIndexLine ? prod : region("channel consumer");
  set(NetCfg.chanFlags, flags);
  set(NetCfg.chanSlots, s.chanSlots);
  set(NetCfg.chanBatch, ch.releaseBatch);
  set(NetCfg.chanSlotBytes, s.chanSlotBytes);
  set(NetCfg.chanProdBase, prod);
  set(NetCfg.chanConsBase, cons);
  set(NetCfg.chanConsAt, ch.sharedIndexLine ? CHAN_SHARED_CONS_AT : 0);
  const wakeBase = ch.wakeLine === "own" ? region("channel wake") : cons;
  const wakeAt = ch.wakeLine === "own" ? 0 : (ch.sharedIndexLine ? CHAN_SHARED_CONS_AT : 0) + CHAN_CONS_WAKE;
  set(NetCfg.chanWakeBase, wakeBase);
  set(NetCfg.chanWakeAt, wakeAt);
  set(NetCfg.chanRingBase, region(ch.ringKind === "pointers" ? "channel ring" : "channel slots"));
  set(NetCfg.chanTableBase, ch.classifier === "software" ? region("channel table") : 0);
  set(NetCfg.chanTableMask, s.chanTableBuckets - 1);
  set(NetCfg.chanPrivBase, base + block.chanPrivAt);
  set(NetCfg.chanFreedBase, base + block.chanFreedAt);
  const start = spec.channelIndexStart ?? 0;
  set(NetCfg.chanIndexStart, start);
  // busy-polling: net.core.busy_poll's time over one look (a PAUSE and an L1 hit)
  set(NetCfg.chanPollSpins, Math.floor((CHAN_BUSY_POLL_NS * spec.clockGHz) / (spec.costs.spinPause + 4)));
  for (let c = 0; c < s.channels; c++) {
    const priv = base + block.chanPrivAt + c * NET_CHAN_BYTES;
    for (const f of [NetChan.prod, NetChan.consSeen, NetChan.cons, NetChan.released, NetChan.freedTo]) dv.setUint32(priv + f, start, true);
    dv.setUint32(prod + c * 64 + CHAN_PROD, start, true);
    dv.setUint32(cons + c * 64 + (ch.sharedIndexLine ? CHAN_SHARED_CONS_AT : 0) + CHAN_CONS, start, true);
    // a softirq consumer starts idle, having asked for a wakeup: the first packet signals it
    if (spec.path === "channel-softirq") {
      dv.setUint32(priv + NetChan.wakeAsked, 1, true);
      dv.setUint32(wakeBase + c * 64 + wakeAt, 1, true);
    }
    // the NIC fills the channel's slots: descriptor i of its queue holds slot (start + i) mod slots
    if (slotQueues(spec)) {
      const ring = region("channel slots") + c * s.chanSlots * s.chanSlotBytes;
      for (let i = 0; i < s.ringEntries; i++) {
        const slot = (start + i) % s.chanSlots;
        dv.setUint32(nic.descBase[1 + c] + 16 * i, ring + slot * s.chanSlotBytes + CHAN_HDR_BYTES, true);
      }
    }
  }
}

const PATH_FLAG: Record<string, number> = { "channel-user": CHAN_USER, "channel-socket": CHAN_SOCKET, "channel-softirq": CHAN_SOFTIRQ };

export { NetCost };
