// A scenario's expectations: refused when the file is read if they name a variant, an operator or a figure
// that does not exist (starting from the shipped classic-steering scenario, whose variants are cross,
// affine, rss, rps, rfs, arfs), and checked after the runs against hand-made figures
// (tests/helpers/results-fakes.ts: rss 1900 cycles and 2.5 bounces per packet; cross delivered nothing).
import { describe, expect, test } from "vitest";
import { buildResult, variantResult } from "../src/results/build.js";
import { evaluateExpectations } from "../src/results/expectations.js";
import { metricPathProblem } from "../src/results/metrics.js";
import { resultSchema } from "../src/results/schema.js";
import type { Expectation } from "../src/scenario/types.js";
import { fakeScenario, nothingDeliveredRaw, rssRaw, withPackets } from "./helpers/results-fakes.js";
import { expectOnlyIssue, refusal, resolveWith, SHIPPED, type Json } from "./helpers/scenarios.js";

const expectOne = (e: Json) => (s: Json) => (s.expect = [{ variant: "affine", metric: "cyclesPerPacket.total", op: "<", value: 1 }, e]);

describe("expectations in a scenario file", () => {
  test("the shipped scenario's expectations are resolved as given", () => {
    expect(resolveWith().expectations).toEqual([
      { variant: "affine", metric: "cyclesPerPacket.total", op: "<", relativeTo: { variant: "cross", factor: 1 } },
      { variant: "affine", metric: "bouncesPerPacket.total", op: "==", value: 0 },
    ]);
  });

  test("a scenario without expect resolves to no expectations", () => {
    expect(resolveWith((s) => delete s.expect).expectations).toEqual([]);
  });

  test.each([
    ["an unknown variant is refused at its path, with the name it is likely a typo of", { variant: "afine", metric: "latencyNs.p99", op: "<", value: 1 }, "expect[1].variant", 'names no variant of this scenario: "afine" (did you mean "affine"?)'],
    ["an unknown relativeTo variant is refused, listing the variants when no name is close", { variant: "rss", metric: "latencyNs.p99", op: "<", relativeTo: { variant: "zzzzzzzz", factor: 2 } }, "expect[1].relativeTo.variant", 'names no variant of this scenario: "zzzzzzzz" (the variants are cross, affine, rss, rps, rfs, arfs)'],
    ["an operator outside the list is refused, listing the operators", { variant: "rss", metric: "latencyNs.p99", op: "=<", value: 1 }, "expect[1].op", 'must be one of "<", "<=", ">", ">=", "==" (got "=<")'],
    ["value and relativeTo together are refused", { variant: "rss", metric: "latencyNs.p99", op: "<", value: 1, relativeTo: { variant: "cross", factor: 1 } }, "expect[1].relativeTo", "give value or relativeTo, not both"],
    ["neither value nor relativeTo is refused as required", { variant: "rss", metric: "latencyNs.p99", op: "<" }, "expect[1].value", "is required (a number to compare with), unless relativeTo { variant, factor } compares with another variant's figure"],
    ["a metric the result does not have is refused, with the field it is likely a typo of", { variant: "rss", metric: "cyclesPerPacket.totl", op: "<", value: 1 }, "expect[1].metric", 'has no field "totl" in cyclesPerPacket (did you mean "cyclesPerPacket.total"?)'],
    ["a misspelt top-level figure is refused with a suggestion", { variant: "rss", metric: "latencyNS.p99", op: "<", value: 1 }, "expect[1].metric", 'has no field "latencyNS" (did you mean "latencyNs"?)'],
    ["a metric naming a group of figures is refused, listing them", { variant: "rss", metric: "latencyNs", op: "<", value: 1 }, "expect[1].metric", "latencyNs is a group of figures: name one of them (latencyNs.p50, latencyNs.p99, latencyNs.max)"],
    ["a metric that is not a number is refused", { variant: "rss", metric: "path", op: "==", value: 1 }, "expect[1].metric", "path is not a number"],
  ])("%s", (_, e, path, message) => {
    expectOnlyIssue(refusal(() => resolveWith(expectOne(e))), SHIPPED, path, message);
  });

  test("a map's figures accept any name after the map; a list accepts an index", () => {
    for (const metric of ["bouncesPerPacket.byStructure.socket", "cyclesPerPacket.byStep.tcp_rcv", "packets.dropped.rx_ring_full", "packets.delivered", "cpuUtilization.1", "throughputPps"])
      expect(metricPathProblem(metric), metric).toBeNull();
    expect(metricPathProblem("cpuUtilization.first")?.message).toBe('cpuUtilization is a list: give an index (e.g. cpuUtilization.0), not "first"');
  });
});

