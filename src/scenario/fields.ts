// Builders for the fields of a scenario file, so that every field refuses a bad value with one message
// — "must be <what is allowed> (got <what was given>)" — and carries <what is allowed> as its description
// (which "is required (…)" messages and the published JSON Schema both show).
//
// They follow machine.ts's numberField: a numeric rule is kept as metadata, because zod's toJSONSchema
// drops every `.refine()` silently, and the published schema must refuse what the validator refuses. The
// message does not repeat the field's name: the JSON path printed before it names the field, and a builder
// shared by the elements of a list cannot know the index. (No Node modules: the dashboard uses these too.)

import { z } from "zod";
import { closest } from "../config/machine.js";

/** What a numeric field allows, in JSON Schema's terms (exclusiveMinimum for "more than 0"). */
export type NumberRule =
  | { type: "integer" | "number"; minimum?: number; exclusiveMinimum?: number; maximum: number }
  | { type: "integer"; enum: number[] };

const fits = (n: number, r: NumberRule) =>
  "enum" in r
    ? r.enum.includes(n)
    : (r.type === "number" || Number.isInteger(n)) &&
      (r.minimum === undefined || n >= r.minimum) &&
      (r.exclusiveMinimum === undefined || n > r.exclusiveMinimum) &&
      n <= r.maximum;

/** How a given value reads in a message: text is quoted so that "4" is told apart from 4. */
export const shown = (v: unknown): string =>
  v === undefined ? "nothing" : typeof v === "number" ? String(v) : typeof v === "string" || typeof v === "object" ? JSON.stringify(v) : String(v);

/** The error function of a field: every issue the field itself raises gets the one message. */
const mustBe = (allowed: string) => (i: { input?: unknown }) => `must be ${allowed} (got ${shown(i.input)})`;

/** As mustBe, but only for a wrong type: issues inside an object or list keep their own messages. */
const wrongType = (allowed: string) => (i: { code?: string; input?: unknown }) =>
  i.code === "invalid_type" || i.code === "invalid_union" ? `must be ${allowed} (got ${shown(i.input)})` : undefined;

export function numberField(allowed: string, rule: NumberRule) {
  const error = mustBe(allowed);
  return z.number({ error }).refine((n) => fits(n, rule), { error }).meta({ description: allowed, ...rule });
}

export const integer = (min: number, max: number, allowed = `an integer from ${min} to ${max}`) =>
  numberField(allowed, { type: "integer", minimum: min, maximum: max });

/** A real number above 0 (a rate, a weight, a duration). */
export const positive = (max: number, unit: string) =>
  numberField(`a number of ${unit} above 0, at most ${max}`, { type: "number", exclusiveMinimum: 0, maximum: max });

export const text = (allowed: string) => {
  const error = mustBe(allowed);
  return z.string({ error }).min(1, { error }).describe(allowed);
};

export const flag = (allowed = "true or false") => z.boolean({ error: mustBe(allowed) }).describe(allowed);

/** One of a list of names; a misspelt name gets the nearest one as a suggestion ("classic-crosss"). Short
 *  values (an operator, "20GbE") get none: every short value is a small edit away from another. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, allowed = `one of ${values.map((v) => `"${v}"`).join(", ")}`) => {
  const error = (i: { input?: unknown }) => {
    const guess = typeof i.input === "string" && i.input.length >= 6 ? closest(i.input, [...values]) : undefined;
    return `${mustBe(allowed)(i)}${guess ? ` (did you mean "${guess}"?)` : ""}`;
  };
  return z.enum(values, { error }).describe(allowed);
};

/** An object whose unknown keys are errors (a typo must not be silently ignored). */
export const strictObject = <S extends z.core.$ZodLooseShape>(shape: S, allowed: string) => z.strictObject(shape, { error: wrongType(allowed) });

/** A strict object that describes itself (for "is required (…)" messages and the JSON Schema). */
export const object = <S extends z.core.$ZodLooseShape>(shape: S, allowed: string) => strictObject(shape, allowed).describe(allowed);

export function list<T extends z.ZodType>(item: T, allowed: string, min: number, max: number) {
  const error = mustBe(allowed);
  return z.array(item, { error }).min(min, { error }).max(max, { error }).describe(allowed);
}

/** One of several forms. When no form matches, issues.ts reports the form the value was nearest to, or
 *  else this field's own message listing the forms. */
export const oneOf = <const T extends readonly z.ZodType[]>(options: T, allowed: string) =>
  z.union(options, { error: wrongType(allowed) }).describe(allowed);
