// `npm run schema`: writes the published JSON Schema of every file kind to sim-config/schema/ (run it after
// changing a zod schema; tests/machine-schema.test.ts and tests/scenario-schema.test.ts fail until the committed
// files match).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { FILE_KINDS } from "../src/config/file-kinds.js";
import { jsonSchemaText, schemaPath } from "../src/config/json-schema.js";

for (const kind of FILE_KINDS) {
  const path = schemaPath(kind);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, jsonSchemaText(kind));
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
