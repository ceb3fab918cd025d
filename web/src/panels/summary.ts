// The comparison table: the command line's table (the same headline rows, src/results/headline.ts), with
// each variant's warnings and the scenario's expectations under it.
import { headlineRows, type HeadlineRow } from "../../../src/results/headline.js";
import { figure, h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

const COLUMNS: [string, (r: HeadlineRow) => string][] = [
  ["variant", (r) => r.name],
  ["path", (r) => r.path],
  ["delivered / offered", (r) => (r.offered === null ? "–" : `${r.delivered} / ${r.offered}`)],
  ["dropped", (r) => figure(r.dropped, 0)],
  ["cycles / packet", (r) => figure(r.cyclesPerPacket)],
  ["bounces / packet", (r) => figure(r.bouncesPerPacket)],
  ["DMA inval. / packet", (r) => figure(r.dmaInvalidationsPerPacket)],
  ["LLC misses / packet", (r) => figure(r.llcMissesPerPacket)],
  ["p50 latency µs", (r) => figure(r.latencyP50Ns === null ? null : r.latencyP50Ns / 1000, 4)],
  ["p99 latency µs", (r) => figure(r.latencyP99Ns === null ? null : r.latencyP99Ns / 1000, 4)],
  ["throughput kpps", (r) => figure(r.throughputPps === null ? null : r.throughputPps / 1000, 5)],
  ["busiest CPU", (r) => (r.busiestCpuUtilization === null ? "–" : `${(r.busiestCpuUtilization * 100).toFixed(2)}%`)],
];

registerPanel({
  id: "summary",
  tab: "compare",
  order: 30,
  wide: true,
  title: "The variants side by side",
  explain:
    "One row per variant of the receive path, all receiving the same packets: what each costs per delivered packet, its latency and " +
    "throughput, and the busiest CPU. The same table `netchan run` prints. ⚠ marks a variant whose configuration a reader must know about.",
  mount(body, app) {
    const description = h("p", { class: "explain" });
    const table = h("table", { id: "summary-table" });
    const notes = h("ul", { class: "notes" });
    const notesSummary = h("summary", {});
    body.append(h("div", { class: "table-scroll" }, table), h("details", { class: "notes-box" }, notesSummary, notes), description);
    app.on("view", (view) => {
      const shown = new Set(app.shownVariants(view).map((v) => v.name));
      const failed = new Set(view.result.failures.map((f) => f.variant));
      const rows = headlineRows(view.result).filter((r) => shown.has(r.name) || failed.has(r.name));
      description.textContent = view.result.scenario.description ?? "";
      table.replaceChildren(
        h("caption", {}, `${view.result.scenario.name} on ${view.result.config.machineName}`),
        h("thead", {}, h("tr", {}, ...COLUMNS.map(([t]) => h("th", { scope: "col" }, t)), h("th", { scope: "col" }, "status"))),
        h("tbody", {}, ...rows.map((r) => h("tr", {}, h("th", { scope: "row" }, r.name), ...COLUMNS.slice(1).map(([, f]) => h("td", {}, f(r))), statusCell(r)))),
      );
      const items = [
        ...rows.flatMap((r) => r.warnings.map((w) => h("li", {}, `⚠ ${r.name}: ${w}`))),
        ...rows.filter((r) => r.problem).map((r) => h("li", { class: "bad" }, `${r.name}: ${r.problem}`)),
        ...view.result.expectations.map((e) =>
          h("li", { class: e.passed ? "ok" : "bad" }, `${e.passed ? "✓" : "✗"} ${e.description}: ${e.actual ?? "–"} ${e.op} ${e.expected ?? "–"}${e.reason ? ` (${e.reason})` : ""}`),
        ),
      ];
      notes.replaceChildren(...items);
      const warnings = rows.reduce((n, r) => n + r.warnings.length, 0);
      const unmet = view.result.expectations.filter((e) => !e.passed).length;
      notesSummary.textContent = `${warnings} ${warnings === 1 ? "warning" : "warnings"}, ${view.result.expectations.length} expectations (${unmet} not met), ${view.result.failures.length} failures`;
      notesSummary.parentElement!.toggleAttribute("open", unmet > 0 || view.result.failures.length > 0);
    });
  },
});

function statusCell(r: HeadlineRow): HTMLElement {
  const text = r.status === "ok" ? "ok" : r.status === "integrity" ? "INTEGRITY FAILED" : "ERROR";
  return h("td", { class: r.status === "ok" ? "ok" : "bad" }, `${text}${r.warnings.length ? " ⚠" : ""}`);
}
