// Each receive-path step's cycles (the profile's kernel section) leave out the locked operations the
// path simulates (docs/kernel-costs.md, "What each step's cycles cover"). These tests check the other
// half of that rule: every locked op the fields leave out is simulated, once per call. With packets far
// apart (one per interrupt, a reader asleep at each), every packet runs the same phases, so raising
// core.atomicCycles by D raises each step by exactly D times its simulated atomics.
import { describe, expect, test } from "vitest";
import { runVariant } from "../src/paths/run-variant.js";
import type { PathKind, VariantRaw } from "../src/scenario/types.js";
import { defaultProfile } from "./helpers/machines.js";
import { scenario, type TestScenario } from "./helpers/path-scenarios.js";

const D = 1000;
const PACKETS = 50;

async function run(path: PathKind, atomicExtra: number, t: TestScenario = {}, hookExtra = 0): Promise<VariantRaw> {
  const m = defaultProfile();
  const machine = {
    ...m,
    core: { ...m.core, atomicCycles: m.core.atomicCycles + atomicExtra },
    kernel: { ...m.kernel, netfilterHook: m.kernel.netfilterHook + hookExtra },
  };
  const s = scenario([path], { packets: PACKETS, gapCycles: 400_000, flows: 1, machine, ...t });
  return runVariant(s, s.variants[0]);
}

/** Per step (all CPUs), the extra cycles per delivered packet when every atomic costs D more. */
async function extraPerPacket(path: PathKind, t: TestScenario = {}): Promise<Record<string, number>> {
  const [a, b] = [await run(path, 0, t), await run(path, D, t)];
  expect(b.packets.delivered).toBe(PACKETS);
  const out: Record<string, number> = {};
  for (let cpu = 0; cpu < a.steps.length; cpu++)
    for (const [step, v] of Object.entries(b.steps[cpu])) {
      expect(v.count, `${step} on CPU ${cpu} ran as often`).toBe(a.steps[cpu][step]?.count);
      out[step] = (out[step] ?? 0) + (v.cycles - a.steps[cpu][step].cycles) / PACKETS;
    }
  return out;
}

describe("the locked ops left out of the step costs are simulated, once each", () => {
  test("classic-affine with conntrack: the lookup's refcount, conntrack's reference, the socket locks, the local wakeup's run-queue lock and both switches' locks", async () => {
    const x = await extraPerPacket("classic-affine", { netfilter: { rules: 0, conntrack: true } });
    expect(x.tcp_lookup).toBe(D); // refcount_inc_not_zero (tcpLookup 42 leaves it out)
    expect(x.netfilter).toBe(D); // the conntrack entry's reference (conntrack 282 leaves it out)
    expect(x.sock_lock).toBe(2 * D); // bh_lock_sock in the softirq (tcpRcv 382 leaves it out), lock_sock in recv
    expect(x.wakeup).toBe(D); // the run queue's lock, taken on a local wakeup too (wakeup 282 leaves it out)
    // the run queue's lock at each switch (contextSwitch 2532 leaves it out): the first sleep, then a switch
    // back and a switch out again per packet
    expect(x.context_switch * PACKETS).toBe((1 + 2 * PACKETS) * D);
    expect(x.sock_enqueue).toBe(D); // sock_put: never in sockEnqueue's 60
    expect(x.skb_free).toBe(D); // nf_conntrack_put: never in skbFree's 80
    expect(x.tcp_rcv ?? 0).toBe(0);
  });

  test("classic-cross: the remote wakeup's run-queue lock is simulated on the waker's CPU", async () => {
    const x = await extraPerPacket("classic-cross");
    expect(x.wakeup).toBe(D);
    expect(x.tcp_lookup).toBe(D);
  });

  test("classic-rfs: the backlog's lock is simulated in rps_enqueue, which leaves it out (102)", async () => {
    const x = await extraPerPacket("classic-rfs");
    expect(x.rps_enqueue).toBe(D);
  });

  test("channel-user: the reader's switches to idle and back take the run queue's lock (contextSwitch leaves it out)", async () => {
    const x = await extraPerPacket("channel-user");
    expect(x.context_switch * PACKETS).toBe((1 + 2 * PACKETS) * D); // the first sleep, then back and out per packet
    expect(x.user_tcp ?? 0).toBe(0); // no lock and no atomic in the user-space library
  });
});

describe("netfilter's hook is charged once per packet", () => {
  test.each([true, false])("with conntrack %s: netfilterHook + D costs the netfilter step exactly D more per packet", async (conntrack) => {
    const t: TestScenario = { netfilter: { rules: 3, conntrack } };
    const [a, b] = [await run("classic-affine", 0, t), await run("classic-affine", 0, t, D)];
    expect(b.steps[1].netfilter.count).toBe(a.steps[1].netfilter.count);
    expect((b.steps[1].netfilter.cycles - a.steps[1].netfilter.cycles) / PACKETS).toBe(D);
  });
});
