// Channel variants in scenario files: each default of the `channel` object (with the slot count derived from
// the buffer size), the settings every channel path has, the refusals — each naming its JSON path — the
// warnings about where netfilter runs, and the shipped vj-debate scenario. Cases start from the shipped
// classic-steering scenario (modern-1s: 4 CPUs, 4 flows of 1518 bytes, one app on CPU 1, no netfilter)
// with its variants replaced, so each result comes only from what the test gives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Output } from "../src/cli/context.js";
import { runCli } from "../src/cli/program.js";
import { CHANNEL_DEFAULTS, defaultSlots } from "../src/scenario/channel.js";
import { loadScenario, scenariosDir } from "../src/scenario/load.js";
import { resolveScenario } from "../src/scenario/resolve.js";
import { CHANNEL_PATHS } from "../src/scenario/types.js";
import { expectOnlyIssue, refusal, removeTempTrees, resolveWith, SHIPPED, type Json } from "./helpers/scenarios.js";

afterAll(removeTempTrees);

const VJ = join(scenariosDir(), "vj-debate.json");

const BYPASSED = "netfilter is bypassed: packets in this channel skip the firewall rules (the trade-off the first seed describes)";
const NAT_UNSAFE =
  "netfilter runs in the consumer, but its NAT rules may rewrite the destination after the packet has been steered: this placement is unsafe (second seed)";

const DEFAULT_CHANNEL = { slots: 512, releaseBatch: 16, sharedIndexLine: false, wakeLine: "consumer", ringKind: "buffers", classifier: "nic", wait: "sleep", netfilterAt: "none" };

/** A scenario of one variant `{ name: "v", path, …overrides }`, after `edit`. */
const scenarioOf = (path: string, overrides: Json = {}, edit: (s: Json) => void = () => {}) => (s: Json) => {
  s.variants = [{ name: "v", path, ...overrides }];
  edit(s);
};
const only = (path: string, overrides: Json = {}, edit?: (s: Json) => void) => resolveWith(scenarioOf(path, overrides, edit)).variants[0];
const refused = (path: string, overrides: Json, edit?: (s: Json) => void) => refusal(() => resolveWith(scenarioOf(path, overrides, edit)));
const withNetfilter = (netfilter: Json) => (s: Json) => (s.netfilter = netfilter);

describe("channel defaults", () => {
  test("a channel variant without a channel object gets 512 slots, release batches of 16, separate index lines, a ring of buffers, the NIC's classifier, sleeping, no netfilter", () => {
    expect(only("channel-user").channel).toEqual(DEFAULT_CHANNEL);
    expect(CHANNEL_DEFAULTS).toEqual({ releaseBatch: 16, sharedIndexLine: false, wakeLine: "consumer", ringKind: "buffers", classifier: "nic", wait: "sleep", netfilterAt: "none" });
  });

  test("an empty channel object gets the same defaults, and a given field keeps the others' defaults", () => {
    expect(only("channel-socket", { channel: {} }).channel).toEqual(DEFAULT_CHANNEL);
    expect(only("channel-socket", { channel: { wait: "poll" } }).channel).toEqual({ ...DEFAULT_CHANNEL, wait: "poll" });
  });

  test("every field given is kept as given", () => {
    const channel = { slots: 64, releaseBatch: 64, sharedIndexLine: true, wakeLine: "own", ringKind: "pointers", classifier: "software", wait: "poll", netfilterAt: "in-consumer" };
    expect(only("channel-softirq", { channel }, withNetfilter({ rules: 1, conntrack: false })).channel).toEqual(channel);
  });

  test("slots default to the 256 pages of 4 KiB of the Daly/Russell ring over the buffer size: 512 of 2 KiB, 1024 of 1 KiB, 256 of 4 KiB", () => {
    expect(only("channel-user", { nic: { bufferBytes: 2048 } }).channel!.slots).toBe(512);
    expect(only("channel-user", { nic: { bufferBytes: 4096 } }).channel!.slots).toBe(256);
    // a 1 KiB buffer holds frames of up to 1028 bytes on the wire (1024 without the FCS)
    expect(only("channel-user", { nic: { bufferBytes: 1024 } }, (s) => (s.workload.packetBytes = 1028)).channel!.slots).toBe(1024);
  });

  test("a buffer size that does not divide 1 MiB rounds the slots down to a power of two: 1536-byte buffers → 682.7 → 512", () => {
    expect(only("channel-user", { nic: { bufferBytes: 1536 } }).channel!.slots).toBe(512);
    expect([defaultSlots(64), defaultSlots(1536), defaultSlots(3072), defaultSlots(65536)]).toEqual([16384, 512, 256, 16]);
  });

  test("a given slot count is kept whatever the buffer size", () => {
    expect(only("channel-user", { nic: { bufferBytes: 4096 }, channel: { slots: 4096 } }).channel!.slots).toBe(4096);
  });

  test("releaseBatch defaults to 16, or to slots when the ring is smaller: 8 slots → batches of 8", () => {
    expect(only("channel-user", { channel: { slots: 8 } }).channel!.releaseBatch).toBe(8);
    expect(only("channel-user", { channel: { slots: 16 } }).channel!.releaseBatch).toBe(16);
  });
});

