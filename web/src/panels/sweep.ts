// The sweep: one parameter over a list of values, each value a run of the variants shown, in a pool of
// workers (independent runs: the embarrassingly parallel use of the cores). Three lines per variant —
// throughput, p99 latency and cycles per packet against the parameter — show where each path saturates.
import type { ConfigIssue } from "../../../src/config/errors.js";
import type { NetchanResult } from "../../../src/results/schema.js";
import { ChartCard, type Series } from "../charts/card.js";
import { RunPool } from "../sim/client.js";
import { parsePath } from "../sim/edits.js";
import type { App } from "../shell/app.js";
import { download, h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

const PRESETS: { path: string; label: string; values: string }[] = [
  { path: "workload.load.pps", label: "offered load (packets/s)", values: "50000, 100000, 200000, 400000, 800000" },
  { path: "workload.packetBytes", label: "frame size (bytes)", values: "64, 256, 512, 1024, 1518" },
  { path: "workload.flows", label: "flows", values: "1, 2, 4, 16, 64" },
  { path: "workload.appWorkCycles", label: "application work per packet (cycles)", values: "0, 1000, 5000, 20000" },
  { path: "variants[*].nic.rxUsecs", label: "interrupt moderation, rx-usecs", values: "0, 10, 50, 100" },
  { path: "netfilter.rules", label: "netfilter rules", values: "0, 8, 32, 128" },
];

interface Point {
  value: number;
  result: NetchanResult | null;
}

registerPanel({
  id: "sweep",
  tab: "sweep",
  order: 10,
  wide: true,
  title: "Sweep a parameter",
  explain:
    "Pick a parameter of the scenario and the values to try: every value is a separate run of the variants shown, on a pool of workers. " +
    "The charts plot throughput, p99 latency and cycles per packet against the parameter, one line per variant — raise the offered load " +
    "to see where each path stops keeping up (its throughput flattens, its latency climbs).",
  mount(body, app) {
    new SweepPanel(body, app);
  },
});

class SweepPanel {
  private pathInput = h("input", { type: "text", id: "sweep-path", spellcheck: "false", "aria-describedby": "sweep-path-hint sweep-error" });
  private valuesInput = h("input", { type: "text", id: "sweep-values", inputmode: "decimal", "aria-describedby": "sweep-values-hint sweep-error" });
  private error = h("p", { class: "field-error", id: "sweep-error", role: "alert", hidden: true });
  private progress = h("progress", { max: 1, value: 0, "aria-label": "Sweep progress" });
  private status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  private runButton = h("button", { type: "button", class: "primary", id: "sweep-run" }, "Run sweep");
  private stopButton = h("button", { type: "button", id: "sweep-stop", disabled: true }, "Stop");
  private csvButton = h("button", { type: "button", disabled: true }, "Sweep CSV");
  private pool = new RunPool(Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 0)));
  private points: Point[] = [];
  private cards: { card: ChartCard; metric: (r: NetchanResult, variant: string) => number | null; what: string }[] = [];

  constructor(body: HTMLElement, private app: App) {
    const preset = h("select", { id: "sweep-preset" }, ...PRESETS.map((p) => h("option", { value: p.path }, p.label)), h("option", { value: "" }, "another field (JSON path)…"));
    const s = app.state.panel;
    this.pathInput.value = s["sweep.path"] ?? PRESETS[0].path;
    this.valuesInput.value = s["sweep.values"] ?? PRESETS.find((p) => p.path === this.pathInput.value)?.values ?? "";
    preset.value = PRESETS.some((p) => p.path === this.pathInput.value) ? this.pathInput.value : "";
    preset.addEventListener("change", () => {
      const p = PRESETS.find((x) => x.path === preset.value);
      if (p) [this.pathInput.value, this.valuesInput.value] = [p.path, p.values];
      this.remember();
      if (!p) this.pathInput.focus();
    });
    this.pathInput.addEventListener("change", () => this.remember());
    this.valuesInput.addEventListener("change", () => this.remember());
    this.runButton.addEventListener("click", () => void this.run());
    this.stopButton.addEventListener("click", () => this.pool.stop());
    this.csvButton.addEventListener("click", () => download("sweep.csv", this.csv(), "text/csv"));
    body.append(
      h(
        "div",
        { class: "sweep-form" },
        h("div", { class: "field" }, h("label", { for: "sweep-preset" }, "Parameter"), preset),
        h("div", { class: "field" }, h("label", { for: "sweep-path" }, "JSON path in the scenario"), this.pathInput, h("small", { id: "sweep-path-hint" }, "e.g. workload.load.pps; variants[*] is every variant")),
        h("div", { class: "field" }, h("label", { for: "sweep-values" }, "Values"), this.valuesInput, h("small", { id: "sweep-values-hint" }, "numbers, separated by commas")),
        this.error,
        h("div", { class: "run-row" }, this.runButton, this.stopButton, this.csvButton),
        this.progress,
        this.status,
      ),
    );
    const grid = h("div", { class: "sweep-charts" });
    body.append(grid);
    const chart = (id: string, title: string, unit: string, what: string, metric: (r: NetchanResult, v: string) => number | null, scale = 1, decimals = 2) => {
      const box = h("section", { class: "sweep-chart", "aria-label": title }, h("h3", {}, title));
      grid.append(box);
      this.cards.push({ card: new ChartCard(box, { id, kind: "line", unit, xTitle: "parameter", scale, decimals }, title), metric, what });
    };
    const variant = (r: NetchanResult, name: string) => r.variants.find((v) => v.name === name);
    chart("sweep-throughput", "Throughput", "kpps", "throughput", (r, n) => variant(r, n)?.throughputPps ?? null, 1 / 1000, 5);
    chart("sweep-p99", "p99 latency", "µs", "p99 latency", (r, n) => variant(r, n)?.latencyNs?.p99 ?? null, 1 / 1000, 4);
    chart("sweep-cycles", "Cycles per packet", "cycles/packet", "cycles per packet", (r, n) => variant(r, n)?.cyclesPerPacket?.total ?? null);
  }

  private remember(): void {
    this.app.setPanelSetting("sweep.path", this.pathInput.value.trim());
    this.app.setPanelSetting("sweep.values", this.valuesInput.value.trim());
  }

  /** The values, or a message saying what is wrong with the inputs. */
  private read(): { path: string; values: number[] } | string {
    const path = this.pathInput.value.trim();
    if (path.startsWith("machine."))
      return `${path}: the page sweeps the scenario's fields; a machine profile's field is swept by \`netchan sweep <scenario> --set ${path}=…\``;
    try {
      parsePath(path);
    } catch (e) {
      return (e as Error).message;
    }
    const parts = this.valuesInput.value.split(",").map((v) => v.trim()).filter(Boolean);
    const values = parts.map(Number);
    const bad = parts.find((p, i) => !Number.isFinite(values[i]));
    if (bad !== undefined) return `values: "${bad}" is not a number`;
    if (values.length < 2) return "values: give at least two, separated by commas";
    if (values.length > 50) return "values: at most 50 points";
    if (new Set(values).size !== values.length) return "values: a value is given twice";
    return { path, values: [...values].sort((a, b) => a - b) };
  }

  private async run(): Promise<void> {
    const input = this.read();
    this.showError(typeof input === "string" ? input : null);
    if (typeof input === "string") return;
    const shown = this.app.shownVariants().map((v) => v.name);
    const only = shown.length > 0 ? { onlyVariants: shown } : {};
    const requests = input.values.map((value) =>
      this.app.request({ edits: { ...this.app.state.edits, ...only, set: [{ path: input.path, value }] }, scheduler: "inthread", workers: undefined, partial: false }),
    );
    this.points = input.values.map((value) => ({ value, result: null }));
    this.runButton.disabled = true;
    this.stopButton.disabled = false;
    this.csvButton.disabled = true;
    this.progress.max = requests.length;
    this.progress.value = 0;
    this.status.textContent = `Running ${requests.length} points of ${input.path}…`;
    let done = 0;
    const problems: string[] = [];
    const outcomes = await this.pool.runAll(requests, (i, outcome) => {
      done++;
      this.progress.value = done;
      if (outcome.kind === "done") this.points[i].result = outcome.result;
      else if (outcome.kind === "invalid") problems.push(...issueText(input.values[i], outcome.issues));
      else if (outcome.kind === "error") problems.push(`${input.path} = ${input.values[i]}: ${outcome.message}`);
      this.draw(input.path);
    });
    const stopped = outcomes.some((o) => o.kind === "stopped");
    this.runButton.disabled = false;
    this.stopButton.disabled = true;
    this.csvButton.disabled = !this.points.some((p) => p.result);
    this.showError(problems.length ? problems.join("\n") : null);
    this.status.textContent = stopped ? `Stopped after ${done} of ${requests.length} points.` : `Done: ${requests.length} points of ${input.path}.`;
  }

  private draw(path: string): void {
    const names = [...new Set(this.points.flatMap((p) => p.result?.variants.map((v) => v.name) ?? []))];
    for (const { card, metric, what } of this.cards) {
      const series: Series[] = names.map((name) => ({ label: name, data: this.points.map((p) => (p.result ? metric(p.result, name) : null)) }));
      const data = { categories: this.points.map((p) => p.value), series };
      card.setXTitle(path);
      card.update(data, `Line chart of ${what} against ${path} for ${names.length} variants over ${this.points.length} values.`);
    }
  }

  private csv(): string {
    const path = this.pathInput.value.trim();
    const rows = [["parameter", "value", "variant", "throughput_pps", "latency_p99_ns", "cycles_per_packet", "bounces_per_packet"].join(",")];
    for (const p of this.points)
      for (const v of p.result?.variants ?? [])
        rows.push([path, p.value, v.name, v.throughputPps ?? "", v.latencyNs?.p99 ?? "", v.cyclesPerPacket?.total ?? "", v.bouncesPerPacket?.total ?? ""].join(","));
    return rows.join("\n") + "\n";
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? "";
    this.pathInput.toggleAttribute("aria-invalid", message !== null);
  }
}

const issueText = (value: number, issues: ConfigIssue[]) => issues.map((i) => `at ${value}: ${i.path || "(root)"}: ${i.message}`);
