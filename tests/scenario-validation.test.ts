// Bad scenarios are refused before anything runs, with a message naming the file, the JSON path and what
// was expected. Each case starts from the shipped classic-steering scenario (modern-1s, 4 flows, one app
// on CPU 1, six variants: cross, affine, rss, rps, rfs, arfs) and changes one thing, so the refusal can
// only come from that change. The command line is run in-process through runCli.
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Output } from "../src/cli/context.js";
import { runCli } from "../src/cli/program.js";
import { profilesDir } from "../src/config/profiles.js";
import { loadScenario } from "../src/scenario/load.js";
import { parseScenarioFile } from "../src/scenario/schema.js";
import { expectOnlyIssue, profileWithCpus, refusal, removeTempTrees, resolveWith, scenarioWith, SHIPPED, tempTree, type Json } from "./helpers/scenarios.js";

afterAll(removeTempTrees);

interface Case {
  name: string;
  edit: (s: Json) => void;
  path: string;
  message: string;
}

const LOAD_FORMS =
  '{ "pps": packets per second }, { "gbps": Gbit/s of frames and their line overhead } or { "lineRate": "10GbE" | "25GbE" | "40GbE" | "100GbE", "percent": above 0, at most 100 (default 100) }';

const cases: Case[] = [
  { name: "an unknown key is refused, with the key it is likely a typo of", edit: (s) => (s.workload.packetbytes = 64), path: "workload.packetbytes", message: 'unknown key "packetbytes" (did you mean "packetBytes"?)' },
  { name: "an unknown key inside one form of a field is refused, with a suggestion from that form", edit: (s) => (s.workload.load = { lineRate: "10GbE", precent: 50 }), path: "workload.load.precent", message: 'unknown key "precent" (did you mean "percent"?)' },
  { name: "a number given as text is refused as a wrong type, quoting the text", edit: (s) => (s.workload.packets = "5000"), path: "workload.packets", message: 'must be a number of measured packets from 1 up (or give durationUs instead) (got "5000")' },
  { name: "a missing load is refused as required, listing its forms", edit: (s) => delete s.workload.load, path: "workload.load", message: `is required (${LOAD_FORMS})` },
  { name: "a load in none of its forms is refused, listing them", edit: (s) => (s.workload.load = "fast"), path: "workload.load", message: `must be ${LOAD_FORMS} (got "fast")` },
  { name: "a load in one form with a bad value is refused at that value", edit: (s) => (s.workload.load = { pps: "lots" }), path: "workload.load.pps", message: 'must be a number of packets per second from 1 to 1e9 (got "lots")' },
  { name: "an unknown line rate is refused, listing the known ones", edit: (s) => (s.workload.load = { lineRate: "20GbE" }), path: "workload.load.lineRate", message: 'must be one of "10GbE", "25GbE", "40GbE", "100GbE" (got "20GbE")' },
  { name: "a missing variant list is refused as required", edit: (s) => delete s.variants, path: "variants", message: "is required (a list of 1 to 64 variants { name, path, … })" },
  { name: "an empty variant list is refused", edit: (s) => (s.variants = []), path: "variants", message: "must be a list of 1 to 64 variants { name, path, … } (got [])" },
  { name: "giving both packets and durationUs is refused", edit: (s) => (s.workload.durationUs = 5000), path: "workload.durationUs", message: "give packets or durationUs, not both (packets counts the measured packets; durationUs is simulated time)" },
  { name: "giving neither packets nor durationUs is refused", edit: (s) => delete s.workload.packets, path: "workload.packets", message: "is required (a number of measured packets), unless durationUs gives the run's length in simulated time" },
  { name: "a frame larger than 1518 bytes is refused", edit: (s) => (s.workload.packetBytes = 9000), path: "workload.packetBytes", message: "must be a frame size in bytes from 64 to 1518 (on the wire, FCS included) (got 9000)" },
  { name: "a uniform size range whose min exceeds its max is refused", edit: (s) => (s.workload.packetBytes = { uniform: [1518, 64] }), path: "workload.packetBytes.uniform", message: "must be [min, max] with min ≤ max (got [1518,64])" },
  { name: "an arrival process of no known form is refused, listing the forms", edit: (s) => (s.workload.arrival = "bursty"), path: "workload.arrival", message: 'must be "constant", "poisson" or { "onoff": { "onUs", "offUs" } } (got "bursty")' },
  { name: "on/off arrivals without offUs are refused as required", edit: (s) => (s.workload.arrival = { onoff: { onUs: 100 } }), path: "workload.arrival.onoff.offUs", message: "is required (a number of microseconds above 0, at most 1000000)" },
  { name: "a flow with a bad address is refused at its src", edit: (s) => (s.workload.flows = [{ src: "10.0.0.256", dst: "10.0.0.1", sport: 1, dport: 2 }, { src: "10.0.0.3", dst: "10.0.0.1", sport: 1, dport: 2 }, { src: "10.0.0.4", dst: "10.0.0.1", sport: 1, dport: 2 }, { src: "10.0.0.5", dst: "10.0.0.1", sport: 1, dport: 2 }]), path: "workload.flows[0].src", message: 'must be an IPv4 address "a.b.c.d" (got "10.0.0.256")' },
  { name: "two flows with one 4-tuple are refused at the second", edit: (s) => (s.workload.flows = [0, 1, 2, 1].map((k) => ({ src: `10.0.0.${k + 2}`, dst: "10.0.0.1", sport: 1, dport: 2 }))), path: "workload.flows[3]", message: "repeats the 4-tuple of workload.flows[1]: flows must be distinct" },
  { name: "a flow read by two apps is refused at its second listing", edit: (s) => (s.apps = [{ cpu: 1, flows: [0, 1, 2] }, { cpu: 2, flows: [2, 3] }]), path: "apps[1].flows[0]", message: "flow 2 is already read by apps[0]: every flow belongs to exactly one app" },
  { name: "a flow read by no app is refused, naming the flow", edit: (s) => (s.apps = [{ cpu: 1, flows: [0, 1, 3] }]), path: "apps", message: "flow 2 is read by no app: every flow belongs to exactly one app" },
  { name: "an app reading a flow the workload does not have is refused", edit: (s) => (s.apps = [{ cpu: 1, flows: [0, 1, 2, 3, 4] }]), path: "apps[0].flows[4]", message: "must be a flow index from 0 to 3: the workload has 4 flows (got 4)" },
  { name: "a variant's own apps are held to the same rule", edit: (s) => (s.variants[2].apps = [{ cpu: 1, flows: [0, 1, 1, 2, 3] }]), path: "variants[2].apps[0].flows[2]", message: "lists flow 1 twice" },
  { name: "an app on a CPU the machine lacks (CPU 4 of 4) is refused", edit: (s) => (s.apps[0].cpu = 4), path: "apps[0].cpu", message: "must be a CPU number from 0 to 3: machine modern-1s has 4 CPUs (got 4)" },
  { name: "classic-affine with apps on two CPUs is refused", edit: (s) => (s.apps = [{ cpu: 1, flows: [0, 1] }, { cpu: 2, flows: [2, 3] }]), path: "variants[1].path", message: "classic-affine needs all apps on one CPU, the one that takes the interrupt (the apps are on CPUs 1, 2)" },
  { name: "classic-affine with an irqCpu other than the apps' CPU is refused", edit: (s) => (s.variants[1].irqCpu = 2), path: "variants[1].irqCpu", message: "classic-affine takes the interrupt on the apps' CPU (1); leave irqCpu out or give 1 (got 2)" },
  { name: "classic-cross with its irqCpu on an app's CPU is refused: it would not be cross", edit: (s) => (s.variants[0].irqCpu = 1), path: "variants[0].irqCpu", message: "CPU 1 runs an app (the apps are on CPU 1): classic-cross takes the interrupt on a CPU that runs none, or it would not be cross — for receive and read on one CPU, use classic-affine" },
  { name: "classic-cross when every CPU runs an app is refused", edit: (s) => { s.apps = [0, 1, 2, 3].map((c) => ({ cpu: c, flows: [c] })); s.variants = [{ name: "cross", path: "classic-cross" }]; }, path: "variants[0].path", message: "classic-cross takes the interrupt on the lowest CPU that runs no app, but every CPU of machine modern-1s (4) runs one" },
  { name: "an irqCpu the machine lacks is refused", edit: (s) => (s.variants[3].irqCpu = 9), path: "variants[3].irqCpu", message: "must be a CPU number from 0 to 3: machine modern-1s has 4 CPUs (got 9)" },
  { name: "an irqCpu list on a one-queue path is refused", edit: (s) => (s.variants[0].irqCpu = [2]), path: "variants[0].irqCpu", message: "classic-cross has one queue: give one CPU number (got [2])" },
  { name: "one irqCpu on a multi-queue path is refused", edit: (s) => (s.variants[2].irqCpu = 2), path: "variants[2].irqCpu", message: "classic-rss has several queues: give a list of CPUs, one per queue (got 2)" },
  { name: "an irqCpu list of another length than queues is refused", edit: (s) => Object.assign(s.variants[2], { queues: 4, irqCpu: [0, 1] }), path: "variants[2].irqCpu", message: "must list one CPU per queue (queues is 4; got 2 CPUs)" },
  { name: "queues on a one-queue path is refused", edit: (s) => (s.variants[3].queues = 2), path: "variants[3].queues", message: "classic-rps has one queue; queues applies to classic-rss, classic-arfs (got 2)" },
  { name: "rpsCpus on a path without software steering is refused", edit: (s) => (s.variants[2].rpsCpus = [0, 1]), path: "variants[2].rpsCpus", message: "classic-rss does no software steering; rpsCpus applies to classic-rps, classic-rfs, classic-arfs" },
  { name: "an rpsCpus entry the machine lacks is refused", edit: (s) => (s.variants[4].rpsCpus = [0, 4]), path: "variants[4].rpsCpus[1]", message: "must be a CPU number from 0 to 3: machine modern-1s has 4 CPUs (got 4)" },
  { name: "classic-arfs with no queue interrupting an app's CPU is refused", edit: (s) => (s.variants[5].queues = 1), path: "variants[5].queues", message: "classic-arfs steers each flow to a queue whose interrupt goes to its app's CPU, but no queue's does for CPU 1 (queue interrupts go to 0)" },
  { name: "duplicate variant names are refused at the second", edit: (s) => (s.variants[3].name = "rss"), path: "variants[3].name", message: 'repeats variants[2].name "rss": variant names must be unique' },
  { name: "an unknown path is refused, listing the paths", edit: (s) => (s.variants[0].path = "channel"), path: "variants[0].path", message: 'must be one of "classic-cross", "classic-affine", "classic-rss", "classic-rps", "classic-rfs", "classic-arfs", "channel-softirq", "channel-socket", "channel-user" (got "channel")' },
  { name: "netfilter true (rather than an object or false) is refused", edit: (s) => (s.variants[0].netfilter = true), path: "variants[0].netfilter", message: "must be netfilter { rules, conntrack, nat }, or false for none (got true)" },
  { name: "two apps on one CPU are refused at the second app's cpu: the model runs one app per CPU", edit: (s) => (s.apps = [{ cpu: 1, flows: [0, 1] }, { cpu: 1, flows: [2, 3] }]), path: "apps[1].cpu", message: "CPU 1 already runs apps[0]: the model runs one app per CPU, so give that app all of the CPU's flows" },
  { name: "a variant's own apps are refused the same way, at their own path", edit: (s) => (s.variants[4].apps = [{ cpu: 2, flows: [0] }, { cpu: 3, flows: [1] }, { cpu: 2, flows: [2, 3] }]), path: "variants[4].apps[2].cpu", message: "CPU 2 already runs variants[4].apps[0]: the model runs one app per CPU, so give that app all of the CPU's flows" },
  { name: "rxUsecs and rxFrames both 0 are refused: no interrupt would fire", edit: (s) => (s.variants[0].nic = { rxUsecs: 0 }), path: "variants[0].nic.rxFrames", message: "rxUsecs and rxFrames cannot both be 0: no interrupt would ever fire (for one interrupt per frame, set rxUsecs 0 and rxFrames 1)" },
  { name: "a receive buffer too small for the largest frame is refused", edit: (s) => (s.variants[0].nic = { bufferBytes: 1024 }), path: "variants[0].nic.bufferBytes", message: "must be a multiple of the line size (64) of at least 1536, enough for the workload's largest frame (1514 bytes without its FCS) (got 1024)" },
  { name: "a ring size that is not a power of two is refused", edit: (s) => (s.variants[0].nic = { ringEntries: 1000 }), path: "variants[0].nic.ringEntries", message: "must be a power of two from 64 to 4096 (got 1000)" },
  { name: "a profile name that is not shipped is refused at machine", edit: (s) => (s.machine = "modern-2s"), path: "machine", message: 'names no shipped profile (got "modern-2s"; shipped: chiplet-zen3, fsb-2006, modern-1s); a profile file is given by its path, relative to this file' },
];

