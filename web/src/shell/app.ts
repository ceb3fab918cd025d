// What panels see of the page: its state (state.ts), the latest run and its outcome, and the events a run
// goes through. The app owns the one run worker of the main comparison; panels that run work of their own
// (the sweep) use a RunPool of their own and request() to build their requests the same way.
import type { ConfigIssue } from "../../../src/config/errors.js";
import type { NetchanResult, VariantResult } from "../../../src/results/schema.js";
import { RunWorker, type RunOutcome } from "../sim/client.js";
import type { RunRequest, VariantExtras } from "../sim/protocol.js";
import { scenarioNames, shippedScenario, shippedScenarioFile } from "../host/catalog.js";
import { hasEdits } from "../sim/edits.js";
import { defaultState, encodeState, type LoadedFile, type PageState } from "./state.js";

/** A finished run of the page's scenario. */
export interface RunView {
  result: NetchanResult;
  /** `netchan run --json`'s text of the result. */
  json: string;
  extras: VariantExtras[];
  /** The scenario file as run (the controls applied). */
  scenarioText: string;
  /** What the command line would be given to make the same result. */
  file: string;
  /** Only some variants have run (the rest are running): drawn, not exported. */
  partial?: boolean;
}

export interface Invalid {
  file: string;
  issues: ConfigIssue[];
  /** The refused scenario's text, when it was JSON (its errors are shown on its lines). */
  text: string | null;
  /** A file being loaded was refused (rather than a run of the page's scenario with its controls). */
  loaded: boolean;
}

interface Events {
  state: PageState;
  "run-start": RunRequest;
  progress: { done: number; total: number; variant: string };
  result: RunView;
  /** The latest result is to be drawn (a new result, or the variants shown changed). */
  view: RunView;
  invalid: Invalid;
  /** A run ended without a result: stopped, or failed (message). */
  "run-end": { stopped: boolean; message: string | null };
  /** The state was replaced as a whole (a file was loaded): controls show it afresh. */
  reset: PageState;
}

type Listener<T> = (value: T) => void;

/** Shortest time between two partial views of one run, milliseconds. */
const PARTIAL_MS = 400;

export class App {
  readonly isolated = globalThis.crossOriginIsolated === true;
  private listeners = new Map<keyof Events, Listener<never>[]>();
  private worker = new RunWorker();
  private latest: RunView | null = null;
  private running = false;
  private runs = 0;

  constructor(public state: PageState) {
    if (!this.isolated) this.state.scheduler = "inthread";
    if (!scenarioNames().includes(this.state.scenario)) this.state.scenario = defaultState().scenario;
    this.worker.warm();
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(event, list);
  }

  private emit<K extends keyof Events>(event: K, value: Events[K]): void {
    if (event === "view") return this.emitView(value as RunView);
    for (const l of this.listeners.get(event) ?? []) (l as Listener<Events[K]>)(value);
  }

  private viewQueue: { listener: Listener<RunView>; view: RunView }[] = [];

  /** Drawing is the page's heaviest work: each panel draws in a task of its own, so that no one task holds
   *  the main thread for long, and a panel still waiting when a newer view arrives draws only the newer. */
  private emitView(view: RunView): void {
    const listeners = (this.listeners.get("view") ?? []) as Listener<RunView>[];
    const idle = this.viewQueue.length === 0;
    for (const listener of listeners) {
      const queued = this.viewQueue.find((q) => q.listener === listener);
      if (queued) queued.view = view;
      else this.viewQueue.push({ listener, view });
    }
    if (idle) this.drainViews();
  }

  private drainViews(): void {
    const next = this.viewQueue[0];
    if (!next) return;
    setTimeout(() => {
      this.viewQueue.shift();
      next.listener(next.view);
      this.drainViews();
    }, 0);
  }

