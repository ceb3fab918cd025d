// `netchan run`'s comparison table: one row per variant, the headline figures in units a person reads at a
// glance (µs, kpps, percent), aligned in columns — names left, figures right. The exact figures are the
// JSON's (--json); this is their summary, so it never wraps or cuts: a narrow terminal scrolls instead.
// A variant with warnings (a firewall its channel bypasses, …) has a "⚠" after its status, and the
// warnings follow the table, one line each, so that no figure is read without them. The scenario's
// expectations come last, one line each: ✓ or ✗, the claim, and the figures compared.
import { headlineRows, type HeadlineRow, type RowStatus } from "../results/headline.js";
import type { NetchanResult } from "../results/schema.js";

/** A figure that does not exist (a variant that threw, or delivered nothing). */
const NONE = "-";

const fixed = (n: number | null, digits: number, scale = 1) => (n === null ? NONE : (n / scale).toFixed(digits));

const STATUS: Record<RowStatus, string> = { ok: "ok", integrity: "INTEGRITY FAILED", error: "ERROR" };
/** After the status of a variant that has warnings. */
export const WARNED = "⚠";

const COLUMNS: { header: string; align: "left" | "right"; cell: (r: HeadlineRow) => string }[] = [
  { header: "variant", align: "left", cell: (r) => r.name },
  { header: "path", align: "left", cell: (r) => r.path },
  { header: "delivered/offered", align: "right", cell: (r) => (r.offered === null ? NONE : `${r.delivered}/${r.offered}`) },
  { header: "drops", align: "right", cell: (r) => (r.dropped === null ? NONE : String(r.dropped)) },
  { header: "cycles/pkt", align: "right", cell: (r) => fixed(r.cyclesPerPacket, 1) },
  { header: "bounces/pkt", align: "right", cell: (r) => fixed(r.bouncesPerPacket, 2) },
  { header: "DMA inv/pkt", align: "right", cell: (r) => fixed(r.dmaInvalidationsPerPacket, 2) },
  { header: "LLC miss/pkt", align: "right", cell: (r) => fixed(r.llcMissesPerPacket, 2) },
  { header: "p50/p99 µs", align: "right", cell: (r) => (r.latencyP50Ns === null ? NONE : `${fixed(r.latencyP50Ns, 2, 1000)}/${fixed(r.latencyP99Ns, 2, 1000)}`) },
  { header: "kpps", align: "right", cell: (r) => fixed(r.throughputPps, 1, 1000) },
  { header: "busiest CPU", align: "right", cell: (r) => (r.busiestCpuUtilization === null ? NONE : `${(r.busiestCpuUtilization * 100).toFixed(1)}%`) },
  { header: "status", align: "left", cell: (r) => (r.warnings.length > 0 ? `${STATUS[r.status]} ${WARNED}` : STATUS[r.status]) },
];

/** The table's lines: a header, one line per variant in the scenario's order, then — if any variant has
 *  warnings — an empty line and `⚠ <variant>: <warning>` for each, in the same order. */
export function comparisonTable(result: NetchanResult): string[] {
  const rows = headlineRows(result);
  const cells = [COLUMNS.map((c) => c.header), ...rows.map((r) => COLUMNS.map((c) => c.cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const table = cells.map((row) =>
    row.map((cell, i) => (COLUMNS[i].align === "left" ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd(),
  );
  const warnings = rows.flatMap((r) => r.warnings.map((w) => `${WARNED} ${r.name}: ${w}`));
  return warnings.length > 0 ? [...table, "", ...warnings] : table;
}

/** After the table, if the scenario has expectations: an empty line, then one line per expectation, in the
 *  scenario's order — `✓ <claim>: <actual>` with what it was compared with, or `✗ …` with why not. */
export function expectationLines(result: Pick<NetchanResult, "expectations">): string[] {
  if (result.expectations.length === 0) return [];
  return [
    "",
    ...result.expectations.map((e) => {
      const compared = e.actual === null || e.expected === null ? "" : `: ${e.actual} ${e.passed ? "" : "not "}${e.op} ${e.expected}`;
      return `${e.passed ? "✓" : "✗"} ${e.description}${compared}${e.reason ? ` (${e.reason})` : ""}`;
    }),
  ];
}
