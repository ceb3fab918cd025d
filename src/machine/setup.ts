// Turning a MachineRun into a ready-to-run shared memory: lay it out, write the header, instantiate the
// module, reset every LP, write the programs, the tester's check groups and the device's DMA ops.

import { OP_BYTES } from "../../assembly/shared/header.js";
import { Fault } from "../../assembly/shared/header.js";
import { deriveTiming } from "../config/machine.js";
import type { MemoryMap, PlacedRegion } from "../layout/memory-map.js";
import { writeHeader } from "../layout/header.js";
import { compileModule, type Build } from "../wasm/module.js";
import { instantiateNetchan } from "../wasm/instantiate.js";
import type { MachineRun, Where, ProgramSpec, DmaOp } from "./spec.js";
import { validateRun } from "./validate-run.js";
import { encodeOps } from "./encode-ops.js";
import { writeKernelProgram } from "./kernel-program.js";
import { parseMachine } from "../config/machine.js";
import { DeviceKind } from "../../assembly/shared/nic.js";
import { planRun } from "./plan.js";
import { writeNet, type PlacedNet } from "../paths/setup.js";
import { writeNic, type PlacedNic } from "../nic/setup.js";


export interface PreparedRun {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: any;
  map: MemoryMap;
  workers: number;
  /** The NIC, when the run has one instead of the DMA test device. */
  nic: PlacedNic | null;
  /** The network paths, when the CPUs run them (MachineRun.net). */
  net: PlacedNet | null;
}

/** `extraBytes`: room after the memory map (at map.totalBytes) for the host's own use — the event
 *  recorder's buffer (src/record/). */
