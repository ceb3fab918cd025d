// Each LP's pending events, handed out in (time, sender, seq) order. Only the thread that owns the LP
// touches them, so no synchronisation is needed.
//
// Not a binary heap but a sorted run: the LP's HEAP_CAP slots of 32-byte records hold its n pending
// events in order at slots head .. head+n-1, the earliest at `head`. The sizes seen decide it (instrumented
// runs of every shipped scenario, docs/speed.md): at most 31 pending events, 3 at a CPU and 7 at the uncore
// on average in classic-cross, and most events arrive in nearly time order (a message sent at t arrives at
// t + hop): a new record sorts before 0.2 (CPUs) to 1.2 (uncore, sharing mix) of the records already there
// on average, 3.6 at most (the chiplet's device). So a push moves that many records up by one, and a pop
// takes the record at `head` and moves nothing — where the binary heap's pop sifted 1 to 2 levels, two
// comparisons and a copy each. A push that would move more than LINEAR_STEPS records finds its place by
// binary search: a large, disordered run costs O(log n) comparisons a push, but still O(n) moves (16-byte
// vector moves; none of the scenarios comes near: above). No memory.copy: the engine makes it a call into
// C, and a call anywhere in the push makes it keep its values on the stack.
//
// The earliest record's key (time, order) is kept in the LP's record too (lp-state.ts, `top`): the
// schedulers ask every LP's top time at every step, one load from the LP records, which sit together,
// rather than from heaps 128 KiB apart. An empty run keeps i64.MAX_VALUE there.
//
// The run starts again at slot 0 whenever it empties (often: the sizes above); if its end reaches the last
// slot while earlier slots are free, its records move down to slot 0 first. So every one of the HEAP_CAP
// slots is usable, as with the heap.

import { HEAP_BASE, HEAP_CAP } from "./layout";
import { EVENT_BYTES } from "../shared/header";
import { EV_ORDER, EV_TIME, evCopy, evWrite, evBefore } from "./event";
import { lpState, lpScratch, LP_HEAP_SIZE, LP_HEAP_HEAD, LP_TOP } from "./lp-state";
import { capacityExceeded } from "./stop";

/** Records a push moves one by one before it finds its place by binary search instead (then it moves them
 *  all the same, but compares only log n). */
const LINEAR_STEPS = 4;

@inline function heapAt(lp: i32): usize {
  return HEAP_BASE + <usize>lp * <usize>HEAP_CAP * EVENT_BYTES;
}
@inline function slot(base: usize, i: i32): usize {
  return base + (<usize>i << 5);
}

/** Time of the LP's earliest pending event, or i64.MAX_VALUE if none: one load. */
@inline export function heapTopTime(lp: i32): i64 {
  return load<i64>(lpState(lp), LP_TOP + EV_TIME);
}
/** `order` (sender<<48 | seq) of the earliest pending event; only valid if there is one. */
@inline export function heapTopOrder(lp: i32): u64 {
  return load<u64>(lpState(lp), LP_TOP + EV_ORDER);
}

/** Empties the LP's run (once per run, before anything is pushed). */
export function heapReset(lp: i32): void {
  const st = lpState(lp);
  store<i32>(st, 0, LP_HEAP_SIZE);
  store<i32>(st, 0, LP_HEAP_HEAD);
  store<i64>(st, i64.MAX_VALUE, LP_TOP + EV_TIME);
  store<u64>(st, 0, LP_TOP + EV_ORDER);
}

/** Adds an event to the LP's run. */
@inline export function heapPush(lp: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  if (!pushIfRoom(lp, time, order, kind, flags, a, b, c)) pushAtLastSlot(lp, time, order, kind, flags, a, b, c);
}

/** Adds the event unless the run's end is at the last slot (then returns false, having changed nothing).
 *  Calls nothing: a function that calls (or may recurse) gets the engine's stack check on entry, and keeps
 *  its arguments on the stack across it. */
