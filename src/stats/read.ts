// Reads the counters the module wrote (assembly/shared/stats.ts is the registry) into named objects.
// Everything here is a pure function of the inputs and the seed, except `events` (a measure of work).

import { CpuStat, RegionStat, GlobalStat, CPU_STAT_NAMES, REGION_STAT_NAMES, GLOBAL_STAT_NAMES, StopReason } from "../../assembly/shared/stats.js";
import type { MemoryMap } from "../layout/memory-map.js";
import { Step, STEP_NAMES } from "../../assembly/shared/steps.js";
import type { NicStats } from "../nic/read.js";
import type { NetCounters } from "../paths/read.js";

export type Counters = Record<string, number>;

export interface MachineStats {
  stopReason: "finished" | "endTime" | "noProgress" | "capacity";
  finalTime: number;
  cpus: Counters[];
  regions: Record<string, Counters>;
  global: Counters;
  /** Per CPU: cycles charged to each step that ran, and how many times it ran (kernel programs). */
  steps: Record<string, { cycles: number; count: number }>[];
  /** How the run was executed (windows, workers): differs by scheduler, never part of a result. */
  work: Counters;
  /** Totals over CPUs and regions, for convenience. */
  totals: Counters;
  /** The NIC's counters, per queue and in total (runs with a NIC only). */
  nic?: NicStats;
  /** The network paths' own counters: the application's checks, drops, IPIs, latencies (MachineRun.net). */
  net?: NetCounters;
  /** The statistics blocks at the warm-up snapshot (runs with MachineRun.net). */
  snapshot?: MachineStats;
}

const STOP_NAMES: Record<number, MachineStats["stopReason"]> = {
  [StopReason.finished]: "finished",
  [StopReason.endTime]: "endTime",
  [StopReason.noProgress]: "noProgress",
  [StopReason.capacity]: "capacity",
};

function readBlock(memory: WebAssembly.Memory, base: number, names: string[]): Counters {
  const v = new BigUint64Array(memory.buffer, base, names.length);
  const out: Counters = {};
  names.forEach((n, i) => (out[n] = Number(v[i])));
  return out;
}

export function readStats(memory: WebAssembly.Memory, map: MemoryMap, cpus: number, events: number): MachineStats {
  const cpuStats = Array.from({ length: cpus }, (_, c) => readBlock(memory, map.statsCpuBase + c * CpuStat.count * 8, CPU_STAT_NAMES));
  const regions: Record<string, Counters> = {};
  const names = ["other", ...map.regions.map((r) => r.name)];
  names.forEach((n, i) => (regions[n] = readBlock(memory, map.statsRegionBase + i * RegionStat.count * 8, REGION_STAT_NAMES)));
  const global = readBlock(memory, map.statsGlobalBase, GLOBAL_STAT_NAMES);
  const steps = Array.from({ length: cpus }, (_, c) => readSteps(memory, map.statsStepBase + c * Step.count * 16));
  const work: Counters = { windows: global.windows, events };
  delete global.windows;
  const totals: Counters = {};
  for (const c of cpuStats) for (const [k, v] of Object.entries(c)) if (k !== "haltTime") totals[k] = (totals[k] ?? 0) + v;
  for (const r of Object.values(regions)) for (const [k, v] of Object.entries(r)) totals[k] = (totals[k] ?? 0) + v;
  return {
    stopReason: STOP_NAMES[global.stopReason] ?? "noProgress",
    finalTime: global.finalTime,
    cpus: cpuStats,
    regions,
    global,
    steps,
    work,
    totals,
  };
}

export { GlobalStat };

function readSteps(memory: WebAssembly.Memory, base: number): Record<string, { cycles: number; count: number }> {
  const v = new BigUint64Array(memory.buffer, base, Step.count * 2);
  const out: Record<string, { cycles: number; count: number }> = {};
  STEP_NAMES.forEach((name, i) => {
    if (v[2 * i + 1] > 0n) out[name] = { cycles: Number(v[2 * i]), count: Number(v[2 * i + 1]) };
  });
  return out;
}
