// The batching rule. An LP may handle one of its own future events at once — without pushing it into its
// heap and popping it again, or without an event at all — when that event is certainly the next one it
// would handle: it lies below the horizon of the current run (nothing from another LP can arrive before
// the horizon, nor before replyHorizon, the earliest reply to what this run sent) and sorts before every
// event already in the LP's heap by (time, sender, seq). Both schedulers would then hand it over next, so
// handling it now changes nothing but the number of heap operations. A CPU running its cache hits without
// events (cpu/core.ts), the uncore passing a request through its bank (uncore.ts) and a DMA line run
// (machine/line-runs.ts) all rest on this one rule.

import { heapTopTime, heapTopOrder } from "./heap";
import { replyHorizon } from "./send";

/** Off, every LP event goes through the heap: tests compare the two (per instance, in-thread only). */
let batching = true;
export function setBatching(on: bool): void { batching = on; }

/** True if an event of `lp` at `t` with ordering key `order` is the next event it handles in a run up to
 *  `horizon`. */
@inline export function comesNext(lp: i32, t: i64, order: u64, horizon: i64): bool {
  if (!batching || t >= horizon || t >= replyHorizon) return false;
  const top = heapTopTime(lp);
  return t < top || (t == top && order < heapTopOrder(lp));
}
