// The `netchan` command, as bin/netchan.js loads it once `npm run build` has compiled it: runs the program
// on this process's arguments and ends with its exit status.
import { processOutput } from "../src/cli/context.js";
import { EXIT } from "../src/cli/errors.js";
import { runCli } from "../src/cli/program.js";

// `netchan list | head -1` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? EXIT.ok);
});

try {
  // exitCode, not exit(): output still queued for a pipe is written before the process ends.
  process.exitCode = await runCli(process.argv, processOutput());
} catch (e) {
  // Input problems are reported by the commands; anything that reaches here is netchan's own fault.
  process.stderr.write(`netchan: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = EXIT.failed;
}
