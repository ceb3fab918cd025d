// The NIC's state: one region of the shared memory (NIC_BASE), owned by the device logical process. The
// host writes the configuration and the queues' and flows' fixed fields before the run; from start() on
// only the NIC LP writes here, and the host reads the counters after the run. Field names and offsets are
// in shared/nic.ts (the host uses them too); this file draws the records and gives the module its
// accessors. Nothing here is simulated memory: CPUs never load or store it (the rings they do touch are
// named regions of simulated physical memory, `rxq<N> descriptors` and `rxq<N> buffers`).
//
//   NIC_BASE
//   +-----------------------+-------------------+
//   | config u32[NicCfg]    | global u64[NicGlobal] (from 128)                        256 B
//   +-----------------------+-------------------+
//   | queue 0 | queue 1 | …  (queues × NIC_QUEUE_BYTES)                             at queuesAt
//   | RSS indirection table: 128 × u8 queue numbers (nic/rss.ts)                     at rssAt
//   | flow 0 | flow 1 | …   (flows × NIC_FLOW_BYTES)                                 at flowsAt
//   | packet-size mix: sizeEntries × (running weight u32, frame bytes u32)          at sizesAt
//   | slot (q, i) for every queue q and descriptor i  (queues × ring × 64 B)         at slotsAt
//   | staging (q, i): the frame being DMA'd into descriptor i's buffer (stageBytes:   at stageAt
//   |   the largest frame the traffic can draw, in whole lines)
//   +-------------------------------------------------------------------------------+
//
// A queue (192 B):
//   0 descBase | 4 bufBase | 8 irqCpu | 12 head | 16 tail | 20 wbNext | 24 descSeq | 28 framesPending |
//   32 irqEnabled | 36 timerGen | 40 firstPendingAt i64 | 48 – | 64 counters u64[NicQStat] (8) | 128 –
//
// A flow (32 B):
//   0 4-tuple (FlowTuple, network order, 12 B) | 12 aRFS queue (NIC_ARFS_NONE = follow RSS) |
//   16 next stream offset | 20 packets sent | 24 –
//
// A slot (64 B), the NIC's side of descriptor i of queue q:
//   0 the descriptor to write back (16 B) | 16 arrival i64 | 24 dataDone i64 | 32 descIssued i64 |
//   40 visible i64 | 48 pendingLines | 52 state (SlotState) | 56 descSeq | 60 seq (arrival index)
//
// The descriptor in the ring (16 B, written by DMA; the host fills the buffer address at set-up):
//   0                4          6        7        8                12               16
//   +----------------+----------+--------+--------+----------------+----------------+
//   | buffer address | length   | status | queue  | RSS hash       | flow index     |
//   +----------------+----------+--------+--------+----------------+----------------+
//                                 bit 0 = DD (descriptor done)
// Like ixgbe's advanced receive descriptor (union ixgbe_adv_rx_desc) in its write-back format, which
// replaces the buffer address with the RSS hash and status; here the address stays, so a driver never
// has to remember it. Each slot has its own staging area because the uncore copies a DMA write's bytes when
// it performs the write, possibly long after it was issued (machine/uncore.ts): the frame must stay put
// until its last line is written, and a slot holds one frame at a time.

import { NIC_BASE } from "../sim/layout";
import {
  NicCfg, NicGlobal, NIC_GLOBAL_AT, NicQ, NicQStat, NIC_QUEUE_BYTES, NIC_FLOW_BYTES, NIC_SLOT_BYTES, NicSlot, NIC_DESC_BYTES,
} from "../shared/nic";

@inline export function cfg(field: NicCfg): u32 {
  return load<u32>(NIC_BASE + (<usize>field << 2));
}

/** The traffic seed (u64): payload bytes, gaps and sizes all derive from it. */
export function trafficSeed(): u64 {
  return (<u64>cfg(NicCfg.seedHi) << 32) | <u64>cfg(NicCfg.seedLo);
}

@inline export function globalAt(field: NicGlobal): usize {
  return NIC_BASE + NIC_GLOBAL_AT + (<usize>field << 3);
}
@inline export function globalGet(field: NicGlobal): u64 { return load<u64>(globalAt(field)); }
@inline export function globalSet(field: NicGlobal, v: u64): void { store<u64>(globalAt(field), v); }
@inline export function globalAdd(field: NicGlobal): void { store<u64>(globalAt(field), load<u64>(globalAt(field)) + 1); }

// --- queues ---

@inline export function queue(q: u32): usize {
  return <usize>cfg(NicCfg.queuesAt) + <usize>q * NIC_QUEUE_BYTES;
}
@inline export function qGet(q: u32, field: NicQ): u32 { return load<u32>(queue(q) + <usize>field); }
@inline export function qSet(q: u32, field: NicQ, v: u32): void { store<u32>(queue(q) + <usize>field, v); }

@inline function qStatAt(q: u32, stat: NicQStat): usize {
  return queue(q) + <usize>NicQ.stats + (<usize>stat << 3);
}
@inline export function qStatAdd(q: u32, stat: NicQStat): void {
  const p = qStatAt(q, stat);
  store<u64>(p, load<u64>(p) + 1);
}
@inline export function qStatSub(q: u32, stat: NicQStat): void {
  const p = qStatAt(q, stat);
  store<u64>(p, load<u64>(p) - 1);
}

// --- flows ---

@inline export function flow(f: u32): usize {
  return <usize>cfg(NicCfg.flowsAt) + <usize>f * NIC_FLOW_BYTES;
}

// --- slots and their staging ---

/** Slot `i` (a ring index, already masked) of queue `q`. */
@inline export function slot(q: u32, i: u32): usize {
  return <usize>cfg(NicCfg.slotsAt) + (<usize>q * cfg(NicCfg.ringEntries) + i) * NIC_SLOT_BYTES;
}
@inline export function slotGet(s: usize, field: NicSlot): u32 { return load<u32>(s + <usize>field); }
@inline export function slotSet(s: usize, field: NicSlot, v: u32): void { store<u32>(s + <usize>field, v); }
@inline export function slotTimeSet(s: usize, field: NicSlot, t: i64): void { store<i64>(s + <usize>field, t); }

/** Where slot `i` of queue `q` stages its frame. */
@inline export function stage(q: u32, i: u32): usize {
  return <usize>cfg(NicCfg.stageAt) + (<usize>q * cfg(NicCfg.ringEntries) + i) * cfg(NicCfg.stageBytes);
}

/** The ring index of free-running counter `n`. */
@inline export function ringIndex(n: u32): u32 {
  return n & (cfg(NicCfg.ringEntries) - 1);
}

/** Address of descriptor `i` of queue `q` in simulated memory. */
@inline export function descAddr(q: u32, i: u32): u32 { return qGet(q, NicQ.descBase) + i * NIC_DESC_BYTES; }
