// The MESI directory: one full-map entry per line of simulated physical memory, sliced across the LLC
// banks by address (a line's entry lives with its bank). It is not limited by LLC capacity, so the LLC
// can be non-inclusive without back-invalidations (docs/machine.md says why).
//
// Entry (16 B):  0 sharers u64 | 8 state u8 | 9 owner u8 | 10 pad | 12 txn u32 (index + 1, 0 = idle)
//
// A line with a transaction in flight is busy: later requests for it wait in the transaction's FIFO and
// are started, in arrival order, when it finishes. Acks and PUTs never wait. This blocking directory is
// what makes every race a handful of explicit cases in uncore.ts.
//
// Transaction (32 B): 0 kind u32 | 4 req u32 | 8 line u32 | 12 acks u32 | 16 flags u32 | 20 waitHead u32 |
//                     24 waitTail u32 | 28 aux u32
// Deferred request (40 B): the 32-byte event record, then next u32.

import { DIR_BASE, PHYS_LINE0, UNCORE_BASE, TXN_CAP, WAIT_CAP, VERSION_BASE, MEM_VERSION_BASE, LLC_BANKS } from "../sim/layout";
import { DIR_ENTRY_BYTES } from "../shared/header";
import { TXN_BYTES, WAIT_BYTES } from "../shared/sizes";
import { evCopy } from "../sim/event";
import { capacityExceeded } from "../sim/stop";

export const D_U: u8 = 0; // in no private cache
export const D_S: u8 = 1; // shared by `sharers`
export const D_EM: u8 = 2; // exclusive or modified in `owner`

@inline export function dirEntry(line: u32): usize {
  return DIR_BASE + <usize>(line - PHYS_LINE0) * DIR_ENTRY_BYTES;
}
@inline export function dirSharers(d: usize): u64 { return load<u64>(d); }
@inline export function dirState(d: usize): u8 { return load<u8>(d, 8); }
@inline export function dirOwner(d: usize): i32 { return load<u8>(d, 9); }
@inline export function dirTxn(d: usize): u32 { return load<u32>(d, 12); }
@inline export function dirSetTxn(d: usize, t: u32): void { store<u32>(d, t, 12); }
@inline export function dirSetShared(d: usize, sharers: u64): void {
  store<u64>(d, sharers);
  store<u8>(d, sharers == 0 ? D_U : D_S, 8);
}
@inline export function dirSetOwner(d: usize, cpu: i32): void {
  store<u64>(d, 0);
  store<u8>(d, D_EM, 8);
  store<u8>(d, <u8>cpu, 9);
}
@inline export function dirSetUncached(d: usize): void {
  store<u64>(d, 0);
  store<u8>(d, D_U, 8);
}

/** Version of the line's copy in DRAM (debug runs): what a fill from memory brings. */
@inline export function memVersionAddr(line: u32): usize {
  return MEM_VERSION_BASE + (<usize>(line - PHYS_LINE0) << 2);
}

/** Data version of a line: bumped at every write, checked against the reader's copy in debug runs. */
@inline export function lineVersionAddr(line: u32): usize {
  return VERSION_BASE + (<usize>(line - PHYS_LINE0) << 2);
}
@inline export function lineVersion(line: u32): u32 { return load<u32>(lineVersionAddr(line)); }
@inline export function bumpLineVersion(line: u32): u32 {
  const p = lineVersionAddr(line);
  const v = load<u32>(p) + 1;
  store<u32>(p, v);
  return v;
}

// --- uncore state: free lists, then bank and controller busy-until times, then the pools ---
//   0 txnFree u32 | 4 waitFree u32 | 8 llcStamp u64 | 64 bankFree i64[64] | 576 mcFree i64[16] |
//   1024 transactions | then deferred requests
export const U_LLC_STAMP: usize = 8;
export const U_BANK_FREE: usize = 64;
export const U_MC_FREE: usize = 576;
const U_TXNS: usize = 1024;

@inline export function txnPtr(t: u32): usize { return UNCORE_BASE + U_TXNS + <usize>(t - 1) * TXN_BYTES; }
@inline function waitPtr(w: u32): usize { return UNCORE_BASE + U_TXNS + <usize>TXN_CAP * TXN_BYTES + <usize>(w - 1) * WAIT_BYTES; }

export const T_KIND: usize = 0;
export const T_REQ: usize = 4;
export const T_LINE: usize = 8;
export const T_ACKS: usize = 12;
export const T_FLAGS: usize = 16;
export const T_WAIT_HEAD: usize = 20;
export const T_WAIT_TAIL: usize = 24;
export const T_AUX: usize = 28;

