// The `netchan` command as a user runs it: `node bin/netchan.js …` in a child process from the project
// folder, after `npm run build` (npm test builds first). Exit statuses are DESIGN.md's: 0 success, 2 bad
// input — a bad file or a usage error alike; commander's own errors would otherwise exit 1.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROFILE = "sim-config/profiles/modern-1s.json";
const POW2 = "a power of two (1, 2, 4, 8, …) up to 1048576";

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Result {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const netchan = (...args: string[]) => run("bin/netchan.js", args);

let dir: string;
/** Writes `content` (text as is, anything else as JSON) to a file in the temporary folder; returns its path. */
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The shipped default profile changed by `edit`, as a hand-edited file could be. */
function profileWith(edit: (p: Record<string, any>) => void): Record<string, any> {
  const p = JSON.parse(readFileSync(join(ROOT, PROFILE), "utf8"));
  edit(p);
  return p;
}

beforeAll(() => {
  expect(existsSync(join(ROOT, "dist/bin/cli.js")), "dist/bin/cli.js is missing: run `npm run build` first").toBe(true);
  dir = mkdtempSync(join(tmpdir(), "netchan-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("version and help", () => {
  test("--version prints the version in package.json", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const r = netchan("--version");
    expect([r.status, r.stdout]).toEqual([0, `${version}\n`]);
  });

  test("--help lists the list and validate commands, an example and the exit statuses", () => {
    const r = netchan("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: netchan \[options\] \[command\]/);
    expect(r.stdout).toMatch(/^\s+list \[options\]\s+list the shipped machine profiles and scenarios$/m);
    expect(r.stdout).toMatch(/^\s+validate \[options\] <file\.\.\.>\s+check machine profiles/m);
    expect(r.stdout).toContain("$ netchan list");
    expect(r.stdout).toMatch(/^\s+2\s+bad input/m);
  });

  test("list --help lists every option of list and ends with examples", () => {
    const r = netchan("list", "--help");
    expect(r.status).toBe(0);
    for (const option of ["--json", "-h, --help"]) expect(r.stdout).toContain(option);
    expect(r.stdout.trimEnd()).toMatch(/Examples:[\s\S]*\$ netchan list --json[^\n]*$/);
  });

  test("validate --help lists the file argument and every option, and ends with examples", () => {
    const r = netchan("validate", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: netchan validate \[options\] <file\.\.\.>/);
    for (const option of ["-q, --quiet", "-h, --help"]) expect(r.stdout).toContain(option);
    expect(r.stdout.trimEnd()).toMatch(/Examples:[\s\S]*\$ netchan validate --quiet sim-config\/profiles\/\*\.json$/);
  });

  test("`help validate` shows the same help as `validate --help`", () => {
    expect(netchan("help", "validate").stdout).toBe(netchan("validate", "--help").stdout);
  });
});

describe("list", () => {
  test("shows modern-1s with its 4 CPUs, one complex, 2.5 GHz clock and description on one line", () => {
    const r = netchan("list");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^modern-1s\s+4 CPUs\s+1 complex\s+2\.5 GHz\s+A modern one-socket server \(Skylake-SP \/ Cascade Lake class\)/m);
  });

  test("shows each shipped profile on one line; chiplet-zen3 with its 8 CPUs in 2 complexes of 4 at 3 GHz", () => {
    const r = netchan("list");
    expect(r.stdout).toMatch(/^chiplet-zen3\s+8 CPUs\s+2 complexes × 4\s+3 GHz\s+A chiplet server \(AMD EPYC 7003, Zen 3\)/m);
    expect(r.stdout).toMatch(/^fsb-2006\s+2 CPUs\s+1 complex\s/m);
    const profiles = r.stdout.split("\n\n")[0].split("\n").slice(1);
    expect(profiles.map((l) => l.split(/\s+/)[0])).toEqual(["chiplet-zen3", "fsb-2006", "modern-1s"]);
  });

  test("--json prints the same profiles as a JSON array", () => {
    const r = netchan("list", "--json");
    expect(r.status).toBe(0);
    const m = (JSON.parse(r.stdout) as Record<string, unknown>[]).find((p) => p.name === "modern-1s");
    expect(m).toMatchObject({ cpus: 4, complexes: 1, cpusPerComplex: 4, clockGHz: 2.5, file: join(ROOT, PROFILE) });
    const chiplet = (JSON.parse(r.stdout) as Record<string, unknown>[]).find((p) => p.name === "chiplet-zen3");
    expect(chiplet).toMatchObject({ kind: "profile", cpus: 8, complexes: 2, cpusPerComplex: 4, clockGHz: 3 });
    expect(m!.description).toMatch(/^A modern one-socket server/);
  });
});

describe("validate", () => {
  test("the shipped profile is valid: status 0 and `ok <file>`", () => {
    const r = netchan("validate", PROFILE);
    expect(r).toEqual({ status: 0, stdout: `ok ${PROFILE}\n`, stderr: "" });
  });

  test("l1d.sets = 100 is refused with status 2, naming the file, the field and the allowed values", () => {
    const bad = file("sets-100.json", profileWith((p) => (p.l1d.sets = 100)));
    const r = netchan("validate", bad);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe(`${bad}: l1d.sets: l1d.sets must be ${POW2} (got 100)\n`);
  });

  test("every problem of a file is reported, one per line", () => {
    const bad = file("two-bad.json", profileWith((p) => {
      p.cpus = 65;
      p.l1d.hitCyles = p.l1d.hitCycles;
      delete p.l1d.hitCycles;
    }));
    const lines = netchan("validate", bad).stderr.trimEnd().split("\n").sort();
    expect(lines).toEqual([
      `${bad}: cpus: cpus must be an integer from 1 to 64 (got 65)`,
      `${bad}: l1d.hitCycles: is required (a whole number of cycles from 1 to 1000000)`,
      `${bad}: l1d.hitCyles: unknown key "hitCyles" (did you mean "hitCycles"?)`,
    ]);
  });

  test("invalid JSON is refused with status 2, naming the file, the line and the column", () => {
    const bad = file("trailing-comma.json", '{\n  "name": "x",\n  "cpus": 4,\n}\n');
    const r = netchan("validate", bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${bad}: not valid JSON at line 3, column 12 (offset 28): a comma before "}" (JSON allows no trailing comma)\n`);
  });

  test("a missing file is refused with status 2, naming it", () => {
    const r = netchan("validate", join(dir, "nope.json"));
    expect([r.status, r.stderr]).toEqual([2, `${join(dir, "nope.json")}: no such file\n`]);
  });

  test("a JSON file of no known kind is refused, saying what a profile and a scenario have", () => {
    const r = netchan("validate", file("other.json", { hello: "world" }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/other\.json: not a netchan file: it has no "\$schema" and none of the keys of a machine profile or scenario \(a machine profile has cpus, .*; a scenario has machine, workload, apps, netfilter, …\)/);
  });

  test('a "$schema" naming no netchan schema is refused at $schema, listing the known ones', () => {
    const r = netchan("validate", file("workload.json", { $schema: "../schema/workload.schema.json" }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/workload\.json: \$schema: names no netchan schema \(got "\.\.\/schema\/workload\.schema\.json"; known: machine\.schema\.json, scenario\.schema\.json\)/);
  });

  test("with several files each is reported, the valid ones on stdout and the others on stderr; status 2", () => {
    const sets = file("several-sets.json", profileWith((p) => (p.l1d.sets = 100)));
    const broken = file("several-broken.json", "{");
    const missing = join(dir, "several-missing.json");
    const r = netchan("validate", PROFILE, sets, broken, missing);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`ok ${PROFILE}\n`);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(`${sets}: l1d.sets: `);
    expect(lines[1]).toMatch(`${broken}: not valid JSON at line 1, column 2`);
    expect(lines[2]).toBe(`${missing}: no such file`);
  });

  test("--quiet prints nothing for valid files", () => {
    expect(netchan("validate", "--quiet", PROFILE, PROFILE)).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

describe("usage errors exit 2, not commander's 1", () => {
  test.each([
    ["an unknown option", ["--frob"], "error: unknown option '--frob'"],
    ["an unknown option of a command", ["validate", "--frob", PROFILE], "error: unknown option '--frob'"],
    ["an unknown command, with a suggestion", ["lst"], "error: unknown command 'lst'\n(Did you mean list?)"],
    ["a missing file argument", ["validate"], "error: missing required argument 'file'"],
    ["an extra argument", ["list", "extra"], "error: too many arguments for 'list'"],
    ["no command at all", [], "Usage: netchan [options] [command]"],
  ])("%s", (_, args, message) => {
    const r = netchan(...args);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain(message);
  });
});

test("the committed shim, without a build beside it, says to run `npm run build` and exits 2", () => {
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(ROOT, "bin/netchan.js"), join(dir, "bin/netchan.js"));
  const r = run(join(dir, "bin/netchan.js"), ["--help"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("netchan: the command line is not built yet: run `npm run build` in the netchan folder first\n");
});
