// The no-progress watchdog: a CPU blocked for more than `watchdogCycles` of simulated time while the
// machine moves on is reported (stop reason noProgress, with the CPU's id) instead of hanging the run.

import { CPUS, WATCHDOG } from "./layout";
import { lpWorker } from "./lp-state";
import { cpuState, C_STATUS, C_BLOCKED_SINCE, BLOCKED } from "../cpu/state";
import { requestStop } from "./stop";
import { isIdle } from "../cpu/core";
import { StopReason } from "../shared/stats";

function stuck(c: i32, t: i64): bool {
  const s = cpuState(c);
  return load<u32>(s, C_STATUS) == BLOCKED && !isIdle(s) && t - load<i64>(s, C_BLOCKED_SINCE) > WATCHDOG;
}

/** In-thread: checks every CPU at time `t`. */
export function watchdogAll(t: i64): void {
  if (WATCHDOG == 0) return;
  for (let c = 0; c < CPUS; c++) if (stuck(c, t)) { requestStop(StopReason.noProgress, <u64>c); return; }
}

/** Workers: checks the CPUs worker `w` owns. */
export function watchdogOwned(w: i32, t: i64): void {
  if (WATCHDOG == 0) return;
  for (let c = 0; c < CPUS; c++) if (lpWorker(c) == w && stuck(c, t)) { requestStop(StopReason.noProgress, <u64>c); return; }
}
