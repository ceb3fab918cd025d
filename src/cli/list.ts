// `netchan list`: the machine profiles shipped in sim-config/profiles/, one line each, or as JSON.
import { join } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { loadProfile, profileNames, profilesDir } from "../config/profiles.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";

/** One shipped profile, as `list --json` prints it. */
export interface ProfileSummary {
  /** The name `run` and loadProfile accept: the file name without `.json`. */
  name: string;
  cpus: number;
  clockGHz: number;
  description: string;
  /** Absolute path of the profile file. */
  file: string;
}

export function addListCommand(program: Command, ctx: CliContext): void {
  program
    .command("list")
    .description("list the shipped machine profiles")
    .option("--json", "print a JSON array of {name, cpus, clockGHz, description, file}")
    .addHelpText(
      "after",
      examples(
        ["List the shipped machine profiles, one per line:", "netchan list"],
        ["Print them as JSON, e.g. to pick the CPU counts out with jq:", "netchan list --json | jq '.[].cpus'"],
      ),
    )
    .action((opts: { json?: boolean }) => ctx.finish(listProfiles(ctx.io, opts)));
}

export function listProfiles(io: Output, opts: { json?: boolean }): ExitCode {
  const rows: ProfileSummary[] = [];
  let status: ExitCode = EXIT.ok;
  // A broken shipped profile is reported, and the others are still listed.
  for (const name of profileNames()) {
    try {
      const p = loadProfile(name);
      rows.push({ name, cpus: p.cpus, clockGHz: p.clockGHz, description: p.description ?? "", file: join(profilesDir(), `${name}.json`) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      status = reportConfigError(e, io);
    }
  }
  if (opts.json) io.out(JSON.stringify(rows, null, 2) + "\n");
  else for (const line of table(rows, io.columns)) io.out(line + "\n");
  return status;
}

/** Aligned columns; on a terminal each line is cut to its width, in a pipe nothing is cut. */
function table(rows: ProfileSummary[], columns: number | undefined): string[] {
  const cells = rows.map((r) => [r.name, `${r.cpus} CPU${r.cpus === 1 ? "" : "s"}`, `${r.clockGHz} GHz`, r.description]);
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => {
    const line = row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join("  ").trimEnd();
    return columns && line.length > columns ? line.slice(0, columns - 1) + "…" : line;
  });
}
