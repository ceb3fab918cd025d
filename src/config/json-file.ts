// Reading a JSON input file from disk: every way it can fail is a ConfigError naming the file, so the
// command line reports a missing file, a folder or a stray comma the same way as a bad value.
import { readFileSync } from "node:fs";
import { ConfigError } from "./errors.js";
import { parseJsonText } from "./json-syntax.js";

/** The parsed content of `path`; `file` is how messages name it (as the user typed it). */
export function readJsonFile(path: string, file = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(file, [{ path: "", message: unreadable(e as NodeJS.ErrnoException) }]);
  }
  return parseJsonText(text, file);
}

function unreadable(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    default:
      return `cannot be read (${e.code ?? e.message})`;
  }
}
