// `netchan run`: in-process, with a fake scenario loader and a fake path runner that return hand-made
// figures (tests/helpers/results-fakes.ts), so the command's behaviour — its table, its files, its exit
// statuses, what it refuses before running anything — is checked without the simulator. The last block
// runs the built command in a child process for what needs no runner: help and option refusals.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXIT } from "../src/cli/errors.js";
import { writeFileAtomically } from "../src/cli/output-file.js";
import { createProgram } from "../src/cli/program.js";
import type { RunContext, RunDeps } from "../src/cli/run.js";
import { ConfigError } from "../src/config/errors.js";
import { resultSchemaPath } from "../src/results/json-schema.js";
import type { PathKind, ResolvedScenario, RunScenarioOptions, VariantRaw } from "../src/scenario/types.js";
import { fakeScenario, nothingDeliveredRaw, rssRaw, withPackets } from "./helpers/results-fakes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Calls {
  loads: { path: string; options: object }[];
  runs: { variant: string; options: RunScenarioOptions }[];
}

/** A loader that refuses "bad.json" as the real one would (ConfigError) and a runner that returns `raws` by
 *  variant name, throwing for a name it has no figures for. */
function fakeDeps(scenario: ResolvedScenario, raws: VariantRaw[], calls: Calls): RunDeps {
  return {
    loadScenario: (path, options) => {
      calls.loads.push({ path, options });
      if (path === "bad.json") throw new ConfigError(path, [{ path: "variants[1].path", message: 'unknown path "clasic-rss" (did you mean "classic-rss"?)' }]);
      return scenario;
    },
    runVariant: async (_s, variant, options) => {
      calls.runs.push({ variant: variant.name, options });
      const raw = raws.find((r) => r.name === variant.name);
      if (!raw) throw new Error(`ring overflow at cycle 1234`);
      return raw;
    },
    host: () => ({ node: "v20.20.0", platform: "linux-x64", cpus: 4 }),
  };
}

interface Ran extends Calls {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `netchan run …args` in-process as bin/cli.ts's runCli would (commander's usage errors are status 2),
 *  with the fakes in the command's context. */
