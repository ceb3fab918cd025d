// The application: one thread pinned to its CPU, receiving from its sockets in turn (one socket per
// flow, as a server reads its connections) — each recv a system call (tcp_recvmsg, net/ipv4/tcp.c):
// look at the sockets' queues; lock the one with data (lock_sock), take its first skb, unlock; copy the
// payload to the user buffer (skb_copy_datagram_msg: the source lines as independent loads, the
// destination lines written); free the skb here, on the reader's CPU; return. With RFS, recvmsg records
// the flow's CPU in the global sock flow table when it changed (sock_rps_record_flow).
//
// With every queue empty it waits the way the kernel does (sk_wait_data): it announces itself as a
// waiter, orders that before a last look at the queues (a full barrier, as prepare_to_wait's set_current_
// state), and only then sleeps: under its run queue's lock, and only if no waker has cleared its wait
// word meanwhile — the waker's check runs under the same lock (wakeup.ts). A context switch to the idle
// task and, once woken, one back, each cost contextSwitch cycles and write the run queue.

import { queueLoad, queueStore, queueCompute, queueScan, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_FENCE } from "../cpu/ops";
import { kernelSleepTask, kernelPrepareWait, kernelBhDisable, kernelBhEnable, stepEndTime } from "../cpu/kernel/kernel";
import { Step } from "../shared/steps";
import { LINE_BYTES } from "../sim/layout";
import { PAYLOAD_START } from "../nic/packet";
import {
  NetCfg, NetCost, NetCpu, NetFlow, NET_RFS, SK_LOCK, SK_RQ_HEAD, SK_COPIED_SEQ, TASK_WAITING, RQ_LOCK, RQ_CURR, RQ_NR_RUNNING, USER_BUF_BYTES,
} from "../shared/net";
import { fget, fset, frameReset, call, F_DATA, F_LEN, F_SKB, F_I, F_VAL, F_ROUTINE } from "./frame";
import { netCfg, cost, hasFlag, cpuGet, flowGet, sockAddr, sockQueueSlot, taskAddr, runqueueAddr } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { queueSkbLoads, unpackSkb } from "./skb";
import { deliver } from "./deliver";
import {
  PH_APP_SYSCALL, PH_APP_PEEK, PH_APP_TAKE, PH_APP_DEQ, PH_APP_SKB, PH_APP_COPY, PH_APP_COPY_OUT, PH_APP_EXIT,
  PH_APP_WORK, PH_APP_WAIT, PH_APP_RECHECK, PH_APP_UNWAIT, PH_APP_SLEEP_CHECK, PH_APP_SLEEP, PH_APP_SLEEP_ABORT,
  PH_APP_SWITCH_IN, PH_APP_SWITCH_IN2, PH_SKB_FREE,
} from "./phases";

/** The socket the next look starts at (round robin over the application's sockets). */
const F_CURSOR: u32 = F_ROUTINE;
/** The socket being read. */
const F_SOCK: u32 = F_ROUTINE + 4;
const R0: u32 = 0;
const R1: u32 = 1;

export function recvInit(sl: usize): u32 {
  frameReset(sl, PH_APP_SYSCALL);
  return PH_APP_SYSCALL;
}

export function recvStep(phase: u32): u32 {
  switch (phase) {
    case PH_APP_SYSCALL:
    case PH_APP_EXIT: return Step.syscall;
    case PH_APP_COPY:
    case PH_APP_COPY_OUT: return Step.copyToUser;
    case PH_APP_WORK: return Step.appWork;
    case PH_APP_SLEEP_CHECK:
    case PH_APP_SLEEP:
    case PH_APP_SLEEP_ABORT:
    case PH_APP_SWITCH_IN:
    case PH_APP_SWITCH_IN2: return Step.contextSwitch;
    default: return Step.recvDequeue;
  }
}

