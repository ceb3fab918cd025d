// The published JSON Schema of results (sim-config/schema/result.schema.json), generated from the zod schema
// in schema.ts by `npm run schema` (scripts/gen-result-schema.ts); tests/results-schema.test.ts fails when
// the committed file differs from what this makes now. `io: "output"` because a result is what netchan
// writes, not what a person types.
import { join } from "node:path";
import { z } from "zod";
import { SCHEMA_DIR } from "../config/json-schema.js";
import { projectRoot } from "../wasm/module.js";
import { RESULT_SCHEMA, resultSchema } from "./schema.js";

export const RESULT_SCHEMA_FILE = "result.schema.json";

export function resultSchemaPath(): string {
  return join(projectRoot(), SCHEMA_DIR, RESULT_SCHEMA_FILE);
}

/** The schema file's exact text: two-space indents and a final newline, as the repository's JSON files. */
export function resultJsonSchemaText(): string {
  const { $schema, ...body } = z.toJSONSchema(resultSchema, { target: "draft-2020-12", io: "output" });
  const schema = {
    $schema,
    $comment: "Generated from src/results/schema.ts by scripts/gen-result-schema.ts (npm run schema); do not edit.",
    title: `netchan result (${RESULT_SCHEMA})`,
    description:
      "What `netchan run` writes with --json: per variant, packets offered, delivered and dropped, and the per-packet " +
      "costs (cycles, cache-line bounces, DMA invalidations, LLC and DRAM traffic, interrupts), latency, throughput and " +
      "CPU utilisation. docs/results.md gives every field's formula.",
    ...body,
  };
  return JSON.stringify(schema, null, 2) + "\n";
}
