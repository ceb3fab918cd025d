// Loading a scenario file from disk (the file picker, or a file dropped on the page): it is checked in
// the run worker first — parsed and validated with the command line's schema, off the page's thread —
// and only a valid file becomes the page's scenario and runs. A refused one shows its errors next to
// the fields (the scenario panel) and runs nothing.
import type { App } from "../shell/app.js";

/** Files larger than this are refused before reading: a scenario is a few kilobytes. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

export async function loadScenarioFile(app: App, file: File): Promise<void> {
  if (file.size > MAX_SCENARIO_BYTES) {
    app.refuseFile(file.name, "", `is ${file.size} bytes; a scenario file is at most ${MAX_SCENARIO_BYTES} bytes`, "");
    return;
  }
  const text = await file.text();
  await app.loadFile({ name: file.name, text });
}