  get result(): RunView | null {
    return this.latest;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The variants of `view` (the latest whole result by default) that are shown (the variants filter). */
  shownVariants(view: RunView | null = this.latest): VariantResult[] {
    const hidden = new Set(this.state.hidden);
    return (view?.result.variants ?? []).filter((v) => !hidden.has(v.name));
  }

  /** Changes the state, puts it in the URL, and tells the panels. */
  update(patch: Partial<PageState>): void {
    this.state = { ...this.state, ...patch };
    void this.writeUrl();
    this.emit("state", this.state);
  }

  /** Sets one of a panel's own URL settings. */
  setPanelSetting(key: string, value: string | null): void {
    const panel = { ...this.state.panel };
    if (value === null) delete panel[key];
    else panel[key] = value;
    this.update({ panel });
  }

  private async writeUrl(): Promise<void> {
    const query = await encodeState(this.state);
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  /** How the result names the scenario file: the command line's path for a shipped scenario as shipped,
   *  the loaded file's name, or — once the controls change it — the name the page saves it under. */
  scenarioFile(): string {
    const s = this.state;
    const base = s.file ? s.file.name : shippedScenarioFile(s.scenario);
    if (!hasEdits(s.edits)) return base;
    const name = base.slice(base.lastIndexOf("/") + 1).replace(/\.json$/, "");
    return `${name}.dashboard.json`;
  }

  /** The request that runs the page's scenario as the state says; `edits` replace the state's own (a sweep). */
  request(patch: Partial<RunRequest> = {}): RunRequest {
    const s = this.state;
    return {
      kind: "run",
      // a shipped scenario goes as parsed JSON (it was parsed when bundled); a loaded file as its text
      scenario: s.file ? { text: s.file.text } : { json: shippedScenario(s.scenario) },
      edits: s.edits,
      file: this.scenarioFile(),
      packets: s.packets ?? undefined,
      seed: s.seed ?? undefined,
      scheduler: this.isolated ? s.scheduler : "inthread",
      workers: s.scheduler === "workers" ? (s.workers ?? undefined) : undefined,
      ...patch,
    };
  }

  /** Runs the page's scenario; a run in progress is stopped first. */
  async run(): Promise<void> {
    if (this.running) this.worker.stop();
    const request = this.request();
    const token = ++this.runs;
    this.running = true;
    let lastPartial = -Infinity;
    this.emit("run-start", request);
    const outcome = await this.worker.run(
      { ...request, partial: true },
      (done, total, variant) => this.emit("progress", { done, total, variant }),
      (result, extras) => {
        // the variants run so far are drawn while the rest run (not exported: `result` stays the last whole
        // one), at most every PARTIAL_MS so that drawing takes a small share of the main thread
        if (token !== this.runs || performance.now() - lastPartial < PARTIAL_MS) return;
        lastPartial = performance.now();
        this.emit("view", { result, extras, json: "", scenarioText: "", file: request.file, partial: true });
      },
    );
    // a run replaced by a newer one (a control changed meanwhile) reports nothing
    if (token !== this.runs) return;
    this.running = false;
    this.finish(outcome, request.file);
  }

  stop(): void {
    this.worker.stop();
  }

  /** Checks a loaded scenario file in a worker; a valid one becomes the page's scenario (the controls'
   *  edits cleared) and runs, a refused one is shown with its errors and nothing runs. */
  async loadFile(file: LoadedFile): Promise<void> {
    if (this.running) this.stop();
    const checker = new RunWorker();
    const outcome = await checker.run({ kind: "run", scenario: { text: file.text }, edits: {}, file: file.name, scheduler: "inthread", validateOnly: true });
    checker.stop();
    if (outcome.kind === "invalid") {
      this.emit("invalid", { file: outcome.file, issues: outcome.issues, text: file.text, loaded: true });
      this.emit("run-end", { stopped: false, message: `${file.name} was refused: nothing ran. Its errors are shown beside its fields.` });
      return;
    }
    if (outcome.kind !== "valid") {
      this.emit("run-end", { stopped: false, message: outcome.kind === "error" ? `${file.name} could not be checked: ${outcome.message}` : null });
      return;
    }
    this.update({ file, edits: {}, seed: null, packets: null, hidden: [] });
    this.emit("reset", this.state);
    await this.run();
  }

  /** Refuses a file before it is read (too large): shown as a validation error of the file itself. */
  refuseFile(name: string, path: string, message: string, text: string): void {
    this.emit("invalid", { file: name, issues: [{ path, message }], text, loaded: true });
    this.emit("run-end", { stopped: false, message: `${name} was refused: nothing ran.` });
  }

  /** Draws the latest result again (after the variants shown changed). */
  redraw(): void {
    if (this.latest) this.emit("view", this.latest);
  }

  private finish(outcome: RunOutcome, file: string): void {
    switch (outcome.kind) {
      case "done":
        this.latest = { result: outcome.result, json: outcome.json, extras: outcome.extras, scenarioText: outcome.scenarioText, file };
        this.emit("result", this.latest);
        this.emit("view", this.latest);
        this.emit("run-end", { stopped: false, message: null });
        break;
      case "invalid":
        this.emit("invalid", { file: outcome.file, issues: outcome.issues, text: outcome.text ?? null, loaded: false });
        this.emit("run-end", { stopped: false, message: "The scenario was refused: nothing ran." });
        break;
      case "stopped":
        this.emit("run-end", { stopped: true, message: "Stopped: the run was ended before it finished." });
        break;
      default:
        this.emit("run-end", { stopped: false, message: outcome.kind === "error" ? `The run failed: ${outcome.message}` : null });
    }
  }
}
