// Guided tours: a short narrative per canonical comparison. "Take this tour" opens the page on the
// tour's scenario with only its variants shown (a link: the page reloads from the URL, as a shared link
// would), runs it, and points at the chart that shows the effect.
import { defaultState, encodeState } from "../shell/state.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";
import { shippedScenario } from "../host/catalog.js";

export interface Tour {
  id: string;
  title: string;
  scenario: string;
  /** The variants shown (the others are hidden). */
  variants: string[];
  /** The panel whose chart shows the effect. */
  panel: string;
  story: string;
  /** What to look for, shown on that chart. */
  look: string;
  /** The variant to step through afterwards (a link to the step-through view, recording it). */
  stepThrough: string;
}

export const TOURS: Tour[] = [
  {
    id: "cross-affine",
    stepThrough: "cross",
    title: "The interrupt on another CPU, or on the reader's",
    scenario: "classic-steering",
    variants: ["cross", "affine"],
    panel: "bounces-by-structure",
    story:
      "The NIC interrupts CPU 0 while the application reads on CPU 1. The softirq on CPU 0 locks the socket and queues the skb; the reader on " +
      "CPU 1 takes the same lock and the same queue: each packet drags the socket's lines from one cache to the other. Steer the interrupt to " +
      "CPU 1 and the lines stay put.",
    look: "Bounces per packet: cross moves the socket's lines (and the skb, the task) every packet; affine has none.",
  },
  {
    id: "false-sharing",
    stepThrough: "channel-user-false-shared",
    title: "One cache line for both ring indices, or two",
    scenario: "vj-debate",
    variants: ["channel-user", "channel-user-false-shared"],
    panel: "bounces-by-structure",
    story:
      "A net channel is a ring with a producer index (written by the interrupt side) and a consumer index (written by the reader). Van " +
      "Jacobson puts them on separate cache lines. Put them on one and every write by either side takes the line from the other: false sharing.",
    look: "Bounces per packet on the channel's index line(s): the false-shared variant's bar is the taller.",
  },
  {
    id: "channel-classic",
    stepThrough: "classic-cross",
    title: "Net channels against the classic path",
    scenario: "vj-debate",
    variants: ["classic-cross", "classic-affine", "channel-user"],
    panel: "cycles-by-step",
    story:
      "The classic path runs IP, TCP and the socket in softirq context, then wakes the reader. Van Jacobson's channel-user hands the " +
      "packet to the application's own CPU through a ring, and a user-space TCP library processes it there: no socket lock, no softirq, " +
      "no wakeup.",
    look: "Cycles per packet by step: the classic steps (softirq, protocol, socket lock, wakeup) against the channel's few.",
  },
  {
    id: "netfilter",
    stepThrough: "channel-user-netfilter-before",
    title: "Netfilter before the channel",
    scenario: "vj-debate",
    variants: ["channel-user", "channel-user-netfilter-before"],
    panel: "cycles-by-step",
    story:
      "A firewall must see every packet. With channels it can run on the interrupt CPU before the packet enters the channel — it then costs " +
      "that CPU its rules and its connection tracking for every packet, and some of the channel's gain goes with it.",
    look: "Cycles per packet by step: the netfilter step appears on the IRQ side of the netfilter-before variant.",
  },
  {
    id: "arfs",
    stepThrough: "arfs",
    title: "Steering in the NIC: aRFS",
    scenario: "classic-steering",
    variants: ["cross", "rfs", "arfs"],
    panel: "bounces-by-structure",
    story:
      "RFS steers each flow's protocol work, in software, to the CPU where its reader runs — at the price of an IPI. Accelerated RFS programs " +
      "the NIC to deliver the flow's packets to that CPU's queue in the first place: the interrupt, the softirq and the reader share one cache.",
    look: "Bounces per packet: cross moves lines every packet, rfs still some (the IPI, the backlog), arfs almost none.",
  },
];

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
