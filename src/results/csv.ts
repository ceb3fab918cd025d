// The headline figures as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
// comma, a quote or a line break): one header row, then one row per variant. Figures are in the result's
// own units (ns, packets per second, utilisation 0–1), not the table's display units, so a spreadsheet
// or a script computes from the same numbers as the JSON. A figure that does not exist is an empty cell;
// a variant's warnings are one cell, joined by " | ".

import { headlineRows, type HeadlineRow } from "./headline.js";
import type { NetchanResult } from "./schema.js";

const COLUMNS: [header: string, cell: (r: HeadlineRow) => string | number | null][] = [
  ["variant", (r) => r.name],
  ["path", (r) => r.path],
  ["status", (r) => r.status],
  ["offered", (r) => r.offered],
  ["delivered", (r) => r.delivered],
  ["dropped", (r) => r.dropped],
  ["cycles_per_packet", (r) => r.cyclesPerPacket],
  ["bounces_per_packet", (r) => r.bouncesPerPacket],
  ["dma_invalidations_per_packet", (r) => r.dmaInvalidationsPerPacket],
  ["llc_misses_per_packet", (r) => r.llcMissesPerPacket],
  ["latency_p50_ns", (r) => r.latencyP50Ns],
  ["latency_p99_ns", (r) => r.latencyP99Ns],
  ["latency_max_ns", (r) => r.latencyMaxNs],
  ["throughput_pps", (r) => r.throughputPps],
  ["busiest_cpu_utilization", (r) => r.busiestCpuUtilization],
  ["problem", (r) => r.problem],
  ["warnings", (r) => (r.warnings.length === 0 ? null : r.warnings.join(" | "))],
];

export function resultCsv(result: NetchanResult): string {
  const lines = [COLUMNS.map(([h]) => h), ...headlineRows(result).map((r) => COLUMNS.map(([, cell]) => field(cell(r))))];
  return lines.map((cells) => cells.join(",")).join("\r\n") + "\r\n";
}

function field(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
