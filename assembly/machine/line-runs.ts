// Line runs: a device writes a run of consecutive lines (a packet into its buffer) with one message and
// gets one completion, instead of a message, a bank event and a completion per line — with exactly the
// results per-line messages would give, the completion arriving when the last of those lines' would.
//
// Per-line messages arriving together would acquire their banks in order and each schedule a BANK_DONE
// with consecutive sequence numbers; the uncore would handle them by (time, sender, seq): by the end of
// their lookups, ties in line order. A run does the same bookkeeping at arrival — bank times and a block
// of reserved sequence numbers — and sorts its lines into that order. The lookups usually end in line
// order, but not when one of the run's banks is still busy from an earlier request: then a later line's
// lookup ends first, and the last line written (whose write sends the run's completion) need not be the
// run's last line. One internal event then walks the lines in that order: it handles each at its own
// bank time, as that line's BANK_DONE would have been handled, for as long as nothing else can come first
// (below the LP's horizon, below the reply horizon, before the next event in the uncore's heap by (time,
// sender, seq)); otherwise it reschedules itself with the next line's time and reserved key. The same
// batching rule lets a CPU run its hits without events (cpu/core.ts).
//
//   run record (RUN_BYTES): 0 count u32 | 4 next u32 | 8 pending u32 | 12 src u32 | 16 firstLine u32 |
//     20 lastBytes u16 | 22 inOrder u16 | 24 seq0 u64 | 32 free-list link u32 (while free) |
//     32 order u8[RUN_MAX_LINES] (in use, lookups out of line order) | 64 bank-done times i64[RUN_MAX_LINES]
//   `next` counts the lines handled. With `inOrder` (the lookups end in line order, as they almost always
//   do) the next line is line `next`; otherwise it is order[next], the lines sorted by (time, index) —
//   by (time, reserved key), as the keys follow the index.

import { UNCORE, UNCORE_BASE, TXN_CAP, WAIT_CAP, BANK_LOOKUP, LINE_SHIFT } from "../sim/layout";
import { TXN_BYTES, WAIT_BYTES, RUN_CAP, RUN_BYTES, RUN_MAX_LINES } from "../shared/sizes";
import { heapPush } from "../sim/heap";
import { comesNext } from "../sim/batch";
import { orderKey } from "../sim/event";
import { lpNextSelfSeq, lpSetClock } from "../sim/lp-state";
import { capacityExceeded } from "../sim/stop";
import { bankAcquire } from "./llc";
import { Msg } from "./messages";

/** Marks a DMA write's `part` word as belonging to run `r` (bits 16..30 carry r). */
export const RUN_FLAG: u32 = 0x80000000;

const R_COUNT: usize = 0;
const R_NEXT: usize = 4;
const R_PENDING: usize = 8;
const R_SRC: usize = 12;
const R_FIRST: usize = 16;
const R_LAST_BYTES: usize = 20;
const R_IN_ORDER: usize = 22;
const R_SEQ0: usize = 24;
const R_LINK: usize = 32;
const R_ORDER: usize = 32;
const R_TIMES: usize = 64;

@inline function runsBase(): usize { return UNCORE_BASE + 1024 + <usize>TXN_CAP * TXN_BYTES + <usize>WAIT_CAP * WAIT_BYTES; }
@inline function runPtr(r: u32): usize { return runsBase() + <usize>(r - 1) * RUN_BYTES; }
@inline function lineTime(p: usize, i: u32): i64 { return load<i64>(p + R_TIMES + (<usize>i << 3)); }
/** The key line `i`'s own BANK_DONE would have had. */
@inline function lineKey(p: usize, i: u32): u64 { return orderKey(UNCORE, load<u64>(p, R_SEQ0) + i); }
/** The line handled `j`-th. */
@inline function lineAt(p: usize, inOrder: bool, j: u32): u32 { return inOrder ? j : <u32>load<u8>(p + R_ORDER + j); }
/** The uncore record's slot holding the free list of runs (after the bank and controller tables). */
const U_RUN_FREE: usize = 1020;

export function runsInit(): void {
  assert(R_ORDER + RUN_MAX_LINES <= R_TIMES, "a run's order must fit below its times");
  for (let r: u32 = 1; r <= RUN_CAP; r++) store<u32>(runPtr(r), r < RUN_CAP ? r + 1 : 0, R_LINK);
  store<u32>(UNCORE_BASE, 1, U_RUN_FREE);
}

