// The in-thread speed figures, each measured in several fresh processes (bench/speed-child.ts). A process
// keeps the vCPU the scheduler gave it, and on a virtual machine the two vCPUs of the development host ran
// the same build at 45 M and 28 M accesses/s in the same minute (docs/speed.md): the figures of one
// process say as much about its vCPU as about the simulator. Each figure is the run of the process whose
// rate is the median, with every process's rate beside it (perProcess), so a split shows.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { RATE_FIELD, type Figure } from "./in-thread.js";
import { median } from "./median.js";

const run = promisify(execFile);

async function childFigures(repeats: number, quick: boolean): Promise<Record<string, Figure>> {
  const child = fileURLToPath(new URL("./speed-child.js", import.meta.url));
  const { stdout } = await run(process.execPath, [child, String(repeats), quick ? "quick" : "full"], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Record<string, Figure>;
}

/** Runs `processes` children one after another (never together: they would share the cores) and
 *  combines their figures by key. */
export async function inThreadAcrossProcesses(processes: number, repeats: number, quick: boolean, log: (line: string) => void) {
  const runs: Record<string, Figure>[] = [];
  for (let i = 0; i < processes; i++) {
    log(`in-thread figures: process ${i + 1} of ${processes}`);
    runs.push(await childFigures(repeats, quick));
  }
  const out: Record<string, Record<string, number | number[]>> = {};
  for (const [key, rate] of Object.entries(RATE_FIELD)) {
    const rates = runs.map((r) => r[key][rate]);
    const mid = runs.find((r) => r[key][rate] === median(rates))!;
    out[key] = { ...mid[key], perProcess: rates };
  }
  return out;
}
