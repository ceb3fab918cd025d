// A chart in a panel: the canvas (an image with a text summary for assistive technology), the same
// figures as a table (keyboard- and screen-reader-friendly, and where exact values can be copied), and
// a PNG of the chart. Panels give it categories and series; the card does the Chart.js part.
import type { ChartConfiguration, TooltipItem } from "chart.js";
import { download, figure, h } from "../shell/dom.js";
import { OTHER_GREY, seriesColour, seriesDash } from "./palette.js";
import { Chart } from "./setup.js";

export interface Series {
  label: string;
  data: (number | null)[];
  /** Lines under "other" with their figures per category, for its tooltip. */
  members?: Record<string, number>[];
  other?: boolean;
}

export interface CardData {
  /** The x categories (variants), or for a line chart the x values. */
  categories: (string | number)[];
  series: Series[];
}

export interface CardOptions {
  id: string;
  kind: "stacked-bar" | "grouped-bar" | "line";
  /** The unit of a value, for tooltips and the y axis: "cycles/packet". */
  unit: string;
  xTitle?: string;
  /** Decimals a tooltip shows (the result's own rounding). */
  decimals?: number;
  /** Values as shown: ns → µs for latency. */
  scale?: number;
  logY?: boolean;
}


export class ChartCard {
  private chart: Chart | null = null;
  private data: CardData | null = null;
  private details: HTMLDetailsElement;
  private canvas: HTMLCanvasElement;
  private table = h("table", { class: "data-table" });
  private empty = h("p", { class: "empty" }, "No figures yet: run the scenario.");

  constructor(body: HTMLElement, private opts: CardOptions, title: string) {
    this.canvas = h("canvas", { id: `chart-${opts.id}`, role: "img", "aria-label": `${title}: no data yet`, "data-points": 0 });
    const png = h("button", { type: "button", class: "small", "aria-label": `Save ${title} as PNG` }, "PNG");
    png.addEventListener("click", () => this.chart && download(`${opts.id}.png`, dataUrlBlob(this.chart.toBase64Image("image/png", 1))));
    const details = h("details", {}, h("summary", {}, "Figures as a table"), this.table);
    // the table is built when it is opened, and kept up to date while it is open
    details.addEventListener("toggle", () => details.open && this.data && this.renderTable(this.data));
    this.details = details;
    body.append(h("div", { class: "chart-box" }, this.canvas, this.empty), h("div", { class: "card-tools" }, details, png));
    // Chart.js's first chart costs far more than any later update (it sets up fonts and the canvas): made
    // now, while the page starts, rather than in the middle of a run
    this.chart = new Chart(this.canvas, this.config({ categories: [], series: [] }));
  }

  /** Names the x axis (a sweep's parameter). */
  setXTitle(title: string): void {
    this.opts = { ...this.opts, xTitle: title };
  }

  update(data: CardData, summary: string): void {
    const points = data.series.reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
    this.canvas.dataset.points = String(points);
    // when the page first showed figures (bench/dashboard.ts reads it)
    if (points > 0 && performance.getEntriesByName("netchan:first-chart").length === 0) performance.mark("netchan:first-chart");
    this.canvas.setAttribute("aria-label", summary);
    this.empty.hidden = points > 0;
    this.data = data;
    if (this.details.open) this.renderTable(data);
    const config = this.config(data);
    if (this.chart && (this.chart.config as ChartConfiguration).type === config.type) {
      this.chart.data = config.data;
      this.chart.options = config.options!;
      this.chart.update();
    } else {
      this.chart?.destroy();
      this.chart = new Chart(this.canvas, config);
    }
  }

