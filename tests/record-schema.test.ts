// The published JSON Schemas of recordings and trace summaries (sim-config/schema/record.schema.json,
// trace.schema.json): each is exactly what `npm run schema` makes now, and a real JSON Schema validator
// (ajv) accepts what `netchan record` and `netchan trace` write, and refuses what they must not hold.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { recordJsonSchemaText, recordSchemaPath } from "../src/record/json-schema.js";
import { recordVariant } from "../src/record/run.js";
import { loadScenario } from "../src/scenario/load.js";
import { traceJsonSchemaText, traceSchemaPath } from "../src/trace/json-schema.js";
import { replayTraceFile } from "../src/trace/replay-file.js";
import { projectRoot } from "../src/wasm/module.js";
import { defaultProfile } from "./helpers/machines.js";

const validator = (path: string) => new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(path, "utf8")));
const copy = <T>(x: T): any => JSON.parse(JSON.stringify(x));

describe("the published recording schema", () => {
  test("the committed file is exactly what `npm run schema` makes now", () => {
    expect(readFileSync(recordSchemaPath(), "utf8"), "sim-config/schema/record.schema.json is stale: run `npm run schema` and commit it").toBe(recordJsonSchemaText());
  });

  test("accepts a real recording (every event kind of a cross run) and refuses an unknown event kind, a MESI state E/M mix-up and a stray field", async () => {
    const validate = validator(recordSchemaPath());
    const s = loadScenario("classic-steering");
    const { document } = await recordVariant(s, s.variants[0], { packets: 4 });
    expect(validate(copy(document)), JSON.stringify(validate.errors)).toBe(true);
    const bad = (edit: (d: any) => void) => {
      const d = copy(document);
      edit(d);
      return validate(d);
    };
    expect(bad((d) => (d.events[0].kind = "teleport"))).toBe(false);
    expect(bad((d) => (d.events.find((e: any) => e.cpu).cpu.after = "EM"))).toBe(false);
    expect(bad((d) => (d.lines[0].colour = "red"))).toBe(false);
    expect(bad((d) => (d.schema = "netchan-record/2"))).toBe(false);
  });
});

describe("the published trace schema", () => {
  test("the committed file is exactly what `npm run schema` makes now", () => {
    expect(readFileSync(traceSchemaPath(), "utf8"), "sim-config/schema/trace.schema.json is stale: run `npm run schema` and commit it").toBe(traceJsonSchemaText());
  });

  test("accepts a real summary and refuses a negative count", async () => {
    const validate = validator(traceSchemaPath());
    const summary = await replayTraceFile(join(projectRoot(), "tests/fixtures/trace/strided.trace"), defaultProfile(), "modern-1s", 5);
    expect(validate(copy(summary)), JSON.stringify(validate.errors)).toBe(true);
    const bad = copy(summary);
    bad.levels.l1d.readMisses = -1;
    expect(validate(bad)).toBe(false);
  });
});
