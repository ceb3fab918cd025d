// Checks a MachineRun beyond the profile: regions, programs, DMA ops and initial bytes must name existing
// regions and stay inside them, with aligned, valid sizes. Every refusal names the JSON path, what is
// allowed and what was given. Nothing here may be left to the module: an address outside its region
// would silently read or write another structure of the shared memory.

import { ConfigError, type ConfigIssue } from "../config/errors.js";
import { DEFAULT_CAPACITIES } from "../layout/memory-map.js";
import type { DmaOp, ListOp, MachineRun, ScriptStep, Where } from "./spec.js";
import { validateNic } from "../nic/validate.js";
import { nicRegions } from "../nic/layout.js";
import { NIC_DEFAULTS } from "../nic/config.js";

/** Ops one kernel step may queue (assembly/cpu/kernel/state.ts QUEUE_OPS). */
const QUEUE_OPS = 48;

const SIZES = [1, 2, 4, 8];
const OPS = ["load", "store", "atomicAdd", "cas", "compute", "fence", "loadCheck", "mmio", "ipi"];
const DMA_KINDS = ["write", "read", "irq", "writePart", "writeRun"];
const MAX_VECTOR = 31;
/** Region ids are a byte in the region table, 0 being "other" and 255 reserved. */
const MAX_REGIONS = 254;

type Bad = (path: string, message: string) => void;
/** Checks that `span` bytes at `w` lie in a known region and start on a multiple of `align` (`unit` says why). */
type WhereCheck = (path: string, w: Where | undefined, span: number, align: number, unit: string) => void;

export function validateRun(run: MachineRun, file = "run"): void {
  const issues: ConfigIssue[] = [];
  const bad: Bad = (path, message) => issues.push({ path, message });
  const regions = checkRegions(run, bad);
  checkNic(run, regions, bad);
  const where = whereCheck(regions, bad);
  checkPrograms(run, regions, where, bad);
  checkDevice(run, where, bad);
  (run.fill ?? []).forEach((f, i) => where(`fill[${i}].at`, f.at, Math.max(1, f.bytes?.length ?? 0), 1, "any byte"));
  if (run.tester && !regions.has(run.tester.region)) bad("tester.region", unknownRegion(run.tester.region, regions));
  if (issues.length) throw new ConfigError(file, issues);
}

/** The NIC, if any, instead of the DMA test device; its rings' regions join the run's, so programs may
 *  name them (a driver script loading descriptors). */
function checkNic(run: MachineRun, regions: Map<string, number>, bad: Bad): void {
  if (run.nic === undefined) return;
  if (run.device !== undefined)
    bad("nic", "cannot be combined with `device`: the device logical process is either the DMA test device or the NIC");
  if (!validateNic(run.nic, run.machine, run.regions, bad)) return;
  const added = nicRegions(run.nic.queues, run.nic.ringEntries ?? NIC_DEFAULTS.ringEntries, run.nic.bufferBytes ?? NIC_DEFAULTS.bufferBytes);
  for (const r of added) regions.set(r.name, r.bytes);
  if (run.regions.length + added.length > MAX_REGIONS)
    bad("regions", `at most ${MAX_REGIONS} regions including the NIC's ${added.length} ring regions (got ${run.regions.length + added.length})`);
}

/** The regions by name → size in bytes. */
function checkRegions(run: MachineRun, bad: Bad): Map<string, number> {
  const regions = new Map<string, number>();
  run.regions.forEach((r, i) => {
    if (!r.name) bad(`regions[${i}].name`, "must be a non-empty string");
    if (regions.has(r.name)) bad(`regions[${i}].name`, `duplicate region "${r.name}"`);
    if (!Number.isInteger(r.bytes) || r.bytes < 1) bad(`regions[${i}].bytes`, `must be a positive integer (got ${r.bytes})`);
    regions.set(r.name, r.bytes);
  });
  if (run.regions.length > MAX_REGIONS) bad("regions", `at most ${MAX_REGIONS} regions (got ${run.regions.length})`);
  return regions;
}

function unknownRegion(name: string, regions: Map<string, number>): string {
  return `unknown region ${JSON.stringify(name)} (known: ${[...regions.keys()].join(", ") || "none"})`;
}

