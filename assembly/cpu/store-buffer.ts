// The store buffer: stores retire into it in program order and drain to the cache in the same order, each
// only once its line is held in M or E (x86-TSO: a store is visible to others when it drains, and a CPU's
// own loads see its buffered stores by forwarding). Free-running head/tail indices masked on use.

import { cpuState, C_SB, C_SB_HEAD, C_SB_TAIL } from "./state";

export const SB_SLOTS: u32 = 256;

@inline export function sbCount(cpu: i32): i32 {
  const s = cpuState(cpu);
  return <i32>(load<u32>(s, C_SB_TAIL) - load<u32>(s, C_SB_HEAD));
}
@inline function entry(cpu: i32, i: u32): usize {
  return cpuState(cpu) + C_SB + (<usize>(i & (SB_SLOTS - 1)) << 4);
}

export function sbPush(cpu: i32, addr: u32, size: u32, value: u64): void {
  const s = cpuState(cpu);
  const tail = load<u32>(s, C_SB_TAIL);
  const e = entry(cpu, tail);
  store<u32>(e, addr);
  store<u32>(e, size, 4);
  store<u64>(e, value, 8);
  store<u32>(s, tail + 1, C_SB_TAIL);
}

@inline export function sbHeadEntry(cpu: i32): usize {
  return entry(cpu, load<u32>(cpuState(cpu), C_SB_HEAD));
}
@inline export function sbPop(cpu: i32): void {
  const s = cpuState(cpu);
  store<u32>(s, load<u32>(s, C_SB_HEAD) + 1, C_SB_HEAD);
}

export const FWD_NONE: i32 = 0;
export const FWD_HIT: i32 = 1;
/** A buffered store overlaps the load without matching it exactly: the load must wait for the drain. */
export const FWD_CONFLICT: i32 = 2;

/** Store-to-load forwarding: searches from the newest store. On FWD_HIT the value is in `forwarded`. */
export let forwarded: u64 = 0;
export function sbForward(cpu: i32, addr: u32, size: u32): i32 {
  const s = cpuState(cpu);
  const head = load<u32>(s, C_SB_HEAD);
  let i = load<u32>(s, C_SB_TAIL);
  while (i != head) {
    i--;
    const e = entry(cpu, i);
    const a = load<u32>(e);
    const n = load<u32>(e, 4);
    if (a == addr && n == size) {
      forwarded = load<u64>(e, 8);
      return FWD_HIT;
    }
    if (a < addr + size && addr < a + n) return FWD_CONFLICT;
  }
  return FWD_NONE;
}
