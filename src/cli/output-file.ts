// Output files of a command (`run --json FILE`, `--csv FILE`): checked before anything runs, so a typo in a
// folder name costs nothing, and written whole or not at all — a temporary file in the same folder, then a
// rename, which POSIX makes atomic within one file system — so a reader (a CI step, a dashboard watching
// the file) never sees half a result, and an interrupted run leaves the previous file as it was.
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Output } from "./context.js";

/** Why `path` cannot be written, or null if it can (its folder exists and is writable, and it is no folder). */
export function outputPathProblem(path: string): string | null {
  if (path === "") return "no file name given";
  const dir = dirname(resolve(path));
  const stat = (p: string) => statSync(p, { throwIfNoEntry: false });
  const folder = stat(dir);
  if (!folder) return `cannot write ${path}: there is no folder ${dir}`;
  if (!folder.isDirectory()) return `cannot write ${path}: ${dir} is not a folder`;
  if (stat(path)?.isDirectory()) return `cannot write ${path}: it is a folder`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `cannot write ${path}: the folder ${dir} is not writable`;
  }
  return null;
}

/** What is wrong with a command's output options — `[option, path]` pairs such as `["--json", "out.json"]`,
 *  `-` meaning standard output: two on standard output, two naming one file, or a path that cannot be
 *  written. The message names the option; null if nothing is wrong. */
export function outputOptionsProblem(files: readonly (readonly [string, string | undefined])[]): string | null {
  for (const [i, [a, pa]] of files.entries())
    for (const [b, pb] of files.slice(i + 1)) {
      if (pa === "-" && pb === "-") return `options '${a} -' and '${b} -' cannot both write to standard output`;
      if (pa !== undefined && pa !== "-" && pa === pb) return `options '${a}' and '${b}' name the same file (${pa})`;
    }
  for (const [option, path] of files) {
    const problem = path !== undefined && path !== "-" ? outputPathProblem(path) : null;
    if (problem) return `option '${option} <file>': ${problem}`;
  }
  return null;
}

/** Writes `text` to `path` through a temporary file beside it and a rename. */
export function writeFileAtomically(path: string, text: string): void {
  // the pid and a random part keep two netchan processes writing the same file from sharing a temporary
  const temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** Puts a document where `--json` asks: `-` is standard output, a path is written atomically, none is
 *  nothing. Returns where the command's human-readable report goes (standard error when the document took
 *  standard output, so a pipe gets JSON alone), or the message that names the option when the file cannot
 *  be written. */
export function emitJson(target: string | undefined, json: string, io: Output): { report: (text: string) => void } | { error: string } {
  if (target === "-") {
    io.out(json);
    return { report: io.err };
  }
  if (target !== undefined) {
    try {
      writeFileAtomically(target, json);
    } catch (e) {
      return { error: `option '--json <file>': cannot write ${target}: ${(e as Error).message}` };
    }
  }
  return { report: io.out };
}
