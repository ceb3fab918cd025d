// zod's issues as ConfigIssues (JSON path + message) for a scenario file.
//
// Machine profiles have no field of several forms; scenarios have many (`flows` is a count or a list,
// `load` is { pps } or { gbps } or { lineRate }), and zod reports a value that fits none of the forms as one
// `invalid_union` holding every form's issues. Printing all of them would bury the one that matters, so
// the form the value was nearest to is chosen — `{ "pps": "x" }` was meant as { pps }, and its problem is
// the text where a number belongs — and when no form is nearest (`"fast"`, `{}`), the field's own message,
// which lists the forms, is reported instead.

import type { z } from "zod";
import { z as zod } from "zod";
import { formatPath, type ConfigIssue } from "../config/errors.js";
import { closest } from "../config/machine.js";

type Issue = z.core.$ZodIssue;

/** Turns zod's issues into ConfigIssues, naming each field's JSON path. `schema` gives "did you mean" for
 *  unknown keys and, for a missing field, what it should hold. Parse with `reportInput: true`: without
 *  the input a wrong type would read as a missing field. */
export function scenarioIssues(error: z.ZodError, schema: z.ZodType): ConfigIssue[] {
  return flatten(error.issues as Issue[], []).flatMap((issue) => convert(issue, schema));
}

/** Replaces each invalid_union by the issues of the nearest form, with full paths. */
function flatten(issues: Issue[], prefix: PropertyKey[]): Issue[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code !== "invalid_union") return [{ ...issue, path: at }];
    const nearest = nearestForm(issue.errors as Issue[][]);
    return nearest ? flatten(nearest, at) : [{ ...issue, path: at }];
  });
}

/** The issues of the one form with the fewest signs of being the wrong form, or undefined if no form is
 *  the unique nearest. A wrong type or value of the whole field rules a form out; each unknown and each
 *  missing key counts against it; problems further inside do not (they are the user's actual mistake). */
function nearestForm(forms: Issue[][]): Issue[] | undefined {
  const distance = (issues: Issue[]) =>
    issues.reduce((d, i) => {
      if (i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value")) return d + 1000;
      if (i.path.length === 0 && i.code === "unrecognized_keys") return d + i.keys.length;
      if (i.path.length === 1 && isMissing(i)) return d + 1;
      return d;
    }, 0);
  const ranked = forms.map((issues) => ({ issues, d: distance(issues) })).sort((a, b) => a.d - b.d);
  const [first, second] = ranked;
  return first && first.d < 1000 && (!second || second.d > first.d) ? first.issues : undefined;
}

/** A required key absent from its object: zod reports it as a wrong type, value or form whose input is
 *  undefined (JSON has no undefined, so a present key always has an input). */
const isMissing = (i: Issue) =>
  (i.code === "invalid_type" || i.code === "invalid_value" || i.code === "invalid_union") && !("input" in i && i.input !== undefined);

function convert(issue: Issue, schema: z.ZodType): ConfigIssue[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(schema, path);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      return { path: formatPath([...path, key]), message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}` };
    });
  }
  if (isMissing(issue)) return [{ path: formatPath(path), message: `is required (${describeAt(schema, path) ?? "see the schema"})` }];
  return [{ path: formatPath(path), message: issue.message }];
}

/** The schemas a JSON path may lead to: through objects, lists, optionals and every form of a union. */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  let at: z.ZodType[] = [schema];
  for (const key of path) {
    at = at.flatMap(forms).flatMap((s) => {
      if (s instanceof zod.ZodObject) {
        const field = (s.shape as Record<string, z.ZodType>)[String(key)];
        return field ? [field] : [];
      }
      if (s instanceof zod.ZodArray) return typeof key === "number" ? [s.element as z.ZodType] : [];
      if (s instanceof zod.ZodTuple) return typeof key === "number" && s.def.items[key] ? [s.def.items[key] as z.ZodType] : [];
      return [];
    });
  }
  return at;
}

/** A schema without its optional/refinement wrappers, and a union as its forms. */
function forms(s: z.ZodType): z.ZodType[] {
  if (s instanceof zod.ZodOptional) return forms(s.unwrap() as z.ZodType);
  if (s instanceof zod.ZodPipe) return forms(s.in as z.ZodType);
  if (s instanceof zod.ZodUnion) return (s.options as z.ZodType[]).flatMap(forms);
  return [s];
}

function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return schemasAt(schema, path)
    .flatMap(forms)
    .flatMap((s) => (s instanceof zod.ZodObject ? Object.keys(s.shape) : []));
}

function describeAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  for (const s of schemasAt(schema, path)) {
    const described = s.description ?? forms(s).find((f) => f.description)?.description;
    if (described) return described;
  }
  return undefined;
}
