// The spinlock every shared kernel structure here is guarded by: a ticket lock, as x86 Linux used from
// 2.6.25 to 4.1 (arch/x86/include/asm/spinlock.h: one xadd takes a ticket, the holder spins reading the
// owner half, unlock is a plain increment of the owner half). Its cache behaviour is the point: the
// xadd needs the line exclusive, so a lock taken alternately by two CPUs moves between them every time,
// and a waiter's spinning reads pull the line back and forth while the holder works.
//
//   u64 word: low half the owner (ticket now served), high half the next ticket.
//
// In the task, every lock is taken with bottom halves disabled (spin_lock_bh, lock_sock's slock): a
// softirq on the same CPU that wanted the same lock would otherwise spin forever on a holder that
// cannot run (routines.ts disables them as a lock is asked for and enables them after the unlock).
//
// Phases: PH_LOCK takes a ticket; PH_LOCK_SPIN pauses (cpu_relax) and re-reads the owner until the
// ticket is served. Both are charged to the step that asked for the lock. One lock at a time per context.

import { queueAtomicAdd, queueLoad, queueStore, queueCompute } from "../cpu/kernel/emit-op";
import { reg } from "../cpu/kernel/state";
import { NetCost } from "../shared/net";
import { fget, fset, call, ret, F_LOCK_ADDR, F_TICKET, F_LOCK_STEP, F_UNLOCKED } from "./frame";
import { cost } from "./net-config";
import { PH_LOCK, PH_LOCK_SPIN } from "./phases";

/** The register lock phases load into. */
export const R_LOCK: u32 = 7;

/** Starts taking the lock at `addr` (its phases charged to `step`); continues at `then` once held. */
export function lockThen(sl: usize, addr: u32, step: u32, then: u32): u32 {
  assert(fget(sl, F_LOCK_ADDR) == 0, "network routine: nested locks");
  fset(sl, F_LOCK_ADDR, addr);
  fset(sl, F_LOCK_STEP, step);
  return call(sl, PH_LOCK, then);
}

/** Queues the release of the lock held (a store of the next owner). */
export function queueUnlock(sl: usize): void {
  const addr = fget(sl, F_LOCK_ADDR);
  assert(addr != 0, "network routine: unlock without a lock");
  queueStore(sl, addr, 4, <u64>(fget(sl, F_TICKET) + 1));
  fset(sl, F_LOCK_ADDR, 0);
  fset(sl, F_UNLOCKED, 1);
}

export function lockBegin(sl: usize, phase: u32): void {
  const addr = fget(sl, F_LOCK_ADDR);
  if (phase == PH_LOCK) queueAtomicAdd(sl, addr, <u64>1 << 32, R_LOCK);
  else {
    queueCompute(sl, cost(NetCost.spinPause));
    queueLoad(sl, addr, 4, R_LOCK);
  }
}

export function lockEnd(sl: usize, phase: u32): u32 {
  const v = reg(sl, R_LOCK);
  if (phase == PH_LOCK) fset(sl, F_TICKET, <u32>(v >> 32));
  return <u32>v == fget(sl, F_TICKET) ? ret(sl) : PH_LOCK_SPIN;
}
