// `netchan trace`: a lackey trace recorded from a real program (tests/fixtures/trace/, README there)
// replayed through the module's caches gives exactly the counts of a plain reference model written here —
// LRU arrays of the same geometry on the trace's own line numbers, following docs/trace.md's rules —
// on four geometries; hand-made traces pin the counting conventions (modify, straddle, instruction
// fetches) to exact numbers; bad lines are refused with their line number.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MachineProfile } from "../src/config/machine.js";
import { loadProfile } from "../src/config/profiles.js";
import { TraceLineError } from "../src/trace/replay.js";
import { replayTraceFile } from "../src/trace/replay-file.js";
import type { TraceSummary } from "../src/trace/summary.js";
import { runCli } from "../src/cli/program.js";
import { defaultProfile, tinyProfile } from "./helpers/machines.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/trace/strided.trace", import.meta.url));

// --- the reference model -------------------------------------------------------------------------

/** A set-associative array with exact LRU: the victim is the first way with the oldest use (an empty
 *  way counts as never used). */
class LruArray {
  readonly lines: number[];
  readonly used: number[];
  readonly dirty: boolean[];
  constructor(readonly sets: number, readonly ways: number, readonly setOf: (line: number) => number) {
    this.lines = new Array(sets * ways).fill(-1);
    this.used = new Array(sets * ways).fill(0);
    this.dirty = new Array(sets * ways).fill(false);
  }
  find(line: number): number {
    const s = this.setOf(line) * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.lines[s + w] === line) return s + w;
    return -1;
  }
  victim(line: number): number {
    const s = this.setOf(line) * this.ways;
    let best = s;
    for (let w = 1; w < this.ways; w++) if (this.used[s + w] < this.used[best]) best = s + w;
    return best;
  }
  drop(i: number): void {
    this.lines[i] = -1;
    this.used[i] = 0;
    this.dirty[i] = false;
  }
}

interface RefLevel { reads: number; writes: number; readMisses: number; writeMisses: number }

/** L1d and L2 private (L2 inclusive: its victims leave L1), the LLC banked and non-inclusive: a DRAM fill
 *  allocates clean, an L2 victim that was written is written back into it, an LLC victim that is dirty
 *  goes to DRAM. An access is looked up line by line in L1; if any line missed, in L2 (every line); if
 *  any missed there, in the LLC (every line); then L2 and L1 are filled. */
class ReferenceHierarchy {
  private clock = 0;
  readonly l1: LruArray;
  readonly l2: LruArray;
  readonly llc: LruArray | null;
  readonly levels = { l1d: lvl(), l2: lvl(), llc: lvl() };
  readonly data = { reads: 0, writes: 0, modifies: 0, straddling: 0 };
  readonly instructions = { fetches: 0, bytes: 0 };
  readonly writebacks = { l2ToLlc: 0, llcToDram: 0 };
  readonly perLine = new Map<number, [number, number, number]>();

  constructor(readonly m: MachineProfile) {
    this.l1 = new LruArray(m.l1d.sets, m.l1d.ways, (l) => l % m.l1d.sets);
    this.l2 = new LruArray(m.l2.sets, m.l2.ways, (l) => l % m.l2.sets);
    const banks = m.llc.banks;
    this.llc = m.llc.ways === 0 ? null : new LruArray(banks * m.llc.setsPerBank, m.llc.ways, (l) => (l % banks) * m.llc.setsPerBank + (Math.floor(l / banks) % m.llc.setsPerBank));
  }

  private hit(a: LruArray, line: number): boolean {
    const i = a.find(line);
    if (i >= 0) a.used[i] = ++this.clock;
    return i >= 0;
  }

  private llcAllocate(line: number): number {
    const c = this.llc!;
    const v = c.victim(line);
    if (c.lines[v] >= 0 && c.dirty[v]) this.writebacks.llcToDram++;
    c.drop(v);
    c.lines[v] = line;
    return v;
  }

  private llcRef(line: number): boolean {
    if (!this.llc) return false;
    let i = this.llc.find(line);
    const hit = i >= 0;
    if (!hit) i = this.llcAllocate(line);
    this.llc.used[i] = ++this.clock;
    return hit;
  }

