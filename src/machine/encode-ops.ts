// Encodes list ops as the module's 16-byte op records (assembly/cpu/ops.ts):
//   0 kind u8 | 1 flags u8 | 2 size u8 | 3 destination register u8 (0xff = none) | 4 addr u32 | 8 value u64
import { OP_BYTES } from "../../assembly/shared/header.js";
import type { ListOp, Where } from "./spec.js";

const OP_CODE: Record<ListOp["op"], number> = { load: 1, store: 2, atomicAdd: 3, cas: 4, compute: 5, fence: 6, loadCheck: 7, mmio: 10, ipi: 11 };
const NO_REG = 0xff;

export function encodeOps(memory: WebAssembly.Memory, base: number, ops: ListOp[], addr: (w: Where) => number): void {
  const dv = new DataView(memory.buffer, base, Math.max(1, ops.length * OP_BYTES));
  ops.forEach((o, i) => {
    const at = i * OP_BYTES;
    dv.setUint8(at, OP_CODE[o.op]);
    dv.setUint8(at + 1, o.independent ? 1 : 0);
    dv.setUint8(at + 2, o.size ?? 8);
    dv.setUint8(at + 3, NO_REG);
    // an MMIO write carries its register and queue where an access carries its address
    dv.setUint32(at + 4, o.op === "mmio" ? ((o.reg ?? 0) & 0xffff) | ((o.queue ?? 0) << 16) : o.op === "ipi" ? (o.cpu ?? 0) : o.at ? addr(o.at) : 0, true);
    // a CAS packs its expected value in the low and its new value in the high 32 bits
    const v = o.op === "cas" ? (BigInt(o.value ?? 0) << 32n) | BigInt(o.expect ?? 0) : o.op === "ipi" ? BigInt(o.vector ?? 0) : BigInt(o.value ?? 0);
    dv.setBigUint64(at + 8, BigInt.asUintN(64, v), true);
  });
}
