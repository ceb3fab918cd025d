// The NIC driver's receive side, on the CPU its queue interrupts (modelled on ixgbe_clean_rx_irq and
// ixgbe_alloc_rx_buffers, drivers/net/ethernet/intel/ixgbe/ixgbe_main.c, with the buffer handling of the
// drivers that receive straight into an skb, e1000's netdev_alloc_skb at refill):
//   - look at the descriptor at next_to_clean (never past the tail: descriptors beyond it are not
//     posted); without DD the ring is empty and the poll ends;
//   - with DD, take the skb that was posted there, read the packet's header line (eth_type_trans) and
//     fill in the skb's fields (length, protocol, hash, timestamp);
//   - at the end of the poll, give every cleaned descriptor a new skb from this CPU's cache, write the
//     descriptor (the buffer's address; DD cleared) and the tail register once (an MMIO, which waits for
//     the descriptor stores: the wmb before the doorbell).
// The packet's buffer is the skb's: it leaves the ring with the skb and comes back to a ring only when
// the reader has freed the skb and some CPU's refill allocates it again.

import { queueLoad, queueStore, queueCompute, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_MMIO } from "../cpu/ops";
import { Step } from "../shared/steps";
import { NetCost, NetDriver, NET_RPS, CHAN_NF_BEFORE } from "../shared/net";
import { produceEntry } from "./channel-produce";
import { queueSkbFields } from "./skb";
import { slotQueue, slotPacket, slotRefill } from "./channel-queue";
import { NIC_DESC_DD, NicReg, NicSlot } from "../shared/nic";
import { descAddr, slot } from "../nic/nic-state";
import { IP_START } from "../nic/packet";
import {
  fget, fset, call, fsetTime, F_SKB, F_DATA, F_LEN, F_QUEUE, F_FLOW, F_SEQ, F_VAL, F_I, F_MODE, MODE_PRODUCING,
} from "./frame";
import { netCfg, cost, hasFlag, driverGet, driverSet, descSkbAt, skbData } from "./net-config";
import { NetCfg } from "../shared/net";
import {
  PH_RX_DESC, PH_RX_HDR, PH_REFILL_PUT, PH_REFILL_POST, PH_SKB_ALLOC, PH_RPS_GET, PH_ETH_IP, PH_NAPI_COMPLETE,
  PH_NETRX_POLL_END,
} from "./phases";

const R_DESC0: u32 = 0;
const R_DESC1: u32 = 1;
const R_SCRATCH: u32 = 2;

@inline function ring(): u32 { return netCfg(NetCfg.ringEntries); }

export function driverStep(phase: u32): u32 {
  return phase == PH_RX_DESC || phase == PH_RX_HDR ? Step.driverRx : Step.ringRefill;
}

/** The next packet of queue `q`'s poll: its descriptor, unless every posted one has been cleaned. */
export function driverNext(sl: usize, q: u32): u32 {
  if (driverGet(q, NetDriver.nextToClean) != driverGet(q, NetDriver.tail)) return PH_RX_DESC;
  fset(sl, F_VAL, 1);
  return startRefill(sl, q);
}

export function driverBegin(sl: usize, phase: u32): void {
  const q = fget(sl, F_QUEUE);
  if (phase == PH_RX_DESC) {
    const d = descAddr(q, driverGet(q, NetDriver.nextToClean) & (ring() - 1));
    queueLoad(sl, d, 8, R_DESC0);
    queueLoad(sl, d + 8, 8, R_DESC1);
  } else if (phase == PH_RX_HDR) fillSkb(sl);
  else if (phase == PH_REFILL_PUT) {
    const tail = driverGet(q, NetDriver.tail);
    queueStore(sl, descAddr(q, tail & (ring() - 1)), 8, <u64>skbData(fget(sl, F_SKB)));
    queueCompute(sl, cost(NetCost.ringRefill));
  } else queueOp(sl, OP_MMIO, 0, NicReg.rxTail | (q << 16), 0, <u64>driverGet(q, NetDriver.tail), NO_REG);
}

