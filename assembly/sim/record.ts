// The event recorder (docs/record.md): for a short run, every coherence event on the lines of chosen
// regions, and every interrupt, appended to a bounded buffer the host placed in the shared memory. It is
// off unless the host calls recordStart, and then only in the in-thread scheduler's one instance (the
// host refuses workers): a global flag the hooks test, so a normal run pays one untaken branch per hook.
// It only writes its own buffer and reads machine state, so a recorded run's results are the same, byte
// for byte (a test).
//
// The buffer's layout and the record classes are in shared/record.ts.

import { CPUS, UNCORE, DEVICE, LINE_SHIFT } from "./layout";
import { regionOfLine } from "../machine/regions";
import { dirEntry, dirState, dirOwner, dirSharers, dirTxn, txnPtr, T_KIND, T_REQ } from "../machine/directory";
import { privateState } from "../machine/private-cache";
import { Msg, ACK_HAD } from "../machine/messages";
import { cpuState } from "../cpu/state";
import { C_KERNEL, K_RUNNING, NO_CONTEXT, slot, S_STEP } from "../cpu/kernel/state";
import { Step } from "../shared/steps";
import { RECORD_BYTES, RECORD_HEADER, RECORD_REGION_FLAGS, RecordClass } from "../shared/record";

export let recording: bool = false;
let base: usize = 0;
let capacity: u32 = 0;

/** Starts recording into the buffer at `at` (capacity and region flags written by the host). */
export function recordStart(at: usize): void {
  base = at;
  capacity = load<u32>(at, 8);
  store<u64>(at, 0);
  recording = true;
}

export function recordStop(): void {
  recording = false;
}

@inline function wanted(line: u32): bool {
  return load<u8>(base + RECORD_REGION_FLAGS + regionOfLine(line, LINE_SHIFT)) != 0;
}

/** A new record (zeroed), or 0 when the buffer is full; counts it either way. */
function append(t: i64, cls: u32, agent: i32, from: i32, msg: u32, line: u32, b: u32): usize {
  const n = load<u64>(base);
  store<u64>(base, n + 1);
  if (n >= <u64>capacity) return 0;
  const r = base + RECORD_HEADER + <usize>n * RECORD_BYTES;
  memory.fill(r, 0, RECORD_BYTES);
  store<i64>(r, t);
  store<u8>(r, <u8>cls, 8);
  store<u8>(r, <u8>agent, 9);
  store<u8>(r, <u8>from, 10);
  store<u8>(r, <u8>msg, 11);
  store<u32>(r, line, 12);
  store<u32>(r, b, 16);
  store<u8>(r, <u8>(agent >= 0 && agent < CPUS ? currentStep(agent) : <u32>Step.none), 20);
  if (cls != RecordClass.irq) store<u8>(r, <u8>regionOfLine(line, LINE_SHIFT), 21);
  return r;
}

/** The step CPU `cpu` is running now (Step.none between steps or outside the kernel). */
function currentStep(cpu: i32): u32 {
  const running = load<u32>(cpuState(cpu) + C_KERNEL, K_RUNNING);
  if (running >= NO_CONTEXT) return Step.none;
  const s = load<u32>(slot(cpu, running), S_STEP);
  return s < <u32>Step.count ? s : Step.none;
}

// --- hooks (each called only while `recording`) ---

/** The LP a request came from: a device request's `b` word is not its sender (a DMA write carries the
 *  part of the line written there, uncore.ts), but the device is. */
@inline function senderOf(kind: u32, from: u32): u32 {
  if (kind == Msg.MEM_DONE) return <u32>UNCORE; // the directory's own event: DRAM's data is back
  return kind == Msg.DMA_WR || kind == Msg.DMA_RD ? <u32>DEVICE : from;
}

/** uncore.ts arrive(): a request reaches its bank at `t`. */
export function recordArrive(kind: u32, line: u32, b: u32, t: i64): void {
  if (kind != Msg.GETS && kind != Msg.GETX && kind != Msg.PUT && kind != Msg.DMA_RD && kind != Msg.DMA_WR) return;
  if (!wanted(line)) return;
  const from = senderOf(kind, b);
  const r = append(t, RecordClass.arrive, UNCORE, <i32>from, kind, line, from);
  if (r != 0 && from < <u32>CPUS) store<u8>(r, <u8>currentStep(<i32>from), 20);
}

