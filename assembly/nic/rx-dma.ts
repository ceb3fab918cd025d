// Receiving one packet into a ring: take the descriptor at the queue's head, write the frame into its
// buffer by DMA, and only then write the descriptor back with DD set.
//
// The ring protocol is ixgbe's (drivers/net/ethernet/intel/ixgbe/ixgbe_main.c): head and tail are
// free-running counters; the NIC owns descriptors [head, tail) and fills them in order; the driver, having
// processed descriptors and given their buffers back, moves the tail with an MMIO write
// (ixgbe_alloc_rx_buffers → ixgbe_release_rx_desc → writel to the RDT register). With no free descriptor
// the packet is dropped and counted (ixgbe's rx_no_dma_resources; here `droppedRingFull`). At start the
// whole ring is posted: tail = ringEntries.
//
// Why data before descriptor. The driver polls the descriptor's DD bit and then reads the buffer
// (ixgbe_clean_rx_irq: ixgbe_test_staterr(rx_desc, IXGBE_RXD_STAT_DD), then a read barrier "to keep us
// from reading any other fields out of the rx_desc until we know the RXD_STAT_DD bit is set").
// That is only sound if every byte of the frame is in memory before DD is, so the NIC issues the
// descriptor write when the last data line's DMA_DONE has come back — the completion is the only proof
// the uncore has performed the write (its invalidations may delay it arbitrarily, machine/uncore.ts).
// Descriptors are also written back in ring order, as NICs do, so a driver that stops at the first
// descriptor without DD never skips a finished one: a packet whose data finishes early waits for the
// descriptors before it (state `ready`).
//
// The frame goes as one line run (machine/line-runs.ts): whole lines, then the last, partial line's
// bytes only (the PCIe write carries exactly the frame), with the timing per-line writes would have and
// one completion when the last line is written; the descriptor is a 16-byte partial write
// into a line shared with three other descriptors. Descriptor fetch (the NIC's DMA read of the buffer
// address the driver posted) is not modelled: descriptor i always uses buffer i of its queue, filled in
// by the host at set-up.

import { DEVICE, UNCORE, IO_HOP, LINE_SHIFT, LINE_BYTES } from "../sim/layout";
import { send } from "../sim/send";
import { Msg } from "../machine/messages";
import { regionOfLine } from "../machine/regions";
import { buildPacket, PAYLOAD_START } from "./packet";
import { flowHash, steer } from "./steering";
import { frameVisible } from "./coalescing";
import {
  NicCfg, NicQ, NicQStat, NicFlow, NicSlot, SlotState, NIC_DESC_BYTES, NIC_DESC_DD,
  DESC_BUFFER, DESC_LENGTH, DESC_STATUS, DESC_QUEUE, DESC_HASH, DESC_FLOW,
} from "../shared/nic";
import {
  cfg, qGet, qSet, qStatAdd, qStatSub, flow, trafficSeed, slot, slotGet, slotSet, slotTimeSet, stage, ringIndex, descAddr,
} from "./nic-state";

/** Packet `n` (its arrival index), of flow `f` and `frameBytes` long in the buffer, arrives from the wire
 *  at `t`. */
export function receive(f: u32, n: u64, frameBytes: u32, t: i64): void {
  const hash = flowHash(f);
  const q = steer(f, hash);
  // the flow's stream moves on by this packet's payload whether or not the packet survives
  const fl = flow(f);
  const offset = load<u32>(fl + NicFlow.nextOffset);
  const packet = load<u32>(fl + NicFlow.packets);
  const payload = frameBytes - PAYLOAD_START;
  store<u32>(fl + NicFlow.nextOffset, offset + payload);
  store<u32>(fl + NicFlow.packets, packet + 1);
  const measured = n >= <u64>cfg(NicCfg.warmupPackets);
  qStatAdd(q, NicQStat.offered);
  if (measured) qStatAdd(q, NicQStat.measuredOffered);
  const head = qGet(q, NicQ.head);
  const i = ringIndex(head);
  const s = slot(q, i);
  if (freeDescriptors(q) == 0 || slotBusy(s)) {
    qStatAdd(q, NicQStat.droppedRingFull);
    if (measured) qStatAdd(q, NicQStat.measuredDroppedRingFull);
    return;
  }
  qSet(q, NicQ.head, head + 1);
  qStatAdd(q, NicQStat.inFlight);
  const length = buildPacket(stage(q, i), fl + NicFlow.tuple, f, packet, offset, payload, trafficSeed());
  stageDescriptor(s, q, i, length, hash, f);
  slotTimeSet(s, NicSlot.arrival, t);
  slotSet(s, NicSlot.seq, <u32>n);
  slotSet(s, NicSlot.state, SlotState.data);
  slotSet(s, NicSlot.pendingLines, dmaFrame(q, i, length, t));
}

/** Descriptors the NIC may fill: tail − head, never more than the ring (a tail written further ahead
 *  is a driver bug the NIC does not act on) and never negative (a tail moved backwards). */
function freeDescriptors(q: u32): u32 {
  const diff = <i32>(qGet(q, NicQ.tail) - qGet(q, NicQ.head));
  if (diff <= 0) return 0;
  const ring = cfg(NicCfg.ringEntries);
  return <u32>diff < ring ? <u32>diff : ring;
}

/** A slot whose previous packet is still being written: a driver that hands a descriptor back before
 *  the NIC has finished with it has not really freed it. */
@inline function slotBusy(s: usize): bool {
  const st = slotGet(s, NicSlot.state);
  return st != SlotState.free && st != SlotState.done;
}

