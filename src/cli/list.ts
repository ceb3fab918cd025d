// `netchan list`: the machine profiles shipped in sim-config/profiles/ and the scenarios shipped in
// sim-config/scenarios/, one line each under a heading, or as one JSON array whose rows say their kind.
import { join } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { loadProfile, profileNames, profilesDir } from "../config/profiles.js";
import { loadScenario, scenarioNames, scenariosDir } from "../scenario/load.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";

/** One shipped profile, as `list --json` prints it. */
export interface ProfileSummary {
  kind: "profile";
  /** The name `run` and loadProfile accept: the file name without `.json`. */
  name: string;
  cpus: number;
  /** Core complexes (chiplets) and CPUs in each: one complex of every CPU when the profile has none. */
  complexes: number;
  cpusPerComplex: number;
  clockGHz: number;
  description: string;
  /** Absolute path of the profile file. */
  file: string;
}

/** One shipped scenario, as `list --json` prints it. */
export interface ScenarioSummary {
  kind: "scenario";
  /** The name loadScenario accepts: the file name without `.json`. */
  name: string;
  /** The machine profile it runs on. */
  machine: string;
  /** Its variants' names. */
  variants: string[];
  description: string;
  /** Absolute path of the scenario file. */
  file: string;
}

export function addListCommand(program: Command, ctx: CliContext): void {
  program
    .command("list")
    .description("list the shipped machine profiles and scenarios")
    .option("--json", "print a JSON array of profiles {kind, name, cpus, complexes, cpusPerComplex, clockGHz, description, file} and scenarios {kind, name, machine, variants, description, file}")
    .addHelpText(
      "after",
      examples(
        ["List the shipped machine profiles and scenarios, one per line:", "netchan list"],
        ["Print them as JSON, e.g. to pick the profiles' CPU counts out with jq:", `netchan list --json | jq '.[] | select(.kind == "profile") | .cpus'`],
      ),
    )
    .action((opts: { json?: boolean }) => ctx.finish(listShipped(ctx.io, opts)));
}

export function listShipped(io: Output, opts: { json?: boolean }): ExitCode {
  let status: ExitCode = EXIT.ok;
  // A broken shipped file is reported, and the others are still listed.
  const summarise = <T>(names: string[], load: (name: string) => T): T[] =>
    names.flatMap((name) => {
      try {
        return [load(name)];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        status = reportConfigError(e, io);
        return [];
      }
    });
  const profiles = summarise(profileNames(), (name): ProfileSummary => {
    const p = loadProfile(name);
    const perComplex = p.complexes?.cpusPerComplex ?? p.cpus;
    return {
      kind: "profile", name, cpus: p.cpus, complexes: p.cpus / perComplex, cpusPerComplex: perComplex,
      clockGHz: p.clockGHz, description: p.description ?? "", file: join(profilesDir(), `${name}.json`),
    };
  });
  const scenarios = summarise(scenarioNames(), (name): ScenarioSummary => {
    const file = join(scenariosDir(), `${name}.json`);
    const s = loadScenario(file);
    return { kind: "scenario", name, machine: s.machineName, variants: s.variants.map((v) => v.name), description: s.description ?? "", file };
  });
  if (opts.json) io.out(JSON.stringify([...profiles, ...scenarios], null, 2) + "\n");
  else {
    const lines = [
      "Machine profiles (sim-config/profiles/):",
      ...table(profiles.map((r) => [r.name, `${r.cpus} CPU${r.cpus === 1 ? "" : "s"}`, complexesCell(r), `${r.clockGHz} GHz`, r.description]), io.columns),
      "",
      "Scenarios (sim-config/scenarios/):",
      ...table(scenarios.map((r) => [r.name, r.machine, `${r.variants.length} variant${r.variants.length === 1 ? "" : "s"}`, r.description]), io.columns),
    ];
    for (const line of lines) io.out(line + "\n");
  }
  return status;
}

/** "1 complex", or "2 complexes × 4" for a chiplet profile. */
function complexesCell(r: ProfileSummary): string {
  return r.complexes === 1 ? "1 complex" : `${r.complexes} complexes × ${r.cpusPerComplex}`;
}

/** Aligned columns, the last one free; on a terminal each line is cut to its width, in a pipe nothing is cut. */
function table(cells: string[][], columns: number | undefined): string[] {
  const last = Math.max(0, ...cells.map((row) => row.length - 1));
  const widths = Array.from({ length: last }, (_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => {
    const line = row.map((cell, c) => (c < last ? cell.padEnd(widths[c]) : cell)).join("  ").trimEnd();
    return columns && line.length > columns ? line.slice(0, columns - 1) + "…" : line;
  });
}