function pushIfRoom(lp: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): bool {
  const st = lpState(lp);
  const n = load<i32>(st, LP_HEAP_SIZE);
  const head = load<i32>(st, LP_HEAP_HEAD);
  if (head + n >= HEAP_CAP) return false;
  store<i32>(st, n + 1, LP_HEAP_SIZE);
  const base = heapAt(lp);
  // move the records after the new one up by one, from the end; keys are distinct (DESIGN.md), so its
  // place is unique
  let i = head + n;
  const far = i - LINEAR_STEPS;
  while (i > head) {
    const p = slot(base, i - 1);
    if (evBefore(p, time, order)) break;
    if (i == far) {
      pushFar(st, base, head, i, time, order, kind, flags, a, b, c);
      return true;
    }
    evCopy(slot(base, i), p);
    i--;
  }
  putAt(st, base, head, i, time, order, kind, flags, a, b, c);
  return true;
}

/** Writes the record at slot `i`, freed for it, and the top key if it is the run's first. */
@inline function putAt(st: usize, base: usize, head: i32, i: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  evWrite(slot(base, i), time, order, kind, flags, a, b, c);
  if (i == head) {
    store<i64>(st, time, LP_TOP + EV_TIME);
    store<u64>(st, order, LP_TOP + EV_ORDER);
  }
}

/** The rare far insertion: the record at end-1 and every one after it sort after (time, order), slot `end`
 *  is free. Finds the first record in [head, end) after (time, order) by binary search and moves the
 *  records from it up to `end` one slot up. */
function pushFar(st: usize, base: usize, head: i32, end: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  let lo = head, hi = end - 1; // the place is in [lo, hi]: records before lo sort before, from hi on after
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (evBefore(slot(base, mid), time, order)) lo = mid + 1;
    else hi = mid;
  }
  for (let i = end; i > lo; i--) evCopy(slot(base, i), slot(base, i - 1));
  putAt(st, base, head, lo, time, order, kind, flags, a, b, c);
}

/** The run's end is at the last slot: if it has every slot, the run stops (stop.ts); otherwise its records
 *  move down to slot 0 first (rare: the run starts again at 0 whenever it empties). */
function pushAtLastSlot(lp: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  const st = lpState(lp);
  const n = load<i32>(st, LP_HEAP_SIZE);
  if (n >= HEAP_CAP) {
    capacityExceeded(lp, "event heap");
    return;
  }
  const base = heapAt(lp);
  const from = slot(base, load<i32>(st, LP_HEAP_HEAD));
  for (let i = 0; i < n; i++) evCopy(slot(base, i), from + (<usize>i << 5));
  store<i32>(st, 0, LP_HEAP_HEAD);
  pushIfRoom(lp, time, order, kind, flags, a, b, c); // (now there is room)
}

/** Adds a copy of an existing record. */
export function heapPushRecord(lp: i32, e: usize): void {
  heapPush(lp, load<i64>(e, 0), load<u64>(e, 8), load<u16>(e, 16), load<u16>(e, 18), load<u32>(e, 20), load<u32>(e, 24), load<u32>(e, 28));
}

/** Removes the earliest event and returns a pointer to a copy in the LP's scratch slot (valid until the
 *  next pop for the same LP: the LP's own pushes may reuse the slot the event leaves). Only called when
 *  the LP has a pending event. */
export function heapPop(lp: i32): usize {
  const st = lpState(lp);
  const base = heapAt(lp);
  const head = load<i32>(st, LP_HEAP_HEAD);
  const out = lpScratch(lp);
  evCopy(out, slot(base, head));
  const n = load<i32>(st, LP_HEAP_SIZE) - 1;
  store<i32>(st, n, LP_HEAP_SIZE);
  if (n == 0) {
    store<i32>(st, 0, LP_HEAP_HEAD);
    store<i64>(st, i64.MAX_VALUE, LP_TOP + EV_TIME); // empty: see heapTopTime
    return out;
  }
  store<i32>(st, head + 1, LP_HEAP_HEAD);
  v128.store(st, v128.load(slot(base, head + 1)), LP_TOP); // the new earliest record's (time, order)
  return out;
}
