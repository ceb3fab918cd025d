// A network routine's frame: the private words of its context slot (kernel/state.ts S_PRIVATE, 128 B).
// The paths are step machines whose states are *phases*: a phase queues the ops of one stretch of code;
// when they have run, its end reads the loaded values from the registers and names the next phase. Many
// phases are charged to one accounting step (shared/steps.ts); a few (a lock, skb allocation) are
// subroutines used from several places, so the frame keeps a small return stack of phases.
//
//   0 phase | 4 depth | 8 return stack u32[4] | 24 lock address | 28 ticket | 32 step of the lock's phases
//   36.. the routine's own words (F_* in each routine), up to 128

import { S_PRIVATE } from "../cpu/kernel/state";

export const F_PHASE: u32 = 0;
const F_DEPTH: u32 = 4;
const F_STACK: u32 = 8;
const STACK_DEPTH: u32 = 4;
export const F_LOCK_ADDR: u32 = 24;
export const F_TICKET: u32 = 28;
export const F_LOCK_STEP: u32 = 32;
/** Set by queueUnlock: the phase released a lock (in the task, bottom halves are enabled again after it). */
export const F_UNLOCKED: u32 = 124;
/** First word a routine may use for itself. */
export const F_OWN: u32 = 36;
export const FRAME_BYTES: u32 = 128;

@inline export function fget(sl: usize, f: u32): u32 { return load<u32>(sl + S_PRIVATE + <usize>f); }
@inline export function fset(sl: usize, f: u32, v: u32): void { store<u32>(sl + S_PRIVATE + <usize>f, v); }

export function frameReset(sl: usize, phase: u32): void {
  memory.fill(sl + S_PRIVATE, 0, FRAME_BYTES);
  fset(sl, F_PHASE, phase);
}

/** Calls subroutine phase `sub`, to continue at `ret` when it returns. Returns `sub`. */
export function call(sl: usize, sub: u32, ret: u32): u32 {
  const d = fget(sl, F_DEPTH);
  assert(d < STACK_DEPTH, "network routine: return stack overflow");
  fset(sl, F_STACK + (d << 2), ret);
  fset(sl, F_DEPTH, d + 1);
  return sub;
}

/** The phase a subroutine returns to. */
export function ret(sl: usize): u32 {
  const d = fget(sl, F_DEPTH);
  assert(d > 0, "network routine: return with an empty stack");
  fset(sl, F_DEPTH, d - 1);
  return fget(sl, F_STACK + ((d - 1) << 2));
}

// The packet in hand, shared by the phases of the receive path and of recv.
export const F_SKB: u32 = 36;
export const F_DATA: u32 = 40;
export const F_LEN: u32 = 44;
export const F_QUEUE: u32 = 48;
/** Word 52: free. */
export const F_FLOW: u32 = 56;
export const F_SEQ: u32 = 60;
/** The wire arrival time, i64 over two words. */
export const F_TSTAMP: u32 = 64;
/** Scratch words of the phase loops. */
export const F_N: u32 = 72;
export const F_I: u32 = 76;
/** A CPU the path acts on: the RPS target, the woken application's CPU. */
export const F_TARGET: u32 = 80;
export const F_VAL: u32 = 84;
/** Where the protocol steps hand the packet on (MODE_*): the classic path's socket queue, a channel (netfilter
 *  before the channel), or channel-socket's copy to user. */
export const F_MODE: u32 = 120;
export const MODE_CLASSIC: u32 = 0;
export const MODE_PRODUCING: u32 = 1;
export const MODE_SOCKET: u32 = 2;
/** First word left for a routine's own state (up to F_MODE). */
export const F_ROUTINE: u32 = 88;

@inline export function ftime(sl: usize): i64 { return load<i64>(sl + S_PRIVATE + <usize>F_TSTAMP); }
@inline export function fsetTime(sl: usize, t: i64): void { store<i64>(sl + S_PRIVATE + <usize>F_TSTAMP, t); }
