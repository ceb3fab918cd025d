// The in-thread scheduler: a plain discrete-event loop over all LPs in one instance, no windows, no
// barriers — the fast path and the default.
//
// Each step runs the LP with the earliest next event up to a horizon below which nothing can reach it.
// The horizon is not just "earliest other event + Q": an LP that is only running its program cannot
// message anyone sooner than its earliest-output bound, so we take, over every other LP, the earliest
// time a message it could send would *arrive at this LP*:
//   CPU running (resume at t)   → uncore at t + l2Hit + hop (a miss), device at t + ioHop (an MMIO
//                                 write), another CPU at t + llcHit (its request must pass the directory
//                                 first), t + 2·ioHop (an MMIO write that makes the device interrupt) or
//                                 t + ipi (an inter-processor interrupt);
//   CPU with a message at t     → uncore at t + hop (an ack), device at t + ioHop, another CPU at
//                                 t + min(snoop + hop, 2·hop + bankLookup, 2·ioHop, ipi) (forwarded data,
//                                 an ack the directory acts on, an interrupt the device sends in reply, or
//                                 an IPI);
//   uncore with an event at t   → CPU at t + min(hop, 2·ioHop) (directly, or a DMA completion that makes
//                                 the device interrupt), device at t + ioHop;
//   device with an event at t   → uncore at t + ioHop, CPU at t + ioHop (an interrupt).
// The uncore and the device share one class of bounds ("to the uncore or the device"), the smaller of
// the two. Chains through a third LP only add latency, so the minimum over the paths listed is safe (the
// device's replies are why 2·ioHop appears). This lets a CPU that keeps hitting its caches run for a whole
// LLC latency per step instead of one hop.

import { CPUS, LPS, UNCORE, HOP, IO_HOP, IPI, L2_HIT, BANK_LOOKUP, SNOOP, END_TIME } from "./layout";
import { heapTopTime } from "./heap";
import { runLp, lpNextTime } from "./run-lp";
import { setMode, mode, MODE_INTHREAD, MODE_WINDOWS, resetReplyHorizon } from "./send";
import { inboxDrain } from "./inbox";
import { isIdle, chargeWait } from "../cpu/core";
import { cpuState, C_RESUME_AT, C_STATUS, C_NOW, HALTED } from "../cpu/state";
import { stopRequested, requestStop, stopReason } from "./stop";
import { watchdogAll } from "./watchdog";
import { lpClock } from "./lp-state";
import { cpuStatGet } from "./stats";
import { CpuStat } from "../shared/stats";
import { globalStatSet } from "./stats";
import { GlobalStat, StopReason } from "../shared/stats";

const MAX: i64 = i64.MAX_VALUE;

/** A time past any a run reaches (2^62 cycles are over 58 years at 2.5 GHz), yet far from overflow when
 *  a latency (a u32 of the profile) is added: bounds of "never" are computed from it. */
const FAR: i64 = 1 << 62;
@inline function min64(a: i64, b: i64): i64 { return a < b ? a : b; }

/** Runs the whole simulation in this instance; returns the stop reason. */
export function runInThread(): u32 {
  setMode(MODE_INTHREAD);
  while (runSteps(WATCHDOG_STEPS)) {}
  return finishRun();
}

/** As runInThread, in slices: runs up to `slices` × WATCHDOG_STEPS steps and returns false once the run is
 *  over (then the host calls finishRun). The host reads progress between two calls; the steps are the same
 *  runSteps calls in the same order as runInThread's loop, so a run in slices is the same run. */
export function runInThreadSlice(slices: u32): bool {
  setMode(MODE_INTHREAD);
  for (let i: u32 = 0; i < slices; i++) if (!runSteps(WATCHDOG_STEPS)) return false;
  return true;
}

/** Steps between two looks of the no-progress watchdog. */
const WATCHDOG_STEPS: u32 = 4096;

// The arrival bounds of the header comment, as offsets from an LP's next event; set at the start of each
// runSteps. Globals, not locals: the engine computes a local's pure expression again at every use inside
// the loop, while a global is one load.
let cpuRunToCpu: i64 = 0;
let cpuRunToUncore: i64 = 0;
let cpuMsgToCpu: i64 = 0;
let cpuMsgToUncore: i64 = 0;
let uncoreToCpu: i64 = 0;
let uncoreToAny: i64 = 0;
let deviceToCpu: i64 = 0;
let deviceToAny: i64 = 0;