  private config(data: CardData): ChartConfiguration {
    const o = this.opts;
    const scale = o.scale ?? 1;
    const decimals = o.decimals ?? 2;
    const line = o.kind === "line";
    const datasets = data.series.map((s, i) => {
      const colour = s.other ? OTHER_GREY : seriesColour(i);
      const values = s.data.map((v) => (v === null ? null : v * scale));
      return line
        ? { label: s.label, data: values.map((y, j) => ({ x: Number(data.categories[j]), y })), borderColor: colour, backgroundColor: colour, borderDash: seriesDash(i), pointRadius: 3, spanGaps: false }
        : { label: s.label, data: values, backgroundColor: colour, borderColor: "#fff", borderWidth: o.kind === "stacked-bar" ? 1 : 0 };
    });
    const stacked = o.kind === "stacked-bar";
    const unitOf = (shown: number) => `${figure(shown, decimals)} ${o.unit}`;
    return {
      type: line ? "line" : "bar",
      data: { labels: line ? undefined : data.categories.map(String), datasets: datasets as never },
      options: {
        animation: false,
        normalized: true,
        // line data is already {x, y}, sorted: Chart.js need not parse it, and may decimate it
        parsing: line ? false : undefined,
        interaction: { mode: line ? "nearest" : "index", intersect: false },
        plugins: {
          decimation: { enabled: line, algorithm: "lttb" },
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<"bar" | "line">) => {
                const s = data.series[item.datasetIndex];
                const v = s.data[item.dataIndex];
                const head = `${s.label}: ${v === null ? "–" : unitOf(v * scale)}`;
                const members = s.members?.[item.dataIndex];
                if (!members) return head;
                return [head, ...Object.entries(members).map(([k, x]) => `   ${k}: ${figure(x, decimals)}`)];
              },
              footer: (items: TooltipItem<"bar" | "line">[]) => {
                if (!stacked || items.length < 2) return "";
                const total = items.reduce((a, it) => a + (data.series[it.datasetIndex].data[it.dataIndex] ?? 0), 0);
                return `sum of the parts: ${unitOf(total * scale)}`;
              },
            },
          },
        },
        scales: {
          x: { stacked, type: line ? "linear" : "category", title: { display: !!o.xTitle, text: o.xTitle ?? "" }, ticks: { autoSkip: line, maxRotation: 50 } },
          y: { stacked, type: o.logY ? "logarithmic" : "linear", beginAtZero: !o.logY, title: { display: true, text: o.unit } },
        },
      },
    } as ChartConfiguration;
  }

  private renderTable(data: CardData): void {
    const head = h("tr", {}, h("th", { scope: "col" }, this.opts.xTitle ?? "variant"), ...data.series.map((s) => h("th", { scope: "col" }, s.label)));
    const rows = data.categories.map((c, j) =>
      h("tr", {}, h("th", { scope: "row" }, String(c)), ...data.series.map((s) => h("td", {}, figure(shownValue(s.data[j], this.opts.scale), this.opts.decimals ?? 2)))),
    );
    this.table.replaceChildren(h("caption", {}, `in ${this.opts.unit}`), h("thead", {}, head), h("tbody", {}, ...rows));
  }
}

const shownValue = (v: number | null, scale = 1) => (v === null ? null : v * scale);

function dataUrlBlob(url: string): Blob {
  const [meta, body] = url.split(",");
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: meta.slice(5, meta.indexOf(";")) });
}

/** Stacked series from per-variant maps (steps, structures): the `top` largest names overall, each its
 *  own series, and the rest as one grey "other" whose tooltip lists them. Values are the result's. */
export function stackByName(maps: (Record<string, number> | null)[], top = 7): Series[] {
  const totals = new Map<string, number>();
  for (const m of maps) for (const [k, v] of Object.entries(m ?? {})) totals.set(k, (totals.get(k) ?? 0) + v);
  const ranked = [...totals.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([k]) => k);
  const shown = ranked.length <= top + 1 ? ranked : ranked.slice(0, top);
  const rest = ranked.slice(shown.length);
  const series: Series[] = shown.map((name) => ({ label: name, data: maps.map((m) => (m ? (m[name] ?? 0) : null)) }));
  if (rest.length > 0) {
    const members = maps.map((m) => Object.fromEntries(rest.filter((k) => m && m[k] !== undefined).map((k) => [k, m![k]])));
    series.push({
      label: `other (${rest.length})`,
      other: true,
      members,
      data: maps.map((m) => (m ? Math.round(rest.reduce((a, k) => a + (m[k] ?? 0), 0) * 100) / 100 : null)),
    });
  }
  return series;
}
