// A CPU's private hierarchy: L1d and L2, both set-associative, LRU, write-back, write-allocate.
// L2 is inclusive of L1 and holds the line's MESI state for the hierarchy; L1 keeps a copy of the state
// so that a store hit is decided in one lookup. Evicting a line from L2 removes it from L1; evicting an
// E or M line tells the directory (PUT) — only shared lines are dropped silently, so the directory always
// knows the owner of a line, and a forwarded request to a CPU that just evicted finds the PUT already
// at the directory (see uncore.ts).

import { L1_BASE, L1_STRIDE, L1_SETS, L1_WAYS, L2_BASE, L2_STRIDE, L2_SETS, L2_WAYS, UNCORE, HOP } from "../sim/layout";
import { findWay, victimWay, entryLine, entryValid, setTag, invalidate, touch, getState, setState, getVersion, setVersion, renumberStamps, stampLimit } from "./cache-array";
import { cpuState, C_STAMP } from "../cpu/state";
import { Msg, ST_I, ST_S, ST_E, ST_M, ACK_HAD, ACK_DIRTY } from "./messages";
import { send } from "../sim/send";
import { cpuStat } from "../sim/stats";
import { CpuStat } from "../shared/stats";
import { recording, recordEvict } from "../sim/record";

@inline export function l1Of(cpu: i32): usize { return L1_BASE + <usize>cpu * L1_STRIDE; }
@inline export function l2Of(cpu: i32): usize { return L2_BASE + <usize>cpu * L2_STRIDE; }
@inline export function l1N(): u32 { return L1_SETS * L1_WAYS; }
@inline export function l2N(): u32 { return L2_SETS * L2_WAYS; }
@inline export function l1Find(cpu: i32, line: u32): i32 { return findWay(l1Of(cpu), line & (L1_SETS - 1), L1_WAYS, line); }
@inline export function l2Find(cpu: i32, line: u32): i32 { return findWay(l2Of(cpu), line & (L2_SETS - 1), L2_WAYS, line); }

/** The next LRU stamp of this CPU's L1 and L2 (one counter for both: stamps are compared only within a
 *  set). Past the stamp limit, both arrays are renumbered first (cache-array.ts). */
@inline export function nextStamp(cpu: i32): u32 {
  const s = cpuState(cpu);
  const v = stampAfter(cpu, load<u64>(s, C_STAMP));
  store<u64>(s, v, C_STAMP);
  return <u32>v;
}

/** The stamp that follows `v` on this CPU's counter, renumbering first if it would pass the limit: nextStamp
 *  for a caller that keeps the counter in a register a while (cpu/mix-run.ts) and stores it back after. */
@inline export function stampAfter(cpu: i32, v: u64): u64 {
  const n = v + 1;
  return n > <u64>stampLimit ? <u64>renumberPrivate(cpu) + 1 : n;
}

function renumberPrivate(cpu: i32): u32 {
  const a = renumberStamps(l1Of(cpu), L1_SETS, L1_WAYS);
  const b = renumberStamps(l2Of(cpu), L2_SETS, L2_WAYS);
  return a > b ? a : b;
}

/** Data version of this CPU's copy of `line` (debug runs; 0 otherwise or if absent). */
export function privateVersion(cpu: i32, line: u32): u32 {
  const e = l2Find(cpu, line);
  return e < 0 ? 0 : getVersion(l2Of(cpu), l2N(), e);
}

/** MESI state of `line` in this CPU's hierarchy (ST_I if absent). */
export function privateState(cpu: i32, line: u32): u8 {
  const e = l2Find(cpu, line);
  return e < 0 ? ST_I : getState(l2Of(cpu), l2N(), e);
}

/** Installs `line` in L2 and L1 with `state` at time `now`, evicting LRU victims. Returns the L1 entry. */
export function fillLine(cpu: i32, line: u32, state: u8, version: u32, now: i64): i32 {
  const l2 = l2Of(cpu), n2 = l2N();
  let e2 = l2Find(cpu, line);
  const absent = e2 < 0;
  if (absent) {
    e2 = victimWay(l2, line & (L2_SETS - 1), L2_WAYS, L2_WAYS);
    if (entryValid(l2, e2)) evictL2(cpu, e2, now);
    setTag(l2, e2, line);
  }
  setState(l2, n2, e2, state);
  setVersion(l2, n2, e2, version);
  const stamp = nextStamp(cpu);
  touch(l2, L2_WAYS, e2, stamp);
  // L1 holds only what L2 holds: a line new to L2 is not in L1 either
  return absent ? fillL1Absent(cpu, line, state, version, stamp) : fillL1(cpu, line, state, version, stamp);
}