async function netchanRun(args: string[], scenario = fakeScenario(), raws = [rssRaw(), nothingDeliveredRaw()]): Promise<Ran> {
  const ran: Ran = { status: -1, stdout: "", stderr: "", loads: [], runs: [] };
  const ctx: RunContext = {
    io: { out: (t) => void (ran.stdout += t), err: (t) => void (ran.stderr += t), columns: undefined },
    finish: (code) => void (ran.status = code),
    runDeps: fakeDeps(scenario, raws, ran),
  };
  ran.status = EXIT.ok;
  try {
    await createProgram(ctx).parseAsync(["node", "netchan", "run", ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    ran.status = e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  return ran;
}

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "netchan-run-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = /^variant\s+path\s+delivered\/offered\s+drops\s+cycles\/pkt\s+bounces\/pkt\s+DMA inv\/pkt\s+LLC miss\/pkt\s+p50\/p99 µs\s+kpps\s+busiest CPU\s+status$/;
const RSS_ROW = /^rss\s+classic-rss\s+990\/1000\s+10\s+1900\.0\s+2\.50\s+1\.00\s+0\.03\s+1\.00\/4\.94\s+247\.5\s+66\.7%\s+ok$/;
const CROSS_ROW = /^cross\s+classic-cross\s+0\/100\s+100\s+-\s+-\s+-\s+-\s+-\s+0\.0\s+0\.5%\s+ok$/;

describe("netchan run: the comparison table", () => {
  test("prints a header and one row per variant with its headline figures, and exits 0", async () => {
    const r = await netchanRun(["scenario.json"]);
    expect(r.status).toBe(EXIT.ok);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(HEADER);
    expect(lines[1]).toMatch(RSS_ROW);
    expect(lines[2]).toMatch(CROSS_ROW);
  });

  test("prints one progress line per variant to standard error, and none with --quiet", async () => {
    const r = await netchanRun(["scenario.json"]);
    expect(r.stderr).toBe("[1/2] rss (classic-rss): 990 of 1000 packets delivered, 0.5 s\n[2/2] cross (classic-cross): 0 of 100 packets delivered, 0.1 s\n");
    const quiet = await netchanRun(["scenario.json", "--quiet"]);
    expect([quiet.status, quiet.stderr, quiet.stdout.split("\n").length]).toEqual([EXIT.ok, "", 4]);
  });

  test("passes --packets and --seed to the loader and the runner; --workers alone selects the workers scheduler", async () => {
    const r = await netchanRun(["scenario.json", "--packets", "500", "--seed", "7", "--workers", "3"]);
    expect(r.status).toBe(EXIT.ok);
    expect(r.loads).toEqual([{ path: "scenario.json", options: { packets: 500, seed: 7 } }]);
    expect(r.runs.map((x) => x.options)).toEqual(Array(2).fill({ scheduler: "workers", workers: 3, packets: 500, seed: 7 }));
  });
});

describe("netchan run: warnings", () => {
  const BYPASSED = "netfilter is bypassed: packets in this channel skip the firewall rules (the trade-off the first seed describes)";
  const NAT = "netfilter runs in the consumer, but its NAT rules may rewrite the destination after the packet has been steered: this placement is unsafe (second seed)";
  const warned = (boom = false) => {
    const variants: [string, PathKind][] = [["rss", "channel-user"], ["cross", "classic-cross"]];
    if (boom) variants.push(["boom", "channel-socket"]);
    const s = fakeScenario(variants);
    s.variants[0].warnings = [BYPASSED];
    if (boom) s.variants[2].warnings = [NAT];
    return s;
  };

  test("a warned variant has ⚠ after its status, and its warnings follow the table after an empty line", async () => {
    const r = await netchanRun(["scenario.json"], warned());
    expect(r.status).toBe(EXIT.ok);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^rss\s+classic-rss\s+990\/1000\s.*\s66\.7%\s+ok ⚠$/);
    expect(lines[2]).toMatch(CROSS_ROW);
    expect(lines.slice(3)).toEqual(["", `⚠ rss: ${BYPASSED}`]);
  });

  test("a variant that threw keeps its configuration's warnings: ERROR ⚠, and the warning below the table", async () => {
    const r = await netchanRun(["scenario.json"], warned(true));
    expect(r.status).toBe(EXIT.failed);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[3]).toMatch(/^boom\s+channel-socket(\s+-){9}\s+ERROR ⚠$/);
    expect(lines.slice(4)).toEqual(["", `⚠ rss: ${BYPASSED}`, `⚠ boom: ${NAT}`]);
  });

  test("the JSON carries each variant's warnings; the CSV has them in its last column", async () => {
    const file = join(dir, "warned.csv");
    const r = await netchanRun(["scenario.json", "--json", "-", "--csv", file], warned());
    expect(JSON.parse(r.stdout).variants.map((v: { warnings: string[] }) => v.warnings)).toEqual([[BYPASSED], []]);
    const rows = readFileSync(file, "utf8").split("\r\n");
    expect([rows[1].endsWith(`,${BYPASSED}`), rows[2].endsWith(",,")]).toEqual([true, true]);
  });
});

describe("netchan run: --json and --csv", () => {
  const validator = () => new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(resultSchemaPath(), "utf8")));

  test("--json - writes only the result to standard output, valid against the published schema; the table goes to standard error", async () => {
    const r = await netchanRun(["scenario.json", "--json", "-"]);
    expect(r.status).toBe(EXIT.ok);
    const result = JSON.parse(r.stdout);
    const validate = validator();
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.variants.map((v: { name: string }) => v.name)).toEqual(["rss", "cross"]);
    expect(result.variants[0].cyclesPerPacket.total).toBe(1900);
    expect(r.stderr.split("\n").filter((l) => RSS_ROW.test(l))).toHaveLength(1);
  });

  test("--json - --quiet leaves standard error empty", async () => {
    const r = await netchanRun(["scenario.json", "--json", "-", "--quiet"]);
    expect([r.status, r.stderr]).toEqual([EXIT.ok, ""]);
    expect(JSON.parse(r.stdout).schema).toBe("netchan-result/1");
  });

  test("--json FILE replaces the file by a rename (a new inode) with the whole result, leaving no temporary file", async () => {
    const out = join(dir, "json-out");
    mkdirSync(out);
    const file = join(out, "result.json");
    writeFileSync(file, "old");
    const before = statSync(file).ino;
    const r = await netchanRun(["scenario.json", "--json", file]);
    expect(r.status).toBe(EXIT.ok);
    expect(statSync(file).ino).not.toBe(before);
    expect(JSON.parse(readFileSync(file, "utf8")).variants).toHaveLength(2);
    expect(readdirSync(out)).toEqual(["result.json"]);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(3);
  });

  test("a failed write leaves the old file as it was and no temporary file", () => {
    const out = join(dir, "atomic");
    mkdirSync(join(out, "target"), { recursive: true });
    writeFileSync(join(out, "target", "keep"), "x");
    // renaming a file over a non-empty folder fails after the temporary file is written
    expect(() => writeFileAtomically(join(out, "target"), "new")).toThrow();
    expect(readdirSync(out)).toEqual(["target"]);
    expect(readdirSync(join(out, "target"))).toEqual(["keep"]);
  });

  test("--csv FILE writes a header and one row per variant in the result's units", async () => {
    const file = join(dir, "result.csv");
    const r = await netchanRun(["scenario.json", "--csv", file]);
    expect(r.status).toBe(EXIT.ok);
    expect(readFileSync(file, "utf8").split("\r\n")).toEqual([
      "variant,path,status,offered,delivered,dropped,cycles_per_packet,bounces_per_packet,dma_invalidations_per_packet,llc_misses_per_packet," +
        "latency_p50_ns,latency_p99_ns,latency_max_ns,throughput_pps,busiest_cpu_utilization,problem,warnings",
      "rss,classic-rss,ok,1000,990,10,1900,2.5,1,0.03,1000.4,4938.4,20000.4,247500,0.6667,,",
      "cross,classic-cross,ok,100,0,100,,,,,,,,0,0.005,,",
      "",
    ]);
  });
});

