// The `netchan` program: its commands, its help, and one exit status for every way it can end.
//
// Each command lives in its own file and adds itself with `program.command(...)`, which makes it inherit
// the settings made here (output, exit handling, help after an error). A new command — run, sweep,
// merge — is one more file and one more line in `createProgram`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { projectRoot } from "../wasm/module.js";
import type { CliContext, Output } from "./context.js";
import { EXIT, type ExitCode } from "./errors.js";
import { examples, EXIT_STATUS_HELP } from "./help.js";
import { addBenchCommand } from "./bench.js";
import { addListCommand } from "./list.js";
import { addMergeCommand } from "./merge.js";
import { addRunCommand } from "./run.js";
import { addSweepCommand, type SweepContext } from "./sweep.js";
import { addTraceCommand } from "./trace.js";
import { addRecordCommand } from "./record.js";
import { addValidateCommand } from "./validate.js";

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export function createProgram(ctx: CliContext & SweepContext): Command {
  const program = new Command("netchan")
    .description("Cycle-level simulator of a multi-CPU host receiving network traffic: the classic Linux receive path versus net channels.")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help for a command")
    .helpCommand("help [command]", "show help for a command")
    .configureOutput({ writeOut: ctx.io.out, writeErr: ctx.io.err })
    // Commander exits with 1 on a usage error; the contract says 2 for bad input, so it throws to runCli.
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      examples(
        ["List the shipped machine profiles:", "netchan list"],
        ["Check a profile you wrote:", "netchan validate my-machine.json"],
        ["Run a scenario's variants and compare them, keeping the result as JSON:", "netchan run my-scenario.json --json result.json"],
        ["Run it at three loads, the points in parallel, and keep the sweep:", "netchan sweep my-scenario.json --set workload.load.pps=50000,100000,200000 --json sweep.json"],
        ["Show a command's options:", "netchan validate --help"],
      ) + "\n" + EXIT_STATUS_HELP,
    );
  addListCommand(program, ctx);
  addValidateCommand(program, ctx);
  addRunCommand(program, ctx);
  addSweepCommand(program, ctx);
  addMergeCommand(program, ctx);
  addBenchCommand(program, ctx);
  addTraceCommand(program, ctx);
  addRecordCommand(program, ctx);
  return program;
}

/** Runs the program on `argv` (as process.argv: node, script, arguments…) and returns its exit status. */
export async function runCli(argv: string[], io: Output): Promise<ExitCode> {
  let status: ExitCode = EXIT.ok;
  const program = createProgram({ io, finish: (code) => (status = code) });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    // --help and --version end by throwing with status 0; every other commander error is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    throw e;
  }
  return status;
}
