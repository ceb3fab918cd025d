// The kernel program: what a CPU runs when it runs an operating system instead of a plain access program.
// Three contexts share the CPU, as in Linux: the task (process context), the softirq, the hardirq. Each
// runs a routine (routines.ts), one step at a time; every op of a step is handed to the core in turn, so
// all the core's timing (misses, store buffer, MSHRs) applies to kernel work unchanged.
//
// Interrupts are taken only between steps (a step models a stretch of code that runs with interrupts
// off, or that we do not split). A hardirq costs `irqEntry` cycles, runs its routine, costs `irqExit`;
// on the way out, if it interrupted the task and a softirq was raised, the softirq runs before the task
// resumes (irq_exit → do_softirq, kernel/softirq.c). A softirq interrupted by a hardirq resumes after
// it. With nothing to run, the CPU idles in an IDLE op until an interrupt arrives.
//
// Cycles are charged to the step that was running: from its first op's issue to the issue of the next
// step's first op (stepCycles per CPU and step id; docs explain how they become cycles per packet).

import { kernel, slot, TASK, SOFTIRQ, HARDIRQ, NO_CONTEXT, K_RUNNING, K_ACTIVE, K_PENDING_IRQ, K_PENDING_SOFTIRQ,
  K_TASK_SLEEPING, K_IRQ_ENTRY, K_IRQ_EXIT, K_SOFTIRQ_ENTRY, K_IRQ_ROUTINE, K_SOFTIRQ_ROUTINE, K_LAST_VECTOR,
  K_TASK_WOKEN, K_BH_DISABLED, K_SOFTIRQ_DEFERRED, S_ROUTINE, S_STEP, S_BEGUN, S_NOPS, S_NEXT, S_PENDING_REG, S_STEP_START, S_QUEUE, NO_REG, setReg } from "./state";
import { routineInit, routineBegin, routineEnd, STEP_DONE } from "./routines";
import { queueCompute } from "./emit-op";
import { emit } from "../programs/emit";
import { OP_IDLE, OP_CAS } from "../ops";
import { C_LAST_VALUE } from "../state";
import { Step } from "../../shared/steps";
import { stepStat } from "../../sim/stats";

@inline function get(cpu: i32, f: usize): u32 { return load<u32>(kernel(cpu) + f); }
@inline function put(cpu: i32, f: usize, v: u32): void { store<u32>(kernel(cpu) + f, v); }

/** The next op of the running context, taking interrupts and switching contexts between steps. */
export function kernelNext(cpu: i32, s: usize, t: i64): void {
  for (;;) {
    const c = get(cpu, K_RUNNING);
    if (c == NO_CONTEXT) {
      if (pickContext(cpu)) continue;
      emit(s, OP_IDLE, 0, 0, 0, 0); // a kernel never halts: it idles until an interrupt
      return;
    }
    const sl = slot(cpu, c);
    const dest = load<u32>(sl, S_PENDING_REG);
    if (dest != NO_REG) {
      setReg(sl, dest, load<u64>(s, C_LAST_VALUE));
      store<u32>(sl, NO_REG, S_PENDING_REG);
    }
    if (load<u32>(sl, S_BEGUN) != 0) {
      const next = load<u32>(sl, S_NEXT);
      if (next < load<u32>(sl, S_NOPS)) {
        emitQueued(s, sl, next);
        return;
      }
      endStep(cpu, c, sl, t);
    }
    // between steps
    if (get(cpu, K_PENDING_IRQ) != 0 && c != HARDIRQ) {
      enterHardirq(cpu);
      continue;
    }
    const step = load<u32>(sl, S_STEP);
    if (step == STEP_DONE) {
      leave(cpu, c);
      continue;
    }
    if (c == TASK && get(cpu, K_SOFTIRQ_DEFERRED) != 0 && get(cpu, K_BH_DISABLED) == 0) {
      put(cpu, K_SOFTIRQ_DEFERRED, 0);
      if (get(cpu, K_PENDING_SOFTIRQ) != 0) {
        enterSoftirq(cpu);
        continue;
      }
    }
    if (c == TASK && get(cpu, K_TASK_SLEEPING) != 0) {
      put(cpu, K_RUNNING, highestRunnable(cpu));
      continue;
    }
    beginStep(cpu, sl, step, t);
  }
}

function emitQueued(s: usize, sl: usize, i: u32): void {
  const q = sl + S_QUEUE + (<usize>i << 4);
  const kind = <u32>load<u8>(q);
  const value = load<u64>(q, 8);
  emit(s, kind, load<u8>(q, 1), load<u32>(q, 4), load<u8>(q, 2), value);
  store<u32>(sl, i + 1, S_NEXT);
  store<u32>(sl, <u32>load<u8>(q, 3), S_PENDING_REG);
  assert(kind != OP_CAS, "queued CAS is not supported: use atomic add");
}

