// The header: a table of u32 slots at HEADER_BASE that the host fills from the validated config and the
// memory map, and that every module instance (main thread or worker) reads once in `attach()`.
// This file is compiled by both asc and tsc, so the slot numbers cannot drift between host and module.
// Keep it to plain enums and numeric constants: nothing AssemblyScript- or Node-specific.

/** Byte address of the header. AssemblyScript's static data ends below it (checked in attach()). */
export const HEADER_BASE: u32 = 65536;
/** Bytes reserved for the header (u32 slots). */
export const HEADER_BYTES: u32 = 4096;
/** Bytes of one CPU's core state record (registers, store buffer, MSHRs); the module asserts it fits. */
export const CPU_STATE_BYTES: u32 = 16384;
/** Bytes of one logical process's scheduling record. */
export const LP_STATE_BYTES: u32 = 128;
/** Bytes of one event/message record. */
export const EVENT_BYTES: u32 = 32;
/** Bytes of one access-program op record. */
export const OP_BYTES: u32 = 16;
/** Bytes of one directory entry. */
export const DIR_ENTRY_BYTES: u32 = 16;
/** Size of a page of simulated physical memory: regions are page-aligned, the region table is per page. */
export const PAGE_BYTES: u32 = 4096;
/** Most CPUs a machine may have: the directory's sharer mask is one u64. */
export const MAX_CPUS: u32 = 64;

/** Header slots (u32 each). Cycle values are integers; the clock is kept as MHz. */
export enum Hdr {
  magic = 0,
  cpus,
  lps,
  lineBytes,
  lineShift,
  // private caches
  l1Sets,
  l1Ways,
  l1Hit,
  l2Sets,
  l2Ways,
  l2Hit,
  // shared LLC and directory
  llcBanks,
  llcSetsPerBank,
  llcWays,
  llcHit,
  bankLookup,
  bankBusy,
  hop,
  snoop,
  memExtra,
  memControllers,
  memBusy,
  ioHop,
  ipi,
  ddioEnabled,
  ddioWays,
  // core
  mshrs,
  storeBuffer,
  atomicCycles,
  lookahead,
  clockMHz,
  // memory map (byte offsets)
  lpBase,
  heapBase,
  heapCapacity,
  cpuBase,
  l1Base,
  l2Base,
  llcBase,
  dirBase,
  versionBase,
  memVersionBase,
  regionTableBase,
  physBase,
  physBytes,
  uncoreBase,
  txnCapacity,
  waitCapacity,
  statsCpuBase,
  statsRegionBase,
  regions,
  statsGlobalBase,
  statsStepBase,
  inboxBase,
  inboxCapacity,
  programBase,
  deviceBase,
  workerBase,
  workers,
  // run control
  /** Simulated end time in cycles, split in two u32 slots; all ones = no limit. */
  endTimeLo,
  endTimeHi,
  watchdogCycles,
  checkInvariants,
  faultInjection,
  // the device logical process
  /** What the device LP is: DeviceKind (shared/nic.ts) — the DMA test device or the NIC. */
  deviceKind,
  /** The NIC's state region (shared/nic.ts, nic/nic-state.ts); unused by the DMA test device. */
  nicBase,
  /** The mirror of the statistics blocks (CPU, region, global, step) that the warm-up snapshot fills
   *  (sim/snapshot.ts); same layout, at a fixed offset from statsCpuBase. */
  statsSnapBase,
  /** The network paths' configuration block (shared/net.ts; 0 when the CPUs run no network path). */
  netBase,
  // core complexes (chiplets): a line forwarded between CPUs of two complexes takes the cross-complex snoop
  /** CPUs per complex, numbered contiguously (complex = cpu / cpusPerComplex); the CPU count if no complexes. */
  cpusPerComplex,
  /** The owner's snoop for a forward to a CPU in another complex (equals `snoop` without complexes). */
  crossSnoop,
  count
}

export const HEADER_MAGIC: u32 = 0x4e434831; // "NCH1"

/** Fault injections for proving that the checkers can fail (tests only). */
export enum Fault {
  none = 0,
  /** The directory forgets to invalidate sharers on a write request. */
  skipInvalidate = 1,
  /** The directory ignores the owner of a modified line and serves a read from the (stale) LLC. */
  staleSupply = 2,
}
