// The NIC's receive side as the device logical process. A packet's life here, one file per stage:
//
//   arrivals.ts    NIC_ARRIVAL: a packet of some flow comes off the wire (its index, the next arrival,
//                  the start of the measured interval)
//   packet-size.ts its length, drawn per packet
//   steering.ts    aRFS flow table, else RSS hash → indirection table → queue
//   rx-dma.ts      take the head descriptor (or drop: ring full), DMA the frame into its buffer, then —
//                  after the last data DMA_DONE — the descriptor with DD set
//   coalescing.ts  the descriptor's DMA_DONE makes the frame visible; interrupt moderation decides when
//                  to send the queue's MSI-X interrupt (NIC_TIMER for the delay)
//   mmio.ts        the driver's register writes: tail, interrupt unmask, aRFS entries
//
// Everything the NIC knows is in its state region (nic-state.ts); everything it does to the rest of the
// machine is a message: DMA writes to the uncore, interrupts to CPUs. Its events are handled in the one
// (time, sender, seq) order every LP follows, so both schedulers see the same NIC.

import { evKind, evTime, evA, evB, evC } from "../sim/event";
import { Msg } from "../machine/messages";
import {
  NicCfg, NicGlobal, NicQ, NicQStat, NicFlow, NIC_GLOBAL_AT, NIC_HEADER_BYTES, NIC_QUEUE_BYTES, NIC_SLOT_BYTES,
} from "../shared/nic";
import { cfg, queue, qSet, flow, globalSet } from "./nic-state";
import { arrivalsStart, nextArrival, flowOf } from "./arrivals";
import { nextFrameBytes } from "./packet-size";
import { receive, dmaDone } from "./rx-dma";
import { timerExpired } from "./coalescing";
import { nicMmio } from "./mmio";

/** Resets the NIC's running state (the host has written its configuration) and schedules the first
 *  arrival. Every descriptor is posted (tail = ringEntries) and every queue's interrupt enabled, as
 *  after ixgbe_configure_rx_ring and ixgbe_irq_enable. */
export function nicInit(): void {
  // the records of shared/nic.ts must fit the sizes the host lays out
  assert(<u32>NicCfg.count * 4 <= NIC_GLOBAL_AT && NIC_GLOBAL_AT + <u32>NicGlobal.count * 8 <= NIC_HEADER_BYTES, "NIC: header outgrown");
  assert(<u32>NicQ.stats + <u32>NicQStat.count * 8 <= NIC_QUEUE_BYTES, "NIC: queue record outgrown");
  const ring = cfg(NicCfg.ringEntries);
  for (let q: u32 = 0; q < cfg(NicCfg.queues); q++) {
    // keep the host's fields (descBase, bufBase, irqCpu), clear the rest
    memory.fill(queue(q) + NicQ.head, 0, NIC_QUEUE_BYTES - NicQ.head);
    qSet(q, NicQ.tail, ring);
    qSet(q, NicQ.irqEnabled, 1);
  }
  for (let f: u32 = 0; f < cfg(NicCfg.flows); f++) {
    // arfsQueue keeps what the host wrote: NIC_ARFS_NONE, or a static steering rule (flowQueues)
    store<u32>(flow(f) + NicFlow.nextOffset, 0);
    store<u32>(flow(f) + NicFlow.packets, 0);
  }
  memory.fill(cfg(NicCfg.slotsAt), 0, <usize>cfg(NicCfg.queues) * ring * NIC_SLOT_BYTES);
  globalSet(NicGlobal.mmioWrites, 0);
  globalSet(NicGlobal.mmioErrors, 0);
  arrivalsStart();
}

export function nicHandle(e: usize): void {
  const kind = evKind(e);
  const t = evTime(e);
  if (kind == Msg.NIC_ARRIVAL) {
    const n = nextArrival(t);
    receive(flowOf(n), n, nextFrameBytes(), t);
  } else if (kind == Msg.DMA_DONE) {
    assert(evB(e) != 0, "NIC: a DMA read completed, but the NIC issues none");
    dmaDone(evA(e), evB(e) == 2, t);
  } else if (kind == Msg.NIC_TIMER) timerExpired(evA(e), evB(e), t);
  else if (kind == Msg.MMIO) nicMmio(evA(e), evB(e), evC(e), t);
  else assert(false, "NIC: unexpected event");
}
