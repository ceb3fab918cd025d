// The random coherence tester, in the style of gem5's Ruby random tester: CPUs pick random check groups
// (runs of consecutive bytes that span cache lines) and either write them or check them.
//
// A writer takes the group's lock with a CAS, reads the group's sequence number s (even), stores s+1,
// stores V+i into byte i (V = s/2 + 1), stores s+2, and releases the lock. A reader loads s1 (retrying
// later if odd), loads every byte, loads s2; if s1 == s2 every byte must equal s1/2 + i — the seqlock
// argument, which holds on x86-TSO with an in-order core whose loads block. A stale copy anywhere in the
// hierarchy makes a reader see an old byte under a new sequence number: a check failure. The debug build
// additionally checks SWMR and data versions on every transition (machine/coherence-check.ts).
//
// State: 8 rng u64 | 16 quota u64 (accesses) | 24 groupsPtr u32 | 28 groups u32 | 32 phase u32 |
//        36 group u32 | 40 i u32 | 44 seq u32 | 48 mismatches u32 | 52 writerPermille u32 |
//        56 issued u64 (accesses this program has issued — its own count: a program must never read the
//        statistics, whose updates a scheduler may batch)
// Group descriptor (16 B, host-written, read-only): metaAddr u32 (lock u32 at +0, seq u32 at +4) |
//        dataAddr u32 | len u32

import { rngBelow } from "../../sim/rng";
import { emit, emitCas, emitHalt } from "./emit";
import { OP_LOAD, OP_STORE } from "../ops";
import { C_LAST_VALUE } from "../state";
import { cpuStat } from "../../sim/stats";
import { CpuStat } from "../../shared/stats";

const IDLE: u32 = 0;
const W_CAS: u32 = 1;
const W_SEQ: u32 = 2;
const W_DATA: u32 = 3;
const W_SEQ2: u32 = 4;
const R_SEQ1: u32 = 10;
const R_DATA: u32 = 11;
const R_SEQ2: u32 = 12;

@inline function groupPtr(p: usize, g: u32): usize { return <usize>load<u32>(p, 24) + (<usize>g << 4); }
@inline function meta(p: usize): u32 { return load<u32>(groupPtr(p, load<u32>(p, 36))); }
@inline function data(p: usize): u32 { return load<u32>(groupPtr(p, load<u32>(p, 36)), 4); }
@inline function len(p: usize): u32 { return load<u32>(groupPtr(p, load<u32>(p, 36)), 8); }
@inline function phase(p: usize, v: u32): void { store<u32>(p, v, 32); }

export function testerNext(cpu: i32, s: usize, p: usize): void {
  store<u64>(p, load<u64>(p, 56) + 1, 56); // every op this program emits is one access
  next(cpu, s, p);
}

function next(cpu: i32, s: usize, p: usize): void {
  const last = load<u64>(s, C_LAST_VALUE);
  const ph = load<u32>(p, 32);
  if (ph == W_CAS) {
    if (last == 0) {
      phase(p, W_SEQ);
      emit(s, OP_LOAD, 0, meta(p) + 4, 4, 0);
      return;
    }
  } else if (ph == W_SEQ) {
    store<u32>(p, <u32>last, 44);
    store<u32>(p, 0, 40);
    phase(p, W_DATA);
    emit(s, OP_STORE, 0, meta(p) + 4, 4, last + 1);
    return;
  } else if (ph == W_DATA) {
    const i = load<u32>(p, 40);
    if (i < len(p)) {
      store<u32>(p, i + 1, 40);
      const v = (load<u32>(p, 44) >> 1) + 1 + i;
      emit(s, OP_STORE, 0, data(p) + i, 1, v & 0xff);
    } else {
      phase(p, W_SEQ2);
      emit(s, OP_STORE, 0, meta(p) + 4, 4, load<u32>(p, 44) + 2);
    }
    return;
  } else if (ph == W_SEQ2) {
    phase(p, IDLE);
    emit(s, OP_STORE, 0, meta(p), 4, 0);
    return;
  } else if (ph == R_SEQ1) {
    if ((last & 1) == 0) {
      store<u32>(p, <u32>last, 44);
      store<u32>(p, 0, 40);
      store<u32>(p, 0, 48);
      phase(p, R_DATA);
      emit(s, OP_LOAD, 0, data(p), 1, 0);
      return;
    }
  } else if (ph == R_DATA) {
    const i = load<u32>(p, 40);
    if (<u32>last != (((load<u32>(p, 44) >> 1) + i) & 0xff)) store<u32>(p, load<u32>(p, 48) + 1, 48);
    store<u32>(p, i + 1, 40);
    if (i + 1 < len(p)) emit(s, OP_LOAD, 0, data(p) + i + 1, 1, 0);
    else {
      phase(p, R_SEQ2);
      emit(s, OP_LOAD, 0, meta(p) + 4, 4, 0);
    }
    return;
  } else if (ph == R_SEQ2) {
    if (<u32>last == load<u32>(p, 44)) cpuStat(cpu, load<u32>(p, 48) == 0 ? CpuStat.checksPassed : CpuStat.checkFailures);
  }
  startNext(cpu, s, p);
}

function startNext(cpu: i32, s: usize, p: usize): void {
  phase(p, IDLE);
  if (load<u64>(p, 56) > load<u64>(p, 16)) {
    emitHalt(s);
    return;
  }
  const rng = p + 8;
  store<u32>(p, rngBelow(rng, load<u32>(p, 28)), 36);
  if (rngBelow(rng, 1000) < load<u32>(p, 52)) {
    phase(p, W_CAS);
    emitCas(s, meta(p), 4, 0, 1);
  } else {
    phase(p, R_SEQ1);
    emit(s, OP_LOAD, 0, meta(p) + 4, 4, 0);
  }
}