describe("scenario values (resolveScenario)", () => {
  test("the shipped scenario is accepted (the base every case changes)", () => {
    expect(() => resolveWith()).not.toThrow();
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, { edit, path, message }) => {
    expectOnlyIssue(refusal(() => resolveWith(edit)), SHIPPED, path, message);
  });

  test("every bad field of a scenario is reported at once", () => {
    const e = refusal(() => resolveWith((s) => {
      s.workload.seed = -1;
      s.variants[0].colour = "red";
    }));
    expect(e.issues.map((i) => i.path)).toEqual(["workload.seed", "variants[0].colour"]);
  });

  test("a scenario that is not an object is refused at its root", () => {
    expectOnlyIssue(refusal(() => parseScenarioFile([1], "x.json")), "x.json", "", "must be a scenario { name, machine, workload, variants } (got [1])");
  });

  test("a machine profile given as a scenario is refused in one line, saying what it is", () => {
    const profile = join(profilesDir(), "modern-1s.json");
    expectOnlyIssue(refusal(() => loadScenario(profile)), profile, "", "is a machine profile, not a scenario (a scenario has machine, workload, apps, netfilter, variants, expect)");
  });

  test("a bad --packets or --seed is refused naming the option", () => {
    expectOnlyIssue(refusal(() => resolveWith(undefined, { packets: 0 })), "--packets", "", "must be a whole number of packets from 1 to 4294967295 (got 0)");
    expectOnlyIssue(refusal(() => resolveWith(undefined, { seed: 1.5 })), "--seed", "", "must be a whole number from 0 to 4294967295 (got 1.5)");
  });
});

