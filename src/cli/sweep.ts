// `netchan sweep <scenario> --set <path>=<v1,v2,…> …`: runs a scenario at every point of the cross product of
// the values, each point a full run of its variants, the points in parallel on worker threads; prints a
// table (a row per point and variant) and writes the `netchan-sweep/1` document with --json. `--shard i/n`
// runs one deterministic share of the points, for `netchan merge` to join (docs/sweeps.md).
//
// As `run` does, it refuses everything it can before anything runs (exit 2): the options, the output
// file, the scenario, then every --set path and value and every point (src/sweep/points.ts). A point whose
// run fails or whose expectations do not hold still leaves the table and the file, and exits 1.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { readJsonFile } from "../config/json-file.js";
import { scenarioNames, scenariosDir } from "../scenario/load.js";
import type { ResolvedScenario } from "../scenario/types.js";
import { resolveSweep, SweepTooLarge, type Point } from "../sweep/points.js";
import { runSweep, sweepPassed, type SweepRunDeps } from "../sweep/run-sweep.js";
import type { PointProgress } from "../sweep/pool.js";
import type { SweepResult } from "../sweep/schema.js";
import type { NetchanResult } from "../results/schema.js";
import { parseSettings, SettingError, type Axis } from "../sweep/settings.js";
import { inShard, parseShard, type Shard } from "../sweep/shard.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, refuse, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";
import { sweepOutputProblem, writeSweepOutputs } from "./sweep-output.js";
import { wholeNumber } from "./run.js";
import { processProgressSetting, showProgress, SweepProgressBar } from "./progress.js";

export interface SweepOptions {
  set: string[];
  packets?: number;
  seed?: number;
  workers?: number;
  shard?: Shard;
  json?: string;
  csv?: string;
  junit?: string;
  quiet?: boolean;
  dryRun?: boolean;
}

/** A command context that may carry its own point runner (tests run points in-process). */
export interface SweepContext extends CliContext {
  sweepDeps?: SweepRunDeps;
}

const MAX_WORKERS = 256;

function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export function addSweepCommand(program: Command, ctx: SweepContext): void {
  program
    .command("sweep")
    .description("run a scenario at every combination of the values given, in parallel, and tabulate the points")
    .argument("<scenario>", "scenario file (JSON), or a shipped scenario's name")
    .addOption(
      new Option("--set <path=values>", "a scenario path (machine.… for the profile's) and comma-separated values; repeat for more axes")
        .argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v])
        .makeOptionMandatory(),
    )
    .addOption(new Option("--packets <n>", "measured packets per variant at every point, instead of the scenario's").argParser(wholeNumber(1, 1_000_000_000)))
    .addOption(new Option("--seed <n>", "random seed of the workload at every point, instead of the scenario's").argParser(wholeNumber(0, 2 ** 32 - 1)))
    .addOption(new Option("--workers <n>", "worker threads, each running one point at a time (default: the host's cores)").argParser(wholeNumber(1, MAX_WORKERS)))
    .addOption(new Option("--shard <i/n>", "run only the i-th of n deterministic shares of the points (for netchan merge)").argParser(shardOption))
    .option("--json <file>", "write the sweep (netchan-sweep/1) as JSON to <file>, or to standard output with -")
    .option("--csv <file>", "write a CSV row per point and variant (the axes' values, then run's columns) to <file>, or to standard output with -")
    .option("--junit <file>", "write a JUnit XML report (a testsuite per point: a testcase per variant and per expectation) to <file>, or to standard output with -")
    .option("-q, --quiet", "no progress; with a format on standard output (-), no table either")
    .option("-n, --dry-run", "check every point and list those this shard would run, without running them")
    .addHelpText(
      "after",
      examples(
        ["Sweep the offered load of every steering variant:", "netchan sweep classic-steering --set workload.load.pps=50000,100000,200000"],
        ["Two axes (3 × 2 points), a profile field among them, another seed, kept as JSON:", "netchan sweep vj-debate --set workload.packetBytes=64,512,1518 --set machine.llc.ways=8,16 --seed 7 --json sweep.json"],
        ["The sweep as JSON on standard output, for jq (the table moves to standard error; --quiet drops it):", "netchan sweep classic-steering --set workload.seed=1,2 --json - --quiet | jq '.points[].set'"],
        ["Every variant's interrupt moderation, few packets, on 2 threads:", "netchan sweep classic-steering --set 'variants[*].nic.rxUsecs=10,20,50' --packets 2000 --workers 2"],
        ["Check a sweep and list the points of one shard, running nothing:", "netchan sweep classic-steering --set workload.seed=1,2,3,4,5 --shard 1/2 --dry-run"],
        ["A CSV of every point and variant, for a spreadsheet or a plot:", "netchan sweep classic-steering --set workload.load.pps=50000,100000,200000 --csv loads.csv"],
        ["In CI: every point's expectations as JUnit test cases, for the CI's test report:", "netchan sweep classic-steering --set workload.load.pps=50000,200000 --junit sweep.xml"],
        ["The second of three shares, to merge with the others later:", "netchan sweep classic-steering --set workload.load.pps=50000,100000,200000 --shard 2/3 --json shard-2.json"],
      ),
    )
    .action(async (file: string, opts: SweepOptions, command: Command) =>
      ctx.finish(await sweepCommand(file, opts, ctx.io, { version: command.parent?.version() ?? "0.0.0", deps: ctx.sweepDeps ?? {} })),
    );
}

