// One CPU's core state record (CPU_STATE_BYTES each), drawn first, then read through small accessors:
//
//   0    now i64            the core's local clock: when its next op may issue
//   8    status u32         RUNNING (a resume is pending) | BLOCKED (a message will wake it) | HALTED
//   12   haveOp u32         an op is fetched and not yet completed
//   16   op: kind u32 | 20 flags u32 | 24 addr u32 | 28 size u32 | 32 value u64 | 40 expect u64
//   48   lastValue u64      value of the last completed load / atomic (programs branch on it)
//   56   stamp u64          LRU clock of the private caches
//   64   mshrCount u32 | 68 sbHead u32 | 72 sbTail u32 | 76 justFilled u32 (line+1)
//   80   blockedSince i64 | 88 runDone i64 (completion of the current independent run's hits)
//   96   rfoPending u32 (line + 1 of the store-buffer RFO in flight, 0 if none)
//   104  resumeAt i64       when the core continues running (i64.MAX if it waits for a message or halted)
//   256  program state (768 B, owned by the program kind)
//   1024 MSHR file: 64 × { line+1 u32, kind u32 }
//   2048 store buffer: 256 × { addr u32, size u32, value u64 }
//   6144 end

import { CPU_BASE } from "../sim/layout";
import { CPU_STATE_BYTES } from "../shared/header";

export const RUNNING: u32 = 0;
export const BLOCKED: u32 = 1;
export const HALTED: u32 = 2;

export const C_NOW: usize = 0;
export const C_STATUS: usize = 8;
export const C_HAVE_OP: usize = 12;
export const C_OP_KIND: usize = 16;
export const C_OP_FLAGS: usize = 20;
export const C_OP_ADDR: usize = 24;
export const C_OP_SIZE: usize = 28;
export const C_OP_VALUE: usize = 32;
export const C_OP_EXPECT: usize = 40;
export const C_LAST_VALUE: usize = 48;
export const C_STAMP: usize = 56;
export const C_MSHR_COUNT: usize = 64;
export const C_SB_HEAD: usize = 68;
export const C_SB_TAIL: usize = 72;
export const C_JUST_FILLED: usize = 76;
export const C_BLOCKED_SINCE: usize = 80;
export const C_RUN_DONE: usize = 88;
export const C_RFO_PENDING: usize = 96;
export const C_RESUME_AT: usize = 104;
export const C_PROGRAM: usize = 256;
export const C_MSHRS: usize = 1024;
export const C_SB: usize = 2048;
export const C_END: usize = 6144;

@inline export function cpuState(cpu: i32): usize {
  return CPU_BASE + <usize>cpu * CPU_STATE_BYTES;
}
