// The `kernel` section of a machine profile (src/config/kernel.ts): every field is required and named in
// its message as `kernel.<field>` with its allowed range, cycle counts are whole and may be zero, the skb
// cache's bulk must fit in the cache, unknown keys are refused — and every default of the shipped profile
// has a tagged source that states the value it justifies (docs/kernel-costs.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { kernelSchema } from "../src/config/kernel.js";
import { profilesDir } from "../src/config/profiles.js";
import { ConfigError, parseMachine } from "../src/index.js";
import { defaultProfile } from "./helpers/machines.js";

const FILE = "modern-1s.json";
const CYCLES = "a whole number of cycles from 0 to 1000000";
type Json = Record<string, any>;

const KERNEL_FIELDS = Object.keys(kernelSchema.shape);
const LIMITS = ["napiWeight", "netdevBudget", "netdevMaxBacklog", "skbCacheSize", "skbCacheBulk"];
const CYCLE_FIELDS = KERNEL_FIELDS.filter((f) => !LIMITS.includes(f));

/** The default profile as plain JSON, changed by `edit` (which may break types, as a hand-edited file can). */
function profileWith(edit: (p: Json) => void): Json {
  const p = structuredClone(defaultProfile()) as Json;
  edit(p);
  return p;
}

/** The ConfigError that parsing `json` throws; anything else (or nothing) fails the test. */
function refusal(json: unknown): ConfigError {
  let thrown: unknown;
  try {
    parseMachine(json, FILE);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

/** Exactly one issue, at `path`, whose message (and the error's text) says what is allowed. */
function expectOnlyIssue(e: ConfigError, path: string, fragments: string[]): void {
  expect(e.issues.map((i) => i.path)).toEqual([path]);
  expect(e.message).toContain(`${FILE}: ${path}: ${e.issues[0].message}`);
  for (const f of fragments) expect(e.issues[0].message).toContain(f);
}

describe("the kernel section's fields", () => {
  test("the schema has exactly the 36 fields of KernelCosts: 31 step costs and 5 limits", () => {
    expect(CYCLE_FIELDS).toHaveLength(31);
    expect(LIMITS.every((f) => KERNEL_FIELDS.includes(f))).toBe(true);
  });

  test("the shipped profile's kernel section parses to the values in the file", () => {
    const k = parseMachine(structuredClone(defaultProfile()), FILE).kernel;
    // contextSwitch: lmbench's 2550 less the run-queue lock's atomic (18), which the paths simulate
    expect(k).toMatchObject({ syscallEntry: 316, routeLookup: 125, copyPerLine: 4, spinPause: 140, contextSwitch: 2532 });
    expect(k).toMatchObject({ napiWeight: 64, netdevBudget: 300, netdevMaxBacklog: 1000, skbCacheSize: 64, skbCacheBulk: 16 });
  });

  test.each(CYCLE_FIELDS)("a profile without kernel.%s is refused, the message naming the field and its range", (field) => {
    expectOnlyIssue(refusal(profileWith((p) => delete p.kernel[field])), `kernel.${field}`, [`is required (${CYCLES})`]);
  });

  test.each(LIMITS)("a profile without kernel.%s is refused as required, with the allowed range", (field) => {
    expectOnlyIssue(refusal(profileWith((p) => delete p.kernel[field])), `kernel.${field}`, ["is required (an integer from 1 to "]);
  });

  test("a profile without a kernel section is refused, naming kernel", () => {
    const e = refusal(profileWith((p) => delete p.kernel));
    expect(e.issues.map((i) => i.path)).toEqual(["kernel"]);
    expect(e.issues[0].message).toMatch(/^is required/);
  });

  test("a negative cycle count is refused once, naming kernel.irqEntry, the range and the value", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.irqEntry = -1))), "kernel.irqEntry", [`kernel.irqEntry must be ${CYCLES}`, "(got -1)"]);
  });

  test("a fractional cycle count is refused once, naming kernel.copyPerLine, the range and the value", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.copyPerLine = 2.5))), "kernel.copyPerLine", [`kernel.copyPerLine must be ${CYCLES}`, "(got 2.5)"]);
  });

  test("a cycle count above 1,000,000 or given as text is refused, naming the field", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.tcpRcv = 1_000_001))), "kernel.tcpRcv", ["(got 1000001)"]);
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.wakeup = "300"))), "kernel.wakeup", [`kernel.wakeup must be ${CYCLES}`, '(got "300")']);
  });

  test("a step may be free: every cycle count of 0 is accepted, and 1,000,000 too", () => {
    const zero = profileWith((p) => CYCLE_FIELDS.forEach((f) => (p.kernel[f] = 0)));
    expect(parseMachine(zero, FILE).kernel.contextSwitch).toBe(0);
    expect(parseMachine(profileWith((p) => (p.kernel.contextSwitch = 1_000_000)), FILE).kernel.contextSwitch).toBe(1_000_000);
  });

  test.each([
    ["napiWeight", 0, "an integer from 1 to 1024"],
    ["napiWeight", 1025, "an integer from 1 to 1024"],
    ["netdevBudget", 100_001, "an integer from 1 to 100000"],
    ["netdevMaxBacklog", 0, "an integer from 1 to 1000000"],
    ["skbCacheSize", 4097, "an integer from 1 to 4096"],
    ["skbCacheBulk", 0, "an integer from 1 to 4096"],
  ] as const)("kernel.%s = %s is refused, naming the field and the range %s", (field, value, range) => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel[field] = value))), `kernel.${field}`, [`kernel.${field} must be ${range}`, `(got ${value})`]);
  });
});