  private l2Fill(line: number): void {
    const v = this.l2.victim(line);
    const old = this.l2.lines[v];
    if (old >= 0) {
      const i1 = this.l1.find(old);
      if (i1 >= 0) this.l1.drop(i1);
      if (this.l2.dirty[v]) {
        this.writebacks.l2ToLlc++;
        if (!this.llc) this.writebacks.llcToDram++;
        else {
          let i = this.llc.find(old);
          if (i < 0) i = this.llcAllocate(old);
          this.llc.dirty[i] = true;
          this.llc.used[i] = ++this.clock;
        }
      }
    }
    this.l2.drop(v);
    this.l2.lines[v] = line;
    this.l2.used[v] = ++this.clock;
  }

  private l1Fill(line: number): void {
    const v = this.l1.victim(line);
    this.l1.drop(v);
    this.l1.lines[v] = line;
    this.l1.used[v] = ++this.clock;
  }

  access(kind: string, address: number, size: number): void {
    if (kind === "I") {
      this.instructions.fetches++;
      this.instructions.bytes += size;
      return;
    }
    const L = this.m.lineBytes;
    const lines = [Math.floor(address / L)];
    if (Math.floor((address + size - 1) / L) !== lines[0]) lines.push(lines[0] + 1);
    const read = kind !== "S";
    if (kind === "M") this.data.modifies++;
    if (read) this.data.reads++;
    else this.data.writes++;
    if (lines.length === 2) this.data.straddling++;
    const miss1 = lines.map((l) => !this.hit(this.l1, l));
    const order = [this.levels.l1d, this.levels.l2, this.levels.llc];
    const missed: boolean[][] = [miss1];
    if (miss1.some(Boolean)) {
      const miss2 = lines.map((l) => !this.hit(this.l2, l));
      missed.push(miss2);
      if (miss2.some(Boolean)) missed.push(lines.map((l) => !this.llcRef(l)));
      lines.forEach((l, i) => miss2[i] && this.l2Fill(l));
      lines.forEach((l, i) => miss1[i] && this.l1Fill(l));
    }
    missed.forEach((m, level) => {
      const c = order[level];
      if (read) c.reads++;
      else c.writes++;
      if (m.some(Boolean)) read ? c.readMisses++ : c.writeMisses++;
      lines.forEach((l, i) => {
        if (!m[i]) return;
        if (!this.perLine.has(l)) this.perLine.set(l, [0, 0, 0]);
        this.perLine.get(l)![level]++;
      });
    });
    if (kind !== "L")
      for (const l of lines) {
        for (const a of [this.l1, this.l2]) {
          const i = a.find(l);
          if (i >= 0) a.dirty[i] = true;
        }
      }
  }
}
const lvl = (): RefLevel => ({ reads: 0, writes: 0, readMisses: 0, writeMisses: 0 });

/** The reference's counts for a trace file (its own parse: skip valgrind's lines, read the rest). */
function reference(path: string, m: MachineProfile): ReferenceHierarchy {
  const h = new ReferenceHierarchy(m);
  for (const text of readFileSync(path, "utf8").split("\n")) {
    const a = /^(I| L| S| M)\s+([0-9a-f]+),(\d+)$/.exec(text);
    if (a) h.access(a[1].trim(), parseInt(a[2], 16), Number(a[3]));
  }
  return h;
}

function expectSame(s: TraceSummary, h: ReferenceHierarchy): void {
  expect(s.instructions).toEqual(h.instructions);
  expect(s.data).toEqual(h.data);
  expect(s.levels).toEqual(h.levels);
  expect(s.writebacks).toEqual(h.writebacks);
  const l1Missed = [...h.perLine.entries()].filter(([, v]) => v[0] > 0);
  expect(s.linesWithMisses).toBe(h.perLine.size);
  expect(s.linesWithMisses).toBe(l1Missed.length); // a line misses L2 only after missing L1
  const byLine = new Map(s.lines.map((l) => [parseInt(l.address, 16) / h.m.lineBytes, [l.l1dMisses, l.l2Misses, l.llcMisses]]));
  expect(byLine).toEqual(new Map(h.perLine));
}

// --- the tests -----------------------------------------------------------------------------------