/** Brings a line that L2 holds into L1 (an L2 hit). Returns the L1 entry. */
export function fillL1(cpu: i32, line: u32, state: u8, version: u32, stamp: u32): i32 {
  const e1 = l1Find(cpu, line);
  if (e1 >= 0) {
    const l1 = l1Of(cpu), n1 = l1N();
    setState(l1, n1, e1, state);
    setVersion(l1, n1, e1, version);
    touch(l1, L1_WAYS, e1, stamp);
    return e1;
  }
  return fillL1Absent(cpu, line, state, version, stamp);
}

/** fillL1 for a line known not to be in L1. */
export function fillL1Absent(cpu: i32, line: u32, state: u8, version: u32, stamp: u32): i32 {
  const l1 = l1Of(cpu), n1 = l1N();
  const e1 = victimWay(l1, line & (L1_SETS - 1), L1_WAYS, L1_WAYS);
  setTag(l1, e1, line); // the L1 victim needs nothing: L2 holds its state and data
  setState(l1, n1, e1, state);
  setVersion(l1, n1, e1, version);
  touch(l1, L1_WAYS, e1, stamp);
  return e1;
}

function evictL2(cpu: i32, e2: i32, now: i64): void {
  const l2 = l2Of(cpu), n2 = l2N();
  const victim = entryLine(l2, e2);
  const st = getState(l2, n2, e2);
  const version = getVersion(l2, n2, e2);
  if (recording) recordEvict(cpu, victim, st, now);
  const e1 = l1Find(cpu, victim);
  if (e1 >= 0) invalidate(l1Of(cpu), L1_WAYS, e1);
  invalidate(l2, L2_WAYS, e2);
  if (st == ST_M || st == ST_E) {
    send(cpu, UNCORE, now + HOP, Msg.PUT, st == ST_M ? 1 : 0, victim, <u32>cpu, version);
    if (st == ST_M) cpuStat(cpu, CpuStat.writebacks);
  }
}

/** Drops `line` from the hierarchy; returns ack flags (had a copy, was dirty). */
export function invalidateLine(cpu: i32, line: u32): u32 {
  const e2 = l2Find(cpu, line);
  if (e2 < 0) return 0;
  const l2 = l2Of(cpu), n2 = l2N();
  const st = getState(l2, n2, e2);
  invalidate(l2, L2_WAYS, e2);
  const e1 = l1Find(cpu, line);
  if (e1 >= 0) invalidate(l1Of(cpu), L1_WAYS, e1);
  return ACK_HAD | (st == ST_M ? ACK_DIRTY : 0);
}

/** Keeps `line` shared after a forward or a device read; returns ack flags. */
export function downgradeLine(cpu: i32, line: u32): u32 {
  const e2 = l2Find(cpu, line);
  if (e2 < 0) return 0;
  const l2 = l2Of(cpu), n2 = l2N();
  const st = getState(l2, n2, e2);
  setState(l2, n2, e2, ST_S);
  const e1 = l1Find(cpu, line);
  if (e1 >= 0) setState(l1Of(cpu), l1N(), e1, ST_S);
  return ACK_HAD | (st == ST_M ? ACK_DIRTY : 0);
}

/** Marks a line held E or M as modified in both levels, with its new data version. `e2` is its L2 entry
 *  if the caller knows it, else -1. */
export function markModified(cpu: i32, line: u32, e1: i32, version: u32, known2: i32 = -1): void {
  const n1 = l1N();
  if (e1 >= 0) {
    setState(l1Of(cpu), n1, e1, ST_M);
    setVersion(l1Of(cpu), n1, e1, version);
  }
  const e2 = known2 >= 0 ? known2 : l2Find(cpu, line);
  if (e2 >= 0) {
    setState(l2Of(cpu), l2N(), e2, ST_M);
    setVersion(l2Of(cpu), l2N(), e2, version);
  }
}

