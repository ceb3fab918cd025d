// netchan's WebAssembly module: the one module every thread instantiates over the one shared memory.
// The host (src/) writes the header, calls attach() in every instance, init() once, sets up programs, then
// runs either runInThread() in one instance or workerRun(w) in one instance per worker.
//
// Reading order for a newcomer: sim/ (events, heaps, schedulers) → machine/ (caches, directory, LLC,
// DMA) → cpu/ (the in-order core and its programs).

import { flowHash } from "./nic/steering";
import { ROUTINE_NET_IRQ, ROUTINE_NET_RX, ROUTINE_RECV, ROUTINE_CHAN_USER } from "./paths/routines";
import { cost } from "./paths/net-config";
import { NetCost } from "./shared/net";
import { attach as attachLayout, CPUS, LPS, UNCORE, DEVICE_BASE, DEVICE_KIND, LINE_SHIFT } from "./sim/layout";
import { lpState, LP_CPU, LP_UNCORE, LP_DEVICE } from "./sim/lp-state";
import { heapReset } from "./sim/heap";
import { LP_STATE_BYTES, CPU_STATE_BYTES } from "./shared/header";
import { uncoreInit, dirEntry, dirState, dirOwner, dirSharers } from "./machine/directory";
import { deviceInit } from "./machine/device";
import { runsInit } from "./machine/line-runs";
import { nicInit } from "./nic/nic";
import { DeviceKind } from "./shared/nic";
import { cpuState, C_STATUS, C_RESUME_AT, C_PROGRAM, C_END, HALTED, RUNNING } from "./cpu/state";
import { PROG_LIST, PROG_MIX, PROG_TESTER, PROG_KERNEL } from "./cpu/programs/program";
import { kernelSetup, kernelStartTask } from "./cpu/kernel/kernel";
import { slot, TASK, SOFTIRQ, HARDIRQ, S_ARGS } from "./cpu/kernel/state";
import { ROUTINE_SCRIPT, ROUTINE_COUNTER } from "./cpu/kernel/routines";
import { barrierReset } from "./sim/barrier";
import { privateState } from "./machine/private-cache";
import { llcWayOf } from "./machine/llc";

export { runInThread, runInThreadSlice, finishRun } from "./sim/inthread";
export { workerRun } from "./sim/windows";
export { setBatching } from "./sim/batch";
export { setMissRuns } from "./machine/miss-runs";
export { setStampLimit } from "./machine/cache-array";
export { setMixFusion } from "./cpu/mix-run";
export { recordStart, recordStop } from "./sim/record";
export { traceAccess, traceWritebacks, traceDramWrites } from "./machine/trace-replay";

/** Reads the header into this instance's globals (every instance, first). */
export function attach(): void {
  attachLayout();
}

/** Resets every LP, the uncore and the device (once per run, before programs are set). */
export function init(): void {
  assert(C_END <= CPU_STATE_BYTES, "CPU record outgrew CPU_STATE_BYTES");
  for (let lp = 0; lp < LPS; lp++) {
    memory.fill(lpState(lp), 0, LP_STATE_BYTES);
    store<u32>(lpState(lp), lp < CPUS ? LP_CPU : lp == UNCORE ? LP_UNCORE : LP_DEVICE, 4);
    heapReset(lp);
  }
  for (let c = 0; c < CPUS; c++) {
    memory.fill(cpuState(c), 0, CPU_STATE_BYTES);
    store<i64>(cpuState(c), i64.MAX_VALUE, C_RESUME_AT);
    store<u32>(cpuState(c), HALTED, C_STATUS);
  }
  uncoreInit();
  runsInit();
  barrierReset();
}

/** Places LP `lp` on worker `w` (workers-as-CPUs). */
export function assignWorker(lp: i32, w: i32): void {
  store<i32>(lpState(lp), w, 32);
}

/** CPU `cpu` runs `count` ops from the list at `ops` (16-byte records, see cpu/ops.ts). */
export function programList(cpu: i32, ops: u32, count: u32): void {
  const p = cpuState(cpu) + C_PROGRAM;
  store<u32>(p, PROG_LIST);
  store<u32>(p, ops, 4);
  store<u32>(p, count, 8);
  store<u32>(p, 0, 12);
}