function whereCheck(regions: Map<string, number>, bad: Bad): WhereCheck {
  return (path, w, span, align, unit) => {
    if (!w) return bad(path, "is required ({ region, offset })");
    const bytes = regions.get(w.region);
    if (bytes === undefined) return bad(`${path}.region`, unknownRegion(w.region, regions));
    const last = bytes - span;
    if (last < 0) return bad(path, `needs ${span} bytes but region "${w.region}" has ${bytes}`);
    if (!Number.isInteger(w.offset) || w.offset < 0 || w.offset > last)
      bad(`${path}.offset`, `must be an integer in [0, ${last}] so that ${span} byte(s) fit in region "${w.region}" (got ${w.offset})`);
    else if (w.offset % align !== 0) bad(`${path}.offset`, `must be a multiple of ${align}, ${unit} (got ${w.offset})`);
  };
}

function checkOps(ops: ListOp[], path: string, cpus: number, where: WhereCheck, bad: Bad): void {
  ops.forEach((o, i) => {
    const at = `${path}[${i}]`;
    if (!OPS.includes(o.op)) return bad(`${at}.op`, `must be one of ${OPS.join(", ")} (got ${JSON.stringify(o.op)})`);
    const size = o.size ?? 8;
    if (!SIZES.includes(size)) return bad(`${at}.size`, `must be one of ${SIZES.join(", ")} (got ${size})`);
    // an independent load's value is never bound for the program, so there would be nothing to check
    if (o.independent && o.op !== "load") return bad(`${at}.independent`, `only loads may be independent (got op "${o.op}")`);
    if (o.op === "ipi") {
      if (!Number.isInteger(o.cpu) || o.cpu! < 0 || o.cpu! >= cpus) bad(`${at}.cpu`, `must be a CPU number in [0, ${cpus - 1}] (got ${o.cpu})`);
      if (!Number.isInteger(o.vector) || o.vector! < 0 || o.vector! > MAX_VECTOR) bad(`${at}.vector`, `must be an integer in [0, ${MAX_VECTOR}] (got ${o.vector})`);
      return;
    }
    if (o.op === "mmio") {
      if (!Number.isInteger(o.reg) || o.reg! < 0 || o.reg! > 0xffff) bad(`${at}.reg`, `must be a register number in [0, 65535] (got ${o.reg})`);
      if (!Number.isInteger(o.queue) || o.queue! < 0 || o.queue! > 0xffff) bad(`${at}.queue`, `must be a queue number in [0, 65535] (got ${o.queue})`);
      return;
    }
    if (o.op !== "compute" && o.op !== "fence") where(`${at}.at`, o.at, size, size, "the access size");
  });
}

/** A kernel script: step ids 0–7, `next` a step index or "done", ops that fit one step's queue. */
function checkScript(steps: ScriptStep[], path: string, cpus: number, where: WhereCheck, bad: Bad): void {
  steps.forEach((st, i) => {
    const at = `${path}[${i}]`;
    if (!Number.isInteger(st.step) || st.step < 0 || st.step > 7) bad(`${at}.step`, `must be a script step id in [0, 7] (got ${st.step})`);
    if (st.next !== "done" && !(Number.isInteger(st.next) && st.next >= 0 && st.next < steps.length))
      bad(`${at}.next`, `must be "done" or a step index in [0, ${steps.length - 1}] (got ${JSON.stringify(st.next)})`);
    if (st.ops.length > QUEUE_OPS) bad(`${at}.ops`, `at most ${QUEUE_OPS} ops per step (got ${st.ops.length})`);
    if (st.ops.some((o) => o.op === "cas")) bad(`${at}.ops`, "a kernel step cannot queue a CAS (use atomicAdd)");
    checkOps(st.ops, `${at}.ops`, cpus, where, bad);
  });
}