/** Transaction flags. */
export const TF_FWD: u32 = 1; // waiting for the owner's FWD_ACK (owner in bits 8..15)
export const TF_OWNER_EVICTED: u32 = 2; // the owner's PUT arrived while we waited for its ack
export const TF_REQ_SHARER: u32 = 4; // the GETX requester already held the line shared

export function uncoreInit(): void {
  const u = UNCORE_BASE;
  // free lists are chained through the first word; 1-based indices, 0 ends the list
  for (let t: u32 = 1; t <= TXN_CAP; t++) store<u32>(txnPtr(t), t < TXN_CAP ? t + 1 : 0, T_WAIT_HEAD);
  for (let w: u32 = 1; w <= WAIT_CAP; w++) store<u32>(waitPtr(w), w < WAIT_CAP ? w + 1 : 0, 32);
  store<u32>(u, TXN_CAP > 0 ? 1 : 0, 0);
  store<u32>(u, WAIT_CAP > 0 ? 1 : 0, 4);
  store<u64>(u, 0, U_LLC_STAMP);
  for (let b: u32 = 0; b < 64; b++) store<i64>(u + U_BANK_FREE + (<usize>b << 3), 0);
  for (let m: u32 = 0; m < 16; m++) store<i64>(u + U_MC_FREE + (<usize>m << 3), 0);
  assert(LLC_BANKS <= 64);
}

/** Opens a transaction on `line` (which must be idle). Returns its index, or 0 when the table is full. */
export function txnOpen(line: u32, kind: u32, req: u32): u32 {
  const u = UNCORE_BASE;
  const t = load<u32>(u, 0);
  if (t == 0) {
    capacityExceeded(-1, "directory transactions");
    return 0;
  }
  const p = txnPtr(t);
  store<u32>(u, load<u32>(p, T_WAIT_HEAD), 0);
  store<u32>(p, kind, T_KIND);
  store<u32>(p, req, T_REQ);
  store<u32>(p, line, T_LINE);
  store<u32>(p, 0, T_ACKS);
  store<u32>(p, 0, T_FLAGS);
  store<u32>(p, 0, T_WAIT_HEAD);
  store<u32>(p, 0, T_WAIT_TAIL);
  store<u32>(p, 0, T_AUX);
  dirSetTxn(dirEntry(line), t);
  return t;
}

/** Queues a request (an event record) behind the busy line's transaction. */
export function txnDefer(t: u32, e: usize): void {
  const u = UNCORE_BASE;
  const w = load<u32>(u, 4);
  if (w == 0) {
    capacityExceeded(-1, "directory wait queue");
    return;
  }
  const wp = waitPtr(w);
  store<u32>(u, load<u32>(wp, 32), 4);
  evCopy(wp, e);
  store<u32>(wp, 0, 32);
  const p = txnPtr(t);
  const tail = load<u32>(p, T_WAIT_TAIL);
  if (tail == 0) store<u32>(p, w, T_WAIT_HEAD);
  else store<u32>(waitPtr(tail), w, 32);
  store<u32>(p, w, T_WAIT_TAIL);
}

/** Closes a transaction and returns its deferred requests as a chain (head index, 0 if none); walk it
 *  with waitRecord/waitNext and give each back with waitRelease. */
export function txnClose(t: u32): u32 {
  const p = txnPtr(t);
  const head = load<u32>(p, T_WAIT_HEAD);
  dirSetTxn(dirEntry(load<u32>(p, T_LINE)), 0);
  const u = UNCORE_BASE;
  store<u32>(p, load<u32>(u, 0), T_WAIT_HEAD);
  store<u32>(u, t, 0);
  return head;
}

@inline export function waitRecord(w: u32): usize { return waitPtr(w); }
@inline export function waitNext(w: u32): u32 { return load<u32>(waitPtr(w), 32); }
export function waitRelease(w: u32): void {
  const u = UNCORE_BASE;
  store<u32>(waitPtr(w), load<u32>(u, 4), 32);
  store<u32>(u, w, 4);
}

/** Hands the rest of a chain to transaction `t` (the line became busy again while it was being drained). */
export function txnAdoptChain(t: u32, head: u32): void {
  let tail = head;
  while (waitNext(tail) != 0) tail = waitNext(tail);
  const p = txnPtr(t);
  store<u32>(p, head, T_WAIT_HEAD);
  store<u32>(p, tail, T_WAIT_TAIL);
}
