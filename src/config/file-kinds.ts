// The kinds of input file netchan reads, each with its schema and its published JSON Schema. `netchan
// validate` and `npm run schema` both work from this one table: a new kind (a scenario, a workload) is one
// more entry, and it is validated and published with no other change.
//
// A file says what it is by `"$schema": "…/<kind>.schema.json"` (which also gives editors completion and
// checking as you type). A file without one is recognised by its top-level keys, so a hand-written profile
// still gets its field-by-field messages rather than "unknown kind". No Node modules here: the dashboard
// validates files dropped on the page with the same table.
import type { z } from "zod";
import { ConfigError } from "./errors.js";
import { machineSchema, parseMachine } from "./machine.js";
import { parseScenarioFile, scenarioSchema } from "../scenario/schema.js";

export interface FileKind {
  /** What the file is, as messages name it. */
  name: string;
  /** Its published JSON Schema, in sim-config/schema/. */
  schemaFile: string;
  /** The JSON Schema's title and description. */
  title: string;
  description: string;
  schema: z.ZodType;
  /** Top-level keys that identify the kind when a file has no `$schema`. */
  markers: string[];
  /** Validates a parsed file; throws ConfigError naming `file` and each bad field. */
  parse(json: unknown, file: string): unknown;
}

/** Keys many kinds share, which say nothing about the kind. */
const COMMON_KEYS = new Set(["$schema", "name", "description", "sources"]);

export const machineKind: FileKind = {
  name: "machine profile",
  schemaFile: "machine.schema.json",
  title: "netchan machine profile",
  description:
    "A simulated machine: CPUs, clock, cache geometry and latencies, memory, DMA, and the costs of the kernel's " +
    "receive path. Every field's allowed values are checked here; relations between fields (an L2 slower than " +
    "the L1d, an LLC hit at least two hops and a lookup longer than an L2 hit, DDIO ways within the LLC's, the " +
    "skb cache's bulk within its size, core complexes of equal size with a cross-complex transfer no faster than " +
    "one inside, caches that fit one WebAssembly memory) are checked by `netchan validate`.",
  schema: machineSchema,
  markers: Object.keys(machineSchema.shape).filter((k) => !COMMON_KEYS.has(k)),
  parse: parseMachine,
};

export const scenarioKind: FileKind = {
  name: "scenario",
  schemaFile: "scenario.schema.json",
  title: "netchan scenario",
  description:
    "A machine profile, a workload and named variants of the receive path that each receive it. Shapes and " +
    "ranges are checked here; `netchan validate` also checks the relations between fields (every flow read " +
    "by exactly one app, unique variant names, packets or durationUs) and those that need the machine profile " +
    "(CPU numbers below its CPU count, a CPU free for classic-cross's interrupt, classic-affine's apps on one CPU).",
  schema: scenarioSchema,
  markers: Object.keys(scenarioSchema.shape).filter((k) => !COMMON_KEYS.has(k)),
  parse: parseScenarioFile,
};

export const FILE_KINDS: readonly FileKind[] = [machineKind, scenarioKind];

/** The kind of a parsed file: the one its `$schema` names, else the one sharing most top-level keys. */
export function kindOf(json: unknown, file: string): FileKind {
  const refuse = (path: string, message: string): never => {
    throw new ConfigError(file, [{ path, message }]);
  };
  const known = FILE_KINDS.map((k) => k.name).join(" or ");
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return refuse("", `expected a JSON object (a ${known}), got ${Array.isArray(json) ? "an array" : json === null ? "null" : `a ${typeof json}`}`);
  const { $schema } = json as { $schema?: unknown };
  if (typeof $schema === "string") {
    // by file name only, so that any relative path or URL to the schema will do
    const named = FILE_KINDS.find((k) => $schema.split("/").pop() === k.schemaFile);
    return named ?? refuse("$schema", `names no netchan schema (got ${JSON.stringify($schema)}; known: ${FILE_KINDS.map((k) => k.schemaFile).join(", ")})`);
  }
  const keys = Object.keys(json);
  const scored = FILE_KINDS.map((k) => ({ k, score: k.markers.filter((m) => keys.includes(m)).length })).sort((a, b) => b.score - a.score);
  if (scored[0] && scored[0].score > 0) return scored[0].k;
  const hints = FILE_KINDS.map((k) => `a ${k.name} has ${k.markers.slice(0, 4).join(", ")}, …`).join("; ");
  return refuse("", `not a netchan file: it has no "$schema" and none of the keys of a ${known} (${hints})`);
}

/** Reads what kind `json` is and validates it as that kind; throws ConfigError naming `file`. */
export function validateFile(json: unknown, file: string): { kind: FileKind; value: unknown } {
  const kind = kindOf(json, file);
  return { kind, value: kind.parse(json, file) };
}
