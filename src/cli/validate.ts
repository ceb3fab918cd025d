// `netchan validate <file...>`: checks each file against the schema of its kind (file-kinds.ts) and
// reports every problem of every file, so that one run lists everything to fix.
import type { Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { FILE_KINDS, validateFile } from "../config/file-kinds.js";
import { readJsonFile } from "../config/json-file.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";

const KINDS = FILE_KINDS.map((k) => `${k.name}s`).join(", ");

export function addValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description(`check ${KINDS} and report every problem`)
    .argument("<file...>", `JSON files; each is checked as the kind its "$schema" names, or else as its keys suggest`)
    .option("-q, --quiet", 'print nothing for valid files (no "ok <file>" lines), only the problems')
    .addHelpText(
      "after",
      examples(
        ["Check a profile:", "netchan validate sim-config/profiles/modern-1s.json"],
        ["Check every shipped profile; the status is 2 if any is invalid:", "netchan validate --quiet sim-config/profiles/*.json"],
      ),
    )
    .action((files: string[], opts: { quiet?: boolean }) => ctx.finish(validateFiles(files, ctx.io, opts)));
}

/** Prints `ok <file>` for each valid file and every issue of each invalid one; 2 if any was invalid. */
export function validateFiles(files: string[], io: Output, opts: { quiet?: boolean } = {}): ExitCode {
  let status: ExitCode = EXIT.ok;
  for (const file of files) {
    try {
      validateFile(readJsonFile(file), file);
      if (!opts.quiet) io.out(`ok ${file}\n`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      status = reportConfigError(e, io);
    }
  }
  return status;
}
