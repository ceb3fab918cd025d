// The teaching panels' side of their worker (web/src/workers/teach.worker.ts): a recording of a short run,
// or the replay of a trace, one request at a time. Exports only: no panel registers here.
import type { RecordDocument } from "../../../src/record/schema.js";
import type { TraceSummary } from "../../../src/trace/summary.js";
import type { ScenarioEdits } from "../sim/edits.js";

export type TeachRequest =
  | { kind: "record"; scenario: { text: string } | { json: unknown }; edits: ScenarioEdits; file: string; variant: string; packets: number }
  | { kind: "trace"; text: string; name: string; profile: string };

export type TeachReply = { kind: "recorded"; document: RecordDocument } | { kind: "traced"; summary: TraceSummary } | { kind: "error"; message: string };

let worker: Worker | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** Sends `request` to the worker once the previous one has been answered. */
export function teach(request: TeachRequest): Promise<TeachReply> {
  const next = queue.then(
    () =>
      new Promise<TeachReply>((resolve) => {
        worker ??= new Worker(new URL("../workers/teach.worker.ts", import.meta.url), { type: "module", name: "netchan teaching worker" });
        worker.onmessage = (e: MessageEvent<TeachReply>) => resolve(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          worker?.terminate();
          worker = null;
          resolve({ kind: "error", message: e.message || "the teaching worker failed to load" });
        };
        worker.postMessage(request);
      }),
  );
  queue = next;
  return next;
}
