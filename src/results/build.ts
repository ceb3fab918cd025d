// From what each variant's run counted (VariantRaw: raw totals over the measured interval) to the result
// a reader compares (`netchan-result/1`, schema.ts; docs/results.md lists every figure and its formula).
//
// Two rules shape this file. First, everything but `host` is a pure function of the inputs: objects are
// built with their keys in one fixed order, and maps keyed by names (steps, structures, drop reasons) are
// ordered by value or by name, never by the order a runner happened to insert them — so two runs of one
// scenario and seed give byte-identical JSON once `host` is removed, whichever scheduler ran them. Second,
// a per-packet figure divides by the packets *delivered*, and with none delivered it is null, not NaN.

import type { ResolvedScenario, VariantRaw } from "../scenario/types.js";
import { evaluateExpectations } from "./expectations.js";
import { RESULT_SCHEMA, type HostEnvironment, type NetchanResult, type VariantFailure, type VariantResult } from "./schema.js";

/** A variant whose run threw: it has no figures, only the error's message. */
export interface VariantError {
  variant: string;
  message: string;
}

/** The result of a scenario's run: `raws` in the scenario's variant order, `errors` for variants that threw. */
export function buildResult(scenario: ResolvedScenario, raws: VariantRaw[], host: HostEnvironment, errors: VariantError[] = []): NetchanResult {
  // the warnings are the scenario's (resolve.ts), not the run's: a run cannot change what was configured
  const warningsOf = (name: string) => scenario.variants.find((v) => v.name === name)?.warnings ?? [];
  const variants = raws.map((raw) => variantResult(raw, warningsOf(raw.name)));
  const failed = failures(scenario, variants, errors);
  return {
    schema: RESULT_SCHEMA,
    scenario: { name: scenario.name, file: scenario.file, description: scenario.description ?? null },
    // a JSON copy: the result holds what the run used, detached from the caller's objects
    config: JSON.parse(JSON.stringify(scenario)) as NetchanResult["config"],
    variants,
    failures: failed,
    expectations: evaluateExpectations(scenario.expectations ?? [], variants, failed),
    host: {
      wallSeconds: host.wallSeconds,
      node: host.node,
      platform: host.platform,
      cpus: host.cpus,
      scheduler: host.scheduler,
      workers: host.workers,
      variants: raws.map((r) => ({ name: r.name, events: r.work.events, windows: r.work.windows, runSeconds: r.work.runSeconds, workers: r.work.workers })),
    },
  };
}

/** One variant's figures, with its resolved variant's `warnings` (copied, in their order). Rounding (per-packet
 *  2 decimals, latency 0.1 ns, utilisation 4 decimals, throughput 2 decimals) keeps the JSON readable and free
 *  of float noise; every figure is rounded from exact totals. */
export function variantResult(raw: VariantRaw, warnings: readonly string[] = []): VariantResult {
  const d = raw.packets.delivered;
  const per = (n: number) => round(n / d, 2);
  const delivered = d > 0;
  const measured = raw.measuredCycles > 0;
  return {
    name: raw.name,
    path: raw.path,
    warnings: [...warnings],
    measuredCycles: raw.measuredCycles,
    packets: { offered: raw.packets.offered, delivered: d, dropped: byName(raw.packets.dropped) },
    cyclesPerPacket: delivered ? cyclesPerPacket(raw, d) : null,
    bouncesPerPacket: delivered ? perStructure(raw.structures, "bounces", d) : null,
    dmaInvalidationsPerPacket: delivered ? per(structureTotal(raw.structures, "dmaInvalidations")) : null,
    llcMissesPerPacket: delivered ? perStructure(raw.structures, "llcMisses", d) : null,
    dramPerPacket: delivered ? { reads: per(structureTotal(raw.structures, "dramReads")), writes: per(structureTotal(raw.structures, "dramWrites")) } : null,
    llcWritesPerPacket: delivered ? per(structureTotal(raw.structures, "llcWrites")) : null,
    interruptsPerPacket: delivered ? { nic: per(raw.interrupts.nic), ipi: per(raw.interrupts.ipi) } : null,
    latencyNs: delivered ? latencyNs(raw) : null,
    throughputPps: measured ? round(d / (raw.measuredCycles / (raw.clockGHz * 1e9)), 2) : null,
    cpuUtilization: measured ? raw.cpus.map((c) => round(c.busyCycles / raw.measuredCycles, 4)) : null,
    integrity: integrity(raw),
  };
}

