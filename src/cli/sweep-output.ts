// What `netchan sweep` and `netchan merge` write: the `netchan-sweep/1` document (--json), its CSV
// (--csv), a JUnit report (--junit) and the table. As `run` does: the output paths are checked before anything runs, files are
// written whole or not at all (output-file.ts), and when a format goes to standard output the table
// moves to standard error (or, with --quiet, is left out) so that the output stays parseable.
import { sweepCsv } from "../sweep/csv.js";
import { sweepJunit } from "../sweep/junit.js";
import type { SweepResult } from "../sweep/schema.js";
import { sweepTable } from "../sweep/table.js";
import type { Output } from "./context.js";
import { outputOptionsProblem, writeFileAtomically } from "./output-file.js";

export interface SweepOutputOptions {
  json?: string;
  csv?: string;
  junit?: string;
  quiet?: boolean;
}

const files = (o: SweepOutputOptions) => [["--json", o.json], ["--csv", o.csv], ["--junit", o.junit]] as const;

/** What is wrong with the output options, naming the option; null if nothing. */
export function sweepOutputProblem(o: SweepOutputOptions): string | null {
  return outputOptionsProblem(files(o));
}

/** Writes the files and prints the table; false if a file could not be written (said on standard error). */
export function writeSweepOutputs(result: SweepResult, o: SweepOutputOptions, io: Output): boolean {
  let ok = true;
  const outputs = [
    ["--json <file>", o.json, () => JSON.stringify(result, null, 2) + "\n"],
    ["--csv <file>", o.csv, () => sweepCsv(result)],
    ["--junit <file>", o.junit, () => sweepJunit(result)],
  ] as const;
  for (const [option, path, text] of outputs) {
    if (path === undefined) continue;
    if (path === "-") io.out(text());
    else {
      try {
        writeFileAtomically(path, text());
      } catch (e) {
        io.err(`error: option '${option}': cannot write ${path}: ${(e as Error).message}\n`);
        ok = false;
      }
    }
  }
  const formatOnStdout = files(o).some(([, path]) => path === "-");
  if (!(formatOnStdout && o.quiet)) for (const line of sweepTable(result)) (formatOnStdout ? io.err : io.out)(line + "\n");
  return ok;
}
