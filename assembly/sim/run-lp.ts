// Running one logical process up to a horizon: it handles its events in (time, sender, seq) order while
// their time is below the horizon, and — in-thread — below `replyHorizon`, the earliest a reply to its own
// messages could come back. A CPU's pending resume is an event of its own id kept outside the heap.

import { CPUS, UNCORE, DEVICE, DEVICE_KIND } from "./layout";
import { heapTopTime, heapTopOrder, heapPop } from "./heap";
import { lpState, lpSetClock } from "./lp-state";
import { replyHorizon } from "./send";
import { cpuState, C_RESUME_AT } from "../cpu/state";
import { cpuResume } from "../cpu/core";
import { missRunClose } from "../machine/miss-runs";
import { cpuHandle } from "../cpu/coherence";
import { uncoreHandle } from "../machine/uncore";
import { deviceHandle } from "../machine/device";
import { nicHandle } from "../nic/nic";
import { DeviceKind } from "../shared/nic";
import { stopRequested } from "./stop";
import { takeSnapshot } from "./snapshot";
import { evKind } from "./event";
import { Msg } from "../machine/messages";

/** Counts handled messages and internal events (not resumes, whose number depends on batching). */
@inline function countEvent(lp: i32): void {
  const p = lpState(lp) + 40;
  store<u64>(p, load<u64>(p) + 1);
}

/** Time of an LP's next event (message, internal event or resume). */
export function lpNextTime(lp: i32): i64 {
  const h = heapTopTime(lp);
  if (lp < CPUS) {
    const r = load<i64>(cpuState(lp), C_RESUME_AT);
    return r < h ? r : h;
  }
  return h;
}

/** Runs `lp` up to `horizon`. Inlined into both schedulers, so that each of the three loops below has two
 *  callers and stays a function of its own: the engine then allocates registers for the hot CPU and uncore
 *  loops without the device's cold code around them. */
@inline export function runLp(lp: i32, horizon: i64): void {
  if (lp < CPUS) runCpu(lp, horizon);
  else if (lp == UNCORE) runUncore(horizon);
  else runDevice(horizon);
}

function runUncore(horizon: i64): void {
  while (!stopRequested()) {
    const t = heapTopTime(UNCORE);
    if (t >= horizon || t >= replyHorizon) break;
    const e = heapPop(UNCORE);
    countEvent(UNCORE);
    lpSetClock(UNCORE, t);
    uncoreHandle(e, horizon < replyHorizon ? horizon : replyHorizon); // (its SNAPSHOT too)
  }
}

function runDevice(horizon: i64): void {
  while (!stopRequested()) {
    const t = heapTopTime(DEVICE);
    if (t >= horizon || t >= replyHorizon) break;
    const e = heapPop(DEVICE);
    countEvent(DEVICE);
    lpSetClock(DEVICE, t);
    // the device LP runs one model per run (Hdr.deviceKind)
    if (evKind(e) == Msg.SNAPSHOT) takeSnapshot(DEVICE, t);
    else if (DEVICE_KIND == DeviceKind.nic) nicHandle(e);
    else deviceHandle(e);
  }
}

function runCpu(cpu: i32, horizon: i64): void {
  const s = cpuState(cpu);
  if (stopRequested()) return;
  while (true) {
    const h = heapTopTime(cpu);
    const r = load<i64>(s, C_RESUME_AT);
    const limit = horizon < replyHorizon ? horizon : replyHorizon;
    // the resume is an event with this CPU's own id: before a message at the same time from a higher id
    const resumeFirst = r < h || (r == h && r != i64.MAX_VALUE && <i32>(heapTopOrder(cpu) >> 48) > cpu);
    if (resumeFirst) {
      if (r >= limit) break;
      cpuResume(cpu, horizon);
    } else {
      if (h >= limit) break;
      countEvent(cpu);
      lpSetClock(cpu, h);
      cpuHandle(cpu, heapPop(cpu));
    }
  }
  missRunClose(); // the core's held-back GETS, before any other LP runs (machine/miss-runs.ts)
}
