// A set-associative tag array with LRU replacement — the one building block of L1d, L2 and each LLC bank.
// Each set keeps its tag words and its LRU stamps side by side, so that a lookup and the LRU update that
// follows touch one or two adjacent host cache lines (an 8-way set is exactly one 64-byte line): simulating
// a large cache is bound by the host's own cache misses. The data versions of the debug checker follow
// all the sets, indexed like the tags:
//
//   set s (W ways) at base + s·8W:  +------------------+--------------------+
//                                   | tag words u32[W] | stamps u32[W]      |
//                                   +------------------+--------------------+
//   after the last set (base + 8·entries):  versions u32[2·entries], slot e beside tag word e
//
// An *entry* is the index of a tag word from `base`: set s, way w is entry s·2W + w. A tag word is the line
// number + 1 in its low 28 bits (0 = invalid) and the line's state in its top 4. The layout fits in
// cacheArrayBytes (shared/sizes.ts), which the host's memory map reserves.
//
// LRU is exact: each touch stores an ever-increasing stamp, the victim is the smallest. Stamps are only
// ever compared within one set, so when a 32-bit counter would run out, every set's stamps are replaced
// by their ranks within the set (renumberStamps) and the counter restarts above the largest rank: every
// comparison, and so every result, is what unbounded stamps would give (tests/lru-stamps.test.ts).
// Lookups compare four ways at a time (WebAssembly SIMD) with no data-dependent branch, which a random
// access pattern would mispredict.

import { CHECK } from "../sim/layout";

const TAG_MASK: u32 = 0x0fffffff;
const STATE_SHIFT: u32 = 28;
/** The state bits above the tag: 32 − STATE_SHIFT. */
const STATE_BITS: u32 = 4;
/** The largest stamp ever stored. 0xffffffff is kept free: victimWay pads the lanes past its limit with it. */
export const STAMP_MAX: u32 = 0xfffffffe;
/** The stamp past which a counter is renumbered: STAMP_MAX, lowered by tests (setStampLimit) so that
 *  renumbering runs every few hundred touches and its exactness can be checked. Per instance. */
export let stampLimit: u32 = STAMP_MAX;
export function setStampLimit(limit: u32): void { stampLimit = limit < 64 ? 64 : limit > STAMP_MAX ? STAMP_MAX : limit; }

@inline function firstOf(set: u32, ways: u32): u32 { return set * (ways << 1); }
@inline function tagAddr(base: usize, e: i32): usize { return base + (<usize>e << 2); }
@inline function stampAddr(base: usize, ways: u32, e: i32): usize { return base + ((<usize>e + <usize>ways) << 2); }
@inline function versionAddr(base: usize, n: u32, e: i32): usize { return base + (<usize>n << 3) + (<usize>e << 2); }
/** Bits [0, ways) set (ways ≤ 32, the validator's bound). */
@inline function waysMask(ways: u32): u32 { return <u32>((<u64>1 << <u64>ways) - 1); }

/** Entry of the way of `set` holding `line`, or -1. Reads whole groups of four words: a group that runs
 *  past the set's tags reads its stamps (or, with fewer than four ways, what follows — still inside the
 *  array, whose versions area comes last), and the mask drops those lanes. Each tag word is shifted left
 *  past its 4 state bits rather than masked: the same comparison (line + 1 fits the 28 tag bits, as
 *  setTag requires), one instruction, and no mask constant for the engine to build at every lookup. */
@inline export function findWay(base: usize, set: u32, ways: u32, line: u32): i32 {
  const first = firstOf(set, ways);
  const p = base + (<usize>first << 2);
  const want = i32x4.splat((line + 1) << STATE_BITS);
  let hits: u32 = 0;
  if (ways == 8) {
    // the common L1 geometry, unrolled: no loop (and no loop-back check of the engine's) at all
    hits = <u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p), STATE_BITS), want)) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 16), STATE_BITS), want)) << 4);
  } else if (ways == 16) {
    // the common L2 geometry, unrolled
    hits = <u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p), STATE_BITS), want)) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 16), STATE_BITS), want)) << 4) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 32), STATE_BITS), want)) << 8) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 48), STATE_BITS), want)) << 12);
  } else if (ways > 8 && ways <= 12) {
    // three groups (the 11-way LLC slices of modern-1s), unrolled; the mask below drops the lanes past `ways`
    hits = <u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p), STATE_BITS), want)) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 16), STATE_BITS), want)) << 4) |
      (<u32>i32x4.bitmask(i32x4.eq(i32x4.shl(v128.load(p, 32), STATE_BITS), want)) << 8);
    hits &= waysMask(ways);
  } else {
    for (let w: u32 = 0; w < ways; w += 4) {
      const eq = i32x4.eq(i32x4.shl(v128.load(p + (<usize>w << 2)), STATE_BITS), want);
      hits |= <u32>i32x4.bitmask(eq) << w;
    }
    hits &= waysMask(ways);
  }
  return hits != 0 ? <i32>(first + ctz(hits)) : -1;
}

/** The entry to fill in `set`: the first way with the smallest stamp among ways [0, limit). Invalid ways
 *  keep stamp 0 (see invalidate) and touched ways a stamp ≥ 1, so this is "the first invalid way, else the
 *  least recently used". Lanes at or past `limit` are padded with 0xffffffff, above every stamp. */
