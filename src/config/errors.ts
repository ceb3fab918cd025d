// Every refusal of bad input is a ConfigError that names the file, the JSON path and what was expected.
// The command line prints `message` and exits 2; nothing runs and no output file is written.

export interface ConfigIssue {
  /** JSON path such as `l1d.sets` or `variants[2].steering`. */
  path: string;
  /** What was wrong and what is allowed. */
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  readonly file: string;

  constructor(file: string, issues: ConfigIssue[]) {
    super(issues.map((i) => `${file}: ${i.path || "(root)"}: ${i.message}`).join("\n"));
    this.name = "ConfigError";
    this.file = file;
    this.issues = issues;
  }
}

/** Formats a path array (`["l1d", "sets"]`, `["variants", 2]`) as `l1d.sets` / `variants[2]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
