// `netchan run` on the shipped classic-steering scenario, through the real loader and the real model: the
// command the issue names, end to end.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../src/cli/program.js";
import { CLASSIC_PATHS } from "../src/scenario/types.js";

async function netchan(...args: string[]) {
  const out = { stdout: "", stderr: "" };
  const status = await runCli(["node", "netchan", ...args], {
    out: (t) => void (out.stdout += t), err: (t) => void (out.stderr += t), columns: undefined,
  });
  return { status, ...out };
}

const withoutHost = (json: string) => {
  const r = JSON.parse(json);
  delete r.host;
  return JSON.stringify(r);
};

describe("netchan run sim-config/scenarios/classic-steering.json", () => {
  test("runs the six steering variants, prints one row each and writes netchan-result/1 with every field", async () => {
    const r = await netchan("run", "sim-config/scenarios/classic-steering.json", "--packets", "300", "--json", "-", "--quiet");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.schema).toBe("netchan-result/1");
    expect(result.variants.map((v: { path: string }) => v.path)).toEqual([...CLASSIC_PATHS]);
    for (const v of result.variants) {
      expect(v.packets.offered).toBe(300);
      expect(v.packets.delivered + Object.values(v.packets.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(300);
      expect(v.integrity).toMatchObject({ payloadErrors: 0, orderErrors: 0, conserved: true });
      expect(v.cyclesPerPacket.total).toBeGreaterThan(1000);
      expect(Object.keys(v.cyclesPerPacket.byStep)).toContain("tcp_rcv");
      expect(v.cyclesPerPacket.byCpu).toHaveLength(4);
      expect(v.latencyNs.p50).toBeGreaterThan(0);
      expect(v.latencyNs.p99).toBeGreaterThanOrEqual(v.latencyNs.p50);
      expect(v.latencyNs.max).toBeGreaterThanOrEqual(v.latencyNs.p99);
      expect(v.throughputPps).toBeGreaterThan(0);
      expect(v.cpuUtilization).toHaveLength(4);
      for (const k of ["bouncesPerPacket", "dmaInvalidationsPerPacket", "llcMissesPerPacket"]) expect(v).toHaveProperty(k);
    }
    const cross = result.variants.find((v: { path: string }) => v.path === "classic-cross");
    const affine = result.variants.find((v: { path: string }) => v.path === "classic-affine");
    expect(cross.bouncesPerPacket.byStructure.socket).toBeGreaterThan(1);
    expect(affine.bouncesPerPacket.total).toBe(0);
    expect(result.config.machine.kernel.napiWeight).toBe(64); // the resolved config, defaults filled in
  });

  test("the same seed gives a byte-identical result (without host) in-thread and with workers", async () => {
    const args = ["run", "sim-config/scenarios/classic-steering.json", "--packets", "200", "--seed", "7", "--json", "-", "--quiet"];
    const a = await netchan(...args, "--scheduler", "inthread");
    const b = await netchan(...args, "--scheduler", "workers", "--workers", "3");
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(withoutHost(b.stdout)).toBe(withoutHost(a.stdout));
  });

  test("a bad scenario file exits 2 with the file and JSON path named, and nothing runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netchan-"));
    const file = join(dir, "bad.json");
    const good = JSON.parse(readFileSync("sim-config/scenarios/classic-steering.json", "utf8"));
    good.machine = "modern-1s";
    good.variants[2].path = "classic-rsss";
    writeFileSync(file, JSON.stringify(good));
    const r = await netchan("run", file, "--json", join(dir, "out.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("bad.json");
    expect(r.stderr).toContain("variants[2].path");
    expect(r.stdout).toBe("");
    expect(() => readFileSync(join(dir, "out.json"))).toThrow();
  });
});

describe("netchan run vj-debate", () => {
  test("runs the debate's ten variants on one workload, with the channels' steps and ring lines in the result", async () => {
    const r = await netchan("run", "vj-debate", "--packets", "300", "--json", "-", "--quiet");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.variants).toHaveLength(10);
    for (const v of result.variants) expect(v.integrity).toMatchObject({ payloadErrors: 0, orderErrors: 0, conserved: true });
    const byName = Object.fromEntries(result.variants.map((v: { name: string }) => [v.name, v]));
    const user = byName["channel-user"];
    expect(Object.keys(user.cyclesPerPacket.byStep)).toEqual(expect.arrayContaining(["chan_produce", "chan_consume", "user_tcp"]));
    expect(user.cyclesPerPacket.byStep.copy_to_user).toBeUndefined();
    expect(Object.keys(user.bouncesPerPacket.byStructure)).toEqual(expect.arrayContaining(["channel producer", "channel consumer"]));
    expect(Object.keys(byName["channel-user-false-shared"].bouncesPerPacket.byStructure)).toContain("channel indices");
    expect(user.warnings[0]).toMatch(/netfilter is bypassed/);
    expect(byName["channel-user-netfilter-before"].warnings).toEqual([]);
    expect(byName["channel-user-netfilter-before"].cyclesPerPacket.byStep.netfilter).toBeGreaterThan(0);
  });
});
