// Metric paths: the dotted names a scenario's expectations use for one figure of a variant's result
// (`cyclesPerPacket.total`, `bouncesPerPacket.byStructure.socket`, `latencyNs.p99`, `cpuUtilization.1`).
// Whether a path exists is read from the result's own zod schema (schema.ts), so a figure added there can
// be expected at once and a renamed one is refused when the scenario file is read, not after the runs.
// A map (byStep, byStructure, dropped) accepts any name after it: its names depend on the path run, and a
// name it leaves out (a zero) reads as 0. (No Node modules: the dashboard validates scenarios with this.)

import { z } from "zod";
import { variantSchema, type VariantResult } from "./schema.js";

/** Why `metric` names no numeric figure of a variant's result, with the names allowed where it went
 *  wrong (for "did you mean"); null if it names one. */
export function metricPathProblem(metric: string): { message: string; known: string[]; at: string } | null {
  const keys = metric.split(".");
  let schema: z.ZodType = variantSchema;
  for (const [i, key] of keys.entries()) {
    schema = unwrap(schema);
    const at = keys.slice(0, i).join(".");
    if (schema instanceof z.ZodObject) {
      const shape = schema.shape as Record<string, z.ZodType>;
      const next = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!next) return { message: `has no field "${key}"${at ? ` in ${at}` : ""}`, known: Object.keys(shape), at };
      schema = next;
    } else if (schema instanceof z.ZodRecord) {
      if (key === "") return { message: `needs a name after ${at}`, known: [], at };
      schema = schema.valueType as z.ZodType;
    } else if (schema instanceof z.ZodArray) {
      if (!/^\d+$/.test(key)) return { message: `${at} is a list: give an index (e.g. ${at}.0), not "${key}"`, known: [], at };
      schema = schema.element as z.ZodType;
    } else {
      return { message: `${at} is a figure, with no field "${key}"`, known: [], at };
    }
  }
  schema = unwrap(schema);
  if (schema instanceof z.ZodNumber) return null;
  const whole = keys.join(".");
  if (schema instanceof z.ZodObject)
    return { message: `${whole} is a group of figures: name one of them (${Object.keys(schema.shape).map((k) => `${whole}.${k}`).join(", ")})`, known: [], at: whole };
  if (schema instanceof z.ZodRecord || schema instanceof z.ZodArray) return { message: `${whole} holds several figures: name one (e.g. ${whole}.${schema instanceof z.ZodArray ? "0" : "<name>"})`, known: [], at: whole };
  return { message: `${whole} is not a number`, known: [], at: whole };
}

/** The figure at `metric` (a path metricPathProblem accepts): null when the variant has no such figure
 *  (nothing delivered); a map's name that is absent reads as 0 (zeros are left out of maps). */
export function metricValue(variant: VariantResult, metric: string): number | null {
  let at: unknown = variant;
  const keys = metric.split(".");
  for (const [i, key] of keys.entries()) {
    if (at === null || at === undefined) return null;
    const next = (at as Record<string, unknown>)[key];
    if (next === undefined) return Array.isArray(at) || i < keys.length - 1 ? null : 0;
    at = next;
  }
  return typeof at === "number" ? at : null;
}

function unwrap(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodNullable || s instanceof z.ZodOptional) return unwrap(s.unwrap() as z.ZodType);
  return s;
}
