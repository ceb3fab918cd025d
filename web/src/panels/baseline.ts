// Before and after: pin a result as the baseline, change the machine, the load or the file, and read each
// variant's headline figures against it — the change in per cent beside each figure. The question a
// study asks most often ("what did that change do?") without two browser windows.
import type { NetchanResult, VariantResult } from "../../../src/results/schema.js";
import { figure, h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

const FIGURES: [string, (v: VariantResult) => number | null, number][] = [
  ["cycles / packet", (v) => v.cyclesPerPacket?.total ?? null, 2],
  ["bounces / packet", (v) => v.bouncesPerPacket?.total ?? null, 2],
  ["LLC misses / packet", (v) => v.llcMissesPerPacket?.total ?? null, 2],
  ["p99 latency µs", (v) => (v.latencyNs ? v.latencyNs.p99 / 1000 : null), 4],
  ["throughput kpps", (v) => (v.throughputPps === null ? null : v.throughputPps / 1000), 5],
];

registerPanel({
  id: "baseline",
  tab: "compare",
  order: 80,
  wide: true,
  title: "Against a baseline",
  explain:
    "Pin a result as the baseline, then change something — the machine, the load, the frame size, the file — and each variant's figures " +
    "are shown against the baseline's variant of the same name, with the change in per cent. Nothing is compared until a baseline is pinned.",
  mount(body, app) {
    let baseline: NetchanResult | null = null;
    const pin = h("button", { type: "button", id: "pin-baseline", disabled: true }, "Pin this result as the baseline");
    const clear = h("button", { type: "button", disabled: true }, "Clear");
    const what = h("p", { class: "explain", role: "status" }, "No baseline pinned.");
    const table = h("table", { id: "baseline-table" });
    body.append(h("div", { class: "run-row" }, pin, clear), what, h("div", { class: "table-scroll" }, table));
    const draw = () => {
      const now = app.result?.result;
      if (!baseline || !now) return table.replaceChildren();
      what.textContent = `Baseline: ${describe(baseline)}. Now: ${describe(now)}.`;
      const shown = new Set(app.shownVariants().map((v) => v.name));
      const rows = now.variants.filter((v) => shown.has(v.name)).map((v) => row(v, baseline!.variants.find((b) => b.name === v.name) ?? null));
      table.replaceChildren(
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "variant"), ...FIGURES.map(([t]) => h("th", { scope: "col" }, `${t}: now (baseline) change`)))),
        h("tbody", {}, ...rows),
      );
    };
    pin.addEventListener("click", () => {
      baseline = app.result?.result ?? null;
      clear.disabled = baseline === null;
      draw();
    });
    clear.addEventListener("click", () => {
      baseline = null;
      clear.disabled = true;
      what.textContent = "No baseline pinned.";
      draw();
    });
    app.on("view", (view) => {
      pin.disabled = view.partial === true;
      if (!view.partial) draw();
    });
  },
});

function row(v: VariantResult, b: VariantResult | null): HTMLElement {
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, v.name),
    ...FIGURES.map(([, get, decimals]) => {
      const now = get(v);
      const then = b ? get(b) : null;
      const change = now !== null && then !== null && then !== 0 ? ((now - then) / then) * 100 : null;
      return h("td", {}, `${figure(now, decimals)} (${figure(then, decimals)}) ${change === null ? "" : `${change >= 0 ? "+" : ""}${change.toFixed(1)}%`}`);
    }),
  );
}

const describe = (r: NetchanResult) =>
  `${r.scenario.name} on ${r.config.machineName}, ${r.config.workload.packets ?? "?"} packets, seed ${r.config.workload.seed}`;
