// How a routine's step puts ops into its context's queue (drained one op at a time by kernel.ts).

import { S_NOPS, S_QUEUE, QUEUE_OPS, NO_REG } from "./state";
import { OP_LOAD, OP_STORE, OP_ATOMIC_ADD, OP_COMPUTE, INDEPENDENT } from "../ops";

export function queueOp(sl: usize, kind: u32, flags: u32, addr: u32, size: u32, value: u64, dest: u32): void {
  const n = load<u32>(sl, S_NOPS);
  assert(n < QUEUE_OPS, "a step emitted more ops than its queue holds");
  const q = sl + S_QUEUE + (<usize>n << 4);
  store<u8>(q, <u8>kind);
  store<u8>(q, <u8>flags, 1);
  store<u8>(q, <u8>size, 2);
  store<u8>(q, <u8>dest, 3);
  store<u32>(q, addr, 4);
  store<u64>(q, value, 8);
  store<u32>(sl, n + 1, S_NOPS);
}

/** A dependent load whose value the routine reads from register `dest` at the end of the step. */
@inline export function queueLoad(sl: usize, addr: u32, size: u32, dest: u32): void { queueOp(sl, OP_LOAD, 0, addr, size, 0, dest); }
/** Independent line loads over `bytes` from `addr` (a copy, a scan): misses overlap up to `mshrs`. */
export function queueScan(sl: usize, addr: u32, bytes: u32, lineBytes: u32): void {
  for (let a = addr & ~(lineBytes - 1); a < addr + bytes; a += lineBytes) queueOp(sl, OP_LOAD, INDEPENDENT, a, 8, 0, NO_REG);
}
@inline export function queueStore(sl: usize, addr: u32, size: u32, value: u64): void { queueOp(sl, OP_STORE, 0, addr, size, value, NO_REG); }
@inline export function queueAtomicAdd(sl: usize, addr: u32, value: u64, dest: u32): void { queueOp(sl, OP_ATOMIC_ADD, 0, addr, 8, value, dest); }
@inline export function queueCompute(sl: usize, cycles: u32): void { if (cycles != 0) queueOp(sl, OP_COMPUTE, 0, 0, 0, cycles, NO_REG); }
