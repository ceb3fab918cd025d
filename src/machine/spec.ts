// What a machine-level run is: a profile, the named regions of simulated memory, a program per CPU and a
// DMA program for the device. (The network paths of later issues build their runs on the same core.)

import type { MachineProfile } from "../config/machine.js";
import type { RegionSpec } from "../layout/memory-map.js";
import type { NicConfig } from "../nic/config.js";
import type { NicStats, NicRing } from "../nic/read.js";
import type { NetSpec } from "../paths/layout.js";

/** An address in a named region. */
export interface Where {
  region: string;
  offset: number;
}

export type OpKind = "load" | "store" | "atomicAdd" | "cas" | "compute" | "fence" | "loadCheck" | "mmio" | "ipi";

export interface ListOp {
  op: OpKind;
  at?: Where;
  size?: 1 | 2 | 4 | 8;
  /** Store value, addend, CAS new value, loadCheck expected value, or compute cycles. */
  value?: number;
  /** CAS expected value. */
  expect?: number;
  /** Part of a run of independent accesses (misses overlap up to `mshrs`). */
  independent?: boolean;
  /** For "mmio": the device register and queue written (`value` is the value). */
  reg?: number;
  queue?: number;
  /** For "ipi": the target CPU and the vector. */
  cpu?: number;
  vector?: number;
}

export interface ListProgram {
  kind: "list";
  ops: ListOp[];
}

export interface MixProgram {
  kind: "mix";
  seed: number;
  accesses: number;
  /** Private area (a region) and its hot subset (the first `hotBytes`). */
  private: { region: string; hotBytes: number; hotPermille: number };
  shared?: { region: string; permille: number };
  storePermille: number;
  atomicPermille: number;
  computeCycles: number;
  /** Probability (permille) that a load starts a run of `runLines` independent line loads. */
  runPermille?: number;
  runLines?: number;
}

export interface TesterProgram {
  kind: "tester";
  seed: number;
  /** Loads + stores + atomics this CPU performs before it stops. */
  accesses: number;
  writerPermille: number;
}

/** One step of a kernel script routine (assembly/cpu/kernel/script.ts). */
export interface ScriptStep {
  /** Which of the script step ids (0–7) its cycles are charged to. */
  step: number;
  ops: ListOp[];
  /** Index of the next step, or "done" to end the routine. */
  next: number | "done";
  /** At the end of the step: raise the NET_RX softirq, wake the task, put the task to sleep. */
  raiseSoftirq?: boolean;
  wakeTask?: boolean;
  sleep?: boolean;
}

/** The kernel program: a task, a softirq and a hardirq routine, each a script, and the entry/exit costs. */
export interface KernelProgram {
  kind: "kernel";
  task?: ScriptStep[];
  softirq?: ScriptStep[];
  hardirq?: ScriptStep[];
  costs: { irqEntry: number; irqExit: number; softirqEntry: number };
}

/** The kernel program with the counter routine as its task: increments the u64 at `at`, `iterations`
 *  times, through a register (assembly/cpu/kernel/counter.ts) — the pattern of code routines. */
export interface KernelCounterProgram {
  kind: "kernelCounter";
  at: Where;
  iterations: number;
}

export type ProgramSpec = ListProgram | MixProgram | TesterProgram | KernelProgram | KernelCounterProgram;

export interface DmaOp {
  time: number;
  /** "irq" sends interrupt `vector` to CPU `cpu` (an MSI-X message, one I/O hop away); "writePart"
   *  writes `length` bytes at `at` inside one line (a descriptor), keeping the rest of the line;
   *  "writeRun" is "write" sent as one line run (at most 32 lines). */
  kind: "write" | "read" | "irq" | "writePart" | "writeRun";
  length?: number;
  at?: Where;
  /** Lines written or read (not for "irq"). */
  lines?: number;
  cpu?: number;
  vector?: number;
  /** For writes: the byte values to write (one entry per byte, repeated if shorter than the span). */
  bytes?: number[];
}

