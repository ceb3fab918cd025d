// The scenarios shipped in sim-config/scenarios/, and loading a scenario file from disk: read (a syntax
// error names its line and column), validated, resolved against its machine.
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { readJsonFile } from "../config/json-file.js";
import { projectRoot } from "../wasm/module.js";
import { checkScenarioMemory } from "./memory-check.js";
import { resolveScenario, type ResolveOptions } from "./resolve.js";
import type { ResolvedScenario } from "./types.js";

export function scenariosDir(): string {
  return join(projectRoot(), "sim-config", "scenarios");
}

export function scenarioNames(): string[] {
  return readdirSync(scenariosDir()).filter((f) => f.endsWith(".json")).map((f) => basename(f, ".json")).sort();
}

/** A scenario file by path, or a shipped scenario by name ("classic-steering") when no such file exists.
 *  Throws ConfigError naming the file, the JSON path and what was expected — a machine too big for one
 *  WebAssembly memory included (memory-check.ts); nothing has run by then. */
export function loadScenario(pathOrName: string, options: ResolveOptions = {}): ResolvedScenario {
  const shipped = !existsSync(pathOrName) && scenarioNames().includes(pathOrName);
  const path = shipped ? join(scenariosDir(), `${pathOrName}.json`) : pathOrName;
  const scenario = resolveScenario(readJsonFile(path), path, options);
  checkScenarioMemory(scenario, path);
  return scenario;
}
