// The in-order core. It runs its program op by op on its own clock `now`; hits are resolved here with no
// message, misses become GETS/GETX to the directory. A dependent load or an atomic that misses blocks the
// core until its data arrives; independent accesses overlap up to `mshrs` misses; stores retire into the
// store buffer and drain in order once their line is held writable (x86-TSO).
//
// Scheduling: the core may run ahead only while it is certain no message can reach it earlier — below
// `limit` (the scheduler's horizon, see sim/run-lp.ts) and below the next message in its own heap. When it
// reaches either, it records `resumeAt` (a pending resume kept outside the heap, ordered as an event of its
// own LP id) and returns; when it blocks, the message that unblocks it sets `resumeAt`. Either way the same
// ops run at the same simulated times, so batching never changes a result.

import { DEVICE, IO_HOP, IPI, LINE_BYTES, L1_SETS, L1_WAYS, L1_HIT, L2_HIT, L2_SETS, L2_WAYS, HOP, UNCORE, MSHRS, SB_ENTRIES, ATOMIC_CYCLES, LINE_SHIFT, CHECK } from "../sim/layout";
import { cpuState, RUNNING, BLOCKED, HALTED, C_NOW, C_STATUS, C_HAVE_OP, C_OP_KIND, C_OP_FLAGS, C_OP_ADDR, C_OP_SIZE, C_OP_VALUE, C_OP_EXPECT, C_LAST_VALUE, C_JUST_FILLED, C_BLOCKED_SINCE, C_RUN_DONE, C_RFO_PENDING, C_RESUME_AT, C_SB_HEAD, C_SB_TAIL, C_PROGRAM } from "./state";
import { OP_LOAD, OP_STORE, OP_ATOMIC_ADD, OP_CAS, OP_COMPUTE, OP_FENCE, OP_LOAD_CHECK, OP_HALT, OP_IDLE, OP_MMIO, OP_IPI, INDEPENDENT } from "./ops";
import { kernelHasWork } from "./kernel/kernel";
import { mshrCount, mshrFind, mshrAlloc, mshrFree, KIND_S, KIND_X } from "./mshr";
import { sbCount, sbPush, sbHeadEntry, sbPop, sbForward, forwarded, FWD_HIT, FWD_CONFLICT } from "./store-buffer";
import { l1Of, l1N, l1Find, l2Of, l2N, l2Find, fillLine, fillL1, fillL1Absent, markModified, nextStamp } from "../machine/private-cache";
import { ST_E, ST_M } from "../machine/messages";
import { touch, getState, getVersion } from "../machine/cache-array";
import { findWay } from "../machine/cache-array";
import { bumpLineVersion } from "../machine/directory";
import { checking, checkRead, checkSwmr, checkFill } from "../machine/coherence-check";
import { Msg } from "../machine/messages";
import { send, replyHorizon } from "../sim/send";
import { missSend } from "../machine/miss-runs";
import { heapTopTime, heapTopOrder } from "../sim/heap";
import { cpuStat, cpuStatSet } from "../sim/stats";
import { CpuStat } from "../shared/stats";
import { programNext, PROG_MIX } from "./programs/program";
import { opKind, opFlags, opAddr, opSize, opValue, commitOp } from "./programs/emit";
import { fastLoads, fastStores, fastL1Hits, fastL2Hits, fastCompute, flushFastCounters } from "./fast-counters";
import { mixFusion, mixRun } from "./mix-run";

// results of executing one op
const DONE: i32 = 0;
const BLOCK: i32 = 1;
const HALT: i32 = 2;

@inline function min64(a: i64, b: i64): i64 { return a < b ? a : b; }
@inline function now(s: usize): i64 { return load<i64>(s, C_NOW); }
@inline function setNow(s: usize, t: i64): void { store<i64>(s, t, C_NOW); }

/** Continue the program at its pending resume time. */
export function cpuResume(cpu: i32, limit: i64): void {
  const s = cpuState(cpu);
  const t = load<i64>(s, C_RESUME_AT);
  store<i64>(s, i64.MAX_VALUE, C_RESUME_AT);
  if (load<u32>(s, C_STATUS) == HALTED) return;
  if (t > now(s)) setNow(s, t);
  store<u32>(s, RUNNING, C_STATUS);
  runOps(cpu, s, limit);
}

