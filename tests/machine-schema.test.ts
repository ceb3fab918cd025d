// The published JSON Schema of machine profiles (sim-config/schema/machine.schema.json): it is exactly what
// the generator makes from the zod schema now, it is a valid draft 2020-12 schema, the shipped profiles pass
// it, and a real JSON Schema validator (ajv) refuses bad values where netchan's own validator does.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, test } from "vitest";
import { machineKind } from "../src/config/file-kinds.js";
import { jsonSchemaText, schemaPath } from "../src/config/json-schema.js";
import { machineSchema } from "../src/config/machine.js";
import { profileNames, profilesDir } from "../src/config/profiles.js";
import { defaultProfile } from "./helpers/machines.js";

type Json = Record<string, any>;

const committed = () => readFileSync(schemaPath(machineKind), "utf8");

let validate: ReturnType<Ajv2020["compile"]>;
beforeAll(() => {
  // strict: an unknown keyword or a malformed schema is an error, not silently ignored
  validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(committed()));
});

/** The ajv errors for the default profile changed by `edit`. */
function schemaErrors(edit: (p: Json) => void): ErrorObject[] {
  const p = structuredClone(defaultProfile()) as Json;
  edit(p);
  return validate(p) ? [] : validate.errors!;
}

describe("the published machine schema", () => {
  test("the committed file is exactly what `npm run schema` makes from the zod schema now", () => {
    expect(committed(), "sim-config/schema/machine.schema.json is stale: run `npm run schema` and commit it").toBe(jsonSchemaText(machineKind));
  });

  test("it is a draft 2020-12 schema that ajv accepts against the meta-schema", () => {
    const schema = JSON.parse(committed());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(new Ajv2020().validateSchema(schema)).toBe(true);
  });

  test.each(profileNames())("shipped profile %s names the published schema and passes it", (name) => {
    const file = join(profilesDir(), `${name}.json`);
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(resolve(dirname(file), json.$schema)).toBe(schemaPath(machineKind));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("bad profiles refused by the JSON Schema (ajv)", () => {
  test("a cache with a non-power-of-two set count (l1d.sets = 100) is refused at /l1d/sets", () => {
    const errors = schemaErrors((p) => (p.l1d.sets = 100));
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual([["/l1d/sets", "enum"]]);
  });

  test("an LLC bank count of 3 is refused at /llc/banks", () => {
    expect(schemaErrors((p) => (p.llc.banks = 3)).map((e) => e.instancePath)).toEqual(["/llc/banks"]);
  });

  test("an unknown top-level key is refused, naming it", () => {
    const errors = schemaErrors((p) => (p.colour = "red"));
    expect(errors.map((e) => [e.keyword, e.params])).toEqual([["additionalProperties", { additionalProperty: "colour" }]]);
  });

  test("a misspelt key inside a cache level is refused, and the real one is missing", () => {
    const errors = schemaErrors((p) => (p.l1d = { sets: 64, ways: 8, hitCyles: 4 }));
    expect(errors.map((e) => [e.instancePath, e.keyword]).sort()).toEqual([["/l1d", "additionalProperties"], ["/l1d", "required"]]);
  });

  test("an unknown key in the kernel section is refused at /kernel, naming it", () => {
    const errors = schemaErrors((p) => (p.kernel.tlbShootdown = 500));
    expect(errors.map((e) => [e.instancePath, e.keyword, e.params])).toEqual([["/kernel", "additionalProperties", { additionalProperty: "tlbShootdown" }]]);
  });

  test("a kernel section without a field, or no kernel section, is refused as required", () => {
    expect(schemaErrors((p) => delete p.kernel.syscallEntry).map((e) => [e.instancePath, e.keyword, e.params])).toEqual([
      ["/kernel", "required", { missingProperty: "syscallEntry" }],
    ]);
    expect(schemaErrors((p) => delete p.kernel).map((e) => [e.instancePath, e.keyword, e.params])).toEqual([["", "required", { missingProperty: "kernel" }]]);
  });

  // (ajv may report one value under several keywords: 0.5 is neither an integer nor ≥ 1)
  const refusedAt = (edit: (p: Json) => void) => new Set(schemaErrors(edit).map((e) => e.instancePath));

  test("a fractional latency, a CPU count as text and a line size of 48 are each refused at their field", () => {
    expect(refusedAt((p) => (p.l1d.hitCycles = 0.5))).toEqual(new Set(["/l1d/hitCycles"]));
    expect(refusedAt((p) => (p.cpus = "4"))).toEqual(new Set(["/cpus"]));
    expect(refusedAt((p) => (p.lineBytes = 48))).toEqual(new Set(["/lineBytes"]));
  });
});

// Every numeric field, probed with values around its limits: the JSON Schema refuses a value exactly when
// netchan's validator refuses that field's value itself (the cross-field relations are netchan's alone).
const PROBES: unknown[] = [0, 1, 2, 3, 4, 8, 10, 11, 32, 33, 48, 64, 65, 100, 128, 256, 0.05, 0.1, 0.5, 1.5, 2.5, 10.5, -1, 1e6, 1e6 + 1,
  2 ** 20, 2 ** 20 + 1, 2 ** 21, "4", true, null];

function numericPaths(value: Json, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === "number" ? [[...prefix, k]] : v && typeof v === "object" && k !== "sources" ? numericPaths(v, [...prefix, k]) : []);
}

test("the JSON Schema and netchan's validator agree on every numeric field's allowed values", () => {
  const disagreements: string[] = [];
  for (const path of numericPaths(defaultProfile() as Json)) {
    const dotted = path.join(".");
    for (const probe of PROBES) {
      const p = structuredClone(defaultProfile()) as Json;
      path.slice(0, -1).reduce((o, k) => o[k], p)[path.at(-1)!] = probe;
      const bySchema = !validate(p);
      const r = machineSchema.safeParse(p, { reportInput: true });
      // the field's own message starts with its name; "name (value) must …" is a cross-field relation
      const byZod = !r.success && r.error.issues.some((i) => i.path.join(".") === dotted && !/^\S+ \(/.test(i.message));
      if (bySchema !== byZod) disagreements.push(`${dotted} = ${JSON.stringify(probe)}: schema ${bySchema ? "refuses" : "accepts"}, validator ${byZod ? "refuses" : "accepts"}`);
    }
  }
  expect(disagreements).toEqual([]);
});