function beginStep(cpu: i32, sl: usize, step: u32, t: i64): void {
  store<u32>(sl, 0, S_NOPS);
  store<u32>(sl, 0, S_NEXT);
  store<u32>(sl, 1, S_BEGUN);
  store<i64>(sl, t, S_STEP_START);
  if (step == Step.irqEntry) queueCompute(sl, get(cpu, K_IRQ_ENTRY));
  else if (step == Step.irqExit) queueCompute(sl, get(cpu, K_IRQ_EXIT));
  else if (step == Step.softirqEntry) queueCompute(sl, get(cpu, K_SOFTIRQ_ENTRY));
  else routineBegin(cpu, sl, load<u32>(sl, S_ROUTINE));
}

/** Charges the finished step and decides the next one (kernel-managed entry/exit steps around routines). */
function endStep(cpu: i32, c: u32, sl: usize, t: i64): void {
  const step = load<u32>(sl, S_STEP);
  stepEndTime = t;
  stepStat(cpu, step, <u64>(t - load<i64>(sl, S_STEP_START)));
  store<u32>(sl, 0, S_BEGUN);
  let next: u32;
  if (step == Step.irqEntry || step == Step.softirqEntry) next = routineInit(cpu, sl, load<u32>(sl, S_ROUTINE));
  else if (step == Step.irqExit) next = STEP_DONE;
  else next = routineEnd(cpu, sl, load<u32>(sl, S_ROUTINE));
  if (next == STEP_DONE && c == HARDIRQ && step != Step.irqExit) next = Step.irqExit;
  store<u32>(sl, next, S_STEP);
}

function enterHardirq(cpu: i32): void {
  const pending = get(cpu, K_PENDING_IRQ);
  const vector = <u32>ctz(pending);
  put(cpu, K_PENDING_IRQ, pending & (pending - 1)); // one vector per entry; others re-enter after exit
  put(cpu, K_LAST_VECTOR, vector);
  enter(cpu, HARDIRQ, get(cpu, K_IRQ_ROUTINE), Step.irqEntry);
}

function enterSoftirq(cpu: i32): void {
  put(cpu, K_PENDING_SOFTIRQ, 0);
  enter(cpu, SOFTIRQ, get(cpu, K_SOFTIRQ_ROUTINE), Step.softirqEntry);
}

function enter(cpu: i32, c: u32, routine: u32, firstStep: u32): void {
  const sl = slot(cpu, c);
  store<u32>(sl, routine, S_ROUTINE);
  store<u32>(sl, firstStep, S_STEP);
  store<u32>(sl, 0, S_BEGUN);
  store<u32>(sl, NO_REG, S_PENDING_REG);
  put(cpu, K_ACTIVE, get(cpu, K_ACTIVE) | (1 << c));
  put(cpu, K_RUNNING, c);
}

/** Context `c` finished its routine. */
function leave(cpu: i32, c: u32): void {
  put(cpu, K_ACTIVE, get(cpu, K_ACTIVE) & ~(1 << c));
  // a softirq raised while the task ran, or by a hardirq that interrupted the task, runs before the task
  if (get(cpu, K_PENDING_SOFTIRQ) != 0 && (get(cpu, K_ACTIVE) & (1 << SOFTIRQ)) == 0) {
    // …unless the task it would interrupt has bottom halves disabled: then it waits for local_bh_enable
    if (get(cpu, K_BH_DISABLED) != 0 && (get(cpu, K_ACTIVE) & (1 << TASK)) != 0 && get(cpu, K_TASK_SLEEPING) == 0) {
      put(cpu, K_SOFTIRQ_DEFERRED, 1);
    }
    else {
      enterSoftirq(cpu);
      return;
    }
  }
  put(cpu, K_RUNNING, highestRunnable(cpu));
}

/** local_bh_disable in the task: softirqs on this CPU wait (the task holds a lock they take, or
 *  per-CPU data they use: spin_lock_bh, lock_sock). */
export function kernelBhDisable(cpu: i32): void {
  put(cpu, K_BH_DISABLED, get(cpu, K_BH_DISABLED) + 1);
}
/** local_bh_enable: a softirq held back meanwhile runs before the task's next step (do_softirq). */
export function kernelBhEnable(cpu: i32): void {
  assert(get(cpu, K_BH_DISABLED) != 0, "local_bh_enable without local_bh_disable");
  put(cpu, K_BH_DISABLED, get(cpu, K_BH_DISABLED) - 1);
}
/** True when the running context is the task. */
export function kernelInTask(cpu: i32): bool {
  return get(cpu, K_RUNNING) == TASK;
}

