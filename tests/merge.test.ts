// `netchan merge`: shards in any order join into one document, and shards that are not the parts of one
// sweep are refused — exit 2, the file and the field named, no output file. The shard files are real
// ones, from sweeps of a small scenario; the broken ones are real files edited as a person might.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { netchan, smallScenario, withoutHost } from "./helpers/sweeps.js";

let dir: string;
let scenario: string;
const SET = ["--set", "workload.seed=1,2,3"];

/** Runs the small sweep with `args` into `name`.json; returns its path. */
async function sweep(name: string, ...args: string[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  const r = await netchan("sweep", scenario, ...SET, "--quiet", "--workers", "1", "--json", file, ...args);
  expect(r.status, r.stderr).toBe(0);
  return file;
}

/** A copy of `file` changed by `edit`, as `name`.json. */
function edited(file: string, name: string, edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  edit(doc);
  const out = join(dir, `${name}.json`);
  writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
  return out;
}

const files: Record<string, string> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "netchan-merge-"));
  scenario = smallScenario(dir);
  files.whole = await sweep("whole");
  files.first = await sweep("first", "--shard", "1/2");
  files.second = await sweep("second", "--shard", "2/2");
  files.otherPackets = await sweep("other-packets", "--shard", "2/2", "--packets", "30");
  files.thirdOfThree = await sweep("third-of-three", "--shard", "3/3");
  // the same command, on the scenario file edited in place (a longer warm-up), then put back
  const original = readFileSync(scenario, "utf8");
  writeFileSync(scenario, original.replace('"warmupPackets": 40', '"warmupPackets": 50'));
  files.editedSecond = await sweep("edited-second", "--shard", "2/2");
  writeFileSync(scenario, original);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("merging", () => {
  test("shards given in any order merge into the whole sweep's bytes but for host", async () => {
    for (const order of [[files.first, files.second], [files.second, files.first]]) {
      const out = join(dir, "merged.json");
      const r = await netchan("merge", ...order, "--json", out);
      expect(r.status, r.stderr).toBe(0);
      expect(withoutHost(readFileSync(out, "utf8"))).toBe(withoutHost(readFileSync(files.whole, "utf8")));
      // the host lists each shard's, in shard order
      const host = JSON.parse(readFileSync(out, "utf8")).host;
      expect(host.merged.map((m: { file: string; shard: object }) => [m.file, m.shard])).toEqual([
        [files.first, { index: 1, count: 2 }],
        [files.second, { index: 2, count: 2 }],
      ]);
    }
  });

  test("the merged CSV is the whole sweep's CSV, byte for byte (a CSV has no host)", async () => {
    const whole = join(dir, "whole.csv");
    const merged = join(dir, "merged.csv");
    expect((await netchan("merge", files.second, files.first, "--csv", merged)).status).toBe(0);
    expect((await netchan("sweep", scenario, ...SET, "--quiet", "--workers", "1", "--csv", whole)).status).toBe(0);
    expect(readFileSync(merged, "utf8")).toBe(readFileSync(whole, "utf8"));
    expect(readFileSync(merged, "utf8").split("\r\n").length).toBe(1 + 3 * 2 + 1);
  });

  test("the merged table has a row per point and variant", async () => {
    const r = await netchan("merge", files.first, files.second);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^point\s+workload\.seed\s+variant\s+delivered\/offered\s+cycles\/pkt\s+bounces\/pkt\s+p99 µs\s+kpps\s+busiest CPU\s+status$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(" "))).toEqual([
      "0 1 cross", " affine 60/60", "1 2 cross", " affine 60/60", "2 3 cross", " affine 60/60",
    ]);
  });

  test("--json - writes the merged sweep to standard output and the table to standard error", async () => {
    const r = await netchan("merge", files.first, files.second, "--json", "-");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).schema).toBe("netchan-sweep/1");
    expect(r.stderr).toMatch(/^point /);
  });
});

describe("merge refuses what is not one sweep's shards", () => {
  const refused = async (...inputs: string[]) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.json`);
    const r = await netchan("merge", ...inputs, "--json", out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    return r.stderr;
  };

  test("a missing shard", async () => {
    expect(await refused(files.first)).toBe("error: shard 2/2 missing: merge needs every shard of the sweep\n");
  });

  test("a shard given twice", async () => {
    expect(await refused(files.first, files.second, files.first)).toBe(`error: ${files.first}: shard.index: shard 1/2 is also ${files.first} (each shard once)\n`);
  });

  test("a shard of another sweep (other --packets)", async () => {
    expect(await refused(files.first, files.otherPackets)).toBe(
      `error: ${files.otherPackets}: options: differs from ${files.first}'s ({"packets":30,"seed":null} vs {"packets":null,"seed":null}): shards of different sweeps\n`,
    );
  });

  test("a shard of the same command run on an edited scenario file", async () => {
    expect(await refused(files.first, files.editedSecond)).toMatch(
      new RegExp(`^error: ${files.editedSecond}: inputs: differs from ${files.first}'s \\("sha256:[0-9a-f]{64}" vs "sha256:[0-9a-f]{64}"\\): shards of different sweeps\n$`),
    );
  });

  test("shards of different shard counts", async () => {
    expect(await refused(files.first, files.thirdOfThree)).toBe(`error: ${files.thirdOfThree}: shard.count: is 3, but ${files.first} is a shard of 2\n`);
  });

  test("a whole sweep, which is no shard", async () => {
    expect(await refused(files.whole)).toBe(`error: ${files.whole}: shard: is null: this is a whole sweep, not a shard (nothing to merge)\n`);
  });

  test("a shard from another version of netchan", async () => {
    const old = edited(files.second, "old-version", (d) => (d.netchan = "0.0.1"));
    expect(await refused(files.first, old)).toMatch(new RegExp(`^error: ${old}: netchan: differs from ${files.first}'s \\("0\\.0\\.1" vs "\\d+\\.\\d+\\.\\d+"\\)`));
  });

  test("a shard missing one of its points", async () => {
    const cut = edited(files.first, "cut", (d) => d.points.pop());
    expect(await refused(cut, files.second)).toBe(`error: ${cut}: points: holds points [0], but shard 1/2 of 3 points is [0, 2]\n`);
  });

  test("a point whose values are not its own", async () => {
    const swapped = edited(files.first, "swapped", (d) => (d.points[1].set["workload.seed"] = 2));
    expect(await refused(swapped, files.second)).toBe(`error: ${swapped}: points[1].set: {"workload.seed":2} is not point 2's values {"workload.seed":3}\n`);
  });

  test("a file that is not a sweep: its field named", async () => {
    const wrong = edited(files.first, "wrong-type", (d) => (d.points[0].index = "zero"));
    expect(await refused(wrong, files.second)).toMatch(new RegExp(`^error: ${wrong}: points\\[0\\]\\.index: `));
  });

  test("a run's result given as a shard", async () => {
    const run = join(dir, "run.json");
    expect((await netchan("run", scenario, "--quiet", "--json", run)).status).toBe(0);
    expect(await refused(run, files.second)).toBe(
      `error: ${run}: schema: is "netchan-result/1", not "netchan-sweep/1": not a sweep file (netchan sweep --shard i/n --json writes them)\n`,
    );
  });

  test("a file that is not JSON", async () => {
    const text = join(dir, "broken.json");
    writeFileSync(text, "{ not json");
    expect(await refused(text, files.second)).toMatch(new RegExp(`^${text}: `));
  });

  test("a file that does not exist", async () => {
    expect(await refused(join(dir, "nowhere.json"))).toBe(`${join(dir, "nowhere.json")}: no such file\n`);
  });
});
