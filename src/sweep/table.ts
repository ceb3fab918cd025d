// The table `netchan sweep` and `netchan merge` print: a row per point and variant — the point's value on
// each axis, then the variant's headline figures, the same as `netchan run`'s (results/headline.ts) but
// fewer of them, so that a sweep of many points still reads down a terminal. The exact figures are the
// JSON's. Names and values left, figures right; a point's values are written on its first row only.
import { headlineRows, type HeadlineRow } from "../results/headline.js";
import type { NetchanResult } from "../results/schema.js";
import type { SweepResult } from "./schema.js";

const NONE = "-";
const fixed = (n: number | null, digits: number, scale = 1) => (n === null ? NONE : (n / scale).toFixed(digits));
const shownValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

const FIGURES: { header: string; cell: (r: HeadlineRow) => string }[] = [
  { header: "delivered/offered", cell: (r) => (r.offered === null ? NONE : `${r.delivered}/${r.offered}`) },
  { header: "cycles/pkt", cell: (r) => fixed(r.cyclesPerPacket, 1) },
  { header: "bounces/pkt", cell: (r) => fixed(r.bouncesPerPacket, 2) },
  { header: "p99 µs", cell: (r) => fixed(r.latencyP99Ns, 2, 1000) },
  { header: "kpps", cell: (r) => fixed(r.throughputPps, 1, 1000) },
  { header: "busiest CPU", cell: (r) => (r.busiestCpuUtilization === null ? NONE : `${(r.busiestCpuUtilization * 100).toFixed(1)}%`) },
];

const STATUS = { ok: "ok", integrity: "INTEGRITY FAILED", error: "ERROR" } as const;

/** The table's lines, header first; then a line per unmet expectation of any point (✗ point: claim). */
export function sweepTable(sweep: Pick<SweepResult, "axes" | "points">): string[] {
  const axes = sweep.axes.map((a) => a.path);
  const header = ["point", ...axes, "variant", ...FIGURES.map((f) => f.header), "status"];
  const left = new Set([0, ...axes.map((_, i) => i + 1), axes.length + 1, header.length - 1]);
  const rows: string[][] = [];
  for (const p of sweep.points) {
    headlineRows(p.result as NetchanResult).forEach((r, i) => {
      const values = i === 0 ? [String(p.index), ...axes.map((a) => shownValue(p.set[a]))] : ["", ...axes.map(() => "")];
      rows.push([...values, r.name, ...FIGURES.map((f) => f.cell(r)), STATUS[r.status]]);
    });
  }
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const lines = cells.map((row) => row.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
  const unmet = sweep.points.flatMap((p) => p.result.expectations.filter((e) => !e.passed).map((e) => `✗ point ${p.index}: ${e.description}${e.reason ? ` (${e.reason})` : ""}`));
  return unmet.length > 0 ? [...lines, "", ...unmet] : lines;
}
