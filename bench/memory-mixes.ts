// The memory benchmark's workloads, on 4 simulated CPUs of the default profile:
//  - privateMix: each CPU works in its own 256 KiB (fits L2), 90% of accesses in a 16 KiB hot set (fits
//    L1), 20% stores — the private-hit-heavy mix the 50 M accesses/s target is about;
//  - sharingMix: a ping-pong plus random sharing — 30% of accesses to 64 shared lines, 5% atomic adds,
//    20% stores — where every access can become a coherence transaction.
import type { MachineRun } from "../src/index.js";
import type { MachineProfile } from "../src/config/machine.js";

export function privateMix(machine: MachineProfile, accessesPerCpu: number): MachineRun {
  return {
    machine,
    regions: Array.from({ length: machine.cpus }, (_, c) => ({ name: `private${c}`, bytes: 256 * 1024 })),
    programs: Array.from({ length: machine.cpus }, (_, c) => ({
      kind: "mix" as const, seed: 17 + c, accesses: accessesPerCpu,
      private: { region: `private${c}`, hotBytes: 16 * 1024, hotPermille: 900 },
      storePermille: 200, atomicPermille: 0, computeCycles: 0,
    })),
  };
}

export function sharingMix(machine: MachineProfile, accessesPerCpu: number): MachineRun {
  return {
    machine,
    regions: [{ name: "shared", bytes: 64 * 64 }, ...Array.from({ length: machine.cpus }, (_, c) => ({ name: `private${c}`, bytes: 64 * 1024 }))],
    programs: Array.from({ length: machine.cpus }, (_, c) => ({
      kind: "mix" as const, seed: 31 + c, accesses: accessesPerCpu,
      private: { region: `private${c}`, hotBytes: 8 * 1024, hotPermille: 600 },
      shared: { region: "shared", permille: 300 },
      storePermille: 200, atomicPermille: 50, computeCycles: 2,
    })),
  };
}
