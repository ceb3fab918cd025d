// The channel's consumer, the application's thread on its CPU, in two of the seeds' designs:
//   channel-user: the ring is mapped into the application, and a user-space TCP library takes each packet
//     in place — no system call per packet, no copy to user (Van Jacobson's end point, the first seed);
//   channel-socket: no softirq; each recv(2) pulls from the channel and runs the protocol in the reader's
//     context, on its CPU (Ethernet/IP, netfilter if placed in the consumer, the route and socket lookups,
//     TCP under the socket lock — all local), then copies to user.
// The thread:
//   - looks at the producer's index (its own copy of it, refreshed when it has run out of packets);
//   - per packet: the slot's header line (a pointers ring: the pointer, then the skb), TCP on the
//     headers, the payload read where it lies; then the application's own work;
//   - gives slots back by storing its index once per `releaseBatch` packets, and all of them before it
//     waits;
//   - with an empty channel: busy-polls for net.core.busy_poll's 50 µs if it polls, then asks for a
//     wakeup — bumps its wake count, a full barrier, one more look — and sleeps in poll(2) until the
//     producer's signal (an interrupt on this CPU) wakes it. Each context switch, to the idle task and
//     back, takes the run queue's lock and writes the run queue, as recv.ts's do (__schedule's rq_lock:
//     `contextSwitch`'s cycles leave that lock's locked op to the simulation).

import { queueLoad, queueStore, queueCompute, queueScan, queueOp, queueAtomicAdd } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_FENCE } from "../cpu/ops";
import { kernelSleepTask, kernelPrepareWait, stepEndTime } from "../cpu/kernel/kernel";
import { Step } from "../shared/steps";
import { LINE_BYTES } from "../sim/layout";
import { PAYLOAD_START, TCP_START } from "../nic/packet";
import {
  NetCfg, NetCost, NetCpu, NetChan, NetFlow, CHAN_POINTERS, CHAN_POLL, CHAN_SOCKET, CHAN_PROD, CHAN_CONS, SK_REFCNT,
  RQ_LOCK, RQ_CURR, RQ_NR_RUNNING,
} from "../shared/net";
import { fget, fset, frameReset, call, fsetTime, F_SKB, F_DATA, F_LEN, F_FLOW, F_SEQ, F_N, F_ROUTINE, F_MODE, MODE_CLASSIC, MODE_SOCKET } from "./frame";
import { netCfg, cost, cpuGet, sockAddr, flowGet, runqueueAddr } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { copyIn, copyOut } from "./recv";
import { ringAvailable, ringSlot, slots, prodLine, consWords, wakeWord, slotAddr, slotFrame, pointerAddr, chanGet, chanSet } from "./channel-ring";
import { queueSkbLoads, unpackSkb } from "./skb";
import { deliver } from "./deliver";
import {
  PH_CU_CHECK, PH_CU_SPIN, PH_CU_ARM, PH_CU_SLEEP, PH_CU_WAKE, PH_CU_HDR, PH_CU_SKB, PH_CU_TCP, PH_CU_DATA, PH_CU_RELEASE,
  PH_CU_WORK, PH_SKB_FREE, PH_CS_SYSCALL, PH_CS_UNLOCK, PH_CS_COPY, PH_CS_COPY_OUT, PH_CS_EXIT, PH_ETH_IP,
  PH_CU_WAKE_UNLOCK,
} from "./phases";

/** The producer index this consumer last read. */
const F_PROD_SEEN: u32 = F_ROUTINE;
const R0: u32 = 0;
const R1: u32 = 1;
const R2: u32 = 2;

@inline function channel(cpu: i32): u32 { return cpuGet(cpu, NetCpu.channel); }
@inline function pointers(): bool { return (netCfg(NetCfg.chanFlags) & CHAN_POINTERS) != 0; }

@inline function socketMode(): bool { return (netCfg(NetCfg.chanFlags) & CHAN_SOCKET) != 0; }

export function chanUserInit(cpu: i32, sl: usize): u32 {
  const first = socketMode() ? PH_CS_SYSCALL : PH_CU_CHECK;
  frameReset(sl, first);
  fset(sl, F_PROD_SEEN, chanGet(channel(cpu), NetChan.cons));
  return first;
}

export function chanUserStep(phase: u32): u32 {
  switch (phase) {
    case PH_CU_SLEEP:
    case PH_CU_WAKE:
    case PH_CU_WAKE_UNLOCK: return Step.contextSwitch;
    case PH_CU_HDR:
    case PH_CU_SKB:
    case PH_CU_TCP: return Step.userTcp;
    case PH_CU_WORK: return Step.appWork;
    case PH_CS_SYSCALL:
    case PH_CS_EXIT: return Step.syscall;
    case PH_CS_UNLOCK: return Step.tcpRcv;
    case PH_CS_COPY:
    case PH_CS_COPY_OUT: return Step.copyToUser;
    default: return Step.chanConsume;
  }
}

