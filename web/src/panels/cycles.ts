import { stackByName } from "../charts/card.js";
import { largest, registerChartPanel } from "../charts/chart-panel.js";

registerChartPanel({
  id: "cycles-by-step",
  order: 20,
  title: "Cycles per packet, by step",
  explain:
    "Each bar is one variant of the receive path; its height is the CPU cycles spent per delivered packet, summed over all CPUs, " +
    "and the coloured parts are the kernel and application steps that spent them (the seven largest; the rest are grouped). " +
    "Idle time is not counted. Lower is cheaper: compare the classic paths' protocol and netfilter work with the channels'.",
  card: { kind: "stacked-bar", unit: "cycles/packet" },
  data: (variants) => ({
    data: { categories: variants.map((v) => v.name), series: stackByName(variants.map((v) => v.cyclesPerPacket?.byStep ?? null)) },
    summary: `Stacked bar chart of cycles per packet by step for ${variants.length} variants: ${largest(variants, (v) => v.cyclesPerPacket?.total, "cycles")}.`,
  }),
});
