// Counts of the core's fast paths (core.ts fastHit, mix-run.ts), kept in globals during a batch and added
// to the CPU's counters when it ends: one read-modify-write of the statistics per batch, not per op.

import { cpuStat } from "../sim/stats";
import { CpuStat } from "../shared/stats";

export let fastLoads: u64 = 0;
export let fastStores: u64 = 0;
export let fastL1Hits: u64 = 0;
/** Loads that missed L1 and hit L2 (each is one l1Miss and one l2Hit). */
export let fastL2Hits: u64 = 0;
export let fastCompute: u64 = 0;

export function flushFastCounters(cpu: i32): void {
  if ((fastLoads | fastStores | fastCompute) == 0) return;
  cpuStat(cpu, CpuStat.computeCycles, fastCompute);
  cpuStat(cpu, CpuStat.loads, fastLoads);
  cpuStat(cpu, CpuStat.stores, fastStores);
  cpuStat(cpu, CpuStat.l1Hits, fastL1Hits);
  cpuStat(cpu, CpuStat.l1Misses, fastL2Hits);
  cpuStat(cpu, CpuStat.l2Hits, fastL2Hits);
  fastLoads = 0;
  fastStores = 0;
  fastL1Hits = 0;
  fastL2Hits = 0;
  fastCompute = 0;
}
