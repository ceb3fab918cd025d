// The shipped machine profiles and scenarios (sim-config/), bundled into the page and its workers: the
// browser has no file system to read them from. Keyed by name, as `netchan list` names them.
const profileFiles = import.meta.glob<unknown>("../../../sim-config/profiles/*.json", { eager: true, import: "default" });
const scenarioFiles = import.meta.glob<unknown>("../../../sim-config/scenarios/*.json", { eager: true, import: "default" });

const byName = (files: Record<string, unknown>) =>
  new Map(Object.entries(files).map(([path, json]) => [path.slice(path.lastIndexOf("/") + 1, -".json".length), json]));

const profiles = byName(profileFiles);
const scenarios = byName(scenarioFiles);

export const profileNames = (): string[] => [...profiles.keys()].sort();
export const scenarioNames = (): string[] => [...scenarios.keys()].sort();

/** A shipped profile's JSON as in its file (never mutated: callers get a copy). */
export function shippedProfile(name: string): unknown {
  return structuredClone(profiles.get(name));
}

/** A shipped scenario's JSON as in its file (a copy). */
export function shippedScenario(name: string): unknown {
  return structuredClone(scenarios.get(name));
}

/** How the command line names a shipped scenario run from the project folder. */
export const shippedScenarioFile = (name: string) => `sim-config/scenarios/${name}.json`;
