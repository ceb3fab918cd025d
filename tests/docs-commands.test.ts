// The examples in the docs run as written. Every `netchan …` or `npx netchan …` line of a fenced `sh` block
// in README.md and docs/*.md is run through the real command line and must exit with status 0 — or the
// status its comment gives. Each doc file's commands run in order in a session folder of their own, which
// links the project's sim-config/, docs/ and tests/: paths in the examples resolve as in the project
// folder, the files they write land in the session (not in the project), and a later example may read
// what an earlier one wrote. The conventions (docs/results.md, "Examples in the docs are tested"):
//
//   - a leading `$ ` is a prompt; a line ending in `\` continues on the next;
//   - `# …` ends the command; `# status N` in it is the expected exit status, and `# status N: text` also
//     says what the command prints (the output must contain the text); `# not run: why` skips the line
//     (for a synopsis with <placeholders>, say) — every skip gives its reason;
//   - a pipe (`| jq …`) or a redirection ends the command: only netchan's own status is checked;
//   - to keep the suite fast, `run` and `sweep` get `--packets 200` (a larger given count is lowered to
//     it; 20 with `--scheduler workers`, whose barriers make every packet dear on a busy host);
//   - `*` in an argument is expanded against the session's files, as a shell would.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../src/cli/program.js";
import { projectRoot } from "../src/wasm/module.js";

