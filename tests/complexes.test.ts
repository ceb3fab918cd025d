// Core complexes (chiplets): a line handed from one CPU's cache to another's costs the in-complex transfer
// when both are in one complex and the cross-complex transfer otherwise. On chiplet-zen3: L2 13, LLC 34,
// hop 5 (bank lookup 34 − 13 − 2·5 = 11), DRAM 366, in-complex transfer 69 (snoop 69 − 34 − 5 = 30),
// cross-complex 321 (snoop 321 − 39 = 282); CPUs 0–3 are complex 0, CPUs 4–7 complex 1.
import { describe, expect, test } from "vitest";
import { runMachine, type MachineRun, type MachineStats } from "../src/index.js";
import { deriveTiming, type MachineProfile } from "../src/config/machine.js";
import { loadProfile } from "../src/config/profiles.js";
import { runCli } from "../src/cli/program.js";
import { loadScenario } from "../src/scenario/load.js";
import { runVariantLazily } from "../src/results/run-scenario.js";
import type { VariantRaw } from "../src/scenario/types.js";
import { tinyProfile } from "./helpers/machines.js";
import { randomRun, testerRun } from "./helpers/random-runs.js";
import { at, load, store, compute, fence, list } from "./helpers/programs.js";

const chiplet = () => loadProfile("chiplet-zen3");
const data = [{ name: "data", bytes: 1 << 16 }];
const IN = 69;
const CROSS = 321;

/** CPU `writer` stores to a line at time 0; CPU `reader` loads it at 1000, once the store has drained. */
function handover(writer: number, reader: number, m: MachineProfile = chiplet()): MachineRun {
  const programs = Array.from({ length: m.cpus }, (_, c) =>
    c === writer ? list(store(at(0), 42), fence()) : c === reader ? list(compute(1000), load(at(0))) : null);
  return { machine: m, regions: data, programs };
}

async function run(r: MachineRun): Promise<MachineStats> {
  const st = await runMachine(r);
  expect(st.stopReason).toBe("finished");
  return st;
}

describe("chiplet-zen3's derived timing", () => {
  test("the two snoops split the published transfers: 30 cycles inside a complex, 282 across", () => {
    expect(deriveTiming(chiplet())).toMatchObject({ bankLookup: 11, snoop: 30, crossSnoop: 282, cpusPerComplex: 4, lookahead: 5 });
  });

  test("its kernel step costs and their sources are modern-1s's, as its sources map says (keep them in step)", () => {
    const modern = loadProfile("modern-1s");
    const zen3 = chiplet();
    expect(zen3.kernel).toEqual(modern.kernel);
    const kernelSources = (m: MachineProfile) => Object.entries(m.sources ?? {}).filter(([k]) => k.startsWith("kernel."));
    expect(kernelSources(zen3)).toEqual(kernelSources(modern));
    expect(zen3.sources?.kernel).toContain("modern-1s's");
  });

  test("a profile without complexes is one complex: both snoops are the remote transfer's", () => {
    const d = deriveTiming(loadProfile("modern-1s"));
    expect([d.snoop, d.crossSnoop, d.cpusPerComplex]).toEqual([62, 62, 4]);
  });
});

describe("a line moved between CPUs", () => {
  test("inside a complex a load of another CPU's modified line costs the in-complex transfer, 69 cycles", async () => {
    const st = await run(handover(0, 1));
    expect(st.cpus[1].haltTime).toBe(1000 + IN);
    expect(st.regions.data.bounces).toBe(1);
  });

  test("across complexes the same load costs the cross-complex transfer, 321 cycles: 252 more for the one bounce", async () => {
    const st = await run(handover(0, 4));
    expect(st.cpus[4].haltTime).toBe(1000 + CROSS);
    expect(st.regions.data.bounces).toBe(1);
  });

  test("the cost depends on the pair, not the direction: complex 1 to complex 0 is cross too, 5 to 7 is inside", async () => {
    expect((await run(handover(6, 2))).cpus[2].haltTime).toBe(1000 + CROSS);
    expect((await run(handover(5, 7))).cpus[7].haltTime).toBe(1000 + IN);
  });

  test("a line from the LLC or DRAM costs the same whichever complex asks: complexes change only CPU-to-CPU transfers", async () => {
    // a first read of a line no CPU holds comes from DRAM: 366 cycles in either complex
    for (const cpu of [0, 4]) {
      const programs = Array.from({ length: 8 }, (_, c) => (c === cpu ? list(load(at(0))) : null));
      expect((await run({ machine: chiplet(), regions: data, programs })).cpus[cpu].haltTime).toBe(366);
    }
  });

  test("an invalidation is not a transfer: a write that invalidates a sharer costs the same in either complex", async () => {
    // CPU 0 and CPU x read the line (both S); CPU 0 writes it at 2000 and waits for its store to drain.
    // The directory's invalidation and the ack are hops, which complexes leave alone (docs/limitations.md).
    const writeTime = async (x: number) => {
      const programs = Array.from({ length: 8 }, (_, c) =>
        c === 0 ? list(load(at(0)), compute(2000), store(at(0), 5), fence()) : c === x ? list(compute(1000), load(at(0))) : null);
      const st = await run({ machine: chiplet(), regions: data, programs });
      expect(st.cpus[x].invalidationsReceived).toBe(1);
      return { halt: st.cpus[0].haltTime, bounces: st.regions.data.bounces };
    };
    const near = await writeTime(1);
    const far = await writeTime(4);
    // CPU x's read is a bounce (the line was E at CPU 0), and the invalidation another
    expect(near.bounces).toBe(2);
    expect(far).toEqual(near);
  });
});

