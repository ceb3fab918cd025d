// Refusals of a bad `nic` section: each names its JSON path and what is allowed, and nothing runs.
import { describe, expect, test } from "vitest";
import { ConfigError, runMachine, type MachineRun, type NicConfig } from "../src/index.js";
import { constantTraffic, nicRun } from "./helpers/nic.js";

const good: NicConfig = { queues: 2, flows: 4, traffic: constantTraffic(10, 60, 100) };

async function refusal(r: MachineRun): Promise<ConfigError> {
  const thrown = await runMachine(r).then(() => null, (e: unknown) => e);
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

async function expectIssue(nic: Partial<NicConfig> | Record<string, unknown>, path: string, fragment: string, cpus = 2): Promise<void> {
  const e = await refusal(nicRun({ ...good, ...nic } as NicConfig, cpus));
  const issue = e.issues.find((i) => i.path === path);
  expect(issue, `no issue at ${path}; got ${e.message}`).toBeDefined();
  expect(issue!.message).toContain(fragment);
}

describe("NIC configuration", () => {
  test("a valid NIC runs, with its ring regions added to the run", async () => {
    const st = await runMachine(nicRun(good, 2));
    expect(Object.keys(st.regions)).toEqual(["other", "rxq0 descriptors", "rxq0 buffers", "rxq1 descriptors", "rxq1 buffers"]);
    expect(st.nic!.totals.offered).toBe(10);
  });

  test.each([
    [{ queues: 0 }, "nic.queues", "[1, 16]"],
    [{ queues: 17 }, "nic.queues", "[1, 16]"],
    [{ ringEntries: 100 }, "nic.ringEntries", "power of two in [64, 4096]"],
    [{ ringEntries: 8192 }, "nic.ringEntries", "power of two in [64, 4096]"],
    [{ bufferBytes: 1000 }, "nic.bufferBytes", "multiple of the line size (64)"],
    [{ bufferBytes: 1024, traffic: constantTraffic(1, 1514, 10) }, "nic.bufferBytes", "enough for a 1514-byte frame"],
    [{ rxUsecs: 0, rxFrames: 0 }, "nic.rxFrames", "cannot both be 0"],
    [{ rxUsecs: -1 }, "nic.rxUsecs", "[0, 100000]"],
    [{ irqCpu: [0] }, "nic.irqCpu", "one CPU per queue (2)"],
    [{ irqCpu: [0, 2] }, "nic.irqCpu[1]", "[0, 1]"],
    [{ rssTable: [0, 1] }, "nic.rssTable", "128 entries"],
    [{ rssTable: Array.from({ length: 128 }, (_, i) => (i === 5 ? 2 : 0)) }, "nic.rssTable[5]", "queue number in [0, 1]"],
    [{ flows: 0 }, "nic.flows", "[1, 65536]"],
    [{ flows: [{ src: "10.0.0.300", dst: "10.0.0.1", sport: 1, dport: 2 }] }, "nic.flows[0].src", "IPv4 address"],
    [{ flows: [{ src: "10.0.0.2", dst: "10.0.0.1", sport: 1, dport: 70000 }] }, "nic.flows[0].dport", "[0, 65535]"],
  ] as const)("%j is refused at %s", async (nic, path, fragment) => {
    await expectIssue(nic as Partial<NicConfig>, path, fragment);
  });

  // the traffic: `good`'s, with the fields given changed (undefined removes one)
  const traffic = (t: Record<string, unknown>) => ({ traffic: { ...good.traffic, ...t } });
  test.each([
    [{ packetSize: { kind: "fixed", bytes: 63 } }, "nic.traffic.packetSize.bytes", "[64, 1518]: bytes on the wire, FCS included"],
    [{ packetSize: { kind: "uniform", min: 100, max: 90 } }, "nic.traffic.packetSize.max", "must be at least min (100) (got 90)"],
    [{ packetSize: { kind: "uniform", min: 64, max: 1519 } }, "nic.traffic.packetSize.max", "[64, 1518]"],
    [{ packetSize: { kind: "uniform", min: 60, max: 100 } }, "nic.traffic.packetSize.min", "[64, 1518]"],
    [{ packetSize: { kind: "mix", sizes: [] } }, "nic.traffic.packetSize.sizes", "non-empty list of { bytes, weight }"],
    [{ packetSize: { kind: "mix", sizes: [{ bytes: 64, weight: 1 }, { bytes: 1518, weight: 0 }] } }, "nic.traffic.packetSize.sizes[1].weight", "positive integer (got 0)"],
    [{ packetSize: { kind: "mix", sizes: [{ bytes: 64, weight: 1.5 }] } }, "nic.traffic.packetSize.sizes[0].weight", "positive integer (got 1.5)"],
    [{ packetSize: { kind: "mix", sizes: [{ bytes: 2000, weight: 1 }] } }, "nic.traffic.packetSize.sizes[0].bytes", "[64, 1518]"],
    [{ packetSize: { kind: "mix", sizes: [{ bytes: 64, weight: 2 ** 31 }, { bytes: 128, weight: 2 ** 31 }] } }, "nic.traffic.packetSize.sizes", "sum to at most 4294967295"],
    [{ packetSize: { kind: "jumbo" } }, "nic.traffic.packetSize.kind", "\"fixed\" (with bytes), \"uniform\""],
    [{ arrival: { kind: "bursty" } }, "nic.traffic.arrival.kind", "\"constant\" (with gapCycles), \"poisson\" (with meanGapCycles) or \"onoff\""],
    [{ arrival: { kind: "constant", gapCycles: -1 } }, "nic.traffic.arrival.gapCycles", "[0, 4294967295]"],
    [{ arrival: { kind: "poisson", meanGapCycles: 0 } }, "nic.traffic.arrival.meanGapCycles", "[1, "],
    [{ arrival: { kind: "onoff", gapCycles: 0, onCycles: 100, offCycles: 100 } }, "nic.traffic.arrival.gapCycles", "[1, "],
    [{ arrival: { kind: "onoff", gapCycles: 10, onCycles: 0, offCycles: 100 } }, "nic.traffic.arrival.onCycles", "[1, "],
    [{ arrival: { kind: "onoff", gapCycles: 10, onCycles: 100, offCycles: -5 } }, "nic.traffic.arrival.offCycles", "[0, "],
    [{ packets: 10, untilCycles: 5000 }, "nic.traffic.untilCycles", "cannot be given with packets"],
    [{ packets: undefined }, "nic.traffic", "needs packets (how many are offered) or untilCycles"],
    [{ packets: null, untilCycles: null }, "nic.traffic", "needs packets"],
    [{ packets: undefined, untilCycles: -1 }, "nic.traffic.untilCycles", "[0, "],
    [{ packets: undefined, untilCycles: 1000, arrival: { kind: "constant", gapCycles: 0 } }, "nic.traffic.arrival.gapCycles", "at least 1 in a run given by untilCycles"],
    [{ packets: 10, warmupPackets: 10 }, "nic.traffic.warmupPackets", "less than packets (10)"],
    [{ warmupPackets: -1 }, "nic.traffic.warmupPackets", "[0, "],
    [{ packets: 2 ** 32 - 1, arrival: { kind: "constant", gapCycles: 2 ** 32 - 1 } }, "nic.traffic.packets", "after 2^53 cycles"],
    [{ seed: 1.5 }, "nic.traffic.seed", "integer"],
  ] as const)("traffic %j is refused at %s", async (t, path, fragment) => {
    await expectIssue(traffic(t), path, fragment);
  });

  test("the buffer must hold the largest frame a mix can draw, 4 bytes under its wire size", async () => {
    const packetSize = { kind: "mix", sizes: [{ bytes: 64, weight: 9 }, { bytes: 1518, weight: 1 }] };
    await expectIssue({ bufferBytes: 1024, ...traffic({ packetSize }) }, "nic.bufferBytes", "enough for a 1514-byte frame");
    await expectIssue({ bufferBytes: 512, ...traffic({ packetSize: { kind: "uniform", min: 64, max: 600 } }) }, "nic.bufferBytes", "enough for a 596-byte frame");
  });

  test("a run given in time, with a warm-up longer than it, is valid (it simply measures nothing)", async () => {
    const st = await runMachine(nicRun({ ...good, ...traffic({ packets: undefined, untilCycles: 1000, warmupPackets: 50 }) }, 2));
    expect(st.nic!.totals).toMatchObject({ offered: 10, measuredOffered: 0 });
  });

  test("two identical flows are refused", async () => {
    const f = { src: "10.0.0.2", dst: "10.0.0.1", sport: 1000, dport: 80 };
    await expectIssue({ flows: [f, { ...f, sport: 1001 }, f] }, "nic.flows[2]", "repeats the 4-tuple of nic.flows[0]");
  });

  test("a NIC and the DMA test device cannot share the device logical process", async () => {
    const e = await refusal({ ...nicRun(good, 2), device: [] });
    expect(e.issues.map((i) => i.path)).toContain("nic");
  });

  test("a run's own region may not take a ring region's name", async () => {
    const e = await refusal({ ...nicRun(good, 2), regions: [{ name: "rxq1 buffers", bytes: 4096 }] });
    expect(e.issues).toContainEqual({ path: "regions[0].name", message: expect.stringContaining("NIC ring region") });
  });

  test("programs may name the ring regions: a script loading a descriptor validates", async () => {
    const program = { kind: "list" as const, ops: [{ op: "load" as const, at: { region: "rxq1 descriptors", offset: 16 * 511 } }] };
    const st = await runMachine(nicRun(good, 2, [program]));
    expect(st.regions["rxq1 descriptors"].llcMisses + st.regions["rxq1 descriptors"].llcHits).toBe(1);
    const e = await refusal(nicRun(good, 2, [{ kind: "list", ops: [{ op: "load", at: { region: "rxq1 descriptors", offset: 16 * 512 } }] }]));
    expect(e.issues[0].path).toBe("programs[0].ops[0].at.offset");
  });
});
