// Where each value of a JSON text starts: JSON path (as ConfigIssue paths are written: `workload.load.pps`,
// `variants[2].path`) → 1-based line. Lets the page put a validation error on the line of its field. The
// text is known to be JSON (a syntax error is reported with its own line instead), so this only walks it.

export function jsonPathLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r" && c !== "\uFEFF") break;
    }
  };
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, keyLine: number): void => {
    skip();
    lines.set(path, keyLine);
    const c = text[i];
    if (c === "{") {
      i++;
      for (skip(); text[i] !== "}"; skip()) {
        const at = line;
        const key = string();
        skip();
        i++; // ':'
        value(path ? `${path}.${key}` : key, at);
        skip();
        if (text[i] === ",") i++;
      }
      i++;
    } else if (c === "[") {
      i++;
      for (let n = 0; (skip(), text[i] !== "]"); n++) {
        value(`${path}[${n}]`, line);
        skip();
        if (text[i] === ",") i++;
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !",}] \t\r\n".includes(text[i])) i++;
  };
  try {
    value("", 1);
  } catch {
    // not JSON after all: the lines found so far are still right
  }
  return lines;
}

/** The line an issue belongs on: its path's, or its nearest ancestor's; a syntax error names its own. */
export function lineOfIssue(lines: Map<string, number>, path: string, message: string): number {
  const syntax = /at line (\d+), column/.exec(message);
  if (syntax) return Number(syntax[1]);
  for (let p = path; ; p = parentPath(p)) {
    const at = lines.get(p);
    if (at !== undefined) return at;
    if (p === "") return 1;
  }
}

/** `a.b[2]` → `a.b` → `a` → "" */
const parentPath = (p: string) => (p.endsWith("]") ? p.slice(0, p.lastIndexOf("[")) : p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "");
