// The NIC driver's receive side, on the CPU its queue interrupts (ixgbe_clean_rx_irq and
// ixgbe_alloc_rx_buffers, drivers/net/ethernet/intel/ixgbe/ixgbe_main.c):
//   - look at the descriptor at next_to_clean; without DD the ring is empty and the poll ends;
//   - with DD, read the packet's header line (eth_type_trans reads the Ethernet header) and mark the
//     buffer in use: the skb built around it holds it until the reader frees the skb;
//   - at the end of the poll, post buffers back: walk from the tail while the buffers are free again,
//     rewrite each descriptor (which clears DD) and write the tail register once (an MMIO).
// A buffer still held by an skb stops the walk, so a reader that falls behind starves the ring and
// the NIC drops with rx_ring_full, the same back-pressure ixgbe's page reuse gives when pages are
// not yet released.

import { queueLoad, queueStore, queueCompute, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_MMIO } from "../cpu/ops";
import { Step } from "../shared/steps";
import { NetCfg, NetCost, NetDriver, NET_RPS } from "../shared/net";
import { NIC_DESC_DD, NicReg, NicSlot } from "../shared/nic";
import { descAddr, bufferAddr, slot } from "../nic/nic-state";
import { IP_START } from "../nic/packet";
import { fget, fset, call, fsetTime, F_DATA, F_LEN, F_QUEUE, F_DESC, F_FLOW, F_SEQ, F_N, F_I, F_VAL } from "./frame";
import { netCfg, cost, hasFlag, driverGet, driverSet } from "./net-config";
import { PH_RX_DESC, PH_RX_HDR, PH_REFILL, PH_REFILL_POST, PH_SKB_ALLOC, PH_RPS_GET, PH_ETH_IP, PH_NAPI_COMPLETE, PH_NETRX_POLL_END } from "./phases";

const R_DESC0: u32 = 0;
const R_DESC1: u32 = 1;
const R_SCRATCH: u32 = 2;
/** Descriptors posted back per poll at most (ixgbe refills in batches of IXGBE_RX_BUFFER_WRITE = 16;
 *  two batches here keep a step's ops within its queue). */
const REFILL_MAX: u32 = 32;

@inline function ring(): u32 { return netCfg(NetCfg.ringEntries); }
@inline function bufRef(q: u32, i: u32): u32 { return netCfg(NetCfg.bufRefBase) + q * ring() + i; }

export function driverStep(phase: u32): u32 {
  return phase == PH_RX_DESC || phase == PH_RX_HDR ? Step.driverRx : Step.ringRefill;
}

export function driverBegin(sl: usize, phase: u32): void {
  const q = fget(sl, F_QUEUE);
  if (phase == PH_RX_DESC) {
    const d = descAddr(q, driverGet(q, NetDriver.nextToClean) & (ring() - 1));
    queueLoad(sl, d, 8, R_DESC0);
    queueLoad(sl, d + 8, 8, R_DESC1);
  } else if (phase == PH_RX_HDR) {
    queueLoad(sl, fget(sl, F_DATA) + IP_START, 8, R_SCRATCH);
    queueStore(sl, bufRef(q, fget(sl, F_DESC)), 1, 1);
    queueCompute(sl, cost(NetCost.driverRx));
  } else if (phase == PH_REFILL) {
    const i = driverGet(q, NetDriver.tail) & (ring() - 1);
    queueLoad(sl, bufRef(q, i & ~7), 8, R_SCRATCH);
  } else postBuffers(sl, q);
}

export function driverEnd(sl: usize, phase: u32): u32 {
  const q = fget(sl, F_QUEUE);
  if (phase == PH_RX_DESC) return descriptorRead(sl, q);
  if (phase == PH_RX_HDR) return call(sl, PH_SKB_ALLOC, hasFlag(NET_RPS) ? PH_RPS_GET : PH_ETH_IP);
  if (phase == PH_REFILL) return walkFreeBuffers(sl, q);
  return fget(sl, F_VAL) != 0 ? PH_NAPI_COMPLETE : PH_NETRX_POLL_END;
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
  fset(sl, F_DATA, <u32>w0);
  fset(sl, F_LEN, <u32>(w0 >> 32) & 0xffff);
  fset(sl, F_FLOW, <u32>(reg(sl, R_DESC1) >> 32));
  fset(sl, F_DESC, i);
  const s = slot(q, i);
  fset(sl, F_SEQ, load<u32>(s + NicSlot.seq));
  fsetTime(sl, load<i64>(s + NicSlot.arrival));
  return PH_RX_HDR;
}

/** The poll is over (F_VAL: 1 the ring was empty, 0 the weight was used up): post freed buffers. */
export function startRefill(sl: usize, q: u32): u32 {
  fset(sl, F_N, driverGet(q, NetDriver.tail));
  fset(sl, F_I, 0);
  return canPost(q) ? PH_REFILL : afterRefill(sl);
}

@inline function canPost(q: u32): bool {
  // descriptor `tail` may be posted once the driver has looked at it (tail − ring < next_to_clean)
  return driverGet(q, NetDriver.tail) < driverGet(q, NetDriver.nextToClean) + ring();
}

@inline function afterRefill(sl: usize): u32 {
  return fget(sl, F_VAL) != 0 ? PH_NAPI_COMPLETE : PH_NETRX_POLL_END;
}

/** Eight reference bytes are in the register: advance the tail over free buffers. */
function walkFreeBuffers(sl: usize, q: u32): u32 {
  const bytes = reg(sl, R_SCRATCH);
  let tail = driverGet(q, NetDriver.tail);
  let posted = fget(sl, F_I);
  let wordDone = true;
  for (let j = tail & 7; j < 8; j++) {
    if (!canPost(q) || posted == REFILL_MAX || <u8>(bytes >> (j << 3)) != 0) {
      wordDone = false;
      break;
    }
    tail++;
    posted++;
    driverSet(q, NetDriver.tail, tail);
  }
  fset(sl, F_I, posted);
  if (wordDone && canPost(q) && posted < REFILL_MAX) return PH_REFILL; // the next eight buffers
  return posted != 0 ? PH_REFILL_POST : afterRefill(sl);
}

/** Rewrites the posted descriptors (buffer address, DD cleared) and moves the tail register. */
function postBuffers(sl: usize, q: u32): void {
  const from = fget(sl, F_N);
  const to = driverGet(q, NetDriver.tail);
  for (let n = from; n != to; n++) {
    const i = n & (ring() - 1);
    queueStore(sl, descAddr(q, i), 8, <u64>bufferAddr(q, i));
  }
  queueCompute(sl, cost(NetCost.ringRefill) * (to - from));
  queueOp(sl, OP_MMIO, 0, NicReg.rxTail | (q << 16), 0, <u64>to, NO_REG);
}
