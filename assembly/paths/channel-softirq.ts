// channel-softirq: the channel's consumer is a softirq on the reader's CPU — the first step proposed on
// the kernel list (David Miller: "a simple channel to softint packet processing", the first seed). The
// producer's signal is an interrupt on this CPU that schedules the channel's NAPI instance; the softirq
// pulls packets from the channel (each slot wrapped in an skb, or a pointer ring's skb), runs the protocol
// steps and queues each on its socket — every line local — and wakes the reader, who copies with recv(2).
// With the channel empty it asks for a wakeup (wake count, barrier, one more look) and completes.
//
// Slots go back to the producer in the order they were taken: a buffers ring's slot when the reader frees
// the skb around it (frees can come in another order than the channel's, so the consumer's index moves
// over the freed prefix, once per releaseBatch slots); a pointers ring's slot as soon as its pointer is
// taken.

import { queueLoad, queueStore, queueCompute, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_FENCE } from "../cpu/ops";
import { Step } from "../shared/steps";
import {
  NetCfg, NetCost, NetCpu, NetChan, NetPriv, CHAN_POINTERS, CHAN_SOFTIRQ, CHAN_PROD, CHAN_CONS, CHAN_NAPI_BIT,
} from "../shared/net";
import { fget, fset, call, fsetTime, F_SKB, F_DATA, F_LEN, F_FLOW, F_SEQ, F_VAL, F_ROUTINE } from "./frame";
import { netCfg, cost, cpuGet, privGet, privSet } from "./net-config";
import { ringAvailable, ringSlot, slots, prodLine, consWords, wakeWord, slotAddr, slotFrame, pointerAddr, chanGet, chanSet } from "./channel-ring";
import { queueSkbFields, queueSkbLoads, unpackSkb } from "./skb";
import {
  PH_CQ_CHECK, PH_CQ_ARM, PH_CQ_HDR, PH_CQ_BUILD, PH_CQ_SKB, PH_CQ_RELEASE, PH_SKB_ALLOC, PH_ETH_IP, PH_NETRX_POLL_END,
} from "./phases";

/** The producer index this poll last read (net-rx's frame words are F_ROUTINE … +12). */
const F_PROD_SEEN: u32 = F_ROUTINE + 24;
const R0: u32 = 0;
const R1: u32 = 1;
const R2: u32 = 2;

@inline function channel(cpu: i32): u32 { return cpuGet(cpu, NetCpu.channel); }
@inline function pointers(): bool { return (netCfg(NetCfg.chanFlags) & CHAN_POINTERS) != 0; }
export function chanSoftirq(): bool { return (netCfg(NetCfg.chanFlags) & CHAN_SOFTIRQ) != 0; }

export function cqStep(phase: u32): u32 {
  return phase == PH_CQ_BUILD ? Step.skbAlloc : Step.chanConsume;
}

/** The channel's NAPI is polled (or goes on polling): use the last-seen producer index, else look again. */
export function cqPoll(cpu: i32, sl: usize, first: bool): u32 {
  if (first) return PH_CQ_CHECK;
  return ringAvailable(fget(sl, F_PROD_SEEN), chanGet(channel(cpu), NetChan.cons)) != 0 ? PH_CQ_HDR : PH_CQ_CHECK;
}

export function cqBegin(cpu: i32, sl: usize, phase: u32): void {
  const ch = channel(cpu);
  const s = ringSlot(chanGet(ch, NetChan.cons), slots());
  switch (phase) {
    case PH_CQ_CHECK: queueLoad(sl, prodLine(ch) + CHAN_PROD, 4, R0); break;
    case PH_CQ_ARM: {
      const asked = chanGet(ch, NetChan.wakeAsked) + 1;
      chanSet(ch, NetChan.wakeAsked, asked);
      releaseNow(sl, ch);
      queueStore(sl, wakeWord(ch), 4, <u64>asked);
      queueOp(sl, OP_FENCE, 0, 0, 0, 0, NO_REG);
      queueLoad(sl, prodLine(ch) + CHAN_PROD, 4, R0);
      break;
    }
    case PH_CQ_HDR:
      if (pointers()) queueLoad(sl, pointerAddr(ch, s), 8, R0);
      else {
        queueLoad(sl, slotAddr(ch, s), 8, R0);
        queueLoad(sl, slotAddr(ch, s) + 8, 8, R1);
        queueLoad(sl, slotAddr(ch, s) + 16, 8, R2);
      }
      queueCompute(sl, cost(NetCost.chanConsume));
      break;
    case PH_CQ_BUILD: // build_skb around the slot
      queueSkbFields(sl);
      break;
    case PH_CQ_SKB: {
      queueSkbLoads(sl);
      break;
    }
    default: // PH_CQ_RELEASE
      releaseNow(sl, ch);
  }
}