@inline function firstSocket(cpu: i32): u32 { return cpuGet(cpu, NetCpu.appSocketFirst); }
@inline function sockets(cpu: i32): u32 { return cpuGet(cpu, NetCpu.appSockets); }
/** The i-th socket to look at, from the cursor. */
@inline function nth(cpu: i32, sl: usize, i: u32): u32 { return firstSocket(cpu) + (fget(sl, F_CURSOR) + i) % sockets(cpu); }
@inline function rfsEntry(sock: u32): u32 {
  const flow = load<u32>(<usize>netCfg(NetCfg.sockFlowBase) + (<usize>sock << 2));
  return netCfg(NetCfg.rpsFlowBase) + flowGet(flow, NetFlow.rfsIndex) * 4;
}

export function recvBegin(cpu: i32, sl: usize, phase: u32): void {
  const sock = fget(sl, F_SOCK);
  switch (phase) {
    case PH_APP_SYSCALL: queueCompute(sl, cost(NetCost.syscallEntry)); break;
    case PH_APP_EXIT: queueCompute(sl, cost(NetCost.syscallExit)); break;
    case PH_APP_WORK: queueCompute(sl, netCfg(NetCfg.appWorkCycles)); break;
    case PH_APP_PEEK:
    case PH_APP_RECHECK: queueLoad(sl, sockAddr(nth(cpu, sl, fget(sl, F_I))) + SK_RQ_HEAD, 8, R0); break;
    case PH_APP_TAKE:
      queueLoad(sl, sockAddr(sock) + SK_RQ_HEAD, 8, R0);
      if (hasFlag(NET_RFS)) queueLoad(sl, rfsEntry(sock), 4, R1);
      break;
    case PH_APP_DEQ: dequeue(cpu, sl, sock); break;
    case PH_APP_SKB: {
      queueSkbLoads(sl);
      break;
    }
    case PH_APP_COPY: copyIn(sl); break;
    case PH_APP_COPY_OUT: copyOut(cpu, sl); break;
    default: waitBegin(cpu, sl, phase);
  }
}

export function recvEnd(cpu: i32, sl: usize, phase: u32): u32 {
  switch (phase) {
    case PH_APP_SYSCALL:
    case PH_APP_SLEEP_ABORT:
    case PH_APP_SWITCH_IN2: return look(sl, PH_APP_PEEK);
    case PH_APP_PEEK:
    case PH_APP_RECHECK: return afterLook(cpu, sl, phase);
    case PH_APP_UNWAIT: return lockThen(sl, sockAddr(fget(sl, F_SOCK)) + SK_LOCK, Step.sockLock, PH_APP_TAKE);
    case PH_APP_TAKE:
      fset(sl, F_VAL, <u32>reg(sl, R0)); // the queue's head
      fset(sl, F_I, <u32>reg(sl, R1)); // the RFS entry as read
      return PH_APP_DEQ;
    case PH_APP_DEQ:
      fset(sl, F_SKB, <u32>reg(sl, R0));
      return PH_APP_SKB;
    case PH_APP_SKB:
      unpackSkb(sl);
      return PH_APP_COPY;
    case PH_APP_COPY: return PH_APP_COPY_OUT;
    case PH_APP_COPY_OUT:
      deliver(cpu, sl, stepEndTime);
      kernelBhDisable(cpu); // the skb goes to this CPU's cache, which its softirq allocates from
      return call(sl, PH_SKB_FREE, PH_APP_EXIT);
    case PH_APP_EXIT:
      kernelBhEnable(cpu);
      return netCfg(NetCfg.appWorkCycles) != 0 ? PH_APP_WORK : PH_APP_SYSCALL;
    case PH_APP_WORK: return PH_APP_SYSCALL;
    case PH_APP_WAIT: return look(sl, PH_APP_RECHECK);
    case PH_APP_SLEEP_CHECK: return <u32>reg(sl, R0) == 0 ? PH_APP_SLEEP_ABORT : PH_APP_SLEEP;
    case PH_APP_SLEEP: // asleep once this step ends; the next step runs when woken
      kernelSleepTask(cpu);
      return PH_APP_SWITCH_IN;
    default: // PH_APP_SWITCH_IN
      return lockThen(sl, runqueueAddr(<u32>cpu) + RQ_LOCK, Step.contextSwitch, PH_APP_SWITCH_IN2);
  }
}

@inline function look(sl: usize, phase: u32): u32 {
  fset(sl, F_I, 0);
  return phase;
}

