// Parsing a JSON text, and when it is not JSON, where it first goes wrong and why, in words a person editing
// the file can act on. (No Node modules: the dashboard parses dropped files with it too.)
//
// JSON.parse decides whether a text is JSON; the scanner below only runs after it has refused one. It exists
// because V8's messages do not always give a position (Node 20 says `Unexpected token '}', "{"a": }" is
// not valid JSON` — no offset, and the whole text quoted back), and never a line and column. It follows
// the grammar of RFC 8259 §2–§7 and stops at the first error.

import { ConfigError } from "./errors.js";

/** Parses `text` as JSON; a syntax error names the line, column and offset of the first bad character. */
export function parseJsonText(text: string, file: string): unknown {
  // Editors on Windows may save a byte-order mark; RFC 8259 §8.1 lets a parser ignore it.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new ConfigError(file, [{ path: "", message: syntaxMessage(body, e as Error) }]);
  }
}

function syntaxMessage(text: string, parseError: Error): string {
  let problem;
  try {
    problem = findJsonSyntaxError(text);
  } catch {
    // nesting deep enough to exhaust the stack: V8's own message is all there is
  }
  if (!problem) return `not valid JSON: ${parseError.message}`;
  return `not valid JSON at line ${problem.line}, column ${problem.column} (offset ${problem.offset}): ${problem.reason}`;
}

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the first character that cannot be JSON here. */
  offset: number;
  /** 1-based line and column of `offset`. */
  line: number;
  column: number;
  /** What was expected and what was found there. */
  reason: string;
}

class Stop {
  constructor(readonly offset: number, readonly reason: string) {}
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { offset: e.offset, ...lineAndColumn(text, e.offset), reason: e.reason };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

const VALUE = "a value (an object, array, string, number, true, false or null)";

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    if (this.text.trim() === "") this.stop("the file is empty");
    this.value();
    this.space();
    if (this.i < this.text.length) this.stop(`unexpected ${this.found()} after the end of the JSON value`);
  }

  private value(): void {
    this.space();
    const c = this.text[this.i];
    if (c === "{") this.object();
    else if (c === "[") this.array();
    else if (c === '"') this.string();
    else if (c === "-" || isDigit(c)) this.number();
    else if (c === "t" || c === "f" || c === "n") this.word();
    else this.stop(`expected ${VALUE}, found ${this.found()}${hint(c)}`);
  }

  private object(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === "}") return void this.i++;
    for (let comma = -1; ; comma = this.i - 1) {
      this.space();
      const start = this.text[this.i];
      if (start === "}" && comma >= 0) this.stop('a comma before "}" (JSON allows no trailing comma)', comma);
      if (start !== '"') this.stop(`expected a property name in double quotes, found ${this.found()}${hint(start)}`);
      this.string();
      this.space();
      if (this.text[this.i] !== ":") this.stop(`expected ":" after the property name, found ${this.found()}`);
      this.i++;
      this.value();
      this.space();
      const c = this.text[this.i++];
      if (c === "}") return;
      if (c !== ",") this.stop(`expected "," or "}" after the property value, found ${this.found(-1)}${hint(c, true)}`, this.i - 1);
    }
  }

  private array(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === "]") return void this.i++;
    for (let comma = -1; ; comma = this.i - 1) {
      this.space();
      if (this.text[this.i] === "]" && comma >= 0) this.stop('a comma before "]" (JSON allows no trailing comma)', comma);
      this.value();
      this.space();
      const c = this.text[this.i++];
      if (c === "]") return;
      if (c !== ",") this.stop(`expected "," or "]" after the array element, found ${this.found(-1)}${hint(c, true)}`, this.i - 1);
    }
  }

  private string(): void {
    const start = this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.stop("a string that is never closed", start);
      if (c === '"') return void this.i++;
      if (c < " ") this.stop("a line break or other control character inside a string (write it as \\n, \\t, …)");
      if (c === "\\") {
        const e = this.text[this.i + 1];
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else this.stop(`an invalid escape "\\${e ?? ""}" inside a string`);
      } else this.i++;
    }
  }

  private number(): void {
    if (this.text[this.i] === "-") this.i++;
    if (this.text[this.i] === "0") {
      this.i++;
      if (isDigit(this.text[this.i])) this.stop("a number with a leading zero");
    } else this.digits();
    if (this.text[this.i] === ".") {
      this.i++;
      this.digits();
    }
    if (this.text[this.i] === "e" || this.text[this.i] === "E") {
      this.i++;
      if (this.text[this.i] === "+" || this.text[this.i] === "-") this.i++;
      this.digits();
    }
  }

  private digits(): void {
    if (!isDigit(this.text[this.i])) this.stop(`expected a digit, found ${this.found()}`);
    while (isDigit(this.text[this.i])) this.i++;
  }

  private word(): void {
    const word = /^[A-Za-z_]*/.exec(this.text.slice(this.i))![0];
    if (word !== "true" && word !== "false" && word !== "null") this.stop(`expected ${VALUE}, found ${JSON.stringify(word)}`);
    this.i += word.length;
  }

  private space(): void {
    while (" \t\n\r".includes(this.text[this.i] ?? "x")) this.i++;
  }

  /** The character at the cursor (plus `delta`), as a message shows it. */
  private found(delta = 0): string {
    const c = this.text[this.i + delta];
    return c === undefined ? "the end of the file" : c === '"' ? `'"'` : JSON.stringify(c);
  }

  private stop(reason: string, offset = this.i): never {
    throw new Stop(offset, reason);
  }
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** The likely cause of a few characters that people write in JSON by habit; `afterValue` when a comma or a
 *  closing bracket was due, where the start of another value means the comma was left out. */
function hint(c: string | undefined, afterValue = false): string {
  if (c === "'") return " (JSON strings use double quotes)";
  if (c === "/") return " (JSON has no comments)";
  if (afterValue && c !== undefined && /["{[\d\-tfn]/.test(c)) return " (a missing comma?)";
  return "";
}
