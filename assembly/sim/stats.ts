// Counter storage. The hot path only increments; the host reads, sums and names (shared/stats.ts).
// Per-CPU counters are written only by that CPU's LP, per-region and global ones only by the uncore LP or
// by the scheduler thread that owns them, so workers never write the same counter.

import { CpuStat, RegionStat, GlobalStat } from "../shared/stats";
import { STATS_CPU, STATS_REGION, STATS_GLOBAL, STATS_STEP } from "./layout";
import { Step } from "../shared/steps";

@inline export function cpuStatAddr(cpu: i32, s: CpuStat): usize {
  return STATS_CPU + ((<usize>cpu * <usize>CpuStat.count + <usize>s) << 3);
}
@inline export function cpuStat(cpu: i32, s: CpuStat, n: u64 = 1): void {
  const p = cpuStatAddr(cpu, s);
  store<u64>(p, load<u64>(p) + n);
}
@inline export function cpuStatSet(cpu: i32, s: CpuStat, v: u64): void {
  store<u64>(cpuStatAddr(cpu, s), v);
}
@inline export function cpuStatGet(cpu: i32, s: CpuStat): u64 {
  return load<u64>(cpuStatAddr(cpu, s));
}
@inline export function regionStat(region: u32, s: RegionStat, n: u64 = 1): void {
  const p = STATS_REGION + ((<usize>region * <usize>RegionStat.count + <usize>s) << 3);
  store<u64>(p, load<u64>(p) + n);
}
@inline export function globalStatAddr(s: GlobalStat): usize {
  return STATS_GLOBAL + (<usize>s << 3);
}
@inline export function globalStat(s: GlobalStat, n: u64 = 1): void {
  const p = globalStatAddr(s);
  store<u64>(p, load<u64>(p) + n);
}
@inline export function globalStatSet(s: GlobalStat, v: u64): void {
  store<u64>(globalStatAddr(s), v);
}
@inline export function globalStatGet(s: GlobalStat): u64 {
  return load<u64>(globalStatAddr(s));
}

/** Per CPU and step: cycles charged to the step, then how many times it ran (two u64 per step). */
@inline export function stepStat(cpu: i32, step: u32, cycles: u64): void {
  const p = STATS_STEP + ((<usize>cpu * <usize>Step.count + <usize>step) << 4);
  store<u64>(p, load<u64>(p) + cycles);
  store<u64>(p, load<u64>(p, 8) + 1, 8);
}
