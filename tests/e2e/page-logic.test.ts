// The page's pure logic, in Node: the URL state round trip, the controls' edits of a scenario file, and
// placing a validation error on the line of its field.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { jsonPathLines, lineOfIssue } from "../../web/src/files/json-lines.js";
import { applyEdits, parsePath } from "../../web/src/sim/edits.js";
import { decodeState, defaultState, encodeState, type PageState } from "../../web/src/shell/state.js";

describe("the page's URL state", () => {
  test("the default state is an empty query, and an empty query is the default state", async () => {
    expect(await encodeState(defaultState())).toBe("");
    expect(await decodeState("")).toEqual(defaultState());
  });

  test("every field survives the round trip through the URL, a loaded file's text included", async () => {
    const text = readFileSync("sim-config/scenarios/ring-layouts.json", "utf8");
    const state: PageState = {
      scenario: "classic-steering",
      file: { name: "mine.json", text },
      edits: { machine: "fsb-2006", pps: 150000, packetBytes: 64, flows: 16 },
      seed: 7,
      packets: 300,
      hidden: ["a", "b"],
      scheduler: "workers",
      workers: 3,
      tab: "sweep",
      panel: { "sweep.path": "variants[*].nic.rxUsecs", "sweep.values": "0,10" },
    };
    const query = await encodeState(state);
    expect(query.length).toBeLessThan(text.length);
    // a loaded file replaces the shipped scenario, whose name is then not kept
    expect(await decodeState(query)).toEqual({ ...state, scenario: "vj-debate" });
  });

  test("a file too big for a link is left out of it, its name kept", async () => {
    // 40,000 bytes that do not compress (a deterministic generator, not a shipped file)
    let x = 1;
    const text = Array.from({ length: 40_000 }, () => String.fromCharCode(33 + ((x = (x * 48271) % 2147483647) % 90))).join("");
    const query = new URLSearchParams(await encodeState({ ...defaultState(), file: { name: "big.json", text } }));
    expect(query.get("file")).toBe("big.json");
    expect(query.has("data")).toBe(false);
    expect((await decodeState(query.toString())).file).toBeNull();
  });

  test("values that are not what they should be are ignored, the defaults kept", async () => {
    const s = await decodeState("seed=-1&packets=1e3&pps=fast&scheduler=gpu&data=%%%");
    expect(s).toEqual(defaultState());
  });
});

describe("the controls' edits of a scenario file", () => {
  const file = JSON.parse(readFileSync("sim-config/scenarios/classic-steering.json", "utf8"));

  test("each control replaces its field and nothing else; the file itself is not changed", () => {
    const edited = applyEdits(file, { machine: "fsb-2006", pps: 1000, packetBytes: 64, flows: 2 }) as typeof file;
    expect(edited.machine).toBe("fsb-2006");
    expect(edited.workload).toEqual({ ...file.workload, load: { pps: 1000 }, packetBytes: 64, flows: 2 });
    expect(edited.variants).toEqual(file.variants);
    expect(file.workload.load).toEqual({ pps: 100000 });
  });

  test("a sweep's JSON path sets one field, or with [*] the field in every variant", () => {
    const edited = applyEdits(file, { set: [{ path: "variants[*].nic.rxUsecs", value: 10 }, { path: "workload.appWorkCycles", value: 500 }] }) as typeof file;
    expect(edited.variants.map((v: { nic: unknown }) => v.nic)).toEqual(file.variants.map(() => ({ rxUsecs: 10 })));
    expect(edited.workload.appWorkCycles).toBe(500);
  });

  test("only the variants shown run in a sweep, and the file's expectations go with the others", () => {
    const edited = applyEdits(file, { onlyVariants: ["rss", "cross"] }) as typeof file;
    expect(edited.variants.map((v: { name: string }) => v.name)).toEqual(["cross", "rss"]);
    expect(edited.expect).toBeUndefined();
  });

  test("a malformed path is refused with a message naming it", () => {
    expect(parsePath("variants[*].nic.rxUsecs")).toEqual(["variants", "*", "nic", "rxUsecs"]);
    expect(() => parsePath("workload..load")).toThrow('"workload..load" is not a JSON path');
    expect(() => parsePath("variants[x]")).toThrow('"[x]" in "variants[x]" is not a list index');
  });
});

describe("an error's line in a file", () => {
  const text = '{\n  "name": "x",\n  "workload": {\n    "load": { "pps": 5 },\n    "flows": [\n      1,\n      2\n    ]\n  }\n}\n';

  test("each value's path has the line where its key is", () => {
    const lines = jsonPathLines(text);
    expect(Object.fromEntries(lines)).toEqual({ "": 1, name: 2, workload: 3, "workload.load": 4, "workload.load.pps": 4, "workload.flows": 5, "workload.flows[0]": 6, "workload.flows[1]": 7 });
  });

  test("a path the file lacks goes to its nearest parent's line; a syntax error to the line it names", () => {
    const lines = jsonPathLines(text);
    expect(lineOfIssue(lines, "workload.packetBytes", "is required")).toBe(3);
    expect(lineOfIssue(lines, "variants", "is required")).toBe(1);
    expect(lineOfIssue(lines, "", "not valid JSON at line 9, column 3 (offset 80): …")).toBe(9);
  });
});
