// Reading the NIC back after a run: its counters (part of every NIC run's result) and, for tests and
// teaching, a view of a ring — the descriptors as a driver would read them from memory, beside the NIC's
// record of when each slot's last packet arrived, finished its data DMA and became visible.

import {
  NicQ, NicQStat, NicGlobal, NicSlot, NicFlow, SlotState, NIC_QUEUE_BYTES, NIC_SLOT_BYTES, NIC_FLOW_BYTES, NIC_GLOBAL_AT,
  NIC_DESC_DD, DESC_BUFFER, DESC_LENGTH, DESC_STATUS, DESC_QUEUE, DESC_HASH, DESC_FLOW,
} from "../../assembly/shared/nic.js";
import type { PlacedNic } from "./setup.js";

/** Why a packet was dropped, as the result names it. */
export type NicDropReason = "rx_ring_full";

export interface NicCounters {
  /** Packets that arrived for this queue (for the totals: from the wire). */
  offered: number;
  /** Packets whose descriptor, with DD, is in the ring. */
  delivered: number;
  /** Accepted packets still being written when the run ended (0 in a run that finished). */
  inFlight: number;
  /** Dropped packets, all reasons; offered = delivered + dropped + inFlight. */
  dropped: number;
  droppedBy: Record<NicDropReason, number>;
  /** MSI-X interrupts sent (for the totals: by every queue). */
  interrupts: number;
  /** Descriptor writes issued before their packet's data was all written (the NIC's rule makes it 0). */
  descriptorsBeforeData: number;
  /** As offered and dropped, counting only measured packets (arrival index ≥ traffic.warmupPackets). */
  measuredOffered: number;
  measuredDropped: number;
  measuredDroppedBy: Record<NicDropReason, number>;
}

export interface NicStats {
  queues: NicCounters[];
  totals: NicCounters;
  /** When the first measured packet (arrival index = traffic.warmupPackets) arrived, cycles; null if it
   *  never did (a run given in time that ended first, or cut off by its end time). */
  firstMeasuredArrival: number | null;
  /** Register writes from CPUs, and those naming no register, queue or flow the NIC has. */
  mmioWrites: number;
  mmioErrors: number;
}

export interface NicDescriptor {
  index: number;
  /** Fields of the descriptor in the ring (simulated memory). */
  buffer: number;
  length: number;
  dd: boolean;
  queue: number;
  rssHash: number;
  flow: number;
  /** The NIC's record of the slot's last packet: its arrival index (0, 1, 2, … in wire order across
   *  flows), then cycles (0 when the step has not happened). */
  seq: number;
  arrival: number;
  dataDone: number;
  descIssued: number;
  visible: number;
  state: "free" | "data" | "ready" | "desc" | "done";
}

export interface NicRing {
  /** Free-running counters: next descriptor to fill, the driver's tail, next to write back. */
  head: number;
  tail: number;
  wbNext: number;
  descriptors: NicDescriptor[];
}

const STATES = ["free", "data", "ready", "desc", "done"] as const;

function queueCounters(dv: DataView, at: number): NicCounters {
  const stat = (s: NicQStat) => Number(dv.getBigUint64(at + NicQ.stats + s * 8, true));
  const ringFull = stat(NicQStat.droppedRingFull);
  const measuredRingFull = stat(NicQStat.measuredDroppedRingFull);
  return {
    offered: stat(NicQStat.offered),
    delivered: stat(NicQStat.delivered),
    inFlight: stat(NicQStat.inFlight),
    dropped: ringFull,
    droppedBy: { rx_ring_full: ringFull },
    interrupts: stat(NicQStat.interrupts),
    descriptorsBeforeData: stat(NicQStat.descriptorsBeforeData),
    measuredOffered: stat(NicQStat.measuredOffered),
    measuredDropped: measuredRingFull,
    measuredDroppedBy: { rx_ring_full: measuredRingFull },
  };
}