export function victimWay(base: usize, set: u32, ways: u32, limit: u32): i32 {
  const first = firstOf(set, ways);
  const p = base + ((<usize>first + <usize>ways) << 2);
  const lane = i32x4(0, 1, 2, 3);
  let least = i32x4.splat(-1);
  if (limit == 8) least = i32x4.min_u(v128.load(p), v128.load(p, 16)); // the common L1 geometry, unrolled
  else if (limit == 16) least = i32x4.min_u(i32x4.min_u(v128.load(p), v128.load(p, 16)), i32x4.min_u(v128.load(p, 32), v128.load(p, 48)));
  else {
    for (let w: u32 = 0; w < limit; w += 4) {
      const pad = i32x4.ge_u(lane, i32x4.splat(limit - w)); // lanes at or past the limit
      least = i32x4.min_u(least, v128.or(v128.load(p + (<usize>w << 2)), pad));
    }
  }
  // the smallest lane, in every lane
  least = i32x4.min_u(least, i8x16.shuffle(least, least, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  least = i32x4.min_u(least, i8x16.shuffle(least, least, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  let at: u32 = 0;
  if (limit == 8) at = <u32>i32x4.bitmask(i32x4.eq(v128.load(p), least)) | (<u32>i32x4.bitmask(i32x4.eq(v128.load(p, 16), least)) << 4);
  else if (limit == 16) {
    at = <u32>i32x4.bitmask(i32x4.eq(v128.load(p), least)) | (<u32>i32x4.bitmask(i32x4.eq(v128.load(p, 16), least)) << 4) |
      (<u32>i32x4.bitmask(i32x4.eq(v128.load(p, 32), least)) << 8) | (<u32>i32x4.bitmask(i32x4.eq(v128.load(p, 48), least)) << 12);
  } else for (let w: u32 = 0; w < limit; w += 4) at |= <u32>i32x4.bitmask(i32x4.eq(v128.load(p + (<usize>w << 2)), least)) << w;
  return <i32>(first + ctz(at & waysMask(limit)));
}

/** Empties an entry; its stamp returns to 0 so that victimWay picks it first. */
@inline export function invalidate(base: usize, ways: u32, e: i32): void {
  store<u32>(tagAddr(base, e), 0);
  store<u32>(stampAddr(base, ways, e), 0);
}

@inline export function entryLine(base: usize, e: i32): u32 { return (load<u32>(tagAddr(base, e)) & TAG_MASK) - 1; }
@inline export function entryValid(base: usize, e: i32): bool { return (load<u32>(tagAddr(base, e)) & TAG_MASK) != 0; }
/** The way of entry `e` within its set. */
@inline export function entryWay(e: i32, ways: u32): u32 { return <u32>e % (ways << 1); }
/** Puts `line` in entry `e` with state 0. */
@inline export function setTag(base: usize, e: i32, line: u32): void { store<u32>(tagAddr(base, e), line + 1); }
@inline export function touch(base: usize, ways: u32, e: i32, stamp: u32): void {
  store<u32>(stampAddr(base, ways, e), stamp);
}
@inline export function getState(base: usize, _n: u32, e: i32): u8 { return <u8>(load<u32>(tagAddr(base, e)) >> STATE_SHIFT); }
@inline export function setState(base: usize, _n: u32, e: i32, s: u8): void {
  const p = tagAddr(base, e);
  store<u32>(p, (load<u32>(p) & TAG_MASK) | (<u32>s << STATE_SHIFT));
}
/** The debug checker's data version of entry `e` (`n` = the array's sets × ways). */
@inline export function getVersion(base: usize, n: u32, e: i32): u32 { return CHECK ? load<u32>(versionAddr(base, n, e)) : 0; }
@inline export function setVersion(base: usize, n: u32, e: i32, v: u32): void { if (CHECK) store<u32>(versionAddr(base, n, e), v); }

/** Replaces every stamp by its rank among the distinct non-zero stamps of its set (1 = least recent), 0
 *  staying 0; returns the largest rank, above which the counter may restart. The order within every set —
 *  all that victimWay compares — is unchanged. Runs once per ~2^32 touches of the arrays sharing a counter.
 *  Ways are rewritten in increasing stamp order, `done` marking those already rewritten. */
export function renumberStamps(base: usize, sets: u32, ways: u32): u32 {
  let top: u32 = 0;
  for (let set: u32 = 0; set < sets; set++) {
    const p = base + ((<usize>firstOf(set, ways) + <usize>ways) << 2);
    let done: u64 = 0;
    let rank: u32 = 0;
    let prev: u32 = 0;
    while (true) {
      let best: i32 = -1;
      let least: u32 = 0xffffffff;
      for (let w: u32 = 0; w < ways; w++) {
        const s = load<u32>(p + (<usize>w << 2));
        if (((done >> w) & 1) == 0 && s != 0 && s < least) {
          best = <i32>w;
          least = s;
        }
      }
      if (best < 0) break;
      if (least != prev) {
        rank++;
        prev = least;
      }
      store<u32>(p + (<usize>best << 2), rank);
      done |= (<u64>1) << <u64>best;
    }
    if (rank > top) top = rank;
  }
  return top;
}
