// Named stop reasons. A run never traps on a model condition: it records why it stopped (and where) in
// the global statistics, raises the stop flag every scheduler polls, and the host turns that into an error.

import { GlobalStat, StopReason } from "../shared/stats";
import { globalStatGet, globalStatSet, globalStatAddr } from "./stats";

/** Raises the stop flag with a reason, keeping the first reason if several LPs stop at once. */
export function requestStop(reason: StopReason, where: u64): void {
  const p = globalStatAddr(GlobalStat.stopReason);
  if (atomic.cmpxchg<u64>(p, 0, <u64>reason) == 0) globalStatSet(GlobalStat.stopWhere, where);
}

@inline export function stopRequested(): bool {
  return atomic.load<u64>(globalStatAddr(GlobalStat.stopReason)) != 0;
}

export function capacityExceeded(lp: i32, _what: string): void {
  requestStop(StopReason.capacity, <u64>lp);
}

export function stopReason(): u64 {
  return globalStatGet(GlobalStat.stopReason);
}