const small = (): MachineProfile => {
  const m = defaultProfile();
  return { ...m, cpus: 1, l1d: { sets: 8, ways: 2, hitCycles: 4 }, l2: { sets: 32, ways: 4, hitCycles: 14 }, llc: { ...m.llc, banks: 4, setsPerBank: 32, ways: 2 } };
};

describe("the fixture trace replayed against the reference model", () => {
  const geometries: [string, () => MachineProfile][] = [
    ["tiny caches (L1d 4×2, L2 8×2, LLC 2 banks of 16×4)", () => tinyProfile(1)],
    ["small caches (L1d 8×2, L2 32×4, LLC 4 banks of 32×2)", small],
    ["modern-1s", defaultProfile],
    ["fsb-2006 (no LLC)", () => loadProfile("fsb-2006")],
  ];
  test.each(geometries)("%s: every count and every line's misses are the reference's", async (_, profile) => {
    const m = profile();
    const s = await replayTraceFile(FIXTURE, m, "test", 100_000);
    expectSame(s, reference(FIXTURE, m));
  });

  test("the fixture exercises what the comparison needs: hits and misses at every level, dirty writebacks, straddles, modifies", async () => {
    const s = await replayTraceFile(FIXTURE, tinyProfile(1), "tiny", 0);
    expect(s.data).toEqual({ reads: 612, writes: 250, modifies: 250, straddling: 14 });
    expect(s.instructions.fetches).toBe(2425);
    expect(s.levels.l1d.readMisses).toBeGreaterThan(0);
    expect(s.levels.llc.reads - s.levels.llc.readMisses).toBeGreaterThan(0);
    expect(s.writebacks.l2ToLlc).toBeGreaterThan(0);
    expect(s.writebacks.llcToDram).toBeGreaterThan(0);
    const sm = await replayTraceFile(FIXTURE, small(), "small", 0);
    expect(sm.levels.l2.reads - sm.levels.l2.readMisses).toBeGreaterThan(0);
  });
});

