// A scenario's expectations (its `expect` list, docs/scenarios.md) checked against the figures of a run.
// Each becomes one entry of the result's `expectations`: what was claimed, in words; whether it held; the
// figure found and the figure it was compared with. A claim about a figure that does not exist — the
// variant threw, failed its integrity check (its figures cannot be trusted), or delivered nothing — has
// not held, and `reason` says why. Pure: the same figures give the same entries.

import type { Expectation, ExpectationOp } from "../scenario/types.js";
import { metricValue } from "./metrics.js";
import type { ExpectationResult, VariantFailure, VariantResult } from "./schema.js";

const HOLDS: Record<ExpectationOp, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "==": (a, b) => a === b,
};

/** "affine cyclesPerPacket.total < cross's × 1", "affine bouncesPerPacket.total == 0". */
export function describeExpectation(e: Expectation): string {
  const target = "value" in e ? String(e.value) : `${e.relativeTo.variant}'s × ${e.relativeTo.factor}`;
  return `${e.variant} ${e.metric} ${e.op} ${target}`;
}

export function evaluateExpectations(expectations: readonly Expectation[], variants: readonly VariantResult[], failures: readonly VariantFailure[]): ExpectationResult[] {
  return expectations.map((e) => {
    const figure = (name: string): { value: number | null; reason: string | null } => {
      const failure = failures.find((f) => f.variant === name);
      if (failure) return { value: null, reason: `variant "${name}" ${failure.kind === "error" ? "failed to run" : "failed its integrity check"}` };
      const v = variants.find((x) => x.name === name);
      if (!v) return { value: null, reason: `variant "${name}" has no result` };
      const value = metricValue(v, e.metric);
      return value === null ? { value, reason: `variant "${name}" has no ${e.metric} (it delivered no packets)` } : { value, reason: null };
    };
    const actual = figure(e.variant);
    const other = "value" in e ? { value: e.value, reason: null } : figure(e.relativeTo.variant);
    const expected = other.value === null ? null : "value" in e ? other.value : round(other.value * e.relativeTo.factor);
    const reason = actual.reason ?? other.reason;
    const passed = reason === null && actual.value !== null && expected !== null && HOLDS[e.op](actual.value, expected);
    return { description: describeExpectation(e), passed, actual: actual.value, op: e.op, expected, reason };
  });
}

/** A product of two 2-decimal figures, cleared of float noise (1900 × 1.1 is 2090, not 2090.0000000000002). */
const round = (x: number) => Math.round(x * 1e6) / 1e6;
