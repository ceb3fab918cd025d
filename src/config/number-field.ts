// Numeric fields of the config schemas (machine.ts, kernel.ts): one rule per field gives both the
// validator's check and the published JSON Schema's keywords, so the two cannot disagree — zod's
// toJSONSchema drops every `.refine()` silently, so the rule travels as metadata instead.

import { z } from "zod";

/** What a numeric field allows, in JSON Schema's terms. */
export type NumberRule =
  | { type: "integer" | "number"; minimum: number; maximum: number }
  | { type: "integer"; enum: number[] };

const fits = (n: number, rule: NumberRule) =>
  "enum" in rule ? rule.enum.includes(n) : (rule.type === "number" || Number.isInteger(n)) && n >= rule.minimum && n <= rule.maximum;

/** How a given value reads in a message: text is quoted so that "4" is told apart from 4. */
export const shown = (v: unknown) => (typeof v === "string" || typeof v === "object" ? JSON.stringify(v) : String(v));

/** A numeric field with one message, whatever is wrong (wrong type, NaN, fraction, out of range): it names
 *  the field, what is allowed and what was given, so a bad value yields one issue, not one per check. The
 *  description carries the allowed values into "is required" messages; the metadata, merged into the
 *  published JSON Schema, carries the rule itself. */
export const numberField = (field: string, allowed: string, rule: NumberRule) => {
  const error = (i: { input?: unknown }) => `${field} must be ${allowed} (got ${shown(i.input)})`;
  return z.number({ error }).refine((n) => fits(n, rule), { error }).meta({ description: allowed, ...rule });
};

/** A whole number from `min` to `max`, inclusive. */
export const count = (field: string, min: number, max: number) =>
  numberField(field, `an integer from ${min} to ${max}`, { type: "integer", minimum: min, maximum: max });

/** A whole number of cycles from `min` to 1,000,000. */
export const cyclesFrom = (field: string, min: 0 | 1) =>
  numberField(field, `a whole number of cycles from ${min} to 1000000`, { type: "integer", minimum: min, maximum: 1_000_000 });
