// The points of a sweep: the cross product of the axes, each point the scenario file with its values
// set, resolved exactly as `netchan run` resolves a file — the same schema, the same relations, the same
// machine checks — so a value a scenario file may not hold, `--set` may not give either.
//
// Every point is resolved before anything runs, and every shard resolves all of them, not only its own:
// a sweep that is wrong somewhere is refused whole, on every machine of a CI matrix alike. The refusals
// name what to fix: a value by itself (`--set workload.load.pps=-1: workload.load.pps: must be …`), or a
// combination of values that are each fine (`scenario.json with machine.cpus=2, apps…: …`).
//
// Order: the first axis varies slowest, as nested loops written in the order of the --set options.

import { dirname, isAbsolute, join } from "node:path";
import { ConfigError, type ConfigIssue } from "../config/errors.js";
import { readJsonFile } from "../config/json-file.js";
import { parseMachine, type MachineProfile } from "../config/machine.js";
import { profilesDir } from "../config/profiles.js";
import { applyDefaults } from "../scenario/apply-defaults.js";
import { isProfilePath, loadScenarioMachine } from "../scenario/machine-ref.js";
import { resolveScenario, type ResolveOptions } from "../scenario/resolve.js";
import { checkScenarioMemory } from "../scenario/memory-check.js";
import { parseScenarioFile } from "../scenario/schema.js";
import type { ResolvedScenario } from "../scenario/types.js";
import { formatKeys, SettingError, type Axis, type PathKey } from "./settings.js";

/** The sweep's points are capped so that a typo in a value list cannot start a week of runs. */
export const MAX_POINTS = 10_000;

/** One point: its place in the cross product and the value of each axis (by path, in the axes' order). */
export interface Point {
  index: number;
  set: Record<string, unknown>;
}

/** What a sweep starts from: the scenario file as JSON, how messages name it, and --packets/--seed. */
export interface SweepBase {
  file: string;
  json: unknown;
  overrides: ResolveOptions;
}

/** A sweep of more than MAX_POINTS points. */
export class SweepTooLarge extends Error {
  constructor(readonly points: number) {
    super(`the sweep has ${points} points, more than ${MAX_POINTS}: split it into several sweeps`);
    this.name = "SweepTooLarge";
  }
}

/** Every point of the cross product, in order. */
export function crossProduct(axes: readonly Axis[]): Point[] {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS) throw new SweepTooLarge(total);
  return Array.from({ length: total }, (_, index) => {
    const set: Record<string, unknown> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const n = axes[a].values.length;
      set[axes[a].path] = axes[a].values[rest % n];
      rest = Math.floor(rest / n);
    }
    // built last axis first; the record reads in the axes' order
    return { index, set: Object.fromEntries(axes.map((a) => [a.path, set[a.path]])) };
  });
}

/** `path=value` as a message shows it: text as typed, anything else as JSON. */
export const settingText = (path: string, value: unknown) => `${path}=${typeof value === "string" ? value : JSON.stringify(value)}`;

/** The point `point` of the sweep over `axes`, resolved; throws ConfigError (a value or a combination
 *  that a scenario file could not hold) or SettingError (a path that leads nowhere). */
export function resolvePoint(base: SweepBase, axes: readonly Axis[], point: Point): ResolvedScenario {
  const json = structuredClone(base.json);
  const profileSettings: [PathKey[], unknown][] = [];
  for (const axis of axes) {
    const value = point.set[axis.path];
    if (axis.keys[0] === "machine" && axis.keys.length > 1) profileSettings.push([axis.keys.slice(1), value]);
    else setIn(json, axis.keys, value, settingText(axis.path, value));
  }
  const resolved = profileSettings.length === 0 ? resolveScenario(json, base.file, base.overrides) : withProfileSettings(base, json, profileSettings);
  // a point whose machine or rings cannot fit one WebAssembly memory is refused before anything runs, as run refuses it
  checkScenarioMemory(resolved, base.file);
  return resolved;
}