/** CPU `cpu` runs the synthetic mix of cpu/programs/mix.ts (weights in permille). */
export function programMix(
  cpu: i32, seed: u64, accesses: u64, privBase: u32, privBytes: u32, hotBytes: u32, hotPermille: u32,
  sharedBase: u32, sharedBytes: u32, sharedPermille: u32, storePermille: u32, atomicPermille: u32,
  computeCycles: u32, runPermille: u32, runLines: u32,
): void {
  const p = cpuState(cpu) + C_PROGRAM;
  memory.fill(p, 0, 128);
  store<u32>(p, PROG_MIX);
  store<u64>(p, seed | 1, 8);
  store<u64>(p, accesses, 16);
  store<u32>(p, privBase, 24);
  store<u32>(p, privBytes, 28);
  store<u32>(p, hotBytes, 32);
  store<u32>(p, hotPermille, 36);
  store<u32>(p, sharedBase, 40);
  store<u32>(p, sharedBytes, 44);
  store<u32>(p, sharedPermille, 48);
  store<u32>(p, storePermille, 52);
  store<u32>(p, atomicPermille, 56);
  store<u32>(p, computeCycles, 60);
  store<u32>(p, runPermille, 64);
  store<u32>(p, runLines, 68);
  store<u32>(p, 1 << LINE_SHIFT, 84);
}

/** CPU `cpu` runs the random coherence tester over `groups` check groups described at `groupsPtr`. */
export function programTester(cpu: i32, seed: u64, accesses: u64, groupsPtr: u32, groups: u32, writerPermille: u32): void {
  const p = cpuState(cpu) + C_PROGRAM;
  memory.fill(p, 0, 128);
  store<u32>(p, PROG_TESTER);
  store<u64>(p, seed | 1, 8);
  store<u64>(p, accesses, 16);
  store<u32>(p, groupsPtr, 24);
  store<u32>(p, groups, 28);
  store<u32>(p, writerPermille, 52);
}

/** CPU `cpu` runs the kernel program (cpu/kernel/kernel.ts) with data-driven script routines: each
 *  script pointer (0 = none) is a script of cpu/kernel/script.ts; costs in cycles. */
export function programKernel(cpu: i32, taskScript: u32, softirqScript: u32, irqScript: u32, irqEntry: u32, irqExit: u32, softirqEntry: u32): void {
  const p = cpuState(cpu) + C_PROGRAM;
  store<u32>(p, PROG_KERNEL);
  kernelSetup(cpu, taskScript != 0 ? ROUTINE_SCRIPT : 0, softirqScript != 0 ? ROUTINE_SCRIPT : 0, irqScript != 0 ? ROUTINE_SCRIPT : 0, irqEntry, irqExit, softirqEntry);
  store<u32>(slot(cpu, TASK) + S_ARGS, taskScript);
  store<u32>(slot(cpu, SOFTIRQ) + S_ARGS, softirqScript);
  store<u32>(slot(cpu, HARDIRQ) + S_ARGS, irqScript);
  if (taskScript != 0) kernelStartTask(cpu);
}

/** CPU `cpu` runs the kernel program whose task is the counter routine (cpu/kernel/counter.ts). */
export function programKernelCounter(cpu: i32, addr: u32, iterations: u32): void {
  const p = cpuState(cpu) + C_PROGRAM;
  store<u32>(p, PROG_KERNEL);
  kernelSetup(cpu, ROUTINE_COUNTER, 0, 0, 0, 0, 0);
  store<u32>(slot(cpu, TASK) + S_ARGS, addr);
  store<u32>(slot(cpu, TASK) + S_ARGS + 4, iterations);
  kernelStartTask(cpu);
}

/** CPU `cpu` runs the network paths (paths/routines.ts): the NIC/IPI hardirq handler, the NET_RX
 *  softirq, and — when `app` — the application's receive loop as its task (a channel's reader when
 *  `channelUser`). Costs from the config block. */
