// The recordings made on the page, shared by the step-through panel (which makes them) and the ownership
// timeline (which draws the latest two side by side: a ping-pong next to a calm line). Exports only.
import type { RecordDocument } from "../../../src/record/schema.js";

type Listener = (recordings: RecordDocument[]) => void;

const recordings: RecordDocument[] = [];
const listeners: Listener[] = [];

export function addRecording(doc: RecordDocument): void {
  recordings.push(doc);
  if (recordings.length > 2) recordings.shift();
  for (const l of listeners) l([...recordings]);
}

export function onRecordings(l: Listener): void {
  listeners.push(l);
}
