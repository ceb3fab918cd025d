// Resolving a scenario: every default, per path and per workload field, with exact values on the shipped
// default profile (modern-1s: 4 CPUs at 2.5 GHz, 64-byte lines) unless a test gives its own; the load
// conversions to cycle gaps; the command line's overrides; and a result that survives JSON.
import { afterAll, describe, expect, test } from "vitest";
import { equalRssTable, NIC_DEFAULTS } from "../src/nic/config.js";
import { generateFlows, parseIPv4 } from "../src/nic/flows.js";
import { loadScenario } from "../src/scenario/load.js";
import { framesPerSecond, gapCycles, meanFrameBytes } from "../src/scenario/rates.js";
import { profileWithCpus, removeTempTrees, resolveOnProfile, resolveWith, SHIPPED, type Json } from "./helpers/scenarios.js";

afterAll(removeTempTrees);

const ALL = [0, 1, 2, 3];
/** The shipped scenario's variant `name`, resolved, after `edit`. */
const variant = (name: string, edit?: (s: Json) => void) => resolveWith(edit).variants.find((v) => v.name === name)!;
/** A scenario of one variant on `path` with `overrides`, after `edit`. */
const only = (path: string, overrides: Json = {}, edit: (s: Json) => void = () => {}) =>
  resolveWith((s) => {
    s.variants = [{ name: "v", path, ...overrides }];
    edit(s);
  }).variants[0];

