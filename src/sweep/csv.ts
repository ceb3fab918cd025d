// A sweep as CSV (`netchan sweep --csv`, `netchan merge --csv`): `netchan run --csv`'s rows of every point
// (results/csv.ts: one per variant, the result's own units), each led by the point's index and its value
// on every axis — a long table, one row per point and variant, that a spreadsheet or a plotting script
// can pivot on the axis columns. RFC 4180 as run's: CRLF line ends, fields quoted when they must be.
import { resultCsv } from "../results/csv.js";
import type { NetchanResult } from "../results/schema.js";
import type { SweepResult } from "./schema.js";

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The records of a CSV text, each as its raw text (quotes kept): split at the CRLFs outside quotes. */
function records(csv: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < csv.length; i++) {
    if (csv[i] === '"') quoted = !quoted;
    else if (!quoted && csv[i] === "\r" && csv[i + 1] === "\n") {
      out.push(csv.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  return out;
}

export function sweepCsv(sweep: Pick<SweepResult, "axes" | "points">): string {
  const lead = ["point", ...sweep.axes.map((a) => a.path)].map(field).join(",");
  const runHeader = records(resultCsv({ ...(sweep.points[0]?.result ?? emptyResult), host: undefined } as unknown as NetchanResult))[0];
  const rows = sweep.points.flatMap((p) => {
    const values = [String(p.index), ...sweep.axes.map((a) => shown(p.set[a.path]))].map(field).join(",");
    return records(resultCsv(p.result as NetchanResult)).slice(1).map((r) => `${values},${r}`);
  });
  return [`${lead},${runHeader}`, ...rows].map((l) => l + "\r\n").join("");
}

const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** For a sweep with no points (an empty shard): only the header is needed, which needs no figures. */
const emptyResult = { variants: [], failures: [], expectations: [], config: { variants: [] } };
