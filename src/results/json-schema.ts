// The published JSON Schema of results (sim-config/schema/result.schema.json), generated from the zod schema
// in schema.ts by `npm run schema` (scripts/gen-result-schema.ts); tests/results-schema.test.ts fails when
// the committed file differs from what this makes now. `io: "output"` because a result is what netchan
// writes, not what a person types.
import { outputSchemaText, schemaFilePath } from "../config/json-schema.js";
import { RESULT_SCHEMA, resultSchema } from "./schema.js";

export const RESULT_SCHEMA_FILE = "result.schema.json";

export function resultSchemaPath(): string {
  return schemaFilePath(RESULT_SCHEMA_FILE);
}

/** The schema file's exact text: two-space indents and a final newline, as the repository's JSON files. */
export function resultJsonSchemaText(): string {
  return outputSchemaText(resultSchema, {
    comment: "Generated from src/results/schema.ts by scripts/gen-result-schema.ts (npm run schema); do not edit.",
    title: `netchan result (${RESULT_SCHEMA})`,
    description:
      "What `netchan run` writes with --json: per variant, packets offered, delivered and dropped, and the per-packet " +
      "costs (cycles, cache-line bounces, DMA invalidations, LLC and DRAM traffic, interrupts), latency, throughput and " +
      "CPU utilisation. docs/results.md gives every field's formula.",
  });
}
