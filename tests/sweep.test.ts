// `netchan sweep`: how --set and --shard are read, the order and sharing of points, every refusal before a
// run (exit 2, the option or field named, no file written), and — on real runs of a small scenario — that a
// sweep's content depends on neither the number of worker threads nor the sharding.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { crossProduct } from "../src/sweep/points.js";
import { sweepSchema } from "../src/sweep/schema.js";
import { parsePath, parseSettings, parseValues } from "../src/sweep/settings.js";
import { inShard, parseShard } from "../src/sweep/shard.js";
import { netchan, smallScenario, withoutHost } from "./helpers/sweeps.js";

let dir: string;
let scenario: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "netchan-sweep-"));
  scenario = smallScenario(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--set is read into axes", () => {
  test("a path reads as keys, [n] as an index and [*] as every element", () => {
    expect(parsePath("workload.load.pps")).toEqual(["workload", "load", "pps"]);
    expect(parsePath("variants[2].nic.rxUsecs")).toEqual(["variants", 2, "nic", "rxUsecs"]);
    expect(parsePath("variants[*].irqCpu[0]")).toEqual(["variants", "*", "irqCpu", 0]);
  });

  test("values split at top-level commas; JSON is read as JSON and anything else as text", () => {
    expect(parseValues("1e5,200000")).toEqual([100000, 200000]);
    expect(parseValues("constant,poisson")).toEqual(["constant", "poisson"]);
    expect(parseValues('[0,1],[2,3],{"pps":5,"x":[1,2]},"4",true')).toEqual([[0, 1], [2, 3], { pps: 5, x: [1, 2] }, "4", true]);
  });

  test("axes keep the order given and name themselves by their normalised path", () => {
    const axes = parseSettings(["workload.load.pps=1,2", "variants[*].queues=1,2,4"]);
    expect(axes.map((a) => [a.path, a.values])).toEqual([["workload.load.pps", [1, 2]], ["variants[*].queues", [1, 2, 4]]]);
  });

  test.each([
    ["workload.load.pps", "must be <path>=<v1,v2,…>"],
    ["=1,2", "no path before '='"],
    ["workload..pps=1", "is not a JSON path"],
    ["variants[x].queues=1", '"[x]" in "variants[x].queues" is not a list index'],
    ["workload.packets=1,,2", "value 2 of \"1,,2\" is empty"],
    ["workload.packets=5,5", "the value 5 is given twice"],
    ["variants[0].irqCpu=[0,1", "[0,1 is not valid JSON"],
  ])("--set %s is refused: %s", (setting, message) => {
    expect(() => parseSettings([setting])).toThrow(message);
  });

  test("the same path twice is refused (its values belong in one --set)", () => {
    expect(() => parseSettings(["workload.seed=1", "workload.seed=2"])).toThrow("workload.seed is already set by an earlier --set");
  });
});

