// Your own program's locality: load a memory trace written by valgrind's lackey tool and replay it through
// one CPU's L1d and L2 and the LLC of a shipped profile — `netchan trace`, in the page (docs/trace.md).
import type { TraceSummary } from "../../../src/trace/summary.js";
import { traceReport } from "../../../src/trace/table.js";
import { profileNames } from "../host/catalog.js";
import { h } from "../shell/dom.js";
import { registerPanel, registerTab } from "../shell/registry.js";
import { teach } from "./teach-client.js";

registerTab({ id: "trace", title: "Your program", order: 40 });

/** Traces above this size are for the command line (the page reads a file whole). */
const MAX_BYTES = 64 * 2 ** 20;

registerPanel({
  id: "teach-trace",
  tab: "trace",
  order: 10,
  wide: true,
  title: "Your own program's locality",
  explain:
    "Record a program's memory accesses with `valgrind --tool=lackey --trace-mem=yes --log-file=prog.trace ./prog`, load the file here, and " +
    "see how one CPU's caches of the chosen machine serve them: hits and misses per level, counted as Cachegrind counts them (a modify is one " +
    "read; an access across two lines is one access), and the lines that missed most. Instruction fetches are counted, not simulated.",
  mount(body) {
    const input = h("input", { type: "file", id: "teach-trace-file", class: "visually-hidden", accept: ".trace,.txt,.log,text/plain" });
    const label = h("label", { for: "teach-trace-file", class: "button", tabindex: 0, role: "button" }, "Load a lackey trace…");
    const profile = h("select", { id: "teach-trace-profile" }, ...profileNames().map((n) => h("option", { value: n, selected: n === "modern-1s" }, n)));
    const status = h("p", { class: "status", role: "status", id: "teach-trace-status" });
    const out = h("div", { id: "teach-trace-result" });
    let last: File | null = null;
    const run = async () => {
      if (!last) return;
      if (last.size > MAX_BYTES) {
        status.textContent = `${last.name} is ${(last.size / 2 ** 20).toFixed(0)} MiB: replay it with \`netchan trace ${last.name}\`, which reads it as a stream.`;
        return;
      }
      status.textContent = `Replaying ${last.name} on ${profile.value}…`;
      const reply = await teach({ kind: "trace", text: await last.text(), name: last.name, profile: profile.value });
      if (reply.kind === "traced") {
        status.textContent = `${last.name} on ${profile.value}: ${reply.summary.data.reads + reply.summary.data.writes} data accesses.`;
        out.replaceChildren(...render(reply.summary));
      } else {
        status.textContent = reply.kind === "error" ? `Refused: ${reply.message}` : "";
        out.replaceChildren();
      }
    };
    input.addEventListener("change", () => {
      last = input.files?.[0] ?? null;
      void run();
    });
    profile.addEventListener("change", () => void run());
    body.append(h("div", { class: "teach-form" }, label, input, h("label", { for: "teach-trace-profile" }, " Machine profile "), profile), status, out);
  },
});

function render(s: TraceSummary): HTMLElement[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const levels = [["L1d", s.levels.l1d], ["L2", s.levels.l2], ["LLC", s.levels.llc]] as const;
  const table = h(
    "table",
    { id: "teach-trace-levels" },
    h("caption", {}, "Hits and misses per level"),
    h("thead", {}, h("tr", {}, ...["level", "accesses", "hits", "misses", "miss rate", "read misses", "write misses"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...levels.map(([name, l]) => {
        const refs = l.reads + l.writes, misses = l.readMisses + l.writeMisses;
        return h("tr", { "data-level": name }, h("th", { scope: "row" }, name), ...[n(refs), n(refs - misses), n(misses), refs ? `${((100 * misses) / refs).toFixed(2)}%` : "–", n(l.readMisses), n(l.writeMisses)].map((c) => h("td", {}, c)));
      }),
    ),
  );
  const lines = h(
    "table",
    { id: "teach-trace-lines" },
    h("caption", {}, "Lines that missed most"),
    h("thead", {}, h("tr", {}, ...["line address", "L1d misses", "L2 misses", "LLC misses"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...s.lines.map((l) => h("tr", {}, h("th", { scope: "row" }, l.address), h("td", {}, n(l.l1dMisses)), h("td", {}, n(l.l2Misses)), h("td", {}, n(l.llcMisses))))),
  );
  return [h("div", { class: "table-scroll" }, table), h("pre", { class: "cli", "aria-label": "netchan trace's report" }, traceReport(s).slice(0, 3).join("\n")), h("div", { class: "table-scroll" }, lines)];
}