export async function prepareRun(run: MachineRun, build: Build, workers: number, scheduler: "inthread" | "workers", extraBytes = 0): Promise<PreparedRun> {
  const m = parseMachine(run.machine, "machine");
  validateRun({ ...run, machine: m });
  const { nic, net, map } = planRun(run, m);
  const pages = map.pages + Math.ceil(extraBytes / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  writeHeader(memory, m, deriveTiming(m), map, {
    endTime: run.endTime ?? null,
    watchdogCycles: run.watchdogCycles ?? 10_000_000,
    checkInvariants: build === "debug" && scheduler === "inthread",
    fault: run.fault ? Fault[run.fault] : Fault.none,
    workers,
    deviceKind: nic ? DeviceKind.nic : DeviceKind.dmaTest,
  });
  const module = await compileModule(build);
  const exports = await instantiateNetchan(module, memory);
  exports.attach();
  exports.init();
  const regionOf = new Map(map.regions.map((r) => [r.name, r]));
  const addr = (w: Where) => regionOf.get(w.region)!.base + w.offset;
  const bytes = new Uint8Array(memory.buffer);
  for (const f of run.fill ?? []) bytes.set(f.bytes, addr(f.at));
  let programCursor = map.programBase;
  const alloc = (n: number) => {
    const p = programCursor;
    programCursor += Math.ceil(n / 16) * 16;
    if (programCursor > map.programBase + map.capacities.programBytes) throw new Error("programs exceed the program area");
    return p;
  };
  const testerGroups = run.tester ? placeTester(run, regionOf.get(run.tester.region)!, bytes, alloc, m.lineBytes) : null;
  run.programs.forEach((p, cpu) => {
    if (p) writeProgram(exports, memory, cpu, p, addr, regionOf, alloc, testerGroups);
  });
  const placedNic = nic ? writeNic(memory, nic, map.nicBase, m.lineBytes, map.regions) : null;
  if (!nic) writeDevice(memory, map, run.device ?? [], addr, alloc, m.lineBytes);
  const placedNet = net && placedNic ? writeNet(exports, memory, run.net!, net.sizes, net.block, map.netBase, map.regions, placedNic) : null;
  if (scheduler === "workers") assignWorkers(exports, m.cpus, workers);
  exports.start();
  return { module, memory, exports, map, workers, nic: placedNic, net: placedNet };
}

/** The network paths' sizes and host-only block, from the run's NIC. */
function writeProgram(
  exports: any, memory: WebAssembly.Memory, cpu: number, p: ProgramSpec, addr: (w: Where) => number,
  regionOf: Map<string, PlacedRegion>, alloc: (n: number) => number, tester: { ptr: number; groups: number } | null,
): void {
  if (p.kind === "list") {
    const base = alloc(p.ops.length * OP_BYTES);
    encodeOps(memory, base, p.ops, addr);
    exports.programList(cpu, base, p.ops.length);
  } else if (p.kind === "mix") {
    const priv = regionOf.get(p.private.region)!;
    const shared = p.shared ? regionOf.get(p.shared.region)! : null;
    exports.programMix(
      cpu, BigInt(p.seed), BigInt(p.accesses), priv.base, priv.bytes, p.private.hotBytes, p.private.hotPermille,
      shared ? shared.base : 0, shared ? shared.bytes : 0, p.shared?.permille ?? 0, p.storePermille, p.atomicPermille,
      p.computeCycles, p.runPermille ?? 0, p.runLines ?? 0,
    );
  } else if (p.kind === "kernel") {
    writeKernelProgram(exports, memory, cpu, p, addr, alloc);
  } else if (p.kind === "kernelCounter") {
    exports.programKernelCounter(cpu, addr(p.at), p.iterations);
  } else {
    if (!tester) throw new Error("a tester program needs `tester` (the check groups' layout)");
    exports.programTester(cpu, BigInt(p.seed), BigInt(p.accesses), tester.ptr, tester.groups, p.writerPermille);
  }
}

/** Lays out the tester's check groups: a metadata line each (lock, sequence), then data runs of random
 *  length at random offsets, so runs straddle lines. Data starts as byte i = i (version 0). */
function placeTester(run: MachineRun, region: PlacedRegion, bytes: Uint8Array, alloc: (n: number) => number, line: number) {
  const t = run.tester!;
  let seed = t.seed >>> 0 || 1;
  const rand = (n: number) => {
    seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
    return seed % n;
  };
  const ptr = alloc(t.groups * 16);
  const dv = new DataView(bytes.buffer, ptr, t.groups * 16);
  let cursor = region.base + t.groups * line; // metadata lines first
  for (let g = 0; g < t.groups; g++) {
    const len = t.minBytes + rand(t.maxBytes - t.minBytes + 1);
    cursor += rand(line);
    if (cursor + len > region.base + region.bytes) throw new Error(`tester: region "${t.region}" is too small for ${t.groups} groups`);
    dv.setUint32(g * 16, region.base + g * line, true);
    dv.setUint32(g * 16 + 4, cursor, true);
    dv.setUint32(g * 16 + 8, len, true);
    for (let i = 0; i < len; i++) bytes[cursor + i] = i & 0xff;
    cursor += len;
  }
  return { ptr, groups: t.groups };
}

// device op kinds of assembly/machine/device.ts
const DEVICE_OP_CODE: Record<DmaOp["kind"], number> = { write: 1, read: 2, irq: 3, writePart: 4, writeRun: 5 };

function writeDevice(memory: WebAssembly.Memory, map: MemoryMap, ops: DmaOp[], addr: (w: Where) => number, alloc: (n: number) => number, lineBytes: number): void {
  const dv = new DataView(memory.buffer, map.deviceBase, 32 + ops.length * 16);
  dv.setUint32(0, ops.length, true);
  ops.forEach((o, i) => {
    const at = 32 + i * 16;
    let src = 0;
    if (o.kind === "write" || o.kind === "writeRun" || o.kind === "writePart") {
      const n = o.kind === "writePart" ? o.length! : o.lines! * lineBytes;
      src = alloc(n);
      const b = new Uint8Array(memory.buffer, src, n);
      const pattern = o.bytes ?? [0];
      for (let k = 0; k < n; k++) b[k] = pattern[k % pattern.length];
    }
    dv.setUint32(at, o.time, true);
    dv.setUint8(at + 4, DEVICE_OP_CODE[o.kind]);
    dv.setUint16(at + 6, o.kind === "irq" ? (o.vector ?? 0) : o.kind === "writePart" ? o.length! : o.lines!, true);
    dv.setUint32(at + 8, o.kind === "irq" ? (o.cpu ?? 0) : addr(o.at!), true);
    dv.setUint32(at + 12, src, true);
  });
}

/** CPUs in contiguous groups, one group per worker; the uncore and the device on the last worker. */
function assignWorkers(exports: any, cpus: number, workers: number): void {
  for (let c = 0; c < cpus; c++) exports.assignWorker(c, Math.floor((c * workers) / cpus));
  exports.assignWorker(cpus, workers - 1);
  exports.assignWorker(cpus + 1, workers - 1);
}
