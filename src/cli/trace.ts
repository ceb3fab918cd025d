// `netchan trace <file>`: replays a valgrind lackey memory trace through one CPU's L1d and L2 and the LLC
// of a machine profile and reports hits and misses per level and the lines that missed most
// (src/trace/replay.ts; conventions in docs/trace.md). --json writes the netchan-trace/1 document.
//
// Refused before anything is read (exit 2): a bad option, an output path that cannot be written, a bad
// profile. A bad trace line is refused with its line number (exit 2), and no file is written.
import { InvalidArgumentError, Option, type Command } from "commander";
import { ConfigError } from "../config/errors.js";
import type { MachineProfile } from "../config/machine.js";
import { loadProfile } from "../config/profiles.js";
import { TraceLineError } from "../trace/replay.js";
import { replayTraceFile } from "../trace/replay-file.js";
import { traceReport } from "../trace/table.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, refuse, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";
import { emitJson, outputOptionsProblem } from "./output-file.js";
import { existsSync, statSync } from "node:fs";

export interface TraceOptions {
  profile: string;
  json?: string;
  top: number;
}

function topLines(value: string): number {
  const v = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(v >= 0 && v <= 10_000)) throw new InvalidArgumentError("It must be a whole number from 0 to 10000.");
  return v;
}

export function addTraceCommand(program: Command, ctx: CliContext): void {
  program
    .command("trace")
    .description("replay a valgrind lackey memory trace through one CPU's caches: hits and misses per level")
    .argument("<file>", "trace written by `valgrind --tool=lackey --trace-mem=yes --log-file=FILE program`")
    .option("--profile <profile>", "machine profile whose L1d, L2 and LLC to use: a shipped name or a file", "modern-1s")
    .addOption(new Option("--top <n>", "how many of the lines that missed most to list").default(10).argParser(topLines))
    .option("--json <file>", "write the counts (netchan-trace/1) as JSON to <file>, or to standard output with -")
    .addHelpText(
      "after",
      examples(
        ["Replay a program's memory accesses, recorded by `valgrind --tool=lackey --trace-mem=yes --log-file=prog.trace ./prog`:", "netchan trace prog.trace"],
        ["The same trace on the 2006 machine, its 20 worst lines, the counts as JSON:", "netchan trace prog.trace --profile fsb-2006 --top 20 --json counts.json"],
      ),
    )
    .action(async (file: string, opts: TraceOptions) => ctx.finish(await traceCommand(file, opts, ctx.io)));
}

export async function traceCommand(file: string, opts: TraceOptions, io: Output): Promise<ExitCode> {
  const bad = (message: string): ExitCode => refuse(io, message);
  const problem = outputOptionsProblem([["--json", opts.json]]);
  if (problem) return bad(problem);
  if (!existsSync(file)) return bad(`${file}: no such trace file`);
  if (statSync(file).isDirectory()) return bad(`${file}: is a folder, not a trace file`);
  let profile: MachineProfile;
  try {
    profile = loadProfile(opts.profile);
  } catch (e) {
    if (e instanceof ConfigError) return reportConfigError(e, io);
    throw e;
  }
  let summary;
  try {
    summary = await replayTraceFile(file, profile, opts.profile, opts.top);
  } catch (e) {
    if (e instanceof TraceLineError) return bad(e.message);
    throw e;
  }
  const json = JSON.stringify(summary, null, 2) + "\n";
  const emitted = emitJson(opts.json, json, io);
  if ("error" in emitted) return bad(emitted.error);
  const write = emitted.report;
  for (const line of traceReport(summary)) write(line + "\n");
  return EXIT.ok;
}
