// Scenarios for tests: the shipped classic-steering scenario as plain JSON to change one field at a time,
// resolved as if it were the shipped file (so "modern-1s" resolves as it does there), and the refusals.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { loadProfile } from "../../src/config/profiles.js";
import { scenariosDir } from "../../src/scenario/load.js";
import { resolveScenario, type ResolveOptions } from "../../src/scenario/resolve.js";
import type { ResolvedScenario } from "../../src/scenario/types.js";

export type Json = Record<string, any>;

/** Where the shipped scenario is; messages about a scenario built from it name this file. */
export const SHIPPED = join(scenariosDir(), "classic-steering.json");

/** The shipped scenario as JSON, changed by `edit` (which may break types, as a hand-edited file can).
 *  The shipped expectations name the shipped variants: those naming a variant an edit renamed or removed
 *  are dropped, so each case is refused for its own change only (an edit that sets `expect` keeps it). */
export function scenarioWith(edit: (s: Json) => void = () => {}): Json {
  const s = JSON.parse(readFileSync(SHIPPED, "utf8"));
  const shipped = s.expect;
  edit(s);
  if (Array.isArray(shipped) && s.expect === shipped && Array.isArray(s.variants)) {
    const names = s.variants.map((v: Json) => v?.name);
    s.expect = shipped.filter((e: Json) => names.includes(e.variant) && names.includes(e.relativeTo?.variant ?? e.variant));
    if (s.expect.length === 0) delete s.expect;
  }
  return s;
}

export const resolveWith = (edit: (s: Json) => void = () => {}, options?: ResolveOptions): ResolvedScenario =>
  resolveScenario(scenarioWith(edit), SHIPPED, options);

/** The ConfigError that `run` throws; anything else (or nothing) fails the test. */
export function refusal(run: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, "expected a ConfigError").toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

/** Exactly one issue, at `path`, with exactly `message`; the error's text names the file and the path. */
export function expectOnlyIssue(e: ConfigError, file: string, path: string, message: string): void {
  expect(e.issues).toEqual([{ path, message }]);
  expect(e.file).toBe(file);
  expect(e.message).toBe(`${file}: ${path || "(root)"}: ${message}`);
}

const trees: string[] = [];

/** A temporary folder with `files` (path → JSON, or text as is) written in it; returns its path. */
export function tempTree(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "netchan-scenario-"));
  trees.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Removes every folder tempTree made (call in afterAll). */
export function removeTempTrees(): void {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The shipped default profile with `cpus` CPUs (loaded, so it keeps every section the profile has). */
export function profileWithCpus(cpus: number): Json {
  const { $schema: _, ...p } = loadProfile("modern-1s") as Json;
  return { ...p, name: `modern-${cpus}cpu`, cpus };
}

/** Resolves `scenario` against a profile file of its own, at profiles/p.json beside scenarios/s.json. */
export function resolveOnProfile(profile: Json, edit: (s: Json) => void = () => {}): ResolvedScenario {
  const dir = tempTree({ "profiles/p.json": profile, "scenarios/s.json": scenarioWith((s) => {
    s.machine = "../profiles/p.json";
    edit(s);
  }) });
  const file = join(dir, "scenarios/s.json");
  return resolveScenario(JSON.parse(readFileSync(file, "utf8")), file);
}
