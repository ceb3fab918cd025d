// The headline figures of each variant — one row per variant of the scenario, those that threw included —
// which the command line's comparison table and its CSV both print, so the two cannot disagree.

import type { NetchanResult, VariantResult } from "./schema.js";

export type RowStatus = "ok" | "integrity" | "error";

export interface HeadlineRow {
  name: string;
  path: string;
  /** ok; integrity: the run ended but its packets do not add up; error: the run threw (no figures). */
  status: RowStatus;
  /** What went wrong, when status is not ok. */
  problem: string | null;
  /** What the reader must know about the variant's configuration (the resolved variant's warnings). */
  warnings: string[];
  offered: number | null;
  delivered: number | null;
  dropped: number | null;
  cyclesPerPacket: number | null;
  bouncesPerPacket: number | null;
  dmaInvalidationsPerPacket: number | null;
  llcMissesPerPacket: number | null;
  latencyP50Ns: number | null;
  latencyP99Ns: number | null;
  latencyMaxNs: number | null;
  throughputPps: number | null;
  /** The highest utilisation of any CPU: the one that limits the path. */
  busiestCpuUtilization: number | null;
}

/** One row per variant, in the scenario's order. */
export function headlineRows(result: NetchanResult): HeadlineRow[] {
  const paths = configuredPaths(result);
  const names = [...paths.keys()];
  // a variant that threw has no entry in `variants`, but its configuration's warnings still hold
  const configured = new Map(result.config.variants.map((v) => [v.name, v.warnings ?? []]));
  for (const n of [...result.variants.map((v) => v.name), ...result.failures.map((f) => f.variant)]) if (!names.includes(n)) names.push(n);
  const rows: HeadlineRow[] = [];
  for (const name of names) {
    const v = result.variants.find((x) => x.name === name);
    const failure = result.failures.find((f) => f.variant === name);
    if (v) rows.push(variantRow(v, failure?.message ?? null));
    else if (failure) rows.push({ ...EMPTY, name, path: paths.get(name) ?? "", status: "error", problem: failure.message, warnings: [...(configured.get(name) ?? [])] });
  }
  return rows;
}

function variantRow(v: VariantResult, problem: string | null): HeadlineRow {
  return {
    name: v.name,
    path: v.path,
    status: v.integrity.ok ? "ok" : "integrity",
    problem,
    warnings: [...v.warnings],
    offered: v.packets.offered,
    delivered: v.packets.delivered,
    dropped: Object.values(v.packets.dropped).reduce((a, b) => a + b, 0),
    cyclesPerPacket: v.cyclesPerPacket?.total ?? null,
    bouncesPerPacket: v.bouncesPerPacket?.total ?? null,
    dmaInvalidationsPerPacket: v.dmaInvalidationsPerPacket,
    llcMissesPerPacket: v.llcMissesPerPacket?.total ?? null,
    latencyP50Ns: v.latencyNs?.p50 ?? null,
    latencyP99Ns: v.latencyNs?.p99 ?? null,
    latencyMaxNs: v.latencyNs?.max ?? null,
    throughputPps: v.throughputPps,
    busiestCpuUtilization: v.cpuUtilization && v.cpuUtilization.length > 0 ? Math.max(...v.cpuUtilization) : null,
  };
}

const EMPTY: Omit<HeadlineRow, "name" | "path" | "status" | "problem" | "warnings"> = {
  offered: null, delivered: null, dropped: null, cyclesPerPacket: null, bouncesPerPacket: null, dmaInvalidationsPerPacket: null,
  llcMissesPerPacket: null, latencyP50Ns: null, latencyP99Ns: null, latencyMaxNs: null, throughputPps: null, busiestCpuUtilization: null,
};

/** Variant name → path, as the scenario listed them (the result's copy of the resolved scenario). */
function configuredPaths(result: NetchanResult): Map<string, string> {
  return new Map(result.config.variants.map((v) => [v.name, v.path]));
}