function setBounds(): void {
  const viaDevice = 2 * IO_HOP;
  cpuRunToCpu = min64(min64(L2_HIT + 2 * HOP + BANK_LOOKUP, viaDevice), IPI);
  cpuRunToUncore = min64(L2_HIT + HOP, IO_HOP);
  // (SNOOP is the smaller of the two snoops: a forward across core complexes only arrives later)
  cpuMsgToCpu = min64(min64(min64(SNOOP + HOP, 2 * HOP + BANK_LOOKUP), viaDevice), IPI);
  cpuMsgToUncore = min64(HOP, IO_HOP);
  uncoreToCpu = min64(HOP, viaDevice);
  uncoreToAny = min64(HOP, IO_HOP);
  deviceToCpu = IO_HOP;
  deviceToAny = IO_HOP;
}

/** Runs up to `n` steps of the loop; false once the run is over. The loop lives in its own function, called
 *  again and again, because a WebAssembly engine swaps in a function's optimised code only at a call: a
 *  loop entered once would run a whole run in the baseline tier it was first compiled in. */
function runSteps(n: u32): bool {
  setBounds();
  let t1 = MAX;
  for (let step: u32 = 0; step < n; step++) {
    if (stopRequested()) return false;
    // one pass over the LPs: the earliest next event, and the two smallest arrival bounds of each kind
    // (the horizon of the chosen LP is the smallest bound of any *other* LP)
    let best = -1;
    t1 = MAX;
    let cpu1 = MAX, cpu1Lp = -1, cpu2 = MAX;
    let unc1 = MAX, unc1Lp = -1, unc2 = MAX;
    for (let lp = 0; lp < LPS; lp++) {
      let t = heapTopTime(lp);
      let bc: i64, bu: i64;
      if (lp < CPUS) {
        // a CPU's bounds from its resume and from its next message; either may be "never", kept below
        // overflow by FAR (far past any simulated time) and turned back into "never" below
        const r = load<i64>(cpuState(lp), C_RESUME_AT);
        const h = min64(t, FAR);
        if (r < t) t = r;
        if (t == MAX) continue;
        const rr = min64(r, FAR);
        bc = min64(rr + cpuRunToCpu, h + cpuMsgToCpu);
        bu = min64(rr + cpuRunToUncore, h + cpuMsgToUncore);
      } else {
        if (t == MAX) continue;
        bc = t + (lp == UNCORE ? uncoreToCpu : deviceToCpu);
        bu = t + (lp == UNCORE ? uncoreToAny : deviceToAny);
      }
      if (t < t1) {
        t1 = t;
        best = lp;
      }
      if (bc < cpu1) {
        cpu2 = cpu1;
        cpu1 = bc;
        cpu1Lp = lp;
      } else if (bc < cpu2) cpu2 = bc;
      if (bu < unc1) {
        unc2 = unc1;
        unc1 = bu;
        unc1Lp = lp;
      } else if (bu < unc2) unc2 = bu;
    }
    if (best < 0 || t1 >= END_TIME) return false;
    let h = best < CPUS ? (cpu1Lp == best ? cpu2 : cpu1) : unc1Lp == best ? unc2 : unc1;
    if (h >= FAR) h = MAX;
    resetReplyHorizon();
    runLp(best, min64(h, END_TIME));
  }
  watchdogAll(t1);
  return true;
}

/** Records the final time and why the run ended (both schedulers; called once all LPs are idle). */
export function finishRun(): u32 {
  // the workers' last window may have left messages in inboxes; they are pending events too
  if (mode == MODE_WINDOWS) for (let lp = 0; lp < LPS; lp++) inboxDrain(lp);
  let last: i64 = 0;
  let next = MAX;
  for (let lp = 0; lp < LPS; lp++) {
    const c = lpClock(lp);
    if (c > last) last = c;
    const n = lpNextTime(lp);
    if (n < next) next = n;
  }
  for (let c = 0; c < CPUS; c++) {
    const now = load<i64>(cpuState(c), C_NOW); // a CPU may compute on after its last message
    if (now > last) last = now;
  }
  globalStatSet(GlobalStat.finalTime, <u64>last);
  for (let c = 0; c < CPUS; c++) chargeWait(c, last); // an idle CPU's last wait ends with the run
  if (stopRequested()) return <u32>stopReason();
  if (next != MAX && next >= END_TIME) {
    requestStop(StopReason.endTime, 0);
    return StopReason.endTime;
  }
  for (let c = 0; c < CPUS; c++) {
    // a kernel CPU idling for interrupts is at rest; anything else still waiting never finished
    if (load<u32>(cpuState(c), C_STATUS) != HALTED && !isIdle(cpuState(c))) {
      requestStop(StopReason.noProgress, <u64>c); // nothing left to happen, yet a CPU still waits
      return StopReason.noProgress;
    }
  }
  requestStop(StopReason.finished, 0);
  return StopReason.finished;
}
