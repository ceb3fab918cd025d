// The page's state, and its place in the URL: everything needed to reopen the same view — the scenario
// (a shipped one by name, or a loaded file carried in the URL itself, deflated), the controls, the
// variants shown, the scheduler, the open tab, and any panel's own settings (keys a panel registers).
// A link therefore reproduces the run exactly: the simulation is a pure function of these inputs.
import type { Scheduler } from "../sim/protocol.js";
import type { ScenarioEdits } from "../sim/edits.js";

export interface LoadedFile {
  name: string;
  text: string;
}

export interface PageState {
  /** A shipped scenario's name; ignored while `file` is set. */
  scenario: string;
  /** A scenario file loaded by the user, or null. */
  file: LoadedFile | null;
  edits: ScenarioEdits;
  seed: number | null;
  packets: number | null;
  /** Variants not shown (a display filter: every variant runs, so the export is the whole scenario's). */
  hidden: string[];
  scheduler: Scheduler;
  workers: number | null;
  tab: string;
  /** Panels' own settings (e.g. the sweep's parameter), by key. */
  panel: Record<string, string>;
}

export const DEFAULT_SCENARIO = "vj-debate";

/** The most characters of deflated file a URL carries: links far longer break in mail and chat. */
export const MAX_URL_DATA = 32_000;

export function defaultState(): PageState {
  return { scenario: DEFAULT_SCENARIO, file: null, edits: {}, seed: null, packets: null, hidden: [], scheduler: "inthread", workers: null, tab: "compare", panel: {} };
}

const NUMBER_KEYS = { pps: "pps", bytes: "packetBytes", flows: "flows" } as const;

/** The URL's query for `state` (defaults left out, so a plain link stays short). */
export async function encodeState(state: PageState): Promise<string> {
  const q = new URLSearchParams();
  if (state.file) {
    q.set("file", state.file.name);
    // a file too big for a link stays out of it (the link then opens the default scenario)
    const data = await deflate(state.file.text);
    if (data.length <= MAX_URL_DATA) q.set("data", data);
  } else if (state.scenario !== DEFAULT_SCENARIO) q.set("scenario", state.scenario);
  if (state.edits.machine !== undefined) q.set("machine", state.edits.machine);
  for (const [key, field] of Object.entries(NUMBER_KEYS)) if (state.edits[field] !== undefined) q.set(key, String(state.edits[field]));
  if (state.seed !== null) q.set("seed", String(state.seed));
  if (state.packets !== null) q.set("packets", String(state.packets));
  if (state.hidden.length > 0) q.set("hide", state.hidden.join(","));
  if (state.scheduler !== "inthread") q.set("scheduler", state.scheduler);
  if (state.workers !== null) q.set("workers", String(state.workers));
  if (state.tab !== "compare") q.set("tab", state.tab);
  for (const [key, value] of Object.entries(state.panel).sort()) q.set(`p.${key}`, value);
  return q.toString();
}

/** The state a URL query describes; a value that is not what it should be is ignored (the default
 *  stays) rather than refused: a link is a convenience, and the run's own validation has the last word. */
export async function decodeState(query: string): Promise<PageState> {
  const q = new URLSearchParams(query);
  const s = defaultState();
  const whole = (key: string): number | undefined => {
    const v = q.get(key);
    return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  s.scenario = q.get("scenario") ?? s.scenario;
  const data = q.get("data");
  if (data !== null) {
    try {
      s.file = { name: q.get("file") ?? "scenario.json", text: await inflate(data) };
    } catch {
      s.file = null;
    }
  }
  const machine = q.get("machine");
  if (machine !== null) s.edits.machine = machine;
  for (const [key, field] of Object.entries(NUMBER_KEYS)) {
    const n = whole(key);
    if (n !== undefined) s.edits[field] = n;
  }
  s.seed = whole("seed") ?? null;
  s.packets = whole("packets") ?? null;
  s.hidden = q.get("hide")?.split(",").filter(Boolean) ?? [];
  s.scheduler = q.get("scheduler") === "workers" ? "workers" : "inthread";
  s.workers = whole("workers") ?? null;
  s.tab = q.get("tab") ?? s.tab;
  for (const [key, value] of q) if (key.startsWith("p.")) s.panel[key.slice(2)] = value;
  return s;
}

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function inflate(data: string): Promise<string> {
  const binary = atob(data.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}
