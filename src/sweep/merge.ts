// `netchan merge`'s logic: the shard files of one sweep → the document the unsharded sweep writes, the same
// bytes but for `host` (which lists each shard's). Pure: the command reads the files and writes the result.
//
// Shards are joined only when they are provably the parts of one whole: each file is a valid
// `netchan-sweep/1` shard; all agree on everything but their points and host (netchan version, scenario,
// --packets/--seed, axes, point count, the digest of every point's inputs, shard count); every shard from
// 1 to n is there exactly once; and each holds exactly its share of the points, each with the values the
// cross product gives it. Anything else is refused, naming the file and the field, rather than merged
// into a plausible but wrong sweep (shards run from two versions of a profile, say).

import type { ConfigIssue } from "../config/errors.js";
import { zodIssues } from "../config/machine.js";
import { crossProduct } from "./points.js";
import { SWEEP_SCHEMA, sweepSchema, type SweepPoint, type SweepResult, type SweepShard } from "./schema.js";
import { inShard } from "./shard.js";
import { sweepDocument, type SweepHeader } from "./run-sweep.js";
import type { Axis } from "./settings.js";

/** Why shards cannot be merged: one line per problem, `file: json.path: message` or a sentence. */
export class MergeError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "MergeError";
  }
}

export interface ShardFile {
  /** How messages name the file (as given on the command line). */
  file: string;
  /** Its parsed JSON. */
  json: unknown;
}

const HEADER_KEYS = ["netchan", "scenario", "options", "axes", "pointCount", "inputs"] as const;

/** The merged document; throws MergeError listing every reason it cannot be made. */
export function mergeShards(files: readonly ShardFile[]): SweepResult {
  if (files.length === 0) throw new MergeError(["no shard files given"]);
  const docs = files.map(checkedShard);
  const [first] = docs;
  const problems: string[] = [];
  for (const d of docs.slice(1)) {
    const differ = HEADER_KEYS.filter((key) => JSON.stringify(d.doc[key]) !== JSON.stringify(first.doc[key]));
    // the inputs' digest follows from the rest: named alone, it says "the same command on other files"
    for (const key of differ.length > 1 ? differ.filter((k) => k !== "inputs") : differ)
      problems.push(`${d.file}: ${key}: differs from ${first.file}'s (${brief(d.doc[key])} vs ${brief(first.doc[key])}): shards of different sweeps`);
    if (d.shard.count !== first.shard.count)
      problems.push(`${d.file}: shard.count: is ${d.shard.count}, but ${first.file} is a shard of ${first.shard.count}`);
  }
  if (problems.length > 0) throw new MergeError(problems);
  const n = first.shard.count;
  const byIndex = new Map<number, (typeof docs)[number]>();
  for (const d of docs) {
    const other = byIndex.get(d.shard.index);
    if (other) problems.push(`${d.file}: shard.index: shard ${d.shard.index}/${n} is also ${other.file} (each shard once)`);
    else byIndex.set(d.shard.index, d);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) problems.push(`shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")} missing: merge needs every shard of the sweep`);
  if (problems.length > 0) throw new MergeError(problems);
  const expected = crossProduct(first.doc.axes as Axis[]);
  for (const d of docs) problems.push(...pointProblems(d.file, d.doc.points, d.shard, expected));
  if (problems.length > 0) throw new MergeError(problems);
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, d]) => d);
  const points = ordered.flatMap((d) => d.doc.points).sort((a, b) => a.index - b.index);
  const header = Object.fromEntries(HEADER_KEYS.map((k) => [k, first.doc[k]])) as SweepHeader;
  return sweepDocument(header, null, points, {
    merged: ordered.map((d) => ({ file: d.file, shard: d.shard, host: d.doc.host as Extract<SweepResult["host"], { points: unknown }> })),
  });
}

/** A file's document, checked against the schema and required to be a shard. The raw JSON is kept (not
 *  the schema's output), so that the merged bytes are the files' own. */
function checkedShard({ file, json }: ShardFile): { file: string; doc: SweepResult; shard: SweepShard } {
  // another kind of file gets one line saying so, not a list of every sweep key it lacks
  const kind = json !== null && typeof json === "object" ? (json as { schema?: unknown }).schema : undefined;
  if (kind !== SWEEP_SCHEMA)
    throw new MergeError([`${file}: schema: is ${JSON.stringify(kind ?? null)}, not "${SWEEP_SCHEMA}": not a sweep file (netchan sweep --shard i/n --json writes them)`]);
  const r = sweepSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new MergeError(issueLines(file, zodIssues(r.error, sweepSchema)));
  const doc = json as SweepResult;
  if (doc.shard === null) throw new MergeError([`${file}: shard: is null: this is a whole sweep, not a shard (nothing to merge)`]);
  if (doc.shard.index > doc.shard.count) throw new MergeError([`${file}: shard.index: ${doc.shard.index} is above the shard count ${doc.shard.count}`]);
  if ("merged" in doc.host) throw new MergeError([`${file}: host: is a merged sweep's`]);
  return { file, doc, shard: doc.shard };
}

/** A shard must hold each of its points once, in order, with the cross product's values. */
function pointProblems(file: string, points: SweepPoint[], shard: SweepShard, expected: { index: number; set: Record<string, unknown> }[]): string[] {
  const want = expected.filter((p) => inShard(p.index, shard));
  const got = points.map((p) => p.index);
  if (JSON.stringify(got) !== JSON.stringify(want.map((p) => p.index)))
    return [`${file}: points: holds points [${brief(got)}], but shard ${shard.index}/${shard.count} of ${expected.length} points is [${brief(want.map((p) => p.index))}]`];
  return points.flatMap((p, i) =>
    JSON.stringify(p.set) === JSON.stringify(want[i].set) ? [] : [`${file}: points[${i}].set: ${brief(p.set)} is not point ${p.index}'s values ${brief(want[i].set)}`],
  );
}

const issueLines = (file: string, issues: ConfigIssue[]) => issues.map((i) => (i.path ? `${file}: ${i.path}: ${i.message}` : `${file}: ${i.message}`));

/** A value in a message, cut short. */
function brief(v: unknown): string {
  const s = Array.isArray(v) && v.every((x) => typeof x === "number") ? v.join(", ") : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