/** True while the core waits in an IDLE op (for an interrupt, not for memory). */
@inline export function isIdle(s: usize): bool {
  return load<u32>(s, C_HAVE_OP) != 0 && load<u32>(s, C_OP_KIND) == OP_IDLE;
}

/** Wakes a blocked core at `t` (its data arrived, an MSHR or a store-buffer slot freed). */
export function cpuWake(cpu: i32, t: i64): void {
  const s = cpuState(cpu);
  if (load<u32>(s, C_STATUS) != BLOCKED) return;
  const since = load<i64>(s, C_BLOCKED_SINCE);
  if (t > since) cpuStat(cpu, isIdle(s) ? CpuStat.idleCycles : CpuStat.stallCycles, <u64>(t - since));
  store<u32>(s, RUNNING, C_STATUS);
  if (t > now(s)) setNow(s, t);
  store<i64>(s, now(s), C_RESUME_AT);
}

/** Charges a blocked core's wait so far (idle or stall) up to `t`, and restarts its count there: the
 *  warm-up snapshot and the end of the run split waits that span them. */
export function chargeWait(cpu: i32, t: i64): void {
  const s = cpuState(cpu);
  if (load<u32>(s, C_STATUS) != BLOCKED) return;
  const since = load<i64>(s, C_BLOCKED_SINCE);
  if (t <= since) return;
  cpuStat(cpu, isIdle(s) ? CpuStat.idleCycles : CpuStat.stallCycles, <u64>(t - since));
  store<i64>(s, t, C_BLOCKED_SINCE);
}

function runOps(cpu: i32, s: usize, limit: i64): void {
  // The earliest own event is fixed while we run (only this LP pushes to its heap, and it does not while
  // running); a pending event at our own time from a lower LP id must be handled first.
  // So the core runs while t < until: below the limit, below replyHorizon (it moves only when the general
  // path sends), and up to its next event — before it if that event's sender has a lower id.
  const top = heapTopTime(cpu);
  const ownFrom = top == i64.MAX_VALUE || <i32>(heapTopOrder(cpu) >> 48) < cpu ? top : top + 1;
  let until = min64(min64(limit, replyHorizon), ownFrom);
  let t = now(s);
  let quiet = isQuiet(cpu, s, t);
  // a mix program runs its accesses in the fused loop while the core is quiet (mix-run.ts)
  const fused = mixFusion && load<u32>(s, C_PROGRAM) == PROG_MIX;
  while (true) {
    if (t >= until) {
      store<i64>(s, t, C_RESUME_AT);
      break;
    }
    if (load<u32>(s, C_HAVE_OP) == 0) {
      if (fused && quiet) {
        t = mixRun(cpu, s, t, until);
        if (t >= until) continue; // it ran up to the bound: no op pending
      } else programNext(cpu, s, t);
      if (quiet) {
        const next = fastHit(cpu, t);
        if (next >= 0) {
          t = next;
          continue;
        }
      }
      if (opKind == OP_COMPUTE) {
        // work that touches no memory waits for nothing and changes nothing but the clock: execute's
        // compute case without the round trip through the CPU record
        t += <i64>opValue;
        fastCompute += opValue;
        store<u32>(s, 0, C_JUST_FILLED);
        if (!quiet) quiet = isQuiet(cpu, s, t);
        continue;
      }
      commitOp(s);
      store<u32>(s, 1, C_HAVE_OP);
    }
    setNow(s, t);
    const r = execute(cpu, s);
    t = now(s);
    until = min64(until, replyHorizon); // execute may have sent
    if (r == DONE) {
      store<u32>(s, 0, C_HAVE_OP);
      store<u32>(s, 0, C_JUST_FILLED);
      quiet = isQuiet(cpu, s, t);
    } else if (r == BLOCK) {
      store<u32>(s, BLOCKED, C_STATUS);
      store<i64>(s, t, C_BLOCKED_SINCE);
      break;
    } else {
      store<u32>(s, HALTED, C_STATUS);
      cpuStatSet(cpu, CpuStat.haltTime, <u64>t);
      break;
    }
  }
  setNow(s, t);
  flushFastCounters(cpu);
}

