// The debug build's coherence checker (Nagarajan et al., "A Primer on Memory Consistency and Cache
// Coherence", ch. 2): after every transition it checks
//   SWMR        — a line has one writer (a cache in M/E) or any number of readers (S), never both;
//   data value  — a read returns the value written by the last write: the reader's copy carries the
//                 version of the line it was filled with, and must equal the line's current version.
// It inspects every CPU's tags, so it runs only in-thread (all LPs in one instance). Violations are
// counted, with the first line recorded; the release build compiles it away.

import { CPUS, CHECK } from "../sim/layout";
import { privateState, l1Of, l1N, l2Of, l2N, l2Find } from "./private-cache";
import { getVersion } from "./cache-array";
import { ST_I, ST_S } from "./messages";
import { lineVersion } from "./directory";
import { globalStat, globalStatGet, globalStatSet } from "../sim/stats";
import { GlobalStat } from "../shared/stats";
import { mode, MODE_INTHREAD } from "../sim/send";

@inline export function checking(): bool {
  return !ASC_NO_ASSERT && CHECK && mode == MODE_INTHREAD;
}

function violation(line: u32, kind: GlobalStat): void {
  if (globalStatGet(GlobalStat.swmrViolations) + globalStatGet(GlobalStat.dataValueViolations) == 0)
    globalStatSet(GlobalStat.firstViolationLine, <u64>line);
  globalStat(kind);
}

/** `cpu` holds `line` with `state`: no other CPU may hold it writable, nor at all if `state` is E/M. */
export function checkSwmr(cpu: i32, line: u32, state: u8): void {
  for (let j = 0; j < CPUS; j++) {
    if (j == cpu) continue;
    const other = privateState(j, line);
    if (other == ST_I) continue;
    if (state != ST_S || other != ST_S) {
      violation(line, GlobalStat.swmrViolations);
      return;
    }
  }
}

/** `cpu` reads `line` through its L1 entry `e1`: its copy must be the current data. */
export function checkRead(cpu: i32, line: u32, e1: i32): void {
  const v = e1 >= 0 ? getVersion(l1Of(cpu), l1N(), e1) : copyVersionL2(cpu, line);
  if (v != lineVersion(line)) violation(line, GlobalStat.dataValueViolations);
  checkSwmr(cpu, line, ST_S);
}

function copyVersionL2(cpu: i32, line: u32): u32 {
  const e2 = l2Find(cpu, line);
  return e2 < 0 ? 0xffffffff : getVersion(l2Of(cpu), l2N(), e2);
}

/** A fill must bring the current data (the supplier — LLC, DRAM or owner — held a current copy). SWMR is
 *  checked after the fill. */
export function checkFill(_cpu: i32, line: u32, _state: u8, version: u32): void {
  if (version != lineVersion(line)) violation(line, GlobalStat.dataValueViolations);
}
