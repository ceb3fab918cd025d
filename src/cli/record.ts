// `netchan record <scenario> --variant V`: runs one variant for a few packets with the event recorder on
// and writes the `netchan-record/1` document (src/record/, docs/record.md) — every coherence event on the
// recorded lines with each CPU's and the directory's states before and after, the step that caused it and
// the bounces with their cost — for the dashboard's step-through view and ownership timeline. It prints
// the hottest lines: those whose owner changed most.
//
// Refused before anything runs (exit 2): bad options, an output path that cannot be written, a bad
// scenario, a variant or region it does not have. A run too long for the buffer is refused after it ran
// (exit 2: fewer packets, fewer regions or a larger --limit will do), and no file is written.
import { InvalidArgumentError, Option, type Command } from "commander";
import { ConfigError } from "../config/errors.js";
import type { ResolvedScenario } from "../scenario/types.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, refuse, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";
import { emitJson, outputOptionsProblem } from "./output-file.js";

export interface RecordCommandOptions {
  variant: string;
  packets?: number;
  warmup?: number;
  regions?: string;
  limit?: number;
  json?: string;
  top: number;
}

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`It must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function addRecordCommand(program: Command, ctx: CliContext): void {
  program
    .command("record")
    .description("record every coherence event of a short run of one variant, for the step-through view")
    .argument("<scenario>", "scenario file (JSON), or a shipped scenario's name")
    .requiredOption("--variant <name>", "the variant to record")
    .addOption(new Option("--packets <n>", "packets to offer (all recorded, from cold caches); default 4").argParser(wholeNumber(1, 100_000)))
    .addOption(new Option("--warmup <n>", "warm-up packets before them (recorded too); default 0").argParser(wholeNumber(0, 100_000)))
    .option("--regions <names>", "comma-separated regions whose lines to record (default: every named region)")
    .addOption(new Option("--limit <n>", "most records the buffer holds; default 200000").argParser(wholeNumber(1, 10_000_000)))
    .addOption(new Option("--top <n>", "hottest lines to print").default(8).argParser(wholeNumber(0, 1000)))
    .option("--json <file>", "write the recording (netchan-record/1) as JSON to <file>, or to standard output with -")
    .addHelpText(
      "after",
      examples(
        ["Record four packets of the cross-CPU variant for the dashboard:", "netchan record classic-steering --variant cross --json cross.json"],
        ["Only the sockets and the descriptors: eight packets after two of warm-up, the 5 hottest lines:", "netchan record classic-steering --variant affine --packets 8 --warmup 2 --regions 'socket,rxq0 descriptors' --top 5 --json affine.json"],
        ["A longer run needs a larger buffer:", "netchan record classic-steering --variant cross --packets 200 --limit 1000000"],
      ),
    )
    .action(async (file: string, opts: RecordCommandOptions) => ctx.finish(await recordCommand(file, opts, ctx.io)));
}

// loaded when the command runs, so that `netchan --help` never loads the simulator
const LOAD_MODULE = "../scenario/load.js";
const RECORD_MODULE = "../record/run.js";
const REPLAY_MODULE = "../record/replay.js";

export async function recordCommand(file: string, opts: RecordCommandOptions, io: Output): Promise<ExitCode> {
  const bad = (message: string): ExitCode => refuse(io, message);
  const problem = outputOptionsProblem([["--json", opts.json]]);
  if (problem) return bad(problem);
  const { loadScenario } = (await import(LOAD_MODULE)) as typeof import("../scenario/load.js");
  let scenario: ResolvedScenario;
  try {
    scenario = loadScenario(file);
  } catch (e) {
    if (e instanceof ConfigError) return reportConfigError(e, io);
    throw e;
  }
  const variant = scenario.variants.find((v) => v.name === opts.variant);
  if (!variant) return bad(`option '--variant <name>': ${file} has no variant "${opts.variant}" (its variants: ${scenario.variants.map((v) => v.name).join(", ")})`);
  const { recordVariant, RecordLimitError, UnknownRegionError } = (await import(RECORD_MODULE)) as typeof import("../record/run.js");
  const { hottestLines } = (await import(REPLAY_MODULE)) as typeof import("../record/replay.js");
  const regions = opts.regions?.split(",").map((r) => r.trim()).filter((r) => r !== "");
  let recording;
  try {
    recording = await recordVariant(scenario, variant, { packets: opts.packets, warmupPackets: opts.warmup, regions, limit: opts.limit });
  } catch (e) {
    if (e instanceof RecordLimitError) return bad(e.message);
    if (e instanceof UnknownRegionError) return bad(`option '--regions <names>': ${e.message}`);
    throw e;
  }
  const doc = recording.document;
  const json = JSON.stringify(doc) + "\n";
  const emitted = emitJson(opts.json, json, io);
  if ("error" in emitted) return bad(emitted.error);
  const write = emitted.report;
  const bounces = doc.events.filter((e) => e.bounce).length;
  write(`${doc.scenario} / ${doc.variant} (${doc.path}) on ${doc.machine}: ${doc.warmupPackets + doc.packets} packets, ${doc.events.length} events on ${doc.lines.length} lines, ${bounces} bounces\n`);
  const hot = hottestLines(doc, opts.top);
  if (hot.length) {
    write("hottest lines (owner changes, bounces):\n");
    const w = Math.max(...hot.map((h) => h.label.length));
    for (const h of hot) write(`  ${h.label.padEnd(w)}  ${String(h.ownerChanges).padStart(4)}  ${String(h.bounces).padStart(4)}\n`);
  }
  if (opts.json === undefined) write("(add --json FILE to keep the recording for the dashboard)\n");
  return EXIT.ok;
}