/** Check groups of the random tester, placed in one region. */
export interface TesterLayout {
  region: string;
  groups: number;
  /** Bytes per group's data run (consecutive bytes spanning lines). */
  minBytes: number;
  maxBytes: number;
  seed: number;
}

export interface MachineRun {
  machine: MachineProfile;
  regions: RegionSpec[];
  /** One per CPU; `null` leaves a CPU idle. */
  programs: (ProgramSpec | null)[];
  device?: DmaOp[];
  /** The NIC's receive side as the device (src/nic/config.ts); not with `device`. Its rings' regions,
   *  `rxq<N> descriptors` and `rxq<N> buffers`, are added to `regions`. */
  nic?: NicConfig;
  tester?: TesterLayout;
  /** The network paths (src/paths/layout.ts): every CPU runs the kernel's receive path and, where an
   *  application is pinned, its recv loop; needs `nic`, and `programs` all null. The structures' regions
   *  are added to `regions`. */
  net?: NetSpec;
  /** Initial bytes of regions. */
  fill?: { at: Where; bytes: number[] }[];
  /** Stop at this simulated cycle (default: when every program halted). */
  endTime?: number;
  /** Report no progress when a CPU waits this long (cycles; 0 = off). Default 10 M cycles. */
  watchdogCycles?: number;
  /** Test-only fault injection to show that the checkers can fail. */
  fault?: "skipInvalidate" | "staleSupply";
}

export type Scheduler = "inthread" | "workers";

export interface RunOptions {
  scheduler?: Scheduler;
  /** Workers for the workers-as-CPUs scheduler (default: one per CPU). */
  workers?: number;
  /** "debug" runs the assertion build and checks SWMR and data values after every transition (in-thread). */
  build?: "release" | "debug";
  /** Called after the run with a read-only view of the final machine state (for tests and teaching). */
  inspect?: (probe: MachineProbe) => void;
  /** Called now and then during the run (a progress bar); it only reads, so the run is the same with it. */
  onProgress?: (progress: RunProgress) => void;
  /** Room after the memory map (at map.totalBytes) for the host's own use: the event recorder's buffer. */
  extraBytes?: number;
  /** Called with the prepared machine just before it runs (in-thread only): the event recorder starts here
   *  (src/record/run.ts). The object stays valid after the run, to read what was written. */
  beforeRun?: (prepared: import("./setup.js").PreparedRun) => void;
}

/** How far a run has come: what a progress display shows. Read while the run goes on, so only roughly
 *  consistent (the counters of a workers run are read while the workers write them). */
export interface RunProgress {
  /** Packets that arrived on the wire so far, warm-up included (0 for a run without a NIC). */
  arrived: number;
  /** Packets the run offers in all, warm-up included; null for a run given in simulated time or without a NIC. */
  packets: number | null;
  /** Simulated cycles so far: the furthest CPU clock. */
  cycles: number;
  /** Where a run given in simulated time ends, cycles; else null. */
  untilCycles: number | null;
}

/** Read-only views of the machine after a run. */
export interface MachineProbe {
  /** MESI state of the line holding `at` in a CPU's private hierarchy. */
  privateState(cpu: number, at: Where): "I" | "S" | "E" | "M";
  /** The directory's view of the line: state and owner (for EM) or sharer CPUs (for S). */
  directory(at: Where): { state: "U" | "S" | "EM"; owner?: number; sharers: number[] };
  /** The LLC way holding the line, or -1 when the LLC does not hold it. */
  llcWay(at: Where): number;
  /** Bytes of simulated memory. */
  bytes(at: Where, length: number): Uint8Array;
  /** Absolute address (as programs see it). */
  address(at: Where): number;
  /** Register writes the test device received from CPUs, and the last value. */
  deviceMmio(): { count: number; last: number };
  /** The NIC's counters (throws if the run has no NIC). */
  nic(): NicStats;
  /** Queue `queue`'s ring: head, tail, and every descriptor with the NIC's record of its last packet. */
  nicRing(queue: number): NicRing;
  /** Flow `flow`'s 4-tuple as the NIC holds it: the 12 bytes of a FlowTuple, network order. */
  nicFlowTuple(flow: number): Uint8Array;
}
