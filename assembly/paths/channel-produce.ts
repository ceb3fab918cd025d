// The channel's producer on the interrupt CPU: the driver hands each packet to its flow's channel
// instead of the stack (vj_get_buffer, then vj_netif_rx once the data is in place: the first seed).
//   - classify (software classifier): the transport signature's bucket in the channel table;
//   - get a slot: free by the last-seen consumer index, else re-read the consumer's index; a channel
//     still full drops the packet (channel_full);
//   - buffers ring: the packet is copied into the slot (its lines read, the slot's written whole) with a
//     header line (length, flow, arrival); pointers ring: the slot gets the skb's number — no copy;
//   - publish: store the producer index; a full barrier (smp_mb, so the store is seen before the
//     consumer's wake count is read — the consumer orders its wake request before its last look the
//     same way); read the consumer's wake count; if it differs from the count of wakeups sent, signal
//     the consumer's CPU (an interrupt) and record it on the producer's line.
// With netfilter before the channel, Ethernet/IP receive, conntrack and the rules run here first (the
// roadblock of the second seed).

import { queueLoad, queueStore, queueCompute, queueScan, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_FENCE, OP_IPI } from "../cpu/ops";
import { Step } from "../shared/steps";
import { LINE_BYTES } from "../sim/layout";
import {
  NetCfg, NetCost, NetFlow, NetChan, NetStat, CHAN_SW_CLASSIFIER, CHAN_POINTERS, CHAN_PROD, CHAN_PROD_WAKE, CHAN_CONS,
  VECTOR_CHAN,
} from "../shared/net";
import { fget, fset, call, ftime, F_SKB, F_DATA, F_LEN, F_FLOW, F_SEQ, F_TARGET, F_ROUTINE } from "./frame";
import { netCfg, cost, flowGet, netStatAdd } from "./net-config";
import { ringSpace, ringSlot, slots, prodLine, consWords, wakeWord, slotAddr, slotFrame, pointerAddr, chanGet, chanSet } from "./channel-ring";
import {
  PH_CHAN_CLASSIFY, PH_CHAN_REFRESH, PH_CHAN_COPY, PH_CHAN_FILL, PH_CHAN_PUBLISH, PH_CHAN_SIGNAL, PH_SKB_FREE, PH_NETRX_NEXT_PKT,
} from "./phases";

/** The channel of the packet in hand (beyond net-rx's own words). */
const F_CH: u32 = F_ROUTINE + 16;
const R0: u32 = 0;

@inline function chanFlag(f: u32): bool { return (netCfg(NetCfg.chanFlags) & f) != 0; }

export function produceStep(phase: u32): u32 {
  return phase == PH_CHAN_CLASSIFY ? Step.chanClassify : Step.chanProduce;
}

/** The packet leaves the stack for its flow's channel. */
export function produceEntry(sl: usize): u32 {
  fset(sl, F_CH, flowGet(fget(sl, F_FLOW), NetFlow.channel));
  fset(sl, F_TARGET, flowGet(fget(sl, F_FLOW), NetFlow.appCpu));
  if (nicSlots()) return PH_CHAN_FILL; // already in its slot: the NIC's queue had it posted
  return chanFlag(CHAN_SW_CLASSIFIER) ? PH_CHAN_CLASSIFY : getSlot(sl);
}

/** A slot, if the last-seen consumer index leaves one; else the consumer's index is read again. */
function getSlot(sl: usize): u32 {
  const ch = fget(sl, F_CH);
  if (ringSpace(chanGet(ch, NetChan.prod), chanGet(ch, NetChan.consSeen), slots()) != 0) return fill(sl);
  return PH_CHAN_REFRESH;
}

@inline function fill(sl: usize): u32 { return chanFlag(CHAN_POINTERS) ? PH_CHAN_FILL : PH_CHAN_COPY; }