export function cqEnd(cpu: i32, sl: usize, phase: u32): u32 {
  const ch = channel(cpu);
  switch (phase) {
    case PH_CQ_CHECK:
      fset(sl, F_PROD_SEEN, <u32>reg(sl, R0));
      return ringAvailable(fget(sl, F_PROD_SEEN), chanGet(ch, NetChan.cons)) != 0 ? PH_CQ_HDR : PH_CQ_ARM;
    case PH_CQ_ARM:
      fset(sl, F_PROD_SEEN, <u32>reg(sl, R0));
      if (ringAvailable(fget(sl, F_PROD_SEEN), chanGet(ch, NetChan.cons)) != 0) return PH_CQ_HDR;
      privSet(cpu, NetPriv.pollList, privGet(cpu, NetPriv.pollList) & ~(1 << CHAN_NAPI_BIT)); // napi_complete
      fset(sl, F_VAL, 1);
      return PH_NETRX_POLL_END;
    case PH_CQ_HDR: return slotTaken(sl, ch);
    case PH_CQ_BUILD: return PH_ETH_IP;
    case PH_CQ_SKB:
      unpackSkb(sl);
      return chanGet(ch, NetChan.cons) - chanGet(ch, NetChan.released) >= netCfg(NetCfg.chanBatch) ? PH_CQ_RELEASE : PH_ETH_IP;
    default: return PH_ETH_IP; // PH_CQ_RELEASE
  }
}

/** The slot's contents are in the registers; the slot is taken (the consumer's private index moves). */
function slotTaken(sl: usize, ch: u32): u32 {
  const cons = chanGet(ch, NetChan.cons);
  chanSet(ch, NetChan.cons, cons + 1);
  if (pointers()) {
    fset(sl, F_SKB, <u32>reg(sl, R0));
    return PH_CQ_SKB;
  }
  const h = reg(sl, R0);
  fset(sl, F_DATA, slotFrame(ch, ringSlot(cons, slots())));
  fset(sl, F_LEN, <u32>h);
  fset(sl, F_FLOW, <u32>(h >> 32));
  fset(sl, F_SEQ, <u32>reg(sl, R1));
  fsetTime(sl, <i64>reg(sl, R2));
  return call(sl, PH_SKB_ALLOC, PH_CQ_BUILD);
}

/** Stores the consumer index up to what may be released: every slot taken (pointers ring), or the
 *  prefix whose skbs have been freed (buffers ring). */
function releaseNow(sl: usize, ch: u32): void {
  const upTo = pointers() ? chanGet(ch, NetChan.cons) : freedPrefix(ch);
  if (upTo == chanGet(ch, NetChan.released)) return;
  queueStore(sl, consWords(ch) + CHAN_CONS, 4, <u64>upTo);
  chanSet(ch, NetChan.released, upTo);
}

// --- the freed-slot bitmap of a buffers ring (host-only; only the reader's CPU touches it, and the
// reader frees with bottom halves disabled, so the softirq and the reader never interleave here) ---

@inline function freedByte(ch: u32, s: u32): usize {
  return <usize>netCfg(NetCfg.chanFreedBase) + <usize>(ch * ((slots() + 7) >> 3) + (s >> 3));
}

/** The freed prefix advanced over every slot freed so far (their bits cleared as it passes). */
function freedPrefix(ch: u32): u32 {
  let i = chanGet(ch, NetChan.freedTo);
  const taken = chanGet(ch, NetChan.cons);
  while (i != taken) {
    const s = ringSlot(i, slots());
    const p = freedByte(ch, s);
    const bit = <u8>(<u32>1 << (s & 7));
    if ((load<u8>(p) & bit) == 0) break;
    store<u8>(p, load<u8>(p) & ~bit);
    i++;
  }
  chanSet(ch, NetChan.freedTo, i);
  return i;
}

/** The reader freed the skb around the slot frame at `data`: the slot is marked free, and once the freed
 *  prefix has grown by a release batch the consumer's index is stored. */
export function cqFreed(cpu: i32, sl: usize, data: u32): void {
  const ch = channel(cpu);
  const s = (data - slotFrame(ch, 0)) / netCfg(NetCfg.chanSlotBytes);
  const p = freedByte(ch, s);
  store<u8>(p, load<u8>(p) | <u8>(<u32>1 << (s & 7)));
  const upTo = freedPrefix(ch);
  if (upTo - chanGet(ch, NetChan.released) < netCfg(NetCfg.chanBatch)) return;
  queueStore(sl, consWords(ch) + CHAN_CONS, 4, <u64>upTo);
  chanSet(ch, NetChan.released, upTo);
}
