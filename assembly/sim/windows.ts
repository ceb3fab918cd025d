// The workers-as-CPUs scheduler: each worker (one module instance on one thread) owns some LPs. Time
// advances in windows [T, T+Q): every LP handles its events below T+Q; whatever it sends lands at T+Q or
// later, so LPs are independent inside a window. A barrier ends the window, and the next one starts at the
// earliest pending event of any LP — empty time is skipped. Each LP sees exactly the events, in exactly
// the order, that the in-thread scheduler gives it, so results are identical (a test, not a hope).

import { LPS, Q, END_TIME } from "./layout";
import { lpWorker } from "./lp-state";
import { inboxDrain } from "./inbox";
import { runLp, lpNextTime } from "./run-lp";
import { setMode, MODE_WINDOWS, resetSentMin, sentMin } from "./send";
import { barrierAttach, barrierMin } from "./barrier";
import { stopRequested } from "./stop";
import { globalStat } from "./stats";
import { GlobalStat } from "../shared/stats";
import { watchdogOwned } from "./watchdog";

/** Runs worker `w` until no event is left before the end time (or a stop); returns windows run. */
export function workerRun(w: i32): u32 {
  setMode(MODE_WINDOWS);
  barrierAttach();
  // agree on the first window through the barrier: a worker reads only its own LPs, because others may
  // already be running theirs
  let first: i64 = i64.MAX_VALUE;
  for (let lp = 0; lp < LPS; lp++) {
    if (lpWorker(lp) != w) continue;
    const n = lpNextTime(lp);
    if (n < first) first = n;
  }
  let t = barrierMin(w, first);
  let windows: u32 = 0;
  while (true) {
    // every worker leaves on the same window: a stop is published through the barrier (as i64.MIN)
    if (t == i64.MAX_VALUE || t == i64.MIN_VALUE || t >= END_TIME) break;
    const h = t + Q < END_TIME ? t + Q : END_TIME;
    resetSentMin();
    let next = i64.MAX_VALUE;
    for (let lp = 0; lp < LPS; lp++) {
      if (lpWorker(lp) != w) continue;
      inboxDrain(lp);
      runLp(lp, h);
      const n = lpNextTime(lp);
      if (n < next) next = n;
    }
    if (sentMin < next) next = sentMin;
    windows++;
    if ((windows & 1023) == 0) watchdogOwned(w, h);
    t = barrierMin(w, stopRequested() ? i64.MIN_VALUE : next);
    if (w == 0) globalStat(GlobalStat.windows);
  }
  return windows;
}