function withProfileSettings(base: SweepBase, json: unknown, settings: [PathKey[], unknown][]): ResolvedScenario {
  const spec = parseScenarioFile(json, base.file);
  return applyDefaults(spec, profileWith(spec.machine, base.file, settings), base.file, base.overrides);
}

/** The profile the scenario names, with `settings` made to it, validated; its issues' paths are the
 *  sweep's (`machine.llc.ways`), since that is how the user named them. */
function profileWith(ref: string, scenarioFile: string, settings: [PathKey[], unknown][]): MachineProfile {
  loadScenarioMachine(ref, scenarioFile); // refuses a name or path that leads to no profile, as run does
  const path = !isProfilePath(ref) ? join(profilesDir(), `${ref}.json`) : isAbsolute(ref) ? ref : join(dirname(scenarioFile), ref);
  const json = readJsonFile(path);
  for (const [keys, value] of settings) setIn(json, keys, value, settingText(formatKeys(["machine", ...keys]), value));
  try {
    return parseMachine(json, path);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError(e.file, e.issues.map((i) => ({ path: i.path ? `machine.${i.path}` : "machine", message: i.message })));
  }
}

/** Sets `value` at `keys` in `root` (changed in place): missing objects on the way are created (the schema
 *  then says what they lack), a list is indexed or, with `*`, every element is set. */
function setIn(root: unknown, keys: readonly PathKey[], value: unknown, setting: string): void {
  const walk = (at: unknown, i: number): void => {
    const key = keys[i];
    const here = formatKeys(keys.slice(0, i)) || "the scenario";
    const last = i === keys.length - 1;
    if (Array.isArray(at)) {
      if (typeof key === "string" && key !== "*")
        throw new SettingError(setting, `${here} is a list: index it, as ${formatKeys([...keys.slice(0, i), 0, ...keys.slice(i)])} or ${formatKeys([...keys.slice(0, i), "*", ...keys.slice(i)])}`);
      const indices = key === "*" ? at.map((_, j) => j) : [key as number];
      for (const j of indices) {
        if (j >= at.length) throw new SettingError(setting, `${here} has ${at.length} element${at.length === 1 ? "" : "s"} (from [0] to [${at.length - 1}])`);
        if (last) at[j] = structuredClone(value);
        else walk(at[j], i + 1);
      }
      return;
    }
    if (at === null || typeof at !== "object")
      throw new SettingError(setting, `${here} is ${JSON.stringify(at)}, which has no fields: ${formatKeys(keys)} leads nowhere`);
    if (typeof key !== "string" || key === "*") throw new SettingError(setting, `${here} is an object, not a list: name a key, not [${key}]`);
    const obj = at as Record<string, unknown>;
    if (last) obj[key] = structuredClone(value);
    else {
      if (obj[key] === undefined) obj[key] = {};
      walk(obj[key], i + 1);
    }
  };
  walk(root, 0);
}

/** Resolves the base and every point; throws the first refusal, named as described at the top. Returns
 *  the base resolved (the file itself, without --set) and the resolved scenario of each point. */
export function resolveSweep(base: SweepBase, axes: readonly Axis[]): { resolvedBase: ResolvedScenario; points: Point[]; scenarios: ResolvedScenario[] } {
  // the file itself first: its own problems, named as run names them
  const resolvedBase = resolveScenario(base.json, base.file, base.overrides);
  for (const axis of axes)
    for (const value of axis.values) {
      const alone = { index: 0, set: { [axis.path]: value } };
      renamed(`--set ${settingText(axis.path, value)}`, () => resolvePoint(base, [axis], alone));
    }
  const points = crossProduct(axes);
  const scenarios = points.map((p) =>
    renamed(`${base.file} with ${axes.map((a) => settingText(a.path, p.set[a.path])).join(", ")}`, () => resolvePoint(base, axes, p)),
  );
  return { resolvedBase, points, scenarios };
}

/** Runs `resolve`, naming a ConfigError of the scenario (or its profile) `name` instead of the file. */
function renamed<T>(name: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (e instanceof ConfigError && !e.file.startsWith("--")) throw new ConfigError(name, e.issues as ConfigIssue[]);
    throw e;
  }
}
