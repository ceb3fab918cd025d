// buildResult: from hand-made raw totals (tests/helpers/results-fakes.ts gives the arithmetic) to the exact
// figures of a `netchan-result/1` result, and the rule that everything but `host` is a function of the
// inputs alone.
import { describe, expect, test } from "vitest";
import { buildResult, variantResult } from "../src/results/build.js";
import { runScenario } from "../src/results/run-scenario.js";
import type { HostEnvironment } from "../src/results/schema.js";
import type { VariantRaw } from "../src/scenario/types.js";
import { fakeScenario, nothingDeliveredRaw, rssRaw, withPackets } from "./helpers/results-fakes.js";

const HOST: HostEnvironment = { wallSeconds: 1.5, node: "v20.20.0", platform: "linux-x64", cpus: 8, scheduler: "inthread", workers: null };

describe("per-variant figures", () => {
  test("raw totals become exact per-delivered-packet figures, latency in ns at 2.5 GHz, utilisation per CPU", () => {
    expect(variantResult(rssRaw())).toEqual({
      name: "rss",
      path: "classic-rss",
      warnings: [],
      measuredCycles: 10_000_000,
      packets: { offered: 1000, delivered: 990, dropped: { backlog_full: 4, rx_ring_full: 6 } },
      cyclesPerPacket: { total: 1900, byStep: { tcp_rcv: 1200, driver_rx: 600, irq_entry: 100 }, byCpu: [600, 1300] },
      bouncesPerPacket: { total: 2.5, byStructure: { rx_ring: 2, skb: 0.5 } },
      dmaInvalidationsPerPacket: 1,
      llcMissesPerPacket: { total: 0.03, byStructure: { skb: 0.03 } },
      dramPerPacket: { reads: 0.01, writes: 0.01 },
      llcWritesPerPacket: 1.01,
      interruptsPerPacket: { nic: 0.1, ipi: 0.5 },
      latencyNs: { p50: 1000.4, p99: 4938.4, max: 20000.4 },
      throughputPps: 247_500,
      cpuUtilization: [0.25, 0.6667],
      integrity: { payloadErrors: 0, orderErrors: 0, conserved: true, ok: true },
    });
  });

  test("maps are ordered largest first (ties by name) and drop reasons by name, whatever the runner's order", () => {
    const v = variantResult(rssRaw());
    expect(Object.keys(v.cyclesPerPacket!.byStep)).toEqual(["tcp_rcv", "driver_rx", "irq_entry"]);
    expect(Object.keys(v.packets.dropped)).toEqual(["backlog_full", "rx_ring_full"]);
    const tie = { ...rssRaw(), structures: { b: { bounces: 99 }, a: { bounces: 99 }, c: { bounces: 198 } } };
    expect(Object.keys(variantResult(tie).bouncesPerPacket!.byStructure)).toEqual(["c", "a", "b"]);
  });

  test("structures and steps with a total of 0 are left out of the by-name maps; a missing counter counts 0", () => {
    const v = variantResult(rssRaw());
    expect(v.bouncesPerPacket!.byStructure).not.toHaveProperty("socket");
    expect(v.llcMissesPerPacket!.byStructure).toEqual({ skb: 0.03 });
    const sparse = { ...rssRaw(), structures: { rx_ring: { bounces: 990 }, skb: {} } };
    expect(variantResult(sparse)).toMatchObject({ bouncesPerPacket: { total: 1, byStructure: { rx_ring: 1 } }, dmaInvalidationsPerPacket: 0, llcWritesPerPacket: 0 });
  });

  test("with nothing delivered every per-packet figure is null (not NaN or Infinity); throughput is 0", () => {
    const v = variantResult(nothingDeliveredRaw());
    expect(v).toMatchObject({
      cyclesPerPacket: null,
      bouncesPerPacket: null,
      dmaInvalidationsPerPacket: null,
      llcMissesPerPacket: null,
      dramPerPacket: null,
      llcWritesPerPacket: null,
      interruptsPerPacket: null,
      latencyNs: null,
      throughputPps: 0,
      cpuUtilization: [0.005, 0],
      integrity: { conserved: true, ok: true },
    });
    expect(JSON.stringify(v)).not.toMatch(/NaN|Infinity/);
  });

  test("with no measured time, throughput and utilisation are null", () => {
    const v = variantResult({ ...rssRaw(), measuredCycles: 0 });
    expect([v.throughputPps, v.cpuUtilization]).toEqual([null, null]);
  });

  test("conserved is false when offered ≠ delivered + dropped, and any payload or order error fails integrity", () => {
    const lost = variantResult(withPackets(rssRaw(), "lost", { delivered: 989 }));
    expect(lost.integrity).toEqual({ payloadErrors: 0, orderErrors: 0, conserved: false, ok: false });
    const corrupt = variantResult(withPackets(rssRaw(), "corrupt", { payloadErrors: 2, orderErrors: 1 }));
    expect(corrupt.integrity).toEqual({ payloadErrors: 2, orderErrors: 1, conserved: true, ok: false });
  });
});

