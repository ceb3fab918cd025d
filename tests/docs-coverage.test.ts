// The reference docs keep up with the code: every field a machine profile may have is in
// docs/parameters.md, and every field of a `netchan-result/1` variant is explained in docs/results.md
// and docs/metrics.md. A field added to a schema without its line in the docs fails here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../src/wasm/module.js";

const ROOT = projectRoot();
const doc = (name: string) => readFileSync(join(ROOT, "docs", name), "utf8");
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, "sim-config", "schema", name), "utf8"));

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; $ref?: string; anyOf?: JsonSchema[] };

/** Dotted paths of every leaf field below `s` (objects descended, lists and maps not). */
function leafPaths(s: JsonSchema, prefix = ""): string[] {
  const node = s.anyOf?.find((o) => o.properties) ?? s;
  if (!node.properties) return [prefix];
  return Object.entries(node.properties).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("docs/parameters.md", () => {
  test("names every field of a machine profile in backquotes, kernel costs and complexes included", () => {
    const text = doc("parameters.md");
    const paths = leafPaths(schema("machine.schema.json")).filter((p) => p !== "$schema");
    expect(paths).toContain("complexes.crossTransferCycles");
    expect(paths).toContain("kernel.napiWeight");
    expect(paths.filter((p) => !text.includes(`\`${p}\``))).toEqual([]);
  });
});

describe("the shipped profiles' sources", () => {
  /** Values with no source entry, on purpose: a choice of scale is not a published figure. */
  const UNSOURCED: Record<string, string[]> = { "modern-1s": ["cpus"] };
  const leaves = (o: Record<string, unknown>, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) => {
      if (!prefix && ["$schema", "name", "description", "sources"].includes(k)) return [];
      const path = prefix ? `${prefix}.${k}` : k;
      return v !== null && typeof v === "object" && !Array.isArray(v) ? leaves(v as Record<string, unknown>, path) : [path];
    });

  test.each(["modern-1s", "fsb-2006", "chiplet-zen3"])("every value of %s has a source entry (its own or its group's)", (name) => {
    const profile = JSON.parse(readFileSync(join(ROOT, "sim-config", "profiles", `${name}.json`), "utf8"));
    const sources: Record<string, string> = profile.sources;
    const sourced = (path: string) => path.split(".").some((_, i, parts) => parts.slice(0, i + 1).join(".") in sources);
    expect(leaves(profile).filter((p) => !sourced(p))).toEqual(UNSOURCED[name] ?? []);
    for (const [key, text] of Object.entries(sources)) expect(text, `${name} sources.${key}`).toMatch(/\[(P|S|U)[\]:]/);
  });
});

describe("docs/results.md and docs/metrics.md", () => {
  test("explain every top-level field of a variant's result, in both", () => {
    const variant = schema("result.schema.json").properties.variants.items as JsonSchema;
    const fields = Object.keys(variant.properties!);
    expect(fields).toContain("bouncesPerPacket");
    for (const name of ["results.md", "metrics.md"]) {
      const text = doc(name);
      expect(fields.filter((f) => !text.includes(`\`${f}`)), name).toEqual([]);
    }
  });
});

describe("links between the docs", () => {
  /** GitHub's anchor of a heading: lower case, markup and punctuation dropped, spaces as hyphens. */
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[`*_]/g, "").replace(/[^\p{L}\p{N} -]/gu, "").replace(/ /g, "-");
  const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const text = (page: string) => readFileSync(join(ROOT, page), "utf8");
  const anchors = (page: string) => new Set(text(page).split("\n").filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ""))));

  test.each(pages)("every relative link of %s names a file that exists, and a heading that exists", (page) => {
    const broken: string[] = [];
    for (const [, link] of text(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(link)) continue;
      const [file, anchor] = link.split("#");
      const target = file ? normalize(join(dirname(page), file)) : page;
      if (!existsSync(join(ROOT, target))) broken.push(`${link}: no file ${target}`);
      else if (anchor && target.endsWith(".md") && !anchors(target).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${target}`);
    }
    expect(broken).toEqual([]);
  });
});
