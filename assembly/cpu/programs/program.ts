// What a CPU runs: a program fills in the next op of the core (kind, flags, addr, size, value) each time
// the previous one completed — after a load, `lastValue` holds its value, so a program can branch on data.
// Program kinds are a table, not an if-chain: add a kind here and in the host's program writer.
//
// Program state lives at C_PROGRAM in the CPU record: 0 kind u32, then the kind's own fields.

import { C_PROGRAM } from "../state";
import { listNext } from "./list";
import { mixNext } from "./mix";
import { testerNext } from "./tester";
import { kernelNext } from "../kernel/kernel";

export const PROG_LIST: u32 = 1;
export const PROG_MIX: u32 = 2;
export const PROG_TESTER: u32 = 3;
export const PROG_KERNEL: u32 = 4;

/** Fills in the core's next op at time `t` (the core's clock: the op's issue time). */
export function programNext(cpu: i32, s: usize, t: i64): void {
  const p = s + C_PROGRAM;
  switch (load<u32>(p)) {
    case PROG_LIST:
      listNext(cpu, s, p);
      break;
    case PROG_MIX:
      mixNext(cpu, s, p);
      break;
    case PROG_TESTER:
      testerNext(cpu, s, p);
      break;
    case PROG_KERNEL:
      kernelNext(cpu, s, t);
      break;
    default:
      assert(false, "unknown program kind");
  }
}
