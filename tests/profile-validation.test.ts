// Bad geometry or profile values are refused before anything runs, with a message naming the file, the
// field (its JSON path) and the allowed values. Each case starts from the shipped default profile
// (modern-1s: 4 CPUs, L1 4 / L2 14 / LLC 54 cycles, hop 10, remote 126, DRAM 202, LLC 11 ways) and
// changes one field, so the refusal can only come from that field.
import { describe, expect, test } from "vitest";
import { ConfigError, parseMachine, runMachine, type MachineProfile, type MachineRun, type RunOptions } from "../src/index.js";
import { defaultProfile } from "./helpers/machines.js";
import { at, line, list, load, only } from "./helpers/programs.js";

const FILE = "modern-1s.json";
type Json = Record<string, any>;

/** The default profile as plain JSON, changed by `edit` (which may break types, as a hand-edited file can). */
function profileWith(edit: (p: Json) => void): Json {
  const p = structuredClone(defaultProfile()) as Json;
  edit(p);
  return p;
}

/** The ConfigError that parsing `json` throws; anything else (or nothing) fails the test. */
function parseRefusal(json: unknown): ConfigError {
  let thrown: unknown;
  try {
    parseMachine(json, FILE);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

/** The ConfigError that `runMachine` rejects with; a run that goes ahead fails the test. */
async function runRefusal(run: Omit<MachineRun, "machine"> & { machine: Json }, options?: RunOptions): Promise<ConfigError> {
  const thrown = await runMachine(run as MachineRun, options).then(() => undefined, (e: unknown) => e);
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

/** The one issue at `path`: the error's text names the file and the path, the message says what is allowed. */
function expectIssue(e: ConfigError, file: string, path: string, fragments: string[]): void {
  const issue = e.issues.find((i) => i.path === path);
  expect(issue, `no issue at ${path} in:\n${e.message}`).toBeDefined();
  expect(e.file).toBe(file);
  expect(e.message).toContain(`${file}: ${path}: ${issue!.message}`);
  for (const f of fragments) expect(issue!.message).toContain(f);
}

/** Exactly one issue, at `path`: a single bad value is reported once, not once per check it fails. */
function expectOnlyIssue(e: ConfigError, file: string, path: string, fragments: string[]): void {
  expect(e.issues.map((i) => i.path)).toEqual([path]);
  expectIssue(e, file, path, fragments);
}

const POW2 = "a power of two (1, 2, 4, 8, …) up to 1048576";
const CYCLES = "a whole number of cycles from 1 to 1000000";

interface FieldCase {
  name: string;
  edit: (p: Json) => void;
  path: string;
  fragments: string[];
}

const fieldCases: FieldCase[] = [
  { name: "a cache with a non-power-of-two set count is refused, naming l1d.sets and the allowed values", edit: (p) => (p.l1d.sets = 100), path: "l1d.sets", fragments: ["l1d.sets must be", POW2, "(got 100)"] },
  { name: "a cache with zero sets is refused, naming l2.sets and the allowed values", edit: (p) => (p.l2.sets = 0), path: "l2.sets", fragments: ["l2.sets must be", POW2, "(got 0)"] },
  { name: "an LLC bank with a non-power-of-two set count is refused, naming llc.setsPerBank", edit: (p) => (p.llc.setsPerBank = 3), path: "llc.setsPerBank", fragments: ["llc.setsPerBank must be", POW2, "(got 3)"] },
  { name: "a non-power-of-two LLC bank count is refused, naming llc.banks", edit: (p) => (p.llc.banks = 3), path: "llc.banks", fragments: ["a power of two (1, 2, 4, 8, …) up to 64", "(got 3)"] },
  { name: "a line size other than 32, 64 or 128 bytes is refused, naming lineBytes and the allowed sizes", edit: (p) => (p.lineBytes = 48), path: "lineBytes", fragments: ["lineBytes must be one of 32, 64, 128", "(got 48)"] },
  { name: "a cache with zero ways is refused, naming l1d.ways and the allowed range", edit: (p) => (p.l1d.ways = 0), path: "l1d.ways", fragments: ["l1d.ways must be an integer from 1 to 32", "(got 0)"] },
  { name: "an LLC with more than 32 ways is refused, naming llc.ways and the allowed range", edit: (p) => (p.llc.ways = 33), path: "llc.ways", fragments: ["llc.ways must be an integer from 0 to 32", "(got 33)"] },
  { name: "a latency of zero cycles is refused, naming the field and the allowed range", edit: (p) => (p.l1d.hitCycles = 0), path: "l1d.hitCycles", fragments: [`l1d.hitCycles must be ${CYCLES}`, "(got 0)"] },
  { name: "a fractional latency is refused once, naming the field and the allowed range", edit: (p) => (p.l1d.hitCycles = 0.5), path: "l1d.hitCycles", fragments: [`l1d.hitCycles must be ${CYCLES}`, "(got 0.5)"] },
  { name: "a NaN latency is refused as a bad value (not as missing), naming the field and the allowed range", edit: (p) => (p.l1d.hitCycles = NaN), path: "l1d.hitCycles", fragments: [`l1d.hitCycles must be ${CYCLES}`, "(got NaN)"] },
  { name: "a missing latency is refused as required, with the allowed range", edit: (p) => delete p.l1d.hitCycles, path: "l1d.hitCycles", fragments: [`is required (${CYCLES})`] },
  { name: "more than 64 CPUs are refused, naming cpus and the allowed range", edit: (p) => (p.cpus = 65), path: "cpus", fragments: ["cpus must be an integer from 1 to 64", "(got 65)"] },
  { name: "zero CPUs are refused, naming cpus and the allowed range", edit: (p) => (p.cpus = 0), path: "cpus", fragments: ["cpus must be an integer from 1 to 64", "(got 0)"] },
  { name: "a CPU count given as text is refused as a bad value, quoting the text", edit: (p) => (p.cpus = "4"), path: "cpus", fragments: ["cpus must be an integer from 1 to 64", '(got "4")'] },
  { name: "a clock outside 0.1–10 GHz is refused, naming clockGHz and the allowed range", edit: (p) => (p.clockGHz = 0), path: "clockGHz", fragments: ["clockGHz must be a number from 0.1 to 10", "(got 0)"] },
  { name: "a core without MSHRs is refused, naming core.mshrs and the allowed range", edit: (p) => (p.core.mshrs = 0), path: "core.mshrs", fragments: ["core.mshrs must be an integer from 1 to 64", "(got 0)"] },
  { name: "DDIO allocating into more ways than the LLC has is refused, naming ddio.ways and llc.ways", edit: (p) => (p.ddio.ways = 12), path: "ddio.ways", fragments: ["ddio.ways (12) must not exceed llc.ways (11)"] },
  { name: "an L2 no slower than L1 is refused, naming l2.hitCycles and the bound", edit: (p) => (p.l2.hitCycles = 4), path: "l2.hitCycles", fragments: ["l2.hitCycles (4) must be larger than l1d.hitCycles (4)"] },
  { name: "an LLC hit not longer than an L2 hit and two hops is refused, naming llc.hitCycles and the bound", edit: (p) => (p.llc.hitCycles = 34), path: "llc.hitCycles", fragments: ["llc.hitCycles (34) must be at least l2.hitCycles + 2 × hopCycles + 1 = 35"] },
  { name: "a remote transfer shorter than an LLC hit and a hop is refused, naming remoteTransferCycles and the bound", edit: (p) => (p.remoteTransferCycles = 63), path: "remoteTransferCycles", fragments: ["remoteTransferCycles (63) must be at least llc.hitCycles + hopCycles = 64"] },
  { name: "a DRAM latency not longer than an LLC hit is refused, naming dramCycles and the bound", edit: (p) => (p.dramCycles = 54), path: "dramCycles", fragments: ["dramCycles (54) must be larger than llc.hitCycles (54)"] },
  { name: "a bank busier than its lookup time is refused, naming llc.bankBusyCycles and the bound", edit: (p) => (p.llc.bankBusyCycles = 21), path: "llc.bankBusyCycles", fragments: ["llc.bankBusyCycles (21) must not exceed the bank lookup time", "= 20"] },
  { name: "complexes that do not tile the CPUs evenly are refused, naming complexes.cpusPerComplex and cpus", edit: (p) => (p.complexes = { cpusPerComplex: 3, crossTransferCycles: 300 }), path: "complexes.cpusPerComplex", fragments: ["complexes.cpusPerComplex (3) must divide cpus (4)"] },
  { name: "a complex larger than the machine is refused, naming complexes.cpusPerComplex", edit: (p) => (p.complexes = { cpusPerComplex: 8, crossTransferCycles: 300 }), path: "complexes.cpusPerComplex", fragments: ["complexes.cpusPerComplex (8) must divide cpus (4)"] },
  { name: "a cross-complex transfer faster than an in-complex one is refused, naming complexes.crossTransferCycles and the bound", edit: (p) => (p.complexes = { cpusPerComplex: 2, crossTransferCycles: 100 }), path: "complexes.crossTransferCycles", fragments: ["complexes.crossTransferCycles (100) must be at least remoteTransferCycles (126)"] },
  { name: "zero CPUs per complex are refused, naming complexes.cpusPerComplex and the allowed range", edit: (p) => (p.complexes = { cpusPerComplex: 0, crossTransferCycles: 300 }), path: "complexes.cpusPerComplex", fragments: ["complexes.cpusPerComplex must be an integer from 1 to 64", "(got 0)"] },
  { name: "complexes without their transfer cost are refused as required", edit: (p) => (p.complexes = { cpusPerComplex: 2 }), path: "complexes.crossTransferCycles", fragments: ["is required (a whole number of cycles"] },
];

describe("profile values (parseMachine)", () => {
  test("the shipped default profile is accepted (the base every case changes)", () => {
    expect(() => parseMachine(structuredClone(defaultProfile()), FILE)).not.toThrow();
  });

  // "%s" of the name as first column: "$name" would cut long names short in the report.
  test.each(fieldCases.map((c) => [c.name, c] as const))("%s", (_, { edit, path, fragments }) => {
    expectOnlyIssue(parseRefusal(profileWith(edit)), FILE, path, fragments);
  });

  test("a misspelt key inside a cache level is refused with a suggestion (hitCyles → hitCycles)", () => {
    const e = parseRefusal(profileWith((p) => (p.l1d = { sets: 64, ways: 8, hitCyles: 4 })));
    expectIssue(e, FILE, "l1d.hitCyles", ['unknown key "hitCyles" (did you mean "hitCycles"?)']);
    expectIssue(e, FILE, "l1d.hitCycles", [`is required (${CYCLES})`]);
  });

  test("a misspelt top-level key is refused with a suggestion (cpu → cpus)", () => {
    const e = parseRefusal(profileWith((p) => {
      p.cpu = p.cpus;
      delete p.cpus;
    }));
    expectIssue(e, FILE, "cpu", ['unknown key "cpu" (did you mean "cpus"?)']);
    expectIssue(e, FILE, "cpus", ["is required (an integer from 1 to 64)"]);
  });

  test("an unknown key like no known one is refused without a suggestion", () => {
    const e = parseRefusal(profileWith((p) => (p.colour = "red")));
    expectOnlyIssue(e, FILE, "colour", ['unknown key "colour"']);
    expect(e.issues[0].message).not.toContain("did you mean");
  });

  test("a value refused for its range is not refused again by the cross-field latency checks", () => {
    // llc.hitCycles = 0 also breaks every latency relation; only the range is reported.
    expectOnlyIssue(parseRefusal(profileWith((p) => (p.llc.hitCycles = 0))), FILE, "llc.hitCycles", [`llc.hitCycles must be ${CYCLES}`, "(got 0)"]);
  });

  test("every bad field of a profile is reported at once", () => {
    const e = parseRefusal(profileWith((p) => {
      p.l1d.sets = 100;
      p.cpus = 65;
    }));
    expect(e.issues.map((i) => i.path).sort()).toEqual(["cpus", "l1d.sets"]);
  });
});

describe("profiles and memory maps refused by runMachine before it runs", () => {
  const idle = (cpus: number) => Array.from({ length: cpus }, () => null);

  test("runMachine refuses a bad profile with a ConfigError naming the field", async () => {
    const e = await runRefusal({ machine: profileWith((p) => (p.l1d.sets = 100)), regions: [], programs: idle(4) });
    expectOnlyIssue(e, "machine", "l1d.sets", [POW2, "(got 100)"]);
  });

  test("with the workers scheduler a bad CPU count is a ConfigError on cpus, not a worker-count error", async () => {
    const e = await runRefusal({ machine: profileWith((p) => (p.cpus = "4")), regions: [], programs: idle(4) }, { scheduler: "workers" });
    expectOnlyIssue(e, "machine", "cpus", ["an integer from 1 to 64", '(got "4")']);
  });

  const tooBig = ["4096 MiB", "65536 pages of 64 KiB", "shrink the caches, the CPU count or the regions"];

  test("caches too large for a WebAssembly memory are refused, naming memory and the 4 GiB limit", async () => {
    // 64 CPUs × an L2 of 131072 sets × 32 ways: 64 × 4 Mi entries × 17 bytes of tag array ≈ 4.5 GiB.
    const machine = profileWith((p) => {
      p.cpus = 64;
      p.l2 = { sets: 131072, ways: 32, hitCycles: 14 };
    });
    expectOnlyIssue(await runRefusal({ machine, regions: [], programs: idle(64) }), "machine", "memory", tooBig);
  });

  test("a region too large for a WebAssembly memory is refused, naming memory and the 4 GiB limit", async () => {
    const e = await runRefusal({ machine: defaultProfile(), regions: [{ name: "big", bytes: 5 * 2 ** 30 }], programs: idle(4) });
    expectOnlyIssue(e, "machine", "memory", tooBig);
  });
});

describe("run-level checks (runMachine)", () => {
  const data = [{ name: "data", bytes: 4096 }];
  const refuse = (r: Partial<MachineRun>) => runRefusal({ machine: defaultProfile() as MachineProfile, regions: data, programs: [null, null, null, null], ...r });

  test("an access to an unknown region is refused, listing the known regions", async () => {
    const e = await refuse({ programs: only(4, 0, list(load(at(0, "dta")))) });
    expectOnlyIssue(e, "run", "programs[0].ops[0].at.region", ['unknown region "dta"', "(known: data)"]);
  });

  test("an access beyond its region is refused, giving the allowed offsets", async () => {
    const e = await refuse({ programs: only(4, 1, list(load(at(0)), load(at(4096)))) });
    expectOnlyIssue(e, "run", "programs[1].ops[1].at.offset", ["must be an integer in [0, 4088]", 'region "data"', "(got 4096)"]);
  });

  test("an access not aligned to its size is refused, giving the required alignment", async () => {
    const e = await refuse({ programs: only(4, 0, list(load(at(4), 8))) });
    expectOnlyIssue(e, "run", "programs[0].ops[0].at.offset", ["must be a multiple of 8, the access size", "(got 4)"]);
  });

  test("an unknown op is refused, listing the known ops", async () => {
    const e = await refuse({ programs: only(4, 0, { kind: "list", ops: [{ op: "lod" as "load", at: at(0) }] }) });
    expectOnlyIssue(e, "run", "programs[0].ops[0].op", ["must be one of load, store, atomicAdd, cas, compute, fence, loadCheck", '(got "lod")']);
  });

  test("a programs array whose length differs from cpus is refused, giving both counts", async () => {
    const e = await refuse({ programs: [null, null, null] });
    expectOnlyIssue(e, "run", "programs", ["needs one entry per CPU (4), got 3"]);
  });

  test("a DMA op not on a line boundary is refused, giving the line size", async () => {
    const e = await refuse({ device: [{ time: 0, kind: "write", at: at(100), lines: 1 }] });
    expectOnlyIssue(e, "run", "device[0].at.offset", ["must be a multiple of 64, the line size (lineBytes)", "(got 100)"]);
  });

  test("a DMA op whose lines run past the end of its region is refused, giving the allowed offsets", async () => {
    // 2 lines from the last line of a 4096-byte region: the span needs offset ≤ 4096 − 128.
    const e = await refuse({ device: [{ time: 0, kind: "write", at: line(63), lines: 2 }] });
    expectOnlyIssue(e, "run", "device[0].at.offset", ["must be an integer in [0, 3968]", "128 byte(s)", "(got 4032)"]);
  });

  test("initial bytes for an unknown region are refused, listing the known regions", async () => {
    const e = await refuse({ fill: [{ at: at(0, "nope"), bytes: [1, 2, 3] }] });
    expectOnlyIssue(e, "run", "fill[0].at.region", ['unknown region "nope"', "(known: data)"]);
  });

  test("a tester layout in an unknown region is refused, listing the known regions", async () => {
    const e = await refuse({ tester: { region: "nope", groups: 1, minBytes: 8, maxBytes: 8, seed: 1 } });
    expectOnlyIssue(e, "run", "tester.region", ['unknown region "nope"', "(known: data)"]);
  });

  test("a checked load marked independent is refused: its value is never bound, so nothing would be checked", async () => {
    const e = await refuse({ programs: [{ kind: "list", ops: [{ op: "loadCheck", at: at(0), value: 1, independent: true }] }, null, null, null] });
    expectOnlyIssue(e, "run", "programs[0].ops[0].independent", ['only loads may be independent (got op "loadCheck")']);
  });

  test("an interrupt for a CPU the machine does not have is refused, giving the CPU range", async () => {
    const e = await refuse({ device: [{ time: 0, kind: "irq", cpu: 4, vector: 0 }] });
    expectOnlyIssue(e, "run", "device[0].cpu", ["must be a CPU number in [0, 3]", "(got 4)"]);
  });

  test("a kernel script whose next step does not exist is refused, giving the valid indices", async () => {
    const program = { kind: "kernel" as const, costs: { irqEntry: 1, irqExit: 1, softirqEntry: 1 }, task: [{ step: 0, ops: [], next: 3 }] };
    const e = await refuse({ programs: [program, null, null, null] });
    expectOnlyIssue(e, "run", "programs[0].task[0].next", ['must be "done" or a step index in [0, 0]', "(got 3)"]);
  });

  test("a kernel script step's access outside its region is refused with the op's full path", async () => {
    const program = { kind: "kernel" as const, costs: { irqEntry: 1, irqExit: 1, softirqEntry: 1 }, hardirq: [{ step: 1, ops: [load(at(8192))], next: "done" as const }] };
    const e = await refuse({ programs: [program, null, null, null] });
    expectOnlyIssue(e, "run", "programs[0].hardirq[0].ops[0].at.offset", ["must be an integer in [0, 4088]"]);
  });

  test("an IPI to a CPU the machine does not have is refused, giving the CPU range", async () => {
    const e = await refuse({ programs: only(4, 0, list({ op: "ipi", cpu: 7, vector: 1 })) });
    expectOnlyIssue(e, "run", "programs[0].ops[0].cpu", ["must be a CPU number in [0, 3]", "(got 7)"]);
  });
});