describe("counting conventions, on hand-made traces (tiny caches: 64-byte lines, L1d 4 sets × 2 ways)", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "netchan-trace-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const traceOf = (name: string, lines: string[]) => {
    const p = join(dir, name);
    writeFileSync(p, lines.join("\n") + "\n");
    return p;
  };

  test("an access straddling two lines is one access: one miss if either line misses, one hit if both hit", async () => {
    const p = traceOf("straddle.trace", [
      " L 0000003c,8", // lines 0 and 1, both cold: one access, one miss (not two)
      " L 0000003c,8", // both now held: one hit
      " L 00000078,16", // lines 1 (held) and 2 (cold): one miss
    ]);
    const s = await replayTraceFile(p, tinyProfile(1), "tiny", 10);
    expect(s.data).toEqual({ reads: 3, writes: 0, modifies: 0, straddling: 3 });
    expect(s.levels.l1d).toEqual({ reads: 3, writes: 0, readMisses: 2, writeMisses: 0 });
    // the misses of each line: 0 and 1 once, 2 once; at L2 and the LLC the same (all cold)
    expect(s.lines.map((l) => [l.address, l.l1dMisses, l.llcMisses])).toEqual([["0x0", 1, 1], ["0x40", 1, 1], ["0x80", 1, 1]]);
  });

  test("a modify is one read access (Cachegrind's rule) that leaves the line modified: its eviction is a writeback", async () => {
    // L2 has 8 sets × 2 ways: lines 0, 8 and 16 share set 0, so the third evicts line 0 from L2
    const p = traceOf("modify.trace", [" M 00000000,4", " L 00000200,4", " L 00000400,4"]);
    const s = await replayTraceFile(p, tinyProfile(1), "tiny", 10);
    expect(s.data).toEqual({ reads: 3, writes: 0, modifies: 1, straddling: 0 });
    expect(s.levels.l1d).toEqual({ reads: 3, writes: 0, readMisses: 3, writeMisses: 0 });
    expect(s.writebacks).toEqual({ l2ToLlc: 1, llcToDram: 0 });
    // and a plain load in its place leaves nothing to write back
    const clean = await replayTraceFile(traceOf("load.trace", [" L 00000000,4", " L 00000200,4", " L 00000400,4"]), tinyProfile(1), "tiny", 10);
    expect(clean.writebacks).toEqual({ l2ToLlc: 0, llcToDram: 0 });
  });

  test("instruction fetches are counted apart and never reach the data caches; valgrind's own lines are skipped", async () => {
    const p = traceOf("instr.trace", [
      "==123== Lackey, an example Valgrind tool",
      "I  00000000,4", // the same line as the load below: were it sent to L1d, the load would hit
      "",
      " L 00000000,4",
      "==123== Exit code: 0",
    ]);
    const s = await replayTraceFile(p, tinyProfile(1), "tiny", 10);
    expect(s.instructions).toEqual({ fetches: 1, bytes: 4 });
    expect(s.levels.l1d).toEqual({ reads: 1, writes: 0, readMisses: 1, writeMisses: 0 });
  });

  test("a write that misses is a write miss at each level it reaches; a later read of the line hits", async () => {
    const s = await replayTraceFile(traceOf("store.trace", [" S 00000100,8", " L 00000104,4"]), tinyProfile(1), "tiny", 10);
    expect(s.levels).toEqual({
      l1d: { reads: 1, writes: 1, readMisses: 0, writeMisses: 1 },
      l2: { reads: 0, writes: 1, readMisses: 0, writeMisses: 1 },
      llc: { reads: 0, writes: 1, readMisses: 0, writeMisses: 1 },
    });
  });

  test("a bad line is refused with its line number", async () => {
    const p = traceOf("bad.trace", ["==1== banner", " L 00000000,4", " X 00000000,4"]);
    const e = await replayTraceFile(p, tinyProfile(1), "tiny", 10).catch((x) => x);
    expect(e).toBeInstanceOf(TraceLineError);
    expect([e.line, e.message]).toEqual([3, `${p}:3: not a lackey trace line (expected "I  ADDR,SIZE" or " L|S|M ADDR,SIZE", ADDR in hexadecimal): " X 00000000,4"`]);
  });

  test("an access wider than a line, which would span three lines, is refused with its line number", async () => {
    const p = traceOf("wide.trace", [" L 00000020,128"]);
    await expect(replayTraceFile(p, tinyProfile(1), "tiny", 10)).rejects.toThrow(`${p}:1: an access of 128 bytes spans 3 lines of 64 bytes`);
  });

  test("netchan trace exits 2 on a bad line, naming file and line, and writes no JSON", async () => {
    const p = traceOf("bad2.trace", [" L 00000000,4", " L zz,4"]);
    const out = join(dir, "out.json");
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => void err.push(t), columns: undefined };
    const status = await runCli(["node", "netchan", "trace", p, "--json", out], io);
    expect(status).toBe(2);
    expect(err.join("")).toMatch(new RegExp(`^error: ${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: not a lackey trace line`));
    expect(existsSync(out)).toBe(false);
  });

  test("netchan trace --json writes the netchan-trace/1 document and prints the table", async () => {
    const out = join(dir, "fixture.json");
    const printed: string[] = [];
    const io = { out: (t: string) => void printed.push(t), err: () => {}, columns: undefined };
    const status = await runCli(["node", "netchan", "trace", FIXTURE, "--json", out, "--top", "3"], io);
    expect(status).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.schema).toBe("netchan-trace/1");
    expect(doc.lines).toHaveLength(3);
    const h = reference(FIXTURE, defaultProfile());
    expect([doc.instructions, doc.data, doc.levels, doc.writebacks, doc.linesWithMisses]).toEqual([h.instructions, h.data, h.levels, h.writebacks, h.perLine.size]);
    // the three lines that missed most: most L1d misses, then most LLC misses, then lowest address
    const top = [...h.perLine.entries()].sort(([la, a], [lb, b]) => b[0] - a[0] || b[2] - a[2] || la - lb).slice(0, 3);
    expect(doc.lines).toEqual(top.map(([l, m]) => ({ address: "0x" + (l * 64).toString(16), l1dMisses: m[0], l2Misses: m[1], llcMisses: m[2] })));
    expect(printed.join("")).toMatch(/^L1d\s+862\s+649\s+213\s+24\.71%\s+213\s+0$/m);
  });
});
