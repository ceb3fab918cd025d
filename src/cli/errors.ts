// The command line's exit statuses (DESIGN.md, "Command line") and how refused input is printed.
import type { ConfigError } from "../config/errors.js";
import type { Output } from "./context.js";

/** Exit statuses, the same for every command, so that scripts and CI can branch on them. */
export const EXIT = {
  /** Everything asked for was done, and every input was valid. */
  ok: 0,
  /** The input was valid but a run or one of its expectations failed. */
  failed: 1,
  /** Bad input — a file, a value, a command or an option — so nothing ran. */
  badInput: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per issue, `file: json.path: message`; a problem with the whole file (missing, not JSON, of
 *  no known kind) has no path, so it reads `file: message`. */
export function issueLines(e: ConfigError): string[] {
  return e.issues.map((i) => (i.path ? `${e.file}: ${i.path}: ${i.message}` : `${e.file}: ${i.message}`));
}

/** Prints `error: message` to standard error; returns the status for bad input. */
export function refuse(io: Output, message: string): ExitCode {
  io.err(`error: ${message}\n`);
  return EXIT.badInput;
}

/** Prints every issue of `e` to standard error; returns the status for bad input. */
export function reportConfigError(e: ConfigError, io: Output): ExitCode {
  for (const line of issueLines(e)) io.err(line + "\n");
  return EXIT.badInput;
}
