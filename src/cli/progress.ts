// The progress bar of `netchan run` and `netchan sweep` on a terminal: packets done, simulated time and the
// rate in packets per host second, drawn on standard error by cli-progress and cleared when the run ends.
//
// It is shown only to a person watching: standard output and standard error both terminals (a pipe or a
// file must not fill with redraws), not in CI (the CI variable, which GitHub Actions, GitLab, Jenkins'
// plugins and most others set), not with --quiet, and not while a format goes to standard output. The
// decision is a pure function of those facts (showProgress), tested as such. Elsewhere the commands keep
// their one line per finished variant or point.
//
// The bar only reads what the runner reports (RunProgress): a run is the same with or without it.
import cliProgress from "cli-progress";
import type { RunProgress } from "../machine/spec.js";

export interface ProgressSetting {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The environment (CI, TERM). */
  env: Readonly<Record<string, string | undefined>>;
  quiet: boolean;
  /** A result format (--json -, --csv -) goes to standard output. */
  formatOnStdout: boolean;
}

/** CI=true, CI=1, CI=github…: set and not saying no. */
export const inCI = (env: ProgressSetting["env"]) => env.CI !== undefined && env.CI !== "" && !/^(0|false|no)$/i.test(env.CI);

/** Whether to draw a progress bar (see the top of this file). */
export function showProgress(s: ProgressSetting): boolean {
  return s.stdoutIsTTY && s.stderrIsTTY && !inCI(s.env) && s.env.TERM !== "dumb" && !s.quiet && !s.formatOnStdout;
}

/** The setting of this process, for a command's options. */
export function processProgressSetting(quiet: boolean, formatOnStdout: boolean): ProgressSetting {
  return { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true, env: process.env, quiet, formatOnStdout };
}

const SCALE = 1000;

/** Packets and simulated time as the bar shows them: "3,200/5,500 packets", "812.4 µs simulated". */
export function progressFigures(p: RunProgress, clockGHz: number, hostSeconds: number): { fraction: number; packets: string; simulated: string; rate: string } {
  const fraction = p.packets ? p.arrived / p.packets : p.untilCycles ? p.cycles / p.untilCycles : 0;
  const us = p.cycles / (clockGHz * 1000);
  return {
    fraction: Math.min(1, Math.max(0, fraction)),
    packets: p.packets ? `${p.arrived.toLocaleString("en-US")}/${p.packets.toLocaleString("en-US")}` : p.arrived.toLocaleString("en-US"),
    simulated: us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`,
    rate: hostSeconds > 0 ? `${Math.round(p.arrived / hostSeconds).toLocaleString("en-US")}` : "-",
  };
}

const newBar = (format: string) =>
  new cliProgress.SingleBar({ format, barsize: 24, clearOnComplete: true, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);

/** While a bar hides the cursor, Ctrl-C must give it back: the bar is stopped (which shows the cursor
 *  again) and the process ends as an interrupted one would (128 + SIGINT's 2). Returns the undo. */
function restoreOnInterrupt(bar: cliProgress.SingleBar): () => void {
  const interrupted = () => {
    bar.stop();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  return () => void process.off("SIGINT", interrupted);
}

/** A bar for one run at a time: start(label) as it begins, update() as it reports, stop() after. */
export class ProgressBar {
  private readonly bar = newBar("{label} [{bar}] {percentage}% | {packets} packets | {simulated} simulated | {rate} packets/s");
  private started = 0;
  private shown = false;
  private undo = () => {};

  /** Whether the bar is on the screen. */
  get running(): boolean {
    return this.shown;
  }

  /** Starts the bar for a run; nothing if it is already showing one. */
  start(label: string): void {
    if (this.shown) return;
    this.started = performance.now();
    this.bar.start(SCALE, 0, { label, packets: "0", simulated: "0 µs", rate: "-" });
    this.undo = restoreOnInterrupt(this.bar);
    this.shown = true;
  }

  update(p: RunProgress, clockGHz: number): void {
    if (!this.shown) return;
    const f = progressFigures(p, clockGHz, (performance.now() - this.started) / 1000);
    this.bar.update(Math.round(f.fraction * SCALE), { packets: f.packets, simulated: f.simulated, rate: f.rate });
  }

  /** Removes the bar (so the line printed next takes its place). */
  stop(): void {
    if (this.shown) this.bar.stop();
    this.undo();
    this.shown = false;
  }
}

/** A sweep's bar: points done of the points to run, and the packets arrived and simulated time of every
 *  point so far, those running included (warm-up packets counted: they are simulated too). */
export class SweepProgressBar {
  private readonly bar = newBar("sweep [{bar}] {percentage}% | {done}/{points} points | {packets} packets | {simulated} simulated | {rate} packets/s");
  private readonly started = performance.now();
  /** Each point's latest report; a finished point keeps its last. */
  private readonly points = new Map<number, { arrived: number; us: number }>();
  private done = 0;
  private readonly undo: () => void;

  /** `packets`: what all the points offer in all, warm-up included, when every point is given in
   *  packets (the bar then moves with them); null when some point is given in simulated time (the bar
   *  moves with the points done). */
  constructor(
    private readonly total: number,
    private readonly packets: number | null,
  ) {
    this.bar.start(packets ?? total, 0, { done: 0, points: total, packets: "0", simulated: "0 µs", rate: "-" });
    this.undo = restoreOnInterrupt(this.bar);
  }

  /** How far point `index` has come. */
  pointProgress(index: number, arrived: number, us: number): void {
    this.points.set(index, { arrived, us });
    this.redraw();
  }

  /** Point `index` is done, having offered `arrived` packets over `us` simulated microseconds (its own
   *  last report, which comes after its last run, is kept if there was one). */
  pointDone(index: number, arrived: number, us: number): void {
    if (!this.points.has(index)) this.points.set(index, { arrived, us });
    this.done++;
    this.redraw();
  }

  private redraw(): void {
    let packets = 0;
    let us = 0;
    for (const p of this.points.values()) (packets += p.arrived), (us += p.us);
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(this.packets === null ? this.done : Math.min(packets, this.packets), {
      done: this.done,
      points: this.total,
      packets: this.packets === null ? packets.toLocaleString("en-US") : `${packets.toLocaleString("en-US")}/${this.packets.toLocaleString("en-US")}`,
      simulated: us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`,
      rate: seconds > 0 ? Math.round(packets / seconds).toLocaleString("en-US") : "-",
    });
  }

  stop(): void {
    this.bar.stop();
    this.undo();
  }
}
