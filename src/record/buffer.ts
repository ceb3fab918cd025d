// The recorder's buffer in the shared memory (layout: assembly/shared/record.ts): placed after the
// memory map, its capacity and region choice written before the run, its records read after.
import { RECORD_BYTES, RECORD_HEADER, RECORD_REGION_FLAGS, RecordClass } from "../../assembly/shared/record.js";

/** One record as the module wrote it (docs/record.md). */
export interface RawRecord {
  /** Position in the buffer: the order the module appended records in. */
  seq: number;
  time: number;
  cls: RecordClass;
  agent: number;
  from: number;
  msg: number;
  line: number;
  b: number;
  step: number;
  region: number;
  before: number;
  after: number;
  dirBefore: number;
  ownerBefore: number;
  dirAfter: number;
  ownerAfter: number;
  bounce: boolean;
  txn: number;
  sharersBefore: bigint;
  sharersAfter: bigint;
}

/** Bytes of a buffer of `capacity` records. */
export const recordBufferBytes = (capacity: number) => RECORD_HEADER + capacity * RECORD_BYTES;

/** Writes the buffer's header: its capacity and which regions (by id) to record. */
export function initRecordBuffer(memory: WebAssembly.Memory, base: number, capacity: number, regionIds: number[]): void {
  const dv = new DataView(memory.buffer, base, RECORD_HEADER);
  dv.setBigUint64(0, 0n, true);
  dv.setUint32(8, capacity, true);
  for (let r = 0; r < 256; r++) dv.setUint8(RECORD_REGION_FLAGS + r, 0);
  for (const id of regionIds) dv.setUint8(RECORD_REGION_FLAGS + id, 1);
}

/** How many records the run produced (possibly more than the capacity). */
export function recordsAttempted(memory: WebAssembly.Memory, base: number): number {
  return Number(new DataView(memory.buffer, base, 8).getBigUint64(0, true));
}

/** The records written (at most the capacity). */
export function readRecords(memory: WebAssembly.Memory, base: number, capacity: number): RawRecord[] {
  const n = Math.min(recordsAttempted(memory, base), capacity);
  const dv = new DataView(memory.buffer, base + RECORD_HEADER, n * RECORD_BYTES);
  const out: RawRecord[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * RECORD_BYTES;
    out.push({
      seq: i,
      time: Number(dv.getBigInt64(o, true)),
      cls: dv.getUint8(o + 8),
      agent: dv.getUint8(o + 9),
      from: dv.getUint8(o + 10),
      msg: dv.getUint8(o + 11),
      line: dv.getUint32(o + 12, true),
      b: dv.getUint32(o + 16, true),
      step: dv.getUint8(o + 20),
      region: dv.getUint8(o + 21),
      before: dv.getUint8(o + 22),
      after: dv.getUint8(o + 23),
      dirBefore: dv.getUint8(o + 24),
      ownerBefore: dv.getUint8(o + 25),
      dirAfter: dv.getUint8(o + 26),
      ownerAfter: dv.getUint8(o + 27),
      bounce: dv.getUint8(o + 28) !== 0,
      txn: dv.getUint8(o + 29),
      sharersBefore: dv.getBigUint64(o + 32, true),
      sharersAfter: dv.getBigUint64(o + 40, true),
    });
  }
  return out;
}