/** A socket's head and tail are in R0: take it if it has data, else look at the next one. */
function afterLook(cpu: i32, sl: usize, phase: u32): u32 {
  const v = reg(sl, R0);
  const i = fget(sl, F_I);
  if (<u32>v != <u32>(v >> 32)) {
    const sock = nth(cpu, sl, i);
    fset(sl, F_SOCK, sock);
    fset(sl, F_CURSOR, (fget(sl, F_CURSOR) + i + 1) % sockets(cpu));
    if (phase == PH_APP_RECHECK) return PH_APP_UNWAIT;
    return lockThen(sl, sockAddr(sock) + SK_LOCK, Step.sockLock, PH_APP_TAKE);
  }
  if (i + 1 < sockets(cpu)) {
    fset(sl, F_I, i + 1);
    return phase;
  }
  if (phase == PH_APP_PEEK) return PH_APP_WAIT;
  return lockThen(sl, runqueueAddr(<u32>cpu) + RQ_LOCK, Step.contextSwitch, PH_APP_SLEEP_CHECK);
}

/** Under the socket lock: the first skb off the queue, copied_seq moved, the lock released. */
function dequeue(cpu: i32, sl: usize, sock: u32): void {
  const head = fget(sl, F_VAL);
  queueLoad(sl, sockQueueSlot(sock, head), 4, R0);
  queueStore(sl, sockAddr(sock) + SK_RQ_HEAD, 4, <u64>(head + 1));
  queueStore(sl, sockAddr(sock) + SK_COPIED_SEQ, 4, <u64>head);
  queueUnlock(sl);
  if (hasFlag(NET_RFS) && fget(sl, F_I) != <u32>cpu + 1) queueStore(sl, rfsEntry(sock), 4, <u64>(cpu + 1));
  queueCompute(sl, cost(NetCost.recvDequeue));
}

/** The payload's lines, read as independent loads (a copy streams). */
export function copyIn(sl: usize): void {
  const from = fget(sl, F_DATA) + PAYLOAD_START;
  const bytes = fget(sl, F_LEN) - PAYLOAD_START;
  queueScan(sl, from, bytes, LINE_BYTES);
  const lines = ((from + bytes + LINE_BYTES - 1) / LINE_BYTES) - from / LINE_BYTES;
  queueCompute(sl, cost(NetCost.copyPerLine) * lines);
}

/** The user buffer's lines written (one store per line stands for the line's stores). */
export function copyOut(cpu: i32, sl: usize): void {
  const to = netCfg(NetCfg.userBufBase) + <u32>cpu * USER_BUF_BYTES;
  const bytes = fget(sl, F_LEN) - PAYLOAD_START;
  for (let a: u32 = 0; a < bytes; a += LINE_BYTES) queueStore(sl, to + a, 8, <u64>a);
}

function waitBegin(cpu: i32, sl: usize, phase: u32): void {
  const task = taskAddr(<u32>cpu) + TASK_WAITING;
  const rq = runqueueAddr(<u32>cpu);
  if (phase == PH_APP_WAIT) {
    kernelPrepareWait(cpu);
    queueStore(sl, task, 4, 1);
    queueOp(sl, OP_FENCE, 0, 0, 0, 0, NO_REG);
  } else if (phase == PH_APP_UNWAIT) queueStore(sl, task, 4, 0);
  else if (phase == PH_APP_SLEEP_CHECK) queueLoad(sl, task, 4, R0);
  else if (phase == PH_APP_SLEEP_ABORT) queueUnlock(sl);
  else if (phase == PH_APP_SLEEP) {
    queueStore(sl, rq + RQ_CURR, 4, 0);
    queueStore(sl, rq + RQ_NR_RUNNING, 4, 0);
    queueUnlock(sl);
    queueCompute(sl, cost(NetCost.contextSwitch));
  } else if (phase == PH_APP_SWITCH_IN) queueCompute(sl, cost(NetCost.contextSwitch));
  else { // PH_APP_SWITCH_IN2
    queueStore(sl, rq + RQ_CURR, 4, 1);
    queueStore(sl, rq + RQ_NR_RUNNING, 4, 1);
    queueUnlock(sl);
  }
}
