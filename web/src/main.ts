// The dashboard's entry: read the state from the URL, register every panel (each file in panels/
// registers itself), lay out the page, and run the scenario — vj-debate on its own profile on a first visit.
import "./styles.css";
import { App } from "./shell/app.js";
import { Controls } from "./shell/controls.js";
import { buildLayout } from "./shell/layout.js";
import { decodeState } from "./shell/state.js";
import { loadScenarioFile } from "./files/load-file.js";

import.meta.glob("./panels/*.ts", { eager: true });

const app = new App(await decodeState(location.search));
const controls = new Controls(app, (file) => void loadScenarioFile(app, file));
buildLayout(document.getElementById("app")!, app, controls.root);
// what a test or a script can wait on: whether a run is going, and how many have started
let runs = 0;
app.on("run-start", () => {
  performance.mark("netchan:run-start");
  Object.assign(document.body.dataset, { running: "true", runs: String(++runs) });
});
app.on("run-end", () => {
  performance.mark("netchan:run-end");
  document.body.dataset.running = "false";
});
// the first run starts in a task of its own, after the page is laid out
setTimeout(() => void app.run(), 0);
