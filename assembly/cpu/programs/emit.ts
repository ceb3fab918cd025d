// How a program hands the core its next op: in wasm globals (per instance, like registers), which the
// core's fast path reads directly; the general path copies them into the CPU record (commitOp).

import { C_OP_KIND, C_OP_FLAGS, C_OP_ADDR, C_OP_SIZE, C_OP_VALUE, C_OP_EXPECT } from "../state";
import { OP_HALT, OP_CAS } from "../ops";

export let opKind: u32 = 0;
export let opFlags: u32 = 0;
export let opAddr: u32 = 0;
export let opSize: u32 = 0;
export let opValue: u64 = 0;
export let opExpect: u64 = 0;

@inline export function emit(_s: usize, kind: u32, flags: u32, addr: u32, size: u32, value: u64): void {
  opKind = kind;
  opFlags = flags;
  opAddr = addr;
  opSize = size;
  opValue = value;
}

@inline export function emitCas(s: usize, addr: u32, size: u32, expect: u64, value: u64): void {
  emit(s, OP_CAS, 0, addr, size, value);
  opExpect = expect;
}

@inline export function emitHalt(s: usize): void {
  emit(s, OP_HALT, 0, 0, 0, 0);
}

/** Stores the pending op in the CPU record, where the general path (and a blocked op) keeps it. */
@inline export function commitOp(s: usize): void {
  store<u32>(s, opKind, C_OP_KIND);
  store<u32>(s, opFlags, C_OP_FLAGS);
  store<u32>(s, opAddr, C_OP_ADDR);
  store<u32>(s, opSize, C_OP_SIZE);
  store<u64>(s, opValue, C_OP_VALUE);
  store<u64>(s, opExpect, C_OP_EXPECT);
}