describe("files on disk (loadScenario)", () => {
  test("invalid JSON is refused naming the file, the line and the column", () => {
    const file = join(tempTree({ "s.json": '{\n  "name": "x",\n}\n' }), "s.json");
    expectOnlyIssue(refusal(() => loadScenario(file)), file, "", 'not valid JSON at line 2, column 14 (offset 15): a comma before "}" (JSON allows no trailing comma)');
  });

  test("a profile path that leads nowhere is refused at machine, with the path it tried", () => {
    const dir = tempTree({ "s.json": scenarioWith((s) => (s.machine = "../profiles/none.json")) });
    const file = join(dir, "s.json");
    expectOnlyIssue(refusal(() => loadScenario(file)), file, "machine", `no profile file at ${join(dir, "../profiles/none.json")} (got "../profiles/none.json"; a path is relative to the scenario file)`);
  });

  test("a bad profile is refused naming the profile file and its field", () => {
    const dir = tempTree({ "p.json": { ...profileWithCpus(4), cpus: 65 }, "s.json": scenarioWith((s) => (s.machine = "p.json")) });
    expectOnlyIssue(refusal(() => loadScenario(join(dir, "s.json"))), join(dir, "p.json"), "cpus", "cpus must be an integer from 1 to 64 (got 65)");
  });
});

