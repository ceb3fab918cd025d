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
    [{ traffic: constantTraffic(1, 59, 10) }, "nic.traffic.frameBytes", "[60, 1514]"],
    [{ traffic: { packets: 1, frameBytes: 60, interArrival: { kind: "bursty" }, seed: 1 } }, "nic.traffic.interArrival.kind", "\"constant\""],
    [{ traffic: { packets: 1, frameBytes: 60, interArrival: { kind: "poisson", meanCycles: 0 }, seed: 1 } }, "nic.traffic.interArrival.meanCycles", "[1, "],
  ] as const)("%j is refused at %s", async (nic, path, fragment) => {
    await expectIssue(nic as Partial<NicConfig>, path, fragment);
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
