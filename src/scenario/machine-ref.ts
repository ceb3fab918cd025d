// The machine a scenario names: a shipped profile by name ("modern-1s"), or a profile file by a path
// relative to the scenario file (so a scenario and its own profile can move together). A path is told
// from a name by a "/" or a ".json" ending, so a name can never pick up a stray file of the same name in
// the current folder. The profile is validated by the profile code; its errors name the profile file.

import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ConfigError } from "../config/errors.js";
import { readJsonFile } from "../config/json-file.js";
import { parseMachine, type MachineProfile } from "../config/machine.js";
import { loadProfile, profileNames, profilesDir } from "../config/profiles.js";

export const isProfilePath = (ref: string) => ref.includes("/") || ref.includes("\\") || ref.endsWith(".json");

/** The profile `ref` names, for the scenario `scenarioFile` (as the user gave it). */
export function loadScenarioMachine(ref: string, scenarioFile: string): MachineProfile {
  const refuse = (message: string): never => {
    throw new ConfigError(scenarioFile, [{ path: "machine", message }]);
  };
  if (!isProfilePath(ref)) {
    const shipped = profileNames();
    if (!shipped.includes(ref))
      refuse(`names no shipped profile (got ${JSON.stringify(ref)}; shipped: ${shipped.join(", ")}); a profile file is given by its path, relative to this file`);
    return loadProfile(join(profilesDir(), `${ref}.json`));
  }
  // named as the user would reach it from where they ran netchan, so the messages point at a real file
  const path = isAbsolute(ref) ? ref : join(dirname(scenarioFile), ref);
  if (!existsSync(path)) refuse(`no profile file at ${path} (got ${JSON.stringify(ref)}; a path is relative to the scenario file)`);
  return parseMachine(readJsonFile(path), path);
}
