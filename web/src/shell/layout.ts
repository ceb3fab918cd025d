// The page: a header (with the isolation notice), the controls beside the views, and the views as tabs
// (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel). Each registered panel
// is a card: its title, its "what you are looking at", and the body it builds.
import type { App } from "./app.js";
import { h } from "./dom.js";
import { panelsOf, registeredTabs } from "./registry.js";

export function buildLayout(root: HTMLElement, app: App, controls: HTMLElement): void {
  const tabs = registeredTabs();
  const tablist = h("div", { role: "tablist", "aria-label": "Views", class: "tabs" });
  const views = h("div", { class: "views" });
  const buttons: HTMLButtonElement[] = [];
  const sections: HTMLElement[] = [];
  for (const tab of tabs) {
    const button = h("button", { type: "button", role: "tab", id: `tab-${tab.id}`, "aria-controls": `view-${tab.id}`, "data-tab": tab.id }, tab.title);
    const section = h("section", { role: "tabpanel", id: `view-${tab.id}`, "aria-labelledby": `tab-${tab.id}`, tabindex: 0, class: "view" });
    for (const panel of panelsOf(tab.id)) {
      const body = h("div", { class: "panel-body" });
      const titleId = `panel-${panel.id}-title`;
      section.append(
        h(
          "article",
          { class: `panel${panel.wide ? " wide" : ""}`, id: `panel-${panel.id}`, "aria-labelledby": titleId },
          h("h2", { id: titleId }, panel.title),
          panel.explain ? h("p", { class: "explain" }, panel.explain) : null,
          body,
        ),
      );
      panel.mount(body, app);
    }
    buttons.push(button);
    sections.push(section);
    tablist.append(button);
    views.append(section);
  }
  const select = (id: string, focus = false) => {
    const index = Math.max(0, tabs.findIndex((t) => t.id === id));
    buttons.forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      sections[i].hidden = i !== index;
    });
    if (focus) buttons[index].focus();
    if (app.state.tab !== tabs[index].id) app.update({ tab: tabs[index].id });
  };
  tablist.addEventListener("click", (e) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>("[data-tab]")?.dataset.tab;
    if (id) select(id);
  });
  tablist.addEventListener("keydown", (e) => {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined || at < 0) return;
    e.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length].id, true);
  });
  select(app.state.tab);
  // a panel may open a tab (the scenario panel, to show a refused file's errors)
  app.on("state", (state) => {
    if (buttons.find((b) => b.getAttribute("aria-selected") === "true")?.dataset.tab !== state.tab) select(state.tab);
  });

  const notice = app.isolated
    ? null
    : h("p", { class: "notice", role: "note", id: "isolation-notice" },
        "This page is not cross-origin isolated (its server does not send the COOP/COEP headers), so simulated CPUs cannot run in workers of their own: every run uses the in-thread scheduler in one worker. The figures are the same.");
  root.replaceChildren(
    h("a", { href: "#main", class: "skip-link" }, "Skip to the charts"),
    h(
      "header",
      { class: "page-header" },
      h("h1", {}, "netchan — where a received packet's cycles and cache-line bounces go"),
      h("p", { class: "lede" }, "The classic Linux receive path against Van Jacobson's net channels, simulated cycle by cycle in your browser (WebAssembly in Web Workers)."),
      notice,
    ),
    h("div", { class: "layout" }, h("aside", { class: "sidebar" }, controls), h("main", { id: "main", tabindex: -1 }, tablist, views)),
  );
}
