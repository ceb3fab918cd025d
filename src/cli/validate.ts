// `netchan validate <file...>`: checks each file against the schema of its kind (file-kinds.ts) and
// reports every problem of every file, so that one run lists everything to fix.
//
// A scenario is also resolved against its machine profile, exactly as `netchan run` would resolve it:
// a file that validates must not be refused when it runs. That step reads the profile from disk, so it
// lives here and not in the file-kinds table, which the dashboard shares.
import type { Command } from "commander";
import { ConfigError } from "../config/errors.js";
import { FILE_KINDS, machineKind, scenarioKind, validateFile, type FileKind } from "../config/file-kinds.js";
import type { MachineProfile } from "../config/machine.js";
import { readJsonFile } from "../config/json-file.js";
import { checkProfileMemory, checkScenarioMemory } from "../scenario/memory-check.js";
import { resolveScenario } from "../scenario/resolve.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, reportConfigError, type ExitCode } from "./errors.js";
import { examples } from "./help.js";

const KINDS = FILE_KINDS.map((k) => `${k.name}s`).join(", ").replace(/, ([^,]*)$/, " and $1");

/** Checks beyond the file itself, by kind: those that need other files, and the memory a run would need. */
const AGAINST_OTHER_FILES = new Map<FileKind, (json: unknown, file: string, value: unknown) => void>([
  [scenarioKind, (json, file) => checkScenarioMemory(resolveScenario(json, file), file)],
  [machineKind, (_, file, value) => checkProfileMemory(value as MachineProfile, file)],
]);

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
        ["Check a scenario, and its machine profile with it:", "netchan validate sim-config/scenarios/classic-steering.json"],
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
      const json = readJsonFile(file);
      const { kind, value } = validateFile(json, file);
      AGAINST_OTHER_FILES.get(kind)?.(json, file, value);
      if (!opts.quiet) io.out(`ok ${file}\n`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      status = reportConfigError(e, io);
    }
  }
  return status;
}
