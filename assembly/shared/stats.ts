// Named statistic counters. Each LP increments only its own counters (u64 slots), so workers never race;
// the host sums and names them. Compiled by both asc and tsc: the enum is the registry, `*_NAMES` the
// descriptions the host prints. Add a counter by adding an enum member and its description, in order.

/** Per-CPU counters (written by that CPU's LP only). */
export enum CpuStat {
  loads = 0,
  stores,
  atomics,
  computeCycles,
  l1Hits,
  l1Misses,
  l2Hits,
  /** Loads that found no copy in L2 (l1Hits, l1Misses, l2Hits and l2Misses count loads). */
  l2Misses,
  /** Requests this CPU sent to the directory: GETS for loads, GETX for store-buffer RFOs, upgrades and atomics. */
  requests,
  /** Lines this CPU wrote back to the LLC on eviction (PUTM). */
  writebacks,
  /** Cycles the core waited for a blocking miss, a full MSHR file, or a full store buffer. */
  stallCycles,
  /** Cycles a kernel CPU spent idle, waiting for an interrupt. */
  idleCycles,
  /** Store-to-load forwards from the store buffer. */
  forwards,
  /** Invalidations received for lines this CPU held. */
  invalidationsReceived,
  /** Simulated cycle at which this CPU's program halted. */
  haltTime,
  /** Coherence-checker loads that saw a value the write order forbids (random tester). */
  checkFailures,
  /** Successful checked reads by the random tester. */
  checksPassed,
  count
}

export const CPU_STAT_NAMES: string[] = [
  "loads", "stores", "atomics", "computeCycles", "l1Hits", "l1Misses", "l2Hits", "l2Misses",
  "requests", "writebacks", "stallCycles", "idleCycles", "forwards", "invalidationsReceived",
  "haltTime", "checkFailures", "checksPassed",
];

/** Per-region counters, written by the uncore LP only (a region is a named data structure). */
export enum RegionStat {
  /** A line moved between two CPUs' private caches: a miss served from another CPU's M/E copy,
   *  or a write that invalidated another CPU's copy (one per invalidated CPU). DESIGN.md. */
  bounces = 0,
  /** Private copies invalidated by a device's DMA write. */
  dmaInvalidations,
  dmaWriteLines,
  dmaReadLines,
  llcHits,
  llcMisses,
  /** Lines written into the LLC (writebacks from private caches, DMA with DDIO). */
  llcWrites,
  dramReads,
  dramWrites,
  /** Requests (GETS/GETX/DMA) that found their line busy with another transaction and waited. */
  lineConflicts,
  count
}

export const REGION_STAT_NAMES: string[] = [
  "bounces", "dmaInvalidations", "dmaWriteLines", "dmaReadLines", "llcHits", "llcMisses", "llcWrites",
  "dramReads", "dramWrites", "lineConflicts",
];

/** Machine-wide counters (written by the scheduler or invariant checker). */
export enum GlobalStat {
  /** Single-writer/multiple-reader violations found by the debug build's checker. */
  swmrViolations = 0,
  /** Reads or fills whose copy was not the line's current data version (debug build's checker). */
  dataValueViolations,
  /** Final simulated time (cycles). */
  finalTime,
  /** Windows executed by the workers-as-CPUs scheduler (0 in-thread). */
  windows,
  /** Line number of the first line that broke an invariant (0 if none). */
  firstViolationLine,
  /** Where the run stopped, if it stopped early: the CPU (noProgress) or LP (capacity) concerned. */
  stopWhere,
  /** Stop reason (see StopReason). */
  stopReason,
  /** When the warm-up snapshot was taken (cycles; 0 = none): the start of the measured interval. */
  snapshotTime,
  count
}

export const GLOBAL_STAT_NAMES: string[] = [
  "swmrViolations", "dataValueViolations", "finalTime", "windows", "firstViolationLine", "stopWhere", "stopReason",
  "snapshotTime",
];

/** Why a run stopped: the run loop returns one of these (WasmBoy style named stop reasons). */
export enum StopReason {
  /** Every program halted and no event remains. */
  finished = 1,
  /** Simulated time reached the configured end. */
  endTime = 2,
  /** A CPU made no progress for `watchdogCycles` while events kept flowing, or no event was left while
   *  a CPU still waited (deadlock). */
  noProgress = 3,
  /** A fixed-capacity structure (event heap, inbox, transaction table) overflowed. */
  capacity = 4,
}
