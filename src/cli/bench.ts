// `netchan bench`: the benchmark suite (bench/suite.ts) — simulated work per host second for the memory
// system, the NIC and each family of receive paths, a sweep's speed-up across the host's cores, and a
// run's resident memory as its packet count grows. `npm run bench` runs it after a build.
//
// Figures go to standard output (one JSON line with --json, indented JSON without); what is being
// measured goes to standard error as it starts, so a suite of several minutes is not silent. Never a test:
// its figures depend on the host and on what else runs there.
import type { Command } from "commander";
import type { CliContext } from "./context.js";
import { EXIT } from "./errors.js";
import { examples } from "./help.js";

// The suite lives in bench/ (compiled beside src/ into dist/); a variable, so that the compiler leaves the
// module to run time and `netchan --help` never loads the simulator.
const SUITE_MODULE = "../../bench/suite.js";

export interface BenchOptions {
  json?: boolean;
  quick?: boolean;
  quiet?: boolean;
}

export function addBenchCommand(program: Command, ctx: CliContext): void {
  program
    .command("bench")
    .description("measure how fast the simulator runs on this host (medians of five runs; in-thread figures from three processes)")
    .option("--json", "print the figures as one line of JSON")
    .option("--quick", "one short run of each figure, to check the suite works (the figures are not comparable)")
    .option("-q, --quiet", "do not say what is being measured (standard error)")
    .addHelpText(
      "after",
      examples(
        ["Measure, and keep the figures:", "netchan bench --json > bench.json"],
        ["Pick one figure with jq:", "netchan bench --json | jq .sweep.speedup"],
        ["A quick check that every benchmark still runs, saying nothing on standard error:", "netchan bench --quick --quiet"],
      ) +
        "\n\nFigures: memory.{privateMix,sharingMix} (accesses/s), memory.flatness (resident memory at 10^7 ÷ 10^5 packets),\n" +
        "nic.rxOnly, packets.{classicCross,channelSoftirq,channelSocket,channelUser}.inThread.packetsPerSec,\n" +
        "sweep.speedup (8 points on one worker ÷ on every core), sweep.coresObtained (how many cores the host gave it).\n" +
        "Each in-thread figure is the median of three fresh processes; perProcess lists the rate each process measured.\n" +
        "The full suite takes several minutes: the 10^7-packet run alone, about five on an idle core.",
    )
    .action(async (opts: BenchOptions) => {
      const { runBench }: typeof import("../../bench/suite.js") = await import(SUITE_MODULE);
      const figures = await runBench({ quick: opts.quick === true, log: (line) => void (opts.quiet || ctx.io.err(`bench: ${line}\n`)) });
      ctx.io.out(opts.json ? JSON.stringify(figures) + "\n" : JSON.stringify(figures, null, 2) + "\n");
      ctx.finish(EXIT.ok);
    });
}