// the directory's view of the line being handled, taken before (recordDirBefore) and written with the
// after view (recordDirAfter); the handling never nests, so one set of globals holds it
let dBefore: u32 = 0;
let sBefore: u64 = 0;
let dTxn: u32 = 0;
let dReq: u32 = 0;

/** uncore.ts, before a message for `line` is handled at its bank (or a DRAM read completes). */
export function recordDirBefore(line: u32): void {
  const d = dirEntry(line);
  dBefore = <u32>dirState(d) | (<u32>dirOwner(d) << 8);
  sBefore = dirSharers(d);
  const tx = dirTxn(d);
  dTxn = tx != 0 ? load<u32>(txnPtr(tx), T_KIND) : 0;
  dReq = tx != 0 ? load<u32>(txnPtr(tx), T_REQ) : 0xff;
}

/** uncore.ts, after the message (kind, flags, b) for `line` was handled at `t`. */
export function recordDirAfter(kind: u32, flags: u32, line: u32, b: u32, t: i64): void {
  if (!wanted(line)) return;
  const from = senderOf(kind, b);
  const isAck = kind == Msg.INV_ACK || kind == Msg.FWD_ACK;
  const req = isAck ? dReq : kind == Msg.MEM_DONE ? dReq : from;
  const r = append(t, RecordClass.directory, UNCORE, <i32>from, kind, line, isAck ? flags : req);
  if (r == 0) return;
  store<u8>(r, <u8>(req < <u32>CPUS ? currentStep(<i32>req) : <u32>Step.none), 20);
  const d = dirEntry(line);
  store<u8>(r, <u8>(dBefore & 0xff), 24);
  store<u8>(r, <u8>(dBefore >> 8), 25);
  store<u8>(r, dirState(d), 26);
  store<u8>(r, <u8>dirOwner(d), 27);
  store<u64>(r, sBefore, 32);
  store<u64>(r, dirSharers(d), 40);
  // machine.md §10: an ack from a CPU that had the line, answering a CPU's request, is one bounce
  const cpuTxn = dTxn == Msg.GETS || dTxn == Msg.GETX;
  store<u8>(r, isAck && cpuTxn && (flags & ACK_HAD) != 0 ? 1 : 0, 28);
  store<u8>(r, <u8>dTxn, 29);
  if (isAck) store<u32>(r, (flags & 0xffff) | (dReq << 16), 16);
}

// a CPU's copy of the line before it handles a message
let cBefore: u8 = 0;

/** coherence.ts, before CPU `cpu` handles a message for `line`. */
export function recordCpuBefore(cpu: i32, line: u32): void {
  cBefore = privateState(cpu, line);
}

/** coherence.ts, after CPU `cpu` handled message `kind` from `from` for `line` (on behalf of LP `req`)
 *  at `t`. */
export function recordCpuAfter(cpu: i32, kind: u32, from: i32, line: u32, req: u32, t: i64): void {
  if (!wanted(line)) return;
  const r = append(t, RecordClass.cpu, cpu, from, kind, line, req);
  if (r == 0) return;
  // an invalidation or a forward is caused by another CPU's request: its step, not this CPU's
  const forOther = kind == Msg.INV || kind == Msg.FWD_GETS || kind == Msg.FWD_GETX;
  if (forOther) store<u8>(r, <u8>(req < <u32>CPUS ? currentStep(<i32>req) : <u32>Step.none), 20);
  store<u8>(r, cBefore, 22);
  store<u8>(r, privateState(cpu, line), 23);
}

/** private-cache.ts evictL2: CPU `cpu` evicts `line`, held in `state`, at `t` (a PUT for E and M). */
export function recordEvict(cpu: i32, line: u32, state: u8, t: i64): void {
  if (!wanted(line)) return;
  const r = append(t, RecordClass.evict, cpu, cpu, state >= 2 ? Msg.PUT : 0, line, 0);
  if (r == 0) return;
  store<u8>(r, state, 22);
}

/** coherence.ts: an interrupt with `vector` from LP `from` reaches CPU `cpu` at `t`. */
export function recordIrq(cpu: i32, from: i32, vector: u32, t: i64): void {
  append(t, RecordClass.irq, cpu, from, Msg.IRQ, 0, vector);
}
