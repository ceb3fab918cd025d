// Guided tours: a short narrative per canonical comparison. "Take this tour" opens the page on the
// tour's scenario with only its variants shown (a link: the page reloads from the URL, as a shared link
// would), runs it, and points at the chart that shows the effect.
import { defaultState, encodeState } from "../shell/state.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";
import { shippedScenario } from "../host/catalog.js";
import { TOURS, type Tour } from "./teach-tour-list.js";

registerPanel({
  id: "teach-tours",
  tab: "teach",
  order: 10,
  wide: true,
  title: "Guided tours",
  explain: "Each tour sets a scenario and the variants to compare, runs them, and points at the chart that shows the effect.",
  mount(body, app) {
    const list = h("div", { class: "tour-list", id: "tour-list" });
    for (const t of TOURS) {
      const button = h("button", { type: "button", class: "primary", "data-tour": t.id }, "Take this tour");
      button.addEventListener("click", () => void go(t));
      const step = h("a", { class: "button", "data-step-through": t.id }, `Step through ${t.stepThrough}`);
      void stepThroughLink(t).then((href) => step.setAttribute("href", href));
      list.append(h("section", { class: "tour", "aria-label": t.title }, h("h3", {}, t.title), h("p", {}, t.story), button, step));
    }
    body.append(list);
    const active = TOURS.find((t) => t.id === app.state.panel.tour);
    if (active) app.on("result", () => point(active));
  },
});

/** Opens the page on the tour: its scenario, its variants, the comparison tab. */
async function go(t: Tour): Promise<void> {
  const names = ((shippedScenario(t.scenario) as { variants: { name: string }[] }).variants ?? []).map((v) => v.name);
  const state = { ...defaultState(), scenario: t.scenario, hidden: names.filter((n) => !t.variants.includes(n)), tab: "compare", panel: { tour: t.id } };
  location.search = await encodeState(state);
}

/** The step-through view of the tour's scenario, recording its most telling variant for two packets. */
async function stepThroughLink(t: Tour): Promise<string> {
  return `?${await encodeState({ ...defaultState(), scenario: t.scenario, tab: "teach", panel: { "teach.variant": t.stepThrough, "teach.packets": "2" } })}`;
}

/** Marks the tour's chart and says what to look for in it. */
function point(t: Tour): void {
  const panel = document.getElementById(`panel-${t.panel}`);
  if (!panel) return;
  document.getElementById("tour-callout")?.remove();
  panel.classList.add("tour-focus");
  panel.querySelector("h2")?.after(h("p", { class: "tour-callout", id: "tour-callout", role: "note" }, `Tour — ${t.title}: ${t.look}`));
  panel.scrollIntoView({ block: "start" });
}