describe("what every channel path is", () => {
  test.each([...CHANNEL_PATHS])("%s: one queue, its interrupt on CPU 0 (the lowest running no app), no RPS, RFS or aRFS", (path) => {
    expect(only(path)).toMatchObject({ path, queues: 1, irqCpu: [0], rssTable: Array(128).fill(0), rpsCpus: null, rfs: false, arfs: false, apps: [{ cpu: 1, flows: [0, 1, 2, 3] }] });
  });

  test("with apps on CPUs 0 and 1 the interrupt goes to CPU 2; a given irqCpu is kept, even an app's CPU", () => {
    expect(only("channel-user", {}, (s) => (s.apps = [{ cpu: 0, flows: [0, 1] }, { cpu: 1, flows: [2, 3] }])).irqCpu).toEqual([2]);
    expect(only("channel-user", { irqCpu: 1 }).irqCpu).toEqual([1]);
  });

  test("a classic variant has no channel and no warnings, with or without netfilter", () => {
    expect(only("classic-cross")).toMatchObject({ channel: null, warnings: [] });
    expect(only("classic-rps", {}, withNetfilter({ rules: 8, conntrack: true, nat: true }))).toMatchObject({ channel: null, warnings: [] });
  });
});

describe("channel values refused, naming the JSON path", () => {
  test.each([
    ["3 slots (not a power of two)", "channel-user", { channel: { slots: 3 } }, "variants[0].channel.slots", "must be a power of two from 2 to 65536 (got 3)"],
    ["1 slot", "channel-user", { channel: { slots: 1 } }, "variants[0].channel.slots", "must be a power of two from 2 to 65536 (got 1)"],
    ["131072 slots", "channel-user", { channel: { slots: 131072 } }, "variants[0].channel.slots", "must be a power of two from 2 to 65536 (got 131072)"],
    ["releaseBatch 0", "channel-user", { channel: { releaseBatch: 0 } }, "variants[0].channel.releaseBatch", "must be a number of slots from 1 to 65536, at most slots (got 0)"],
    ["releaseBatch above the given slots", "channel-user", { channel: { slots: 64, releaseBatch: 128 } }, "variants[0].channel.releaseBatch", "must be at most slots (64): the consumer cannot give back more slots than the ring has (got 128)"],
    ["releaseBatch above the default slots", "channel-socket", { nic: { bufferBytes: 65536 }, channel: { releaseBatch: 32 } }, "variants[0].channel.releaseBatch", "must be at most slots (16, the default for 65536-byte buffers): the consumer cannot give back more slots than the ring has (got 32)"],
    ["an unknown ringKind", "channel-user", { channel: { ringKind: "ring" } }, "variants[0].channel.ringKind", 'must be one of "buffers", "pointers" (got "ring")'],
    ["an unknown classifier", "channel-user", { channel: { classifier: "cpu" } }, "variants[0].channel.classifier", 'must be one of "nic", "software" (got "cpu")'],
    ["an unknown wait", "channel-user", { channel: { wait: "spin" } }, "variants[0].channel.wait", 'must be one of "sleep", "poll" (got "spin")'],
    ["an unknown netfilterAt", "channel-user", { channel: { netfilterAt: "after" } }, "variants[0].channel.netfilterAt", 'must be one of "none", "before-channel", "in-consumer" (got "after")'],
    ["sharedIndexLine as text", "channel-user", { channel: { sharedIndexLine: "yes" } }, "variants[0].channel.sharedIndexLine", 'must be true or false (got "yes")'],
    ["wakeLine not a known place", "channel-user", { channel: { wakeLine: "elsewhere" } }, "variants[0].channel.wakeLine", 'must be one of "consumer", "own" (got "elsewhere")'],
    ["an unknown key in the channel", "channel-user", { channel: { slot: 512 } }, "variants[0].channel.slot", 'unknown key "slot" (did you mean "slots"?)'],
    ["a channel that is not an object", "channel-user", { channel: 512 }, "variants[0].channel", "must be a channel { slots, releaseBatch, sharedIndexLine, wakeLine, ringKind, classifier, wait, netfilterAt } (got 512)"],
    ["a channel on a classic path", "classic-cross", { channel: { slots: 512 } }, "variants[0].channel", "classic-cross has no channel; channel applies to channel-softirq, channel-socket, channel-user"],
    ["queues on a channel path", "channel-user", { queues: 2 }, "variants[0].queues", "channel-user has one queue; queues applies to classic-rss, classic-arfs (got 2)"],
    ["an irqCpu list on a channel path", "channel-softirq", { irqCpu: [0] }, "variants[0].irqCpu", "channel-softirq has one queue: give one CPU number (got [0])"],
    ["rpsCpus on a channel path", "channel-user", { rpsCpus: [0, 1] }, "variants[0].rpsCpus", "channel-user does no software steering; rpsCpus applies to classic-rps, classic-rfs, classic-arfs"],
  ])("%s", (_, path, overrides, at, message) => {
    expectOnlyIssue(refused(path, overrides), SHIPPED, at, message);
  });

  test.each(["before-channel", "in-consumer"])("netfilterAt %s with no netfilter rules is refused", (where) => {
    expectOnlyIssue(
      refused("channel-user", { channel: { netfilterAt: where } }),
      SHIPPED,
      "variants[0].channel.netfilterAt",
      `"${where}" runs netfilter, but this variant has no netfilter rules: give netfilter { rules, conntrack } (the variant's or the scenario's), or leave netfilterAt "none"`,
    );
  });

  test("netfilterAt before-channel is refused too when the variant turns the scenario's netfilter off", () => {
    const e = refused("channel-user", { netfilter: false, channel: { netfilterAt: "before-channel" } }, withNetfilter({ rules: 8, conntrack: true }));
    expect(e.issues.map((i) => i.path)).toEqual(["variants[0].channel.netfilterAt"]);
  });

  test("a nat that is not true or false is refused at its path", () => {
    expectOnlyIssue(refused("channel-user", {}, withNetfilter({ rules: 1, conntrack: true, nat: 1 })), SHIPPED, "netfilter.nat", "must be true or false (got 1)");
  });
});