describe("checking expectations against a run's figures", () => {
  const rss = variantResult(rssRaw());
  const cross = variantResult(nothingDeliveredRaw());
  const check = (e: Expectation, failures = [] as Parameters<typeof evaluateExpectations>[2]) => evaluateExpectations([e], [rss, cross], failures)[0];

  test("a fixed value: 1900 cycles per packet is < 2000 and not < 1900, but <= 1900", () => {
    expect(check({ variant: "rss", metric: "cyclesPerPacket.total", op: "<", value: 2000 })).toEqual({
      description: "rss cyclesPerPacket.total < 2000", passed: true, actual: 1900, op: "<", expected: 2000, reason: null,
    });
    expect(check({ variant: "rss", metric: "cyclesPerPacket.total", op: "<", value: 1900 }).passed).toBe(false);
    expect(check({ variant: "rss", metric: "cyclesPerPacket.total", op: "<=", value: 1900 }).passed).toBe(true);
    expect(check({ variant: "rss", metric: "bouncesPerPacket.byStructure.rx_ring", op: "==", value: 2 }).passed).toBe(true);
    expect(check({ variant: "rss", metric: "latencyNs.p99", op: ">=", value: 4938.4 }).passed).toBe(true);
  });

  test("relativeTo compares with the other variant's figure × factor (offered 1000 vs 100: 100 × 9.99 = 999)", () => {
    const r = check({ variant: "rss", metric: "packets.offered", op: ">", relativeTo: { variant: "cross", factor: 9.99 } });
    expect(r).toMatchObject({ description: "rss packets.offered > cross's × 9.99", passed: true, actual: 1000, expected: 999 });
    expect(check({ variant: "rss", metric: "packets.offered", op: ">", relativeTo: { variant: "cross", factor: 10 } })).toMatchObject({ passed: false, expected: 1000 });
  });

  test("a name a map leaves out (a zero) reads as 0", () => {
    expect(check({ variant: "rss", metric: "bouncesPerPacket.byStructure.socket", op: "==", value: 0 })).toMatchObject({ passed: true, actual: 0 });
  });

  test("a figure that is null (nothing delivered) fails, saying why, on either side", () => {
    expect(check({ variant: "cross", metric: "cyclesPerPacket.total", op: "<", value: 1e9 })).toEqual({
      description: "cross cyclesPerPacket.total < 1000000000", passed: false, actual: null, op: "<", expected: 1e9,
      reason: 'variant "cross" has no cyclesPerPacket.total (it delivered no packets)',
    });
    expect(check({ variant: "rss", metric: "cyclesPerPacket.total", op: "<", relativeTo: { variant: "cross", factor: 1 } })).toMatchObject({ passed: false, actual: 1900, expected: null });
  });

  test("a variant that failed (threw, or failed its integrity check) fails the expectation, saying so", () => {
    const threw = check({ variant: "rss", metric: "packets.offered", op: ">", value: 0 }, [{ variant: "rss", kind: "error", message: "boom" }]);
    expect(threw).toMatchObject({ passed: false, actual: null, reason: 'variant "rss" failed to run' });
    const raws = [withPackets(rssRaw(), "rss", { orderErrors: 1 }), nothingDeliveredRaw()];
    const scenario = { ...fakeScenario(), expectations: [{ variant: "rss", metric: "packets.offered", op: ">", value: 0 } as Expectation] };
    const result = buildResult(scenario, raws, { wallSeconds: 1, node: "v20", platform: "linux-x64", cpus: 1, scheduler: "inthread", workers: null });
    expect(resultSchema.parse(result).expectations).toEqual([
      { description: "rss packets.offered > 0", passed: false, actual: null, op: ">", expected: 0, reason: 'variant "rss" failed its integrity check' },
    ]);
  });
});