/** Nothing buffered, nothing in flight, no independent run still completing, no checker to feed: the
 *  state in which fastHit may run. Only the general path changes it. */
@inline function isQuiet(cpu: i32, s: usize, t: i64): bool {
  return !CHECK && load<u32>(s, C_SB_TAIL) == load<u32>(s, C_SB_HEAD) && mshrCount(cpu) == 0 && load<i64>(s, C_RUN_DONE) <= t;
}

/** The common case in one place: a dependent load that hits L1 or L2, or a store that hits L1 with a
 *  writable line, while the core is quiet. Does exactly what doLoad/doStore would, in fewer steps.
 *  Returns the new time, or -1 (having touched nothing) when the op needs the general path. */
@inline function fastHit(cpu: i32, t: i64): i64 {
  const kind = opKind;
  if ((kind != OP_LOAD && kind != OP_STORE) || opFlags != 0) return -1;
  const addr = opAddr;
  const line = addr >> LINE_SHIFT;
  const l1 = l1Of(cpu);
  const n1 = l1N();
  const e1 = findWay(l1, line & (L1_SETS - 1), L1_WAYS, line);
  if (e1 < 0) {
    // a load that hits L2: exactly doLoad's L2 path (stores that miss L1 go through the store buffer)
    if (kind != OP_LOAD) return -1;
    const l2 = l2Of(cpu);
    const e2 = findWay(l2, line & (L2_SETS - 1), L2_WAYS, line);
    if (e2 < 0) return -1;
    const stamp = nextStamp(cpu);
    touch(l2, L2_WAYS, e2, stamp);
    fillL1Absent(cpu, line, getState(l2, l2N(), e2), getVersion(l2, l2N(), e2), stamp);
    store<u64>(cpuState(cpu), readValue(addr, opSize), C_LAST_VALUE);
    fastL2Hits++;
    fastLoads++;
    return t + L2_HIT;
  }
  let next: i64;
  if (kind == OP_LOAD) {
    store<u64>(cpuState(cpu), readValue(addr, opSize), C_LAST_VALUE);
    fastLoads++;
    next = t + L1_HIT;
  } else {
    const st = getState(l1, n1, e1);
    if (st != ST_M && st != ST_E) return -1;
    writeValue(addr, opSize, opValue);
    if (st != ST_M) markModified(cpu, line, e1, 0);
    fastStores++;
    next = t + 1;
  }
  touch(l1, L1_WAYS, e1, nextStamp(cpu));
  fastL1Hits++;
  return next;
}

function execute(cpu: i32, s: usize): i32 {
  const kind = load<u32>(s, C_OP_KIND);
  const indep = (load<u32>(s, C_OP_FLAGS) & INDEPENDENT) != 0;
  // the first dependent op after an independent run waits for the whole run
  if (!indep && kind != OP_STORE && kind != OP_COMPUTE && kind != OP_IDLE && kind != OP_MMIO && kind != OP_IPI) {
    if (mshrCount(cpu) != 0 && !holdsOnlyRfo(cpu, s)) return BLOCK;
    const done = load<i64>(s, C_RUN_DONE);
    if (done > now(s)) setNow(s, done);
  }
  if (kind == OP_LOAD || kind == OP_LOAD_CHECK) return doLoad(cpu, s, indep, kind == OP_LOAD_CHECK);
  if (kind == OP_STORE) return doStore(cpu, s);
  if (kind == OP_ATOMIC_ADD || kind == OP_CAS) return doAtomic(cpu, s, kind);
  if (kind == OP_COMPUTE) {
    const n = <i64>load<u64>(s, C_OP_VALUE);
    setNow(s, now(s) + n);
    cpuStat(cpu, CpuStat.computeCycles, <u64>n);
    return DONE;
  }
  if (kind == OP_FENCE) return sbCount(cpu) == 0 && mshrCount(cpu) == 0 ? DONE : BLOCK;
  if (kind == OP_IDLE) return kernelHasWork(cpu) ? DONE : BLOCK;
  if (kind == OP_IPI) {
    // the ICR write is posted like any store to the local APIC; the target takes it between its steps
    send(cpu, <i32>load<u32>(s, C_OP_ADDR), now(s) + IPI, Msg.IRQ, 0, 0, <u32>load<u64>(s, C_OP_VALUE), 0);
    setNow(s, now(s) + 1);
    return DONE;
  }
  if (kind == OP_MMIO) {
    // posted: the write leaves the core and travels one I/O hop; ordering after older stores is x86's
    // for uncached writes, so the store buffer drains first
    if (sbCount(cpu) != 0) return BLOCK;
    const a = load<u32>(s, C_OP_ADDR);
    send(cpu, DEVICE, now(s) + IO_HOP, Msg.MMIO, 0, a & 0xffff, a >> 16, <u32>load<u64>(s, C_OP_VALUE));
    setNow(s, now(s) + 1);
    return DONE;
  }
  if (kind == OP_HALT) return sbCount(cpu) == 0 && mshrCount(cpu) == 0 ? HALT : BLOCK;
  assert(false, "unknown op kind");
  return HALT;
}

