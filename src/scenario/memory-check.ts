// Refuses, before anything runs, a machine whose memory map cannot fit one WebAssembly memory (4 GiB): the
// caches' tag arrays grow with the CPU count and the cache sizes, the rings with the NIC's settings. Without
// this check such a profile would pass `netchan validate` and fail every variant of `netchan run` (exit 1,
// with a result file written); with it, the file is refused at its JSON path and nothing runs (exit 2).
import { cacheArrayBytes } from "../../assembly/shared/sizes.js";
import { ConfigError, type ConfigIssue } from "../config/errors.js";
import type { MachineProfile } from "../config/machine.js";
import { planMemory } from "../layout/memory-map.js";
import { planRun } from "../machine/plan.js";
import { variantRun } from "../paths/run-variant.js";
import type { ResolvedScenario } from "./types.js";

const MiB = 2 ** 20;

/** The profile's largest cache level and the bytes of its tag arrays: what to shrink first. */
function largestCaches(m: MachineProfile): { path: string; bytes: number; what: string } {
  const levels = [
    { path: "l1d", bytes: m.cpus * cacheArrayBytes(m.l1d.sets * m.l1d.ways), what: `${m.cpus} CPUs × ${m.l1d.sets} sets × ${m.l1d.ways} ways` },
    { path: "l2", bytes: m.cpus * cacheArrayBytes(m.l2.sets * m.l2.ways), what: `${m.cpus} CPUs × ${m.l2.sets} sets × ${m.l2.ways} ways` },
    { path: "llc", bytes: m.llc.banks * cacheArrayBytes(m.llc.setsPerBank * m.llc.ways), what: `${m.llc.banks} banks × ${m.llc.setsPerBank} sets × ${m.llc.ways} ways` },
  ];
  return levels.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}

function tooBig(e: unknown): string | null {
  if (e instanceof ConfigError && e.issues.length === 1 && e.issues[0].path === "memory") return e.issues[0].message;
  throw e;
}

function withCulprit(message: string, m: MachineProfile): string {
  const big = largestCaches(m);
  return `${message}; the largest part is ${big.path}'s tag arrays (${big.what}): ${Math.round(big.bytes / MiB)} MiB`;
}

/** A profile by itself (`netchan validate profile.json`): its caches and the run's fixed structures must fit. */
export function checkProfileMemory(m: MachineProfile, file: string): void {
  try {
    planMemory(m, []);
  } catch (e) {
    const message = tooBig(e)!;
    throw new ConfigError(file, [{ path: largestCaches(m).path, message: withCulprit(message, m) }]);
  }
}

/** Every variant of a resolved scenario must fit; refused at `machine` when none does (the profile is too
 *  big), else at the `nic` of each variant that does not (its rings and buffers make the difference). */
export function checkScenarioMemory(s: ResolvedScenario, file: string): void {
  const refused = s.variants.flatMap((v, i) => {
    try {
      planRun(variantRun(s, v), s.machine);
      return [];
    } catch (e) {
      return [{ i, v, message: tooBig(e)! }];
    }
  });
  if (refused.length === 0) return;
  if (refused.length === s.variants.length)
    throw new ConfigError(file, [{ path: "machine", message: `profile ${s.machineName}: ${withCulprit(refused[0].message, s.machine)}` }]);
  throw new ConfigError(file, refused.map(({ i, v, message }): ConfigIssue => {
    const rings = v.queues * v.nic.ringEntries * v.nic.bufferBytes;
    const need = message.replace(/: shrink the caches, the CPU count or the regions$/, "");
    return {
      path: `variants[${i}].nic`,
      message: `variant "${v.name}": ${need}; its receive buffers take ${Math.round(rings / MiB)} MiB (${v.queues} queues × ${v.nic.ringEntries} descriptors × ${v.nic.bufferBytes} bytes): fewer or smaller buffers fit`,
    };
  }));
}
