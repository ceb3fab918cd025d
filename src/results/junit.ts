// A result as a JUnit XML report (`netchan run --junit FILE`), for CI systems that show test reports: one
// testsuite "netchan <scenario>", one testcase per variant of the scenario — a failure if it threw or
// failed its integrity check — and one per expectation, a failure if it did not hold. Figures are not
// tests; they stay in the JSON.

import type { NetchanResult } from "./schema.js";

interface Case {
  name: string;
  classname: string;
  /** The failure's message, or null for a passed case. */
  failure: string | null;
}

export function resultJunit(result: NetchanResult): string {
  const suite = `netchan ${result.scenario.name}`;
  const cases: Case[] = [
    ...result.config.variants.map((v) => ({ name: `variant ${v.name} (${v.path})`, classname: `${suite}.variants`, failure: variantFailure(result, v.name) })),
    ...result.expectations.map((e) => ({
      name: `expect ${e.description}`,
      classname: `${suite}.expectations`,
      failure: e.passed ? null : (e.reason ?? `${e.actual} is not ${e.op} ${e.expected}`),
    })),
  ];
  const failures = cases.filter((c) => c.failure !== null).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netchan" tests="${cases.length}" failures="${failures}" errors="0" time="${result.host.wallSeconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${result.host.wallSeconds}">`,
    ...cases.map((c) =>
      c.failure === null
        ? `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}"/>`
        : `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}">\n      <failure message="${xml(c.failure)}">${xml(c.failure)}</failure>\n    </testcase>`,
    ),
    "  </testsuite>",
    "</testsuites>",
    "",
  ];
  return lines.join("\n");
}

function variantFailure(result: NetchanResult, name: string): string | null {
  const failure = result.failures.find((f) => f.variant === name);
  if (!failure) return null;
  return `${failure.kind === "error" ? "the run failed" : "integrity check failed"}: ${failure.message}`;
}

/** Text as XML attribute or element content: the five special characters escaped, and the characters
 *  XML 1.0 cannot hold at all (controls other than tab, newline and return; lone surrogates) replaced. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