export function chanUserBegin(cpu: i32, sl: usize, phase: u32): void {
  const ch = channel(cpu);
  const cons = chanGet(ch, NetChan.cons);
  switch (phase) {
    case PH_CU_CHECK: queueLoad(sl, prodLine(ch) + CHAN_PROD, 4, R0); break;
    case PH_CU_SPIN: queueCompute(sl, cost(NetCost.spinPause)); break;
    case PH_CU_ARM: askForWakeup(cpu, sl, ch); break;
    // channel-user sleeps in poll(2) — a system call around the switches; channel-socket is in recv(2) already
    case PH_CU_SLEEP: // under the run queue's lock: the idle task runs next
      queueStore(sl, runqueueAddr(<u32>cpu) + RQ_CURR, 4, 0);
      queueStore(sl, runqueueAddr(<u32>cpu) + RQ_NR_RUNNING, 4, 0);
      queueUnlock(sl);
      queueCompute(sl, (socketMode() ? 0 : cost(NetCost.syscallEntry)) + cost(NetCost.contextSwitch));
      break;
    case PH_CU_WAKE: queueCompute(sl, cost(NetCost.contextSwitch)); break;
    case PH_CU_WAKE_UNLOCK: // under the run queue's lock: this task runs again
      queueStore(sl, runqueueAddr(<u32>cpu) + RQ_CURR, 4, 1);
      queueStore(sl, runqueueAddr(<u32>cpu) + RQ_NR_RUNNING, 4, 1);
      queueUnlock(sl);
      queueCompute(sl, socketMode() ? 0 : cost(NetCost.syscallExit));
      break;
    case PH_CS_SYSCALL: queueCompute(sl, cost(NetCost.syscallEntry)); break;
    case PH_CS_EXIT: queueCompute(sl, cost(NetCost.recvDequeue) + cost(NetCost.syscallExit)); break;
    case PH_CS_UNLOCK: // release_sock, then the lookup's reference dropped (sock_put)
      queueUnlock(sl);
      queueAtomicAdd(sl, sockAddr(flowGet(fget(sl, F_FLOW), NetFlow.socket)) + SK_REFCNT, <u64>-1, NO_REG);
      break;
    case PH_CS_COPY: copyIn(sl); break;
    case PH_CS_COPY_OUT: copyOut(cpu, sl); break;
    case PH_CU_HDR: {
      const s = ringSlot(cons, slots());
      if (pointers()) queueLoad(sl, pointerAddr(ch, s), 8, R0);
      else {
        queueLoad(sl, slotAddr(ch, s), 8, R0);
        queueLoad(sl, slotAddr(ch, s) + 8, 8, R1);
        queueLoad(sl, slotAddr(ch, s) + 16, 8, R2);
      }
      break;
    }
    case PH_CU_SKB: {
      queueSkbLoads(sl);
      break;
    }
    case PH_CU_TCP:
      queueLoad(sl, fget(sl, F_DATA) + TCP_START, 8, R0);
      queueCompute(sl, cost(NetCost.userTcp));
      break;
    case PH_CU_DATA:
      queueScan(sl, fget(sl, F_DATA) + PAYLOAD_START, fget(sl, F_LEN) - PAYLOAD_START, LINE_BYTES);
      queueCompute(sl, cost(NetCost.chanConsume));
      break;
    case PH_CU_RELEASE:
      queueStore(sl, consWords(ch) + CHAN_CONS, 4, <u64>cons);
      chanSet(ch, NetChan.released, cons);
      break;
    default: // PH_CU_WORK
      queueCompute(sl, netCfg(NetCfg.appWorkCycles));
  }
}

export function chanUserEnd(cpu: i32, sl: usize, phase: u32): u32 {
  const ch = channel(cpu);
  switch (phase) {
    case PH_CU_CHECK:
      fset(sl, F_PROD_SEEN, <u32>reg(sl, R0));
      return afterLook(cpu, sl, ch);
    case PH_CU_SPIN: return PH_CU_CHECK;
    case PH_CU_ARM:
      fset(sl, F_PROD_SEEN, <u32>reg(sl, R0));
      if (ringAvailable(fget(sl, F_PROD_SEEN), chanGet(ch, NetChan.cons)) != 0) return PH_CU_HDR;
      return lockThen(sl, runqueueAddr(<u32>cpu) + RQ_LOCK, Step.contextSwitch, PH_CU_SLEEP);
    case PH_CU_SLEEP:
      kernelSleepTask(cpu); // asleep once this step ends, unless the signal already came
      return PH_CU_WAKE;
    case PH_CU_WAKE: return lockThen(sl, runqueueAddr(<u32>cpu) + RQ_LOCK, Step.contextSwitch, PH_CU_WAKE_UNLOCK);
    case PH_CU_WAKE_UNLOCK: return PH_CU_CHECK;
    case PH_CU_HDR: return slotRead(ch, sl);
    case PH_CU_SKB:
      unpackSkb(sl);
      return protocol(sl);
    case PH_CS_SYSCALL: return nextPacket(sl, ch);
    case PH_CS_UNLOCK: return PH_CS_COPY;
    case PH_CS_COPY: return PH_CS_COPY_OUT;
    case PH_CS_COPY_OUT:
      fset(sl, F_MODE, MODE_CLASSIC);
      return consumed(cpu, sl, ch);
    case PH_CS_EXIT: return netCfg(NetCfg.appWorkCycles) != 0 ? PH_CU_WORK : PH_CS_SYSCALL;
    case PH_CU_TCP: return PH_CU_DATA;
    case PH_CU_DATA: return consumed(cpu, sl, ch);
    case PH_CU_RELEASE: return afterPacket(sl, ch);
    default: return socketMode() ? PH_CS_SYSCALL : nextPacket(sl, ch); // PH_CU_WORK
  }
}