describe("the skb cache's bulk and size", () => {
  test("a bulk larger than the cache (65 > 64) is refused at kernel.skbCacheBulk, naming both fields and values", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.skbCacheBulk = 65))), "kernel.skbCacheBulk", [
      "kernel.skbCacheBulk (65) must not exceed kernel.skbCacheSize (64)",
    ]);
  });

  test("a cache smaller than its bulk (8 < 16) is refused, naming both fields and values", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.skbCacheSize = 8))), "kernel.skbCacheBulk", [
      "kernel.skbCacheBulk (16) must not exceed kernel.skbCacheSize (8)",
    ]);
  });

  test("a bulk equal to the cache's size is accepted (one refill fills it)", () => {
    expect(parseMachine(profileWith((p) => (p.kernel.skbCacheBulk = 64)), FILE).kernel.skbCacheBulk).toBe(64);
  });

  test("an out-of-range cache size is refused for its range only, not again for the relation", () => {
    expectOnlyIssue(refusal(profileWith((p) => (p.kernel.skbCacheSize = 0))), "kernel.skbCacheSize", ["an integer from 1 to 4096", "(got 0)"]);
  });
});

describe("unknown keys in the kernel section", () => {
  test("an unknown key is refused at its path, without a suggestion when it resembles no field", () => {
    const e = refusal(profileWith((p) => (p.kernel.tlbShootdown = 500)));
    expectOnlyIssue(e, "kernel.tlbShootdown", ['unknown key "tlbShootdown"']);
    expect(e.issues[0].message).not.toContain("did you mean");
  });

  test("a misspelt field is refused with a suggestion (napiWieght → napiWeight), and the real one is missing", () => {
    const e = refusal(profileWith((p) => {
      p.kernel.napiWieght = p.kernel.napiWeight;
      delete p.kernel.napiWeight;
    }));
    expect(e.issues.map((i) => i.path).sort()).toEqual(["kernel.napiWeight", "kernel.napiWieght"]);
    expect(e.message).toContain(`${FILE}: kernel.napiWieght: unknown key "napiWieght" (did you mean "napiWeight"?)`);
    expect(e.message).toContain(`${FILE}: kernel.napiWeight: is required (an integer from 1 to 1024)`);
  });
});

describe.each(["modern-1s", "fsb-2006"])("the sources of the shipped kernel defaults (%s)", (profile) => {
  const shipped = JSON.parse(readFileSync(join(profilesDir(), `${profile}.json`), "utf8")) as Json;
  const kernelSources = Object.entries(shipped.sources as Record<string, string>).filter(([k]) => k.startsWith("kernel."));

  test("the shipped file gives a value for every kernel field", () => {
    expect(Object.keys(shipped.kernel).sort()).toEqual([...KERNEL_FIELDS].sort());
  });

  test.each(KERNEL_FIELDS)("kernel.%s has a source tagged [P], [S] or [U]", (field) => {
    const source = shipped.sources[`kernel.${field}`];
    expect(source, `no sources entry "kernel.${field}"`).toEqual(expect.any(String));
    expect(source).toMatch(/\[(P|S|U)\]/);
  });

  test("no source names a kernel field that does not exist", () => {
    const unknown = kernelSources.map(([k]) => k.slice("kernel.".length)).filter((f) => !KERNEL_FIELDS.includes(f));
    expect(unknown).toEqual([]);
    expect(kernelSources).toHaveLength(KERNEL_FIELDS.length);
  });

  test.each(KERNEL_FIELDS)("the source of kernel.%s states the default it justifies", (field) => {
    // a guard against changing a value without its source: the number must appear as a whole number
    const value = shipped.kernel[field] as number;
    expect(shipped.sources[`kernel.${field}`]).toMatch(new RegExp(`(^|[^0-9.,])${value}([^0-9]|$)`));
  });
});
