// A panel that is one chart of the latest result: registers itself, and redraws on every view.
import type { VariantResult } from "../../../src/results/schema.js";
import type { RunView } from "../shell/app.js";
import { registerPanel } from "../shell/registry.js";
import { ChartCard, type CardData, type CardOptions } from "./card.js";

export interface ChartPanelSpec {
  id: string;
  tab?: string;
  order: number;
  title: string;
  explain: string;
  card: Omit<CardOptions, "id">;
  /** The chart's data and a one-sentence summary of it, from the variants shown. */
  data(variants: VariantResult[], view: RunView): { data: CardData; summary: string };
}

export function registerChartPanel(spec: ChartPanelSpec): void {
  registerPanel({
    id: spec.id,
    tab: spec.tab ?? "compare",
    order: spec.order,
    title: spec.title,
    explain: spec.explain,
    mount(body, app) {
      const card = new ChartCard(body, { ...spec.card, id: spec.id }, spec.title);
      app.on("view", (view) => {
        const { data, summary } = spec.data(app.shownVariants(view), view);
        card.update(data, summary);
      });
    },
  });
}

/** "largest: X (n unit)" over the variants' totals, for chart summaries. */
export function largest(variants: VariantResult[], total: (v: VariantResult) => number | null | undefined, unit: string): string {
  let best: VariantResult | null = null;
  for (const v of variants) if ((total(v) ?? -Infinity) > (best ? (total(best) ?? -Infinity) : -Infinity)) best = v;
  const smallest = variants.reduce<VariantResult | null>((a, v) => ((total(v) ?? Infinity) < (a ? (total(a) ?? Infinity) : Infinity) ? v : a), null);
  if (!best || !smallest) return "no figures";
  return `largest ${best.name} (${total(best)} ${unit}), smallest ${smallest.name} (${total(smallest)} ${unit})`;
}
