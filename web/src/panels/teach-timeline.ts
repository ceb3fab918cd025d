// The line-ownership timeline: for the hottest lines of the latest two recordings (made in the
// step-through panel), which CPU held each line over simulated time — a bar per line, coloured by the
// CPU holding it Exclusive or Modified, grey while shared, empty while in no cache. Two recordings side
// by side show classic-cross's ping-pong next to an affine or channel path's calm.
import { ownershipTimeline } from "../../../src/record/replay.js";
import type { RecordDocument } from "../../../src/record/schema.js";
import { OKABE_ITO } from "../charts/palette.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";
import { onRecordings } from "./teach-store.js";

const ROWS = 10;
const SHARED = "#bdbdbd";
const SVG = "http://www.w3.org/2000/svg";

registerPanel({
  id: "teach-timeline",
  tab: "teach",
  order: 30,
  wide: true,
  title: "Who held each hot line, over time",
  explain:
    "Each bar is one cache line over the recorded run: coloured by the CPU that held it Exclusive or Modified, grey while CPUs shared it, " +
    "empty while no cache held it. Every change of colour between two CPUs is an owner change — the line travelled. Record two variants " +
    "in the panel above (say cross and affine) to see them one under the other.",
  mount(body) {
    const content = h("div", { id: "teach-timeline" }, h("p", { class: "explain" }, "Record a variant above to draw its timeline."));
    body.append(content);
    onRecordings((docs) => content.replaceChildren(legend(Math.max(...docs.map((d) => d.cpus))), ...draw(docs)));
  },
});

function legend(cpus: number): HTMLElement {
  const items = Array.from({ length: cpus }, (_, c) => h("span", { style: `--swatch: ${OKABE_ITO[c % OKABE_ITO.length]}` }, `cpu${c} holds it (E or M)`));
  return h("p", { class: "timeline-legend" }, ...items, h("span", { style: `--swatch: ${SHARED}` }, "shared"), h("span", { style: "--swatch: #fff" }, "in no cache"));
}

/** The lines to draw: the most owner changes in any of the recordings, by label (so the rows match). */
function rowLabels(docs: RecordDocument[]): string[] {
  const best = new Map<string, number>();
  for (const d of docs) {
    const tl = ownershipTimeline(d);
    for (const l of d.lines) best.set(l.label, Math.max(best.get(l.label) ?? 0, tl[l.id].ownerChanges * 1000 + l.bounces));
  }
  return [...best.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, ROWS).map(([label]) => label);
}

function draw(docs: RecordDocument[]): HTMLElement[] {
  const labels = rowLabels(docs);
  return docs.map((d) => {
    const tl = ownershipTimeline(d);
    const end = d.events.length ? d.events[d.events.length - 1].t : 1;
    const rows = labels.map((label) => {
      const line = d.lines.find((l) => l.label === label);
      const t = line ? tl[line.id] : null;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 1000 10");
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("role", "img");
      const holders = t ? t.segments.filter((s) => s.holder !== null).map((s) => `cpu${s.holder}`) : [];
      svg.setAttribute("aria-label", t ? `${label}: ${t.ownerChanges} owner changes; held by ${[...new Set(holders)].join(", ") || "no CPU alone"}` : `${label}: not touched in this run`);
      for (const s of t?.segments ?? []) {
        if (s.state === "I") continue;
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", String((1000 * s.from) / end));
        rect.setAttribute("width", String(Math.max(1, (1000 * (s.to - s.from)) / end)));
        rect.setAttribute("y", "0");
        rect.setAttribute("height", "10");
        rect.setAttribute("fill", s.holder !== null ? OKABE_ITO[s.holder % OKABE_ITO.length] : SHARED);
        const title = document.createElementNS(SVG, "title");
        title.textContent = `${s.from}–${s.to} cycles: ${s.holder !== null ? `cpu${s.holder} (${s.state})` : `shared by ${s.sharers.map((c) => "cpu" + c).join(", ")}`}`;
        rect.append(title);
        svg.append(rect);
      }
      return h(
        "div",
        { class: "timeline-row", "data-label": label, "data-owner-changes": t ? t.ownerChanges : 0 },
        h("span", {}, label),
        svg as unknown as HTMLElement,
        h("span", { class: "owner-changes" }, t ? `${t.ownerChanges} owner change${t.ownerChanges === 1 ? "" : "s"}` : "not touched"),
      );
    });
    return h(
      "section",
      { class: "timeline-recording", "data-variant": d.variant, "aria-label": `Ownership timeline of ${d.variant}` },
      h("h3", {}, `${d.variant} (${d.path}), ${d.packets} packets, ${end.toLocaleString("en-US")} cycles`),
      ...rows,
    );
  });
}
