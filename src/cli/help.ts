// Pieces of help text shared by the commands, so that every `--help` ends the same way.
import { EXIT } from "./errors.js";

/** The closing "Examples:" section of a help text: each example is what it does, then the command. */
export function examples(...items: [what: string, command: string][]): string {
  return "\nExamples:\n" + items.map(([what, command]) => `  ${what}\n    $ ${command}`).join("\n\n");
}

export const EXIT_STATUS_HELP = `
Exit status:
  ${EXIT.ok}  success
  ${EXIT.failed}  a run or an expectation failed
  ${EXIT.badInput}  bad input: a file, a value, a command or an option (nothing ran)`;
