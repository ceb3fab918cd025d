// Reading a run of the network paths back: the counters over the measured interval (the final counters
// less the warm-up snapshot's mirror), the application's checks and the latency histogram, into the
// VariantRaw the result is built from.

import { NetStat, NET_STATS_BYTES, LAT_AT, LAT_BUCKETS, LAT_SUB, LAT_SUB_BITS } from "../../assembly/shared/net.js";
import type { MemoryMap } from "../layout/memory-map.js";
import { readStats, type MachineStats, type Counters } from "../stats/read.js";
import type { PlacedNet } from "./setup.js";

type StepCounts = Record<string, { cycles: number; count: number }>;

/** The statistics blocks as the warm-up snapshot left them (sim/snapshot.ts). */
export function readSnapshot(memory: WebAssembly.Memory, map: MemoryMap, cpus: number): MachineStats {
  const shift = map.statsSnapBase - map.statsCpuBase;
  const mirror: MemoryMap = {
    ...map,
    statsCpuBase: map.statsCpuBase + shift,
    statsRegionBase: map.statsRegionBase + shift,
    statsGlobalBase: map.statsGlobalBase + shift,
    statsStepBase: map.statsStepBase + shift,
  };
  return readStats(memory, mirror, cpus, 0);
}

export const minus = (a: Counters, b: Counters): Counters =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]));

export function minusSteps(a: StepCounts, b: StepCounts): StepCounts {
  const out: StepCounts = {};
  for (const [k, v] of Object.entries(a)) {
    const d = { cycles: v.cycles - (b[k]?.cycles ?? 0), count: v.count - (b[k]?.count ?? 0) };
    if (d.count > 0 || d.cycles > 0) out[k] = d;
  }
  return out;
}

/** Per-structure counts: the NIC's per-queue regions summed as "rx descriptors" and "rx buffers". */
export function byStructure(regions: Record<string, Counters>): Record<string, Counters> {
  const out: Record<string, Counters> = {};
  for (const [name, c] of Object.entries(regions)) {
    const key = name.replace(/^rxq\d+ /, "rx ");
    const into = (out[key] ??= {});
    for (const [k, v] of Object.entries(c)) into[k] = (into[k] ?? 0) + v;
  }
  return out;
}

export interface NetCounters {
  delivered: number;
  payloadErrors: number;
  orderErrors: number;
  droppedBacklog: number;
  droppedSocket: number;
  droppedChannel: number;
  ipisSent: number;
  latencyMax: number;
  /** Most packets one NAPI poll, and one softirq round, took on any CPU. */
  maxPollWork: number;
  maxRoundWork: number;
  /** The merged histogram: count per bucket. */
  histogram: number[];
}

export function readNetCounters(memory: WebAssembly.Memory, net: PlacedNet): NetCounters {
  const out: NetCounters = { delivered: 0, payloadErrors: 0, orderErrors: 0, droppedBacklog: 0, droppedSocket: 0, droppedChannel: 0, ipisSent: 0, latencyMax: 0, maxPollWork: 0, maxRoundWork: 0, histogram: new Array(LAT_BUCKETS).fill(0) };
  for (let c = 0; c < net.sizes.cpus; c++) {
    const base = net.base + net.block.statsAt + c * NET_STATS_BYTES;
    const v = new BigUint64Array(memory.buffer, base, NetStat.count);
    out.delivered += Number(v[NetStat.delivered]);
    out.payloadErrors += Number(v[NetStat.payloadErrors]);
    out.orderErrors += Number(v[NetStat.orderErrors]);
    out.droppedBacklog += Number(v[NetStat.droppedBacklog]);
    out.droppedSocket += Number(v[NetStat.droppedSocket]);
    out.droppedChannel += Number(v[NetStat.droppedChannel]);
    out.ipisSent += Number(v[NetStat.ipisSent]);
    out.latencyMax = Math.max(out.latencyMax, Number(v[NetStat.latencyMax]));
    out.maxPollWork = Math.max(out.maxPollWork, Number(v[NetStat.maxPollWork]));
    out.maxRoundWork = Math.max(out.maxRoundWork, Number(v[NetStat.maxRoundWork]));
    const h = new Uint32Array(memory.buffer, base + LAT_AT, LAT_BUCKETS);
    h.forEach((n, b) => (out.histogram[b] += n));
  }
  return out;
}

/** The smallest latency of a bucket (assembly/paths/deliver.ts's encoding). */
export function bucketFloor(b: number): number {
  const k = Math.floor(b / LAT_SUB);
  return k === 0 ? b : (LAT_SUB + (b % LAT_SUB)) * 2 ** (k - 1);
}

/** The q-quantile (0 < q ≤ 1) of the histogram: the floor of the bucket holding rank ⌈q·n⌉. */
export function quantile(h: number[], q: number): number {
  const n = h.reduce((a, b) => a + b, 0);
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let b = 0; b < h.length; b++) {
    seen += h[b];
    if (seen >= rank) return bucketFloor(b);
  }
  return bucketFloor(h.length - 1);
}

export { LAT_SUB_BITS };