describe("netchan run: bad input exits 2, names the option or file, and runs nothing", () => {
  test.each([
    ["--packets 0", ["--packets", "0"], "option '--packets <n>' argument '0' is invalid. It must be a whole number from 1 to 1000000000."],
    ["--packets 1.5", ["--packets", "1.5"], "option '--packets <n>' argument '1.5' is invalid."],
    ["--seed -1", ["--seed", "-1"], "option '--seed <n>' argument '-1' is invalid."],
    ["--scheduler foo", ["--scheduler", "foo"], "option '--scheduler <name>' argument 'foo' is invalid. Allowed choices are inthread, workers."],
    ["--workers 0", ["--workers", "0"], "option '--workers <n>' argument '0' is invalid."],
    ["--workers with --scheduler inthread", ["--workers", "2", "--scheduler", "inthread"], "option '--workers <n>' needs --scheduler workers"],
    ["--json and --csv both on standard output", ["--json", "-", "--csv", "-"], "options '--json -' and '--csv -' cannot both write to standard output"],
    ["--json into a folder that does not exist", ["--json", "/nonexistent-netchan/out.json"], "option '--json <file>': cannot write /nonexistent-netchan/out.json: there is no folder /nonexistent-netchan"],
    ["--csv naming a folder", ["--csv", "/tmp"], "option '--csv <file>': cannot write /tmp: it is a folder"],
  ])("%s", async (_, args, message) => {
    const r = await netchanRun(["scenario.json", ...args]);
    expect([r.status, r.stdout]).toEqual([EXIT.badInput, ""]);
    expect(r.stderr).toContain(message);
    expect([r.loads, r.runs]).toEqual([[], []]);
  });

  test("a bad scenario file is reported as file: json.path: message, and nothing runs", async () => {
    const r = await netchanRun(["bad.json", "--json", join(dir, "never.json")]);
    expect(r).toMatchObject({ status: EXIT.badInput, stdout: "", runs: [] });
    expect(r.stderr).toBe('bad.json: variants[1].path: unknown path "clasic-rss" (did you mean "classic-rss"?)\n');
    expect(readdirSync(dir)).not.toContain("never.json");
  });
});

