// The published JSON Schemas (sim-config/schema/), generated from the zod schemas so that they cannot drift:
// `npm run schema` writes them and a test fails when a committed one differs from what this makes now.
//
// zod's toJSONSchema turns types, required keys, strict objects and literals into JSON Schema, but drops
// every `.refine()` silently; the numeric rules reach the output as metadata (see numberField in
// number-field.ts). `io: "input"` describes what a file may contain, which is what a schema for files is for.
import { join } from "node:path";
import { z } from "zod";
import { projectRoot } from "../wasm/module.js";
import type { FileKind } from "./file-kinds.js";

export const SCHEMA_DIR = join("sim-config", "schema");

export function schemaPath(kind: FileKind): string {
  return join(projectRoot(), SCHEMA_DIR, kind.schemaFile);
}

/** The JSON Schema (draft 2020-12) of a file kind, with its title and description first. */
export function jsonSchemaOf(kind: FileKind): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(kind.schema, { target: "draft-2020-12", io: "input" });
  return {
    $schema,
    $comment: `Generated from src/config/ by scripts/gen-schema.ts (npm run schema); do not edit.`,
    title: kind.title,
    description: kind.description,
    ...body,
  };
}

/** The schema file's exact text: two-space indents and a final newline, as the repository's JSON files. */
export function jsonSchemaText(kind: FileKind): string {
  return JSON.stringify(jsonSchemaOf(kind), null, 2) + "\n";
}
