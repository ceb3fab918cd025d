// The published JSON Schema of results (sim-config/schema/result.schema.json): it is exactly what the
// generator makes from the zod schema now, it is a valid draft 2020-12 schema, and a real JSON Schema
// validator (ajv) accepts what buildResult makes — with nulls, failures and all — and refuses what a
// result must not hold.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, test } from "vitest";
import { buildResult } from "../src/results/build.js";
import { resultJsonSchemaText, resultSchemaPath } from "../src/results/json-schema.js";
import { resultSchema, type HostEnvironment, type NetchanResult } from "../src/results/schema.js";
import { fakeScenario, nothingDeliveredRaw, rssRaw, withPackets } from "./helpers/results-fakes.js";

const HOST: HostEnvironment = { wallSeconds: 0.25, node: "v20.20.0", platform: "linux-x64", cpus: 4, scheduler: "inthread", workers: null };
const committed = () => readFileSync(resultSchemaPath(), "utf8");

let validate: ReturnType<Ajv2020["compile"]>;
beforeAll(() => {
  validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(committed()));
});

/** A result with every kind of variant: figures, nothing delivered, an integrity failure and a throw. */
function fullResult(): NetchanResult {
  const scenario = fakeScenario([["rss", "classic-rss"], ["cross", "channel-user"], ["lost", "classic-rss"], ["boom", "classic-rps"]]);
  scenario.variants[1].warnings = ["netfilter is bypassed: packets in this channel skip the firewall rules (the trade-off the first seed describes)"];
  const raws = [rssRaw(), nothingDeliveredRaw(), withPackets(rssRaw(), "lost", { delivered: 900 })];
  return buildResult(scenario, raws, HOST, [{ variant: "boom", message: "ring overflow" }]);
}

/** The result as a file holds it, changed by `edit`. */
function asJson(edit: (r: Record<string, any>) => void = () => {}): Record<string, any> {
  const r = JSON.parse(JSON.stringify(fullResult()));
  edit(r);
  return r;
}

describe("the published result schema", () => {
  test("the committed file is exactly what `npm run schema` makes from the zod schema now", () => {
    expect(committed(), "sim-config/schema/result.schema.json is stale: run `npm run schema` and commit it").toBe(resultJsonSchemaText());
  });

  test("it is a draft 2020-12 schema that ajv accepts against the meta-schema", () => {
    const schema = JSON.parse(committed());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(new Ajv2020().validateSchema(schema)).toBe(true);
  });

  test("buildResult's output, written as JSON, passes it and the zod schema", () => {
    const json = asJson();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(resultSchema.safeParse(json).success).toBe(true);
  });

  test("a variant's warnings are in the result and pass it: none as [], one as a list of text", () => {
    const json = asJson();
    expect(json.variants.map((v: { warnings: string[] }) => v.warnings.length)).toEqual([0, 1, 0]);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  test("a result whose variants delivered nothing (per-packet figures null) passes it", () => {
    const json = JSON.parse(JSON.stringify(buildResult(fakeScenario([["cross", "classic-cross"]]), [nothingDeliveredRaw()], HOST)));
    expect(json.variants[0].cyclesPerPacket).toBeNull();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("results refused by the schema", () => {
  /** Where and why the edited result is refused. A nullable field's other branch (null) fails too, at the
   *  field itself; only the deepest errors say what is wrong, so those are kept. */
  const refusedAt = (edit: (r: Record<string, any>) => void) => {
    if (validate(asJson(edit))) return [];
    const paths = validate.errors!.map((e) => e.instancePath);
    const deepest = validate.errors!.filter((e) => !paths.some((p) => p.startsWith(e.instancePath + "/")));
    return [...new Set(deepest.map((e) => `${e.instancePath} ${e.keyword}`))];
  };

  test("another schema name is refused at /schema", () => {
    expect(refusedAt((r) => (r.schema = "netchan-result/2"))).toEqual(["/schema const"]);
  });

  test("a per-packet figure given as text is refused at its field", () => {
    expect(refusedAt((r) => (r.variants[0].cyclesPerPacket.total = "1900"))).toEqual(["/variants/0/cyclesPerPacket/total type"]);
  });

  test("a fractional packet count is refused", () => {
    expect(refusedAt((r) => (r.variants[0].packets.delivered = 990.5))).toEqual(["/variants/0/packets/delivered type"]);
  });

  test("an unknown key in a variant is refused, naming it", () => {
    const errors = (validate(asJson((r) => (r.variants[0].colour = "red"))), validate.errors!);
    expect(errors.map((e) => [e.instancePath, e.keyword, e.params])).toEqual([["/variants/0", "additionalProperties", { additionalProperty: "colour" }]]);
  });

  test("a utilisation above 1 and a failure of an unknown kind are refused", () => {
    expect(refusedAt((r) => (r.variants[0].cpuUtilization[1] = 1.2))).toEqual(["/variants/0/cpuUtilization/1 maximum"]);
    expect(refusedAt((r) => (r.failures[0].kind = "timeout"))).toEqual(["/failures/0/kind enum"]);
  });

  test("a variant without warnings, and a warning that is not text, are refused", () => {
    expect(refusedAt((r) => delete r.variants[0].warnings)).toEqual(["/variants/0 required"]);
    expect(refusedAt((r) => (r.variants[1].warnings[0] = 7))).toEqual(["/variants/1/warnings/0 type"]);
  });

  test("a result without its host section is refused", () => {
    expect(refusedAt((r) => delete r.host)).toEqual([" required"]);
  });
});
