// The controls: scenario and machine, workload, variants shown, scheduler, Run/Stop with a progress bar,
// and the exports. Every control is a labelled form field; a refused value is marked invalid, and the
// message sits under the field (aria-describedby), so a screen reader reads it with the field.
import type { ConfigIssue } from "../../../src/config/errors.js";
import { resultCsv } from "../../../src/results/csv.js";
import { profileNames, scenarioNames, shippedScenario } from "../host/catalog.js";
import { EDIT_PATHS, type ScenarioEdits } from "../sim/edits.js";
import type { App } from "./app.js";
import { download, h } from "./dom.js";
import { encodeState } from "./state.js";

interface NumberControl {
  key: "pps" | "packetBytes" | "flows" | "seed" | "packets";
  label: string;
  hint: string;
  /** JSON path (in the scenario file) or option (`--seed`) whose errors belong to this field. */
  path: string;
  min: number;
  max: number;
}

const NUMBER_CONTROLS: NumberControl[] = [
  { key: "pps", label: "Offered load (packets/s)", hint: "replaces workload.load", path: EDIT_PATHS.pps, min: 1, max: 1e9 },
  { key: "packetBytes", label: "Frame size (bytes)", hint: "64–1518, replaces workload.packetBytes", path: EDIT_PATHS.packetBytes, min: 64, max: 1518 },
  { key: "flows", label: "Flows", hint: "replaces workload.flows", path: EDIT_PATHS.flows, min: 1, max: 65536 },
  { key: "seed", label: "Seed", hint: "as netchan run --seed", path: "--seed", min: 0, max: 2 ** 32 - 1 },
  { key: "packets", label: "Measured packets", hint: "per variant, as netchan run --packets", path: "--packets", min: 1, max: 1e7 },
];

export class Controls {
  readonly root: HTMLElement;
  private errorSlots: { path: string; input: HTMLElement; slot: HTMLElement }[] = [];
  private variantsBox = h("div", { class: "variant-list" });
  private progress = h("progress", { max: 1, value: 0, "aria-label": "Run progress" });
  private status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  private runButton = h("button", { type: "button", class: "primary", "data-action": "run" }, "Run");
  private stopButton = h("button", { type: "button", "data-action": "stop", disabled: true }, "Stop");
  private exportButtons: HTMLButtonElement[] = [];
  private resultReady = false;

  constructor(private app: App, private onLoadFile: (file: File) => void) {
    this.root = h("form", { class: "controls", "aria-label": "Simulation controls" });
    this.root.addEventListener("submit", (e) => {
      e.preventDefault();
      void app.run();
    });
    this.runButton.addEventListener("click", () => void app.run());
    this.stopButton.addEventListener("click", () => app.stop());
    this.wireRunEvents();
    app.on("reset", () => this.render());
    this.render();
  }

