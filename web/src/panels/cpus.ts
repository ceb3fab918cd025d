import { registerChartPanel } from "../charts/chart-panel.js";

registerChartPanel({
  id: "cpu-utilisation",
  order: 60,
  title: "CPU utilisation",
  explain:
    "How busy each simulated CPU was over the measured interval (busy cycles ÷ all cycles, in per cent), one bar per CPU for each variant. " +
    "It shows where a path puts its work: on the CPU that takes the interrupt, on the application's CPU, or spread by steering.",
  card: { kind: "grouped-bar", unit: "% busy", decimals: 2, scale: 100 },
  data: (variants) => {
    const cpus = Math.max(0, ...variants.map((v) => v.cpuUtilization?.length ?? 0));
    const series = Array.from({ length: cpus }, (_, c) => ({ label: `CPU ${c}`, data: variants.map((v) => v.cpuUtilization?.[c] ?? null) }));
    let busiest = "no figures";
    let top = -1;
    for (const v of variants)
      (v.cpuUtilization ?? []).forEach((u, c) => {
        if (u > top) [top, busiest] = [u, `the busiest is CPU ${c} under ${v.name} (${(u * 100).toFixed(2)}%)`];
      });
    return { data: { categories: variants.map((v) => v.name), series }, summary: `Grouped bar chart of ${cpus} CPUs' utilisation for ${variants.length} variants: ${busiest}.` };
  },
});
