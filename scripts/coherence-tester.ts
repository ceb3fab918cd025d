// `npm run tester:10m` (or `node dist/scripts/coherence-tester.js --accesses N [--seed S] [--cpus C]`):
// the random coherence tester at scale, in the debug build, which checks SWMR and data versions after
// every transition. Exits 1 on any violation, check failure or stuck run. tests/ runs 1 M accesses.
import { parseArgs } from "node:util";
import { runMachine } from "../src/index.js";
import { tinyProfile } from "../tests/helpers/machines.js";
import { testerRun } from "../tests/helpers/random-runs.js";

const { values } = parseArgs({
  options: {
    accesses: { type: "string", default: "10000000" },
    seed: { type: "string", default: "1" },
    cpus: { type: "string", default: "8" },
  },
});
const accesses = Number(values.accesses), seed = Number(values.seed), cpus = Number(values.cpus);
for (const [name, v, lo, hi] of [["--accesses", accesses, 1, 1e10], ["--seed", seed, 0, 2 ** 32 - 1], ["--cpus", cpus, 1, 64]] as const) {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    console.error(`coherence-tester: ${name} must be an integer in [${lo}, ${hi}] (got ${JSON.stringify(values[name.slice(2) as keyof typeof values])})`);
    process.exit(2);
  }
}
const t0 = performance.now();
const st = await runMachine(testerRun(tinyProfile(cpus), Math.ceil(accesses / cpus), seed), { build: "debug" });
const done = st.totals.loads + st.totals.stores + st.totals.atomics;
const report = {
  accesses: done, cpus, seed, stopReason: st.stopReason,
  swmrViolations: st.global.swmrViolations, dataValueViolations: st.global.dataValueViolations,
  checkFailures: st.totals.checkFailures, checksPassed: st.totals.checksPassed,
  bounces: st.totals.bounces, writebacks: st.totals.writebacks, simulatedCycles: st.finalTime,
  seconds: +((performance.now() - t0) / 1000).toFixed(2),
};
console.log(JSON.stringify(report, null, 2));
const ok = st.stopReason === "finished" && report.swmrViolations === 0 && report.dataValueViolations === 0 && report.checkFailures === 0;
process.exit(ok ? 0 : 1);