describe("the shipped scenario, classic-steering", () => {
  test("resolves to modern-1s, its 4 flows, one app on CPU 1 and six variants named after the paths", () => {
    const r = loadScenario(SHIPPED);
    expect([r.file, r.name, r.machineName, r.machine.cpus]).toEqual([SHIPPED, "classic-steering", "modern-1s", 4]);
    expect(r.variants.map((v) => [v.name, v.path])).toEqual([
      ["cross", "classic-cross"], ["affine", "classic-affine"], ["rss", "classic-rss"],
      ["rps", "classic-rps"], ["rfs", "classic-rfs"], ["arfs", "classic-arfs"],
    ]);
    expect(r.workload).toEqual({
      flows: generateFlows(4, 1),
      packetSize: { kind: "fixed", bytes: 1518 },
      arrival: { kind: "constant", gapCycles: 25_000 },
      load: { pps: 100_000 },
      seed: 1,
      warmupPackets: 500,
      packets: 5000,
      untilCycles: null,
      appWorkCycles: 0,
    });
    for (const v of r.variants) expect(v.apps).toEqual([{ cpu: 1, flows: [0, 1, 2, 3] }]);
  });

  test("a shipped scenario is found by its name as well as by its path", () => {
    expect(loadScenario("classic-steering")).toEqual(loadScenario(SHIPPED));
  });

  test("the resolved scenario is JSON: written and read back, it is equal", () => {
    const r = loadScenario(SHIPPED);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe("defaults per path (4 CPUs, one app on CPU 1)", () => {
  const single = { queues: 1, rssTable: equalRssTable(1) };
  test("classic-cross: one queue, its interrupt on CPU 0 (the lowest CPU running no app), no software steering", () => {
    expect(variant("cross")).toMatchObject({ ...single, irqCpu: [0], rpsCpus: null, rfs: false, arfs: false });
    expect(equalRssTable(1)).toEqual(Array(128).fill(0));
  });

  test("classic-cross with apps on CPUs 0 and 1 takes its interrupt on CPU 2", () => {
    const v = only("classic-cross", {}, (s) => (s.apps = [{ cpu: 0, flows: [0, 1] }, { cpu: 1, flows: [2, 3] }]));
    expect(v.irqCpu).toEqual([2]);
  });

  test("classic-cross takes a given irqCpu that runs no app", () => {
    expect(only("classic-cross", { irqCpu: 3 }).irqCpu).toEqual([3]);
  });

  test("classic-affine: one queue, its interrupt on the apps' CPU (1), no software steering", () => {
    expect(variant("affine")).toMatchObject({ ...single, irqCpu: [1], rpsCpus: null, rfs: false, arfs: false });
  });

  test("classic-affine follows the app: an app on CPU 3 puts the interrupt on CPU 3", () => {
    const v = only("classic-affine", {}, (s) => (s.apps = [{ cpu: 3, flows: [0, 1, 2, 3] }]));
    expect(v.irqCpu).toEqual([3]);
  });

  test("classic-rss: a queue per CPU, queue q's interrupt on CPU q, the RSS table spread equally", () => {
    const v = variant("rss");
    expect(v).toMatchObject({ queues: 4, irqCpu: [0, 1, 2, 3], rpsCpus: null, rfs: false, arfs: false });
    expect(v.rssTable).toEqual(Array.from({ length: 128 }, (_, i) => i % 4));
  });

  test("classic-rss with a given irqCpu list has as many queues as it lists", () => {
    const v = only("classic-rss", { irqCpu: [2, 3] });
    expect([v.queues, v.irqCpu, v.rssTable.slice(0, 4)]).toEqual([2, [2, 3], [0, 1, 0, 1]]);
  });

  test("classic-rss with queues 6 on 4 CPUs puts queue q's interrupt on CPU q mod 4", () => {
    expect(only("classic-rss", { queues: 6 }).irqCpu).toEqual([0, 1, 2, 3, 0, 1]);
  });

  test("classic-rss has at most 16 queues by default: 16 on a 32-CPU machine, interrupts on CPUs 0–15", () => {
    const v = resolveOnProfile(profileWithCpus(32), (s) => (s.variants = [{ name: "rss", path: "classic-rss" }])).variants[0];
    expect([v.queues, v.irqCpu]).toEqual([16, Array.from({ length: 16 }, (_, q) => q)]);
  });

  test("classic-rps: one queue, interrupt on CPU 0 as classic-cross, RPS over every CPU, no RFS", () => {
    expect(variant("rps")).toMatchObject({ ...single, irqCpu: [0], rpsCpus: ALL, rfs: false, arfs: false });
  });

  test("classic-rfs: as classic-rps, with RFS", () => {
    expect(variant("rfs")).toMatchObject({ ...single, irqCpu: [0], rpsCpus: ALL, rfs: true, arfs: false });
  });

  test("classic-rps and classic-rfs take a given irqCpu even on an app's CPU, and a given rpsCpus", () => {
    expect(only("classic-rps", { irqCpu: 1, rpsCpus: [2, 3] })).toMatchObject({ irqCpu: [1], rpsCpus: [2, 3] });
    expect(only("classic-rfs", { irqCpu: 1 })).toMatchObject({ irqCpu: [1], rpsCpus: ALL, rfs: true });
  });

  test("classic-arfs: a queue per CPU, queue q's interrupt on CPU q, RPS over every CPU, RFS and aRFS", () => {
    const v = variant("arfs");
    expect(v).toMatchObject({ queues: 4, irqCpu: [0, 1, 2, 3], rpsCpus: ALL, rfs: true, arfs: true });
    expect(v.rssTable).toEqual(equalRssTable(4));
  });

  test("every variant gets the NIC defaults (ring 512, buffer 2048, rx-usecs 50, rx-frames 0), each overridable", () => {
    expect(NIC_DEFAULTS).toEqual({ ringEntries: 512, bufferBytes: 2048, rxUsecs: 50, rxFrames: 0 });
    expect(variant("cross").nic).toEqual(NIC_DEFAULTS);
    expect(only("classic-cross", { nic: { ringEntries: 1024, rxFrames: 8 } }).nic).toEqual({ ringEntries: 1024, bufferBytes: 2048, rxUsecs: 50, rxFrames: 8 });
  });
});

describe("apps and netfilter defaults", () => {
  test("without apps, one app on CPU 1 reads every flow", () => {
    const r = resolveWith((s) => delete s.apps);
    for (const v of r.variants) expect(v.apps).toEqual([{ cpu: 1, flows: [0, 1, 2, 3] }]);
  });

  test("without apps on a one-CPU machine, the app is on CPU 0 (and classic-affine interrupts CPU 0)", () => {
    const r = resolveOnProfile(profileWithCpus(1), (s) => {
      delete s.apps;
      s.variants = [{ name: "affine", path: "classic-affine" }, { name: "rss", path: "classic-rss" }];
    });
    expect(r.variants.map((v) => [v.apps, v.irqCpu])).toEqual([
      [[{ cpu: 0, flows: [0, 1, 2, 3] }], [0]],
      [[{ cpu: 0, flows: [0, 1, 2, 3] }], [0]],
    ]);
  });

  test("a variant's own apps replace the scenario's, for that variant only", () => {
    const r = resolveWith((s) => (s.variants[0].apps = [{ cpu: 2, flows: [0, 1, 2, 3] }]));
    expect([r.variants[0].apps, r.variants[0].irqCpu, r.variants[1].apps]).toEqual([[{ cpu: 2, flows: [0, 1, 2, 3] }], [0], [{ cpu: 1, flows: [0, 1, 2, 3] }]]);
  });

  test("netfilter is off (null) by default; the scenario's applies to every variant; a variant's false turns it off, its own object replaces it; nat defaults to false", () => {
    expect(resolveWith().variants.map((v) => v.netfilter)).toEqual(Array(6).fill(null));
    const r = resolveWith((s) => {
      s.netfilter = { rules: 10, conntrack: true };
      s.variants[0].netfilter = false;
      s.variants[1].netfilter = { rules: 2, conntrack: false, nat: true };
    });
    expect(r.variants.slice(0, 3).map((v) => v.netfilter)).toEqual([null, { rules: 2, conntrack: false, nat: true }, { rules: 10, conntrack: true, nat: false }]);
  });
});

describe("workload defaults", () => {
  test("without arrival, seed, warmupPackets and appWorkCycles: constant arrivals, seed 1, no warm-up, no app work", () => {
    const w = resolveWith((s) => {
      s.workload = { flows: 2, packetBytes: 64, load: { pps: 1000 }, packets: 10 };
      delete s.apps;
    }).workload;
    expect([w.arrival, w.seed, w.warmupPackets, w.appWorkCycles, w.flows]).toEqual([{ kind: "constant", gapCycles: 2_500_000 }, 1, 0, 0, generateFlows(2, 1)]);
  });

  test("a flow list is parsed into 4-tuples in the order given", () => {
    const w = resolveWith((s) => {
      s.workload.flows = [{ src: "10.0.0.2", dst: "10.0.0.1", sport: 40000, dport: 5001 }, { src: "192.168.1.7", dst: "10.0.0.1", sport: 40001, dport: 5001 }];
      s.apps = [{ cpu: 1, flows: [0, 1] }];
    }).workload;
    expect(w.flows).toEqual([
      { src: parseIPv4("10.0.0.2"), dst: parseIPv4("10.0.0.1"), sport: 40000, dport: 5001 },
      { src: 0xc0a80107, dst: 0x0a000001, sport: 40001, dport: 5001 },
    ]);
  });

  test("durationUs 5000 at 2.5 GHz runs until cycle 12,500,000, with no packet count", () => {
    const w = resolveWith((s) => {
      delete s.workload.packets;
      s.workload.durationUs = 5000;
    }).workload;
    expect([w.packets, w.untilCycles, w.warmupPackets]).toEqual([null, 12_500_000, 500]);
  });
});

describe("loads as cycle gaps", () => {
  const gapOf = (load: Json, packetBytes: unknown = 1518) => resolveWith((s) => Object.assign(s.workload, { load, packetBytes })).workload.arrival;

  test("10GbE carries 812,743 frames/s of 1518 bytes and 14,880,952 of 64 bytes (RFC 5180 App. A, truncated)", () => {
    expect(Math.floor(framesPerSecond(10, 1518))).toBe(812_743);
    expect(Math.floor(framesPerSecond(10, 64))).toBe(14_880_952);
  });

  test("10GbE of 1518-byte frames at 2.5 GHz is a packet every 3076 cycles; of 64-byte frames, every 168", () => {
    expect(gapOf({ lineRate: "10GbE" })).toEqual({ kind: "constant", gapCycles: 3076 });
    expect(gapOf({ lineRate: "10GbE" }, 64)).toEqual({ kind: "constant", gapCycles: 168 });
    // from the truncated RFC rate the gap is the same: 2.5e9 / 812743 = 3076.003
    expect(gapCycles(812_743, 2.5)).toBe(3076);
  });

  test("pps gives round(2.5e9 / pps) cycles: 100000 → 25000, 1.5e6 → 1667 (rounded up from 1666.7), 1.6e6 → 1563 (1562.5)", () => {
    expect(gapOf({ pps: 100_000 })).toEqual({ kind: "constant", gapCycles: 25_000 });
    expect(gapOf({ pps: 1_500_000 })).toEqual({ kind: "constant", gapCycles: 1667 });
    expect(gapOf({ pps: 1_600_000 })).toEqual({ kind: "constant", gapCycles: 1563 });
  });

  test("gbps counts each frame's 20 bytes of preamble and gap: 5 Gbit/s of 1518-byte frames → 6152 cycles", () => {
    expect(gapOf({ gbps: 5 })).toEqual({ kind: "constant", gapCycles: 6152 });
  });

  test("a line rate's percent scales it: 50% of 25GbE = 12.5 Gbit/s → 2460.8 → 2461 cycles; percent defaults to 100 in the record", () => {
    expect(gapOf({ lineRate: "25GbE", percent: 50 })).toEqual({ kind: "constant", gapCycles: 2461 });
    expect(gapOf({ lineRate: "100GbE" })).toEqual({ kind: "constant", gapCycles: 308 });
    expect(resolveWith((s) => (s.workload.load = { lineRate: "40GbE" })).workload.load).toEqual({ lineRate: "40GbE", percent: 100 });
  });

  test("a uniform size's mean is (min + max) / 2: [64, 1518] at 10GbE → mean 791 → 1622 cycles", () => {
    expect(meanFrameBytes({ kind: "uniform", min: 64, max: 1518 })).toBe(791);
    expect(gapOf({ lineRate: "10GbE" }, { uniform: [64, 1518] })).toEqual({ kind: "constant", gapCycles: 1622 });
  });

  test("a mix's mean is weighted: 7×64, 4×594, 1×1518 (IMIX) → 361.83 bytes → 10GbE every 764 cycles", () => {
    const mix = [{ bytes: 64, weight: 7 }, { bytes: 594, weight: 4 }, { bytes: 1518, weight: 1 }];
    expect(meanFrameBytes({ kind: "mix", sizes: mix })).toBeCloseTo(4342 / 12, 12);
    expect(gapOf({ lineRate: "10GbE" }, { mix })).toEqual({ kind: "constant", gapCycles: 764 });
    expect(resolveWith((s) => (s.workload.packetBytes = { mix })).workload.packetSize).toEqual({ kind: "mix", sizes: mix });
  });

  test("poisson arrivals have the load's gap as their mean", () => {
    const a = resolveWith((s) => (s.workload.arrival = "poisson")).workload.arrival;
    expect(a).toEqual({ kind: "poisson", meanGapCycles: 25_000 });
  });

  test("on/off arrivals send at the load's gap while on: 100 µs on, 400 µs off → 250,000 and 1,000,000 cycles", () => {
    const a = resolveWith((s) => (s.workload.arrival = { onoff: { onUs: 100, offUs: 400 } })).workload.arrival;
    expect(a).toEqual({ kind: "onoff", gapCycles: 25_000, onCycles: 250_000, offCycles: 1_000_000 });
  });
});

describe("the command line's overrides (--packets, --seed)", () => {
  test("--packets replaces the packet count, and --seed the seed and the flows drawn from it", () => {
    const w = resolveWith(undefined, { packets: 123, seed: 7 }).workload;
    expect([w.packets, w.untilCycles, w.seed, w.flows]).toEqual([123, null, 7, generateFlows(4, 7)]);
  });

  test("--packets replaces a durationUs too: the run is then given in packets", () => {
    const w = resolveWith((s) => {
      delete s.workload.packets;
      s.workload.durationUs = 100;
    }, { packets: 50 }).workload;
    expect([w.packets, w.untilCycles]).toEqual([50, null]);
  });

  test("--seed does not change a flow list given in the file", () => {
    const flows = [{ src: "10.0.0.2", dst: "10.0.0.1", sport: 1, dport: 2 }];
    const w = resolveWith((s) => {
      s.workload.flows = flows;
      s.apps = [{ cpu: 1, flows: [0] }];
    }, { seed: 9 }).workload;
    expect([w.seed, w.flows]).toEqual([9, [{ src: 0x0a000002, dst: 0x0a000001, sport: 1, dport: 2 }]]);
  });
});

describe("the machine profile", () => {
  test("a path is read relative to the scenario file, and the scenario is resolved against it", () => {
    const r = resolveOnProfile({ ...profileWithCpus(8), clockGHz: 2 }, (s) => (s.variants = [{ name: "rss", path: "classic-rss" }]));
    expect([r.machineName, r.machine.cpus, r.variants[0].queues, r.workload.arrival]).toEqual(["modern-8cpu", 8, 8, { kind: "constant", gapCycles: 20_000 }]);
  });
});
