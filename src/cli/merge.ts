// `netchan merge <files…>`: joins the shard files of one sweep (`netchan sweep --shard i/n --json …`) into
// the document the unsharded sweep writes — byte for byte, but for `host` — and prints its table. Shards
// that are not the parts of one sweep are refused, each reason naming the file and the field (exit 2),
// and nothing is written (src/sweep/merge.ts).
import type { Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { readJsonFile } from "../config/json-file.js";
import { MergeError, mergeShards } from "../sweep/merge.js";
import { sweepPassed } from "../sweep/run-sweep.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, refuse, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";
import { sweepOutputProblem, writeSweepOutputs } from "./sweep-output.js";

export interface MergeOptions {
  json?: string;
  csv?: string;
  junit?: string;
  quiet?: boolean;
}

export function addMergeCommand(program: Command, ctx: CliContext): void {
  program
    .command("merge")
    .description("join the shard files of one sweep into the whole sweep's result")
    .argument("<files...>", "the shard files (netchan-sweep/1), one per shard, in any order")
    .option("--json <file>", "write the merged sweep (netchan-sweep/1) to <file>, or to standard output with -")
    .option("--csv <file>", "write a CSV row per point and variant to <file>, or to standard output with -")
    .option("--junit <file>", "write a JUnit XML report (a testsuite per point) to <file>, or to standard output with -")
    .option("-q, --quiet", "with a format on standard output (-), no table")
    .addHelpText(
      "after",
      examples(
        ["Join three shards into one file:", "netchan merge shard-1.json shard-2.json shard-3.json --json sweep.json"],
        ["Join whatever shards a CI matrix left, and look at the table:", "netchan merge results/shard-*.json"],
        ["The merged sweep as CSV as well:", "netchan merge results/shard-*.json --json sweep.json --csv sweep.csv"],
        ["The merged sweep's expectations as a JUnit report for CI:", "netchan merge results/shard-*.json --junit sweep.xml"],
        ["Count the points of the merged sweep with jq (no table):", "netchan merge results/shard-*.json --json - --quiet | jq '.points | length'"],
      ),
    )
    .action((files: string[], opts: MergeOptions) => ctx.finish(mergeCommand(files, opts, ctx.io)));
}

export function mergeCommand(files: string[], opts: MergeOptions, io: Output): ExitCode {
  const out = sweepOutputProblem(opts);
  if (out) return refuse(io, out);
  let merged;
  try {
    merged = mergeShards(files.map((file) => ({ file, json: readJsonFile(file) })));
  } catch (e) {
    if (e instanceof ConfigError) return reportConfigError(e, io);
    if (!(e instanceof MergeError)) throw e;
    for (const line of e.lines) io.err(`error: ${line}\n`);
    return EXIT.badInput;
  }
  if (!writeSweepOutputs(merged, opts, io)) return EXIT.badInput;
  return sweepPassed(merged) ? EXIT.ok : EXIT.failed;
}