describe("warnings about where netfilter runs", () => {
  const warnings = (channel: Json, netfilter: Json | undefined, variantNetfilter?: Json | false) =>
    only("channel-user", { channel, ...(variantNetfilter !== undefined && { netfilter: variantNetfilter }) }, (s) => {
      if (netfilter) s.netfilter = netfilter;
    }).warnings;

  test("netfilter rules that the channel skips (netfilterAt none): the firewall is bypassed", () => {
    expect(warnings({}, { rules: 8, conntrack: true })).toEqual([BYPASSED]);
    expect(warnings({}, undefined, { rules: 0, conntrack: true })).toEqual([BYPASSED]);
  });

  test("no netfilter, or netfilter run before the channel or in the consumer without NAT: no warning", () => {
    expect(warnings({}, undefined)).toEqual([]);
    expect(warnings({}, { rules: 8, conntrack: true }, false)).toEqual([]);
    expect(warnings({ netfilterAt: "before-channel" }, { rules: 8, conntrack: true, nat: true })).toEqual([]);
    expect(warnings({ netfilterAt: "in-consumer" }, { rules: 8, conntrack: true })).toEqual([]);
    expect(warnings({ netfilterAt: "in-consumer" }, { rules: 8, conntrack: true, nat: false })).toEqual([]);
  });

  test("NAT rules run in the consumer: the placement is unsafe", () => {
    expect(warnings({ netfilterAt: "in-consumer" }, { rules: 8, conntrack: true, nat: true })).toEqual([NAT_UNSAFE]);
  });

  test("NAT rules the channel skips: only the bypass is warned about", () => {
    expect(warnings({}, { rules: 8, conntrack: true, nat: true })).toEqual([BYPASSED]);
  });
});

