// Malformed input through the real command line: every refusal names the file and the JSON path (or, for a
// command-line option or a sweep's --set, the option and the setting), exits 2, and leaves no output file
// behind — not even a partial or temporary one. Each file case is run twice, as `netchan run FILE --json --csv --junit` and as
// `netchan validate FILE`, which must agree: a file that validates is never refused when it runs.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../src/cli/program.js";
import { projectRoot } from "../src/wasm/module.js";

type Json = Record<string, any>;

const ROOT = projectRoot();
const dir = mkdtempSync(join(tmpdir(), "netchan-malformed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped classic-steering scenario and modern-1s profile as plain JSON, to break one field at a time. */
const shippedScenario = (): Json => {
  const s = JSON.parse(readFileSync(join(ROOT, "sim-config/scenarios/classic-steering.json"), "utf8"));
  delete s.expect; // its expectations name variants some cases rename
  return s;
};
const shippedProfile = (): Json => JSON.parse(readFileSync(join(ROOT, "sim-config/profiles/modern-1s.json"), "utf8"));

async function netchan(...args: string[]) {
  const out = { stdout: "", stderr: "" };
  const status = await runCli(["node", "netchan", ...args], {
    out: (t) => void (out.stdout += t), err: (t) => void (out.stderr += t), columns: undefined,
  });
  return { status, ...out };
}

/** The files in the case's folder that a run could have written (results, or their temporaries). */
const outputsIn = (folder: string) => readdirSync(folder).filter((f) => f.startsWith("out") || f.endsWith(".tmp"));

interface FileCase {
  name: string;
  /** Which file the case breaks: the scenario itself, or the profile it names (./profile.json). */
  breaks: "scenario" | "profile";
  edit: (j: Json) => void;
  /** The JSON path the message must name (after `file: `). */
  path: string;
  /** Text the message must contain. */
  fragments: string[];
}

const scenarioCase = (name: string, edit: (s: Json) => void, path: string, ...fragments: string[]): FileCase => ({ name, breaks: "scenario", edit, path, fragments });
const profileCase = (name: string, edit: (p: Json) => void, path: string, ...fragments: string[]): FileCase => ({ name, breaks: "profile", edit, path, fragments });

const fileCases: FileCase[] = [
  // wrong types
  scenarioCase("variants given as a string", (s) => (s.variants = "all"), "variants", 'must be a list of 1 to 64 variants', '(got "all")'),
  scenarioCase("a seed given as text", (s) => (s.workload.seed = "7"), "workload.seed", "must be a seed from 0 to 4294967295"),
  profileCase("a CPU count given as text", (p) => (p.cpus = "4"), "cpus", "cpus must be an integer from 1 to 64", '(got "4")'),
  profileCase("a clock of null", (p) => (p.clockGHz = null), "clockGHz", "clockGHz must be a number from 0.1 to 10", "(got null)"),
  profileCase("ddio.enabled given as a number", (p) => (p.ddio.enabled = 1), "ddio.enabled", "ddio.enabled must be true or false", "(got 1)"),
  // out of range, negative, fractional
  scenarioCase("a negative packet count", (s) => (s.workload.packets = -5), "workload.packets", "from 1 up", "(got -5)"),
  scenarioCase("a fractional packet count", (s) => (s.workload.packets = 1.5), "workload.packets", "(got 1.5)"),
  scenarioCase("zero flows", (s) => (s.workload.flows = 0), "workload.flows", "from 1 to 65536", "(got 0)"),
  scenarioCase("a jumbo frame", (s) => (s.workload.packetBytes = 9000), "workload.packetBytes", "from 64 to 1518", "(got 9000)"),
  scenarioCase("a load of zero packets per second", (s) => (s.workload.load = { pps: 0 }), "workload.load.pps", "(got 0)"),
  scenarioCase("a seed above 2³² − 1", (s) => (s.workload.seed = 2 ** 32), "workload.seed", "(got 4294967296)"),
  scenarioCase("negative application work", (s) => (s.workload.appWorkCycles = -3), "workload.appWorkCycles", "from 0 to 1000000", "(got -3)"),
  scenarioCase("a negative netfilter rule count", (s) => (s.netfilter = { rules: -1, conntrack: false }), "netfilter.rules", "from 0 to 10000", "(got -1)"),
  scenarioCase("an interrupt CPU the machine does not have", (s) => (s.variants[0].irqCpu = 9), "variants[0].irqCpu", "from 0 to 3", "has 4 CPUs", "(got 9)"),
  scenarioCase("a negative app CPU", (s) => (s.apps[0].cpu = -1), "apps[0].cpu", "(got -1)"),
  scenarioCase("a ring of zero descriptors", (s) => (s.variants[0].nic = { ringEntries: 0 }), "variants[0].nic.ringEntries", "a power of two from 64 to 4096", "(got 0)"),
  scenarioCase("a receive buffer too small for the frames", (s) => (s.variants[0].nic = { bufferBytes: 1000 }), "variants[0].nic.bufferBytes", "at least 1536", "(got 1000)"),
  scenarioCase("a channel of 3 slots", (s) => (s.variants[0] = { name: "ch", path: "channel-user", channel: { slots: 3 } }), "variants[0].channel.slots", "a power of two from 2 to 65536", "(got 3)"),
  profileCase("a negative hop latency", (p) => (p.hopCycles = -1), "hopCycles", "from 1 to 1000000", "(got -1)"),
  profileCase("a cache set count that is no power of two", (p) => (p.l1d.sets = 100), "l1d.sets", "a power of two", "(got 100)"),
  profileCase("a kernel step of ten million cycles", (p) => (p.kernel.copyPerLine = 1e7), "kernel.copyPerLine", "from 0 to 1000000", "(got 10000000)"),
  profileCase("DDIO in more ways than the LLC has", (p) => (p.ddio.ways = 12), "ddio.ways", "ddio.ways (12) must not exceed llc.ways (11)"),
  profileCase("complexes that do not tile the CPUs", (p) => (p.complexes = { cpusPerComplex: 3, crossTransferCycles: 300 }), "complexes.cpusPerComplex", "must divide cpus (4)"),
  // unknown keys, with a suggestion
  scenarioCase("a misspelt workload key (lod)", (s) => ((s.workload.lod = s.workload.load), delete s.workload.load), "workload.lod", 'unknown key "lod" (did you mean "load"?)'),
  profileCase("a misspelt profile key (remoteTransferCyles)", (p) => ((p.remoteTransferCyles = p.remoteTransferCycles), delete p.remoteTransferCycles), "remoteTransferCyles", 'unknown key "remoteTransferCyles" (did you mean "remoteTransferCycles"?)'),
  scenarioCase("a misspelt variant key (irqCPU)", (s) => (s.variants[0].irqCPU = 0), "variants[0].irqCPU", 'unknown key "irqCPU" (did you mean "irqCpu"?)'),
  // missing required fields
  scenarioCase("no load", (s) => delete s.workload.load, "workload.load", "is required"),
  scenarioCase("no variants", (s) => delete s.variants, "variants", "is required"),
  profileCase("no NAPI weight", (p) => delete p.kernel.napiWeight, "kernel.napiWeight", "is required (an integer from 1 to 1024)"),
  profileCase("complexes without their transfer cost", (p) => (p.complexes = { cpusPerComplex: 2 }), "complexes.crossTransferCycles", "is required"),
  // values of the wrong set, names that do not exist
  scenarioCase("an unknown path, with a suggestion", (s) => (s.variants[0].path = "classic-crosss"), "variants[0].path", 'must be one of "classic-cross"', '(got "classic-crosss") (did you mean "classic-cross"?)'),
  scenarioCase("an unknown arrival process", (s) => (s.workload.arrival = "bursty"), "workload.arrival", '(got "bursty")'),
  scenarioCase("two variants of one name", (s) => (s.variants[1].name = s.variants[0].name), "variants[1].name", 'repeats variants[0].name "cross"'),
  scenarioCase("an empty variant list", (s) => (s.variants = []), "variants", "(got [])"),
  scenarioCase("a machine that is not shipped", (s) => (s.machine = "no-such-profile"), "machine", 'names no shipped profile (got "no-such-profile"'),
  // sizes beyond memory
  profileCase("caches too big for one WebAssembly memory (64 CPUs × 64 MiB of L2 tags)", (p) => ((p.cpus = 64), (p.l2 = { sets: 1 << 20, ways: 32, hitCycles: 14 })), "machine", "the memory map needs 32940 MiB but a WebAssembly memory holds at most 4096 MiB", "l2's tag arrays"),
  scenarioCase("receive buffers too big for one WebAssembly memory (16 queues × 4096 × 64 KiB)", (s) => ((s.variants[2].nic = { ringEntries: 4096, bufferBytes: 65536 }), (s.variants[2].queues = 16)), "variants[2].nic", 'variant "rss": the memory map needs', "its receive buffers take 4096 MiB (16 queues × 4096 descriptors × 65536 bytes)"),
  // expectations
  scenarioCase("an expectation on a metric that does not exist", (s) => (s.expect = [{ variant: "affine", metric: "speed", op: "<", value: 1 }]), "expect[0].metric", 'has no field "speed" (the figures are measuredCycles, packets, cyclesPerPacket, bouncesPerPacket,'),
  scenarioCase("an expectation on a misspelt metric", (s) => (s.expect = [{ variant: "affine", metric: "cyclesPerPacket.totl", op: "<", value: 1 }]), "expect[0].metric", '(did you mean "cyclesPerPacket.total"?)'),
  scenarioCase("an expectation about a variant that does not exist", (s) => (s.expect = [{ variant: "nope", metric: "cyclesPerPacket.total", op: "<", value: 1 }]), "expect[0].variant", 'names no variant of this scenario: "nope"'),
  scenarioCase("an expectation with an unknown operator", (s) => (s.expect = [{ variant: "affine", metric: "cyclesPerPacket.total", op: "=~", value: 1 }]), "expect[0].op", '(got "=~")'),
];

describe("malformed files: file and JSON path named, exit 2, no output file", () => {
  test.each(fileCases.map((c, i) => [c.name, i, c] as const))("%s", async (_, i, c) => {
    const folder = mkdtempSync(join(dir, `case${i}-`));
    const scenario = shippedScenario();
    let named = join(folder, "scenario.json");
    if (c.breaks === "profile") {
      const profile = shippedProfile();
      c.edit(profile);
      writeFileSync(join(folder, "profile.json"), JSON.stringify(profile, null, 2));
      scenario.machine = "./profile.json";
      // a profile that is refused by itself is named in the message; one too big for memory is refused
      // at the scenario's `machine`, which is what ties the profile to a run
      if (c.path !== "machine") named = join(folder, "profile.json");
    } else c.edit(scenario);
    const file = join(folder, "scenario.json");
    writeFileSync(file, JSON.stringify(scenario, null, 2));

    const run = await netchan("run", file, "--packets", "10", "--json", join(folder, "out.json"), "--csv", join(folder, "out.csv"), "--junit", join(folder, "out.xml"));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${named}: ${c.path}: `);
    for (const f of c.fragments) expect(run.stderr).toContain(f);
    expect(outputsIn(folder)).toEqual([]);

    const validate = await netchan("validate", file);
    expect(validate.status).toBe(2);
    expect(validate.stderr).toBe(run.stderr);
  });

  test("there are at least 30 file cases", () => {
    expect(fileCases.length).toBeGreaterThanOrEqual(30);
  });
});

describe("malformed files that are not a scenario at all", () => {
  const runRefuses = async (file: string, expected: string) => {
    const folder = mkdtempSync(join(dir, "whole-"));
    const r = await netchan("run", file, "--json", join(folder, "out.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(expected);
    expect(outputsIn(folder)).toEqual([]);
  };

  test("a NaN in the file is a JSON syntax error naming the file, the line and the column", async () => {
    const file = join(dir, "nan.json");
    writeFileSync(file, readFileSync(join(ROOT, "sim-config/scenarios/classic-steering.json"), "utf8").replace('"seed": 1', '"seed": NaN'));
    await runRefuses(file, `${file}: not valid JSON at line 11, column 13`);
  });

  test("a trailing comma is a JSON syntax error naming the file", async () => {
    const file = join(dir, "comma.json");
    writeFileSync(file, '{ "name": "x", }');
    await runRefuses(file, `${file}: not valid JSON at line 1`);
  });

  test("a file that does not exist is named", async () => {
    await runRefuses(join(dir, "missing.json"), `${join(dir, "missing.json")}: no such file`);
  });

  test("a machine profile given to run is refused as the wrong kind of file", async () => {
    const file = join(ROOT, "sim-config/profiles/modern-1s.json");
    const folder = mkdtempSync(join(dir, "kind-"));
    const r = await netchan("run", file, "--json", join(folder, "out.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${file}: is a machine profile, not a scenario (a scenario has machine, workload, apps, netfilter, variants, expect)\n`);
    expect(outputsIn(folder)).toEqual([]);
  });
});

describe("malformed options: the option named, exit 2, no output file", () => {
  const scenario = join(ROOT, "sim-config/scenarios/classic-steering.json");
  const optionCases: [string, string[], string][] = [
    ["--packets 0", ["--packets", "0"], "option '--packets <n>' argument '0' is invalid. It must be a whole number from 1 to 1000000000."],
    ["--packets -1", ["--packets", "-1"], "option '--packets <n>' argument '-1' is invalid"],
    ["--packets NaN", ["--packets", "NaN"], "option '--packets <n>' argument 'NaN' is invalid"],
    ["--packets 1e3 (not rounded)", ["--packets", "1e3"], "option '--packets <n>' argument '1e3' is invalid"],
    ["--packets 2.5", ["--packets", "2.5"], "option '--packets <n>' argument '2.5' is invalid"],
    ["--seed -1", ["--seed", "-1"], "option '--seed <n>' argument '-1' is invalid. It must be a whole number from 0 to 4294967295."],
    ["--seed beyond 32 bits", ["--seed", "4294967296"], "option '--seed <n>' argument '4294967296' is invalid"],
    ["--scheduler fast", ["--scheduler", "fast"], "option '--scheduler <name>' argument 'fast' is invalid. Allowed choices are inthread, workers."],
    ["--workers 0", ["--workers", "0"], "option '--workers <n>' argument '0' is invalid"],
    ["--workers with --scheduler inthread", ["--workers", "2", "--scheduler", "inthread"], "option '--workers <n>' needs --scheduler workers"],
    ["--json and --csv naming one file", ["--json", "SAME", "--csv", "SAME"], "options '--json' and '--csv' name the same file"],
    ["--json - and --junit -", ["--json", "-", "--junit", "-"], "options '--json -' and '--junit -' cannot both write to standard output"],
    ["--json in a folder that does not exist", ["--json", "NOFOLDER/out.json"], "option '--json <file>': cannot write"],
    ["--csv naming a folder", ["--csv", "FOLDER"], "option '--csv <file>': cannot write"],
    ["an unknown option, with a suggestion", ["--packet", "10"], "error: unknown option '--packet'\n(Did you mean --packets?)"],
  ];

  test.each(optionCases)("%s", async (_, args, message) => {
    const folder = mkdtempSync(join(dir, "opt-"));
    const real = args.map((a) => (a === "SAME" ? join(folder, "out.same") : a === "NOFOLDER/out.json" ? join(folder, "no", "out.json") : a === "FOLDER" ? folder : a));
    const outs = real.includes("--json") ? [] : ["--json", join(folder, "out.json")];
    const r = await netchan("run", scenario, ...real, ...outs);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(outputsIn(folder)).toEqual([]);
  });
});

describe("malformed sweeps: the setting or option named, exit 2, no output file", () => {
  const scenario = join(ROOT, "sim-config/scenarios/classic-steering.json");
  const sweepCases: [string, string[], string][] = [
    ["a --set path with a misspelt key", ["--set", "workload.lod.pps=1,2"], '--set workload.lod.pps=1: workload.lod: unknown key "lod" (did you mean "load"?)'],
    ["a --set path that leads nowhere", ["--set", "nosuch=1"], '--set nosuch=1: nosuch: unknown key "nosuch"'],
    ["a --set value out of range", ["--set", "workload.load.pps=0,1000"], "--set workload.load.pps=0: workload.load.pps: must be a number of packets per second from 1 to 1e9 (got 0)"],
    ["a --set of a profile value out of range", ["--set", "machine.cpus=4,65"], "--set machine.cpus=65: machine.cpus: cpus must be an integer from 1 to 64 (got 65)"],
    ["a --set without values", ["--set", "workload.load.pps"], "--set workload.load.pps: must be <path>=<v1,v2,…>"],
    ["a shard index of 0", ["--set", "workload.load.pps=1000", "--shard", "0/2"], "option '--shard <i/n>' argument '0/2' is invalid. The shard index i must be from 1 to n = 2 (got 0)"],
    ["a shard index beyond the count", ["--set", "workload.load.pps=1000", "--shard", "3/2"], "option '--shard <i/n>' argument '3/2' is invalid"],
    ["a shard spec that is not i/n", ["--set", "workload.load.pps=1000", "--shard", "a/b"], "option '--shard <i/n>' argument 'a/b' is invalid. It must be i/n"],
    [
      "a point whose machine is beyond memory",
      ["--set", "machine.cpus=64", "--set", "machine.l2.sets=1048576", "--set", "machine.l2.ways=32"],
      "with machine.cpus=64, machine.l2.sets=1048576, machine.l2.ways=32: machine: profile modern-1s: the memory map needs 32940 MiB",
    ],
  ];

  test.each(sweepCases)("%s", async (_, args, message) => {
    const folder = mkdtempSync(join(dir, "sweep-"));
    const r = await netchan("sweep", scenario, ...args, "--packets", "10", "--json", join(folder, "out.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(outputsIn(folder)).toEqual([]);
  });
});

describe("malformed merges: the file named, exit 2, no output file", () => {
  const mergeCases: [string, () => string, (file: string) => string][] = [
    ["a file that is not a sweep", () => join(ROOT, "sim-config/profiles/modern-1s.json"), (f) => `${f}: schema: is null, not "netchan-sweep/1": not a sweep file`],
    ["a file that does not exist", () => join(dir, "no-shard.json"), (f) => `${f}: no such file`],
    ["a shard cut short", () => {
      const f = join(dir, "cut.json");
      writeFileSync(f, '{"schema":"netchan-sweep/1"\n');
      return f;
    }, (f) => `${f}: not valid JSON at line 2, column 1`],
  ];

  test.each(mergeCases)("%s", async (_, make, message) => {
    const folder = mkdtempSync(join(dir, "merge-"));
    const file = make();
    const r = await netchan("merge", file, "--json", join(folder, "out.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message(file));
    expect(outputsIn(folder)).toEqual([]);
  });
});

describe("the process itself", () => {
  test("bin/netchan.js exits with status 2 on a malformed file and names it, writing nothing", () => {
    const folder = mkdtempSync(join(dir, "proc-"));
    const s = shippedScenario();
    s.workload.packets = -5;
    const file = join(folder, "scenario.json");
    writeFileSync(file, JSON.stringify(s));
    const r = spawnSync(process.execPath, [join(ROOT, "bin/netchan.js"), "run", file, "--json", join(folder, "out.json")], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: workload.packets: `);
    expect(outputsIn(folder)).toEqual([]);
  });
});
