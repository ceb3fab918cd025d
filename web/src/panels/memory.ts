// DMA invalidations and LLC misses per packet, each by structure. The result carries the DMA
// invalidations as a total only; the run worker adds their split from the same raw counts (VariantExtras).
import { stackByName } from "../charts/card.js";
import { largest, registerChartPanel } from "../charts/chart-panel.js";

registerChartPanel({
  id: "dma-by-structure",
  order: 40,
  title: "DMA invalidations per packet, by data structure",
  explain:
    "When the NIC writes a packet or a descriptor into memory, any CPU's cached copy of those lines is invalidated: the next read misses. " +
    "Each bar splits a variant's invalidations by the structure written (packet buffers, descriptor ring, channel slots…).",
  card: { kind: "stacked-bar", unit: "invalidations/packet" },
  data: (variants, view) => {
    const split = new Map(view.extras.map((e) => [e.name, e.dmaInvalidationsByStructure]));
    return {
      data: { categories: variants.map((v) => v.name), series: stackByName(variants.map((v) => (v.dmaInvalidationsPerPacket === null ? null : (split.get(v.name) ?? {})))) },
      summary: `Stacked bar chart of DMA invalidations per packet by structure for ${variants.length} variants: ${largest(variants, (v) => v.dmaInvalidationsPerPacket, "invalidations")}.`,
    };
  },
});

registerChartPanel({
  id: "llc-by-structure",
  order: 50,
  title: "LLC misses per packet, by data structure",
  explain:
    "A last-level-cache miss goes to DRAM. Each bar splits a variant's LLC misses by the structure whose line missed. " +
    "With DDIO the NIC writes packets into the LLC, so most paths miss rarely; the 2006 machine has no shared LLC and misses on every lookup.",
  card: { kind: "stacked-bar", unit: "misses/packet" },
  data: (variants) => ({
    data: { categories: variants.map((v) => v.name), series: stackByName(variants.map((v) => v.llcMissesPerPacket?.byStructure ?? null)) },
    summary: `Stacked bar chart of LLC misses per packet by structure for ${variants.length} variants: ${largest(variants, (v) => v.llcMissesPerPacket?.total, "misses")}.`,
  }),
});
