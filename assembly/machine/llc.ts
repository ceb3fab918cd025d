// The shared last-level cache: banks interleaved by line address, each a set-associative LRU array, plus
// the memory controllers. Non-inclusive, non-exclusive: fills from DRAM and writebacks from private caches
// allocate here, and an LLC eviction never touches private copies (the directory tracks those on its own).
// A dirty victim is written to DRAM. Contention is busy-until per bank and per controller: a request
// starts when its bank is free, so requests to one hot line serialise.
//
// DDIO: a device write updates the line in place if the LLC holds it, and otherwise may allocate only in
// ways [0, ddioWays) of its set (Intel DDIO, REFERENCES.md).
//
// With llc.ways 0 there is no shared LLC (a front-side-bus machine of the 2000s): every lookup misses,
// dirty lines go to memory, and the one "bank" is the bus, busy per transaction.

import { LLC_BASE, LLC_BANKS, LLC_SETS, LLC_WAYS, UNCORE_BASE, MEM_CONTROLLERS, MEM_BUSY, MEM_EXTRA, BANK_BUSY, LINE_SHIFT, CHECK } from "../sim/layout";
import { findWay, victimWay, entryValid, entryLine, entryWay, setTag, invalidate, touch, getState, setState, getVersion, setVersion, renumberStamps, stampLimit } from "./cache-array";
import { cacheArrayBytes } from "../shared/sizes";
import { U_LLC_STAMP, U_BANK_FREE, U_MC_FREE, memVersionAddr } from "./directory";
import { regionStat } from "../sim/stats";
import { RegionStat } from "../shared/stats";
import { regionOfLine } from "./regions";

@inline export function bankOf(line: u32): u32 { return line & (LLC_BANKS - 1); }
@inline export function bankBase(bank: u32): usize { return LLC_BASE + <usize>bank * cacheArrayBytes(LLC_SETS * LLC_WAYS); }
// banks are a power of two (the validator's rule): a shift, not a division, finds the set
@inline export function setOf(line: u32): u32 { return (line >> <u32>ctz(LLC_BANKS)) & (LLC_SETS - 1); }
@inline function n(): u32 { return LLC_SETS * LLC_WAYS; }

/** The LLC's next LRU stamp; past the stamp limit every bank is renumbered first (cache-array.ts). */
@inline export function nextStamp(): u32 {
  let v = load<u64>(UNCORE_BASE, U_LLC_STAMP) + 1;
  if (v > <u64>stampLimit) v = <u64>renumberBanks() + 1;
  store<u64>(UNCORE_BASE, v, U_LLC_STAMP);
  return <u32>v;
}

function renumberBanks(): u32 {
  let top: u32 = 0;
  for (let b: u32 = 0; b < LLC_BANKS; b++) {
    const r = renumberStamps(bankBase(b), LLC_SETS, LLC_WAYS);
    if (r > top) top = r;
  }
  return top;
}

/** Time at which a request for `line` arriving at `t` has its bank to itself. */
export function bankAcquire(line: u32, t: i64): i64 {
  const p = UNCORE_BASE + U_BANK_FREE + (<usize>bankOf(line) << 3);
  const free = load<i64>(p);
  const start = t > free ? t : free;
  store<i64>(p, start + BANK_BUSY);
  return start;
}

/** Reads a line from DRAM starting at `t`; returns when the data is back at the LLC. */
export function dramRead(line: u32, t: i64): i64 {
  regionStat(regionOfLine(line, LINE_SHIFT), RegionStat.dramReads);
  return controllerAcquire(line, t) + MEM_EXTRA;
}

/** Writes a line to DRAM; `version` is the data version it carries (kept in debug runs). */
export function dramWrite(line: u32, t: i64, version: u32): void {
  regionStat(regionOfLine(line, LINE_SHIFT), RegionStat.dramWrites);
  if (CHECK) store<u32>(memVersionAddr(line), version);
  controllerAcquire(line, t);
}

/** Version of the line's DRAM copy (debug runs). */
export function dramVersion(line: u32): u32 {
  return CHECK ? load<u32>(memVersionAddr(line)) : 0;
}

function controllerAcquire(line: u32, t: i64): i64 {
  const p = UNCORE_BASE + U_MC_FREE + (<usize>(line % MEM_CONTROLLERS) << 3);
  const free = load<i64>(p);
  const start = t > free ? t : free;
  store<i64>(p, start + MEM_BUSY);
  return start;
}

/** Looks `line` up, refreshing its LRU position on a hit. Returns the version of the LLC's copy, or -1
 *  on a miss (versions are 0 unless the debug checker runs). */
export function llcRead(line: u32): i64 {
  if (LLC_WAYS == 0) return -1; // no shared LLC: nothing is ever held here
  const base = bankBase(bankOf(line));
  const e = findWay(base, setOf(line), LLC_WAYS, line);
  if (e < 0) return -1;
  touch(base, LLC_WAYS, e, nextStamp());
  return <i64>getVersion(base, n(), e);
}

/** Puts `line` with data `version` in the LLC (or updates it in place, marking it dirty if `dirty`).
 *  `ddio` limits a new allocation to the DDIO ways. A dirty victim goes to DRAM. */
export function llcFill(line: u32, dirty: bool, ddio: bool, ddioWays: u32, t: i64, version: u32): void {
  if (LLC_WAYS == 0) { // no shared LLC: a dirty line goes straight to memory, a clean one nowhere
    if (dirty) dramWrite(line, t, version);
    return;
  }
  const base = bankBase(bankOf(line));
  const set = setOf(line);
  let e = findWay(base, set, LLC_WAYS, line);
  if (e < 0) {
    e = victimWay(base, set, LLC_WAYS, ddio ? ddioWays : LLC_WAYS);
    if (entryValid(base, e) && getState(base, n(), e) != 0) dramWrite(entryLine(base, e), t, getVersion(base, n(), e));
    setTag(base, e, line);
    setState(base, n(), e, dirty ? 1 : 0);
  } else if (dirty) {
    setState(base, n(), e, 1);
  }
  setVersion(base, n(), e, version);
  touch(base, LLC_WAYS, e, nextStamp());
}

/** Drops `line` from the LLC without writing it back (a device write to memory supersedes it). */
export function llcDrop(line: u32): void {
  const base = bankBase(bankOf(line));
  const e = findWay(base, setOf(line), LLC_WAYS, line);
  if (e >= 0) invalidate(base, LLC_WAYS, e);
}

/** The way `line` occupies in its set (for tests of DDIO placement), or -1. */
export function llcWayOf(line: u32): i32 {
  const e = findWay(bankBase(bankOf(line)), setOf(line), LLC_WAYS, line);
  return e < 0 ? -1 : <i32>entryWay(e, LLC_WAYS);
}