/** Sums every counter of `all`, the per-reason records included. */
function sum(all: NicCounters[]): NicCounters {
  const t: NicCounters = {
    offered: 0, delivered: 0, inFlight: 0, dropped: 0, droppedBy: { rx_ring_full: 0 }, interrupts: 0, descriptorsBeforeData: 0,
    measuredOffered: 0, measuredDropped: 0, measuredDroppedBy: { rx_ring_full: 0 },
  };
  for (const c of all) {
    for (const k of ["offered", "delivered", "inFlight", "dropped", "interrupts", "descriptorsBeforeData", "measuredOffered", "measuredDropped"] as const) t[k] += c[k];
    t.droppedBy.rx_ring_full += c.droppedBy.rx_ring_full;
    t.measuredDroppedBy.rx_ring_full += c.measuredDroppedBy.rx_ring_full;
  }
  return t;
}

export function readNicStats(memory: WebAssembly.Memory, p: PlacedNic): NicStats {
  const dv = new DataView(memory.buffer);
  const queues = Array.from({ length: p.nic.queues }, (_, q) => queueCounters(dv, p.base + p.layout.queuesAt + q * NIC_QUEUE_BYTES));
  const global = (g: NicGlobal) => Number(dv.getBigUint64(p.base + NIC_GLOBAL_AT + g * 8, true));
  const firstMeasured = dv.getBigInt64(p.base + NIC_GLOBAL_AT + NicGlobal.firstMeasuredAt * 8, true);
  return {
    queues,
    totals: sum(queues),
    firstMeasuredArrival: firstMeasured < 0n ? null : Number(firstMeasured),
    mmioWrites: global(NicGlobal.mmioWrites),
    mmioErrors: global(NicGlobal.mmioErrors),
  };
}

export function readNicRing(memory: WebAssembly.Memory, p: PlacedNic, q: number): NicRing {
  if (!Number.isInteger(q) || q < 0 || q >= p.nic.queues) throw new Error(`probe: the NIC has no queue ${q}`);
  const dv = new DataView(memory.buffer);
  const qAt = p.base + p.layout.queuesAt + q * NIC_QUEUE_BYTES;
  const descriptors = Array.from({ length: p.nic.ringEntries }, (_, i): NicDescriptor => {
    const d = p.descBase[q] + 16 * i;
    const s = p.base + p.layout.slotsAt + (q * p.nic.ringEntries + i) * NIC_SLOT_BYTES;
    const time = (f: NicSlot) => Number(dv.getBigInt64(s + f, true));
    return {
      index: i,
      buffer: dv.getUint32(d + DESC_BUFFER, true),
      length: dv.getUint16(d + DESC_LENGTH, true),
      dd: (dv.getUint8(d + DESC_STATUS) & NIC_DESC_DD) !== 0,
      queue: dv.getUint8(d + DESC_QUEUE),
      rssHash: dv.getUint32(d + DESC_HASH, true),
      flow: dv.getUint32(d + DESC_FLOW, true),
      seq: dv.getUint32(s + NicSlot.seq, true),
      arrival: time(NicSlot.arrival),
      dataDone: time(NicSlot.dataDone),
      descIssued: time(NicSlot.descIssued),
      visible: time(NicSlot.visible),
      state: STATES[dv.getUint32(s + NicSlot.state, true) as SlotState],
    };
  });
  const word = (f: NicQ) => dv.getUint32(qAt + f, true);
  return { head: word(NicQ.head), tail: word(NicQ.tail), wbNext: word(NicQ.wbNext), descriptors };
}

/** Flow `f`'s 4-tuple as the NIC holds it: the 12 bytes of a FlowTuple (network order). */
export function readNicFlowTuple(memory: WebAssembly.Memory, p: PlacedNic, f: number): Uint8Array {
  if (!Number.isInteger(f) || f < 0 || f >= p.nic.flows.length) throw new Error(`probe: the NIC has no flow ${f}`);
  return new Uint8Array(memory.buffer, p.base + p.layout.flowsAt + f * NIC_FLOW_BYTES + NicFlow.tuple, 12).slice();
}
