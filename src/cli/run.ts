// `netchan run <scenario>`: runs every variant of a scenario and prints a comparison table, then the
// scenario's expectations (✓/✗); --json and --csv write the result (`netchan-result/1`,
// src/results/schema.ts) for scripts and the dashboard, --junit a JUnit report for CI.
//
// Everything that can be refused is refused before anything runs (exit 2): option values by commander's
// parsers, then combinations of options and output paths, then the scenario file itself. A run that
// fails — a variant that throws, one whose packets do not add up, or an expectation that does not hold —
// still prints the table and writes the files, with the failure in them, and exits 1: the other
// variants' figures are worth having.
//
// The scenario loader and the path runner come from `ctx.runDeps` when given (tests pass fakes); by default
// they are imported when a run starts, so that `netchan list` and `--help` never load the simulator.
import { InvalidArgumentError, Option, type Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { resultCsv } from "../results/csv.js";
import { resultJunit } from "../results/junit.js";
import { runScenario, runVariantLazily, type ScenarioRunDeps, type ScenarioRunOptions } from "../results/run-scenario.js";
import type { NetchanResult } from "../results/schema.js";
import type { ResolvedScenario } from "../scenario/types.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, refuse, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";
import { outputOptionsProblem, writeFileAtomically } from "./output-file.js";
import { processProgressSetting, ProgressBar, showProgress } from "./progress.js";
import type { RunProgress } from "../machine/spec.js";
import { comparisonTable, expectationLines } from "./run-table.js";

/** Reads and resolves a scenario file (src/scenario/load.ts's `loadScenario`); throws ConfigError for a bad one. */
export type LoadScenario = (path: string, options: { packets?: number; seed?: number }) => ResolvedScenario | Promise<ResolvedScenario>;

export interface RunDeps extends ScenarioRunDeps {
  loadScenario: LoadScenario;
}

/** A command context that may carry its own loader and runner (tests); without them the real ones are used. */
export interface RunContext extends CliContext {
  runDeps?: RunDeps;
}

export interface RunOptions {
  packets?: number;
  seed?: number;
  scheduler?: "inthread" | "workers";
  workers?: number;
  json?: string;
  csv?: string;
  junit?: string;
  quiet?: boolean;
}

// See RUN_VARIANT_MODULE in run-scenario.ts: a variable, so that the compiler leaves the module to run time.
const LOAD_MODULE = "../scenario/load.js";

const loadScenarioLazily: LoadScenario = async (path, options) => {
  const { loadScenario }: { loadScenario: LoadScenario } = (await import(LOAD_MODULE)) as typeof import("../scenario/load.js");
  return loadScenario(path, options);
};

export const REAL_RUN_DEPS: RunDeps = { loadScenario: loadScenarioLazily, runVariant: runVariantLazily };

const MAX_PACKETS = 1_000_000_000;
const MAX_WORKERS = 256;

/** A parser for a whole-number option: digits only, so "1e3", "4.5" and "-1" are refused, not rounded. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`It must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function addRunCommand(program: Command, ctx: RunContext): void {
  program
    .command("run")
    .description("run a scenario's variants and compare them")
    .argument("<scenario>", "scenario file (JSON): machine profile, workload and the variants to compare")
    .addOption(new Option("--packets <n>", "measured packets per variant, instead of the scenario's").argParser(wholeNumber(1, MAX_PACKETS)))
    .addOption(new Option("--seed <n>", "random seed of the workload, instead of the scenario's").argParser(wholeNumber(0, 2 ** 32 - 1)))
    .addOption(new Option("--scheduler <name>", "inthread (one thread, the default) or workers (a worker thread per group of CPUs)").choices(["inthread", "workers"]))
    .addOption(new Option("--workers <n>", "worker threads for --scheduler workers (implies it)").argParser(wholeNumber(1, MAX_WORKERS)))
    .option("--json <file>", "write the result (netchan-result/1) as JSON to <file>, or to standard output with -")
    .option("--csv <file>", "write one CSV row of headline figures per variant to <file>, or to standard output with -")
    .option("--junit <file>", "write a JUnit XML report (a test per variant and per expectation) to <file>, or to standard output with -")
    .option("-q, --quiet", "no progress lines; with --json - or --csv -, no table either (standard error shows only problems)")
    .addHelpText(
      "after",
      examples(
        ["Run a scenario and compare its variants:", "netchan run sim-config/scenarios/classic.json"],
        ["A quick run of 2000 packets per variant, with another seed:", "netchan run classic.json --packets 2000 --seed 7"],
        ["Keep the result for the dashboard, and a CSV for a spreadsheet:", "netchan run classic.json --json out/classic.json --csv out/classic.csv"],
        ["Pipe the result to jq (the table goes to standard error):", "netchan run classic.json --json - --quiet | jq '.variants[].cyclesPerPacket.total'"],
        ["Check the scenario's expectations in CI, with a JUnit report:", "netchan run classic.json --junit out/classic.xml"],
        ["Run each CPU in its own worker thread (the same result, bit for bit):", "netchan run classic.json --scheduler workers --workers 4"],
      ),
    )
    .action(async (file: string, opts: RunOptions) => ctx.finish(await runCommand(file, opts, ctx.io, ctx.runDeps ?? REAL_RUN_DEPS)));
}

/** Loads, runs, prints and writes; returns the exit status. */
export async function runCommand(file: string, opts: RunOptions, io: Output, deps: RunDeps): Promise<ExitCode> {
  const problem = optionProblem(opts);
  if (problem) return refuse(io, problem);
  let scenario: ResolvedScenario;
  try {
    scenario = await deps.loadScenario(file, { packets: opts.packets, seed: opts.seed });
  } catch (e) {
    if (e instanceof ConfigError) return reportConfigError(e, io);
    throw e;
  }
  const result = await runScenario(scenario, runOptions(opts, io, scenario), deps);
  return report(result, opts, io);
}

/** What is wrong with a combination of options or an output path, naming the option; null if nothing. */
export function optionProblem(opts: RunOptions): string | null {
  if (opts.workers !== undefined && opts.scheduler === "inthread")
    return `option '--workers <n>' needs --scheduler workers (got --scheduler inthread, which runs on one thread)`;
  return outputOptionsProblem([["--json", opts.json], ["--csv", opts.csv], ["--junit", opts.junit]]);
}

function runOptions(opts: RunOptions, io: Output, scenario: ResolvedScenario): ScenarioRunOptions {
  // --workers alone asks for the workers scheduler; that it is not combined with inthread was checked
  const scheduler = opts.scheduler ?? (opts.workers !== undefined ? "workers" : undefined);
  // a bar only on this process's own terminal (io.columns is set for it alone), cli/progress.ts says when
  const formatOnStdout = opts.json === "-" || opts.csv === "-" || opts.junit === "-";
  const bar = io.columns !== undefined && showProgress(processProgressSetting(opts.quiet === true, formatOnStdout)) ? new ProgressBar() : null;
  let finished = 0;
  const progress = (index: number, total: number, text: string) => {
    finished = index + 1;
    bar?.stop();
    if (!opts.quiet) io.err(`[${index + 1}/${total}] ${text}\n`);
  };
  const total = scenario.variants.length;
  return {
    scheduler,
    workers: opts.workers,
    packets: opts.packets,
    seed: opts.seed,
    ...(bar && {
      onProgress: (p: RunProgress) => {
        // a run that ends before the first report shows no bar (it would only flash)
        if (p.cycles === 0 || finished === total || (!bar.running && p.packets !== null && p.arrived >= p.packets)) return;
        bar.start(`[${finished + 1}/${total}] ${scenario.variants[finished].name}`);
        bar.update(p, scenario.machine.clockGHz);
      },
    }),
    onVariant: (raw, i, n) =>
      progress(i, n, `${raw.name} (${raw.path}): ${raw.packets.delivered} of ${raw.packets.offered} packets delivered, ${raw.work.runSeconds.toFixed(1)} s`),
    onVariantError: (error, i, n) => progress(i, n, `${error.variant}: the run failed`),
  };
}

/** Writes the files, prints the table and states every failure; the status says which came out. */
function report(result: NetchanResult, opts: RunOptions, io: Output): ExitCode {
  const unmet = result.expectations.filter((e) => !e.passed);
  let status: ExitCode = result.failures.length > 0 || unmet.length > 0 ? EXIT.failed : EXIT.ok;
  // with a file format on standard output, the table moves to standard error so the output stays parseable
  const formatOnStdout = opts.json === "-" || opts.csv === "-" || opts.junit === "-";
  const outputs = [
    ["--json <file>", opts.json, () => JSON.stringify(result, null, 2) + "\n"],
    ["--csv <file>", opts.csv, () => resultCsv(result)],
    ["--junit <file>", opts.junit, () => resultJunit(result)],
  ] as const;
  for (const [option, path, text] of outputs) {
    if (path === undefined) continue;
    if (path === "-") io.out(text());
    else if (!writeOutput(option, path, text(), io)) status = EXIT.badInput;
  }
  if (!(formatOnStdout && opts.quiet)) {
    const write = formatOnStdout ? io.err : io.out;
    for (const line of [...comparisonTable(result), ...expectationLines(result)]) write(line + "\n");
  } else {
    // standard error shows only problems: the expectations that did not hold
    for (const line of expectationLines({ expectations: unmet }).slice(1)) io.err(line + "\n");
  }
  for (const f of result.failures) io.err(`netchan: variant "${f.variant}" failed${f.kind === "integrity" ? " its integrity check" : ""}: ${f.message}\n`);
  return status;
}

/** Writes one output file; on failure says so, naming the option (the path was checked before the run,
 *  so this is a folder removed or a disk filled meanwhile). */
function writeOutput(option: string, path: string, text: string, io: Output): boolean {
  try {
    writeFileAtomically(path, text);
    return true;
  } catch (e) {
    io.err(`error: option '${option}': cannot write ${path}: ${(e as Error).message}\n`);
    return false;
  }
}
