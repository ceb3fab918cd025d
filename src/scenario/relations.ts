// The rules of a scenario file that tie one field to another, checked once every field is valid by
// itself. Only rules that need nothing but the file are here; those that need the machine profile (CPU
// numbers, a CPU free for the interrupt) are resolve.ts's.

import { formatPath } from "../config/errors.js";
import { NIC_DEFAULTS } from "../nic/config.js";
import { PATH_RULES, pathsWhere } from "./paths.js";
import { closest } from "../config/machine.js";
import { metricPathProblem } from "../results/metrics.js";
import type { AppsSpec, ExpectationSpec, ScenarioFile, VariantSpec, WorkloadSpec } from "./schema.js";

type Path = (string | number)[];
export type Bad = (path: Path, message: string) => void;

const U32 = 0xffffffff;

export function checkRelations(s: ScenarioFile, bad: Bad): void {
  checkWorkload(s.workload, bad);
  const flows = flowCount(s.workload.flows);
  if (s.apps) checkApps(s.apps, flows, ["apps"], bad);
  checkNames(s.variants, bad);
  s.variants.forEach((v, i) => checkVariant(v, ["variants", i], flows, bad));
  s.expect?.forEach((e, i) => checkExpectation(e, s.variants.map((v) => v.name), ["expect", i], bad));
}

/** An expectation names variants of the file and a numeric figure of the result, and gives exactly one
 *  of value and relativeTo. */
function checkExpectation(e: ExpectationSpec, names: string[], at: Path, bad: Bad): void {
  const checkName = (name: string, path: Path) => {
    if (names.includes(name)) return;
    const guess = closest(name, names);
    bad(path, `names no variant of this scenario: "${name}"${guess ? ` (did you mean "${guess}"?)` : ` (the variants are ${names.join(", ")})`}`);
  };
  checkName(e.variant, [...at, "variant"]);
  if (e.relativeTo) checkName(e.relativeTo.variant, [...at, "relativeTo", "variant"]);
  const problem = metricPathProblem(e.metric);
  if (problem) {
    const last = e.metric.split(".")[problem.at ? problem.at.split(".").length : 0];
    const guess = last === undefined ? undefined : closest(last, problem.known);
    const prefix = problem.at ? `${problem.at}.` : "";
    // without a likely typo, list the fields that hold figures (not name, path or warnings)
    const notFigure = (path: string) => /is not a number$/.test(metricPathProblem(path)?.message ?? "");
    const figures = problem.known.filter((k) => !notFigure(prefix + k) && !notFigure(`${prefix}${k}.0`));
    const hint = guess ? ` (did you mean "${prefix}${guess}"?)` : figures.length ? ` (the figures${problem.at ? ` of ${problem.at}` : ""} are ${figures.join(", ")})` : "";
    bad([...at, "metric"], `${problem.message}${hint}`);
  }
  if (e.value !== undefined && e.relativeTo !== undefined) bad([...at, "relativeTo"], "give value or relativeTo, not both");
  if (e.value === undefined && e.relativeTo === undefined)
    bad([...at, "value"], "is required (a number to compare with), unless relativeTo { variant, factor } compares with another variant's figure");
}

export const flowCount = (flows: WorkloadSpec["flows"]) => (typeof flows === "number" ? flows : flows.length);

function checkWorkload(w: WorkloadSpec, bad: Bad): void {
  if (w.packets !== undefined && w.durationUs !== undefined)
    bad(["workload", "durationUs"], "give packets or durationUs, not both (packets counts the measured packets; durationUs is simulated time)");
  if (w.packets === undefined && w.durationUs === undefined)
    bad(["workload", "packets"], "is required (a number of measured packets), unless durationUs gives the run's length in simulated time");
  if (w.packets !== undefined && (w.warmupPackets ?? 0) + w.packets > U32)
    bad(["workload", "packets"], `warmupPackets + packets must be at most ${U32}, the NIC's packet count (got ${(w.warmupPackets ?? 0) + w.packets})`);
  const size = w.packetBytes;
  if (typeof size === "object" && "uniform" in size && size.uniform[0] > size.uniform[1])
    bad(["workload", "packetBytes", "uniform"], `must be [min, max] with min ≤ max (got ${JSON.stringify(size.uniform)})`);
  if (Array.isArray(w.flows)) {
    // the NIC tells flows apart by their 4-tuple, so two equal tuples would be one flow with two readers
    const seen = new Map<string, number>();
    w.flows.forEach((f, i) => {
      const key = `${f.src} ${f.dst} ${f.sport} ${f.dport}`;
      const first = seen.get(key);
      if (first !== undefined) bad(["workload", "flows", i], `repeats the 4-tuple of workload.flows[${first}]: flows must be distinct`);
      else seen.set(key, i);
    });
  }
}

