// The event recorder (assembly/sim/record.ts, src/record/, docs/record.md): recording changes no result;
// the log replays into state tables that step forward and back consistently, agree with every event's
// before/after states and end at the machine's own final states; in classic-cross the socket-lock line
// changes owner more often than in classic-affine (exact counts); a run too long for the buffer says so.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../src/cli/program.js";
import { runVariant, variantRun } from "../src/paths/run-variant.js";
import { runMachine } from "../src/runners/run-machine.js";
import { initialTables, ownershipTimeline, stepBack, stepForward, tablesAfter } from "../src/record/replay.js";
import { recordMachine, recordVariant, RecordLimitError } from "../src/record/run.js";
import { defaultProfile, tinyProfile } from "./helpers/machines.js";
import { at, compute, fence, line, list, load, store } from "./helpers/programs.js";
import type { RecordDocument } from "../src/record/schema.js";
import { loadScenario } from "../src/scenario/load.js";
import type { ResolvedScenario, VariantRaw } from "../src/scenario/types.js";

const scenario = loadScenario("classic-steering");
const variant = (name: string) => scenario.variants.find((v) => v.name === name)!;
/** The scenario cut to `packets` packets and no warm-up: the run `recordVariant` makes. */
const short = (packets: number): ResolvedScenario => ({ ...scenario, workload: { ...scenario.workload, packets, warmupPackets: 0, untilCycles: null } });
const withoutWork = (r: VariantRaw) => ({ ...r, work: null });

const docs = new Map<string, RecordDocument>();
beforeAll(async () => {
  for (const name of ["cross", "affine"]) docs.set(name, (await recordVariant(scenario, variant(name), { packets: 8 })).document);
});

