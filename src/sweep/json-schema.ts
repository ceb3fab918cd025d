// The published JSON Schema of sweeps (sim-config/schema/sweep.schema.json), generated from the zod schema
// in schema.ts by `npm run schema` (scripts/gen-sweep-schema.ts), as results/json-schema.ts does for a
// run's result; tests/sweep-schema.test.ts fails when the committed file differs from what this makes now.
import { outputSchemaText, schemaFilePath } from "../config/json-schema.js";
import { SWEEP_SCHEMA, sweepSchema } from "./schema.js";

export const SWEEP_SCHEMA_FILE = "sweep.schema.json";

export function sweepSchemaPath(): string {
  return schemaFilePath(SWEEP_SCHEMA_FILE);
}

/** The schema file's exact text: two-space indents and a final newline, as the repository's JSON files. */
export function sweepJsonSchemaText(): string {
  return outputSchemaText(sweepSchema, {
    comment: "Generated from src/sweep/schema.ts by scripts/gen-sweep-schema.ts (npm run schema); do not edit.",
    title: `netchan sweep (${SWEEP_SCHEMA})`,
    description:
      "What `netchan sweep` and `netchan merge` write with --json: the axes swept, and for each point its values and the " +
      "netchan-result/1 of its run (without host). docs/sweeps.md describes it.",
  });
}