function highestRunnable(cpu: i32): u32 {
  const active = get(cpu, K_ACTIVE);
  if (active & (1 << HARDIRQ)) return HARDIRQ;
  if (active & (1 << SOFTIRQ)) return SOFTIRQ;
  if ((active & (1 << TASK)) != 0 && get(cpu, K_TASK_SLEEPING) == 0) return TASK;
  return NO_CONTEXT;
}

/** With nothing running: an interrupt, then a softirq, then a runnable task. */
function pickContext(cpu: i32): bool {
  if (get(cpu, K_PENDING_IRQ) != 0) enterHardirq(cpu);
  else if (get(cpu, K_PENDING_SOFTIRQ) != 0) enterSoftirq(cpu);
  else {
    const r = highestRunnable(cpu);
    if (r == NO_CONTEXT) return false;
    put(cpu, K_RUNNING, r);
  }
  return true;
}

/** True when an idle CPU has something to do. */
export function kernelHasWork(cpu: i32): bool {
  return get(cpu, K_PENDING_IRQ) != 0 || get(cpu, K_PENDING_SOFTIRQ) != 0 || highestRunnable(cpu) != NO_CONTEXT;
}

/** An interrupt for `vector` reached this CPU. */
export function kernelIrq(cpu: i32, vector: u32): void {
  put(cpu, K_PENDING_IRQ, get(cpu, K_PENDING_IRQ) | (1 << vector));
}

/** Makes the task runnable. A wakeup that comes while the task is still running — between its
 *  prepare-to-wait and its sleep — cancels that sleep, as try_to_wake_up setting TASK_RUNNING makes
 *  schedule() return at once. */
export function kernelWakeTask(cpu: i32): void {
  if (get(cpu, K_TASK_SLEEPING) != 0) put(cpu, K_TASK_SLEEPING, 0);
  else put(cpu, K_TASK_WOKEN, 1);
}
/** Puts the task to sleep at the end of its step, unless a wakeup came since kernelPrepareWait. */
export function kernelSleepTask(cpu: i32): void {
  if (get(cpu, K_TASK_WOKEN) != 0) put(cpu, K_TASK_WOKEN, 0);
  else put(cpu, K_TASK_SLEEPING, 1);
}
/** The task is about to wait (prepare_to_wait): only wakeups from now on cancel its sleep. */
export function kernelPrepareWait(cpu: i32): void {
  put(cpu, K_TASK_WOKEN, 0);
}
/** Raises the NET_RX softirq on this CPU (it runs when the current hardirq exits, or next). */
export function kernelRaiseSoftirq(cpu: i32): void {
  put(cpu, K_PENDING_SOFTIRQ, get(cpu, K_PENDING_SOFTIRQ) | 1);
}
/** The vector of the hardirq being handled. */
export function kernelVector(cpu: i32): u32 {
  return get(cpu, K_LAST_VECTOR);
}

/** The core's time at the end of the step being ended (routines read it for timestamps). */
export let stepEndTime: i64 = 0;

/** Sets a CPU up to run the kernel program: the task's routine (or none), the softirq's and the
 *  hardirq's routines, and the entry/exit costs. Routine arguments are set by the caller afterwards. */
export function kernelSetup(cpu: i32, taskRoutine: u32, softirqRoutine: u32, irqRoutine: u32, irqEntry: u32, irqExit: u32, softirqEntry: u32): void {
  memory.fill(kernel(cpu), 0, 64);
  put(cpu, K_IRQ_ENTRY, irqEntry);
  put(cpu, K_IRQ_EXIT, irqExit);
  put(cpu, K_SOFTIRQ_ENTRY, softirqEntry);
  put(cpu, K_IRQ_ROUTINE, irqRoutine);
  put(cpu, K_SOFTIRQ_ROUTINE, softirqRoutine);
  put(cpu, K_RUNNING, NO_CONTEXT);
  for (let c: u32 = 0; c < 3; c++) store<u32>(slot(cpu, c), NO_REG, S_PENDING_REG);
  if (taskRoutine != 0) {
    const sl = slot(cpu, TASK);
    store<u32>(sl, taskRoutine, S_ROUTINE);
    put(cpu, K_ACTIVE, 1 << TASK);
    put(cpu, K_RUNNING, TASK);
  }
}

/** The task's first step, once its routine's arguments are in place. */
export function kernelStartTask(cpu: i32): void {
  const sl = slot(cpu, TASK);
  store<u32>(sl, routineInit(cpu, sl, load<u32>(sl, S_ROUTINE)), S_STEP);
  store<u32>(sl, 0, S_BEGUN);
}
