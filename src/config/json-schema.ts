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
  return schemaFilePath(kind.schemaFile);
}

/** Where the published schema file `file` lives. */
export function schemaFilePath(file: string): string {
  return join(projectRoot(), SCHEMA_DIR, file);
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

/** The exact text of the published schema of a document netchan writes (a result, a sweep, a recording, a
 *  trace summary): `io: "output"`, since it describes what netchan writes, not what a person types; the
 *  generator's note, title and description first; two-space indents and a final newline. */
export function outputSchemaText(schema: z.ZodType, meta: { comment: string; title: string; description: string }): string {
  const { $schema, ...body } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" });
  return JSON.stringify({ $schema, $comment: meta.comment, title: meta.title, description: meta.description, ...body }, null, 2) + "\n";
}