const ROOT = projectRoot();
const PACKETS = 200;
/** Packets for a run on worker threads: a window of one hop per barrier makes them slow on a shared host. */
const WORKER_PACKETS = 20;
const base = mkdtempSync(join(tmpdir(), "netchan-docs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const sessions = new Map<string, string>();
/** The session folder of a doc file: made on first use, with links to the project's input folders. */
function session(file: string): string {
  let dir = sessions.get(file);
  if (!dir) {
    dir = mkdtempSync(join(base, `${basename(file, ".md")}-`));
    for (const d of ["sim-config", "docs", "tests"]) symlinkSync(join(ROOT, d), join(dir, d));
    sessions.set(file, dir);
  }
  return dir;
}

interface DocCommand {
  /** Where it is written: file and line. */
  where: string;
  /** The command as written (without the prompt and the comment). */
  text: string;
  comment: string;
}

/** The `netchan` lines of every fenced `sh` block of a Markdown file. */
export function docCommands(file: string, markdown: string): DocCommand[] {
  const found: DocCommand[] = [];
  let inSh = false;
  let fenced = false;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```(\S*)/.exec(lines[i]);
    if (fence) {
      if (fenced) fenced = inSh = false;
      else [fenced, inSh] = [true, fence[1] === "sh"];
      continue;
    }
    if (!inSh) continue;
    const start = i;
    let line = lines[i];
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, " ") + lines[++i].trim();
    line = line.replace(/^\s*\$\s+/, "").trim();
    if (!/^(npx\s+)?netchan(\s|$)/.test(line)) continue;
    const [text, comment] = splitComment(line);
    found.push({ where: `${file}:${start + 1}`, text: text.trim(), comment: comment.trim() });
  }
  return found;
}

/** Splits `cmd # comment` at the first `#` outside quotes that starts a word. */
function splitComment(line: string): [string, string] {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return [line.slice(0, i), line.slice(i + 1)];
  }
  return [line, ""];
}

/** Shell words up to the first unquoted `|`, `>`, `<`-redirection or `;`. */
function words(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let has = false;
  let quote = "";
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = "";
      else cur += c;
    } else if (c === "'" || c === '"') [quote, has] = [c, true];
    else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      [cur, has] = ["", false];
    } else if (c === "|" || c === ";" || (c === ">" && !cur)) break;
    else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

/** `sim-config/profiles/*.json` → the matching files under `cwd`, sorted, as a shell expands it (no match:
 *  the word as written, as a shell does too). */
function expandGlob(arg: string, cwd: string): string[] {
  if (!arg.includes("*")) return [arg];
  const folder = dirname(arg);
  const pattern = new RegExp(`^${basename(arg).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  let names: string[] = [];
  try {
    names = readdirSync(join(cwd, folder));
  } catch {
    // no such folder: nothing matches
  }
  const files = names.filter((f) => pattern.test(f)).sort();
  return files.length ? files.map((f) => join(folder, f)) : [arg];
}

/** The arguments netchan gets: globs expanded against `cwd`, --packets capped for run and sweep. */
export function testArgs(text: string, cwd = ROOT): string[] {
  const args = words(text).slice(text.startsWith("npx") ? 2 : 1).flatMap((a) => expandGlob(a, cwd));
  const cap = args.includes("workers") || args.includes("--workers") ? WORKER_PACKETS : PACKETS;
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i] === "--packets") args[i + 1] = String(Math.min(Number(args[i + 1]) || cap, cap));
  }
  if ((args[0] === "run" || args[0] === "sweep") && !args.includes("--packets")) args.push("--packets", String(cap));
  return args;
}

const files = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const commands = files.flatMap((f) => docCommands(f, readFileSync(join(ROOT, f), "utf8")));
const runnable = commands.filter((c) => !/^not run\b/.test(c.comment));

describe("the conventions", () => {
  test("a command's words, comment and marker are read as a shell would", () => {
    const [c] = docCommands("x.md", "```sh\n$ npx netchan run 'a b.json' --json out.json --packets 5000 | jq . # status 1\n```\n");
    expect(c.comment).toBe("status 1");
    expect(testArgs(c.text)).toEqual(["run", "a b.json", "--json", "out.json", "--packets", "200"]);
    expect(testArgs("netchan merge shard-*.json")).toEqual(["merge", "shard-*.json"]);
    expect(testArgs("netchan validate sim-config/profiles/*.json")).toEqual(["validate", ...readdirSync(join(ROOT, "sim-config/profiles")).sort().map((f) => `sim-config/profiles/${f}`)]);
    expect(docCommands("y.md", "```json\nnetchan run x\n```\n```\nnetchan run y\n```\n")).toEqual([]);
    expect(testArgs("netchan run x.json --scheduler workers --workers 3")).toEqual(["run", "x.json", "--scheduler", "workers", "--workers", "3", "--packets", "20"]);
  });

  test("every skipped command says why, and no runnable command has a <placeholder>", () => {
    for (const c of commands.filter((c) => /^not run\b/.test(c.comment))) expect(c.comment, c.where).toMatch(/^not run: \S/);
    for (const c of runnable) expect(c.text, `${c.where}: a <placeholder> cannot run; mark it "# not run: …"`).not.toMatch(/<[^>]+>/);
  });

  test("the docs hold examples to run (README and docs/ together: at least 10)", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(10);
  });
});

describe("every netchan command in the docs runs as written", () => {
  test.each(runnable.map((c) => [`${c.where}: ${c.text}`, c] as const))("%s", async (_, c) => {
    const expected = Number(/^status (\d)\b/.exec(c.comment)?.[1] ?? 0);
    const log = { stdout: "", stderr: "" };
    const cwd = session(c.where.split(":")[0]);
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const status = await runCli(["node", "netchan", ...testArgs(c.text, cwd)], {
        out: (t) => void (log.stdout += t), err: (t) => void (log.stderr += t), columns: undefined,
      });
      expect(status, log.stderr).toBe(expected);
      const says = /^status \d: (.+)$/.exec(c.comment)?.[1];
      if (says) expect(log.stdout + log.stderr).toContain(says.trim());
    } finally {
      process.chdir(before);
    }
  });
});

describe("after the examples", () => {
  test("the files they wrote are in their sessions, none in the project folder", () => {
    expect(existsSync(join(session("README.md"), "out.json"))).toBe(true);
    for (const f of ["out.json", "bounces.json", "bounces.csv", "debate.json", "chiplet.csv"]) expect(existsSync(join(ROOT, f)), f).toBe(false);
  });
});
