// The step-through view: record a few packets of one variant (the event recorder, docs/record.md) and
// replay its coherence traffic one event at a time — Step back, Step forward, Play, a scrubber — with the
// table of every CPU's MESI state and the directory's view of the lines that matter, the message log
// around the current event, the path step that caused it, and a bounce's cost in cycles.
import "./teach.css";
import { hottestLines, initialTables, stepBack, stepForward, tablesAfter, type StateTables } from "../../../src/record/replay.js";
import type { DirView, RecordDocument, RecordedEvent } from "../../../src/record/schema.js";
import { shippedScenario } from "../host/catalog.js";
import type { App } from "../shell/app.js";
import { download, h } from "../shell/dom.js";
import { registerPanel, registerTab } from "../shell/registry.js";
import { teach } from "./teach-client.js";
import { addRecording } from "./teach-store.js";

registerTab({ id: "teach", title: "Step through", order: 15 });

/** Rows of the table: the lines whose owner changed most, then the current event's line if not among them. */
const HOT_ROWS = 8;
const LOG_AROUND = 8;
const PLAY_MS = 300;

export const dirText = (d: DirView) => (d.state === "EM" ? `EM cpu${d.owner}` : d.state === "S" ? `S ${d.sharers.map((c) => "cpu" + c).join(" ")}` : "U");

registerPanel({
  id: "teach-step",
  tab: "teach",
  order: 20,
  wide: true,
  title: "One packet's coherence traffic, step by step",
  explain:
    "Record a few packets of one variant, then step through every coherence event on the lines that matter: requests to the directory, " +
    "data, invalidations, DMA writes, interrupts and IPIs. The table shows each CPU's copy of each line (M modified, E exclusive, S shared, " +
    "I invalid) and what the directory believes; the log names the receive-path step that caused each event. A bounce — a line moving " +
    "between two CPUs' caches — is marked with what it cost the CPU that waited for it.",
  mount(body, app) {
    new Stepper(body, app);
  },
});

