// Each LP's pending events: a binary min-heap of 32-byte records ordered by (time, sender, seq).
// Only the thread that owns the LP touches its heap, so no synchronisation is needed.

import { HEAP_BASE, HEAP_CAP } from "./layout";
import { EVENT_BYTES } from "../shared/header";
import { EV_ORDER, EV_TIME, evCopy, evWrite, evBefore } from "./event";
import { lpHeapSize, lpSetHeapSize, lpScratch } from "./lp-state";
import { capacityExceeded } from "./stop";

@inline function heapAt(lp: i32): usize {
  return HEAP_BASE + <usize>lp * <usize>HEAP_CAP * EVENT_BYTES;
}
@inline function slot(base: usize, i: i32): usize {
  return base + (<usize>i << 5);
}

/** Time of the LP's earliest pending event, or i64.MAX_VALUE if none: an empty heap keeps i64.MAX_VALUE
 *  in its first record's time (heapReset, heapPop), so this is one load — the schedulers ask it of every
 *  LP at every step. */
@inline export function heapTopTime(lp: i32): i64 {
  return load<i64>(heapAt(lp), EV_TIME);
}

/** Empties the LP's heap (once per run, before anything is pushed). */
export function heapReset(lp: i32): void {
  lpSetHeapSize(lp, 0);
  store<i64>(heapAt(lp), i64.MAX_VALUE, EV_TIME);
}
/** `order` (sender<<48 | seq) of the earliest pending event; only valid if the heap is not empty. */
@inline export function heapTopOrder(lp: i32): u64 {
  return load<u64>(heapAt(lp), EV_ORDER);
}

export function heapPush(lp: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  const base = heapAt(lp);
  let i = lpHeapSize(lp);
  if (i >= HEAP_CAP) {
    capacityExceeded(lp, "event heap");
    return;
  }
  lpSetHeapSize(lp, i + 1);
  // sift up with a hole: parents move down until the new record's place is found
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = slot(base, parent);
    const pt = load<i64>(p, EV_TIME);
    if (pt < time || (pt == time && load<u64>(p, EV_ORDER) < order)) break;
    evCopy(slot(base, i), p);
    i = parent;
  }
  evWrite(slot(base, i), time, order, kind, flags, a, b, c);
}

/** Pushes a copy of an existing record. */
export function heapPushRecord(lp: i32, e: usize): void {
  heapPush(lp, load<i64>(e, 0), load<u64>(e, 8), load<u16>(e, 16), load<u16>(e, 18), load<u32>(e, 20), load<u32>(e, 24), load<u32>(e, 28));
}

/** Removes the earliest event and returns a pointer to a copy in the LP's scratch slot (valid until the
 *  next pop for the same LP). */
export function heapPop(lp: i32): usize {
  const base = heapAt(lp);
  const out = lpScratch(lp);
  evCopy(out, base);
  const n = lpHeapSize(lp) - 1;
  lpSetHeapSize(lp, n);
  if (n == 0) {
    store<i64>(base, i64.MAX_VALUE, EV_TIME); // empty: see heapTopTime
    return out;
  }
  const last = slot(base, n);
  let i = 0;
  while (true) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && evBefore(slot(base, child + 1), slot(base, child))) child++;
    if (!evBefore(slot(base, child), last)) break;
    evCopy(slot(base, i), slot(base, child));
    i = child;
  }
  evCopy(slot(base, i), last);
  return out;
}