/** Checks, runs, prints and writes; returns the exit status. */
export async function sweepCommand(file: string, opts: SweepOptions, io: Output, env: { version: string; deps: SweepRunDeps }): Promise<ExitCode> {
  const prepared = prepare(file, opts, io);
  if (typeof prepared === "number") return prepared;
  const { base, axes, points, scenarios } = prepared;
  if (opts.dryRun) return listPoints(points, axes, opts.shard ?? null, io);
  // a bar only on this process's own terminal (io.columns is set for it alone), cli/progress.ts says when
  const toRun = points.filter((p) => inShard(p.index, opts.shard ?? null));
  const bar = io.columns !== undefined && showProgress(processProgressSetting(opts.quiet === true, opts.json === "-" || opts.csv === "-" || opts.junit === "-")) ? new SweepProgressBar(toRun.length, offered(toRun.map((p) => scenarios[p.index]))) : null;
  const result = await runSweep(
    {
      base, axes, points, scenarios,
      shard: opts.shard ?? null,
      workers: opts.workers,
      options: { packets: opts.packets, seed: opts.seed },
      version: env.version,
      ...(bar && { onPointProgress: (point: Point, p: PointProgress) => bar.pointProgress(point.index, p.arrived, p.us) }),
      onPoint: (done, total, point, r) => {
        if (bar) bar.pointDone(point.index, ...pointTotals(r));
        else if (!opts.quiet) io.err(`[${done}/${total}] point ${point.index}${pointValues(point)}: ${r.failures.length === 0 ? "done" : `${r.failures.length} variant(s) failed`}\n`);
      },
    },
    env.deps,
  ).finally(() => bar?.stop());
  return report(result, opts, io);
}

/** --dry-run: the points this shard would run, one line each, then how many of how many. */
function listPoints(points: Point[], axes: Axis[], shard: Shard | null, io: Output): ExitCode {
  const mine = points.filter((p) => inShard(p.index, shard));
  for (const p of mine) io.out(`point ${p.index}:${pointValues(p)}\n`);
  io.out(`${mine.length} of ${points.length} points${shard ? ` (shard ${shard.index}/${shard.count})` : ""} over ${axes.length} ax${axes.length === 1 ? "is" : "es"}; nothing ran (--dry-run)\n`);
  return EXIT.ok;
}

/** The packets these scenarios offer in all, warm-up included, or null if one is given in time. */
function offered(scenarios: ResolvedScenario[]): number | null {
  let n = 0;
  for (const s of scenarios) {
    if (s.workload.packets === null) return null;
    n += s.variants.length * (s.workload.warmupPackets + s.workload.packets);
  }
  return n;
}

/** A finished point's packets (warm-up included) and simulated µs, summed over its variants, as its
 *  progress reports counted them. */
function pointTotals(r: NetchanResult): [arrived: number, us: number] {
  const config = r.config as unknown as { machine: { clockGHz: number }; workload: { warmupPackets: number } };
  const { clockGHz } = config.machine;
  const ran = r.variants.length;
  return [
    r.variants.reduce((n, v) => n + v.packets.offered, 0) + ran * config.workload.warmupPackets,
    r.variants.reduce((n, v) => n + v.measuredCycles, 0) / (clockGHz * 1000),
  ];
}

const pointValues = (p: Point) => Object.entries(p.set).map(([k, v]) => ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("");

/** Everything refused before a run: the status, or what to run. */
function prepare(file: string, opts: SweepOptions, io: Output): ExitCode | { base: ResolvedScenario; axes: Axis[]; points: Point[]; scenarios: ResolvedScenario[] } {
  const bad = (message: string) => refuse(io, message);
  const out = sweepOutputProblem(opts);
  if (out) return bad(out);
  try {
    const axes = parseSettings(opts.set);
    const clash = overrideClash(axes, opts);
    if (clash) return bad(clash);
    const shipped = !existsSync(file) && scenarioNames().includes(file);
    const path = shipped ? join(scenariosDir(), `${file}.json`) : file;
    const base = { file: path, json: readJsonFile(path), overrides: { packets: opts.packets, seed: opts.seed } };
    const { resolvedBase, points, scenarios } = resolveSweep(base, axes);
    return { base: resolvedBase, axes, points, scenarios };
  } catch (e) {
    if (e instanceof ConfigError) return reportConfigError(e, io);
    if (e instanceof SettingError || e instanceof SweepTooLarge) return bad(e.message);
    throw e;
  }
}

/** --packets and --seed replace the scenario's; a --set of the same field would be silently lost. */
function overrideClash(axes: Axis[], opts: SweepOptions): string | null {
  for (const a of axes) {
    if (opts.packets !== undefined && (a.path === "workload.packets" || a.path === "workload.durationUs"))
      return `options '--packets' and '--set ${a.path}' both set the run's length: give one`;
    if (opts.seed !== undefined && a.path === "workload.seed") return `options '--seed' and '--set workload.seed' both set the seed: give one`;
  }
  return null;
}

function report(result: SweepResult, opts: SweepOptions, io: Output): ExitCode {
  const written = writeSweepOutputs(result, opts, io);
  for (const p of result.points)
    for (const f of p.result.failures) io.err(`netchan: point ${p.index}, variant "${f.variant}" failed${f.kind === "integrity" ? " its integrity check" : ""}: ${f.message}\n`);
  return !written ? EXIT.badInput : sweepPassed(result) ? EXIT.ok : EXIT.failed;
}