/** Step cycles only: a CPU's idle time is not a cost of the packets, so it is not in any figure here. */
function cyclesPerPacket(raw: VariantRaw, delivered: number): NonNullable<VariantResult["cyclesPerPacket"]> {
  const byStep: Record<string, number> = {};
  for (const cpu of raw.steps) for (const [step, s] of Object.entries(cpu)) byStep[step] = (byStep[step] ?? 0) + s.cycles;
  const byCpu = raw.steps.map((cpu) => sum(Object.values(cpu).map((s) => s.cycles)));
  return { total: round(sum(byCpu) / delivered, 2), byStep: perPacketMap(byStep, delivered), byCpu: byCpu.map((c) => round(c / delivered, 2)) };
}

type Structures = VariantRaw["structures"];

function structureTotal(structures: Structures, stat: string): number {
  return sum(Object.values(structures).map((s) => s[stat] ?? 0));
}

function perStructure(structures: Structures, stat: string, delivered: number): { total: number; byStructure: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const [name, s] of Object.entries(structures)) counts[name] = s[stat] ?? 0;
  return { total: round(structureTotal(structures, stat) / delivered, 2), byStructure: perPacketMap(counts, delivered) };
}

/** Totals → per-packet figures, largest first (ties by name), leaving out names whose total is 0: a reader
 *  looks for where the cost goes, and a structure a path never touches would only be noise. */
function perPacketMap(totals: Record<string, number>, delivered: number): Record<string, number> {
  const out: Record<string, number> = {};
  const entries = Object.entries(totals).filter(([, n]) => n !== 0);
  entries.sort(([a, x], [b, y]) => y - x || compareNames(a, b));
  for (const [name, n] of entries) out[name] = round(n / delivered, 2);
  return out;
}

function latencyNs(raw: VariantRaw): { p50: number; p99: number; max: number } {
  const ns = (cycles: number) => round(cycles / raw.clockGHz, 1);
  return { p50: ns(raw.latencyCycles.p50), p99: ns(raw.latencyCycles.p99), max: ns(raw.latencyCycles.max) };
}

function integrity(raw: VariantRaw): VariantResult["integrity"] {
  const { offered, delivered, dropped, payloadErrors, orderErrors } = raw.packets;
  const conserved = offered === delivered + sum(Object.values(dropped));
  return { payloadErrors, orderErrors, conserved, ok: conserved && payloadErrors === 0 && orderErrors === 0 };
}

/** What is wrong with a variant whose integrity check failed, in words. */
export function integrityMessage(v: VariantResult): string {
  const { offered, delivered, dropped } = v.packets;
  const problems: string[] = [];
  if (v.integrity.payloadErrors > 0) problems.push(plural(v.integrity.payloadErrors, "payload error"));
  if (v.integrity.orderErrors > 0) problems.push(plural(v.integrity.orderErrors, "order error"));
  if (!v.integrity.conserved) {
    const lost = sum(Object.values(dropped));
    problems.push(`packets not conserved: offered ${offered} ≠ delivered ${delivered} + dropped ${lost}`);
  }
  return problems.join("; ");
}

/** Errors and integrity failures, in the scenario's variant order (errors first for one variant). */
function failures(scenario: ResolvedScenario, variants: VariantResult[], errors: VariantError[]): VariantFailure[] {
  const list: VariantFailure[] = [
    ...errors.map((e) => ({ variant: e.variant, kind: "error" as const, message: e.message })),
    ...variants.filter((v) => !v.integrity.ok).map((v) => ({ variant: v.name, kind: "integrity" as const, message: integrityMessage(v) })),
  ];
  const names = scenario.variants.map((v) => v.name);
  // a name the scenario does not list sorts last (stable sort keeps the rest as listed)
  const at = (name: string) => (names.includes(name) ? names.indexOf(name) : names.length);
  return list.sort((a, b) => at(a.variant) - at(b.variant));
}

/** A copy of `counts` with its keys in name order. */
function byName(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(counts).sort(compareNames)) out[key] = counts[key];
  return out;
}

/** Code-unit order, not localeCompare: the same on every host whatever its locale. */
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Rounds half away from zero to `decimals` places (figures are never negative). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
