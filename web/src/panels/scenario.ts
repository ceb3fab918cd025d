// The scenario file: the text as run (the controls applied), or a refused file with each error on the
// line of its field; how to run the same on the command line; and dropping a file on the page loads it.
import type { ConfigIssue } from "../../../src/config/errors.js";
import { loadScenarioFile } from "../files/load-file.js";
import { jsonPathLines, lineOfIssue } from "../files/json-lines.js";
import type { App } from "../shell/app.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

registerPanel({
  id: "scenario-file",
  tab: "scenario",
  order: 10,
  wide: true,
  title: "The scenario as run",
  explain:
    "A scenario names a machine profile, a workload, and the variants of the receive path that each receive it. Load your own file with " +
    "“Load a scenario file…” or drop it on the page: it is checked with the command line's schema, and a refused file shows each error " +
    "beside its field and runs nothing. Export “Scenario file” saves this text; the command below reproduces the run.",
  mount(body, app) {
    const heading = h("p", { class: "file-heading", role: "status" });
    const cli = h("p", { class: "cli", "aria-label": "Command line" });
    const view = h("pre", { class: "file-view", id: "scenario-text", tabindex: 0, "aria-label": "Scenario file" });
    body.append(heading, cli, view);
    app.on("result", (r) => {
      heading.textContent = `${r.file}: valid, ran ${r.result.variants.length} variants.`;
      cli.textContent = commandLine(app, r.file);
      renderFile(view, r.scenarioText, [], "");
    });
    app.on("invalid", ({ file, issues, text, loaded }) => {
      heading.textContent = `${file}: refused (${issues.length} ${issues.length === 1 ? "problem" : "problems"}); nothing ran.`;
      heading.className = "file-heading bad";
      if (text !== null) renderFile(view, text, issues, file);
      if (loaded || !issues.every((i) => file.startsWith("--") || controlPath(app, i.path))) app.update({ tab: "scenario" });
    });
    app.on("run-start", () => (heading.className = "file-heading"));
    dropToLoad(app);
  },
});

/** Paths a control on the page set (its error is shown there, not here). */
function controlPath(app: App, path: string): boolean {
  const e = app.state.edits;
  return (
    (e.machine !== undefined && path === "machine") ||
    (e.pps !== undefined && path.startsWith("workload.load")) ||
    (e.packetBytes !== undefined && path.startsWith("workload.packetBytes")) ||
    (e.flows !== undefined && path.startsWith("workload.flows"))
  );
}

function commandLine(app: App, file: string): string {
  const s = app.state;
  const opts = [s.packets !== null ? `--packets ${s.packets}` : "", s.seed !== null ? `--seed ${s.seed}` : "", s.scheduler === "workers" ? "--scheduler workers" : ""];
  return ["npx netchan run", file, ...opts.filter(Boolean), "--json result.json"].join(" ");
}

/** The file's lines, numbered, with each issue after the line of its field. */
function renderFile(view: HTMLElement, text: string, issues: ConfigIssue[], file: string): void {
  const lines = text.split("\n");
  const at = jsonPathLines(text);
  const byLine = new Map<number, ConfigIssue[]>();
  for (const issue of issues) {
    const n = Math.min(lines.length, lineOfIssue(at, issue.path, issue.message));
    byLine.set(n, [...(byLine.get(n) ?? []), issue]);
  }
  const out: (Node | string)[] = [];
  lines.forEach((line, i) => {
    out.push(h("span", { class: "line" }, h("span", { class: "ln", "aria-hidden": "true" }, String(i + 1)), line), "\n");
    for (const issue of byLine.get(i + 1) ?? [])
      out.push(h("span", { class: "issue", role: "alert", "data-path": issue.path }, `${file}: ${issue.path || "(root)"}: ${issue.message}`));
  });
  view.replaceChildren(...out);
}

function dropToLoad(app: App): void {
  const main = document.body;
  main.addEventListener("dragover", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    e.preventDefault();
    main.classList.add("drop-target");
  });
  main.addEventListener("dragleave", () => main.classList.remove("drop-target"));
  main.addEventListener("drop", (e) => {
    main.classList.remove("drop-target");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void loadScenarioFile(app, file);
  });
}