describe("coherence with complexes", () => {
  test("the random coherence tester on 8 CPUs in 4 complexes passes every check in the debug build: slower transfers break no invariant", async () => {
    const m: MachineProfile = { ...tinyProfile(8), complexes: { cpusPerComplex: 2, crossTransferCycles: 400 } };
    const st = await runMachine(testerRun(m, 20_000, 7), { build: "debug" });
    expect(st.stopReason).toBe("finished");
    expect(st.global.swmrViolations).toBe(0);
    expect(st.global.dataValueViolations).toBe(0);
    expect(st.totals.checkFailures).toBe(0);
    expect(st.totals.checksPassed).toBeGreaterThan(100);
    expect(st.totals.bounces).toBeGreaterThan(1000);
  });
});

describe("schedulers", () => {
  test("random programs on a machine with complexes give byte-identical statistics in-thread and on 3 workers", async () => {
    const m: MachineProfile = { ...tinyProfile(4), complexes: { cpusPerComplex: 2, crossTransferCycles: 300 } };
    const r = randomRun(m, 400, 5);
    const a = await runMachine(r);
    const b = await runMachine(r, { scheduler: "workers", workers: 3 });
    expect(a.totals.bounces).toBeGreaterThan(20);
    expect(JSON.stringify({ ...b, work: undefined })).toBe(JSON.stringify({ ...a, work: undefined }));
  });

  test("complexes slow a random run down: the same programs take longer when every other CPU is in another complex", async () => {
    const base = tinyProfile(4);
    const one = await runMachine(randomRun(base, 400, 5));
    const split = await runMachine(randomRun({ ...base, complexes: { cpusPerComplex: 1, crossTransferCycles: 400 } }, 400, 5));
    expect(Math.max(...split.cpus.map((c) => c.haltTime))).toBeGreaterThan(Math.max(...one.cpus.map((c) => c.haltTime)));
  });
});

describe("vj-debate-chiplet: the interrupt CPU in the application's complex or in the other one", () => {
  test("channel-user: moving the producer to the other complex adds exactly 252 cycles per line transfer, nothing per invalidation", async () => {
    const s = loadScenario("vj-debate-chiplet", { packets: 1000 });
    const variant = (name: string) => s.variants.find((v) => v.name === name)!;
    const near = await runVariantLazily(s, variant("channel-user-near"), {});
    const far = await runVariantLazily(s, variant("channel-user-far"), {});
    const bounces = (r: VariantRaw) => Object.fromEntries(Object.entries(r.structures).filter(([, st]) => st.bounces > 0).map(([k, st]) => [k, st.bounces]));
    // The same lines move in both: the channel's slot lines (the producer writes each slot's header, the
    // consumer reads it: one transfer per packet, 1002 with the drain's two) and its two index lines, each
    // written once per 16-packet batch and read by the other side (167 invalidations + 167 transfers each).
    expect(bounces(near)).toEqual({ "channel slots": 1002, "channel producer": 334, "channel consumer": 334 });
    expect(bounces(far)).toEqual(bounces(near));
    // Every transfer is a load that waits for the line, so each costs 321 − 69 = 252 cycles more across
    // complexes; an invalidation is a hop each way in both. 1002 + 167 + 167 = 1336 transfers.
    const busy = (r: VariantRaw) => r.cpus.reduce((sum, c) => sum + c.busyCycles, 0);
    expect(busy(far) - busy(near)).toBe((CROSS - IN) * (1002 + 167 + 167));
    expect(far.packets.delivered).toBe(1000);
  });

  test("netchan run vj-debate-chiplet holds its four expectations", async () => {
    let out = "";
    const status = await runCli(["node", "netchan", "run", "vj-debate-chiplet", "--packets", "300", "--quiet"], {
      out: (t) => void (out += t), err: (t) => void (out += t), columns: undefined,
    });
    expect(out).not.toContain("✗");
    expect(out.match(/✓/g)).toHaveLength(4);
    expect(status).toBe(0);
  });
});
