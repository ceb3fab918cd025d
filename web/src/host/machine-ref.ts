// Browser counterpart of src/scenario/machine-ref.ts: a scenario's machine by the name of a shipped
// profile (bundled, catalog.ts). A profile given by path cannot be read from a page; the refusal says so
// and names the field, as the command line does for a missing file.
import { ConfigError } from "../../../src/config/errors.js";
import { parseMachine, type MachineProfile } from "../../../src/config/machine.js";
import { profileNames, shippedProfile } from "./catalog.js";

export const isProfilePath = (ref: string) => ref.includes("/") || ref.includes("\\") || ref.endsWith(".json");

/** The profile `ref` names, for the scenario `scenarioFile`. */
export function loadScenarioMachine(ref: string, scenarioFile: string): MachineProfile {
  const shipped = profileNames();
  const refuse = (message: string): never => {
    throw new ConfigError(scenarioFile, [{ path: "machine", message }]);
  };
  if (isProfilePath(ref))
    refuse(`names a profile file (got ${JSON.stringify(ref)}), which a browser page cannot read; name a shipped profile (${shipped.join(", ")}), or run the file with \`netchan run\``);
  if (!shipped.includes(ref))
    refuse(`names no shipped profile (got ${JSON.stringify(ref)}; shipped: ${shipped.join(", ")}); a profile file is given by its path, relative to this file`);
  return parseMachine(shippedProfile(ref), `sim-config/profiles/${ref}.json`);
}
