// The lines of a text file, read as a stream so that a trace of any length is held a chunk at a time,
// never whole. Lines end with \n (a \r before it is dropped); a last line without one is still a line.
import { createReadStream } from "node:fs";

/** Yields every line of `path` in order, without its line ending. */
export async function* readLines(path: string): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      yield stripCr(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== "") yield stripCr(rest);
}

const stripCr = (s: string) => (s.endsWith("\r") ? s.slice(0, -1) : s);