/** Runs the command line in-process; returns its status and what it printed. */
async function netchan(...args: string[]) {
  let stdout = "", stderr = "";
  const io: Output = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), columns: undefined };
  const status = await runCli(["node", "netchan", ...args], io);
  return { status, stdout, stderr };
}

describe("the shipped scenario vj-debate", () => {
  test("`netchan validate` accepts it: status 0 and `ok <file>`", async () => {
    expect(await netchan("validate", VJ)).toEqual({ status: 0, stdout: `ok ${VJ}\n`, stderr: "" });
  });

  test("resolves to modern-1s, 4 flows of 1518 bytes at 100,000 packets/s, one app on CPU 1, netfilter of 8 rules with conntrack for every variant", () => {
    const r = loadScenario("vj-debate");
    expect([r.file, r.name, r.machineName]).toEqual([VJ, "vj-debate", "modern-1s"]);
    expect(r.workload).toMatchObject({ packetSize: { kind: "fixed", bytes: 1518 }, arrival: { kind: "constant", gapCycles: 25_000 }, seed: 1, warmupPackets: 500, packets: 5000 });
    expect(r.workload.flows).toHaveLength(4);
    for (const v of r.variants) {
      expect(v.apps).toEqual([{ cpu: 1, flows: [0, 1, 2, 3] }]);
      expect(v.netfilter).toEqual({ rules: 8, conntrack: true, nat: false });
    }
    expect(r.description!.split(/(?<=\.) /)).toHaveLength(2);
  });

  test("has the 10 variants, each on its path with its channel and warnings", () => {
    const r = loadScenario(VJ);
    const C = DEFAULT_CHANNEL;
    expect(r.variants.map((v) => [v.name, v.path, v.channel, v.warnings])).toEqual([
      ["classic-cross", "classic-cross", null, []],
      ["classic-affine", "classic-affine", null, []],
      ["classic-arfs", "classic-arfs", null, []],
      ["classic-rps", "classic-rps", null, []],
      ["channel-softirq", "channel-softirq", C, [BYPASSED]],
      ["channel-socket", "channel-socket", C, [BYPASSED]],
      ["channel-user", "channel-user", C, [BYPASSED]],
      ["channel-user-netfilter-before", "channel-user", { ...C, netfilterAt: "before-channel" }, []],
      ["channel-user-false-shared", "channel-user", { ...C, sharedIndexLine: true }, [BYPASSED]],
      ["channel-user-pointer-ring", "channel-user", { ...C, ringKind: "pointers" }, [BYPASSED]],
    ]);
  });

  test("its interrupts: CPU 0 for cross, rps and the channels, CPU 1 for affine, one queue per CPU for aRFS", () => {
    const r = loadScenario(VJ);
    expect(r.variants.map((v) => [v.name, v.queues, v.irqCpu])).toEqual([
      ["classic-cross", 1, [0]],
      ["classic-affine", 1, [1]],
      ["classic-arfs", 4, [0, 1, 2, 3]],
      ["classic-rps", 1, [0]],
      ...r.variants.slice(4).map((v) => [v.name, 1, [0]]),
    ]);
  });

  test("the resolved scenario is JSON: written and read back, it is equal", () => {
    const r = resolveScenario(JSON.parse(readFileSync(VJ, "utf8")), VJ);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
