// Waking the reader: sk_data_ready → sock_def_readable → try_to_wake_up (net/core/sock.c,
// kernel/sched/core.c). The waker orders its queueing before its look at the wait word with a full
// barrier (skwq_has_sleeper's smp_mb), as the reader orders its wait word before its last look at the
// queues — so one of the two always sees the other.
//
// With a waiter, the waker takes the run queue's lock of the reader's CPU (ttwu_queue → rq_lock) and marks
// the task runnable. On this CPU that is all (the task runs when the softirq is done); on another CPU the
// waker also reads which task runs there and — if it is the idle task — sends the reschedule IPI once
// the lock is released. The lock is simulated on both, so `wakeup`'s cycles leave its locked op out
// (docs/kernel-costs.md). Under the run-queue lock the reader's
// decision to sleep and this decision are ordered: either the reader sees the wakeup and stays, or the
// waker sees it idle and interrupts it.

import { queueLoad, queueStore, queueCompute, queueOp } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_FENCE, OP_IPI } from "../cpu/ops";
import { kernelWakeTask } from "../cpu/kernel/kernel";
import { Step } from "../shared/steps";
import { NetCost, NetFlow, NetStat, TASK_WAITING, RQ_LOCK, RQ_NR_RUNNING, RQ_CURR, VECTOR_RESCHED } from "../shared/net";
import { fget, fset, F_FLOW, F_TARGET, F_VAL } from "./frame";
import { cost, flowGet, taskAddr, runqueueAddr, netStatAdd } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { PH_WAKE_CHECK, PH_WAKE_LOCAL, PH_WAKE_REMOTE, PH_WAKE_UNLOCK, PH_NETRX_NEXT_PKT } from "./phases";

const R_WAIT: u32 = 0;

export function wakeupBegin(cpu: i32, sl: usize, phase: u32): void {
  const target = fget(sl, F_TARGET);
  switch (phase) {
    case PH_WAKE_CHECK:
      fset(sl, F_TARGET, flowGet(fget(sl, F_FLOW), NetFlow.appCpu));
      queueOp(sl, OP_FENCE, 0, 0, 0, 0, NO_REG);
      queueLoad(sl, taskAddr(flowGet(fget(sl, F_FLOW), NetFlow.appCpu)) + TASK_WAITING, 4, R_WAIT);
      break;
    case PH_WAKE_LOCAL:
      queueStore(sl, taskAddr(target) + TASK_WAITING, 4, 0);
      queueStore(sl, runqueueAddr(target) + RQ_NR_RUNNING, 4, 1);
      queueCompute(sl, cost(NetCost.wakeup));
      queueUnlock(sl);
      break;
    case PH_WAKE_REMOTE:
      queueStore(sl, taskAddr(target) + TASK_WAITING, 4, 0);
      queueStore(sl, runqueueAddr(target) + RQ_NR_RUNNING, 4, 1);
      queueLoad(sl, runqueueAddr(target) + RQ_CURR, 4, R_WAIT);
      queueCompute(sl, cost(NetCost.wakeup));
      break;
    default: // PH_WAKE_UNLOCK
      queueUnlock(sl);
      if (fget(sl, F_VAL) == 0) {
        queueOp(sl, OP_IPI, 0, target, 0, <u64>VECTOR_RESCHED, NO_REG);
        netStatAdd(cpu, NetStat.ipisSent);
      }
  }
}

export function wakeupEnd(cpu: i32, sl: usize, phase: u32): u32 {
  const target = fget(sl, F_TARGET);
  switch (phase) {
    case PH_WAKE_CHECK:
      if (<u32>reg(sl, R_WAIT) == 0) return PH_NETRX_NEXT_PKT;
      return lockThen(sl, runqueueAddr(target) + RQ_LOCK, Step.wakeup, target == <u32>cpu ? PH_WAKE_LOCAL : PH_WAKE_REMOTE);
    case PH_WAKE_LOCAL:
      kernelWakeTask(cpu);
      return PH_NETRX_NEXT_PKT;
    case PH_WAKE_REMOTE:
      fset(sl, F_VAL, <u32>reg(sl, R_WAIT)); // the task running there: 0 = idle
      return PH_WAKE_UNLOCK;
    default:
      return PH_NETRX_NEXT_PKT;
  }
}
