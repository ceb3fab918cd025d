// A synthetic access mix, generated on the fly (no op list in memory, so runs can be long):
// each access goes to a private hot set, the rest of a private area, or a shared area, chosen by weight;
// it is a store, an atomic add or a load by weight; with some probability it starts a run of independent
// loads over consecutive lines (a copy). Compute cycles separate accesses.
//
// State (offsets from the program record):
//   8 rng u64 | 16 remaining u64 | 24 privBase u32 | 28 privBytes u32 | 32 hotBytes u32 | 36 hotPermille u32 |
//   40 sharedBase u32 | 44 sharedBytes u32 | 48 sharedPermille u32 | 52 storePermille u32 |
//   56 atomicPermille u32 | 60 computeCycles u32 | 64 runPermille u32 | 68 runLines u32 |
//   72 runLeft u32 | 76 runAddr u32 | 80 pendingCompute u32 | 84 lineBytes u32
//
// The core's fused loop (cpu/mix-run.ts) draws the same accesses with this state in registers; both take
// the address and the kind of an access from the helpers below, so the two cannot drift apart.

import { rngBelow, rngNext } from "../../sim/rng";
import { emit, emitHalt } from "./emit";
import { OP_LOAD, OP_STORE, OP_ATOMIC_ADD, OP_COMPUTE, INDEPENDENT } from "../ops";

export const MIX_RNG: usize = 8;
export const MIX_REMAINING: usize = 16;
export const MIX_PRIV_BASE: usize = 24;
export const MIX_PRIV_BYTES: usize = 28;
export const MIX_HOT_BYTES: usize = 32;
export const MIX_HOT_PERMILLE: usize = 36;
export const MIX_SHARED_BASE: usize = 40;
export const MIX_SHARED_BYTES: usize = 44;
export const MIX_SHARED_PERMILLE: usize = 48;
export const MIX_STORE_PERMILLE: usize = 52;
export const MIX_ATOMIC_PERMILLE: usize = 56;
export const MIX_COMPUTE: usize = 60;
export const MIX_RUN_PERMILLE: usize = 64;
export const MIX_RUN_LINES: usize = 68;
export const MIX_RUN_LEFT: usize = 72;
export const MIX_RUN_ADDR: usize = 76;
export const MIX_PENDING_COMPUTE: usize = 80;
export const MIX_LINE_BYTES: usize = 84;

export function mixNext(_cpu: i32, s: usize, p: usize): void {
  // an independent run in progress
  const runLeft = load<u32>(p, MIX_RUN_LEFT);
  if (runLeft != 0) {
    const a = load<u32>(p, MIX_RUN_ADDR);
    store<u32>(p, runLeft - 1, MIX_RUN_LEFT);
    store<u32>(p, a + load<u32>(p, MIX_LINE_BYTES), MIX_RUN_ADDR);
    emit(s, OP_LOAD, INDEPENDENT, a, 8, 0);
    return;
  }
  const compute = load<u32>(p, MIX_COMPUTE);
  if (compute != 0 && load<u32>(p, MIX_PENDING_COMPUTE) != 0) {
    store<u32>(p, 0, MIX_PENDING_COMPUTE);
    emit(s, OP_COMPUTE, 0, 0, 0, compute);
    return;
  }
  const remaining = load<u64>(p, MIX_REMAINING);
  if (remaining == 0) {
    emitHalt(s);
    return;
  }
  store<u64>(p, remaining - 1, MIX_REMAINING);
  if (compute != 0) store<u32>(p, 1, MIX_PENDING_COMPUTE);
  mixEmitDraw(s, p, rngNext(p + MIX_RNG));
}

/** Emits the access that draw `x` gives (the rng has already moved past it; a run's start draws again). */
export function mixEmitDraw(s: usize, p: usize, x: u64): void {
  const shared = load<u32>(p, MIX_SHARED_PERMILLE);
  const addr = mixAddress(x, shared, shared + load<u32>(p, MIX_HOT_PERMILLE), load<u32>(p, MIX_SHARED_BASE),
    load<u32>(p, MIX_SHARED_BYTES) >> 3, load<u32>(p, MIX_PRIV_BASE), load<u32>(p, MIX_HOT_BYTES) >> 3,
    load<u32>(p, MIX_PRIV_BYTES) >> 3);
  const k = mixKindDraw(x);
  const atomics = load<u32>(p, MIX_ATOMIC_PERMILLE);
  const runs = load<u32>(p, MIX_RUN_PERMILLE);
  if (k < atomics) {
    emit(s, OP_ATOMIC_ADD, 0, addr, 8, 1);
  } else if (k < atomics + load<u32>(p, MIX_STORE_PERMILLE)) {
    emit(s, OP_STORE, 0, addr, 8, x);
  } else if (runs != 0 && rngBelow(p + MIX_RNG, 1000) < runs) {
    // start a run over the private area, line by line
    const lines = load<u32>(p, MIX_RUN_LINES);
    const lb = load<u32>(p, MIX_LINE_BYTES);
    const span = load<u32>(p, MIX_PRIV_BYTES) / lb;
    const first = span > lines ? rngBelow(p + MIX_RNG, span - lines) : 0;
    const a = load<u32>(p, MIX_PRIV_BASE) + first * lb;
    store<u32>(p, lines - 1, MIX_RUN_LEFT);
    store<u32>(p, a + lb, MIX_RUN_ADDR);
    emit(s, OP_LOAD, INDEPENDENT, a, 8, 0);
  } else {
    emit(s, OP_LOAD, 0, addr, 8, 0);
  }
}

// One draw gives every choice: 16 bits pick the area, 16 the kind, 32 the address.

/** The address of draw `x`: in the shared area below permille `sharedBelow`, else in the hot set below
 *  `hotBelow` (sharedPermille + hotPermille), else in the whole private area (areas in 8-byte words). */
@inline export function mixAddress(x: u64, sharedBelow: u32, hotBelow: u32, sharedBase: u32, sharedWords: u32,
  privBase: u32, hotWords: u32, privWords: u32): u32 {
  const r = permille(<u32>(x & 0xffff));
  const pick = <u32>(x >> 32);
  if (r < sharedBelow) return sharedBase + scaled(pick, sharedWords) * 8;
  if (r < hotBelow) return privBase + scaled(pick, hotWords) * 8;
  return privBase + scaled(pick, privWords) * 8;
}

/** The permille that picks the kind of draw `x`: atomic below atomicPermille, then store below
 *  atomicPermille + storePermille, else a load (or a run's start). */
@inline export function mixKindDraw(x: u64): u32 {
  return permille(<u32>((x >> 16) & 0xffff));
}

/** 16 random bits → [0, 1000). */
@inline function permille(bits16: u32): u32 {
  return (bits16 * 1000) >> 16;
}
/** 32 random bits → [0, n). */
@inline function scaled(bits32: u32, n: u32): u32 {
  return <u32>((<u64>bits32 * <u64>n) >> 32);
}