/** A DMA_WR_RUN arrived at `t`: reserve each line's bank as separate messages would, then walk. */
export function runArrive(first: u32, word: u32, src: u32, t: i64): void {
  const count = word & 0xffff;
  assert(count >= 1 && count <= RUN_MAX_LINES, "a DMA run carries 1 to RUN_MAX_LINES lines");
  const r = load<u32>(UNCORE_BASE, U_RUN_FREE);
  if (r == 0) {
    capacityExceeded(UNCORE, "DMA runs");
    return;
  }
  const p = runPtr(r);
  store<u32>(UNCORE_BASE, load<u32>(p, R_LINK), U_RUN_FREE); // (the link's bytes become the order's)
  store<u32>(p, count, R_COUNT);
  store<u32>(p, 0, R_NEXT);
  store<u32>(p, count, R_PENDING);
  store<u32>(p, src, R_SRC);
  store<u32>(p, first, R_FIRST);
  store<u16>(p, <u16>(word >> 16), R_LAST_BYTES);
  let inOrder = true;
  let prev: i64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const done = bankAcquire(first + i, t) + BANK_LOOKUP;
    store<i64>(p + R_TIMES + (<usize>i << 3), done);
    const seq = lpNextSelfSeq(UNCORE); // the BANK_DONE each line's own message would have scheduled
    if (i == 0) store<u64>(p, seq, R_SEQ0);
    if (done < prev) inOrder = false; // (equal times keep line order: the keys break the tie)
    prev = done;
  }
  store<u16>(p, inOrder ? 1 : 0, R_IN_ORDER);
  if (!inOrder) sortLines(p, count);
  reschedule(r, p, lineAt(p, inOrder, 0));
}

/** The order of a run whose lookups do not end in line order (one of its banks was busy): its lines by
 *  (time, index), an insertion sort that keeps equal times in line order. */
function sortLines(p: usize, count: u32): void {
  for (let i: u32 = 0; i < count; i++) {
    const t = lineTime(p, i);
    let j = i;
    while (j > 0 && lineTime(p, <u32>load<u8>(p + R_ORDER + j - 1)) > t) {
      store<u8>(p + R_ORDER + j, load<u8>(p + R_ORDER + j - 1));
      j--;
    }
    store<u8>(p + R_ORDER + j, <u8>i);
  }
}

/** Puts run `r` back into the uncore's heap for line `i`, under that line's time and reserved key. */
@inline function reschedule(r: u32, p: usize, i: u32): void {
  heapPush(UNCORE, lineTime(p, i), lineKey(p, i), Msg.RUN_NEXT, 0, r, 0, 0);
}

/** True if line `i`'s turn (its time and reserved key) comes before anything else the uncore may see. */
@inline function mayHandleNow(p: usize, i: u32, horizon: i64): bool {
  return comesNext(UNCORE, lineTime(p, i), lineKey(p, i), horizon);
}

/** RUN_NEXT for run `r`: handle its lines in turn while no other event can intervene. `handle` is the
 *  uncore's per-line request handler (line, part, src, t). */
export function runWalk(r: u32, horizon: i64, handle: (line: u32, part: u32, src: u32, t: i64) => void): void {
  const p = runPtr(r);
  let j = load<u32>(p, R_NEXT);
  const count = load<u32>(p, R_COUNT);
  const inOrder = load<u16>(p, R_IN_ORDER) != 0;
  let i = lineAt(p, inOrder, j);
  for (;;) {
    const t = lineTime(p, i);
    lpSetClock(UNCORE, t);
    const bytes = i + 1 == count ? <u32>load<u16>(p, R_LAST_BYTES) : 0; // the frame's last, partial line
    handle(load<u32>(p, R_FIRST) + i, RUN_FLAG | (r << 16) | (bytes << 8), load<u32>(p, R_SRC) + (i << LINE_SHIFT), t);
    j++;
    store<u32>(p, j, R_NEXT);
    if (j == count) return;
    i = lineAt(p, inOrder, j);
    if (!mayHandleNow(p, i, horizon)) {
      reschedule(r, p, i);
      return;
    }
  }
}

/** One line of run `r` was written at `t`; returns the run's first line when the whole run is done
 *  (the device's completion), or 0xffffffff. */
export function runLineDone(part: u32): u32 {
  const r = (part >> 16) & 0x7fff;
  const p = runPtr(r);
  const left = load<u32>(p, R_PENDING) - 1;
  store<u32>(p, left, R_PENDING);
  if (left != 0) return 0xffffffff;
  const first = load<u32>(p, R_FIRST);
  store<u32>(p, load<u32>(UNCORE_BASE, U_RUN_FREE), R_LINK);
  store<u32>(UNCORE_BASE, r, U_RUN_FREE);
  return first;
}
