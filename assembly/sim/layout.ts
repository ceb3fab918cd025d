// The attached layout: every module instance (main thread or worker) copies the header slots into its
// own wasm globals once, in attach(). Globals are per instance; memory is shared. Nothing here is
// written after attach(), so the hot paths read plain globals instead of memory.

import { HEADER_BASE, HEADER_BYTES, HEADER_MAGIC, Hdr, CPU_STATE_BYTES } from "../shared/header";

@inline export function hdr(slot: i32): u32 {
  return load<u32>(HEADER_BASE + (<u32>slot << 2));
}

export let CPUS: i32 = 0;
export let LPS: i32 = 0;
export let UNCORE: i32 = 0;
export let DEVICE: i32 = 0;
export let LINE_BYTES: u32 = 64;
export let LINE_SHIFT: u32 = 6;

export let L1_SETS: u32 = 0;
export let L1_WAYS: u32 = 0;
export let L1_HIT: i64 = 0;
export let L2_SETS: u32 = 0;
export let L2_WAYS: u32 = 0;
export let L2_HIT: i64 = 0;

export let LLC_BANKS: u32 = 0;
export let LLC_SETS: u32 = 0;
export let LLC_WAYS: u32 = 0;
export let BANK_LOOKUP: i64 = 0;
export let BANK_BUSY: i64 = 0;
export let HOP: i64 = 0;
export let SNOOP: i64 = 0;
/** The snoop of a forward across complexes (CROSS_SNOOP ≥ SNOOP; equal without complexes). */
export let CROSS_SNOOP: i64 = 0;
export let CPUS_PER_COMPLEX: i32 = 1;
export let MEM_EXTRA: i64 = 0;
export let MEM_CONTROLLERS: u32 = 0;
export let MEM_BUSY: i64 = 0;
export let IO_HOP: i64 = 0;
export let IPI: i64 = 0;
export let DDIO: bool = false;
export let DDIO_WAYS: u32 = 0;

export let MSHRS: i32 = 0;
export let SB_ENTRIES: i32 = 0;
export let ATOMIC_CYCLES: i64 = 0;
export let Q: i64 = 0;

export let LP_BASE: usize = 0;
export let HEAP_BASE: usize = 0;
export let HEAP_CAP: i32 = 0;
export let CPU_BASE: usize = 0;
export let L1_BASE: usize = 0;
export let L1_STRIDE: usize = 0;
export let L2_BASE: usize = 0;
export let L2_STRIDE: usize = 0;
export let LLC_BASE: usize = 0;
export let DIR_BASE: usize = 0;
export let VERSION_BASE: usize = 0;
export let MEM_VERSION_BASE: usize = 0;
export let REGION_TABLE: usize = 0;
export let PHYS_BASE: usize = 0;
export let PHYS_BYTES: usize = 0;
export let PHYS_LINE0: u32 = 0;
export let PHYS_LINES: u32 = 0;
export let UNCORE_BASE: usize = 0;
export let TXN_CAP: u32 = 0;
export let WAIT_CAP: u32 = 0;
export let STATS_CPU: usize = 0;
export let STATS_REGION: usize = 0;
export let REGIONS: u32 = 0;
export let STATS_GLOBAL: usize = 0;
export let STATS_STEP: usize = 0;
export let STATS_SNAP: usize = 0;
export let NET_BASE: usize = 0;
export let INBOX_BASE: usize = 0;
export let INBOX_CAP: u32 = 0;
export let PROGRAM_BASE: usize = 0;
export let DEVICE_BASE: usize = 0;
/** DeviceKind (shared/nic.ts): which model the device LP runs. */
export let DEVICE_KIND: u32 = 0;
export let NIC_BASE: usize = 0;
export let WORKER_BASE: usize = 0;
export let WORKERS: i32 = 0;

export let END_TIME: i64 = 0;
export let WATCHDOG: i64 = 0;
export let CHECK: bool = false;
export let FAULT: u32 = 0;

/** The owner's snoop latency when it forwards a line to `req`: inside one core complex the published
 *  in-complex transfer, across complexes the cross-complex one (docs/machine.md, "Core complexes"). */
@inline export function snoopBetween(owner: i32, req: i32): i64 {
  return owner / CPUS_PER_COMPLEX == req / CPUS_PER_COMPLEX ? SNOOP : CROSS_SNOOP;
}

/** Reads the header into this instance's globals. Must run before anything else in every instance. */
export function attach(): void {
  assert(hdr(Hdr.magic) == HEADER_MAGIC, "header magic missing: the host did not write the header");
  assert(<usize>__heap_base <= <usize>HEADER_BASE, "static data overlaps the header: raise HEADER_BASE");
  assert(<u32>Hdr.count * 4 <= HEADER_BYTES, "header slots exceed HEADER_BYTES");
  attachMachine();
  attachMemoryMap();
  attachRunControl();
  L1_STRIDE = cacheStride(L1_SETS * L1_WAYS);
  L2_STRIDE = cacheStride(L2_SETS * L2_WAYS);
  assert(CPU_STATE_BYTES >= 4096, "CPU_STATE_BYTES too small");
}