describe("one line, two CPUs, every event worked out by hand", () => {
  // modern-1s (docs/machine.md §9): L2 14, hop 10, bank lookup 20, snoop 62, DRAM 148 beyond the LLC.
  test("a store from DRAM, then another CPU's load of the modified line: nine events at the times the timing model gives", async () => {
    const run = {
      machine: { ...defaultProfile(), cpus: 2 },
      regions: [{ name: "data", bytes: 4096 }],
      programs: [list(compute(1000), load(at(0))), list(store(at(0), 42), fence())],
    };
    const { document: doc } = await recordMachine(run, { scenario: "two CPUs", variant: "store then load", path: "list", machine: "modern-1s", packets: 0, warmupPackets: 0 });
    const U = { state: "U", owner: null, sharers: [] };
    const EM1 = { state: "EM", owner: 1, sharers: [] };
    const S01 = { state: "S", owner: null, sharers: [0, 1] };
    const brief = doc.events.map((e) => [e.t, e.kind, e.message, e.from, e.at, e.cpu ? `${e.cpu.before}→${e.cpu.after}` : null, e.dir ? [e.dir.before, e.dir.after] : null, e.bounce?.cycles ?? null]);
    expect(brief).toEqual([
      // CPU1's store retires into the store buffer at 1; its GETX leaves after the L2 lookup and a hop
      [25, "request", "GETX", "cpu1", "directory", null, null, null],
      [45, "directory", "GETX", "cpu1", "directory", null, [U, EM1], null], // after the bank lookup: DRAM
      [193, "memory", "MEM_DONE", "directory", "directory", null, [EM1, EM1], null], // 45 + 148
      [203, "data", "DATA_M", "directory", "cpu1", "I→M", null, null],
      // CPU0 loads at 1000: the same path to the directory, which forwards to the owner
      [1024, "request", "GETS", "cpu0", "directory", null, null, null],
      [1044, "directory", "GETS", "cpu0", "directory", null, [EM1, EM1], null], // busy until the owner's ack
      [1054, "forward", "FWD_GETS", "directory", "cpu1", "M→S", null, null],
      [1126, "data", "DATA_S", "cpu1", "cpu0", "I→S", null, null], // 1054 + snoop 62 + hop 10
      [1146, "ack", "FWD_ACK", "cpu1", "directory", null, [EM1, S01], 126], // the ack's bank lookup; CPU0 waited 1126 − 1000
    ]);
    expect(doc.lines).toEqual([{ id: 0, address: doc.lines[0].address, region: "data", label: "data +0x0", events: 9, bounces: 1 }]);
    expect(doc.final).toEqual({ cpus: [["S", "S"]], dir: [S01] });
  });

  test("a write to a line held Exclusive sends nothing: the log shows it as a silent write where the CPU's next event reveals it", async () => {
    const run = {
      machine: { ...defaultProfile(), cpus: 2 },
      regions: [{ name: "data", bytes: 4096 }],
      programs: [list(compute(1000), load(at(0))), list(load(at(0)), store(at(0), 42), fence())],
    };
    const { document: doc } = await recordMachine(run, { scenario: "two CPUs", variant: "load, store, load", path: "list", machine: "modern-1s", packets: 0, warmupPackets: 0 });
    const cpuEvents = doc.events.filter((e) => e.cpu).map((e) => [e.t, e.kind, e.at, `${e.cpu!.before}→${e.cpu!.after}`]);
    expect(cpuEvents).toEqual([
      [202, "data", "cpu1", "I→E"], // a read miss from DRAM, granted Exclusive
      [1054, "silent-write", "cpu1", "E→M"], // the store at 203 told no one; the forward finds the line Modified
      [1054, "forward", "cpu1", "M→S"],
      [1126, "data", "cpu0", "I→S"],
    ]);
  });

  test("an eviction of a Modified line is recorded at the CPU (with its PUT) and at the directory", async () => {
    // tiny caches: L2 8 sets × 2 ways, so lines 0, 8 and 16 share set 0 and the third store evicts line 0
    const run = { machine: tinyProfile(1), regions: [{ name: "data", bytes: 4096 }], programs: [list(store(line(0), 1), store(line(8), 2), store(line(16), 3), fence())] };
    const { document: doc } = await recordMachine(run, { scenario: "one CPU", variant: "three stores", path: "list", machine: "tiny", packets: 0, warmupPackets: 0 });
    const line0 = doc.events.filter((e) => e.line === 0).map((e) => [e.kind, e.message, e.cpu ? `${e.cpu.before}→${e.cpu.after}` : e.dir ? `${e.dir.before.state}→${e.dir.after.state}` : null]);
    expect(line0).toEqual([
      ["request", "GETX", null],
      ["directory", "GETX", "U→EM"],
      ["memory", "MEM_DONE", "EM→EM"],
      ["data", "DATA_M", "I→M"],
      ["eviction", "PUT", "M→I"],
      ["request", "PUT", null],
      ["directory", "PUT", "EM→U"],
    ]);
  });
});

describe("recording changes nothing", () => {
  test.each(["cross", "affine"])("%s: the recorded run's result equals an unrecorded run's, counter for counter", async (name) => {
    const recorded = await recordVariant(scenario, variant(name), { packets: 8 });
    const plain = await runVariant(short(8), variant(name));
    expect(JSON.stringify(withoutWork(recorded.raw))).toBe(JSON.stringify(withoutWork(plain)));
    expect(recorded.raw.packets.delivered).toBe(8);
  });

  test("vj-debate's channel-user: the recorded run's result equals an unrecorded run's", async () => {
    const vj = loadScenario("vj-debate");
    const v = vj.variants.find((x) => x.name === "channel-user")!;
    const recorded = await recordVariant(vj, v, { packets: 8 });
    const plain = await runVariant({ ...vj, workload: { ...vj.workload, packets: 8, warmupPackets: 0, untilCycles: null } }, v);
    expect(JSON.stringify(withoutWork(recorded.raw))).toBe(JSON.stringify(withoutWork(plain)));
    expect(recorded.document.events.length).toBeGreaterThan(500);
  });

  test("the recorder refuses the workers scheduler (its records are appended by one instance, in one order)", async () => {
    const run = variantRun(short(2), variant("cross"));
    await expect(runMachine(run, { scheduler: "workers", workers: 2, beforeRun: () => {} })).rejects.toThrow("beforeRun (the event recorder) needs the in-thread scheduler");
  });

  test("recording twice gives the same document, byte for byte", async () => {
    const again = (await recordVariant(scenario, variant("cross"), { packets: 8 })).document;
    expect(JSON.stringify(again)).toBe(JSON.stringify(docs.get("cross")));
  });
});