describe("the whole result", () => {
  test("has the schema name, the scenario, the config as given, the variants and the host's work per variant", () => {
    const scenario = fakeScenario();
    const r = buildResult(scenario, [rssRaw(), nothingDeliveredRaw()], HOST);
    expect(Object.keys(r)).toEqual(["schema", "scenario", "config", "variants", "failures", "expectations", "host"]);
    expect(r.schema).toBe("netchan-result/1");
    expect(r.scenario).toEqual({ name: "fake", file: "scenarios/fake.json", description: "hand-made figures" });
    expect(r.config).toEqual(JSON.parse(JSON.stringify(scenario)));
    expect(r.variants.map((v) => v.name)).toEqual(["rss", "cross"]);
    expect(r.failures).toEqual([]);
    expect(r.expectations).toEqual([]);
    expect(r.host).toEqual({
      ...HOST,
      variants: [
        { name: "rss", events: 123_456, windows: 0, runSeconds: 0.5, workers: 0 },
        { name: "cross", events: 900, windows: 0, runSeconds: 0.1, workers: 0 },
      ],
    });
  });

  test("a variant's warnings are its resolved variant's, matched by name and in order; a variant without any has []", () => {
    const scenario = fakeScenario([["cross", "classic-cross"], ["rss", "channel-user"]]);
    scenario.variants[1].warnings = ["netfilter is bypassed", "second"];
    const r = buildResult(scenario, [rssRaw(), nothingDeliveredRaw()], HOST);
    expect(r.variants.map((v) => [v.name, v.warnings])).toEqual([["rss", ["netfilter is bypassed", "second"]], ["cross", []]]);
    // a copy: the result does not change with the scenario object afterwards
    scenario.variants[1].warnings.push("later");
    expect(r.variants[0].warnings).toEqual(["netfilter is bypassed", "second"]);
    expect(variantResult(rssRaw()).warnings).toEqual([]);
  });

  test("a missing description is null, so every result has the same keys", () => {
    const { description: _, ...scenario } = fakeScenario();
    expect(buildResult(scenario, [], HOST).scenario.description).toBeNull();
  });

  test("errors and integrity failures are listed in the scenario's variant order, each with what went wrong", () => {
    const scenario = fakeScenario([["a", "classic-rss"], ["b", "classic-rss"], ["c", "classic-rss"]]);
    const bad = withPackets(rssRaw(), "c", { delivered: 980, payloadErrors: 1 });
    const r = buildResult(scenario, [withPackets(rssRaw(), "a", {}), bad], HOST, [{ variant: "b", message: "ring overflow" }]);
    expect(r.failures).toEqual([
      { variant: "b", kind: "error", message: "ring overflow" },
      { variant: "c", kind: "integrity", message: "1 payload error; packets not conserved: offered 1000 ≠ delivered 980 + dropped 10" },
    ]);
  });

  test("equal inputs give byte-identical JSON apart from host, whatever the host and the runner's map order", () => {
    const scenario = fakeScenario();
    const a = buildResult(scenario, [rssRaw(), nothingDeliveredRaw()], HOST);
    // the same counts, inserted in another order, from another host and scheduler with other work figures
    const shuffled: VariantRaw = { ...rssRaw(), structures: Object.fromEntries(Object.entries(rssRaw().structures).reverse()),
      packets: { ...rssRaw().packets, dropped: { rx_ring_full: 6, backlog_full: 4 } }, work: { events: 1, windows: 77, runSeconds: 9, workers: 4 } };
    const b = buildResult(scenario, [shuffled, nothingDeliveredRaw()], { ...HOST, wallSeconds: 99, node: "v24.0.0", scheduler: "workers", workers: 4 });
    const withoutHost = (r: object) => JSON.stringify({ ...r, host: undefined }, null, 2);
    expect(withoutHost(b)).toBe(withoutHost(a));
    expect(b.host).not.toEqual(a.host);
  });
});

describe("runScenario", () => {
  const fixedHost = () => ({ node: "v20.20.0", platform: "linux-x64", cpus: 8 });

  test("runs every variant in order with the run options, reports each once, and keeps going after a throw", async () => {
    const seen: string[] = [];
    const passed: object[] = [];
    const scenario = fakeScenario([["rss", "classic-rss"], ["boom", "classic-rss"], ["cross", "classic-cross"]]);
    let t = 1000;
    const r = await runScenario(
      scenario,
      { scheduler: "workers", workers: 2, packets: 500, seed: 9, onVariant: (raw, i, n) => seen.push(`${raw.name} ${i}/${n}`),
        onVariantError: (e, i, n) => seen.push(`${e.variant} failed ${i}/${n}: ${e.message}`) },
      {
        runVariant: async (_s, v, options) => {
          passed.push(options);
          if (v.name === "boom") throw new Error("ring overflow");
          return v.name === "rss" ? rssRaw() : nothingDeliveredRaw();
        },
        host: fixedHost,
        now: () => (t += 1250),
      },
    );
    expect(seen).toEqual(["rss 0/3", "boom failed 1/3: ring overflow", "cross 2/3"]);
    // the callbacks are runScenario's to call: the runner gets the run options only
    expect(passed).toEqual(Array(3).fill({ scheduler: "workers", workers: 2, packets: 500, seed: 9 }));
    expect(r.variants.map((v) => v.name)).toEqual(["rss", "cross"]);
    expect(r.failures).toEqual([{ variant: "boom", kind: "error", message: "ring overflow" }]);
    expect(r.host).toMatchObject({ wallSeconds: 1.25, node: "v20.20.0", platform: "linux-x64", cpus: 8, scheduler: "workers", workers: 2 });
  });

  test("without scheduler options the host section says inthread and no worker count", async () => {
    const r = await runScenario(fakeScenario([["rss", "classic-rss"]]), {}, { runVariant: async () => rssRaw(), host: fixedHost });
    expect([r.host.scheduler, r.host.workers]).toEqual(["inthread", null]);
  });
});