/** Runs the command line in-process; returns its status and what it printed. */
async function netchan(...args: string[]) {
  let stdout = "", stderr = "";
  const io: Output = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), columns: undefined };
  const status = await runCli(["node", "netchan", ...args], io);
  return { status, stdout, stderr };
}

describe("the command line", () => {
  test("`netchan validate` accepts the shipped scenario: status 0 and `ok <file>`", async () => {
    expect(await netchan("validate", SHIPPED)).toEqual({ status: 0, stdout: `ok ${SHIPPED}\n`, stderr: "" });
  });

  test("`netchan validate` refuses a flow read by two apps: status 2, naming the file and the JSON path", async () => {
    const file = join(tempTree({ "two-apps.json": scenarioWith((s) => (s.apps = [{ cpu: 1, flows: [0, 1, 2] }, { cpu: 2, flows: [2, 3] }])) }), "two-apps.json");
    expect(await netchan("validate", file)).toEqual({ status: 2, stdout: "", stderr: `${file}: apps[1].flows[0]: flow 2 is already read by apps[0]: every flow belongs to exactly one app\n` });
  });

  test("`netchan validate` resolves against the machine: an app on CPU 4 of a 4-CPU profile exits 2", async () => {
    const file = join(tempTree({ "cpu4.json": scenarioWith((s) => (s.apps[0].cpu = 4)) }), "cpu4.json");
    expect(await netchan("validate", file)).toEqual({ status: 2, stdout: "", stderr: `${file}: apps[0].cpu: must be a CPU number from 0 to 3: machine modern-1s has 4 CPUs (got 4)\n` });
  });

  test("`netchan validate` knows a scenario without $schema by its keys", async () => {
    const file = join(tempTree({ "bare.json": scenarioWith((s) => delete s.$schema) }), "bare.json");
    expect(await netchan("validate", file)).toEqual({ status: 0, stdout: `ok ${file}\n`, stderr: "" });
  });

  test("`netchan list` shows classic-steering with its machine, its 6 variants and its description", async () => {
    const r = await netchan("list");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^Scenarios \(sim-config\/scenarios\/\):\nclassic-steering\s+modern-1s\s+6 variants\s+The classic receive path/m);
  });

  test("`netchan list --json` has a scenario row with its machine and variant names", async () => {
    const rows = JSON.parse((await netchan("list", "--json")).stdout) as Json[];
    expect(rows.find((r) => r.name === "classic-steering")).toMatchObject({
      kind: "scenario", machine: "modern-1s", variants: ["cross", "affine", "rss", "rps", "rfs", "arfs"], file: SHIPPED,
    });
  });
});
