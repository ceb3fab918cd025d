// For the sweep and merge tests: the `netchan` program run in-process (as bin/cli.ts runs it), a small
// scenario that runs in a fraction of a second, and a sweep file's text without its `host` section (the
// one part of a sweep that depends on where and how it ran).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../src/cli/program.js";
import { scenarioWith } from "./scenarios.js";

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** `netchan …args` in this process; standard output and error captured. */
export async function netchan(...args: string[]): Promise<Ran> {
  const ran = { status: -1, stdout: "", stderr: "" };
  ran.status = await runCli(["node", "netchan", ...args], {
    out: (t) => void (ran.stdout += t),
    err: (t) => void (ran.stderr += t),
    columns: undefined,
  });
  return ran;
}

/** The shipped classic-steering scenario cut to two variants and 60 + 40 packets, written into `dir`. */
export function smallScenario(dir: string): string {
  const file = join(dir, "small.json");
  const s = scenarioWith((s) => {
    s.variants = s.variants.slice(0, 2);
    s.workload.packets = 60;
    s.workload.warmupPackets = 40;
  });
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

/** A sweep file's text up to its last key, `host`, which is left out. */
export function withoutHost(text: string): string {
  const at = text.lastIndexOf('\n  "host": ');
  if (at < 0) throw new Error("no host section in this sweep file");
  return text.slice(0, at);
}
