// A CPU's kernel state, in the upper half of its CPU record: which context runs, what is pending, and one
// slot per context. A context runs a routine — a step machine — and each step's ops wait in the slot's
// queue; loads whose values the routine needs land in the slot's registers.
//
//   KERNEL (C_KERNEL in the CPU record)
//   0 running u32 (TASK | SOFTIRQ | HARDIRQ, or NO_CONTEXT when idle) | 4 active u32 (bit per context)
//   8 pendingIrq u32 (vectors) | 12 pendingSoftirq u32 | 16 taskSleeping u32 | 20 irqEntry u32 (cycles)
//   24 irqExit u32 | 28 softirqEntry u32 | 32 irqRoutine u32 | 36 softirqRoutine u32 | 40 lastVector u32
//   44 taskWoken u32 (a wakeup came before the task went to sleep: the sleep is cancelled)
//   48 bhDisabled u32 (the task's local_bh_disable depth) | 52 softirqDeferred u32
//   64 three context slots of SLOT_BYTES:
//     0 routine u32 | 4 step u32 | 8 begun u32 | 12 nOps u32 | 16 next u32 | 20 pendingReg u32
//     24 stepStart i64 | 32 routine arguments u32[8] | 64 registers u64[8] | 128 routine-private 128 B
//     256 op queue: QUEUE_OPS × 16-byte ops (cpu/ops.ts; byte 3 = destination register, 0xff = none)

import { cpuState } from "../state";

export const C_KERNEL: usize = 8192;
export const SLOT_BYTES: usize = 1024;
export const QUEUE_OPS: u32 = 48;

export const TASK: u32 = 0;
export const SOFTIRQ: u32 = 1;
export const HARDIRQ: u32 = 2;
export const NO_CONTEXT: u32 = 3;

export const K_RUNNING: usize = 0;
export const K_ACTIVE: usize = 4;
export const K_PENDING_IRQ: usize = 8;
export const K_PENDING_SOFTIRQ: usize = 12;
export const K_TASK_SLEEPING: usize = 16;
export const K_IRQ_ENTRY: usize = 20;
export const K_IRQ_EXIT: usize = 24;
export const K_SOFTIRQ_ENTRY: usize = 28;
export const K_IRQ_ROUTINE: usize = 32;
export const K_SOFTIRQ_ROUTINE: usize = 36;
export const K_LAST_VECTOR: usize = 40;
export const K_TASK_WOKEN: usize = 44;
/** local_bh_disable nesting of the task: while non-zero, a softirq raised meanwhile waits for it. */
export const K_BH_DISABLED: usize = 48;
/** A softirq was held back by the task's disabled bottom halves; it runs when they are enabled. */
export const K_SOFTIRQ_DEFERRED: usize = 52;
const K_SLOTS: usize = 64;

export const S_ROUTINE: usize = 0;
export const S_STEP: usize = 4;
export const S_BEGUN: usize = 8;
export const S_NOPS: usize = 12;
export const S_NEXT: usize = 16;
export const S_PENDING_REG: usize = 20;
export const S_STEP_START: usize = 24;
export const S_ARGS: usize = 32;
export const S_REGS: usize = 64;
export const S_PRIVATE: usize = 128;
export const S_QUEUE: usize = 256;

export const NO_REG: u32 = 0xff;
/** A routine's "next step" when it is over. */
export const STEP_DONE: u32 = 0xffffffff;

@inline export function kernel(cpu: i32): usize { return cpuState(cpu) + C_KERNEL; }
@inline export function slot(cpu: i32, ctx: u32): usize { return kernel(cpu) + K_SLOTS + <usize>ctx * SLOT_BYTES; }
@inline export function reg(sl: usize, r: u32): u64 { return load<u64>(sl + S_REGS + (<usize>r << 3)); }
@inline export function setReg(sl: usize, r: u32, v: u64): void { store<u64>(sl + S_REGS + (<usize>r << 3), v); }
@inline export function arg(sl: usize, i: u32): u32 { return load<u32>(sl + S_ARGS + (<usize>i << 2)); }
