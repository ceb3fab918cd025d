// The published sweep schema (sim-config/schema/sweep.schema.json): up to date with the zod schema, valid
// draft 2020-12, and accepting what `netchan sweep` really writes — a whole sweep and a shard.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sweepJsonSchemaText, sweepSchemaPath } from "../src/sweep/json-schema.js";
import { netchan, smallScenario } from "./helpers/sweeps.js";

const committed = () => readFileSync(sweepSchemaPath(), "utf8");
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "netchan-sweep-schema-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the published sweep schema", () => {
  test("the committed file is exactly what `npm run schema` makes from the zod schema now", () => {
    expect(committed(), "sim-config/schema/sweep.schema.json is stale: run `npm run schema` and commit it").toBe(sweepJsonSchemaText());
  });

  test("ajv accepts it against the draft 2020-12 meta-schema", () => {
    const schema = JSON.parse(committed());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(new Ajv2020().validateSchema(schema)).toBe(true);
  });

  test("a whole sweep and a shard, as netchan writes them, pass it; a shard without its points does not", async () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(committed()));
    const scenario = smallScenario(dir);
    for (const shard of [[], ["--shard", "2/2"]]) {
      const file = join(dir, `sweep${shard.length}.json`);
      const r = await netchan("sweep", scenario, "--set", "workload.seed=1,2", "--workers", "1", "-q", "--json", file, ...shard);
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(file, "utf8"));
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      delete doc.points;
      expect(validate(doc)).toBe(false);
    }
  });
});
