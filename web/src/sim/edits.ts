// The page's controls as edits of a scenario file: the machine, the load, the frame size and the flow
// count replace the file's fields, so the edited file goes through the same validation and resolution as
// any other (an impossible load is refused with the field's JSON path) and can be saved and run with
// `netchan run`. Seed and packet count are the command line's --seed and --packets instead.

export interface ScenarioEdits {
  /** a shipped profile's name → `machine` */
  machine?: string;
  /** packets per second → `workload.load` = { pps } */
  pps?: number;
  /** frame bytes → `workload.packetBytes` */
  packetBytes?: number;
  /** a flow count → `workload.flows` */
  flows?: number;
}

/** The JSON paths each edit writes, for placing a validation error next to its control. */
export const EDIT_PATHS: Record<keyof ScenarioEdits, string> = {
  machine: "machine",
  pps: "workload.load",
  packetBytes: "workload.packetBytes",
  flows: "workload.flows",
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** A copy of `json` with the edits applied; a file that is not an object (or has no workload object) is
 *  left for validation to refuse as it is. */
export function applyEdits(json: unknown, edits: ScenarioEdits): unknown {
  if (!isObject(json) || Object.keys(edits).length === 0) return json;
  const out: Record<string, unknown> = structuredClone(json);
  if (edits.machine !== undefined) out.machine = edits.machine;
  if (isObject(out.workload)) {
    const w = out.workload;
    if (edits.pps !== undefined) w.load = { pps: edits.pps };
    if (edits.packetBytes !== undefined) w.packetBytes = edits.packetBytes;
    if (edits.flows !== undefined) w.flows = edits.flows;
  }
  return out;
}

export const hasEdits = (edits: ScenarioEdits) => Object.values(edits).some((v) => v !== undefined);
