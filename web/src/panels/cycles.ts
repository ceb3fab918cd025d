// Cycles per packet, stacked by phase (eight parts) or by step (the seven largest and "other"); the
// choice is a panel setting kept in the URL.
import type { VariantResult } from "../../../src/results/schema.js";
import { ChartCard, stackByName } from "../charts/card.js";
import { largest } from "../charts/chart-panel.js";
import { stackByPhase } from "../charts/phases.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

const SETTING = "cycles";

registerPanel({
  id: "cycles-by-step",
  tab: "compare",
  order: 10,
  title: "Cycles per packet, by phase or step",
  explain:
    "Each bar is one variant of the receive path; its height is the CPU cycles spent per delivered packet, summed over all CPUs, " +
    "and the coloured parts are where they went — by phase of the path, or step by step. Idle time is not counted. Lower is cheaper: " +
    "compare the classic paths' interrupt, protocol and netfilter work with the channels'.",
  mount(body, app) {
    const select = h("select", { id: "cycles-grouping" }, h("option", { value: "phase" }, "by phase"), h("option", { value: "step" }, "by step (the 7 largest)"));
    select.value = app.state.panel[SETTING] === "step" ? "step" : "phase";
    body.append(h("p", { class: "panel-option" }, h("label", { for: "cycles-grouping" }, "Split the bars "), select));
    const card = new ChartCard(body, { id: "cycles-by-step", kind: "stacked-bar", unit: "cycles/packet" }, "Cycles per packet");
    let last: VariantResult[] = [];
    const draw = (variants: VariantResult[]) => {
      last = variants;
      const maps = variants.map((v) => v.cyclesPerPacket?.byStep ?? null);
      const series = select.value === "step" ? stackByName(maps) : stackByPhase(maps);
      card.update(
        { categories: variants.map((v) => v.name), series },
        `Stacked bar chart of cycles per packet ${select.value === "step" ? "by step" : "by phase"} for ${variants.length} variants: ${largest(variants, (v) => v.cyclesPerPacket?.total, "cycles")}.`,
      );
    };
    select.addEventListener("change", () => {
      app.setPanelSetting(SETTING, select.value === "step" ? "step" : null);
      draw(last);
    });
    app.on("view", (view) => draw(app.shownVariants(view)));
  },
});
