// The mix program's fused loop: the access generator (programs/mix.ts) and the core's fast path (core.ts
// fastHit) in one loop, with the generator's state, the LRU clock and the counts in registers.
//
// Why: on a private, hit-heavy mix, each access otherwise costs a call to the program, five op globals
// written and read back, the generator's state and parameters reloaded from the CPU record, and the
// stamp counter and the rng updated in memory: more instructions than the access itself.
//
// Why it is exact: it runs only while the core is quiet (core.ts isQuiet: nothing buffered, nothing in
// flight), the state in which runOps would take every op through mixNext and then fastHit. It draws the
// same accesses in the same order (the same rng steps, and the address and kind from the helpers that
// mixNext uses), and for each plain load or store does what fastHit does, in the same order of cache
// updates: the same stamps, fills, state changes, data written, clock and counts (only the value of the
// last load is read on the way out, which leaves the same value in the core's record). It stops at the first
// access fastHit might refuse (an atomic, a store without a writable L1 copy, a load missing L2, a load
// that may start a run, the end of the program), having emitted it exactly as mixNext would: runOps then
// takes it on the usual path, fastHit included. The compute op between accesses is runOps' compute case.
// And it checks the bound before each op, as runOps does. tests/mix-fusion.test.ts compares both paths.

import { L1_SETS, L1_WAYS, L1_HIT, L2_WAYS, L2_HIT, LINE_SHIFT } from "../sim/layout";
import { C_PROGRAM, C_STAMP, C_LAST_VALUE, C_JUST_FILLED } from "./state";
import { l1Of, l2Of, l2N, l2Find, fillL1Absent, markModified, stampAfter } from "../machine/private-cache";
import { findWay, touch, getState, getVersion, stampLimit } from "../machine/cache-array";
import { ST_I, ST_E, ST_M } from "../machine/messages";
import { rngStep, rngOutput } from "../sim/rng";
import { emitHalt } from "./programs/emit";
import {
  mixNext, mixEmitDraw, mixAddress, mixKindDraw, MIX_RNG, MIX_REMAINING, MIX_PRIV_BASE, MIX_PRIV_BYTES, MIX_HOT_BYTES,
  MIX_HOT_PERMILLE, MIX_SHARED_BASE, MIX_SHARED_BYTES, MIX_SHARED_PERMILLE, MIX_STORE_PERMILLE, MIX_ATOMIC_PERMILLE,
  MIX_COMPUTE, MIX_RUN_PERMILLE, MIX_RUN_LEFT, MIX_PENDING_COMPUTE,
} from "./programs/mix";
import { fastLoads, fastStores, fastL1Hits, fastL2Hits, fastCompute } from "./fast-counters";

/** On unless a test turns it off to compare with the op-by-op path (per instance, like setStampLimit). */
export let mixFusion: bool = true;
export function setMixFusion(on: bool): void { mixFusion = on; }

// Why the loop stopped before the bound: nothing (it reached the bound), the program's end, or an access
// for the general path.
const AT_BOUND: u32 = 0;
const AT_END: u32 = 1;
const AT_ACCESS: u32 = 2;

// Values the loop derives from the program's parameters, in globals: the engine computes a local's pure
// expression again at every use inside a loop (the L1 base of the CPU was a multiplication per access),
// while a global is one load. (The parameters themselves stay locals: as globals they cost more.)
let hotBelow: u32 = 0;
let storeBelow: u32 = 0;
let fastKinds: u32 = 0;
let l1: usize = 0;
let sets1: u32 = 0;
let stampMax: u64 = 0;

function deriveParams(cpu: i32, p: usize): void {
  hotBelow = load<u32>(p, MIX_SHARED_PERMILLE) + load<u32>(p, MIX_HOT_PERMILLE);
  const atomicPermille = load<u32>(p, MIX_ATOMIC_PERMILLE);
  storeBelow = atomicPermille + load<u32>(p, MIX_STORE_PERMILLE);
  // kinds in [atomicPermille, atomicPermille + fastKinds) are plain stores and loads (loads only if no
  // run can start); others stop the loop. One unsigned comparison: below atomicPermille wraps around.
  fastKinds = (load<u32>(p, MIX_RUN_PERMILLE) != 0 ? storeBelow : 1000) - atomicPermille;
  l1 = l1Of(cpu);
  sets1 = L1_SETS - 1;
  stampMax = <u64>stampLimit;
}

/** Runs the mix program of quiet core `cpu` from time `t` (below `until`) while t < until and its accesses
 *  are fast hits. Returns the core's new time; below `until`, the next op is pending in the op globals
 *  (emit.ts). */