describe("replaying the log", () => {
  test.each(["cross", "affine"])("%s: stepping forward to the end, then back to the start, passes through the same tables", (name) => {
    const doc = docs.get(name)!;
    const t = initialTables(doc);
    const seen = [JSON.stringify(t)];
    for (const e of doc.events) {
      stepForward(t, e);
      seen.push(JSON.stringify(t));
    }
    const mismatches: number[] = [];
    for (let i = doc.events.length - 1; i >= 0; i--) {
      stepBack(t, doc.events[i]);
      if (JSON.stringify(t) !== seen[i]) mismatches.push(i);
    }
    expect(mismatches).toEqual([]);
    expect(t).toEqual(initialTables(doc));
    // the tables do change along the way, and a jump to any point is the same as stepping there
    expect(new Set(seen).size).toBeGreaterThan(300);
    expect(JSON.stringify(tablesAfter(doc, 700))).toBe(seen[700]);
  });

  test.each(["cross", "affine"])("%s: every event's before and after states are the tables' on either side of it, and the log ends at the machine's own states", (name) => {
    const doc = docs.get(name)!;
    const t = initialTables(doc);
    let checked = 0;
    for (const e of doc.events) {
      if (e.cpu) expect([e.i, t.cpus[e.line!][e.cpu.cpu]]).toEqual([e.i, e.cpu.before]);
      if (e.dir) expect([e.i, t.dir[e.line!]]).toEqual([e.i, e.dir.before]);
      stepForward(t, e);
      if (e.cpu) expect(t.cpus[e.line!][e.cpu.cpu]).toBe(e.cpu.after);
      if (e.dir) expect(t.dir[e.line!]).toEqual(e.dir.after);
      if (e.cpu || e.dir) checked++;
    }
    expect(checked).toBeGreaterThan(800);
    // `final` is probed from the machine after the run (src/record/run.ts), not replayed
    expect(t).toEqual({ cpus: doc.final.cpus, dir: doc.final.dir });
  });

  test("the log lists requests, data, invalidations, DMA writes, interrupts and IPIs, in time order, with steps", () => {
    const doc = docs.get("cross")!;
    const kinds = new Set(doc.events.map((e) => e.kind));
    for (const k of ["request", "data", "invalidation", "dma-write", "interrupt", "ipi", "forward", "ack"]) expect(kinds.has(k as any), k).toBe(true);
    expect(doc.events.every((e, i) => i === 0 || doc.events[i - 1].t <= e.t)).toBe(true);
    // who sent what: the NIC's DMA writes, the directory's own DRAM completions, CPUs' requests
    const senders = (kind: string) => new Set(doc.events.filter((e) => e.kind === kind).map((e) => e.from.replace(/\d+$/, "")));
    expect(senders("dma-write")).toEqual(new Set(["nic"]));
    expect(senders("memory")).toEqual(new Set(["directory"]));
    expect(senders("request")).toEqual(new Set(["cpu", "nic"]));
    expect(senders("interrupt")).toEqual(new Set(["nic"]));
    expect(senders("ipi")).toEqual(new Set(["cpu"]));
    const lock = doc.lines.find((l) => l.label === "socket 0 lock")!;
    const lockRequests = doc.events.filter((e) => e.line === lock.id && e.kind === "request");
    expect(new Set(lockRequests.map((e) => e.step))).toEqual(new Set(["sock_lock"]));
  });

  test("a bounce is an ack from a CPU that had the line, priced at the requester's whole miss (126 cycles for a clean three-hop transfer on modern-1s)", () => {
    const doc = docs.get("cross")!;
    const bounces = doc.events.filter((e) => e.bounce);
    expect(bounces.every((e) => e.kind === "ack" && e.message !== null && /had a copy/.test(e.text))).toBe(true);
    // the result's own count for the same run: bounces per region summed
    expect(bounces.length).toBe(doc.lines.reduce((a, l) => a + l.bounces, 0));
    expect(Math.min(...bounces.filter((e) => e.message === "FWD_ACK").map((e) => e.bounce!.cycles))).toBe(126);
    expect(docs.get("affine")!.events.filter((e) => e.bounce && doc.lines[e.line!]?.region === "socket")).toEqual([]);
  });
});

