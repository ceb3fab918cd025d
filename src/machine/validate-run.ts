// Checks a MachineRun beyond the profile: regions, programs and DMA ops must name existing regions and
// stay inside them, with aligned, valid sizes. Every refusal names the JSON path.

import { ConfigError, type ConfigIssue } from "../config/errors.js";
import type { MachineRun, Where } from "./spec.js";

const SIZES = [1, 2, 4, 8];

export function validateRun(run: MachineRun, file = "run"): void {
  const issues: ConfigIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ path, message });
  const regions = new Map<string, number>();
  run.regions.forEach((r, i) => {
    if (!r.name) bad(`regions[${i}].name`, "must be a non-empty string");
    if (regions.has(r.name)) bad(`regions[${i}].name`, `duplicate region "${r.name}"`);
    if (!Number.isInteger(r.bytes) || r.bytes < 1) bad(`regions[${i}].bytes`, `must be a positive integer (got ${r.bytes})`);
    regions.set(r.name, r.bytes);
  });
  if (run.regions.length > 254) bad("regions", `at most 254 regions (got ${run.regions.length})`);
  const where = (path: string, w: Where | undefined, size: number) => {
    if (!w) return bad(path, "is required");
    const bytes = regions.get(w.region);
    if (bytes === undefined) return bad(`${path}.region`, `unknown region "${w.region}" (known: ${[...regions.keys()].join(", ") || "none"})`);
    if (!Number.isInteger(w.offset) || w.offset < 0 || w.offset + size > bytes)
      bad(`${path}.offset`, `must be an integer in [0, ${bytes - size}] for region "${w.region}" (got ${w.offset})`);
    else if (w.offset % size !== 0) bad(`${path}.offset`, `must be aligned to the access size ${size} (got ${w.offset})`);
  };
  if (run.programs.length !== run.machine.cpus) bad("programs", `needs one entry per CPU (${run.machine.cpus}), got ${run.programs.length}`);
  run.programs.forEach((p, c) => {
    if (!p) return;
    if (p.kind === "list") {
      p.ops.forEach((o, i) => {
        const path = `programs[${c}].ops[${i}]`;
        const size = o.size ?? 8;
        if (!SIZES.includes(size)) bad(`${path}.size`, `must be one of 1, 2, 4, 8 (got ${size})`);
        if (o.op === "compute" || o.op === "fence") return;
        where(`${path}.at`, o.at, size);
      });
    } else if (p.kind === "mix") {
      const bytes = regions.get(p.private.region);
      if (bytes === undefined) bad(`programs[${c}].private.region`, `unknown region "${p.private.region}"`);
      else if (p.private.hotBytes < 8 || p.private.hotBytes > bytes) bad(`programs[${c}].private.hotBytes`, `must be in [8, ${bytes}]`);
      if (p.shared && !regions.has(p.shared.region)) bad(`programs[${c}].shared.region`, `unknown region "${p.shared.region}"`);
    } else if (p.kind === "tester" && !run.tester) bad(`programs[${c}]`, "a tester program needs the run's `tester` layout");
  });
  (run.device ?? []).forEach((o, i) => {
    where(`device[${i}].at`, o.at, 1);
    if (!Number.isInteger(o.lines) || o.lines < 1 || o.lines > 65535) bad(`device[${i}].lines`, `must be an integer in [1, 65535] (got ${o.lines})`);
    if (o.at && o.at.offset % run.machine.lineBytes !== 0) bad(`device[${i}].at.offset`, `must be line-aligned (${run.machine.lineBytes} bytes)`);
    if (!Number.isInteger(o.time) || o.time < 0) bad(`device[${i}].time`, `must be a non-negative integer (got ${o.time})`);
  });
  if (issues.length) throw new ConfigError(file, issues);
}
