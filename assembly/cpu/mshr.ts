// Miss status holding registers: one entry per line with a request in flight (GETS for a load, GETX for a
// store-buffer RFO or an atomic). A second miss to the same line merges into the entry instead of asking
// again; data for a line with no entry is a protocol error.

import { cpuState, C_MSHRS, C_MSHR_COUNT } from "./state";
import { MSHRS } from "../sim/layout";

export const MSHR_SLOTS: i32 = 64;
export const KIND_S: u32 = 1;
export const KIND_X: u32 = 2;

@inline export function mshrCount(cpu: i32): i32 {
  return load<i32>(cpuState(cpu), C_MSHR_COUNT);
}

/** Slot of the entry for `line`, or -1. Only the first `mshrs` slots can be in use: an entry is allocated
 *  in the first free slot, and only while fewer than `mshrs` are, so scanning further finds nothing. */
export function mshrFind(cpu: i32, line: u32): i32 {
  const s = cpuState(cpu);
  if (load<i32>(s, C_MSHR_COUNT) == 0) return -1;
  const t = s + C_MSHRS;
  for (let i = 0; i < MSHRS; i++) if (load<u32>(t + (<usize>i << 3)) == line + 1) return i;
  return -1;
}

@inline export function mshrKind(cpu: i32, slot: i32): u32 {
  return load<u32>(cpuState(cpu) + C_MSHRS + (<usize>slot << 3), 4);
}

export function mshrAlloc(cpu: i32, line: u32, kind: u32): void {
  const s = cpuState(cpu);
  assert(load<i32>(s, C_MSHR_COUNT) < MSHRS, "MSHR file full: callers must check mshrCount first");
  const t = s + C_MSHRS;
  for (let i = 0; i < MSHRS; i++) {
    const p = t + (<usize>i << 3);
    if (load<u32>(p) == 0) {
      store<u32>(p, line + 1);
      store<u32>(p, kind, 4);
      store<i32>(s, load<i32>(s, C_MSHR_COUNT) + 1, C_MSHR_COUNT);
      return;
    }
  }
  assert(false, "MSHR file full: callers must check mshrCount first");
}

export function mshrFree(cpu: i32, slot: i32): void {
  const s = cpuState(cpu);
  store<u64>(s + C_MSHRS + (<usize>slot << 3), 0);
  store<i32>(s, load<i32>(s, C_MSHR_COUNT) - 1, C_MSHR_COUNT);
}
