// `netchan trace`'s printed report: the counts of a netchan-trace/1 summary in the layout of Cachegrind's
// own summary (references, misses, miss rates, read and write split), one row per level, then the lines
// that missed most.
import type { LevelCounts, TraceSummary } from "./summary.js";

const n = (x: number) => x.toLocaleString("en-US");
const rate = (misses: number, refs: number) => (refs === 0 ? "-" : `${((100 * misses) / refs).toFixed(2)}%`);

function bytes(b: number): string {
  if (b >= 2 ** 20 && b % 2 ** 20 === 0) return `${b / 2 ** 20} MiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(2)} MiB`;
  return `${b / 1024} KiB`;
}

function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd());
}

export function traceReport(s: TraceSummary): string[] {
  const g = s.geometry;
  const L = g.lineBytes;
  const llc = g.llc.ways === 0 ? "no LLC" : `LLC ${bytes(g.llc.banks * g.llc.setsPerBank * g.llc.ways * L)} ${g.llc.ways}-way in ${g.llc.banks} bank${g.llc.banks === 1 ? "" : "s"}`;
  const row = (name: string, l: LevelCounts) => {
    const refs = l.reads + l.writes, misses = l.readMisses + l.writeMisses;
    return [name, n(refs), n(refs - misses), n(misses), rate(misses, refs), n(l.readMisses), n(l.writeMisses)];
  };
  const d = s.data;
  return [
    `${s.trace} on ${s.profile}: CPU 0's L1d ${bytes(g.l1d.sets * g.l1d.ways * L)} ${g.l1d.ways}-way, L2 ${bytes(g.l2.sets * g.l2.ways * L)} ${g.l2.ways}-way, ${llc}; ${L}-byte lines`,
    `instruction fetches  ${n(s.instructions.fetches)} (${n(s.instructions.bytes)} bytes; counted, not simulated: the model has no instruction cache)`,
    `data accesses        ${n(d.reads + d.writes)}: ${n(d.reads)} reads (${n(d.modifies)} of them modifies, counted once, as Cachegrind does), ${n(d.writes)} writes; ${n(d.straddling)} straddle two lines`,
    "",
    ...aligned([
      ["level", "accesses", "hits", "misses", "miss rate", "read misses", "write misses"],
      row("L1d", s.levels.l1d),
      row("L2", s.levels.l2),
      row("LLC", s.levels.llc),
    ]),
    "",
    `dirty lines written back: ${n(s.writebacks.l2ToLlc)} from L2 to the LLC, ${n(s.writebacks.llcToDram)} to DRAM`,
    ...(s.lines.length === 0
      ? ["no line missed"]
      : [
          "",
          `lines that missed most (${s.lines.length} of ${n(s.linesWithMisses)} lines with L1d misses):`,
          ...aligned([["line address", "L1d misses", "L2 misses", "LLC misses"], ...s.lines.map((l) => [l.address, n(l.l1dMisses), n(l.l2Misses), n(l.llcMisses)])]),
        ]),
  ];
}
