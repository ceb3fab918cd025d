// Runs built from seeds: the random coherence tester, and random access programs for scheduler equivalence.
import type { MachineRun, ProgramSpec, ListOp } from "../../src/index.js";
import type { MachineProfile } from "../../src/config/machine.js";

/** gem5-Ruby-style tester: `cpus` CPUs, check groups spanning lines in one region, `accesses` per CPU. */
export function testerRun(machine: MachineProfile, accesses: number, seed = 1, fault?: MachineRun["fault"]): MachineRun {
  return {
    machine,
    regions: [{ name: "tester", bytes: 64 * 1024 }],
    tester: { region: "tester", groups: 48, minBytes: 4, maxBytes: 160, seed },
    programs: Array.from({ length: machine.cpus }, (_, c) => ({ kind: "tester", seed: seed * 1000 + c, accesses, writerPermille: 300 })),
    fault,
  };
}

/** xorshift32, so the programs are a pure function of the seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

/** Random list programs over a small shared region and private regions: loads, stores, atomics, CASes,
 *  independent runs, computes and fences, plus random DMA writes and reads. */
export function randomRun(machine: MachineProfile, opsPerCpu: number, seed: number): MachineRun {
  const r = rng(seed);
  const regions = [{ name: "shared", bytes: 4096 }, ...Array.from({ length: machine.cpus }, (_, c) => ({ name: `p${c}`, bytes: 16384 }))];
  const programs: ProgramSpec[] = Array.from({ length: machine.cpus }, (_, c) => {
    const ops: ListOp[] = [];
    for (let i = 0; i < opsPerCpu; i++) {
      const region = r(3) === 0 ? `p${c}` : "shared";
      const bytes = region === "shared" ? 4096 : 16384;
      const offset = r(bytes / 8) * 8;
      const k = r(100);
      const w = { region, offset };
      if (k < 40) ops.push({ op: "load", at: w, size: 8, independent: r(4) === 0 });
      else if (k < 70) ops.push({ op: "store", at: w, size: 8, value: r(1 << 30) });
      else if (k < 78) ops.push({ op: "atomicAdd", at: w, size: 8, value: 1 + r(5) });
      else if (k < 82) ops.push({ op: "cas", at: { region, offset: offset & ~7 }, size: 4, expect: r(3), value: r(1000) });
      else if (k < 92) ops.push({ op: "compute", value: r(200) });
      else ops.push({ op: "fence" });
    }
    return { kind: "list", ops };
  });
  const device = Array.from({ length: 20 }, (_, i) => ({
    time: i * 500 + r(400),
    kind: r(2) === 0 ? ("write" as const) : ("read" as const),
    at: { region: "shared", offset: r(4096 / machine.lineBytes - 4) * machine.lineBytes },
    lines: 1 + r(4),
    bytes: [r(256), r(256)],
  }));
  return { machine, regions, programs, device };
}
