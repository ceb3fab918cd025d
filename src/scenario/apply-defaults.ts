// A parsed scenario file and its machine profile → the ResolvedScenario a run reads: every default
// filled, every unit in cycles, and every rule that needs the machine checked. Pure (no file system), so
// the dashboard can resolve a dropped file against a profile it holds; resolve.ts lists the defaults.

import { ConfigError, formatPath, type ConfigIssue } from "../config/errors.js";
import type { MachineProfile } from "../config/machine.js";
import type { Bad } from "./relations.js";
import type { ExpectationSpec, ScenarioFile } from "./schema.js";
import type { Expectation, ResolvedScenario } from "./types.js";
import { checkAppCpus, defaultApps, resolveVariant } from "./variants.js";
import { largestFrame, resolveWorkload, type WorkloadOverrides } from "./workload.js";

/** Throws a ConfigError naming `file` with every problem found, not only the first. */
export function applyDefaults(s: ScenarioFile, machine: MachineProfile, file: string, overrides: WorkloadOverrides = {}): ResolvedScenario {
  const issues: ConfigIssue[] = [];
  const bad: Bad = (path, message) => issues.push({ path: formatPath(path), message });
  const workload = resolveWorkload(s.workload, machine.clockGHz, overrides, bad);
  if (s.apps) checkAppCpus(s.apps, machine, ["apps"], bad);
  const context = {
    machine,
    apps: s.apps ?? defaultApps(machine.cpus, workload.flows.length),
    netfilter: s.netfilter ?? null,
    largestFrame: largestFrame(workload.packetSize),
  };
  const variants = s.variants.map((v, i) => resolveVariant(v, i, context, bad));
  if (issues.length > 0) throw new ConfigError(file, issues);
  return {
    file,
    name: s.name,
    ...(s.description !== undefined && { description: s.description }),
    machineName: machine.name,
    machine,
    workload,
    variants,
    expectations: (s.expect ?? []).map(expectation),
  };
}

/** A file's expectation in the resolved form: exactly one of value and relativeTo (relations.ts checked). */
function expectation(e: ExpectationSpec): Expectation {
  const base = { variant: e.variant, metric: e.metric, op: e.op };
  return e.relativeTo ? { ...base, relativeTo: { ...e.relativeTo } } : { ...base, value: e.value ?? 0 };
}
