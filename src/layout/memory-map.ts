// The memory map: where every structure of a run lives in the one shared WebAssembly memory, computed
// from the validated config as chained regions (each starts where the previous one ends), then written
// into the header the module reads. Sizes of variable structures come from assembly/shared/sizes.ts, so
// host and module share one formula.
//
//   0 ─ AssemblyScript static data ─ HEADER_BASE ─ header ─ LP records ─ event heaps ─ CPU records ─
//   L1 arrays ─ L2 arrays ─ LLC banks ─ uncore ─ stats ─ barrier ─ inboxes ─ programs ─ device ─
//   NIC state (src/nic/layout.ts; empty without a NIC) ─ region table ─ directory ─ line versions ─ memory versions ─ simulated physical memory (the named regions)

import { HEADER_BASE, HEADER_BYTES, LP_STATE_BYTES, CPU_STATE_BYTES, EVENT_BYTES, DIR_ENTRY_BYTES, PAGE_BYTES, OP_BYTES } from "../../assembly/shared/header.js";
import { cacheArrayBytes, inboxBytes, TXN_BYTES, WAIT_BYTES, RUN_CAP, RUN_BYTES } from "../../assembly/shared/sizes.js";
import { CpuStat, RegionStat, GlobalStat } from "../../assembly/shared/stats.js";
import { Step } from "../../assembly/shared/steps.js";
import type { MachineProfile } from "../config/machine.js";
import { ConfigError } from "../config/errors.js";

export const WASM_PAGE = 65536;
/** WebAssembly 32-bit memories hold at most 65536 pages of 64 KiB. */
export const MAX_WASM_BYTES = 65536 * WASM_PAGE;

export interface RegionSpec {
  name: string;
  bytes: number;
}

export interface Capacities {
  heapEvents: number;
  transactions: number;
  deferred: number;
  inboxEvents: number;
  programBytes: number;
  deviceOps: number;
}

export const DEFAULT_CAPACITIES: Capacities = {
  heapEvents: 4096,
  transactions: 4096,
  deferred: 16384,
  inboxEvents: 1024,
  programBytes: 1 << 20,
  deviceOps: 4096,
};

export interface PlacedRegion extends RegionSpec {
  id: number;
  /** Absolute byte address in the shared memory (what programs use). */
  base: number;
}

export interface MemoryMap {
  lps: number;
  lpBase: number;
  heapBase: number;
  cpuBase: number;
  l1Base: number;
  l2Base: number;
  llcBase: number;
  uncoreBase: number;
  statsCpuBase: number;
  statsRegionBase: number;
  statsGlobalBase: number;
  statsStepBase: number;
  /** Mirror of the statistics blocks [statsCpuBase, statsSnapBase), filled by the warm-up snapshot. */
  statsSnapBase: number;
  /** The network paths' configuration block (src/paths/layout.ts; 0 without one). */
  netBase: number;
  netBytes: number;
  workerBase: number;
  inboxBase: number;
  programBase: number;
  deviceBase: number;
  /** The NIC's state region (`nicBytes` long; 0 bytes without a NIC). */
  nicBase: number;
  nicBytes: number;
  regionTableBase: number;
  dirBase: number;
  versionBase: number;
  memVersionBase: number;
  physBase: number;
  physBytes: number;
  regions: PlacedRegion[];
  totalBytes: number;
  pages: number;
  capacities: Capacities;
  maxWorkers: number;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Lays out a run. Region 0 is always "other" (anything not in a named region). `nicBytes` is the size
 *  of the NIC's state region (src/nic/layout.ts), 0 without a NIC. */
export function planMemory(m: MachineProfile, regions: RegionSpec[], caps: Capacities = DEFAULT_CAPACITIES, file = "machine", nicBytes = 0, netBytes = 0): MemoryMap {
  const lps = m.cpus + 2; // CPUs, the uncore, the device
  const maxWorkers = m.cpus + 2;
  let at = HEADER_BASE + HEADER_BYTES;
  const take = (bytes: number, alignment = 64) => {
    at = align(at, alignment);
    const base = at;
    at += bytes;
    return base;
  };
  const lpBase = take(lps * LP_STATE_BYTES);
  const heapBase = take(lps * caps.heapEvents * EVENT_BYTES);
  const cpuBase = take(m.cpus * CPU_STATE_BYTES);
  const l1Base = take(m.cpus * cacheArrayBytes(m.l1d.sets * m.l1d.ways));
  const l2Base = take(m.cpus * cacheArrayBytes(m.l2.sets * m.l2.ways));
  const llcBase = take(m.llc.banks * cacheArrayBytes(m.llc.setsPerBank * m.llc.ways));
  const uncoreBase = take(1024 + caps.transactions * TXN_BYTES + caps.deferred * WAIT_BYTES + RUN_CAP * RUN_BYTES);
  const statsCpuBase = take(m.cpus * CpuStat.count * 8);
  const statsRegionBase = take((regions.length + 1) * RegionStat.count * 8);
  const statsGlobalBase = take(GlobalStat.count * 8);
  const statsStepBase = take(m.cpus * Step.count * 16);
  // the warm-up snapshot's mirror of the four blocks above, at one fixed offset (sim/snapshot.ts)
  const statsSnapBase = take(at - statsCpuBase);
  const workerBase = take(128 + 2 * maxWorkers * 8);
  const inboxBase = take(lps * lps * inboxBytes(caps.inboxEvents));
  const programBase = take(caps.programBytes);
  const deviceBase = take(32 + caps.deviceOps * OP_BYTES);
  const nicBase = take(nicBytes);
  const netBase = netBytes > 0 ? take(netBytes) : 0;

  const placed: PlacedRegion[] = [];
  let physBytes = 0;
  for (const [i, r] of regions.entries()) {
    physBytes = align(physBytes, PAGE_BYTES);
    placed.push({ ...r, id: i + 1, base: physBytes });
    physBytes += r.bytes;
  }
  physBytes = Math.max(PAGE_BYTES, align(physBytes, PAGE_BYTES));
  const physLines = physBytes / m.lineBytes;
  const regionTableBase = take(physBytes / PAGE_BYTES);
  const dirBase = take(physLines * DIR_ENTRY_BYTES);
  const versionBase = take(physLines * 4);
  const memVersionBase = take(physLines * 4);
  const physBase = take(physBytes, PAGE_BYTES);
  for (const r of placed) r.base += physBase;
  const totalBytes = align(at, WASM_PAGE);
  if (totalBytes > MAX_WASM_BYTES) {
    throw new ConfigError(file, [{
      path: "memory",
      message: `the memory map needs ${(totalBytes / 2 ** 20).toFixed(0)} MiB but a WebAssembly memory holds at most 4096 MiB (65536 pages of 64 KiB): shrink the caches, the CPU count or the regions`,
    }]);
  }
  return {
    lps, lpBase, heapBase, cpuBase, l1Base, l2Base, llcBase, uncoreBase, statsCpuBase, statsRegionBase,
    statsGlobalBase, statsStepBase, statsSnapBase, netBase, netBytes, workerBase, inboxBase, programBase, deviceBase, nicBase, nicBytes, regionTableBase, dirBase, versionBase, memVersionBase,
    physBase, physBytes, regions: placed, totalBytes, pages: totalBytes / WASM_PAGE, capacities: caps, maxWorkers,
  };
}