export function programNet(cpu: i32, app: bool, channelUser: bool): void {
  const p = cpuState(cpu) + C_PROGRAM;
  store<u32>(p, PROG_KERNEL);
  kernelSetup(cpu, app ? (channelUser ? ROUTINE_CHAN_USER : ROUTINE_RECV) : 0, ROUTINE_NET_RX, ROUTINE_NET_IRQ,
    cost(NetCost.irqEntry), cost(NetCost.irqExit), cost(NetCost.softirqEntry));
  if (app) kernelStartTask(cpu);
}

/** Flow `f`'s RSS hash as the NIC computes it (the host records it for RPS and the hash tables). */
export function nicFlowHash(f: u32): u32 {
  return flowHash(f);
}

/** Starts every CPU that has a program, and the device: the DMA test device's program, or the NIC's
 *  traffic (its first arrival) once the host has written the NIC's configuration. */
export function start(): void {
  for (let c = 0; c < CPUS; c++) {
    const s = cpuState(c);
    if (load<u32>(s, C_PROGRAM) != 0) {
      store<u32>(s, RUNNING, C_STATUS);
      store<i64>(s, 0, C_RESUME_AT);
    }
  }
  if (DEVICE_KIND == DeviceKind.nic) nicInit();
  else deviceInit();
}

// --- probes for tests: read-only views of the machine state ---

/** MESI state (0 I, 1 S, 2 E, 3 M) of the line holding `addr` in CPU `cpu`'s private hierarchy. */
export function probePrivate(cpu: i32, addr: u32): u32 {
  return privateState(cpu, addr >> LINE_SHIFT);
}
/** Directory view of the line holding `addr`: state | owner << 8. */
export function probeDirectory(addr: u32): u32 {
  const d = dirEntry(addr >> LINE_SHIFT);
  return <u32>dirState(d) | (<u32>dirOwner(d) << 8);
}
export function probeSharers(addr: u32): u64 {
  return dirSharers(dirEntry(addr >> LINE_SHIFT));
}
/** The LLC way holding the line of `addr`, or -1. */
export function probeLlcWay(addr: u32): i32 {
  return llcWayOf(addr >> LINE_SHIFT);
}
/** Events handled by LP `lp` (messages and internal events; not resumes). */
export function probeEvents(lp: i32): u64 {
  return load<u64>(lpState(lp), 40);
}
/** MMIO writes the test device received, and the last value written. */
export function probeDeviceMmio(): u64 {
  return (<u64>load<u32>(DEVICE_BASE, 24) << 32) | <u64>load<u32>(DEVICE_BASE, 12);
}
export function probeCpuNow(cpu: i32): i64 {
  return load<i64>(cpuState(cpu));
}


// --- NIC: RSS (nic/toeplitz.ts, nic/rss.ts) ---
// Pure functions over addresses the caller passes; they need neither attach() nor init().

export { rssDefaultKey, toeplitz, toeplitzAt, rssHashIPv4L4, rssHashIPv4, rssHashTuple4, rssHashTuple2 } from "./nic/toeplitz";
export { rssQueue, rssFillEqual } from "./nic/rss";

// --- NIC: packets (nic/packet.ts, nic/packet-check.ts) ---
// Pure functions over addresses the caller passes; they need neither attach() nor init().

export {
  buildPacket, PAYLOAD_START, MIN_FRAME_BYTES, MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES, FCS_BYTES,
} from "./nic/packet";
export { checkPacket, framePayloadBytes, PacketStatus } from "./nic/packet-check";
export { FLOW_TUPLE_BYTES, storeTuple4 } from "./nic/flow-tuple";
export { payloadByte, firstWrongPayloadByte } from "./nic/payload";
export { internetChecksum } from "./nic/checksum";

// --- NIC: packet sizes (nic/packet-size.ts) ---
// The unbiased draw on 0 … n−1, over a xorshift64* state at an address the caller passes.

export { uniformBelow } from "./nic/packet-size";
