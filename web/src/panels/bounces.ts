import { stackByName } from "../charts/card.js";
import { largest, registerChartPanel } from "../charts/chart-panel.js";

registerChartPanel({
  id: "bounces-by-structure",
  order: 20,
  title: "Cache-line bounces per packet, by data structure",
  explain:
    "A bounce is a cache line moving between two CPUs' private caches: a miss served from another CPU's modified or exclusive copy, " +
    "or a write that invalidates another CPU's copy. Each bar splits a variant's bounces by the data structure whose line moved " +
    "(the socket, the skb, the channel's indices…). Work that stays on one CPU does not bounce.",
  card: { kind: "stacked-bar", unit: "bounces/packet" },
  data: (variants) => ({
    data: { categories: variants.map((v) => v.name), series: stackByName(variants.map((v) => v.bouncesPerPacket?.byStructure ?? null)) },
    summary: `Stacked bar chart of cache-line bounces per packet by structure for ${variants.length} variants: ${largest(variants, (v) => v.bouncesPerPacket?.total, "bounces")}.`,
  }),
});
