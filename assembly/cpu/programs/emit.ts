// Writes the core's next op (shared by every program kind).

import { C_OP_KIND, C_OP_FLAGS, C_OP_ADDR, C_OP_SIZE, C_OP_VALUE, C_OP_EXPECT } from "../state";
import { OP_HALT } from "../ops";

@inline export function emit(s: usize, kind: u32, flags: u32, addr: u32, size: u32, value: u64): void {
  store<u32>(s, kind, C_OP_KIND);
  store<u32>(s, flags, C_OP_FLAGS);
  store<u32>(s, addr, C_OP_ADDR);
  store<u32>(s, size, C_OP_SIZE);
  store<u64>(s, value, C_OP_VALUE);
}

@inline export function emitCas(s: usize, addr: u32, size: u32, expect: u64, value: u64): void {
  emit(s, 4, 0, addr, size, value);
  store<u64>(s, expect, C_OP_EXPECT);
}

@inline export function emitHalt(s: usize): void {
  emit(s, OP_HALT, 0, 0, 0, 0);
}