export function driverEnd(sl: usize, phase: u32): u32 {
  const q = fget(sl, F_QUEUE);
  if (phase == PH_RX_DESC) return descriptorRead(sl, q);
  if (phase == PH_RX_HDR) {
    if (netCfg(NetCfg.chanFlags) != 0) return toChannel(sl);
    return hasFlag(NET_RPS) ? PH_RPS_GET : PH_ETH_IP;
  }
  if (phase == PH_REFILL_PUT) {
    const tail = driverGet(q, NetDriver.tail);
    store<u32>(descSkbAt(q, tail & (ring() - 1)), fget(sl, F_SKB));
    driverSet(q, NetDriver.tail, tail + 1);
    fset(sl, F_I, fget(sl, F_I) + 1);
    return refillNext(sl, q);
  }
  return fget(sl, F_VAL) != 0 ? PH_NAPI_COMPLETE : PH_NETRX_POLL_END; // PH_REFILL_POST
}

/** On a channel path the packet goes to its channel — after Ethernet/IP and netfilter when netfilter
 *  runs before the channel (protocol.ts hands it on after the rules). */
function toChannel(sl: usize): u32 {
  if ((netCfg(NetCfg.chanFlags) & CHAN_NF_BEFORE) == 0) return produceEntry(sl);
  fset(sl, F_MODE, MODE_PRODUCING);
  return PH_ETH_IP;
}

/** The descriptor's words are in the registers: without DD the ring is empty (F_VAL = 1) and the poll
 *  ends with a refill; with DD the packet is taken. Its arrival time and index are the NIC's records of
 *  the slot, which the NIC wrote before the descriptor (as a hardware timestamp would be). */
function descriptorRead(sl: usize, q: u32): u32 {
  const w0 = reg(sl, R_DESC0);
  if ((<u32>(w0 >> 48) & NIC_DESC_DD) == 0) {
    fset(sl, F_VAL, 1);
    return startRefill(sl, q);
  }
  const ntc = driverGet(q, NetDriver.nextToClean);
  const i = ntc & (ring() - 1);
  driverSet(q, NetDriver.nextToClean, ntc + 1);
  const slotted = slotQueue(q);
  fset(sl, F_SKB, slotted ? 0 : load<u32>(descSkbAt(q, i)));
  fset(sl, F_DATA, <u32>w0);
  fset(sl, F_LEN, <u32>(w0 >> 32) & 0xffff);
  fset(sl, F_FLOW, <u32>(reg(sl, R_DESC1) >> 32));
  const s = slot(q, i);
  fset(sl, F_SEQ, load<u32>(s + NicSlot.seq));
  fsetTime(sl, load<i64>(s + NicSlot.arrival));
  return slotted ? slotPacket(sl, q) : PH_RX_HDR;
}

/** The header line read; the skb's first line written with what the packet's path reads back. */
function fillSkb(sl: usize): void {
  queueLoad(sl, fget(sl, F_DATA) + IP_START, 8, R_SCRATCH);
  queueSkbFields(sl);
  queueCompute(sl, cost(NetCost.driverRx));
}

/** The poll is over (F_VAL: 1 the ring was empty, 0 the weight was used up): refill what it cleaned. */
export function startRefill(sl: usize, q: u32): u32 {
  if (slotQueue(q)) return slotRefill(sl, q);
  fset(sl, F_I, 0); // descriptors posted by this refill
  return refillNext(sl, q);
}

function refillNext(sl: usize, q: u32): u32 {
  // descriptor `tail` may be posted again once the driver has cleaned it (tail − ring < next_to_clean)
  if (driverGet(q, NetDriver.tail) < driverGet(q, NetDriver.nextToClean) + ring()) return call(sl, PH_SKB_ALLOC, PH_REFILL_PUT);
  if (fget(sl, F_I) != 0) return PH_REFILL_POST;
  return fget(sl, F_VAL) != 0 ? PH_NAPI_COMPLETE : PH_NETRX_POLL_END;
}
