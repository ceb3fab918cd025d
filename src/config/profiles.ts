// The machine profiles shipped in sim-config/profiles/: load one by name (or by path), validated.
import { readdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { projectRoot } from "../wasm/module.js";
import { parseMachine, type MachineProfile } from "./machine.js";
import { ConfigError } from "./errors.js";
import { readJsonFile } from "./json-file.js";

export function profilesDir(): string {
  return join(projectRoot(), "sim-config", "profiles");
}

export function profileNames(): string[] {
  return readdirSync(profilesDir()).filter((f) => f.endsWith(".json")).map((f) => basename(f, ".json")).sort();
}

/** A shipped profile by name ("modern-1s"), or a profile file by path. */
export function loadProfile(nameOrPath: string): MachineProfile {
  const path = existsSync(nameOrPath) ? nameOrPath : join(profilesDir(), `${nameOrPath}.json`);
  if (!existsSync(path)) throw new ConfigError(nameOrPath, [{ path: "", message: `no such profile (shipped: ${profileNames().join(", ")})` }]);
  return parseMachine(readJsonFile(path), path);
}