export function mixRun(cpu: i32, s: usize, t: i64, until: i64): i64 {
  const p = s + C_PROGRAM;
  // a run of independent loads in progress: those go through the general path, one op at a time
  if (load<u32>(p, MIX_RUN_LEFT) != 0) {
    mixNext(cpu, s, p);
    return t;
  }
  const compute = load<u32>(p, MIX_COMPUTE);
  // the compute op mixNext owes from its last access comes first
  const computedFirst = compute != 0 && load<u32>(p, MIX_PENDING_COMPUTE) != 0;
  if (computedFirst) t += <i64>compute;
  deriveParams(cpu, p);
  const sharedBelow = load<u32>(p, MIX_SHARED_PERMILLE), atomicPermille = load<u32>(p, MIX_ATOMIC_PERMILLE);
  const sharedBase = load<u32>(p, MIX_SHARED_BASE), sharedWords = load<u32>(p, MIX_SHARED_BYTES) >> 3;
  const privBase = load<u32>(p, MIX_PRIV_BASE), hotWords = load<u32>(p, MIX_HOT_BYTES) >> 3;
  const privWords = load<u32>(p, MIX_PRIV_BYTES) >> 3;
  let rng = load<u64>(p, MIX_RNG);
  const remaining0 = load<u64>(p, MIX_REMAINING);
  let remaining = remaining0;
  let stamp = load<u64>(s, C_STAMP);
  // The value of the last load (the core's lastValue) is read once, on the way out, from `lastAddr`:
  // reading every load's value would bring each load's data line into the host's cache for nothing. A
  // store over any of those bytes first stores the value they had (lastAddr 0: stored; no simulated data
  // lives at address 0).
  let lastAddr: u32 = 0;
  // only stores and L2 hits are counted: the other counts follow from the number of accesses done
  let stores: u64 = 0, l2Hits: u64 = 0;
  let stop = AT_BOUND;
  let owed = false; // stopped at the bound between an access and its compute op
  while (t < until) {
    if (remaining == 0) {
      stop = AT_END;
      break;
    }
    remaining--;
    rng = rngStep(rng);
    const x = rngOutput(rng);
    const k = mixKindDraw(x);
    if (k - atomicPermille >= fastKinds) {
      stop = AT_ACCESS;
      break;
    }
    const addr = mixAddress(x, sharedBelow, hotBelow, sharedBase, sharedWords, privBase, hotWords, privWords);
    const line = addr >> LINE_SHIFT;
    const e1 = findWay(l1, line & sets1, L1_WAYS, line);
    if (k < storeBelow) {
      if (!holdWritable(cpu, line, e1)) {
        stop = AT_ACCESS;
        break;
      }
      if (addr - lastAddr + 7 < 15) {
        // |addr - lastAddr| < 8: this store overlaps the last load's bytes
        store<u64>(s, load<u64>(lastAddr), C_LAST_VALUE);
        lastAddr = 0;
      }
      store<u64>(addr, x);
      stores++;
      t += 1;
    } else if (e1 >= 0) {
      // fastHit's L1 load hit
      lastAddr = addr;
      t += L1_HIT;
    } else {
      // fastHit's L2 load hit, or the general path's miss
      const e2 = l2Find(cpu, line);
      if (e2 < 0) {
        stop = AT_ACCESS;
        break;
      }
      stamp = stampNext(cpu, stamp);
      fillFromL2(cpu, line, e2, <u32>stamp);
      lastAddr = addr;
      l2Hits++;
      t += L2_HIT;
    }
    if (e1 >= 0) {
      stamp = stampNext(cpu, stamp);
      touch(l1, L1_WAYS, e1, <u32>stamp);
    }
    if (compute != 0) {
      // the compute op after the access (runOps' compute case), if the bound allows it
      if (t >= until) {
        owed = true;
        break;
      }
      t += <i64>compute;
    }
  }
  store<u64>(p, rng, MIX_RNG);
  store<u64>(p, remaining, MIX_REMAINING);
  store<u64>(s, stamp, C_STAMP);
  if (lastAddr != 0) store<u64>(s, load<u64>(lastAddr), C_LAST_VALUE);
  settle(s, p, stop, owed, computedFirst, remaining0 - remaining, stores, l2Hits);
  return t;
}

/** fastHit's store test: true if the L1 copy (entry `e1`, -1 if none) is writable, an E line made M. (The
 *  data is written after the state changes here, not before as in fastHit: they are apart in memory.) */
@inline function holdWritable(cpu: i32, line: u32, e1: i32): bool {
  const st = e1 >= 0 ? getState(l1, 0, e1) : ST_I;
  if (st == ST_M) return true;
  if (st != ST_E) return false;
  markModified(cpu, line, e1, 0);
  return true;
}

/** nextStamp with the counter in a register: renumbers (stampAfter) only at the limit. */
@inline function stampNext(cpu: i32, stamp: u64): u64 {
  return stamp < stampMax ? stamp + 1 : stampAfter(cpu, stamp);
}

/** fastHit's L2 hit: touches the L2 entry and brings the line into L1, with one stamp. */
@inline function fillFromL2(cpu: i32, line: u32, e2: i32, stamp: u32): void {
  const l2 = l2Of(cpu);
  touch(l2, L2_WAYS, e2, stamp);
  fillL1Absent(cpu, line, getState(l2, l2N(), e2), getVersion(l2, l2N(), e2), stamp);
}

/** The loop's counts and flags, as runOps would have left them op by op, and the op it stopped at. */
function settle(s: usize, p: usize, stop: u32, owed: bool, computedFirst: bool, drawn: u64, stores: u64, l2Hits: u64): void {
  const compute = load<u32>(p, MIX_COMPUTE);
  const done = drawn - (stop == AT_ACCESS ? 1 : 0); // accesses done in the loop
  // mixNext's flag: a compute op is owed after the last access drawn, unless it was done here
  store<u32>(p, compute != 0 && (stop == AT_ACCESS || owed) ? 1 : 0, MIX_PENDING_COMPUTE);
  const computes = compute == 0 ? 0 : (computedFirst ? 1 : 0) + done - (owed ? 1 : 0);
  if (computes != 0) store<u32>(s, 0, C_JUST_FILLED);
  fastLoads += done - stores;
  fastStores += stores;
  fastL1Hits += done - l2Hits;
  fastL2Hits += l2Hits;
  fastCompute += <u64>computes * compute;
  if (stop == AT_END) emitHalt(s);
  else if (stop == AT_ACCESS) mixEmitDraw(s, p, rngOutput(load<u64>(p, MIX_RNG))); // the draw it stopped at
}