/** Geometry and latencies of the machine. */
function attachMachine(): void {
  CPUS = <i32>hdr(Hdr.cpus);
  LPS = <i32>hdr(Hdr.lps);
  UNCORE = CPUS;
  DEVICE = CPUS + 1;
  LINE_BYTES = hdr(Hdr.lineBytes);
  LINE_SHIFT = hdr(Hdr.lineShift);
  L1_SETS = hdr(Hdr.l1Sets);
  L1_WAYS = hdr(Hdr.l1Ways);
  L1_HIT = hdr(Hdr.l1Hit);
  L2_SETS = hdr(Hdr.l2Sets);
  L2_WAYS = hdr(Hdr.l2Ways);
  L2_HIT = hdr(Hdr.l2Hit);
  LLC_BANKS = hdr(Hdr.llcBanks);
  LLC_SETS = hdr(Hdr.llcSetsPerBank);
  LLC_WAYS = hdr(Hdr.llcWays);
  BANK_LOOKUP = hdr(Hdr.bankLookup);
  BANK_BUSY = hdr(Hdr.bankBusy);
  HOP = hdr(Hdr.hop);
  SNOOP = hdr(Hdr.snoop);
  CROSS_SNOOP = hdr(Hdr.crossSnoop);
  CPUS_PER_COMPLEX = <i32>hdr(Hdr.cpusPerComplex);
  assert(CPUS_PER_COMPLEX >= 1 && CROSS_SNOOP >= SNOOP, "complexes: bad header");
  MEM_EXTRA = hdr(Hdr.memExtra);
  MEM_CONTROLLERS = hdr(Hdr.memControllers);
  MEM_BUSY = hdr(Hdr.memBusy);
  IO_HOP = hdr(Hdr.ioHop);
  IPI = hdr(Hdr.ipi);
  DDIO = hdr(Hdr.ddioEnabled) != 0;
  DDIO_WAYS = hdr(Hdr.ddioWays);
  MSHRS = <i32>hdr(Hdr.mshrs);
  SB_ENTRIES = <i32>hdr(Hdr.storeBuffer);
  ATOMIC_CYCLES = hdr(Hdr.atomicCycles);
  Q = hdr(Hdr.lookahead);
}

/** Where each structure lives in the shared memory. */
function attachMemoryMap(): void {
  LP_BASE = hdr(Hdr.lpBase);
  HEAP_BASE = hdr(Hdr.heapBase);
  HEAP_CAP = <i32>hdr(Hdr.heapCapacity);
  CPU_BASE = hdr(Hdr.cpuBase);
  L1_BASE = hdr(Hdr.l1Base);
  L2_BASE = hdr(Hdr.l2Base);
  LLC_BASE = hdr(Hdr.llcBase);
  DIR_BASE = hdr(Hdr.dirBase);
  VERSION_BASE = hdr(Hdr.versionBase);
  MEM_VERSION_BASE = hdr(Hdr.memVersionBase);
  REGION_TABLE = hdr(Hdr.regionTableBase);
  PHYS_BASE = hdr(Hdr.physBase);
  PHYS_BYTES = hdr(Hdr.physBytes);
  PHYS_LINE0 = <u32>(PHYS_BASE >> LINE_SHIFT);
  PHYS_LINES = <u32>(PHYS_BYTES >> LINE_SHIFT);
  UNCORE_BASE = hdr(Hdr.uncoreBase);
  TXN_CAP = hdr(Hdr.txnCapacity);
  WAIT_CAP = hdr(Hdr.waitCapacity);
  STATS_CPU = hdr(Hdr.statsCpuBase);
  STATS_REGION = hdr(Hdr.statsRegionBase);
  REGIONS = hdr(Hdr.regions);
  STATS_GLOBAL = hdr(Hdr.statsGlobalBase);
  STATS_STEP = hdr(Hdr.statsStepBase);
  STATS_SNAP = hdr(Hdr.statsSnapBase);
  NET_BASE = hdr(Hdr.netBase);
  INBOX_BASE = hdr(Hdr.inboxBase);
  INBOX_CAP = hdr(Hdr.inboxCapacity);
  PROGRAM_BASE = hdr(Hdr.programBase);
  DEVICE_BASE = hdr(Hdr.deviceBase);
  DEVICE_KIND = hdr(Hdr.deviceKind);
  NIC_BASE = hdr(Hdr.nicBase);
  WORKER_BASE = hdr(Hdr.workerBase);
  WORKERS = <i32>hdr(Hdr.workers);
}

/** How this run is driven and checked. */
function attachRunControl(): void {
  const endLo = <u64>hdr(Hdr.endTimeLo), endHi = <u64>hdr(Hdr.endTimeHi);
  END_TIME = endHi >= 0x7fffffff ? i64.MAX_VALUE : <i64>((endHi << 32) | endLo);
  WATCHDOG = hdr(Hdr.watchdogCycles);
  CHECK = hdr(Hdr.checkInvariants) != 0;
  FAULT = hdr(Hdr.faultInjection);
}

import { cacheArrayBytes } from "../shared/sizes";
@inline function cacheStride(entries: u32): usize {
  return cacheArrayBytes(entries);
}
