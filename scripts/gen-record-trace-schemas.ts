// `npm run schema` (after gen-sweep-schema.ts): writes the published JSON Schemas of recordings and trace
// summaries to sim-config/schema/record.schema.json and trace.schema.json. Run it after changing
// src/record/json-schema.ts or src/trace/json-schema.ts; tests/record-schema.test.ts fails until the
// committed files match.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { recordJsonSchemaText, recordSchemaPath } from "../src/record/json-schema.js";
import { traceJsonSchemaText, traceSchemaPath } from "../src/trace/json-schema.js";

for (const [path, text] of [[recordSchemaPath(), recordJsonSchemaText()], [traceSchemaPath(), traceJsonSchemaText()]]) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