/** The write-back descriptor, with DD set: the bytes its DMA write will copy. */
function stageDescriptor(s: usize, q: u32, i: u32, length: u32, hash: u32, f: u32): void {
  const d = s + NicSlot.desc;
  store<u32>(d + DESC_BUFFER, postedBuffer(q, i));
  store<u16>(d + DESC_LENGTH, <u16>length);
  store<u8>(d + DESC_STATUS, <u8>NIC_DESC_DD);
  store<u8>(d + DESC_QUEUE, <u8>q);
  store<u32>(d + DESC_HASH, hash);
  store<u32>(d + DESC_FLOW, f);
}

/** Issues the DMA writes of the `length`-byte frame staged for slot `i` of queue `q`; returns how many. */
function dmaFrame(q: u32, i: u32, length: u32, t: i64): u32 {
  const first = slotBuffer(slot(q, i)) >> LINE_SHIFT;
  const src = <u32>stage(q, i);
  const full = length >> LINE_SHIFT;
  const rest = length & (LINE_BYTES - 1);
  // one message for the whole frame (machine/line-runs.ts): the same per-line timing, one completion
  const lines = rest != 0 ? full + 1 : full;
  send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_WR_RUN, 0, first, lines | (rest << 16), src);
  return lines;
}

/** A DMA write completed: a frame's whole run of data lines (`run`, from its first line), or a
 *  descriptor's line. */
export function dmaDone(line: u32, run: bool, t: i64): void {
  if (run) {
    dataDone(line, t);
    return;
  }
  const k = regionOfLine(line, LINE_SHIFT) - cfg(NicCfg.firstRegion);
  assert(k < 2 * cfg(NicCfg.queues) && (k & 1) == 0, "NIC: descriptor completion outside the rings");
  descriptorDone(k >> 1, line, t);
}

/** The buffer the driver posted in descriptor `i` of queue `q`. Read directly: the driver wrote it
 *  before the tail write that gave the descriptor to the NIC (its MMIO waits for its stores), and the
 *  NIC uses only descriptors below the tail it has received. */
@inline function postedBuffer(q: u32, i: u32): u32 { return load<u32>(descAddr(q, i) + DESC_BUFFER); }
@inline function slotBuffer(s: usize): u32 { return load<u32>(s + NicSlot.desc + DESC_BUFFER); }

/** A frame's data run, from `line`, completed: the slot is the one being written into that buffer —
 *  among the few whose data is in flight, between each queue's write-back point and its head. */
function dataDone(line: u32, t: i64): void {
  const queues = cfg(NicCfg.queues);
  for (let q: u32 = 0; q < queues; q++) {
    const head = qGet(q, NicQ.head);
    for (let n = qGet(q, NicQ.wbNext); n != head; n++) {
      const s = slot(q, ringIndex(n));
      if (slotGet(s, NicSlot.state) == SlotState.data && slotBuffer(s) >> LINE_SHIFT == line) {
        dataWritten(q, s, t);
        return;
      }
    }
  }
  assert(false, "NIC: data completion for no frame being written");
}

function dataWritten(q: u32, s: usize, t: i64): void {
  slotSet(s, NicSlot.pendingLines, 0); // one completion for the whole run
  slotSet(s, NicSlot.state, SlotState.ready);
  slotTimeSet(s, NicSlot.dataDone, t);
  writeBack(q, t);
}

/** Writes back, in ring order, every descriptor whose data is complete, up to the first that is not. */
function writeBack(q: u32, t: i64): void {
  let wb = qGet(q, NicQ.wbNext);
  const head = qGet(q, NicQ.head);
  while (wb != head) {
    const i = ringIndex(wb);
    const s = slot(q, i);
    if (slotGet(s, NicSlot.state) != SlotState.ready) break;
    issueDescriptor(q, i, s, t);
    wb++;
  }
  qSet(q, NicQ.wbNext, wb);
}

function issueDescriptor(q: u32, i: u32, s: usize, t: i64): void {
  // the rule above makes this impossible; counting it keeps the rule tested, not assumed
  if (slotGet(s, NicSlot.pendingLines) != 0) qStatAdd(q, NicQStat.descriptorsBeforeData);
  const seq = qGet(q, NicQ.descSeq);
  qSet(q, NicQ.descSeq, seq + 1);
  slotSet(s, NicSlot.descSeq, seq);
  slotSet(s, NicSlot.state, SlotState.desc);
  slotTimeSet(s, NicSlot.descIssued, t);
  const a = descAddr(q, i);
  send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_WR, 0, a >> LINE_SHIFT, (a & (LINE_BYTES - 1)) | (NIC_DESC_BYTES << 8), <u32>(s + NicSlot.desc));
}

/** A descriptor write completed: the packet is in the ring, visible to the driver. The line holds
 *  several descriptors; the uncore completes writes to one line in the order they were issued, so this
 *  completion is that of the line's oldest descriptor write in flight. */
function descriptorDone(q: u32, line: u32, t: i64): void {
  const first = ((line << LINE_SHIFT) - qGet(q, NicQ.descBase)) / NIC_DESC_BYTES;
  const perLine = LINE_BYTES / NIC_DESC_BYTES;
  const now = qGet(q, NicQ.descSeq);
  let oldest: usize = 0;
  let age: u32 = 0;
  for (let i = first; i < first + perLine; i++) {
    const s = slot(q, i);
    if (slotGet(s, NicSlot.state) != SlotState.desc) continue;
    const a = now - slotGet(s, NicSlot.descSeq);
    if (a >= age) {
      age = a;
      oldest = s;
    }
  }
  assert(oldest != 0, "NIC: descriptor completion with no descriptor write in flight");
  slotSet(oldest, NicSlot.state, SlotState.done);
  slotTimeSet(oldest, NicSlot.visible, t);
  qStatAdd(q, NicQStat.delivered);
  qStatSub(q, NicQStat.inFlight);
  frameVisible(q, t);
}
