// Help and version, for every command: `netchan --help` lists each command and examples; `netchan <command>
// --help` lists each of its options, and each option is shown in use in one of its examples; the examples
// of `sweep --help` are real sweeps (each checked with --dry-run, which resolves every point and runs
// none); --version prints package.json's version.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createProgram } from "../src/cli/program.js";
import { projectRoot } from "../src/wasm/module.js";
import { netchan } from "./helpers/sweeps.js";

const quiet = { io: { out: () => {}, err: () => {}, columns: undefined }, finish: () => {} };
const commands = createProgram(quiet).commands.filter((c) => c.name() !== "help");

/** The commands in an help text's examples: the lines `$ netchan …`, without the `$ `. */
const exampleLines = (help: string) => [...help.matchAll(/^\s+\$ (netchan .*)$/gm)].map((m) => m[1]);

/** A command line as a shell would split it: words, with '…' quoting (no other shell syntax is used). */
const words = (line: string) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);

describe("netchan --help", () => {
  test("lists every command with its description, then examples and the exit statuses", async () => {
    const r = await netchan("--help");
    expect(r.status).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^  ${c.name()} .*${c.description().slice(0, 20).replace(/[()]/g, "\\$&")}`, "m"));
    expect(exampleLines(r.stdout).length).toBeGreaterThanOrEqual(4);
    expect(r.stdout).toContain("Exit status:");
  });

  test("--version and -V print package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8"));
    for (const flag of ["--version", "-V"]) expect(await netchan(flag)).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe.each(commands.map((c) => [c.name(), c] as const))("netchan %s --help", (name, command) => {
  test("lists every option and shows each in use in an example", async () => {
    const r = await netchan(name, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: netchan ${name} `));
    const examples = exampleLines(r.stdout);
    expect(examples.length, "no example").toBeGreaterThanOrEqual(1);
    for (const e of examples) expect(e.startsWith(`netchan ${name}`), e).toBe(true);
    const used = examples.flatMap(words);
    for (const option of command.options) {
      expect(r.stdout).toContain(option.flags);
      if (option.long === "--help") continue;
      expect(used.includes(option.long!) || (option.short !== undefined && used.includes(option.short)), `${option.long} in no example of ${name}`).toBe(true);
    }
  });

  test("`help <command>` shows the same text", async () => {
    expect((await netchan("help", name)).stdout).toBe((await netchan(name, "--help")).stdout);
  });
});

describe("the examples of sweep --help are real sweeps", () => {
  test.each(exampleLinesOf("sweep"))("%s", async (line) => {
    // the command before any pipe, with its output options dropped: --dry-run checks every point, runs none
    const args = words(line.split(" | ")[0]).slice(2);
    const json = args.indexOf("--json");
    if (json >= 0) args.splice(json, 2);
    const r = await netchan("sweep", ...args, "--dry-run");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/points.*nothing ran \(--dry-run\)\n$/);
  });
});

function exampleLinesOf(name: string): string[] {
  let help = "";
  const program = createProgram({ io: { out: (t) => void (help += t), err: () => {}, columns: undefined }, finish: () => {} });
  program.commands.find((c) => c.name() === name)!.outputHelp();
  return exampleLines(help);
}
