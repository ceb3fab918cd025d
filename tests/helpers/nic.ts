// Builders for NIC runs: the register numbers, kernel programs that play a driver (unmask in the
// hardirq, move the tail or program aRFS from the task), and the application's packet check, run by a
// second instance of the module over a copy of the bytes.
import { pureModule, SCRATCH } from "./module.js";
import type { ListOp, MachineRun, NicConfig, ProgramSpec, TrafficSpec } from "../../src/index.js";
import type { KernelProgram, ScriptStep } from "../../src/machine/spec.js";
import { NicReg } from "../../assembly/shared/nic.js";
import { defaultProfile } from "./machines.js";
import { compute } from "./programs.js";

export { NicReg };

/** A posted register write: register, queue field, value. */
export const mmio = (reg: NicReg, queue: number, value = 0): ListOp => ({ op: "mmio", reg, queue, value });

/** The kernel-contexts test's costs: irq entry 50, exit 30, softirq entry 20 cycles. */
export const costs = { irqEntry: 50, irqExit: 30, softirqEntry: 20 };

/** A hardirq handler that re-enables queue `q` (what NAPI does once it has drained the ring). */
export const unmaskStep = (q: number): ScriptStep => ({ step: 1, ops: [mmio(NicReg.irqUnmask, q)], next: "done" });

/** A kernel CPU whose interrupt handler unmasks `q`, with an optional task script. */
export function driverCpu(q: number | null, task?: ScriptStep[]): KernelProgram {
  return { kind: "kernel", costs, hardirq: q === null ? undefined : [unmaskStep(q)], task };
}

/** A task that waits `cycles`, then issues `ops` (one step each, in turn). */
export function timedTask(...steps: { after: number; ops: ListOp[] }[]): ScriptStep[] {
  return steps.map((s, i) => ({ step: 0, ops: [compute(s.after), ...s.ops], next: i + 1 < steps.length ? i + 1 : "done" }));
}

/** Ethernet's FCS: on the wire, not in the buffer (PacketSize counts it, buffer lengths do not). */
export const FCS = 4;

/** `packets` frames of `frameBytes` in the buffer (no FCS), `cycles` apart. */
export const constantTraffic = (packets: number, frameBytes: number, cycles: number, seed = 1): TrafficSpec => ({
  packets, packetSize: { kind: "fixed", bytes: frameBytes + FCS }, arrival: { kind: "constant", gapCycles: cycles }, seed,
});

/** A run of the default profile with `cpus` CPUs (idle unless `programs` says otherwise) and `nic`. */
export function nicRun(nic: NicConfig, cpus = 1, programs: (ProgramSpec | null)[] = []): MachineRun {
  return {
    machine: { ...defaultProfile(), cpus },
    regions: [],
    programs: Array.from({ length: cpus }, (_, c) => programs[c] ?? null),
    nic,
  };
}

/** TCP payload bytes of a frame of `frameBytes` (54 bytes of Ethernet, IPv4 and TCP headers). */
export const payloadOf = (frameBytes: number) => frameBytes - 54;

export type PacketCheck = (frame: Uint8Array, tuple: Uint8Array, flow: number, expectedOffset: number, seed: number) => number;

/**
 * The application's check (assembly/nic/packet-check.ts) in a second instance of the module over its own
 * small memory: the bytes are copied there, so the run's memory is only read, never touched. Returns a
 * PacketStatus (0 = OK).
 */
export async function packetChecker(): Promise<PacketCheck> {
  const { exports: nc, bytes } = await pureModule(32);
  const TUPLE = SCRATCH, FRAME = TUPLE + 64;
  return (frame, tuple, flow, expectedOffset, seed) => {
    bytes.set(tuple, TUPLE);
    bytes.set(frame, FRAME);
    return nc.checkPacket(FRAME, frame.length, TUPLE, flow, expectedOffset, BigInt(seed));
  };
}

/** The module's RSS functions in a second instance: queue of a 4-tuple (12 bytes, network order) for an
 *  equal-spread table over `queues`, and its hash. */
export async function rssReference(queues: number): Promise<(tuple: Uint8Array) => { hash: number; queue: number }> {
  const { exports: nc } = await pureModule(32);
  const TABLE = SCRATCH, HASH_SCRATCH = TABLE + 256;
  nc.rssFillEqual(TABLE, queues);
  return (tuple) => {
    const dv = new DataView(tuple.buffer, tuple.byteOffset, 12);
    const hash = nc.rssHashTuple4(dv.getUint32(0), dv.getUint32(4), dv.getUint16(8), dv.getUint16(10), HASH_SCRATCH) >>> 0;
    return { hash, queue: nc.rssQueue(TABLE, hash) };
  };
}
