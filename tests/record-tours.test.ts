// The guided tours (web/src/panels/teach-tour-list.ts) say what a chart shows; each tour's claims are
// checked here against a run of its scenario's variants (500 packets), with the scenarios' own
// expectation checker — so that a tour never points a class at an effect the model does not show.
import { describe, expect, test } from "vitest";
import { runVariant } from "../src/paths/run-variant.js";
import { buildResult } from "../src/results/build.js";
import { evaluateExpectations } from "../src/results/expectations.js";
import { loadScenario } from "../src/scenario/load.js";
import { TOURS } from "../web/src/panels/teach-tour-list.js";

const HOST = { wallSeconds: 0, node: "", platform: "", cpus: 0, scheduler: "inthread" as const, workers: null };
/** The dashboard's chart panels a tour may point at (web/src/panels/). */
const CHART_PANELS = ["cycles-by-step", "bounces-by-structure", "dma-by-structure", "llc-by-structure", "cpu-utilisation", "latency"];

describe.each(TOURS.map((t) => [t.id, t] as const))("tour %s", (_, tour) => {
  test("names variants of its scenario, a chart panel, and a variant to step through", () => {
    const names = loadScenario(tour.scenario).variants.map((v) => v.name);
    for (const v of [...tour.variants, tour.stepThrough]) expect(names, v).toContain(v);
    expect(CHART_PANELS).toContain(tour.panel);
    for (const c of tour.claims) expect(tour.variants).toContain(c.variant);
  });

  test("what it says to look for holds on a run of its variants", async () => {
    const scenario = loadScenario(tour.scenario, { packets: 500 });
    const raws = [];
    for (const v of scenario.variants.filter((x) => tour.variants.includes(x.name))) raws.push(await runVariant(scenario, v));
    const result = buildResult(scenario, raws, HOST);
    const checked = evaluateExpectations(tour.claims, result.variants, result.failures);
    expect(checked.filter((c) => !c.passed)).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(2);
  });
});
