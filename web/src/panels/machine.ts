// The machine the figures come from: every value of the profile the run used, with its source and how
// sure the source is ([P] read in the source, [S] quoted by another, [U] unverified or derived:
// docs/parameters.md). A reader weighing a result should see which inputs are assumptions.
import { shippedProfile } from "../host/catalog.js";
import { h } from "../shell/dom.js";
import { registerPanel } from "../shell/registry.js";

registerPanel({
  id: "machine",
  tab: "scenario",
  order: 20,
  wide: true,
  title: "The machine and its sources",
  explain:
    "Every value of the machine profile the run used, with where it comes from. [P]: read in the source itself; [S]: quoted by someone " +
    "summarising it; [U]: unverified, or derived by arithmetic — an assumption, so a result that depends strongly on it deserves a sweep.",
  mount(body, app) {
    const heading = h("p", {});
    const table = h("table", { id: "machine-table" });
    body.append(heading, h("div", { class: "table-scroll machine-table" }, table));
    app.on("result", (view) => {
      const name = view.result.config.machineName;
      const raw = shippedProfile(name) as { description?: string; sources?: Record<string, string> } | undefined;
      const sources = raw?.sources ?? {};
      heading.textContent = `${name}${raw?.description ? `: ${raw.description}` : ""}`;
      const rows = flatten(view.result.config.machine as unknown as Record<string, unknown>).map(([path, value]) =>
        h("tr", {}, h("th", { scope: "row" }, path), h("td", {}, value), h("td", { class: "source" }, sourceOf(sources, path))),
      );
      table.replaceChildren(h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "field"), h("th", { scope: "col" }, "value"), h("th", { scope: "col" }, "source"))), h("tbody", {}, ...rows));
    });
  },
});

/** `{ l1d: { sets: 64 } }` → [["l1d.sets", "64"]], leaving out the profile's own texts. */
function flatten(obj: Record<string, unknown>, prefix = ""): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] => {
    if (["sources", "$schema", "name", "description"].includes(k)) return [];
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return flatten(v as Record<string, unknown>, path);
    return [[path, JSON.stringify(v)]];
  });
}

/** A field's source: its own entry, or its nearest parent's (`l1d` covers `l1d.sets`). */
function sourceOf(sources: Record<string, string>, path: string): string {
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") if (sources[p]) return sources[p];
  return "–";
}
