// `netchan trace`'s file reading: the trace at a path, streamed line by line into the replay (replay.ts,
// which the dashboard also uses, on a file the user picked).
import type { MachineProfile } from "../config/machine.js";
import { readLines } from "./read-lines.js";
import { replayTraceLines } from "./replay.js";
import type { TraceSummary } from "./summary.js";

/** Replays the trace file at `path`; throws TraceLineError for the first line that cannot be replayed. */
export function replayTraceFile(path: string, profile: MachineProfile, profileName: string, top = 10): Promise<TraceSummary> {
  return replayTraceLines(readLines(path), path, profile, profileName, top);
}
