// Replaying a memory trace (`netchan trace`, docs/trace.md) through CPU 0's L1d and L2 and the shared
// LLC: the machine's own tag arrays, geometry and exact LRU, driven one access at a time with no timing,
// no messages and no other CPU. With one CPU the protocol reduces to: a read miss is granted E, a write
// or modify leaves the line M, an L2 victim in M is written back into the LLC (uncore.ts's `writeback`),
// one in E leaves silently as far as data goes (its PUT carries none), and a line fetched from DRAM is
// allocated in the LLC (uncore.ts's `memDone`). L2 stays inclusive of L1: an L2 victim leaves L1 too.
// The fills are written here with the tag arrays' own operations rather than private-cache.ts's
// fillLine, because that one announces an E or M victim to the directory with a message, and a replay
// has no event loop to carry it: the writeback is applied at once instead.
//
// Counting follows Cachegrind (cg_sim.c, and its manual's "Cache Simulation Specifics"): an access of
// one or two lines (one that straddles a line boundary) is looked up in L1 line by line, and is one
// miss there if either line missed; only an access that missed a level is looked up in the next, and
// then for both its lines. A level's fills are made after the level below has answered, lowest first.
//
// The host maps the trace's 64-bit addresses onto line numbers that keep every set-index bit (src/trace/
// line-map.ts), so the sets a line falls in are the ones its real address selects.

import { L1_SETS, L1_WAYS, L2_SETS, L2_WAYS, LLC_WAYS, LLC_SETS } from "../sim/layout";
import { findWay, victimWay, entryLine, entryValid, setTag, invalidate, touch, getState, setState } from "./cache-array";
import { l1Of, l1N, l2Of, l2N, nextStamp } from "./private-cache";
import { bankBase, bankOf, setOf, nextStamp as llcNextStamp } from "./llc";
import { ST_E, ST_M } from "./messages";

const CPU: i32 = 0;

/** Result bits of traceAccess, per line of the access: missed L1, missed L2, missed the LLC. The second
 *  line's bits are these shifted by SECOND. A bit is set only for a level the access was looked up in. */
export const MISS_L1: u32 = 1;
export const MISS_L2: u32 = 2;
export const MISS_LLC: u32 = 4;
export const SECOND: u32 = 3;

// counts kept across accesses (module globals: a replay runs in one instance, on one thread)
let writebacks: u64 = 0; // M lines evicted from L2 into the LLC
let dramWrites: u64 = 0; // dirty lines evicted from the LLC (or written back with no LLC) to DRAM

/** Dirty L2 victims written back to the LLC since the replay began. */
export function traceWritebacks(): u64 { return writebacks; }
/** Dirty lines written to DRAM since the replay began. */
export function traceDramWrites(): u64 { return dramWrites; }

/** One access of lines `first` … `last` (equal, or consecutive when it straddles); `write` for a store
 *  or a modify. Returns the miss bits above. */
export function traceAccess(first: u32, last: u32, write: bool): u32 {
  const two = last != first;
  let miss = l1Lookup(first) ? 0 : MISS_L1;
  if (two && !l1Lookup(last)) miss |= MISS_L1 << SECOND;
  if (miss != 0) {
    if (!l2Lookup(first)) miss |= MISS_L2;
    if (two && !l2Lookup(last)) miss |= MISS_L2 << SECOND;
    if ((miss & (MISS_L2 | (MISS_L2 << SECOND))) != 0) {
      if (!llcReference(first)) miss |= MISS_LLC;
      if (two && !llcReference(last)) miss |= MISS_LLC << SECOND;
    }
    if ((miss & MISS_L2) != 0) l2Fill(first);
    if (two && (miss & (MISS_L2 << SECOND)) != 0) l2Fill(last);
    if ((miss & MISS_L1) != 0) l1Fill(first);
    if (two && (miss & (MISS_L1 << SECOND)) != 0) l1Fill(last);
  }
  if (write) {
    markWritten(first);
    if (two) markWritten(last);
  }
  return miss;
}

/** True on a hit, which refreshes the line's LRU position. */
function l1Lookup(line: u32): bool {
  const l1 = l1Of(CPU);
  const e = findWay(l1, line & (L1_SETS - 1), L1_WAYS, line);
  if (e < 0) return false;
  touch(l1, L1_WAYS, e, nextStamp(CPU));
  return true;
}

