// The axes of a sweep: `--set <path>=<v1,v2,…>` as the command line gives them, parsed into a JSON path
// and a list of values. Pure text handling; whether a path and its values make a valid scenario is
// points.ts's to check, against the same schema as the scenario file.
//
// A path is the scenario file's JSON path as the validator prints it — `workload.load.pps`,
// `variants[2].nic.rxUsecs` — with two additions: `variants[*]` stands for every variant, and a path
// under `machine.` (`machine.llc.ways`) is a field of the machine profile the scenario names (the
// scenario's own `machine` is only that name, which `--set machine=a,b` sweeps).
//
// Values are split at the commas outside brackets, braces and quotes, so a list or an object is one value
// (`--set variants[2].irqCpu=[0,1],[2,3]`). Each value is read as JSON when it is JSON (`100`, `1e5`,
// `true`, `"4"`, `{"pps":1000}`) and as text otherwise (`poisson`), so plain words need no quotes.

/** One key of a JSON path: an object key, a list index, or every element of a list. */
export type PathKey = string | number | "*";

export interface Axis {
  /** The path as the user wrote it, normalised (`variants[*].nic.rxUsecs`): the name of the axis. */
  path: string;
  keys: PathKey[];
  values: unknown[];
}

/** A `--set` that cannot be read; `setting` is the option's text, `message` says what to fix. */
export class SettingError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`--set ${setting}: ${problem}`);
    this.name = "SettingError";
  }
}

const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Reads `workload.load.pps` or `variants[*].nic.rxUsecs` into keys; throws a message saying why not. */
export function parsePath(path: string): PathKey[] {
  if (path === "") throw new Error("no path before '=' (e.g. workload.load.pps=100000,200000)");
  const keys: PathKey[] = [];
  // a key, then any number of [n] or [*], separated by dots
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(part);
    if (!m || (m[1] === "" && (keys.length === 0 || m[2] === "")))
      throw new Error(`"${path}" is not a JSON path like workload.load.pps or variants[0].nic.rxUsecs`);
    if (m[1] !== "") {
      if (!KEY.test(m[1])) throw new Error(`"${m[1]}" in "${path}" is not a key (letters, digits and _ only)`);
      keys.push(m[1]);
    }
    for (const [, index] of m[2].matchAll(/\[([^\]]*)\]/g)) {
      if (index === "*") keys.push("*");
      else if (/^\d+$/.test(index)) keys.push(Number(index));
      else throw new Error(`"[${index}]" in "${path}" is not a list index: use [0], [1], … or [*] for every element`);
    }
  }
  return keys;
}

/** The path as keys read back (`variants[*].nic`). */
export function formatKeys(keys: readonly PathKey[]): string {
  let out = "";
  for (const k of keys) out += typeof k === "number" || k === "*" ? `[${k}]` : out ? `.${k}` : k;
  return out;
}

/** Splits `v1,v2,…` at top-level commas and reads each value. */
export function parseValues(text: string): unknown[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p, i) => {
    const t = p.trim();
    if (t === "") throw new Error(`value ${i + 1} of "${text}" is empty (values are separated by single commas)`);
    return readValue(t);
  });
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // `[0,1` or `{"a":` was meant as JSON: say so rather than sweep over a string nobody meant
    if (/^[[{"]/.test(text)) throw new Error(`${text} is not valid JSON (a list, object or quoted text must be complete)`);
    return text;
  }
}

/** Parses every `--set` of the command line into axes, in the order given (the first varies slowest). */
export function parseSettings(settings: readonly string[]): Axis[] {
  const axes: Axis[] = [];
  for (const setting of settings) {
    const eq = setting.indexOf("=");
    if (eq < 0) throw new SettingError(setting, "must be <path>=<v1,v2,…>, e.g. workload.load.pps=100000,200000");
    let keys: PathKey[];
    let values: unknown[];
    try {
      keys = parsePath(setting.slice(0, eq).trim());
      values = parseValues(setting.slice(eq + 1));
    } catch (e) {
      throw new SettingError(setting, (e as Error).message);
    }
    const path = formatKeys(keys);
    if (axes.some((a) => a.path === path)) throw new SettingError(setting, `${path} is already set by an earlier --set (give every value in one)`);
    const seen = new Set<string>();
    for (const v of values) {
      const key = JSON.stringify(v);
      if (seen.has(key)) throw new SettingError(setting, `the value ${key} is given twice`);
      seen.add(key);
    }
    axes.push({ path, keys, values });
  }
  return axes;
}
