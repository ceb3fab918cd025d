// The published JSON Schema of scenarios (sim-config/schema/scenario.schema.json): exactly what the
// generator makes from the zod schema now, a valid draft 2020-12 schema, passed by the shipped scenarios,
// and refusing with a real JSON Schema validator (ajv) the values netchan's own validator refuses.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, test } from "vitest";
import { scenarioKind } from "../src/config/file-kinds.js";
import { jsonSchemaText, schemaPath } from "../src/config/json-schema.js";
import { scenarioNames, scenariosDir } from "../src/scenario/load.js";
import { scenarioSchema } from "../src/scenario/schema.js";
import { scenarioWith, type Json } from "./helpers/scenarios.js";

const committed = () => readFileSync(schemaPath(scenarioKind), "utf8");

let validate: ReturnType<Ajv2020["compile"]>;
beforeAll(() => {
  // strict: an unknown keyword or a malformed schema is an error, not silently ignored
  validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(committed()));
});

/** The instance paths where the JSON Schema refuses the shipped scenario changed by `edit`. */
function refusedAt(edit: (s: Json) => void): string[] {
  return validate(scenarioWith(edit)) ? [] : [...new Set(validate.errors!.map((e) => e.instancePath))].sort();
}

describe("the published scenario schema", () => {
  test("the committed file is exactly what `npm run schema` makes from the zod schema now", () => {
    expect(committed(), "sim-config/schema/scenario.schema.json is stale: run `npm run schema` and commit it").toBe(jsonSchemaText(scenarioKind));
  });

  test("it is a draft 2020-12 schema that ajv accepts against the meta-schema", () => {
    const schema = JSON.parse(committed());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(new Ajv2020().validateSchema(schema)).toBe(true);
  });

  test.each(scenarioNames())("shipped scenario %s names the published schema and passes it", (name) => {
    const file = join(scenariosDir(), `${name}.json`);
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(resolve(dirname(file), json.$schema)).toBe(schemaPath(scenarioKind));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("bad scenarios refused by the JSON Schema (ajv) where netchan refuses them", () => {
  test.each([
    ["an unknown key in the workload", (s: Json) => (s.workload.colour = 1), "/workload"],
    ["a frame of 2000 bytes", (s: Json) => (s.workload.packetBytes = 2000), "/workload/packetBytes"],
    ["a load in no form", (s: Json) => (s.workload.load = { pps: 1, gbps: 2 }), "/workload/load"],
    ["a percent of 0", (s: Json) => (s.workload.load = { lineRate: "10GbE", percent: 0 }), "/workload/load"],
    ["both packets and durationUs", (s: Json) => (s.workload.durationUs = 10), "/workload"],
    ["neither packets nor durationUs", (s: Json) => delete s.workload.packets, "/workload"],
    ["an unknown path", (s: Json) => (s.variants[0].path = "channel"), "/variants/0/path"],
    ["a ring of 1000 entries", (s: Json) => (s.variants[0].nic = { ringEntries: 1000 }), "/variants/0/nic/ringEntries"],
    ["a channel of 3 slots", (s: Json) => (s.variants[0] = { name: "c", path: "channel-user", channel: { slots: 3 } }), "/variants/0/channel/slots"],
    ["an unknown key in a channel", (s: Json) => (s.variants[0] = { name: "c", path: "channel-user", channel: { slot: 512 } }), "/variants/0/channel"],
    ["an unknown ring kind", (s: Json) => (s.variants[0] = { name: "c", path: "channel-user", channel: { ringKind: "ring" } }), "/variants/0/channel/ringKind"],
    ["a netfilter nat that is not a boolean", (s: Json) => (s.netfilter = { rules: 1, conntrack: true, nat: "yes" }), "/netfilter/nat"],
    ["a bad address", (s: Json) => (s.workload.flows = [{ src: "1.2.3.256", dst: "1.2.3.4", sport: 1, dport: 2 }]), "/workload/flows"],
  ])("%s", (_, edit, path) => {
    expect(refusedAt(edit)).toContain(path);
    expect(scenarioSchema.safeParse(scenarioWith(edit)).success).toBe(false);
  });

  test("numbers at their limits are accepted by both (a percent of 100, a 64-byte frame, 1 pps, 2 and 65536 slots)", () => {
    const channel = (slots: number) => (s: Json) => (s.variants[0] = { name: "c", path: "channel-user", channel: { slots, releaseBatch: 1 } });
    for (const edit of [(s: Json) => (s.workload.load = { lineRate: "10GbE", percent: 100 }), (s: Json) => (s.workload.packetBytes = 64), (s: Json) => (s.workload.load = { pps: 1 }), channel(2), channel(65536)]) {
      expect(refusedAt(edit)).toEqual([]);
      expect(scenarioSchema.safeParse(scenarioWith(edit)).success).toBe(true);
    }
  });
});
