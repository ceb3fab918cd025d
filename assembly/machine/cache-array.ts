// A set-associative tag array with LRU replacement — the one building block of L1d, L2 and each LLC bank.
// Struct-of-arrays over `entries` = sets × ways (sizes in shared/sizes.ts):
//
//   +---------------------------+-----------------+------------------+
//   | tag words u32[n]          | stamps u64[n]   | versions u32[n]  |
//   +---------------------------+-----------------+------------------+
//
// A tag word is the line number + 1 in its low 28 bits (0 = invalid) and the line's state in its top 4:
// one host cache line holds a whole set's tags and states, so a lookup touches as few host lines as
// possible — simulating a large cache is bound by the host's own cache misses. LRU is exact: each touch
// stores an ever-increasing stamp, the victim is the smallest. Versions are the data version of the copy,
// kept only when the debug checker runs.

import { align8 } from "../shared/sizes";
import { CHECK } from "../sim/layout";

const TAG_MASK: u32 = 0x0fffffff;
const STATE_SHIFT: u32 = 28;

@inline export function stampsOf(base: usize, n: u32): usize { return base + align8(n * 4); }
@inline export function versionsOf(base: usize, n: u32): usize { return base + align8(n * 4) + <usize>n * 8; }

/** Index of the way of `set` holding `line`, as an entry index, or -1. */
@inline export function findWay(base: usize, set: u32, ways: u32, line: u32): i32 {
  const tag = line + 1;
  const first = set * ways;
  let p = base + (<usize>first << 2);
  for (let w: u32 = 0; w < ways; w++) {
    if ((load<u32>(p) & TAG_MASK) == tag) return <i32>(first + w);
    p += 4;
  }
  return -1;
}

/** findWay without data-dependent branches: scans every way and selects the match. A random access
 *  pattern makes the early-exit loop mispredict on nearly every lookup, which cost more than the scan. */
@inline export function findWayScan(base: usize, set: u32, ways: u32, line: u32): i32 {
  const tag = line + 1;
  const first = set * ways;
  const p = base + (<usize>first << 2);
  let found: i32 = -1;
  for (let w: u32 = 0; w < ways; w++) found = select<i32>(<i32>(first + w), found, (load<u32>(p + (<usize>w << 2)) & TAG_MASK) == tag);
  return found;
}

/** The entry to fill in `set`: the first way with the smallest stamp among ways [0, limit). Invalid ways
 *  keep stamp 0 (see invalidate) and touched ways a stamp ≥ 1, so this is "the first invalid way, else the
 *  least recently used" — computed without data-dependent branches, which a random pattern mispredicts. */
export function victimWay(base: usize, n: u32, set: u32, ways: u32, limit: u32): i32 {
  const first = set * ways;
  const stamps = stampsOf(base, n) + (<usize>first << 3);
  let best: u32 = 0;
  let bestStamp = load<u64>(stamps);
  for (let w: u32 = 1; w < limit; w++) {
    const st = load<u64>(stamps + (<usize>w << 3));
    const better = st < bestStamp;
    best = select<u32>(w, best, better);
    bestStamp = select<u64>(st, bestStamp, better);
  }
  return <i32>(first + best);
}

/** Empties an entry; its stamp returns to 0 so that victimWay picks it first. */
@inline export function invalidate(base: usize, n: u32, e: i32): void {
  store<u32>(base + (<usize>e << 2), 0);
  store<u64>(stampsOf(base, n) + (<usize>e << 3), 0);
}

@inline export function entryLine(base: usize, e: i32): u32 { return (load<u32>(base + (<usize>e << 2)) & TAG_MASK) - 1; }
@inline export function entryValid(base: usize, e: i32): bool { return (load<u32>(base + (<usize>e << 2)) & TAG_MASK) != 0; }
/** Puts `line` in entry `e` with state 0. */
@inline export function setTag(base: usize, e: i32, line: u32): void { store<u32>(base + (<usize>e << 2), line + 1); }
@inline export function touch(base: usize, n: u32, e: i32, stamp: u64): void {
  store<u64>(stampsOf(base, n) + (<usize>e << 3), stamp);
}
@inline export function getState(base: usize, _n: u32, e: i32): u8 { return <u8>(load<u32>(base + (<usize>e << 2)) >> STATE_SHIFT); }
@inline export function setState(base: usize, _n: u32, e: i32, s: u8): void {
  const p = base + (<usize>e << 2);
  store<u32>(p, (load<u32>(p) & TAG_MASK) | (<u32>s << STATE_SHIFT));
}
@inline export function getVersion(base: usize, n: u32, e: i32): u32 { return CHECK ? load<u32>(versionsOf(base, n) + (<usize>e << 2)) : 0; }
@inline export function setVersion(base: usize, n: u32, e: i32, v: u32): void { if (CHECK) store<u32>(versionsOf(base, n) + (<usize>e << 2), v); }