  /** (Re)builds the form from the page's state. */
  private render(): void {
    this.errorSlots = [];
    this.exportButtons = [];
    const file = h("input", { type: "file", accept: ".json,application/json", id: "scenario-file", class: "visually-hidden", tabindex: -1 });
    file.addEventListener("change", () => file.files?.[0] && this.onLoadFile(file.files[0]));
    const fileLabel = h("label", { for: "scenario-file", class: "button", tabindex: 0, role: "button" }, "Load a scenario file…");
    fileLabel.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), file.click()));
    this.root.replaceChildren(
      h("fieldset", {}, h("legend", {}, "Scenario"), this.scenarioSelect(), file, fileLabel, this.field("machine", "Machine profile", this.profileSelect(), EDIT_PATHS.machine, "replaces the scenario's machine")),
      h("fieldset", {}, h("legend", {}, "Workload"), ...NUMBER_CONTROLS.map((c) => this.numberField(c))),
      h("fieldset", {}, h("legend", {}, "Variants shown"), this.variantsBox),
      this.schedulerFieldset(),
      h("div", { class: "run-row" }, this.runButton, this.stopButton),
      this.progress,
      this.status,
      this.exportsFieldset(),
    );
    this.renderVariants(variantNamesOf(this.app));
  }

  private field(id: string, label: string, input: HTMLElement, path: string, hint: string): HTMLElement {
    const slot = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
    input.id = id;
    input.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
    this.errorSlots.push({ path, input, slot });
    return h("div", { class: "field", "data-path": path }, h("label", { for: id }, label), input, h("small", { id: `${id}-hint` }, hint), slot);
  }

  private scenarioSelect(): HTMLElement {
    const select = h("select", { id: "scenario", "aria-label": "Scenario" });
    const s = this.app.state;
    if (s.file) select.append(h("option", { value: "" , selected: true }, `loaded file: ${s.file.name}`));
    for (const name of scenarioNames()) select.append(h("option", { value: name, selected: !s.file && name === s.scenario }, name));
    select.addEventListener("change", () => {
      if (select.value === "") return;
      this.app.update({ scenario: select.value, file: null, hidden: [] });
      this.renderVariants(variantNamesOf(this.app));
      void this.app.run();
    });
    return select;
  }

  private profileSelect(): HTMLSelectElement {
    const select = h("select", {});
    select.append(h("option", { value: "" }, "the scenario's own"));
    for (const name of profileNames()) select.append(h("option", { value: name, selected: this.app.state.edits.machine === name }, name));
    select.addEventListener("change", () => this.edit({ machine: select.value || undefined }));
    return select;
  }

  private numberField(c: NumberControl): HTMLElement {
    const s = this.app.state;
    const current = c.key === "seed" ? s.seed : c.key === "packets" ? s.packets : (s.edits[c.key] ?? null);
    const input = h("input", { type: "number", inputmode: "numeric", min: c.min, max: c.max, step: 1, placeholder: "as in the file", value: current ?? "" });
    input.addEventListener("change", () => {
      const v = input.value.trim() === "" ? undefined : Number(input.value);
      if (c.key === "seed") this.app.update({ seed: v ?? null });
      else if (c.key === "packets") this.app.update({ packets: v ?? null });
      else return this.edit({ [c.key]: v });
      void this.app.run();
    });
    return this.field(c.key, c.label, input, c.path, c.hint);
  }

  private edit(patch: ScenarioEdits): void {
    const edits: ScenarioEdits = { ...this.app.state.edits, ...patch };
    for (const k of Object.keys(edits) as (keyof ScenarioEdits)[]) if (edits[k] === undefined) delete edits[k];
    this.app.update({ edits });
    void this.app.run();
  }

  private schedulerFieldset(): HTMLElement {
    const app = this.app;
    const radio = (value: "inthread" | "workers", label: string) => {
      const input = h("input", { type: "radio", name: "scheduler", value, checked: app.state.scheduler === value, disabled: value === "workers" && !app.isolated });
      input.addEventListener("change", () => {
        app.update({ scheduler: value });
        void app.run();
      });
      return h("label", { class: "inline" }, input, ` ${label}`);
    };
    const note = app.isolated
      ? "Both give the same result, bit for bit. Workers-as-CPUs meets at a barrier every few simulated cycles, so it is much slower here: use it with few packets."
      : "This page is not cross-origin isolated, so shared memory cannot reach other workers: runs use the in-thread scheduler in one worker.";
    return h("fieldset", {}, h("legend", {}, "Scheduler"), radio("inthread", "in-thread (one worker)"), radio("workers", "workers-as-CPUs"), h("small", { class: app.isolated ? "" : "notice" }, note));
  }

  private exportsFieldset(): HTMLElement {
    const app = this.app;
    const button = (label: string, action: () => void) => {
      const b = h("button", { type: "button", disabled: !this.resultReady }, label);
      b.addEventListener("click", action);
      this.exportButtons.push(b);
      return b;
    };
    const base = () => (app.result?.result.scenario.name ?? "netchan").replace(/[^\w.-]+/g, "_");
    const link = h("button", { type: "button" }, "Copy link");
    link.addEventListener("click", async () => {
      const url = `${location.origin}${location.pathname}?${await encodeState(app.state)}`;
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      this.status.textContent = "The link to this view is in the address bar (and copied, where the browser allows).";
    });
    return h(
      "fieldset",
      { class: "exports" },
      h("legend", {}, "Export"),
      button("Result JSON", () => app.result && download(`${base()}.result.json`, app.result.json)),
      button("Result CSV", () => app.result && download(`${base()}.result.csv`, resultCsv(app.result.result), "text/csv")),
      button("Scenario file", () => app.result && download(app.result.file.replace(/^.*\//, ""), app.result.scenarioText)),
      link,
    );
  }

  private wireRunEvents(): void {
    const app = this.app;
    app.on("run-start", (request) => {
      this.clearErrors();
      this.runButton.disabled = false;
      this.stopButton.disabled = false;
      this.progress.value = 0;
      this.progress.removeAttribute("value"); // indeterminate until the first variant ends
      this.status.textContent = `Running ${request.file} (${request.scheduler === "workers" ? "workers-as-CPUs" : "in-thread"})…`;
    });
    app.on("progress", ({ done, total, variant }) => {
      this.progress.max = total;
      this.progress.value = done;
      this.status.textContent = Number.isInteger(done) ? `${done} of ${total} variants run (last: ${variant})…` : `${Math.floor(done)} of ${total} variants run; running ${variant}…`;
    });
    app.on("result", (view) => {
      this.renderVariants(view.result.variants.map((v) => v.name));
      this.resultReady = true;
      for (const b of this.exportButtons) b.disabled = false;
      const r = view.result;
      const failed = r.failures.length;
      this.status.textContent = `Done: ${r.variants.length} variants of ${r.scenario.name}${failed ? `, ${failed} failed` : ""}, in ${r.host.wallSeconds.toFixed(1)} s.`;
    });
    // a loaded file's own errors are shown on its lines (the scenario panel), not on the controls
    app.on("invalid", ({ file, issues, loaded }) => !loaded && this.showErrors(file, issues));
    app.on("run-end", ({ message }) => {
      this.stopButton.disabled = true;
      if (this.progress.getAttribute("value") === null) this.progress.value = 0;
      if (message) this.status.textContent = message;
    });
  }

  private showErrors(file: string, issues: ConfigIssue[]): void {
    for (const issue of issues) {
      const key = file.startsWith("--") ? file : issue.path;
      const hit = this.errorSlots.find(({ path }) => key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`));
      // a field is the control's only when the control set it (an empty control leaves the file's value)
      if (!hit || !this.controlSet(hit.path)) continue;
      hit.slot.hidden = false;
      hit.slot.textContent = `${hit.slot.textContent ? hit.slot.textContent + " " : ""}${issue.path || "(root)"}: ${issue.message}`;
      hit.input.setAttribute("aria-invalid", "true");
    }
  }

  private controlSet(path: string): boolean {
    const s = this.app.state;
    if (path === "--seed") return s.seed !== null;
    if (path === "--packets") return s.packets !== null;
    const edit = (Object.entries(EDIT_PATHS) as [keyof typeof EDIT_PATHS, string][]).find(([, p]) => p === path)?.[0];
    return edit !== undefined && s.edits[edit] !== undefined;
  }

  private clearErrors(): void {
    for (const { input, slot } of this.errorSlots) {
      slot.hidden = true;
      slot.textContent = "";
      input.removeAttribute("aria-invalid");
    }
  }

  private renderVariants(names: string[]): void {
    const app = this.app;
    this.variantsBox.replaceChildren(
      ...names.map((name) => {
        const input = h("input", { type: "checkbox", value: name, checked: !app.state.hidden.includes(name) });
        input.addEventListener("change", () => {
          const hidden = new Set(app.state.hidden);
          if (input.checked) hidden.delete(name);
          else hidden.add(name);
          app.update({ hidden: names.filter((n) => hidden.has(n)) });
          app.redraw();
        });
        return h("label", { class: "inline" }, input, ` ${name}`);
      }),
    );
  }
}

/** The variants of the page's scenario before any run: a shipped scenario's, read from its file. */
function variantNamesOf(app: App): string[] {
  if (app.state.file) return [];
  const json = shippedScenario(app.state.scenario) as { variants?: { name?: unknown }[] };
  return (json.variants ?? []).map((v) => String(v.name));
}
