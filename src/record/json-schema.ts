// The published JSON Schema of recordings (sim-config/schema/record.schema.json), generated from the zod
// schema below by `npm run schema` (scripts/gen-record-trace-schemas.ts); tests/record-schema.test.ts
// fails when the committed file differs from what this makes now, and validates real recordings with it.
// The zod schema and the TypeScript types of schema.ts are checked against each other at compile time.
import { z } from "zod";
import { outputSchemaText, schemaFilePath } from "../config/json-schema.js";
import type { EventKind, RecordDocument } from "./schema.js";

const count = z.number().int().nonnegative();
const mesi = z.enum(["I", "S", "E", "M"]);
const dirView = z.object({ state: z.enum(["U", "S", "EM"]), owner: count.nullable(), sharers: z.array(count) }).strict();
const EVENT_KINDS = ["request", "directory", "ack", "memory", "dma-write", "dma-read", "data", "invalidation", "forward", "eviction", "silent-write", "interrupt", "ipi"] as const;

const event = z
  .object({
    i: count,
    t: count,
    kind: z.enum(EVENT_KINDS),
    message: z.string().nullable(),
    at: z.string(),
    from: z.string(),
    line: count.nullable(),
    step: z.string().nullable(),
    cpu: z.object({ cpu: count, before: mesi, after: mesi }).strict().optional(),
    dir: z.object({ before: dirView, after: dirView }).strict().optional(),
    bounce: z.object({ cycles: count, requester: count }).strict().optional(),
    text: z.string(),
  })
  .strict();

export const recordDocumentSchema = z
  .object({
    schema: z.literal("netchan-record/1"),
    scenario: z.string(),
    variant: z.string(),
    path: z.string(),
    machine: z.string(),
    cpus: count,
    clockGHz: z.number().positive(),
    packets: count,
    warmupPackets: count,
    regions: z.array(z.string()),
    limit: count,
    recorded: count,
    timing: z.object({ hopCycles: count, l2HitCycles: count, llcHitCycles: count, remoteTransferCycles: count, ioHopCycles: count }).strict(),
    lines: z.array(z.object({ id: count, address: z.string().regex(/^0x[0-9a-f]+$/), region: z.string(), label: z.string(), events: count, bounces: count }).strict()),
    events: z.array(event),
    final: z.object({ cpus: z.array(z.array(mesi)), dir: z.array(dirView) }).strict(),
  })
  .strict();

// the schema and the types describe the same document (a compile error otherwise)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameDocument: Same<z.infer<typeof recordDocumentSchema>, RecordDocument> = true;
const sameKinds: Same<(typeof EVENT_KINDS)[number], EventKind> = true;
void [sameDocument, sameKinds];

export const RECORD_SCHEMA_FILE = "record.schema.json";

export function recordSchemaPath(): string {
  return schemaFilePath(RECORD_SCHEMA_FILE);
}

export function recordJsonSchemaText(): string {
  return outputSchemaText(recordDocumentSchema, {
    comment: "Generated from src/record/json-schema.ts by scripts/gen-record-trace-schemas.ts (npm run schema); do not edit.",
    title: "netchan recording (netchan-record/1)",
    description:
      "What `netchan record --json` writes and the dashboard's step-through view reads: every coherence event of a short run on the " +
      "recorded lines, with each CPU's MESI state and the directory's view before and after. docs/record.md describes every field.",
  });
}