function l2Lookup(line: u32): bool {
  const l2 = l2Of(CPU);
  const e = findWay(l2, line & (L2_SETS - 1), L2_WAYS, line);
  if (e < 0) return false;
  touch(l2, L2_WAYS, e, nextStamp(CPU));
  return true;
}

/** Looks `line` up in its LLC bank; a miss reads DRAM and allocates the line, clean. True on a hit. */
function llcReference(line: u32): bool {
  if (LLC_WAYS == 0) return false; // no shared LLC: every lookup goes to memory, nothing is kept
  const base = bankBase(bankOf(line));
  const n = LLC_SETS * LLC_WAYS;
  const set = setOf(line);
  let e = findWay(base, set, LLC_WAYS, line);
  const hit = e >= 0;
  if (!hit) e = llcAllocate(base, n, set, line);
  touch(base, LLC_WAYS, e, llcNextStamp());
  return hit;
}

/** A way for `line` in its LLC set (the LRU one), its dirty victim written to DRAM. State: clean. */
function llcAllocate(base: usize, n: u32, set: u32, line: u32): i32 {
  const e = victimWay(base, set, LLC_WAYS, LLC_WAYS);
  if (entryValid(base, e) && getState(base, n, e) != 0) dramWrites++;
  setTag(base, e, line);
  return e;
}

/** A dirty L2 victim's writeback: updates the LLC copy in place (dirty), or allocates one. */
function llcWriteback(line: u32): void {
  writebacks++;
  if (LLC_WAYS == 0) {
    dramWrites++;
    return;
  }
  const base = bankBase(bankOf(line));
  const n = LLC_SETS * LLC_WAYS;
  const set = setOf(line);
  let e = findWay(base, set, LLC_WAYS, line);
  if (e < 0) e = llcAllocate(base, n, set, line);
  setState(base, n, e, 1);
  touch(base, LLC_WAYS, e, llcNextStamp());
}

/** Installs `line` in L2 in E; the LRU victim leaves L1 too, and is written back if it was M. */
function l2Fill(line: u32): void {
  const l2 = l2Of(CPU), n2 = l2N();
  const e = victimWay(l2, line & (L2_SETS - 1), L2_WAYS, L2_WAYS);
  if (entryValid(l2, e)) {
    const victim = entryLine(l2, e);
    const dirty = getState(l2, n2, e) == ST_M;
    const l1 = l1Of(CPU);
    const e1 = findWay(l1, victim & (L1_SETS - 1), L1_WAYS, victim);
    if (e1 >= 0) invalidate(l1, L1_WAYS, e1);
    invalidate(l2, L2_WAYS, e);
    if (dirty) llcWriteback(victim);
  }
  setTag(l2, e, line);
  setState(l2, n2, e, ST_E);
  touch(l2, L2_WAYS, e, nextStamp(CPU));
}

/** Installs `line` (held by L2) in L1 with L2's state; the L1 victim needs nothing. */
function l1Fill(line: u32): void {
  const l2 = l2Of(CPU);
  const e2 = findWay(l2, line & (L2_SETS - 1), L2_WAYS, line);
  const l1 = l1Of(CPU), n1 = l1N();
  const e = victimWay(l1, line & (L1_SETS - 1), L1_WAYS, L1_WAYS);
  setTag(l1, e, line);
  setState(l1, n1, e, e2 >= 0 ? getState(l2, l2N(), e2) : ST_E);
  touch(l1, L1_WAYS, e, nextStamp(CPU));
}

/** A write leaves the line M in both levels (it is held E or M: a single CPU is never refused). */
function markWritten(line: u32): void {
  const l1 = l1Of(CPU);
  const e1 = findWay(l1, line & (L1_SETS - 1), L1_WAYS, line);
  // (with one set, a straddle's second fill may have evicted the first line: nothing left to mark)
  if (e1 >= 0) setState(l1, l1N(), e1, ST_M);
  const l2 = l2Of(CPU);
  const e2 = findWay(l2, line & (L2_SETS - 1), L2_WAYS, line);
  if (e2 >= 0) setState(l2, l2N(), e2, ST_M);
}
