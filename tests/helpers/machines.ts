// Profiles for tests: the shipped default, and small variants whose numbers make expected timings easy to
// work out by hand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMachine, type MachineProfile } from "../../src/config/machine.js";

export const ROOT = join(import.meta.dirname, "..", "..");

export function defaultProfile(): MachineProfile {
  return parseMachine(JSON.parse(readFileSync(join(ROOT, "sim-config/profiles/modern-1s.json"), "utf8")), "modern-1s.json");
}

/** The default profile with tiny caches (forced evictions) and `cpus` CPUs. */
export function tinyProfile(cpus: number): MachineProfile {
  const m = defaultProfile();
  return {
    ...m,
    cpus,
    l1d: { sets: 4, ways: 2, hitCycles: 4 },
    l2: { sets: 8, ways: 2, hitCycles: 14 },
    llc: { ...m.llc, banks: 2, setsPerBank: 16, ways: 4 },
    ddio: { enabled: true, ways: 2 },
  };
}

export function withCpus(cpus: number, m: MachineProfile = defaultProfile()): MachineProfile {
  return { ...m, cpus };
}