class Stepper {
  private doc: RecordDocument | null = null;
  private tables: StateTables = { cpus: [], dir: [] };
  private at = 0;
  private hot: number[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private variant = h("select", { id: "teach-variant" });
  private packets = h("input", { id: "teach-packets", type: "number", min: 1, max: 50, value: 2 });
  private recordButton = h("button", { type: "button", class: "primary", id: "teach-record" }, "Record");
  private status = h("p", { class: "status", role: "status", id: "teach-status" });
  private back = h("button", { type: "button", id: "teach-back" }, "Step back");
  private forward = h("button", { type: "button", id: "teach-forward" }, "Step forward");
  private play = h("button", { type: "button", id: "teach-play", "aria-pressed": "false" }, "Play");
  private nextBounce = h("button", { type: "button", id: "teach-next-bounce" }, "Next bounce");
  private scrubber = h("input", { type: "range", id: "teach-scrubber", min: 0, max: 0, value: 0, "aria-label": "Event" });
  private position = h("p", { id: "teach-position", "aria-live": "polite" });
  private current = h("div", { id: "teach-current", class: "teach-current" });
  private table = h("table", { id: "teach-table", class: "teach-table" });
  private log = h("ol", { id: "teach-log", class: "teach-log", "aria-label": "Message log" });
  private player = h("div", { class: "teach-player", hidden: true });
  private save = h("button", { type: "button", id: "teach-save" }, "Save recording");
  private openInput = h("input", { type: "file", id: "teach-open", class: "visually-hidden", accept: ".json,application/json" });

  constructor(body: HTMLElement, private app: App) {
    const form = h(
      "div",
      { class: "teach-form" },
      h("label", { for: "teach-variant" }, "Variant to record "),
      this.variant,
      h("label", { for: "teach-packets" }, " Packets to record "),
      this.packets,
      this.recordButton,
      this.openInput,
      h("label", { for: "teach-open", class: "button", tabindex: 0, role: "button" }, "Open a recording…"),
    );
    this.player.append(
      h("div", { class: "teach-buttons" }, this.back, this.forward, this.play, this.nextBounce, this.scrubber, this.save),
      this.position,
      this.current,
      h("div", { class: "teach-columns" }, h("div", { class: "table-scroll" }, this.table), h("div", {}, h("h3", {}, "Message log"), this.log)),
    );
    body.append(form, this.status, this.player);
    this.fillVariants();
    app.on("state", () => this.fillVariants());
    app.on("result", () => this.fillVariants());
    this.recordButton.addEventListener("click", () => void this.record());
    this.back.addEventListener("click", () => this.stepTo(this.at - 1));
    this.forward.addEventListener("click", () => this.stepTo(this.at + 1));
    this.play.addEventListener("click", () => this.togglePlay());
    this.nextBounce.addEventListener("click", () => {
      const next = this.doc?.events.findIndex((e, i) => i >= this.at && e.bounce) ?? -1;
      if (next >= 0) this.stepTo(next + 1);
    });
    this.scrubber.addEventListener("input", () => this.stepTo(Number(this.scrubber.value)));
    this.save.addEventListener("click", () => this.doc && download(`${this.doc.scenario}.${this.doc.variant}.record.json`, JSON.stringify(this.doc) + "\n"));
    this.openInput.addEventListener("change", () => this.openInput.files?.[0] && void this.open(this.openInput.files[0]));
    // a link may name a recording (p.teach.variant, p.teach.packets): made as the page opens
    const linked = app.state.panel["teach.variant"];
    if (linked !== undefined && [...this.variant.options].some((o) => o.value === linked)) {
      this.variant.value = linked;
      const n = Number(app.state.panel["teach.packets"]);
      if (Number.isInteger(n) && n >= 1 && n <= 50) this.packets.value = String(n);
      void this.record();
    }
  }

  /** The page's scenario's variants (a loaded file's once it has run). */
  private fillVariants(): void {
    const names = this.app.result?.result.variants.map((v) => v.name) ?? variantsOf(this.app.state.file ? null : shippedScenario(this.app.state.scenario));
    const chosen = this.variant.value;
    if (names.join() === [...this.variant.options].map((o) => o.value).join()) return;
    this.variant.replaceChildren(...names.map((n) => h("option", { value: n, selected: n === chosen }, n)));
  }

  private async record(): Promise<void> {
    const request = this.app.request();
    const packets = Math.max(1, Math.min(50, Math.floor(Number(this.packets.value)) || 2));
    this.app.setPanelSetting("teach.variant", this.variant.value);
    this.app.setPanelSetting("teach.packets", String(packets));
    this.stopPlay();
    this.recordButton.disabled = true;
    this.status.textContent = `Recording ${this.variant.value}…`;
    const reply = await teach({ kind: "record", scenario: request.scenario, edits: request.edits, file: request.file, variant: this.variant.value, packets });
    this.recordButton.disabled = false;
    if (reply.kind !== "recorded") {
      this.status.textContent = reply.kind === "error" ? `Not recorded: ${reply.message}` : "";
      return;
    }
    this.show(reply.document, "Recorded");
  }

  /** Makes `doc` the recording stepped through (and drawn on the timeline), at its start. */
  private show(doc: RecordDocument, verb: string): void {
    this.stopPlay();
    this.doc = doc;
    this.hot = hottestLines(doc, HOT_ROWS).map((l) => l.line);
    this.tables = initialTables(doc);
    this.at = 0;
    this.scrubber.max = String(doc.events.length);
    const bounces = doc.events.filter((e) => e.bounce).length;
    this.status.textContent = `${verb} ${doc.variant} (${doc.path}): ${doc.packets} packets, ${doc.events.length} events on ${doc.lines.length} lines, ${bounces} bounces.`;
    this.player.hidden = false;
    addRecording(doc);
    this.render();
  }

  /** A recording saved from this page or written by `netchan record --json`. */
  private async open(file: File): Promise<void> {
    let doc: RecordDocument;
    try {
      doc = JSON.parse(await file.text()) as RecordDocument;
    } catch (e) {
      this.status.textContent = `${file.name} was refused: it is not JSON (${(e as Error).message}).`;
      return;
    }
    if (doc?.schema !== "netchan-record/1" || !Array.isArray(doc.events) || !Array.isArray(doc.lines)) {
      this.status.textContent = `${file.name} was refused: it is not a recording (its "schema" is not "netchan-record/1"; \`netchan record --json\` writes one).`;
      return;
    }
    this.show(doc, `Opened ${file.name}:`);
  }

  /** Moves to `k` events applied: one step either way, or a jump (the scrubber). */
  private stepTo(k: number): void {
    const doc = this.doc;
    if (!doc) return;
    const to = Math.max(0, Math.min(doc.events.length, k));
    if (to === this.at + 1) stepForward(this.tables, doc.events[this.at]);
    else if (to === this.at - 1) stepBack(this.tables, doc.events[to]);
    else if (to !== this.at) this.tables = tablesAfter(doc, to);
    this.at = to;
    if (to === doc.events.length) this.stopPlay();
    this.render();
  }

  private togglePlay(): void {
    if (this.timer) return this.stopPlay();
    this.play.textContent = "Pause";
    this.play.setAttribute("aria-pressed", "true");
    this.timer = setInterval(() => this.stepTo(this.at + 1), PLAY_MS);
  }

  private stopPlay(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "Play";
    this.play.setAttribute("aria-pressed", "false");
  }

  private render(): void {
    const doc = this.doc!;
    const e = this.at > 0 ? doc.events[this.at - 1] : null;
    this.scrubber.value = String(this.at);
    this.back.disabled = this.at === 0;
    this.forward.disabled = this.at === doc.events.length;
    this.nextBounce.disabled = !doc.events.some((x, i) => i >= this.at && x.bounce);
    this.position.textContent = e ? `Event ${this.at} of ${doc.events.length} · t = ${e.t.toLocaleString("en-US")} cycles` : `Before the first of ${doc.events.length} events: every cache empty`;
    this.renderCurrent(e);
    this.renderTable(doc, e);
    this.renderLog(doc);
  }

  private renderCurrent(e: RecordedEvent | null): void {
    this.current.className = `teach-current${e?.bounce ? " bounce" : ""}`;
    if (!e) return this.current.replaceChildren(h("p", {}, "Step forward to see the first event."));
    const parts: HTMLElement[] = [h("p", { class: "teach-text" }, e.text), h("p", { class: "teach-meta" }, `${e.kind}${e.step ? ` · step ${e.step}` : ""}`)];
    if (e.bounce) parts.push(h("p", { class: "teach-bounce", id: "teach-bounce" }, `Bounce: the line moved between two CPUs' caches; cpu${e.bounce.requester} waited ${e.bounce.cycles} cycles for it.`));
    this.current.replaceChildren(...parts);
  }

  private renderTable(doc: RecordDocument, e: RecordedEvent | null): void {
    const rows = [...this.hot];
    if (e?.line != null && !rows.includes(e.line)) rows.push(e.line);
    const cpus = Array.from({ length: doc.cpus }, (_, c) => c);
    this.table.replaceChildren(
      h("caption", {}, "Cache line states"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "line"), ...cpus.map((c) => h("th", { scope: "col" }, `cpu${c}`)), h("th", { scope: "col" }, "directory"))),
      h(
        "tbody",
        {},
        ...rows.map((line) => {
          const isCurrent = e?.line === line;
          return h(
            "tr",
            { "data-line": line, class: isCurrent ? "current" : null },
            h("th", { scope: "row" }, doc.lines[line].label),
            ...cpus.map((c) => {
              const s = this.tables.cpus[line][c];
              const changed = isCurrent && e?.cpu?.cpu === c;
              return h("td", { "data-line": line, "data-cpu": c, class: `mesi mesi-${s}${changed ? " changed" : ""}` }, s);
            }),
            h("td", { "data-line": line, "data-dir": "", class: isCurrent && e?.dir ? "changed" : null }, dirText(this.tables.dir[line])),
          );
        }),
      ),
    );
  }

  private renderLog(doc: RecordDocument): void {
    const from = Math.max(0, this.at - 1 - LOG_AROUND);
    const to = Math.min(doc.events.length, this.at + LOG_AROUND);
    const items: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const e = doc.events[i];
      const attrs: Record<string, string | number | null> = {
        "data-i": i,
        "data-kind": e.kind,
        "data-line": e.line,
        "data-cpu": e.cpu ? e.cpu.cpu : null,
        "data-after": e.cpu ? e.cpu.after : null,
        "data-dir-after": e.dir ? dirText(e.dir.after) : null,
        class: `${i === this.at - 1 ? "current" : i >= this.at ? "future" : ""}${e.bounce ? " bounce" : ""}`,
        "aria-current": i === this.at - 1 ? "step" : null,
        value: i + 1,
      };
      items.push(h("li", attrs, h("span", { class: "t" }, `t=${e.t}`), " ", h("span", { class: "kind" }, e.kind), " ", e.text, e.step ? h("span", { class: "step" }, ` [${e.step}]`) : null));
    }
    this.log.replaceChildren(...items);
  }
}

function variantsOf(json: unknown): string[] {
  const v = (json as { variants?: { name?: unknown }[] } | null)?.variants;
  return Array.isArray(v) ? v.map((x) => String(x.name)) : [];
}
