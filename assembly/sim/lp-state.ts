// The scheduling record of one logical process (LP_STATE_BYTES each, one per LP):
//
//   0 heapSize u32 | 4 kind u32 | 8 seqSend u64 | 16 seqSelf u64 | 24 clock i64 | 32 worker u32 |
//   36 heapHead u32 | 40 events u64 (messages and internal events handled) | 64 scratch event (32 B) |
//   96 top: the earliest pending event's time i64 and order u64 (heap.ts) | 112 reserved
//
// `seqSend` numbers the messages this LP sends; `seqSelf` its internal events. They are separate so that
// how a scheduler batches an LP's work (which changes how many internal events it schedules) can never
// change the numbering, and so the order, of its messages.

import { LP_STATE_BYTES } from "../shared/header";
import { LP_BASE } from "./layout";

export const LP_CPU: u32 = 1;
export const LP_UNCORE: u32 = 2;
export const LP_DEVICE: u32 = 3;

/** Offsets of the fields heap.ts keeps (its run's size and first slot, and a copy of its earliest key). */
export const LP_HEAP_SIZE: usize = 0;
export const LP_HEAP_HEAD: usize = 36;
export const LP_TOP: usize = 96;

@inline export function lpState(lp: i32): usize { return LP_BASE + <usize>lp * LP_STATE_BYTES; }
@inline export function lpKind(lp: i32): u32 { return load<u32>(lpState(lp), 4); }
@inline export function lpNextSendSeq(lp: i32): u64 {
  const p = lpState(lp);
  const s = load<u64>(p, 8);
  store<u64>(p, s + 1, 8);
  return s;
}
@inline export function lpNextSelfSeq(lp: i32): u64 {
  const p = lpState(lp);
  const s = load<u64>(p, 16);
  store<u64>(p, s + 1, 16);
  return s;
}
@inline export function lpClock(lp: i32): i64 { return load<i64>(lpState(lp), 24); }
@inline export function lpSetClock(lp: i32, t: i64): void { store<i64>(lpState(lp), t, 24); }
@inline export function lpWorker(lp: i32): i32 { return load<i32>(lpState(lp), 32); }
@inline export function lpScratch(lp: i32): usize { return lpState(lp) + 64; }
