// Named regions of simulated physical memory (the data structures: "ring producer index", "socket lock",
// …). Regions are page-aligned; a byte per page maps an address to its region id, so attributing a bounce
// or a miss to a data structure is one load.

import { REGION_TABLE, PHYS_BASE } from "../sim/layout";
import { PAGE_BYTES } from "../shared/header";

const PAGE_SHIFT: u32 = 12;

@inline export function regionOfLine(line: u32, lineShift: u32): u32 {
  const addr = <usize>line << lineShift;
  return load<u8>(REGION_TABLE + ((addr - PHYS_BASE) >> PAGE_SHIFT));
}

// PAGE_BYTES must match PAGE_SHIFT.
assert(PAGE_BYTES == 1 << PAGE_SHIFT);
