// docs/sweeps.md's CI examples run as written: the `netchan` commands of the GitHub Actions job matrix and
// of the Slurm array job are taken from the page, run by bash (with the variables GitHub and Slurm would
// set, and `npx netchan` as the built command), the shard files are merged as the page says, and the
// GitHub merge equals the unsharded sweep, byte for byte but for host.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../src/wasm/module.js";
import { withoutHost } from "./helpers/sweeps.js";

const ROOT = projectRoot();
const page = readFileSync(join(ROOT, "docs", "sweeps.md"), "utf8");

/** The code blocks of a language, in the page's order. */
const blocks = (lang: string) => [...page.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

/** Runs `script` in bash in `cwd`, `npx netchan` being this checkout's built command. */
function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  const npx = `npx() { if [ "$1" = netchan ]; then shift; node ${JSON.stringify(join(ROOT, "bin", "netchan.js"))} "$@"; else echo "not netchan: $*" >&2; return 127; fi; }`;
  const r = spawnSync("bash", ["-c", `set -e\n${npx}\n${script}`], { cwd, encoding: "utf8", env: { ...process.env, ...env, CI: "true" } });
  expect(r.status, `${script}\n${r.stderr}`).toBe(0);
  return r;
}

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "netchan-docs-sweeps-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/sweeps.md", () => {
  test("the GitHub Actions matrix's shards, downloaded and merged, equal the unsharded sweep", () => {
    const [workflow] = blocks("yaml");
    const matrix = /shard: \[([\d, ]+)\]/.exec(workflow)![1].split(",").map((s) => s.trim());
    const runs = [...workflow.matchAll(/- run: (npx netchan .*)$/gm)].map((m) => m[1]);
    const [sweep, merge] = [runs.find((r) => r.startsWith("npx netchan sweep"))!, runs.find((r) => r.startsWith("npx netchan merge"))!];
    const cwd = join(dir, "github");
    mkdirSync(join(cwd, "shards"), { recursive: true });
    for (const shard of matrix) bash(sweep.replaceAll("${{ matrix.shard }}", shard), cwd);
    // download-artifact with merge-multiple puts every shard's file into shards/
    for (const f of readdirSync(cwd).filter((f) => f.startsWith("shard-"))) renameSync(join(cwd, f), join(cwd, "shards", f));
    bash(merge, cwd);
    const whole = sweep.replaceAll("${{ matrix.shard }}", "1").replace(/ --shard \S+/, "").replace(/--json \S+/, "--json whole.json");
    bash(whole, cwd);
    expect(withoutHost(readFileSync(join(cwd, "sweep.json"), "utf8"))).toBe(withoutHost(readFileSync(join(cwd, "whole.json"), "utf8")));
    expect(JSON.parse(readFileSync(join(cwd, "sweep.json"), "utf8")).pointCount).toBe(4);
  });

  test("the Slurm array's tasks, then the dependent merge, give the whole sweep", () => {
    const [batch, submit] = blocks("bash");
    const [first, last] = /#SBATCH --array=(\d+)-(\d+)/.exec(batch)!.slice(1).map(Number);
    const cpus = /#SBATCH --cpus-per-task=(\d+)/.exec(batch)![1];
    const cwd = join(dir, "slurm");
    mkdirSync(cwd);
    for (let task = first; task <= last; task++) {
      const env = { SLURM_SUBMIT_DIR: cwd, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_COUNT: String(last - first + 1), SLURM_CPUS_PER_TASK: cpus };
      bash(batch, join(dir), env);
    }
    const wrapped = /--wrap '([^']*)'/.exec(submit)![1];
    bash(wrapped, cwd);
    const merged = JSON.parse(readFileSync(join(cwd, "sweep.json"), "utf8"));
    expect([merged.shard, merged.pointCount, merged.points.map((p: { index: number }) => p.index)]).toEqual([null, 4, [0, 1, 2, 3]]);
    expect(merged.host.merged.map((m: { shard: { index: number } }) => m.shard.index)).toEqual([1, 2]);
  });
});
