// `npm run schema` (after gen-schema.ts): writes the published JSON Schema of results to
// sim-config/schema/result.schema.json. Run it after changing src/results/schema.ts;
// tests/results-schema.test.ts fails until the committed file matches.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { resultJsonSchemaText, resultSchemaPath } from "../src/results/json-schema.js";

const path = resultSchemaPath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, resultJsonSchemaText());
console.log(`wrote ${relative(process.cwd(), path)}`);