/** True when the only misses in flight are the store buffer's RFO (a dependent load need not wait). */
@inline function holdsOnlyRfo(cpu: i32, s: usize): bool {
  return load<u32>(s, C_RFO_PENDING) != 0 && mshrCount(cpu) == 1;
}

@inline function readValue(addr: usize, size: u32): u64 {
  if (size == 8) return load<u64>(addr);
  if (size == 4) return load<u32>(addr);
  if (size == 2) return load<u16>(addr);
  return load<u8>(addr);
}
@inline function writeValue(addr: usize, size: u32, v: u64): void {
  if (size == 8) store<u64>(addr, v);
  // a line-copy store (a copy's stores to one line, as one): the value is the source line's address
  else if (size == LINE_BYTES) memory.copy(addr, <usize>v, LINE_BYTES);
  else if (size == 4) store<u32>(addr, <u32>v);
  else if (size == 2) store<u16>(addr, <u16>v);
  else store<u8>(addr, <u8>v);
}

function doLoad(cpu: i32, s: usize, indep: bool, check: bool): i32 {
  const addr = load<u32>(s, C_OP_ADDR);
  const size = load<u32>(s, C_OP_SIZE);
  const line = addr >> LINE_SHIFT;
  if (sbCount(cpu) != 0) {
    const f = sbForward(cpu, addr, size);
    if (f == FWD_HIT) {
      cpuStat(cpu, CpuStat.forwards);
      return completeLoad(cpu, s, forwarded, L1_HIT, indep, check);
    }
    if (f == FWD_CONFLICT) return BLOCK;
  }
  const filled = load<u32>(s, C_JUST_FILLED) == line + 1;
  const l1 = l1Of(cpu);
  const e1 = findWay(l1, line & (L1_SETS - 1), L1_WAYS, line);
  if (e1 >= 0) {
    touch(l1, L1_WAYS, e1, nextStamp(cpu));
    if (filled) store<u32>(s, 0, C_JUST_FILLED);
    else cpuStat(cpu, CpuStat.l1Hits);
    if (checking()) checkRead(cpu, line, e1);
    return completeLoad(cpu, s, readValue(addr, size), filled ? 0 : L1_HIT, indep, check);
  }
  cpuStat(cpu, CpuStat.l1Misses);
  const e2 = l2Find(cpu, line);
  if (e2 >= 0) {
    cpuStat(cpu, CpuStat.l2Hits);
    const l2 = l2Of(cpu);
    const st = getState(l2, l2N(), e2);
    const stamp = nextStamp(cpu);
    touch(l2, L2_WAYS, e2, stamp);
    const f1 = fillL1(cpu, line, st, getVersion(l2, l2N(), e2), stamp);
    if (checking()) checkRead(cpu, line, f1);
    return completeLoad(cpu, s, readValue(addr, size), L2_HIT, indep, check);
  }
  return loadMiss(cpu, s, line, indep);
}