describe("the ownership timeline", () => {
  const ownerChanges = (doc: RecordDocument, label: string) => ownershipTimeline(doc)[doc.lines.find((l) => l.label === label)!.id].ownerChanges;

  test("the socket-lock line changes owner 3 times in classic-cross (softirq on CPU 0, reader on CPU 1) and never in classic-affine, over 8 packets", () => {
    expect(ownerChanges(docs.get("cross")!, "socket 0 lock")).toBe(3);
    expect(ownerChanges(docs.get("affine")!, "socket 0 lock")).toBe(0);
  });

  test("segments tile the run: each starts where the previous one ended, and the holder is a CPU exactly when the line is E or M", () => {
    const doc = docs.get("cross")!;
    const tl = ownershipTimeline(doc);
    const lock = tl[doc.lines.find((l) => l.label === "socket 0 lock")!.id];
    expect(lock.segments[0].from).toBe(0);
    for (let i = 1; i < lock.segments.length; i++) expect(lock.segments[i].from).toBe(lock.segments[i - 1].to);
    for (const s of lock.segments) expect(s.holder !== null).toBe(s.state === "E" || s.state === "M");
    expect(new Set(lock.segments.filter((s) => s.holder !== null).map((s) => s.holder))).toEqual(new Set([0, 1]));
  });
});

describe("limits and refusals", () => {
  test("a run too long for the buffer says how many events it had and the limit", async () => {
    const e = await recordVariant(scenario, variant("cross"), { packets: 4, limit: 100 }).catch((x) => x);
    expect(e).toBeInstanceOf(RecordLimitError);
    expect(e.message).toBe("run too long to record: 925 events, limit 100 (record fewer packets, fewer regions, or raise --limit)");
  });

  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "netchan-record-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...args: string[]) => {
    const out: string[] = [], err: string[] = [];
    const status = await runCli(["node", "netchan", "record", ...args], { out: (t) => void out.push(t), err: (t) => void err.push(t), columns: undefined });
    return { status, out: out.join(""), err: err.join("") };
  };

  test("netchan record writes the netchan-record/1 document and prints the hottest lines", async () => {
    const file = join(dir, "cross.json");
    const r = await cli("classic-steering", "--variant", "cross", "--packets", "8", "--json", file);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^classic-steering \/ cross \(classic-cross\) on modern-1s: 8 packets, 1627 events on \d+ lines, \d+ bounces$/m);
    expect(r.out).toMatch(/^ {2}socket 0 lock +3 +3$/m);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(JSON.parse(JSON.stringify(docs.get("cross"))));
  });

  test("netchan record refuses a run too long to record (exit 2) and writes nothing", async () => {
    const file = join(dir, "long.json");
    const r = await cli("classic-steering", "--variant", "cross", "--limit", "100", "--json", file);
    expect(r).toEqual({ status: 2, out: "", err: "error: run too long to record: 925 events, limit 100 (record fewer packets, fewer regions, or raise --limit)\n" });
    expect(existsSync(file)).toBe(false);
  });

  test("netchan record refuses an unknown variant or region, naming what there is", async () => {
    const v = await cli("classic-steering", "--variant", "sideways");
    expect([v.status, v.err]).toEqual([2, `error: option '--variant <name>': classic-steering has no variant "sideways" (its variants: cross, affine, rss, rps, rfs, arfs)\n`]);
    const r = await cli("classic-steering", "--variant", "cross", "--regions", "socket,sockets");
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^error: option '--regions <names>': no region "sockets" in this run \(its regions: .*socket.*\)\n$/);
  });

  test("only the chosen regions are recorded", async () => {
    const doc = (await recordVariant(scenario, variant("cross"), { packets: 8, regions: ["socket"] })).document;
    expect(new Set(doc.lines.map((l) => l.region))).toEqual(new Set(["socket"]));
    expect(ownershipTimeline(doc)[doc.lines.find((l) => l.label === "socket 0 lock")!.id].ownerChanges).toBe(3);
  });
});
