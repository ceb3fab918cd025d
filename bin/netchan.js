#!/usr/bin/env node
// The `netchan` command (package.json "bin"). The program is TypeScript, compiled by `npm run build` into
// dist/; this committed shim only finds it, so that a fresh clone says what to do instead of a stack trace.
import { existsSync } from "node:fs";

const cli = new URL("../dist/bin/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("netchan: the command line is not built yet: run `npm run build` in the netchan folder first");
  process.exit(2);
}
await import(cli.href);
