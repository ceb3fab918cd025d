// The documents' every field is documented: each key that appears in a real netchan-record/1 document
// (top level, a line, an event and its parts) is named in backquotes in docs/record.md, and each key of a
// netchan-trace/1 document in docs/trace.md — so the docs cannot fall behind what the commands write.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { recordVariant } from "../src/record/run.js";
import { loadScenario } from "../src/scenario/load.js";
import { replayTraceFile } from "../src/trace/replay-file.js";
import { projectRoot } from "../src/wasm/module.js";
import { defaultProfile } from "./helpers/machines.js";

const doc = (name: string) => readFileSync(join(projectRoot(), "docs", name), "utf8");
/** The words inside inline code spans (fenced blocks left out), line by line. */
const quoted = (text: string) =>
  new Set(
    text
      .replace(/^```[\s\S]*?^```/gm, "")
      .split("\n")
      .flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].split(/[^\w]+/))),
  );

/** Every object key in `value`, at any depth (array elements included). */
function keys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keys(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keys(v, out);
    }
  return out;
}

describe("docs/record.md", () => {
  test("names every key of a recorded document", async () => {
    const s = loadScenario("classic-steering");
    const { document } = await recordVariant(s, s.variants[0], { packets: 2 });
    const named = quoted(doc("record.md"));
    const missing = [...keys(document)].filter((k) => !named.has(k));
    expect(missing).toEqual([]);
    expect(keys(document).size).toBeGreaterThan(30);
  });
});

describe("docs/trace.md", () => {
  test("names every key of a trace summary", async () => {
    const summary = await replayTraceFile(join(projectRoot(), "tests/fixtures/trace/strided.trace"), defaultProfile(), "modern-1s", 3);
    const named = quoted(doc("trace.md"));
    expect([...keys(summary)].filter((k) => !named.has(k))).toEqual([]);
  });
});
