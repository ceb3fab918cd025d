// `netchan bench --quick`: the suite runs end to end and every figure is there, with the work each one
// measured (deterministic: the same counts on any host) beside its rate (host-dependent: only positive).
// The in-thread figures come from a process of their own, whose rate is listed in perProcess.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("netchan bench --quick", () => {
  test("prints every figure as one line of JSON, each in-thread rate from its own process", () => {
    const r = spawnSync(process.execPath, ["bin/netchan.js", "bench", "--quick", "--quiet", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const f = JSON.parse(r.stdout);
    // quick sizes: 200 000 private-mix and 50 000 sharing-mix accesses per CPU on 4 CPUs
    expect(f.memory.privateMix.inThread.accesses).toBe(800_000);
    expect(f.memory.sharingMix.inThread.accesses).toBe(200_000);
    expect(f.memory.privateMix.bouncesPerKiloAccess).toBe(0);
    expect(f.memory.sharingMix.bouncesPerKiloAccess).toBeGreaterThan(100);
    // the NIC alone: a descriptor, a data run and their completions — 6 events per packet
    expect(f.nic.rxOnly.inThread.eventsPerPacket).toBe(6);
    // 2000 measured packets after the steering scenario's 500 of warm-up
    expect(f.packets.classicCross.inThread.packets).toBe(2500);
    for (const rate of [
      f.memory.privateMix.inThread, f.memory.sharingMix.inThread, f.nic.rxOnly.inThread,
      f.packets.classicCross.inThread, f.packets.channelSoftirq.inThread, f.packets.channelSocket.inThread, f.packets.channelUser.inThread,
    ]) {
      const value = rate.accessesPerSec ?? rate.packetsPerSec;
      expect(value).toBeGreaterThan(0);
      expect(rate.perProcess).toEqual([value]);
    }
    expect(f.memory.privateMix.workers.workers).toBe(2);
    expect(f.packets.classicCross.workers.packetsPerSec).toBeGreaterThan(0);
    expect(f.sweep.points).toBe(8);
    expect(f.memory.flatness).toBeGreaterThan(0.9);
    expect(f.host).toMatchObject({ repeats: 1, processes: 1 });
  }, 180_000);
});
