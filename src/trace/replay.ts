// `netchan trace`'s engine: feeds a lackey trace, access by access, through CPU 0's L1d, L2 and the LLC
// of a machine profile — the module's own tag arrays (assembly/machine/trace-replay.ts) — and counts as
// Cachegrind does (docs/trace.md):
//
// - `I` lines are instruction fetches: counted (and their bytes), never sent to the data caches — the
//   model has no instruction cache;
// - `L` is a read, `S` a write, and `M` (a modify) one access counted as a read, as Cachegrind counts
//   it, which leaves the line modified;
// - an access that straddles a line boundary is one access, looked up line by line: one miss at a level
//   if either line missed there.
//
// The trace is read as a stream; the only state that grows with it is the per-line miss table.
import type { MachineProfile } from "../config/machine.js";
import { prepareRun } from "../machine/setup.js";
import { parseLackeyLine, type TraceAccess } from "./lackey.js";
import { LineMap, indexBitsOf, TraceLimitError } from "./line-map.js";
import type { LevelCounts, LineMisses, TraceSummary } from "./summary.js";

// result bits of the module's traceAccess, per line (the second line's shifted by SECOND)
const MISS_L1 = 1, MISS_L2 = 2, MISS_LLC = 4, SECOND = 3;

/** A trace line that could not be read; `line` is 1-based. */
export class TraceLineError extends Error {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super(`${file}:${line}: ${reason}`);
  }
}

const emptyLevel = (): LevelCounts => ({ reads: 0, writes: 0, readMisses: 0, writeMisses: 0 });

/** The replay of one trace on one machine, fed an access at a time. */
export class TraceReplay {
  readonly instructions = { fetches: 0, bytes: 0 };
  readonly data = { reads: 0, writes: 0, modifies: 0, straddling: 0 };
  readonly levels = { l1d: emptyLevel(), l2: emptyLevel(), llc: emptyLevel() };
  private readonly missesByLine = new Map<number, [number, number, number]>();
  private readonly lines: LineMap;
  private readonly lineBytes: number;

  constructor(private readonly exports: any, readonly profile: MachineProfile) {
    this.lines = new LineMap(indexBitsOf(profile));
    this.lineBytes = profile.lineBytes;
  }

  /** Counts one access; returns a reason when it cannot be replayed (it spans more than two lines). */
  access(a: TraceAccess): string | null {
    if (a.kind === "I") {
      this.instructions.fetches++;
      this.instructions.bytes += a.size;
      return null;
    }
    const first = Math.floor(a.address / this.lineBytes);
    const last = Math.floor((a.address + a.size - 1) / this.lineBytes);
    if (last - first > 1) return `an access of ${a.size} bytes spans ${last - first + 1} lines of ${this.lineBytes} bytes (Cachegrind's model, and this one, take at most two)`;
    const write = a.kind !== "L";
    // Cachegrind counts a modify as a read; the model still writes the line
    const read = a.kind !== "S";
    if (a.kind === "M") this.data.modifies++;
    if (read) this.data.reads++;
    else this.data.writes++;
    if (last !== first) this.data.straddling++;
    const bits: number = this.exports.traceAccess(this.lines.map(first), this.lines.map(last), write ? 1 : 0);
    this.countLevels(bits, read);
    this.countLine(first, bits & 7);
    if (last !== first) this.countLine(last, (bits >> SECOND) & 7);
    return null;
  }

  private countLevels(bits: number, read: boolean): void {
    const any = bits | (bits >> SECOND);
    const levels = [this.levels.l1d, this.levels.l2, this.levels.llc];
    const misses = [MISS_L1, MISS_L2, MISS_LLC];
    for (let i = 0; i < 3; i++) {
      if (i > 0 && (any & misses[i - 1]) === 0) break; // the access never reached this level
      const level = levels[i];
      if (read) level.reads++;
      else level.writes++;
      if ((any & misses[i]) !== 0) {
        if (read) level.readMisses++;
        else level.writeMisses++;
      }
    }
  }

  private countLine(line: number, bits: number): void {
    if (bits === 0) return;
    let m = this.missesByLine.get(line);
    if (!m) this.missesByLine.set(line, (m = [0, 0, 0]));
    if (bits & MISS_L1) m[0]++;
    if (bits & MISS_L2) m[1]++;
    if (bits & MISS_LLC) m[2]++;
  }

  /** The `top` lines with the most L1d misses (then LLC misses, then by address). */
  hottestLines(top: number): LineMisses[] {
    return [...this.missesByLine.entries()]
      .sort(([la, a], [lb, b]) => b[0] - a[0] || b[2] - a[2] || la - lb)
      .slice(0, top)
      .map(([line, m]) => ({ address: "0x" + (line * this.lineBytes).toString(16), l1dMisses: m[0], l2Misses: m[1], llcMisses: m[2] }));
  }

  summary(trace: string, profileName: string, top: number): TraceSummary {
    const p = this.profile;
    return {
      schema: "netchan-trace/1",
      trace,
      profile: profileName,
      geometry: {
        lineBytes: p.lineBytes,
        l1d: { sets: p.l1d.sets, ways: p.l1d.ways },
        l2: { sets: p.l2.sets, ways: p.l2.ways },
        llc: { banks: p.llc.banks, setsPerBank: p.llc.setsPerBank, ways: p.llc.ways },
      },
      instructions: { ...this.instructions },
      data: { ...this.data },
      levels: { l1d: { ...this.levels.l1d }, l2: { ...this.levels.l2 }, llc: { ...this.levels.llc } },
      writebacks: { l2ToLlc: Number(this.exports.traceWritebacks()), llcToDram: Number(this.exports.traceDramWrites()) },
      linesWithMisses: this.missesByLine.size,
      lines: this.hottestLines(top),
    };
  }
}

/** A fresh machine of `profile` with no programs: the caches the replay walks, all empty. */
export async function traceMachine(profile: MachineProfile): Promise<TraceReplay> {
  const prepared = await prepareRun({ machine: profile, regions: [], programs: Array(profile.cpus).fill(null) }, "release", 1, "inthread");
  return new TraceReplay(prepared.exports, profile);
}

/** Replays the lines of a trace named `name` (read as a stream by the caller: a file's lines, or a
 *  browser File's); throws TraceLineError for the first line that cannot be replayed. */
export async function replayTraceLines(lines: AsyncIterable<string> | Iterable<string>, name: string, profile: MachineProfile, profileName: string, top = 10): Promise<TraceSummary> {
  const replay = await traceMachine(profile);
  let n = 0;
  for await (const text of lines) {
    n++;
    const a = parseLackeyLine(text);
    if (a === null) continue;
    if (typeof a === "string") throw new TraceLineError(name, n, a);
    let problem: string | null;
    try {
      problem = replay.access(a);
    } catch (e) {
      if (e instanceof TraceLimitError) throw new TraceLineError(name, n, e.message);
      throw e;
    }
    if (problem) throw new TraceLineError(name, n, problem);
  }
  return replay.summary(name, profileName, top);
}
