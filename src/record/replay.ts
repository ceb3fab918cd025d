// Replaying a `netchan-record/1` log: pure functions from its events to the state tables the
// step-through view shows (each CPU's MESI state of each recorded line, and the directory's view) and to
// the ownership timeline (which CPU held each line, over time). An event carries its states before and
// after, so a step forward sets the "after" states and a step back restores the "before" ones: stepping
// forward then back returns the same tables, whatever the path.
import type { DirView, Mesi, RecordDocument, RecordedEvent } from "./schema.js";

/** The state of every recorded line: `cpus[line][cpu]` and `dir[line]`. */
export interface StateTables {
  cpus: Mesi[][];
  dir: DirView[];
}

const UNCACHED: DirView = { state: "U", owner: null, sharers: [] };

/** Before the first event: every line in no cache, the directory's entries uncached. */
export function initialTables(doc: Pick<RecordDocument, "cpus" | "lines">): StateTables {
  return { cpus: doc.lines.map(() => new Array<Mesi>(doc.cpus).fill("I")), dir: doc.lines.map(() => ({ ...UNCACHED, sharers: [] })) };
}

export function cloneTables(t: StateTables): StateTables {
  return { cpus: t.cpus.map((r) => [...r]), dir: t.dir.map((d) => ({ ...d, sharers: [...d.sharers] })) };
}

/** Applies `e` to `t` (in place): its "after" states. */
export function stepForward(t: StateTables, e: RecordedEvent): void {
  if (e.line === null) return;
  if (e.cpu) t.cpus[e.line][e.cpu.cpu] = e.cpu.after;
  if (e.dir) t.dir[e.line] = { ...e.dir.after, sharers: [...e.dir.after.sharers] };
}

/** Undoes `e` on `t` (in place): its "before" states. */
export function stepBack(t: StateTables, e: RecordedEvent): void {
  if (e.line === null) return;
  if (e.cpu) t.cpus[e.line][e.cpu.cpu] = e.cpu.before;
  if (e.dir) t.dir[e.line] = { ...e.dir.before, sharers: [...e.dir.before.sharers] };
}

/** The tables after the first `n` events (0 … events.length). */
export function tablesAfter(doc: RecordDocument, n: number): StateTables {
  const t = initialTables(doc);
  for (let i = 0; i < n; i++) stepForward(t, doc.events[i]);
  return t;
}

/** One stretch of a line's life: from `from` to `to` (cycles), held by `holder` in E or M, or shared by
 *  `sharers`, or in no cache. */
export interface OwnershipSegment {
  from: number;
  to: number;
  state: "M" | "E" | "S" | "I";
  holder: number | null;
  sharers: number[];
}

export interface LineTimeline {
  line: number;
  segments: OwnershipSegment[];
  /** Times the line's exclusive holder (E or M) became a CPU other than the one that held it last. */
  ownerChanges: number;
}

/** Each line's ownership over time, from the CPUs' states (not the directory's belief). */
export function ownershipTimeline(doc: RecordDocument): LineTimeline[] {
  const end = doc.events.length ? doc.events[doc.events.length - 1].t : 0;
  const t = initialTables(doc);
  const timelines: LineTimeline[] = doc.lines.map((l) => ({ line: l.id, segments: [{ from: 0, to: end, state: "I", holder: null, sharers: [] }], ownerChanges: 0 }));
  const lastHolder: (number | null)[] = doc.lines.map(() => null);
  for (const e of doc.events) {
    if (!e.cpu || e.line === null) continue;
    stepForward(t, e);
    const seg = summarise(t.cpus[e.line]);
    const tl = timelines[e.line];
    const cur = tl.segments[tl.segments.length - 1];
    if (seg.state === cur.state && seg.holder === cur.holder && seg.sharers.join() === cur.sharers.join()) continue;
    if (cur.from === e.t) tl.segments.pop();
    else cur.to = e.t;
    tl.segments.push({ from: e.t, to: end, ...seg });
    if (seg.holder !== null) {
      if (lastHolder[e.line] !== null && lastHolder[e.line] !== seg.holder) tl.ownerChanges++;
      lastHolder[e.line] = seg.holder;
    }
  }
  return timelines;
}

function summarise(states: Mesi[]): Pick<OwnershipSegment, "state" | "holder" | "sharers"> {
  const m = states.indexOf("M");
  if (m >= 0) return { state: "M", holder: m, sharers: [] };
  const x = states.indexOf("E");
  if (x >= 0) return { state: "E", holder: x, sharers: [] };
  const sharers = states.flatMap((s, c) => (s === "S" ? [c] : []));
  return sharers.length ? { state: "S", holder: null, sharers } : { state: "I", holder: null, sharers: [] };
}

/** The lines whose owner changed most (then most bounces, then first recorded), at most `n`. */
export function hottestLines(doc: RecordDocument, n: number): { line: number; label: string; ownerChanges: number; bounces: number }[] {
  const tl = ownershipTimeline(doc);
  return doc.lines
    .map((l) => ({ line: l.id, label: l.label, ownerChanges: tl[l.id].ownerChanges, bounces: l.bounces }))
    .sort((a, b) => b.ownerChanges - a.ownerChanges || b.bounces - a.bounces || a.line - b.line)
    .slice(0, n);
}
