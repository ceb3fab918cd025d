// Channels the NIC classifies into (classifier "nic" with a buffers ring): each channel has its own NIC
// queue, the flow steered there by a static rule (a Flow Director perfect filter), and that queue's
// descriptors are the channel's free slots — the driver's "get buffer" (vj_get_buffer): the NIC writes
// each packet straight into its channel's slot, so no CPU copies or classifies it (the first seed). The
// driver on the interrupt CPU then only publishes: the slot's header line, the producer index, the wake
// check (channel-produce.ts).
//
// Descriptor n of the channel's queue holds slot (chanIndexStart + n) mod slots: descriptors and slots
// are filled in the same order. The driver may post descriptor `tail` once the consumer has released its
// slot — by the driver's last-seen copy of the consumer's index, re-read only when that copy says the
// slot is still in use. With no descriptor posted at all the NIC drops (rx_ring_full), and the poll does
// not complete: NAPI stays scheduled and polls again (as ixgbe does when it could not refill), so the
// queue is refilled as soon as the consumer releases.

import { queueLoad, queueStore, queueCompute } from "../cpu/kernel/emit-op";
import { reg } from "../cpu/kernel/state";
import { Step } from "../shared/steps";
import { NetCfg, NetCost, NetChan, NetDriver, CHAN_ON, CHAN_SW_CLASSIFIER, CHAN_POINTERS, CHAN_CONS, CHAN_NF_BEFORE } from "../shared/net";
import { descAddr } from "../nic/nic-state";
import { fget, fset, F_QUEUE, F_FLOW, F_I, F_N, F_VAL, F_TARGET, F_ROUTINE, F_MODE, MODE_PRODUCING } from "./frame";
import { netCfg, cost, driverGet, driverSet, flowGet } from "./net-config";
import { NetFlow } from "../shared/net";
import { ringSpace, ringSlot, slots, consWords, slotFrame, chanGet, chanSet } from "./channel-ring";
import { PH_ETH_IP, PH_CHAN_FILL, PH_CHAN_POST, PH_CHAN_POST_REFRESH, PH_REFILL_POST, PH_NAPI_COMPLETE, PH_NETRX_POLL_END } from "./phases";

const F_CH: u32 = F_ROUTINE + 16;
const R0: u32 = 0;

/** True for a channel's own queue, whose descriptors are its slots. */
export function slotQueue(q: u32): bool {
  const f = netCfg(NetCfg.chanFlags);
  return q != 0 && (f & CHAN_ON) != 0 && (f & (CHAN_SW_CLASSIFIER | CHAN_POINTERS)) == 0;
}

@inline function channelOf(q: u32): u32 { return q - 1; }
/** The channel index of descriptor `n` (free-running) of a channel's queue. */
@inline function chanIndex(n: u32): u32 { return netCfg(NetCfg.chanIndexStart) + n; }

/** A packet the NIC wrote into its channel's slot: on to publishing it — after Ethernet/IP and
 *  netfilter when netfilter runs before the channel. */
export function slotPacket(sl: usize, q: u32): u32 {
  fset(sl, F_CH, channelOf(q));
  fset(sl, F_TARGET, flowGet(fget(sl, F_FLOW), NetFlow.appCpu));
  if ((netCfg(NetCfg.chanFlags) & CHAN_NF_BEFORE) == 0) return PH_CHAN_FILL;
  fset(sl, F_MODE, MODE_PRODUCING);
  return PH_ETH_IP;
}

export function slotRefillStep(): u32 { return Step.ringRefill; }

/** The poll is over: post every slot the consumer has released, up to the ring's size. */
export function slotRefill(sl: usize, q: u32): u32 {
  fset(sl, F_I, 0); // descriptors posted
  fset(sl, F_N, 0); // the consumer's index re-read this time
  return slotRefillNext(sl, q);
}

function slotRefillNext(sl: usize, q: u32): u32 {
  const ch = channelOf(q);
  const tail = driverGet(q, NetDriver.tail);
  const cleaned = tail < driverGet(q, NetDriver.nextToClean) + netCfg(NetCfg.ringEntries);
  if (cleaned) {
    if (ringSpace(chanIndex(tail), chanGet(ch, NetChan.consSeen), slots()) != 0) return PH_CHAN_POST;
    if (fget(sl, F_N) == 0) return PH_CHAN_POST_REFRESH;
  }
  // nothing posted and nothing in the NIC's hands: the queue is starved; poll again (not complete)
  if (tail == driverGet(q, NetDriver.nextToClean)) fset(sl, F_VAL, 0);
  if (fget(sl, F_I) != 0) return PH_REFILL_POST;
  return fget(sl, F_VAL) != 0 ? PH_NAPI_COMPLETE : PH_NETRX_POLL_END;
}

export function slotRefillBegin(sl: usize, phase: u32): void {
  const q = fget(sl, F_QUEUE);
  const ch = channelOf(q);
  if (phase == PH_CHAN_POST_REFRESH) queueLoad(sl, consWords(ch) + CHAN_CONS, 4, R0);
  else {
    const tail = driverGet(q, NetDriver.tail);
    const ring = netCfg(NetCfg.ringEntries);
    queueStore(sl, descAddr(q, tail & (ring - 1)), 8, <u64>slotFrame(ch, ringSlot(chanIndex(tail), slots())));
    queueCompute(sl, cost(NetCost.ringRefill));
  }
}

export function slotRefillEnd(sl: usize, phase: u32): u32 {
  const q = fget(sl, F_QUEUE);
  if (phase == PH_CHAN_POST_REFRESH) {
    chanSet(channelOf(q), NetChan.consSeen, <u32>reg(sl, R0));
    fset(sl, F_N, 1);
  } else {
    driverSet(q, NetDriver.tail, driverGet(q, NetDriver.tail) + 1);
    fset(sl, F_I, fget(sl, F_I) + 1);
  }
  return slotRefillNext(sl, q);
}