export function produceBegin(cpu: i32, sl: usize, phase: u32): void {
  const ch = fget(sl, F_CH);
  switch (phase) {
    case PH_CHAN_CLASSIFY: {
      const bucket = flowGet(fget(sl, F_FLOW), NetFlow.hash) & netCfg(NetCfg.chanTableMask);
      queueLoad(sl, netCfg(NetCfg.chanTableBase) + bucket * 8, 8, R0);
      queueCompute(sl, cost(NetCost.chanClassify));
      break;
    }
    case PH_CHAN_REFRESH:
      queueLoad(sl, consWords(ch) + CHAN_CONS, 4, R0);
      break;
    case PH_CHAN_COPY: {
      const from = fget(sl, F_DATA);
      queueScan(sl, from, fget(sl, F_LEN), LINE_BYTES);
      queueCompute(sl, cost(NetCost.copyPerLine) * lines(from, fget(sl, F_LEN)));
      break;
    }
    case PH_CHAN_FILL:
      fillSlot(sl, ch);
      break;
    case PH_CHAN_PUBLISH:
      queueStore(sl, prodLine(ch) + CHAN_PROD, 4, <u64>(chanGet(ch, NetChan.prod) + 1));
      queueOp(sl, OP_FENCE, 0, 0, 0, 0, NO_REG);
      queueLoad(sl, wakeWord(ch), 4, R0);
      queueCompute(sl, cost(NetCost.chanProduce));
      break;
    default: // PH_CHAN_SIGNAL
      queueStore(sl, prodLine(ch) + CHAN_PROD_WAKE, 4, <u64>chanGet(ch, NetChan.wakeSent));
      queueOp(sl, OP_IPI, 0, fget(sl, F_TARGET), 0, <u64>VECTOR_CHAN, NO_REG);
      netStatAdd(cpu, NetStat.ipisSent);
  }
}

export function produceEnd(cpu: i32, sl: usize, phase: u32): u32 {
  const ch = fget(sl, F_CH);
  switch (phase) {
    case PH_CHAN_CLASSIFY: return getSlot(sl);
    case PH_CHAN_REFRESH:
      chanSet(ch, NetChan.consSeen, <u32>reg(sl, R0));
      if (ringSpace(chanGet(ch, NetChan.prod), chanGet(ch, NetChan.consSeen), slots()) != 0) return fill(sl);
      if (fget(sl, F_SEQ) >= netCfg(NetCfg.warmupPackets)) netStatAdd(cpu, NetStat.droppedChannel);
      return call(sl, PH_SKB_FREE, PH_NETRX_NEXT_PKT);
    case PH_CHAN_COPY: return PH_CHAN_FILL;
    case PH_CHAN_FILL: return PH_CHAN_PUBLISH;
    case PH_CHAN_PUBLISH: {
      chanSet(ch, NetChan.prod, chanGet(ch, NetChan.prod) + 1);
      const asked = <u32>reg(sl, R0);
      if (asked != chanGet(ch, NetChan.wakeSent)) {
        chanSet(ch, NetChan.wakeSent, asked);
        return PH_CHAN_SIGNAL;
      }
      return done(sl);
    }
    default: return done(sl);
  }
}

/** The packet is in the channel: a copied packet's skb goes back to this CPU's cache; a pointer ring's
 *  skb travels on, to be freed by the consumer. */
function done(sl: usize): u32 {
  if (nicSlots() || chanFlag(CHAN_POINTERS)) return PH_NETRX_NEXT_PKT;
  return call(sl, PH_SKB_FREE, PH_NETRX_NEXT_PKT);
}

/** The NIC wrote the packet into the slot itself (its classifier, a buffers ring): there is no skb. */
@inline function nicSlots(): bool { return !chanFlag(CHAN_SW_CLASSIFIER) && !chanFlag(CHAN_POINTERS); }

/** Lines spanned by `bytes` from `addr`. */
@inline function lines(addr: u32, bytes: u32): u32 { return (addr + bytes + LINE_BYTES - 1) / LINE_BYTES - addr / LINE_BYTES; }

/** The slot's contents: a pointers ring gets the skb's number; a buffers ring gets its header line and
 *  the frame, each line written whole from the skb's buffer (a line-copy store: the bytes move when the
 *  store drains, with the line held modified, as a real copy's stores would). */
function fillSlot(sl: usize, ch: u32): void {
  const s = ringSlot(chanGet(ch, NetChan.prod), slots());
  if (chanFlag(CHAN_POINTERS)) {
    queueStore(sl, pointerAddr(ch, s), 8, <u64>fget(sl, F_SKB));
    queueCompute(sl, cost(NetCost.chanProduce));
    return;
  }
  const hdr = slotAddr(ch, s);
  queueStore(sl, hdr, 8, <u64>fget(sl, F_LEN) | (<u64>fget(sl, F_FLOW) << 32));
  queueStore(sl, hdr + 8, 8, <u64>fget(sl, F_SEQ));
  queueStore(sl, hdr + 16, 8, <u64>ftime(sl));
  if (nicSlots()) { // the frame is already in the slot: only the header is written
    queueCompute(sl, cost(NetCost.chanProduce));
    return;
  }
  const from = fget(sl, F_DATA);
  const to = slotFrame(ch, s);
  for (let o: u32 = 0; o < fget(sl, F_LEN); o += LINE_BYTES) queueStore(sl, to + o, LINE_BYTES, <u64>(from + o));
  queueCompute(sl, cost(NetCost.chanProduce));
}
