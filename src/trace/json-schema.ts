// The published JSON Schema of trace summaries (sim-config/schema/trace.schema.json), generated from the
// zod schema below by `npm run schema` (scripts/gen-record-trace-schemas.ts); tests/record-schema.test.ts
// fails when the committed file differs, and validates a real summary with it. The zod schema and the
// types of summary.ts are checked against each other at compile time.
import { z } from "zod";
import { outputSchemaText, schemaFilePath } from "../config/json-schema.js";
import type { TraceSummary } from "./summary.js";

const count = z.number().int().nonnegative();
const level = z.object({ reads: count, writes: count, readMisses: count, writeMisses: count }).strict();
const sets = z.object({ sets: count, ways: count }).strict();

export const traceSummarySchema = z
  .object({
    schema: z.literal("netchan-trace/1"),
    trace: z.string(),
    profile: z.string(),
    geometry: z.object({ lineBytes: count, l1d: sets, l2: sets, llc: z.object({ banks: count, setsPerBank: count, ways: count }).strict() }).strict(),
    instructions: z.object({ fetches: count, bytes: count }).strict(),
    data: z.object({ reads: count, writes: count, modifies: count, straddling: count }).strict(),
    levels: z.object({ l1d: level, l2: level, llc: level }).strict(),
    writebacks: z.object({ l2ToLlc: count, llcToDram: count }).strict(),
    linesWithMisses: count,
    lines: z.array(z.object({ address: z.string().regex(/^0x[0-9a-f]+$/), l1dMisses: count, l2Misses: count, llcMisses: count }).strict()),
  })
  .strict();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameSummary: Same<z.infer<typeof traceSummarySchema>, TraceSummary> = true;
void sameSummary;

export const TRACE_SCHEMA_FILE = "trace.schema.json";

export function traceSchemaPath(): string {
  return schemaFilePath(TRACE_SCHEMA_FILE);
}

export function traceJsonSchemaText(): string {
  return outputSchemaText(traceSummarySchema, {
    comment: "Generated from src/trace/json-schema.ts by scripts/gen-record-trace-schemas.ts (npm run schema); do not edit.",
    title: "netchan trace summary (netchan-trace/1)",
    description:
      "What `netchan trace --json` writes: a lackey memory trace replayed through one CPU's L1d and L2 and the LLC of a machine " +
      "profile, counted as Cachegrind counts. docs/trace.md describes every field.",
  });
}
