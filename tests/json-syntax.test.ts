// A file that is not JSON is refused with the line and column of the first bad character and what was
// expected there; and the scanner that finds it agrees with JSON.parse on what is JSON at all.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../src/config/errors.js";
import { findJsonSyntaxError, parseJsonText } from "../src/config/json-syntax.js";
import { profilesDir } from "../src/config/profiles.js";

interface Case {
  name: string;
  text: string;
  line: number;
  column: number;
  reason: string;
}

const cases: Case[] = [
  { name: "a trailing comma in an object is pointed at", text: '{\n  "cpus": 4,\n}', line: 2, column: 12, reason: 'a comma before "}" (JSON allows no trailing comma)' },
  { name: "a trailing comma in an array is pointed at", text: "[1, 2, ]", line: 1, column: 6, reason: 'a comma before "]"' },
  { name: "a missing comma between properties is suggested", text: '{\n  "a": 1\n  "b": 2\n}', line: 3, column: 3, reason: `expected "," or "}" after the property value, found '"' (a missing comma?)` },
  { name: "a missing value names what a value can be", text: '{"a": }', line: 1, column: 7, reason: 'expected a value (an object, array, string, number, true, false or null), found "}"' },
  { name: "a misspelt literal is quoted whole", text: '{"a": tru}', line: 1, column: 7, reason: 'found "tru"' },
  { name: "single quotes are explained", text: "{'a': 1}", line: 1, column: 2, reason: "(JSON strings use double quotes)" },
  { name: "a comment is explained", text: '{\n  // cores\n  "cpus": 4\n}', line: 2, column: 3, reason: "(JSON has no comments)" },
  { name: "a line break inside a string is refused where it is", text: '{"a": "x\ny"}', line: 1, column: 9, reason: "a line break or other control character inside a string" },
  { name: "an unclosed string is pointed at its opening quote", text: '{"a": "xyz', line: 1, column: 7, reason: "a string that is never closed" },
  { name: "a leading zero is refused", text: '{"a": 01}', line: 1, column: 8, reason: "a number with a leading zero" },
  { name: "a cut-off file says the end came too soon", text: '{"a": [1, 2', line: 1, column: 12, reason: 'expected "," or "]" after the array element, found the end of the file' },
  { name: "text after the value is refused", text: '{"a": 1}\n}', line: 2, column: 1, reason: 'unexpected "}" after the end of the JSON value' },
  { name: "an empty file says so", text: "  \n", line: 1, column: 1, reason: "the file is empty" },
  { name: "a bad escape is refused", text: '{"a": "\\q"}', line: 1, column: 8, reason: 'an invalid escape "\\q"' },
];

describe("JSON syntax errors name the line, the column and the cause", () => {
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const p = findJsonSyntaxError(c.text);
    expect(p, "no error found").toBeDefined();
    expect([p!.line, p!.column]).toEqual([c.line, c.column]);
    expect(p!.reason).toContain(c.reason);
  });

  test("the refusal is a ConfigError naming the file, with the line, column and offset", () => {
    let thrown: unknown;
    try {
      parseJsonText('{\n  "cpus": 4,\n}', "my.json");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).file).toBe("my.json");
    expect((thrown as ConfigError).issues[0].message).toMatch(/^not valid JSON at line 2, column 12 \(offset 13\): a comma before "}"/);
  });

  test("a byte-order mark at the start is ignored", () => {
    expect(parseJsonText('\uFEFF{"a": 1}', "bom.json")).toEqual({ a: 1 });
  });
});

/** A small seeded generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("on 20,000 one-character edits of a profile, the scanner finds an error exactly when JSON.parse fails", () => {
  // The shipped profile without its long citations (edits inside text are nearly all still JSON), plus
  // the parts of the grammar a profile lacks: arrays, exponents, negative numbers, literals, escapes.
  const { sources: _, ...profile } = JSON.parse(readFileSync(join(profilesDir(), "modern-1s.json"), "utf8"));
  const base = JSON.stringify({ ...profile, extra: [1.5e3, -0.25, 2e-7, true, false, null, 'a"b\\c\u00e9\n', {}, []] }, null, 2);
  const alphabet = '{}[]:,"\\ \n\t0123456789.-+eEtrufalsn/\'x\u0001';
  const next = random(1);
  const pick = (n: number) => Math.floor(next() * n);
  const disagreements: string[] = [];
  let refused = 0;
  for (let k = 0; k < 20_000; k++) {
    const at = pick(base.length);
    const ch = alphabet[pick(alphabet.length)];
    const op = pick(3);
    const text = op === 0 ? base.slice(0, at) + base.slice(at + 1) : base.slice(0, at) + ch + base.slice(at + (op === 1 ? 1 : 0));
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
      refused++;
    }
    if (parses !== (findJsonSyntaxError(text) === undefined)) disagreements.push(`edit ${k}: ${["delete", "replace", "insert"][op]} at ${at} with ${JSON.stringify(ch)}`);
  }
  expect(disagreements.slice(0, 10)).toEqual([]);
  expect(refused, "too few edits broke the JSON to test the scanner").toBeGreaterThan(5_000);
});
