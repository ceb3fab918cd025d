// A set-associative tag array with LRU replacement — the one building block of L1d, L2 and each LLC bank.
// Struct-of-arrays over `entries` = sets × ways (sizes in shared/sizes.ts):
//
//   +----------------+-----------------+------------------+----------------+
//   | tags u32[n]    | stamps u64[n]   | versions u32[n]  | states u8[n]   |
//   +----------------+-----------------+------------------+----------------+
//
// A tag is the line number + 1 (0 = invalid). LRU is exact: each touch stores an ever-increasing stamp,
// the victim is the smallest. Versions are the data version of the copy (checked in debug runs only).

import { align8 } from "../shared/sizes";

@inline export function tagsOf(base: usize): usize { return base; }
@inline export function stampsOf(base: usize, n: u32): usize { return base + align8(n * 4); }
@inline export function versionsOf(base: usize, n: u32): usize { return base + align8(n * 4) + <usize>n * 8; }
@inline export function statesOf(base: usize, n: u32): usize { return base + align8(n * 4) + <usize>n * 8 + align8(n * 4); }

/** Index of the way of `set` holding `line`, as an entry index, or -1. */
@inline export function findWay(base: usize, set: u32, ways: u32, line: u32): i32 {
  const tag = line + 1;
  const first = set * ways;
  let p = base + (<usize>first << 2);
  for (let w: u32 = 0; w < ways; w++) {
    if (load<u32>(p) == tag) return <i32>(first + w);
    p += 4;
  }
  return -1;
}

/** The entry to fill in `set`: an invalid way if any, else the least recently used one among ways
 *  [0, limit). */
export function victimWay(base: usize, n: u32, set: u32, ways: u32, limit: u32): i32 {
  const first = set * ways;
  const tags = base + (<usize>first << 2);
  for (let w: u32 = 0; w < limit; w++) if (load<u32>(tags + (<usize>w << 2)) == 0) return <i32>(first + w);
  const stamps = stampsOf(base, n) + (<usize>first << 3);
  let best: u32 = 0;
  let bestStamp = load<u64>(stamps);
  for (let w: u32 = 1; w < limit; w++) {
    const s = load<u64>(stamps + (<usize>w << 3));
    if (s < bestStamp) {
      bestStamp = s;
      best = w;
    }
  }
  return <i32>(first + best);
}

@inline export function entryLine(base: usize, e: i32): u32 { return load<u32>(base + (<usize>e << 2)) - 1; }
@inline export function entryValid(base: usize, e: i32): bool { return load<u32>(base + (<usize>e << 2)) != 0; }
@inline export function setTag(base: usize, e: i32, line: u32): void { store<u32>(base + (<usize>e << 2), line + 1); }
@inline export function clearTag(base: usize, e: i32): void { store<u32>(base + (<usize>e << 2), 0); }
@inline export function touch(base: usize, n: u32, e: i32, stamp: u64): void {
  store<u64>(stampsOf(base, n) + (<usize>e << 3), stamp);
}
@inline export function getState(base: usize, n: u32, e: i32): u8 { return load<u8>(statesOf(base, n) + <usize>e); }
@inline export function setState(base: usize, n: u32, e: i32, s: u8): void { store<u8>(statesOf(base, n) + <usize>e, s); }
@inline export function getVersion(base: usize, n: u32, e: i32): u32 { return load<u32>(versionsOf(base, n) + (<usize>e << 2)); }
@inline export function setVersion(base: usize, n: u32, e: i32, v: u32): void { store<u32>(versionsOf(base, n) + (<usize>e << 2), v); }