function checkPrograms(run: MachineRun, regions: Map<string, number>, where: WhereCheck, bad: Bad): void {
  if (run.programs.length !== run.machine.cpus) bad("programs", `needs one entry per CPU (${run.machine.cpus}), got ${run.programs.length}`);
  run.programs.forEach((p, c) => {
    if (!p) return;
    if (p.kind === "list") checkOps(p.ops, `programs[${c}].ops`, run.machine.cpus, where, bad);
    else if (p.kind === "kernel") {
      for (const ctx of ["task", "softirq", "hardirq"] as const) {
        const steps = p[ctx];
        if (steps) checkScript(steps, `programs[${c}].${ctx}`, run.machine.cpus, where, bad);
      }
    } else if (p.kind === "mix") {
      const bytes = regions.get(p.private.region);
      if (bytes === undefined) bad(`programs[${c}].private.region`, unknownRegion(p.private.region, regions));
      else if (p.private.hotBytes < 8 || p.private.hotBytes > bytes) bad(`programs[${c}].private.hotBytes`, `must be in [8, ${bytes}] (got ${p.private.hotBytes})`);
      if (p.shared && !regions.has(p.shared.region)) bad(`programs[${c}].shared.region`, unknownRegion(p.shared.region, regions));
    } else if (p.kind === "kernelCounter") {
      where(`programs[${c}].at`, p.at, 8, 8, "8 (a u64)");
      if (!Number.isInteger(p.iterations) || p.iterations < 0) bad(`programs[${c}].iterations`, `must be a non-negative integer (got ${p.iterations})`);
    } else if (p.kind === "tester" && !run.tester) bad(`programs[${c}]`, "a tester program needs the run's `tester` layout");
  });
}

/** A DMA op covers `lines` whole lines, so the whole span must fit its region, from a line boundary. */
function checkDevice(run: MachineRun, where: WhereCheck, bad: Bad): void {
  const ops = run.device ?? [];
  const line = run.machine.lineBytes;
  if (ops.length > DEFAULT_CAPACITIES.deviceOps) bad("device", `at most ${DEFAULT_CAPACITIES.deviceOps} DMA ops (got ${ops.length})`);
  ops.forEach((o, i) => {
    if (!Number.isInteger(o.time) || o.time < 0) bad(`device[${i}].time`, `must be a non-negative integer (got ${o.time})`);
    if (o.kind === "irq") return checkIrq(run, o, i, bad);
    if (o.kind === "writePart") return checkPartialWrite(run, o, i, where, bad);
    const lines = o.lines ?? 0;
    const maxLines = o.kind === "writeRun" ? 32 : 65535; // a run carries at most RUN_MAX_LINES
    const linesOk = Number.isInteger(lines) && lines >= 1 && lines <= maxLines;
    if (!linesOk) bad(`device[${i}].lines`, `must be an integer in [1, ${maxLines}] (got ${o.lines})`);
    if (!DMA_KINDS.includes(o.kind)) bad(`device[${i}].kind`, `must be one of ${DMA_KINDS.join(", ")} (got ${JSON.stringify(o.kind)})`);
    where(`device[${i}].at`, o.at, (linesOk ? lines : 1) * line, line, `the line size (lineBytes)`);
  });
}

/** A partial write stays inside one line (a descriptor in a line of descriptors). */
function checkPartialWrite(run: MachineRun, o: DmaOp, i: number, where: WhereCheck, bad: Bad): void {
  const line = run.machine.lineBytes;
  const length = o.length ?? 0;
  if (!Number.isInteger(length) || length < 1 || length > line) return bad(`device[${i}].length`, `must be an integer in [1, ${line}] (got ${o.length})`);
  where(`device[${i}].at`, o.at, length, 1, "1 byte");
  if (o.at && Number.isInteger(o.at.offset) && (o.at.offset % line) + length > line)
    bad(`device[${i}].length`, `must keep the write inside one ${line}-byte line: offset ${o.at.offset} + ${length} crosses a line boundary`);
}

/** An interrupt names a CPU of the machine and a vector the kernel's pending mask can hold. */
function checkIrq(run: MachineRun, o: DmaOp, i: number, bad: Bad): void {
  const cpus = run.machine.cpus;
  if (!Number.isInteger(o.cpu) || o.cpu! < 0 || o.cpu! >= cpus) bad(`device[${i}].cpu`, `must be a CPU number in [0, ${cpus - 1}] (got ${o.cpu})`);
  if (!Number.isInteger(o.vector) || o.vector! < 0 || o.vector! > MAX_VECTOR) bad(`device[${i}].vector`, `must be an integer in [0, ${MAX_VECTOR}] (got ${o.vector})`);
}