/** The packet's protocol processing: the user-space library's, or the kernel's in recv(2). */
function protocol(sl: usize): u32 {
  if (!socketMode()) return PH_CU_TCP;
  fset(sl, F_MODE, MODE_SOCKET);
  return PH_ETH_IP;
}

/** The producer's index is in F_PROD_SEEN: a packet, or busy-polling, or asking for a wakeup. */
function afterLook(cpu: i32, sl: usize, ch: u32): u32 {
  if (ringAvailable(fget(sl, F_PROD_SEEN), chanGet(ch, NetChan.cons)) != 0) {
    fset(sl, F_N, 0);
    return PH_CU_HDR;
  }
  if ((netCfg(NetCfg.chanFlags) & CHAN_POLL) != 0 && fget(sl, F_N) < netCfg(NetCfg.chanPollSpins)) {
    fset(sl, F_N, fget(sl, F_N) + 1);
    return PH_CU_SPIN;
  }
  fset(sl, F_N, 0);
  return PH_CU_ARM;
}

/** Every slot consumed is given back, then the wake count is bumped and the producer's index read once
 *  more, the barrier between them ordering the request before the look. */
function askForWakeup(cpu: i32, sl: usize, ch: u32): void {
  kernelPrepareWait(cpu);
  const asked = chanGet(ch, NetChan.wakeAsked) + 1;
  chanSet(ch, NetChan.wakeAsked, asked);
  const cons = chanGet(ch, NetChan.cons);
  if (chanGet(ch, NetChan.released) != cons) {
    queueStore(sl, consWords(ch) + CHAN_CONS, 4, <u64>cons);
    chanSet(ch, NetChan.released, cons);
  }
  queueStore(sl, wakeWord(ch), 4, <u64>asked);
  queueOp(sl, OP_FENCE, 0, 0, 0, 0, NO_REG);
  queueLoad(sl, prodLine(ch) + CHAN_PROD, 4, R0);
}

/** A buffers ring's header line is in R0–R2; a pointers ring's entry (the skb) in R0. */
function slotRead(ch: u32, sl: usize): u32 {
  if (pointers()) {
    fset(sl, F_SKB, <u32>reg(sl, R0));
    return PH_CU_SKB;
  }
  const h = reg(sl, R0);
  fset(sl, F_DATA, slotFrame(ch, ringSlot(chanGet(ch, NetChan.cons), slots())));
  fset(sl, F_LEN, <u32>h);
  fset(sl, F_FLOW, <u32>(h >> 32));
  fset(sl, F_SEQ, <u32>reg(sl, R1));
  fsetTime(sl, <i64>reg(sl, R2));
  return protocol(sl);
}

/** The packet has been used: checked and measured, its slot consumed (and a pointer ring's skb freed
 *  here); every releaseBatch packets the index is stored. */
function consumed(cpu: i32, sl: usize, ch: u32): u32 {
  deliver(cpu, sl, stepEndTime);
  const cons = chanGet(ch, NetChan.cons) + 1;
  chanSet(ch, NetChan.cons, cons);
  const next = cons - chanGet(ch, NetChan.released) >= netCfg(NetCfg.chanBatch) ? PH_CU_RELEASE : afterPacket(sl, ch);
  return pointers() ? call(sl, PH_SKB_FREE, next) : next;
}

@inline function afterPacket(sl: usize, ch: u32): u32 {
  if (socketMode()) return PH_CS_EXIT;
  return netCfg(NetCfg.appWorkCycles) != 0 ? PH_CU_WORK : nextPacket(sl, ch);
}

/** The next packet by the last-seen producer index, or a fresh look at it once those are used up. */
@inline function nextPacket(sl: usize, ch: u32): u32 {
  return ringAvailable(fget(sl, F_PROD_SEEN), chanGet(ch, NetChan.cons)) != 0 ? PH_CU_HDR : PH_CU_CHECK;
}
