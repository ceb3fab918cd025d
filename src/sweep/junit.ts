// A sweep as a JUnit XML report (`netchan sweep --junit`, `netchan merge --junit`), so that a CI system
// shows each point's claims: one testsuite per point, named by its values, holding what `netchan run
// --junit` reports for that point's run (results/junit.ts: a testcase per variant and per expectation).
import { resultJunit, xml } from "../results/junit.js";
import type { NetchanResult } from "../results/schema.js";
import type { SweepResult } from "./schema.js";

const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const count = (line: string, attr: string) => Number(new RegExp(` ${attr}="(\\d+)"`).exec(line)![1]);

export function sweepJunit(sweep: Pick<SweepResult, "points" | "scenario" | "host">): string {
  const seconds = new Map("points" in sweep.host ? sweep.host.points.map((p) => [p.index, p.wallSeconds]) : []);
  let tests = 0;
  let failures = 0;
  const suites = sweep.points.flatMap((p) => {
    const values = Object.entries(p.set).map(([k, v]) => `${k}=${shown(v)}`).join(", ");
    const named = { ...p.result, scenario: { ...p.result.scenario, name: `${p.result.scenario.name} point ${p.index} (${values})` } };
    const lines = resultJunit({ ...named, host: { wallSeconds: seconds.get(p.index) ?? 0 } } as NetchanResult).split("\n");
    // run's report is one testsuite inside <testsuites>: keep the testsuite, count its cases
    const open = lines.findIndex((l) => l.startsWith("  <testsuite "));
    tests += count(lines[open], "tests");
    failures += count(lines[open], "failures");
    return lines.slice(open, lines.lastIndexOf("  </testsuite>") + 1);
  });
  const wall = "wallSeconds" in sweep.host ? sweep.host.wallSeconds : 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`netchan sweep ${sweep.scenario.name}`)}" tests="${tests}" failures="${failures}" errors="0" time="${wall}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
