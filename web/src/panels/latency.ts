import { largest, registerChartPanel } from "../charts/chart-panel.js";

registerChartPanel({
  id: "latency",
  order: 70,
  title: "Latency percentiles",
  explain:
    "Time from a packet's arrival on the wire to its data in the application: the median (p50), the 99th percentile and the maximum, " +
    "in microseconds. Interrupt moderation and batching trade latency for fewer interrupts; waking a sleeping reader adds a context switch.",
  card: { kind: "grouped-bar", unit: "µs", decimals: 4, scale: 1 / 1000 },
  data: (variants) => {
    const pick = (k: "p50" | "p99" | "max") => variants.map((v) => v.latencyNs?.[k] ?? null);
    return {
      data: { categories: variants.map((v) => v.name), series: [{ label: "p50", data: pick("p50") }, { label: "p99", data: pick("p99") }, { label: "max", data: pick("max") }] },
      summary: `Grouped bar chart of latency percentiles for ${variants.length} variants: p99 ${largest(variants, (v) => v.latencyNs?.p99, "ns")}.`,
    };
  },
});