function completeLoad(cpu: i32, s: usize, v: u64, latency: i64, indep: bool, check: bool): i32 {
  cpuStat(cpu, CpuStat.loads);
  if (indep) {
    const t = now(s);
    const done = t + latency;
    if (done > load<i64>(s, C_RUN_DONE)) store<i64>(s, done, C_RUN_DONE);
    setNow(s, t + 1);
  } else {
    store<u64>(s, v, C_LAST_VALUE);
    setNow(s, now(s) + latency);
    if (check) cpuStat(cpu, v == load<u64>(s, C_OP_VALUE) ? CpuStat.checksPassed : CpuStat.checkFailures);
  }
  return DONE;
}

function loadMiss(cpu: i32, s: usize, line: u32, indep: bool): i32 {
  const m = mshrFind(cpu, line);
  if (m >= 0) {
    // merge with the miss in flight; an independent load is then done, a dependent one waits for it
    if (indep) return completeIndependentMiss(cpu, s);
    return BLOCK;
  }
  if (mshrCount(cpu) >= MSHRS) return BLOCK;
  cpuStat(cpu, CpuStat.l2Misses);
  cpuStat(cpu, CpuStat.requests);
  mshrAlloc(cpu, line, KIND_S);
  missSend(cpu, line, now(s) + L2_HIT + HOP); // a copy's misses travel as one run (machine/miss-runs.ts)
  if (indep) return completeIndependentMiss(cpu, s);
  setNow(s, now(s) + L2_HIT);
  return BLOCK;
}

@inline function completeIndependentMiss(cpu: i32, s: usize): i32 {
  cpuStat(cpu, CpuStat.loads);
  setNow(s, now(s) + 1);
  return DONE;
}

function doStore(cpu: i32, s: usize): i32 {
  const addr = load<u32>(s, C_OP_ADDR);
  const size = load<u32>(s, C_OP_SIZE);
  const v = load<u64>(s, C_OP_VALUE);
  if (sbCount(cpu) == 0) {
    // nothing older is buffered: a store to a line held writable in L1 completes at once
    const line = addr >> LINE_SHIFT;
    const l1 = l1Of(cpu);
    const e1 = findWay(l1, line & (L1_SETS - 1), L1_WAYS, line);
    if (e1 >= 0) {
      const st = getState(l1, l1N(), e1);
      if (st == ST_M || st == ST_E) {
        touch(l1, L1_WAYS, e1, nextStamp(cpu));
        cpuStat(cpu, CpuStat.l1Hits);
        writeLine(cpu, line, e1, st, addr, size, v);
        cpuStat(cpu, CpuStat.stores);
        setNow(s, now(s) + 1);
        return DONE;
      }
    }
  }
  if (sbCount(cpu) >= SB_ENTRIES) return BLOCK;
  sbPush(cpu, addr, size, v);
  cpuStat(cpu, CpuStat.stores);
  setNow(s, now(s) + 1);
  drainStoreBuffer(cpu, now(s));
  return DONE;
}

/** The functional write, by a holder of the line in E or M (`e2`: its L2 entry, or -1 if not looked up). */
function writeLine(cpu: i32, line: u32, e1: i32, st: u8, addr: u32, size: u32, v: u64, e2: i32 = -1): void {
  writeValue(addr, size, v);
  if (CHECK) {
    const ver = bumpLineVersion(line);
    markModified(cpu, line, e1, ver, e2);
    if (checking()) checkSwmr(cpu, line, ST_M);
  } else if (st != ST_M) markModified(cpu, line, e1, 0, e2);
}

/** Drains buffered stores, oldest first, while their lines are held writable; asks for the first line that
 *  is not (one RFO at a time). Runs at `t` after a store retires and when data arrives. */
export function drainStoreBuffer(cpu: i32, t: i64): void {
  const s = cpuState(cpu);
  // The RFO in flight is for the head's line, which can become writable only when its data arrives
  // (cpuData clears the RFO first): until then the loop below would find nothing to do.
  if (load<u32>(s, C_RFO_PENDING) != 0) return;
  while (sbCount(cpu) != 0) {
    const e = sbHeadEntry(cpu);
    const addr = load<u32>(e);
    const line = addr >> LINE_SHIFT;
    const e2 = l2Find(cpu, line);
    const st = e2 >= 0 ? getState(l2Of(cpu), l2N(), e2) : 0;
    if (st == ST_M || st == ST_E) {
      writeLine(cpu, line, l1Find(cpu, line), st, addr, load<u32>(e, 4), load<u64>(e, 8), e2);
      sbPop(cpu);
      continue;
    }
    if (load<u32>(s, C_RFO_PENDING) != 0 || mshrFind(cpu, line) >= 0 || mshrCount(cpu) >= MSHRS) return;
    mshrAlloc(cpu, line, KIND_X);
    store<u32>(s, line + 1, C_RFO_PENDING);
    cpuStat(cpu, CpuStat.requests);
    send(cpu, UNCORE, t + L2_HIT + HOP, Msg.GETX, 0, line, <u32>cpu, 0);
    return;
  }
}