/** Every flow is read by exactly one app: a packet's data has one destination, and the result counts
 *  each delivered packet once. And each CPU runs at most one app: the model runs one application thread
 *  per CPU (src/paths/run-variant.ts refuses more), so one app reads all the flows of its CPU. */
function checkApps(apps: AppsSpec, flows: number, at: Path, bad: Bad): void {
  const onCpu = new Map<number, number>();
  apps.forEach((app, i) => {
    const other = onCpu.get(app.cpu);
    if (other !== undefined)
      bad([...at, i, "cpu"], `CPU ${app.cpu} already runs ${formatPath([...at, other])}: the model runs one app per CPU, so give that app all of the CPU's flows`);
    else onCpu.set(app.cpu, i);
  });
  const reader = new Map<number, number>();
  apps.forEach((app, i) =>
    app.flows.forEach((f, k) => {
      const here: Path = [...at, i, "flows", k];
      const other = reader.get(f);
      if (f >= flows) bad(here, `must be a flow index from 0 to ${flows - 1}: the workload has ${flows} flow${flows === 1 ? "" : "s"} (got ${f})`);
      else if (other === i) bad(here, `lists flow ${f} twice`);
      else if (other !== undefined) bad(here, `flow ${f} is already read by ${formatPath([...at, other])}: every flow belongs to exactly one app`);
      else reader.set(f, i);
    }),
  );
  const unread = Array.from({ length: flows }, (_, f) => f).filter((f) => !reader.has(f));
  if (unread.length > 0) {
    const shown = unread.length > 8 ? `${unread.slice(0, 8).join(", ")}, … (${unread.length} in all)` : unread.join(", ");
    bad(at, `flow${unread.length === 1 ? "" : "s"} ${shown} ${unread.length === 1 ? "is" : "are"} read by no app: every flow belongs to exactly one app`);
  }
}

function checkNames(variants: VariantSpec[], bad: Bad): void {
  const seen = new Map<string, number>();
  variants.forEach((v, i) => {
    const first = seen.get(v.name);
    // the result lists variants by name, and `--set`/charts address them by it
    if (first !== undefined) bad(["variants", i, "name"], `repeats variants[${first}].name "${v.name}": variant names must be unique`);
    else seen.set(v.name, i);
  });
}

/** The overrides a variant gives must be ones its path has. */
function checkVariant(v: VariantSpec, at: Path, flows: number, bad: Bad): void {
  const rule = PATH_RULES[v.path];
  if (rule.multiQueue && typeof v.irqCpu === "number")
    bad([...at, "irqCpu"], `${v.path} has several queues: give a list of CPUs, one per queue (got ${v.irqCpu})`);
  if (!rule.multiQueue && Array.isArray(v.irqCpu))
    bad([...at, "irqCpu"], `${v.path} has one queue: give one CPU number (got ${JSON.stringify(v.irqCpu)})`);
  if (!rule.multiQueue && v.queues !== undefined && v.queues !== 1)
    bad([...at, "queues"], `${v.path} has one queue; queues applies to ${pathsWhere((r) => r.multiQueue)} (got ${v.queues})`);
  if (rule.multiQueue && Array.isArray(v.irqCpu) && v.queues !== undefined && v.irqCpu.length !== v.queues)
    bad([...at, "irqCpu"], `must list one CPU per queue (queues is ${v.queues}; got ${v.irqCpu.length} CPU${v.irqCpu.length === 1 ? "" : "s"})`);
  if (v.channel !== undefined && !rule.channel)
    bad([...at, "channel"], `${v.path} has no channel; channel applies to ${pathsWhere((r) => r.channel)}`);
  if (v.rpsCpus !== undefined && !rule.rps)
    bad([...at, "rpsCpus"], `${v.path} does no software steering; rpsCpus applies to ${pathsWhere((r) => r.rps)}`);
  v.rpsCpus?.forEach((c, k) => {
    if (v.rpsCpus!.indexOf(c) !== k) bad([...at, "rpsCpus", k], `repeats CPU ${c}`);
  });
  // ethtool's rule (struct ethtool_coalesce): with both 0 no interrupt would ever fire
  if (v.nic && (v.nic.rxUsecs ?? NIC_DEFAULTS.rxUsecs) === 0 && (v.nic.rxFrames ?? NIC_DEFAULTS.rxFrames) === 0)
    bad([...at, "nic", "rxFrames"], "rxUsecs and rxFrames cannot both be 0: no interrupt would ever fire (for one interrupt per frame, set rxUsecs 0 and rxFrames 1)");
  if (v.apps) checkApps(v.apps, flows, [...at, "apps"], bad);
}
