// Writes a kernel program's scripts (assembly/cpu/kernel/script.ts) into the program area:
//   script: nSteps u32 | offsets u32[nSteps] | steps…
//   step:   stepId u32 | nOps u32 | next u32 (0xffffffff = done) | flags u32 | ops nOps × 16 B
import { OP_BYTES } from "../../assembly/shared/header.js";
import { Step } from "../../assembly/shared/steps.js";
import type { KernelProgram, ScriptStep, Where } from "./spec.js";
import { encodeOps } from "./encode-ops.js";

const RAISE_SOFTIRQ = 1, WAKE_TASK = 2, SLEEP = 4;
const DONE = 0xffffffff;

export function writeKernelProgram(exports: any, memory: WebAssembly.Memory, cpu: number, p: KernelProgram, addr: (w: Where) => number, alloc: (n: number) => number): void {
  const script = (steps: ScriptStep[] | undefined) => (steps && steps.length ? writeScript(memory, steps, addr, alloc) : 0);
  exports.programKernel(cpu, script(p.task), script(p.softirq), script(p.hardirq), p.costs.irqEntry, p.costs.irqExit, p.costs.softirqEntry);
}

function writeScript(memory: WebAssembly.Memory, steps: ScriptStep[], addr: (w: Where) => number, alloc: (n: number) => number): number {
  const header = 4 + 4 * steps.length;
  const sizes = steps.map((s) => 16 + s.ops.length * OP_BYTES);
  const base = alloc(header + sizes.reduce((a, b) => a + b, 0));
  const dv = new DataView(memory.buffer);
  dv.setUint32(base, steps.length, true);
  let offset = header;
  steps.forEach((s, i) => {
    dv.setUint32(base + 4 + 4 * i, offset, true);
    const rec = base + offset;
    dv.setUint32(rec, Step.script0 + s.step, true);
    dv.setUint32(rec + 4, s.ops.length, true);
    dv.setUint32(rec + 8, s.next === "done" ? DONE : s.next, true);
    dv.setUint32(rec + 12, (s.raiseSoftirq ? RAISE_SOFTIRQ : 0) | (s.wakeTask ? WAKE_TASK : 0) | (s.sleep ? SLEEP : 0), true);
    encodeOps(memory, rec + 16, s.ops, addr);
    offset += sizes[i];
  });
  return base;
}