function doAtomic(cpu: i32, s: usize, kind: u32): i32 {
  // a locked op is a full fence: older stores drain first
  if (sbCount(cpu) != 0 || mshrCount(cpu) != 0) return BLOCK;
  const addr = load<u32>(s, C_OP_ADDR);
  const size = load<u32>(s, C_OP_SIZE);
  const line = addr >> LINE_SHIFT;
  const filled = load<u32>(s, C_JUST_FILLED) == line + 1;
  let e1 = l1Find(cpu, line);
  // atomicCycles is the whole locked op on a line in L1 (REFERENCES.md); an L2 hit adds the L2-over-L1
  // latency, data that just arrived saves the L1 access
  let latency: i64 = 0;
  if (e1 < 0) {
    const e2 = l2Find(cpu, line);
    if (e2 >= 0) {
      const st2 = getState(l2Of(cpu), l2N(), e2);
      if (st2 == ST_M || st2 == ST_E) {
        e1 = fillL1(cpu, line, st2, getVersion(l2Of(cpu), l2N(), e2), nextStamp(cpu));
        latency = L2_HIT - L1_HIT;
      }
    }
  }
  const st = e1 >= 0 ? getState(l1Of(cpu), l1N(), e1) : 0;
  if (st != ST_M && st != ST_E) {
    cpuStat(cpu, CpuStat.requests);
    mshrAlloc(cpu, line, KIND_X);
    send(cpu, UNCORE, now(s) + L2_HIT + HOP, Msg.GETX, 0, line, <u32>cpu, 0);
    setNow(s, now(s) + L2_HIT);
    return BLOCK;
  }
  if (filled) {
    store<u32>(s, 0, C_JUST_FILLED);
    latency = -L1_HIT;
  } else if (latency == 0) cpuStat(cpu, CpuStat.l1Hits);
  if (checking()) checkRead(cpu, line, e1);
  const old = readValue(addr, size);
  let nv = old + load<u64>(s, C_OP_VALUE);
  if (kind == OP_CAS) nv = old == load<u64>(s, C_OP_EXPECT) ? load<u64>(s, C_OP_VALUE) : old;
  writeLine(cpu, line, e1, st, addr, size, nv);
  store<u64>(s, old, C_LAST_VALUE);
  cpuStat(cpu, CpuStat.atomics);
  setNow(s, now(s) + latency + ATOMIC_CYCLES);
  return DONE;
}

/** Data for `line` arrived at `t` with `state`: fill, retire the miss, drain stores, wake the core. */
export function cpuData(cpu: i32, line: u32, state: u8, version: u32, t: i64): void {
  const s = cpuState(cpu);
  const m = mshrFind(cpu, line);
  assert(m >= 0, "data for a line with no miss in flight");
  mshrFree(cpu, m);
  if (checking()) checkFill(cpu, line, state, version); // before the fill: the data must be current
  fillLine(cpu, line, state, version, t);
  if (checking()) checkSwmr(cpu, line, state);
  // the op that blocked on this line completes with the data, without a second cache lookup
  if (load<u32>(s, C_STATUS) == BLOCKED && load<u32>(s, C_HAVE_OP) != 0 && (load<u32>(s, C_OP_ADDR) >> LINE_SHIFT) == line)
    store<u32>(s, line + 1, C_JUST_FILLED);
  if (load<u32>(s, C_RFO_PENDING) == line + 1) store<u32>(s, 0, C_RFO_PENDING);
  drainStoreBuffer(cpu, t);
  cpuWake(cpu, t);
}


