// A list program: ops written by the host as 16-byte records (see ops.ts), run in order.
// State: 4 ops address u32 | 8 count u32 | 12 pc u32

import { emit, emitCas, emitHalt } from "./emit";
import { OP_CAS } from "../ops";

export function listNext(_cpu: i32, s: usize, p: usize): void {
  const pc = load<u32>(p, 12);
  if (pc >= load<u32>(p, 8)) {
    emitHalt(s);
    return;
  }
  store<u32>(p, pc + 1, 12);
  const op = <usize>load<u32>(p, 4) + (<usize>pc << 4);
  const kind = <u32>load<u8>(op);
  emit(s, kind, load<u8>(op, 1), load<u32>(op, 4), load<u8>(op, 2), load<u64>(op, 8));
  // a CAS keeps its expected value in the low half and the new value in the high half of `value`
  if (kind == OP_CAS) {
    const v = load<u64>(op, 8);
    emitCas(s, load<u32>(op, 4), 4, v & 0xffffffff, v >> 32);
  }
}
