// `npm run schema` (after gen-result-schema.ts): writes the published JSON Schema of sweeps to
// sim-config/schema/sweep.schema.json. Run it after changing src/sweep/schema.ts;
// tests/sweep-schema.test.ts fails until the committed file matches.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { sweepJsonSchemaText, sweepSchemaPath } from "../src/sweep/json-schema.js";

const path = sweepSchemaPath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, sweepJsonSchemaText());
console.log(`wrote ${relative(process.cwd(), path)}`);
