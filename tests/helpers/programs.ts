// Small builders for list programs, so a timing test reads like the scenario it describes.
import type { ListOp, ProgramSpec, Where } from "../../src/index.js";

export const at = (offset: number, region = "data"): Where => ({ region, offset });
export const line = (n: number, region = "data", lineBytes = 64): Where => ({ region, offset: n * lineBytes });

export const load = (w: Where, size: 1 | 2 | 4 | 8 = 8): ListOp => ({ op: "load", at: w, size });
export const loadIndependent = (w: Where): ListOp => ({ op: "load", at: w, size: 8, independent: true });
export const loadCheck = (w: Where, value: number, size: 1 | 2 | 4 | 8 = 8): ListOp => ({ op: "loadCheck", at: w, value, size });
export const store = (w: Where, value: number, size: 1 | 2 | 4 | 8 = 8): ListOp => ({ op: "store", at: w, value, size });
export const atomicAdd = (w: Where, value = 1): ListOp => ({ op: "atomicAdd", at: w, value, size: 8 });
export const compute = (cycles: number): ListOp => ({ op: "compute", value: cycles });
export const fence = (): ListOp => ({ op: "fence" });

export const list = (...ops: ListOp[]): ProgramSpec => ({ kind: "list", ops });
/** CPU `cpu` of `n` runs `p`; the others stay idle. */
export const only = (n: number, cpu: number, p: ProgramSpec): (ProgramSpec | null)[] => Array.from({ length: n }, (_, c) => (c === cpu ? p : null));