describe("netchan run: a failed run exits 1 and still reports everything", () => {
  test("a variant whose runner throws: the other variants' rows, an ERROR row, the error on stderr and in the JSON", async () => {
    const file = join(dir, "thrown.json");
    const scenario = fakeScenario([["rss", "classic-rss"], ["boom", "classic-rps"], ["cross", "classic-cross"]]);
    const r = await netchanRun(["scenario.json", "--json", file], scenario);
    expect(r.status).toBe(EXIT.failed);
    expect(r.runs.map((x) => x.variant)).toEqual(["rss", "boom", "cross"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(RSS_ROW);
    expect(lines[2]).toMatch(/^boom\s+classic-rps(\s+-){9}\s+ERROR$/);
    expect(lines[3]).toMatch(CROSS_ROW);
    expect(r.stderr).toContain("[2/3] boom: the run failed\n");
    expect(r.stderr).toContain('netchan: variant "boom" failed: ring overflow at cycle 1234\n');
    expect(JSON.parse(readFileSync(file, "utf8")).failures).toEqual([{ variant: "boom", kind: "error", message: "ring overflow at cycle 1234" }]);
  });

  test("a variant whose packets do not add up: the table is printed with INTEGRITY FAILED and the reason is stated", async () => {
    const raws = [withPackets(rssRaw(), "rss", { delivered: 985, orderErrors: 3 }), nothingDeliveredRaw()];
    const r = await netchanRun(["scenario.json", "--json", "-"], fakeScenario(), raws);
    expect(r.status).toBe(EXIT.failed);
    // standard error: the two progress lines, then the table (stdout carries the JSON), then the failure
    const table = r.stderr.split("\n").slice(2);
    expect(table[0]).toMatch(HEADER);
    expect(table[1]).toMatch(/^rss\s+classic-rss\s+985\/1000\s.*\sINTEGRITY FAILED$/);
    expect(r.stderr).toContain('netchan: variant "rss" failed its integrity check: 3 order errors; packets not conserved: offered 1000 ≠ delivered 985 + dropped 10\n');
    const result = JSON.parse(r.stdout);
    expect(result.variants[0].integrity).toEqual({ payloadErrors: 0, orderErrors: 3, conserved: false, ok: false });
    expect(result.failures).toHaveLength(1);
  });
});

describe("netchan run: expectations and --junit", () => {
  const withExpectations = (scenario = fakeScenario()) => ({
    ...scenario,
    expectations: [
      { variant: "rss", metric: "cyclesPerPacket.total", op: "<", value: 2000 },
      { variant: "rss", metric: "bouncesPerPacket.total", op: "==", value: 0 },
      { variant: "cross", metric: "latencyNs.p99", op: "<", relativeTo: { variant: "rss", factor: 1 } },
    ] as ResolvedScenario["expectations"],
  });

  /** A structural check of the JUnit XML without a parser: tags balance, attributes are quoted, no raw
   *  `<` or `&` outside markup; returns the elements' names and attributes in document order. */
  function junitElements(text: string): { name: string; attrs: Record<string, string> }[] {
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const body = text.slice(text.indexOf("\n") + 1);
    const stack: string[] = [];
    const elements: { name: string; attrs: Record<string, string> }[] = [];
    const TOKEN = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = TOKEN.exec(body))) {
      end = TOKEN.lastIndex;
      const [, close, name, attrText, selfClose, textNode] = m;
      if (textNode !== undefined) {
        expect(textNode).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
        continue;
      }
      if (close) expect(stack.pop()).toBe(name);
      else {
        const attrs = Object.fromEntries([...attrText.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
        elements.push({ name, attrs });
        if (!selfClose) stack.push(name);
      }
    }
    expect(end, "the whole document is markup or text").toBe(body.length);
    expect(stack).toEqual([]);
    return elements;
  }

  test("a failed expectation exits 1 with the table still printed, and ✓/✗ lines under it", async () => {
    const r = await netchanRun(["scenario.json"], withExpectations());
    expect(r.status).toBe(EXIT.failed);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(HEADER);
    expect(lines[1]).toMatch(RSS_ROW);
    expect(lines[2]).toMatch(CROSS_ROW);
    expect(lines.slice(3)).toEqual([
      "",
      "✓ rss cyclesPerPacket.total < 2000: 1900 < 2000",
      "✗ rss bouncesPerPacket.total == 0: 2.5 not == 0",
      "✗ cross latencyNs.p99 < rss's × 1 (variant \"cross\" has no latencyNs.p99 (it delivered no packets))",
    ]);
  });

  test("expectations that all hold exit 0; the JSON carries them, valid against the published schema", async () => {
    const s = withExpectations();
    s.expectations = s.expectations.slice(0, 1);
    const r = await netchanRun(["scenario.json", "--json", "-", "--quiet"], s);
    expect([r.status, r.stderr]).toEqual([EXIT.ok, ""]);
    const result = JSON.parse(r.stdout);
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(resultSchemaPath(), "utf8")));
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.expectations).toEqual([{ description: "rss cyclesPerPacket.total < 2000", passed: true, actual: 1900, op: "<", expected: 2000, reason: null }]);
  });

  test("with --json - --quiet, only the expectations that failed go to standard error", async () => {
    const r = await netchanRun(["scenario.json", "--json", "-", "--quiet"], withExpectations());
    expect(r.status).toBe(EXIT.failed);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("✗"))).toHaveLength(2);
    expect(r.stderr).not.toContain("✓");
  });

  test("--junit FILE: one testsuite, a testcase per variant and per expectation, failures counted; written by a rename", async () => {
    const scenario = withExpectations(fakeScenario([["rss", "classic-rss"], ["boom", "classic-rps"], ["cross", "classic-cross"]]));
    const file = join(dir, "report.xml");
    writeFileSync(file, "old");
    const before = statSync(file).ino;
    const r = await netchanRun(["scenario.json", "--junit", file], scenario);
    expect(r.status).toBe(EXIT.failed);
    expect(statSync(file).ino).not.toBe(before);
    const elements = junitElements(readFileSync(file, "utf8"));
    const suites = elements.filter((e) => e.name === "testsuite");
    expect(suites.map((e) => e.attrs)).toMatchObject([{ name: "netchan fake", tests: "6", failures: "3", errors: "0", skipped: "0" }]);
    expect(elements[0]).toMatchObject({ name: "testsuites", attrs: { tests: "6", failures: "3" } });
    const cases = elements.filter((e) => e.name === "testcase").map((e) => e.attrs.name);
    expect(cases).toEqual([
      "variant rss (classic-rss)",
      "variant boom (classic-rps)",
      "variant cross (classic-cross)",
      "expect rss cyclesPerPacket.total &lt; 2000",
      "expect rss bouncesPerPacket.total == 0",
      "expect cross latencyNs.p99 &lt; rss&apos;s × 1",
    ]);
    const failures = elements.filter((e) => e.name === "failure").map((e) => e.attrs.message);
    expect(failures).toEqual([
      "the run failed: ring overflow at cycle 1234",
      "2.5 is not == 0",
      "variant &quot;cross&quot; has no latencyNs.p99 (it delivered no packets)",
    ]);
  });

  test("--junit escapes XML's special characters in names and messages", async () => {
    const scenario = fakeScenario([["a<b>&\"c'", "classic-rss"]]);
    scenario.name = "x & <y>";
    const r = await netchanRun(["scenario.json", "--junit", "-", "--quiet"], scenario);
    expect(r.status).toBe(EXIT.failed);
    const elements = junitElements(r.stdout);
    expect(elements.find((e) => e.name === "testsuite")?.attrs.name).toBe("netchan x &amp; &lt;y&gt;");
    expect(elements.find((e) => e.name === "testcase")?.attrs.name).toBe("variant a&lt;b&gt;&amp;&quot;c&apos; (classic-rss)");
  });

  test("--junit and --json cannot both be - or name one file", async () => {
    for (const [args, message] of [
      [["--junit", "-", "--json", "-"], "options '--json -' and '--junit -' cannot both write to standard output"],
      [["--junit", join(dir, "same"), "--csv", join(dir, "same")], "options '--csv' and '--junit' name the same file"],
    ] as const) {
      const r = await netchanRun(["scenario.json", ...args]);
      expect([r.status, r.runs]).toEqual([EXIT.badInput, []]);
      expect(r.stderr).toContain(message);
    }
  });
});

describe("the built command", () => {
  const netchan = (...args: string[]) => spawnSync(process.execPath, ["bin/netchan.js", ...args], { cwd: ROOT, encoding: "utf8" });

  test("--help lists run; run --help lists every option and ends with examples", () => {
    expect(netchan("--help").stdout).toMatch(/^\s+run \[options\] <scenario>\s+run a scenario's variants and compare them$/m);
    const r = netchan("run", "--help");
    expect(r.status).toBe(0);
    for (const option of ["--packets <n>", "--seed <n>", "--scheduler <name>", "--workers <n>", "--json <file>", "--csv <file>", "--junit <file>", "-q, --quiet"])
      expect(r.stdout).toContain(option);
    expect(r.stdout.trimEnd()).toMatch(/Examples:[\s\S]*\$ netchan run classic\.json --scheduler workers --workers 4$/);
  });

  test("run --packets 0 exits 2 naming the option, before reading the scenario", () => {
    const r = netchan("run", "no-such-scenario.json", "--packets", "0");
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain("error: option '--packets <n>' argument '0' is invalid. It must be a whole number from 1 to 1000000000.");
  });
});
