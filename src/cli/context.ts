// What a command works with: where its output goes and how it reports its exit status. Commands write
// through this rather than to `process` so that the one place that owns the process (bin/cli.ts) decides
// how the program ends, and a test can run a command in-process.
//
// Output is plain text: no colour, so there is nothing to switch off for NO_COLOR or for a pipe.
import type { ExitCode } from "./errors.js";

export interface Output {
  /** Writes to standard output (the result: what a script would capture). */
  out(text: string): void;
  /** Writes to standard error (problems and hints). */
  err(text: string): void;
  /** The terminal's width when standard output is a terminal; undefined for a pipe or a file. */
  columns: number | undefined;
}

export interface CliContext {
  io: Output;
  /** Sets the exit status of the command that ran. */
  finish(code: ExitCode): void;
}

export function processOutput(): Output {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