describe("points and shards", () => {
  test("the cross product varies the first axis slowest", () => {
    const points = crossProduct(parseSettings(["a=1,2", "b=x,y,z"]));
    expect(points.map((p) => p.set)).toEqual([
      { a: 1, b: "x" }, { a: 1, b: "y" }, { a: 1, b: "z" },
      { a: 2, b: "x" }, { a: 2, b: "y" }, { a: 2, b: "z" },
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("the shards of a sweep hold every point exactly once, dealt round-robin", () => {
    const shares = [1, 2, 3].map((i) => Array.from({ length: 8 }, (_, k) => k).filter((k) => inShard(k, { index: i, count: 3 })));
    expect(shares).toEqual([[0, 3, 6], [1, 4, 7], [2, 5]]);
  });

  test("i/n reads as a 1-based shard", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
  });

  test.each([
    ["0/2", "The shard index i must be from 1 to n = 2 (got 0)"],
    ["3/2", "The shard index i must be from 1 to n = 2 (got 3)"],
    ["a/b", 'It must be i/n, two whole numbers'],
    ["1/0", "The shard count n must be from 1 to 10000 (got 0)"],
    ["-1/2", "It must be i/n"],
    ["1.5/2", "It must be i/n"],
  ])("shard %s is refused: %s", (text, message) => {
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe("a sweep refuses bad input before running anything", () => {
  const refused = async (args: string[]) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.json`);
    const r = await netchan("sweep", scenario, ...args, "--json", out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    return r.stderr;
  };

  test.each(["0/2", "3/2", "a/b", "1/0"])("--shard %s: exit 2, the option named", async (shard) => {
    expect(await refused(["--set", "workload.seed=1,2", "--shard", shard])).toMatch(new RegExp(`^error: option '--shard <i/n>' argument '${shard}' is invalid\\.`));
  });

  test("no --set: exit 2, the option named as required", async () => {
    expect(await refused([])).toContain("error: required option '--set <path=values>' not specified");
  });

  test("an unknown scenario key gets a did-you-mean, with the --set that gave it", async () => {
    expect(await refused(["--set", "workload.pakets=5"])).toBe('--set workload.pakets=5: workload.pakets: unknown key "pakets" (did you mean "packets"?)\n');
  });

  test("an unknown profile key gets a did-you-mean under machine.", async () => {
    expect(await refused(["--set", "machine.l2.setz=4"])).toBe('--set machine.l2.setz=4: machine.l2.setz: unknown key "setz" (did you mean "sets"?)\n');
  });

  test("a value the scenario schema refuses names the field and what it allows", async () => {
    expect(await refused(["--set", "workload.load.pps=100000,-5"])).toBe(
      "--set workload.load.pps=-5: workload.load.pps: must be a number of packets per second from 1 to 1e9 (got -5)\n",
    );
  });

  test("a text where a number belongs is refused as the file would be", async () => {
    expect(await refused(["--set", "workload.packets=many"])).toMatch(/^--set workload\.packets=many: workload\.packets: must be a number of measured packets from 1 up .*\(got "many"\)\n$/);
  });

  test("a profile value out of range names the profile field", async () => {
    expect(await refused(["--set", "machine.cpus=0"])).toMatch(/^--set machine\.cpus=0: machine\.cpus: .*\(got 0\)/);
  });

  test("an index past the end of a list says how long it is", async () => {
    expect(await refused(["--set", "variants[5].queues=2"])).toBe("error: --set variants[5].queues=2: variants has 2 elements (from [0] to [1])\n");
  });

  test("a path through a number leads nowhere", async () => {
    expect(await refused(["--set", "workload.packets.x=1"])).toBe("error: --set workload.packets.x=1: workload.packets is 60, which has no fields: workload.packets.x leads nowhere\n");
  });

  test("a key on a list asks for an index", async () => {
    expect(await refused(["--set", "variants.queues=1"])).toBe("error: --set variants.queues=1: variants is a list: index it, as variants[0].queues or variants[*].queues\n");
  });

  test("values fine alone but not together are refused naming the combination", async () => {
    // two CPUs are fine (the interrupt on CPU 0, the app on 1), and so is the interrupt on CPU 2 of four
    const err = await refused(["--set", "machine.cpus=2,4", "--set", "variants[0].irqCpu=2,3"]);
    expect(err).toBe(
      `${scenario} with machine.cpus=2, variants[0].irqCpu=2: variants[0].irqCpu: must be a CPU number from 0 to 1: machine modern-1s has 2 CPUs (got 2)\n`,
    );
  });

  test("a value refused by the machine's rules names the --set that gave it", async () => {
    expect(await refused(["--set", "machine.cpus=1"])).toBe("--set machine.cpus=1: apps[0].cpu: must be a CPU number from 0 to 0: machine modern-1s has 1 CPUs (got 1)\n");
  });

  test("more than 10000 points are refused, with the count", async () => {
    const values = Array.from({ length: 22 }, (_, i) => i + 1).join(",");
    expect(await refused(["--set", `workload.seed=${values}`, "--set", `workload.appWorkCycles=${values}`, "--set", `workload.warmupPackets=${values}`])).toBe(
      "error: the sweep has 10648 points, more than 10000: split it into several sweeps\n",
    );
  });

  test("--packets and a --set of the run's length are refused together", async () => {
    expect(await refused(["--set", "workload.packets=5,6", "--packets", "10"])).toBe(
      "error: options '--packets' and '--set workload.packets' both set the run's length: give one\n",
    );
  });

  test("a scenario that is itself invalid is refused as run refuses it, naming the file", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, readFileSync(scenario, "utf8").replace('"packets": 60', '"packets": 0'));
    const out = join(dir, "from-bad.json");
    const r = await netchan("sweep", bad, "--set", "workload.seed=1,2", "--json", out);
    expect([r.status, existsSync(out)]).toEqual([2, false]);
    expect(r.stderr).toBe(`${bad}: workload.packets: must be a number of measured packets from 1 up (or give durationUs instead) (got 0)\n`);
  });
});

describe("a sweep's content depends on neither its worker threads nor its shards", () => {
  const SETS = ["--set", "workload.load.pps=50000,100000", "--set", "variants[*].nic.rxUsecs=10,50"];
  const texts = new Map<string, string>();
  const sweep = async (name: string, ...args: string[]) => {
    const file = join(dir, `${name}.json`);
    const r = await netchan("sweep", scenario, ...SETS, "--quiet", "--json", file, ...args);
    expect(r.status, r.stderr).toBe(0);
    texts.set(name, readFileSync(file, "utf8"));
    return file;
  };

  beforeAll(async () => {
    await sweep("one-worker", "--workers", "1");
    await sweep("two-workers", "--workers", "2");
  });

  test("a sweep is a valid netchan-sweep/1 document with its points in order", () => {
    const doc = sweepSchema.parse(JSON.parse(texts.get("one-worker")!));
    expect(doc.pointCount).toBe(4);
    expect(doc.shard).toBeNull();
    expect(doc.points.map((p) => [p.index, p.set])).toEqual([
      [0, { "workload.load.pps": 50000, "variants[*].nic.rxUsecs": 10 }],
      [1, { "workload.load.pps": 50000, "variants[*].nic.rxUsecs": 50 }],
      [2, { "workload.load.pps": 100000, "variants[*].nic.rxUsecs": 10 }],
      [3, { "workload.load.pps": 100000, "variants[*].nic.rxUsecs": 50 }],
    ]);
    // each point ran what it says: its configuration holds its values, and all 60 packets arrived
    for (const p of doc.points) {
      const config = p.result.config as unknown as { variants: { nic: { rxUsecs: number } }[] };
      expect(config.variants.map((v) => v.nic.rxUsecs)).toEqual([p.set["variants[*].nic.rxUsecs"], p.set["variants[*].nic.rxUsecs"]]);
      expect(p.result.variants.map((v) => v.packets.delivered)).toEqual([60, 60]);
    }
    expect(doc.host).toMatchObject({ workers: 1 });
  });

  test("--workers 1 and --workers 2 write the same bytes but for host", () => {
    expect(withoutHost(texts.get("two-workers")!)).toBe(withoutHost(texts.get("one-worker")!));
  });

  test.each([2, 3])("%i shards merged give the unsharded sweep's bytes but for host", async (n) => {
    const shards: string[] = [];
    for (let i = n; i >= 1; i--) shards.push(await sweep(`shard-${i}-of-${n}`, "--shard", `${i}/${n}`, "--workers", "1"));
    const merged = join(dir, `merged-${n}.json`);
    const r = await netchan("merge", ...shards, "--json", merged);
    expect(r.status, r.stderr).toBe(0);
    expect(withoutHost(readFileSync(merged, "utf8"))).toBe(withoutHost(texts.get("one-worker")!));
  });
});

describe("what a sweep reports", () => {
  test("--json - --quiet puts the sweep alone on standard output; --json - alone moves the table to standard error", async () => {
    const quiet = await netchan("sweep", scenario, "--set", "workload.seed=3", "--json", "-", "--quiet", "--workers", "1");
    expect([quiet.status, quiet.stderr]).toEqual([0, ""]);
    expect(JSON.parse(quiet.stdout).points.map((p: { set: object }) => p.set)).toEqual([{ "workload.seed": 3 }]);
    const loud = await netchan("sweep", scenario, "--set", "workload.seed=3", "--json", "-", "--workers", "1");
    expect(withoutHost(loud.stdout)).toBe(withoutHost(quiet.stdout));
    expect(loud.stderr).toMatch(/^\[1\/1\] point 0 workload\.seed=3: done\npoint\s+workload\.seed\s+variant/);
  });

  test("--csv writes a row per point and variant, led by the point and its values (quoted when they must be), then run's columns", async () => {
    const file = join(dir, "sizes.csv");
    const r = await netchan("sweep", scenario, "--set", 'workload.packetBytes=1518,{"uniform":[64,1518]}', "--csv", file, "--quiet", "--workers", "1");
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(file, "utf8").split("\r\n");
    expect(lines[0]).toMatch(/^point,workload\.packetBytes,variant,path,status,offered,delivered,dropped,cycles_per_packet,/);
    const lead = (line: string) => /^(\d+,(?:"(?:[^"]|"")*"|[^,]*),[^,]+,[^,]+,[^,]+,\d+,\d+),/.exec(line)?.[1];
    expect(lines.slice(1, -1).map(lead)).toEqual([
      "0,1518,cross,classic-cross,ok,60,60",
      "0,1518,affine,classic-affine,ok,60,60",
      '1,"{""uniform"":[64,1518]}",cross,classic-cross,ok,60,60',
      '1,"{""uniform"":[64,1518]}",affine,classic-affine,ok,60,60',
    ]);
    expect(lines.at(-1)).toBe("");
  });

  test.each([
    [["--json", "-", "--csv", "-"], "error: options '--json -' and '--csv -' cannot both write to standard output\n"],
    [["--json", "same.out", "--csv", "same.out"], "error: options '--json' and '--csv' name the same file (same.out)\n"],
    [["--csv", "-", "--junit", "-"], "error: options '--csv -' and '--junit -' cannot both write to standard output\n"],
    [["--csv", "/nonexistent-folder/x.csv"], "error: option '--csv <file>': cannot write /nonexistent-folder/x.csv: there is no folder /nonexistent-folder\n"],
  ])("output options %j are refused before anything runs", async (args, message) => {
    const r = await netchan("sweep", scenario, "--set", "workload.seed=1", ...args);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, "", message]);
  });

  test("--junit writes a testsuite per point, named by its values, with run's testcases; failures counted", async () => {
    const strict = join(dir, "strict-junit.json");
    const s = JSON.parse(readFileSync(scenario, "utf8"));
    s.expect = [{ variant: "cross", metric: "cyclesPerPacket.total", op: "<", value: 1 }];
    writeFileSync(strict, JSON.stringify(s));
    const r = await netchan("sweep", strict, "--set", "workload.seed=1,2", "--junit", "-", "--quiet", "--workers", "1");
    expect(r.status).toBe(1);
    const xml = r.stdout;
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="netchan sweep classic-steering" tests="6" failures="2" errors="0" time="[\d.]+">\n/);
    expect([...xml.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) => m.slice(1))).toEqual([
      ["netchan classic-steering point 0 (workload.seed=1)", "3", "1"],
      ["netchan classic-steering point 1 (workload.seed=2)", "3", "1"],
    ]);
    expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<\/testsuite>/g)!.length);
    expect(xml.endsWith("</testsuites>\n")).toBe(true);
  });

  test("a shard with no points (more shards than points) writes an empty share and exits 0", async () => {
    const file = join(dir, "empty-shard.json");
    const r = await netchan("sweep", scenario, "--set", "workload.seed=1,2", "--shard", "3/3", "--json", file, "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect([doc.pointCount, doc.shard, doc.points]).toEqual([2, { index: 3, count: 3 }, []]);
  });

  test("an expectation that fails at a point exits 1, lists the point under the table, and still writes the file", async () => {
    const strict = join(dir, "strict.json");
    const s = JSON.parse(readFileSync(scenario, "utf8"));
    s.expect = [{ variant: "cross", metric: "cyclesPerPacket.total", op: "<", value: 1 }];
    writeFileSync(strict, JSON.stringify(s));
    const file = join(dir, "strict-sweep.json");
    const r = await netchan("sweep", strict, "--set", "workload.seed=1", "--json", file, "--quiet");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n\n✗ point 0: cross cyclesPerPacket\.total < 1\n$/);
    expect(JSON.parse(readFileSync(file, "utf8")).points[0].result.expectations[0].passed).toBe(false);
  });
});
