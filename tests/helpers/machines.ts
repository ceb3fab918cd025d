// Profiles for tests: the shipped default, and small variants whose numbers make expected timings easy to
// work out by hand.
import type { MachineProfile } from "../../src/config/machine.js";
import { loadProfile } from "../../src/config/profiles.js";

export function defaultProfile(): MachineProfile {
  return loadProfile("modern-1s");
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
